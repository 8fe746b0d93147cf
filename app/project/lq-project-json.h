/* lq-project-json.h: album projects in lacquer-cli's JSON contract
 * (lq-analysis-json.h, data/json-schema/, the README's "JSON output").
 *
 * The project object ($defs/project) is what `list --json` prints under
 * "project", and what every command that changes a project prints as the
 * resulting state next to "changed".
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-match-plan.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* What one command changed, for lq_project_change_to_json(); only the
 * members the command uses are read (see change.schema.json). */
typedef struct
{
  /* An edit was stored (undoable, or the file was created). */
  gboolean edited;
  /* add, relink, analyze: the tracks it touched, 1-based, as they are now. */
  const guint *positions;
  guint n_positions;
  /* analyze --accept-changed: the tracks whose new files were accepted. */
  const guint *accepted;
  guint n_accepted;
  /* move */
  guint from;
  guint to;
  /* remove: the track removed, as it was; set: the track (0: the album). */
  guint position;
  const char *title;
  const char *source_path;
  /* undo, redo: the edit undone or redone. */
  const char *label;
  /* new, set: the fields given, by key, and for set their values before
   * (as lq_project_get_album_value() / lq_track_get_value() gave them). */
  const char *const *keys;
  const GValue *const *before;
} LqProjectChange;

/* The project object: {"project_path", "album_fields", "album_analysis", "tracks"}. */
JsonNode *lq_project_to_json (LqProject *project);
/* The "project" document: {"format_version", "document", "project"}. */
JsonNode *lq_project_json_document (LqProject *project);
/* The "change" document: {"format_version", "document", "command",
 * "changed": {...}, "project": {...}}. */
JsonNode *lq_project_change_to_json (LqProject *project,
                                     const char *command,
                                     const LqProjectChange *change);
/* The "match" document (match --show): the stored match settings and each
 * track's user, match and total gain. */
JsonNode *lq_project_match_to_json (LqProject *project);
/* The "match-plan" document (match, match --dry-run): the plan, whether it
 * was stored, the reference file and the project as it is now. */
JsonNode *lq_project_match_plan_to_json (LqProject *project,
                                         LqMatchPlan *plan,
                                         const char *reference_path,
                                         gboolean stored);

G_END_DECLS
