/* lq-cli-abx-results.c: `lacquer-cli abx-results`, the blind tests a
 * project keeps: each one's sources, result and p-value. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lq-cli-abx-results.h"
#include "lq-cli-common.h"
#include "lq-cli.h"

/* The track's position now, or 0 when it was removed (or none). */
static guint
track_position (LqProject *project,
                gint64 track_id)
{
  for (guint p = 1; track_id > 0 && p <= lq_project_get_n_tracks (project); p++)
    if (lq_track_get_id (lq_project_get_track (project, p)) == track_id)
      return p;
  return 0;
}

static JsonNode *
tests_to_json (LqProject *project,
               GPtrArray *tests)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "abx-results");
  json_builder_set_member_name (b, "tests");
  json_builder_begin_array (b);
  for (guint i = 0; i < tests->len; i++)
    {
      LqAbxRecord *r = g_ptr_array_index (tests, i);
      guint position = track_position (project, r->track_id);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (r->time);
      g_autofree char *iso = time != NULL ? g_date_time_format_iso8601 (time) : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "time");
      json_builder_add_string_value (b, iso);
      json_builder_set_member_name (b, "track");
      if (position > 0)
        json_builder_add_int_value (b, position);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "a");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, r->a_name);
      json_builder_set_member_name (b, "fingerprint");
      json_builder_add_string_value (b, r->a_fingerprint);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "b");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, r->b_name);
      json_builder_set_member_name (b, "fingerprint");
      json_builder_add_string_value (b, r->b_fingerprint);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "trials");
      json_builder_add_int_value (b, r->n_trials);
      json_builder_set_member_name (b, "correct");
      json_builder_add_int_value (b, r->correct);
      json_builder_set_member_name (b, "p_value");
      json_builder_add_double_value (b, r->p_value);
      json_builder_set_member_name (b, "answers");
      json_builder_begin_array (b);
      for (guint t = 0; t < r->trials->len; t++)
        {
          const LqAbxTrial *trial = &g_array_index (r->trials, LqAbxTrial, t);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "x");
          json_builder_add_string_value (b, trial->x == LQ_ABX_A ? "a" : "b");
          json_builder_set_member_name (b, "answer");
          json_builder_add_string_value (b, trial->answer == LQ_ABX_A ? "a" : "b");
          json_builder_set_member_name (b, "time_us");
          json_builder_add_int_value (b, trial->time_us);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

int
lq_cli_abx_results (int argc,
                    char **argv)
{
  const char *usage = _("lacquer-cli abx-results PROJECT [--json]");
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GPtrArray) tests = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = LQ_EXIT_OK;

  if (!lq_cli_parse ("abx-results", _("PROJECT — the blind tests the project keeps"),
                     _("Lists each finished ABX test: when, which sources, how many trials were\n"
                       "right, and the chance of doing that well by guessing (the p-value)."),
                     usage, NULL, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage, _("abx-results: give one project"));

  project = lq_cli_open_project (operands[0], &error);
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  tests = lq_project_list_abx (project, &error);
  if (tests == NULL)
    return lq_cli_fail (operands[0], error);

  if (json)
    {
      lq_cli_print_json_take (tests_to_json (project, tests));
      return LQ_EXIT_OK;
    }
  if (tests->len == 0)
    printf ("%s\n", _("No blind tests yet"));
  for (guint i = 0; i < tests->len; i++)
    {
      LqAbxRecord *r = g_ptr_array_index (tests, i);
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (r->time);
      g_autofree char *when = time != NULL ? g_date_time_format (time, "%Y-%m-%d %H:%M") : g_strdup ("?");
      g_autofree char *a = lq_cli_escape (r->a_name);
      g_autofree char *b = lq_cli_escape (r->b_name);
      guint position = track_position (project, r->track_id);
      g_autofree char *track = position > 0 ? g_strdup_printf (_("track %u"), position) : g_strdup ("—");

      /* TRANSLATORS: a blind test: when, the track, source A, source B,
       * right answers of trials, the p-value */
      printf (_("%s  %s  %s vs %s: %u of %u right, p = %.4f\n"), when, track, a, b, r->correct,
              r->n_trials, r->p_value);
    }
  return LQ_EXIT_OK;
}
