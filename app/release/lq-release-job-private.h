/* lq-release-job-private.h: the release job's plan, shared by its
 * blocking (lq-release-job.c) and asynchronous (lq-release-job-async.c)
 * halves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lq-release-job.h"

G_BEGIN_DECLS

struct _LqReleasePlan
{
  LqReleaseParts parts;
  LqCdImageFormat image_format;
  LqExportOptions files;         /* the target applied (with FILES) */
  char *name_template;           /* files.name_template points here */
  gboolean files_bits_given;
  GError *target_error;          /* applying the album's target failed */
  char *out_dir;
  char *project_path;            /* the real project's, for the manifest */
  LqCdLayout *layout;
  LqCdPreflight *preflight;
  char *image_name;              /* the image's base name */
  char *cue;
  char *toc;
  char *image;
  char *ddp;
  char *files_dir;
  char *manifest;
  char *html;
  char *pdf;
};

G_END_DECLS
