/* lq-release-manifest.h: manifest.json, what a release delivered and from
 * what (issue 13, "QC report and manifest").
 *
 * {"format_version": 1, "document": "manifest", "lacquer_version",
 *  "created" (ISO 8601, UTC), "project_path", "album": {"fields": {KEY:
 *  value}, "cover": {"mime", "width", "height", "size", "sha256"} (only
 *  when the project has a front cover: the picture's bytes as stored in
 *  the project and written into exported files)}, "tracks": [{"position", "fields": {KEY: value}, "source":
 *  {"path", "size", "sha256"}}], "match" (lq_project_match_to_json()),
 *  "delivered": [{"kind", "path", "size", "sha256"}]}.
 *
 * Every field of the album and of each track (lq_project_fields_album() /
 * _track(), in the tables' order; unset: null), the stored match, each
 * source's SHA-256 and each delivered file's. Delivered paths are relative
 * to the release's folder and sorted; a folder delivered (the DDP) is
 * listed file by file. So the same project released twice gives the same
 * manifest apart from "created". Its schema:
 * data/json-schema/manifest.schema.json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-project.h"

G_BEGIN_DECLS

/* The SHA-256 of the file at @path as lower-case hex, with its size in
 * @size (may be NULL); NULL with @error naming the file and the reason. */
char *lq_release_file_sha256 (const char *path,
                              goffset *size,
                              GError **error);

/* The manifest of @project released into @out_dir: @project_path is the
 * project's path it records (NULL: lq_project_get_path(); a release run
 * from a copy of the project names the project itself); @delivered holds pairs
 * of a kind ("cue", "toc", "image", "ddp", "track", …) and a path in
 * @out_dir (a folder: every file below it, of that kind). @created: when
 * (NULL: now). NULL with @error when a file cannot be read. */
JsonNode *lq_release_manifest_new (LqProject *project,
                                   const char *project_path,
                                   const char *out_dir,
                                   GPtrArray *delivered,
                                   GDateTime *created,
                                   GError **error);

/* The same, written to @path (pretty-printed, ending in a newline). */
gboolean lq_release_manifest_write (LqProject *project,
                                    const char *project_path,
                                    const char *out_dir,
                                    GPtrArray *delivered,
                                    GDateTime *created,
                                    const char *path,
                                    GError **error);

G_END_DECLS
