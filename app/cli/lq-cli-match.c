/* lq-cli-match.c: `lacquer-cli match`, the album's loudness plan.
 *
 * Plans the gains that bring the album to a delivery target from the
 * project's cached analyses (lq-match-plan.h), prints the plan and stores
 * it in the project as one undoable edit. --dry-run only prints; --show
 * prints what the project holds.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lq-analyzer.h"
#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli-common.h"
#include "lq-cli.h"
#include "lq-delivery-target.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-match-plan.h"
#include "lq-project-json.h"
#include "lq-project.h"

#define TITLE_WIDTH 24

typedef struct
{
  double keep;
  double tonal;
  double cap;
  double ceiling;
  int anchor;
  gboolean json;
  gboolean dry_run;
  gboolean show;
} Options;

/* Helpers ---------------------------------------------------------------- */




/* For an edit the project is opened for writing; only to look, a project
 * open in another Lacquer (or not ours to write) is read as it is. */
static LqProject *
open_project (const char *path,
              gboolean edit,
              int *status)
{
  g_autoptr(GError) error = NULL;
  LqProject *project = lq_project_open (path, FALSE, &error);

  if (project == NULL && !edit
      && (g_error_matches (error, LQ_ERROR, LQ_ERROR_LOCKED)
          || g_error_matches (error, LQ_ERROR, LQ_ERROR_READ_ONLY)))
    {
      g_autofree char *reason = g_strdup (error->message);

      g_clear_error (&error);
      project = lq_project_open (path, TRUE, &error);
      if (project != NULL)
        {
          g_autofree char *shown = lq_cli_escape (reason);

          fprintf (stderr, "lacquer-cli: %s (%s)\n", shown, _("shown read-only"));
        }
    }
  if (project == NULL)
    *status = lq_cli_fail (path, error);
  return project;
}

/* Analysing first ---------------------------------------------------------- */

static void
solve_progress_cb (guint index,
                   guint n_tracks,
                   double fraction,
                   gpointer user_data)
{
  g_autofree char *detail = g_strdup_printf (_("track %u of %u"), index + 1, n_tracks);

  lq_cli_progress_update (user_data, ((double) index + fraction) / MAX (n_tracks, 1), detail);
}

static void
analyze_progress_cb (double fraction,
                     gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

guint
lq_cli_count_unanalysed (LqProject *project)
{
  guint todo = 0;

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      LqTrack *track = lq_project_get_track (project, p);

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK && lq_track_get_analysis (track) == NULL)
        todo++;
    }
  return todo;
}

gboolean
lq_cli_analyze_first (LqProject *project,
                      GError **error)
{
  g_autoptr(LqCliProgress) bar = NULL;
  gboolean ok;

  if (lq_cli_count_unanalysed (project) == 0)
    return TRUE;

  bar = lq_cli_progress_new (_("Analyzing"));
  ok = lq_project_analyze_full (project, LQ_ANALYZE_DEFAULT, 0, NULL, analyze_progress_cb, bar, error);
  g_clear_pointer (&bar, lq_cli_progress_free);
  return ok;
}

/* The plan as a table ------------------------------------------------------ */

static void
put_header (GString *s)
{
  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Title"), TITLE_WIDTH, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Measured"), 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Target"), 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("User"), 6, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Gain"), 7, TRUE);
  g_string_append_c (s, ' ');
  /* Translators: the match EQ's loudness change, a short column header */
  lq_cli_table_put (s, _("EQ"), 6, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Predicted"), 9, TRUE);
  g_string_append_c (s, ' ');
  /* Translators: the true peak before the limiter, a short column header */
  lq_cli_table_put (s, _("Peak in"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Limiter"), 8, TRUE);
  g_string_append_c (s, ' ');
  /* Translators: the true peak after the limiter, a short column header */
  lq_cli_table_put (s, _("Peak out"), 9, TRUE);
  g_string_append (s, "  ");
  g_string_append (s, _("Match EQ"));
  g_string_append_c (s, '\n');

  lq_cli_table_put (s, "", 3 + 2 + TITLE_WIDTH, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LUFS", 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LUFS", 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dB", 6, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dB", 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LU", 6, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LUFS", 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dBTP", 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dB GR", 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dBTP", 9, TRUE);
  g_string_append_c (s, '\n');
}

static void
put_row (GString *s,
         LqTrack *track,
         LqTonalPlan *tonal,
         guint i,
         const LqMatchTrack *m)
{
  g_autofree char *num = g_strdup_printf ("%u", lq_track_get_position (track));

  lq_cli_table_put (s, num, 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, lq_track_get_display_name (track), TITLE_WIDTH, FALSE);
  lq_cli_table_put_number (s, m->measured_lufs, 9, 1, FALSE);
  lq_cli_table_put_number (s, m->target_lufs, 7, 1, FALSE);
  lq_cli_table_put_number (s, m->user_gain_db, 6, 1, TRUE);
  lq_cli_table_put_number (s, m->gain_db, 7, 2, TRUE);
  lq_cli_table_put_number (s, m->eq_loudness_change_db, 6, 1, TRUE);
  lq_cli_table_put_number (s, m->predicted_lufs, 9, 1, FALSE);
  lq_cli_table_put_number (s, m->predicted_true_peak_dbtp, 8, 1, FALSE);
  lq_cli_table_put_number (s, m->limiter_reduction_db, 8, 1, FALSE);
  lq_cli_table_put_number (s, m->output_true_peak_dbtp, 9, 1, FALSE);
  g_string_append (s, "  ");
  if (tonal != NULL && lq_tonal_plan_get_correction (tonal, i, NULL, NULL))
    /* Translators: the match EQ's largest band move, and how many of its bands sit at the cap */
    g_string_append_printf (s, _("up to %.1f dB, %u of %u bands at the cap"), m->eq_max_move_db,
                            m->eq_bands_at_cap, lq_tonal_plan_get_bands_corrected (tonal, i));
  else
    g_string_append (s, "—");
  g_string_append_c (s, '\n');
}

static void
print_plan (LqProject *project,
            LqMatchPlan *plan,
            gboolean stored)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const LqDeliveryTarget *target = lq_match_plan_get_target (plan);
  guint n = lq_match_plan_get_n_tracks (plan);
  g_autofree char *hint = NULL;
  g_autofree char *shown_path = lq_cli_escape (lq_project_get_path (project));

  g_string_append_printf (s, "%s: ", shown_path);
  if (isfinite (target->integrated_lufs))
    /* Translators: target name, its loudness, its true-peak ceiling, the matching mode */
    g_string_append_printf (s, _("match to %s (%.1f LUFS, ceiling %.1f dBTP), mode %s"),
                            target->name, target->integrated_lufs,
                            lq_match_plan_get_ceiling_dbtp (plan),
                            lq_match_mode_to_string (lq_match_plan_get_mode (plan)));
  else
    /* Translators: target name, its true-peak ceiling, the matching mode */
    g_string_append_printf (s, _("match to %s (no loudness rule, ceiling %.1f dBTP), mode %s"),
                            target->name, lq_match_plan_get_ceiling_dbtp (plan),
                            lq_match_mode_to_string (lq_match_plan_get_mode (plan)));
  if (lq_match_plan_get_mode (plan) == LQ_MATCH_MODE_CONTINUITY)
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, _("keep %.2f"), lq_match_plan_get_keep (plan));
    }
  g_string_append (s, "\n\n");

  put_header (s);
  for (guint i = 0; i < n; i++)
    put_row (s, lq_project_get_track (project, i + 1), lq_match_plan_get_tonal (plan), i,
             lq_match_plan_get_track (plan, i));
  g_string_append_c (s, '\n');

  g_string_append_printf (s, _("Album: %.1f LUFS measured, %.1f LUFS predicted"),
                          lq_match_plan_get_measured_album_lufs (plan),
                          lq_match_plan_get_predicted_album_lufs (plan));
  g_string_append_c (s, '\n');
  if (lq_match_plan_get_tonal (plan) != NULL)
    {
      LqTonalPlan *tonal = lq_match_plan_get_tonal (plan);

      /* Translators: tonal match strength (0-1), the cap in dB, then the album's tonal spread in dB */
      g_string_append_printf (s, _("Tonal match %.2f (cap %.1f dB): spread %.2f dB measured, %.2f dB predicted"),
                              lq_tonal_plan_get_strength (tonal), lq_tonal_plan_get_cap_db (tonal),
                              lq_tonal_plan_get_spread_before_db (tonal),
                              lq_tonal_plan_get_spread_after_db (tonal));
      g_string_append_c (s, '\n');
      if (lq_tonal_plan_get_cap_warning (tonal))
        {
          g_autofree char *cap = lq_tonal_plan_dup_cap_message (tonal);

          g_string_append_printf (s, _("Warning: %s"), cap);
          g_string_append_c (s, '\n');
        }
    }
  if (!lq_match_plan_get_album_target_reached (plan))
    {
      g_autofree char *miss = lq_match_plan_dup_miss_message (plan);

      g_string_append (s, miss);
      g_string_append_c (s, '\n');
    }

  for (guint i = 0; i < n; i++)
    {
      const LqMatchTrack *m = lq_match_plan_get_track (plan, i);

      if (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING)
        {
          g_string_append_printf (s, _("Warning: track %u needs %.1f dB of limiting"),
                                  i + 1, m->limiter_reduction_db);
          g_string_append_c (s, '\n');
        }
      if (m->flags & LQ_MATCH_TRACK_CAPPED)
        {
          g_string_append_printf (s, _("Track %u is lowered to the target’s maximum of %.1f LUFS"),
                                  i + 1, target->max_track_lufs);
          g_string_append_c (s, '\n');
        }
    }

  if (stored)
    {
      g_autofree char *word = lq_cli_shell_word (lq_project_get_path (project));

      hint = g_strdup_printf (_("(undo with: lacquer-cli undo %s)"), word);
      g_string_append_printf (s, "%s %s\n", _("Stored the plan in the project"), hint);
    }
  else
    g_string_append_printf (s, "%s\n", _("Dry run: nothing stored"));

  fputs (s->str, stdout);
  fflush (stdout);
}

/* --show ------------------------------------------------------------------- */

static int
show (LqProject *project,
      gboolean json)
{
  LqProjectMatch match;
  const LqField *target_field = lq_project_fields_lookup (TRUE, "target");
  g_autofree char *target = lq_field_format (target_field, lq_project_get_album_value (project, target_field));
  guint n = lq_project_get_n_tracks (project);
  g_autofree char *shown_path = lq_cli_escape (lq_project_get_path (project));
  g_autofree char *shown_target = lq_cli_escape (target);

  lq_project_get_match (project, &match);

  if (json)
    {
      lq_cli_print_json_take (lq_project_match_to_json (project));
      lq_project_match_clear (&match);
      return LQ_EXIT_OK;
    }

  if (!match.matched)
    {
      g_autofree char *word = lq_cli_shell_word (lq_project_get_path (project));

      printf (_("%s: not matched yet; match it with: lacquer-cli match %s --target TARGET"),
              shown_path, word);
      printf ("\n");
      lq_project_match_clear (&match);
      return LQ_EXIT_OK;
    }

  printf ("%s: ", shown_path);
  /* Translators: the delivery target and the matching mode */
  printf (_("matched to %s, mode %s"), shown_target, lq_match_mode_to_string (match.mode));
  if (match.mode == LQ_MATCH_MODE_CONTINUITY)
    {
      printf (", ");
      printf (_("keep %.2f"), match.keep);
    }
  if (isfinite (match.ceiling_dbtp))
    {
      printf (", ");
      printf (_("ceiling %.1f dBTP"), match.ceiling_dbtp);
    }
  if (match.tonal > 0.0)
    {
      printf (", ");
      printf (_("tonal %.2f"), match.tonal);
    }
  if (match.anchor > 0)
    {
      printf (", ");
      printf (_("anchor track %u"), match.anchor);
    }
  if (match.reference != NULL)
    {
      g_autofree char *shown = lq_cli_escape (match.reference);

      printf (", ");
      printf (_("reference %s"), shown);
    }
  printf ("\n\n");
  {
    g_autoptr(GString) s = g_string_new (NULL);

    lq_cli_table_put (s, "#", 3, TRUE);
    g_string_append (s, "  ");
    lq_cli_table_put (s, _("Title"), TITLE_WIDTH, FALSE);
    g_string_append_c (s, ' ');
    lq_cli_table_put (s, _("Match gain"), 10, TRUE);
    g_string_append_c (s, '\n');
    for (guint p = 1; p <= n; p++)
      {
        LqTrack *track = lq_project_get_track (project, p);
        g_autofree char *num = g_strdup_printf ("%u", p);

        lq_cli_table_put (s, num, 3, TRUE);
        g_string_append (s, "  ");
        lq_cli_table_put (s, lq_track_get_display_name (track), TITLE_WIDTH, FALSE);
        lq_cli_table_put_number (s, lq_project_get_track_match_gain (project, track), 10, 2, TRUE);
        g_string_append_c (s, '\n');
      }
    fputs (s->str, stdout);
  }
  fflush (stdout);
  lq_project_match_clear (&match);
  return LQ_EXIT_OK;
}

/* The command -------------------------------------------------------------- */

int
lq_cli_match (int argc,
              char **argv)
{
  const char *usage = _("lacquer-cli match PROJECT --target T [--mode M] [--keep K] [--tonal S] [--cap DB] "
                        "[--anchor N | --reference N|FILE] [--ceiling DB] [--json] [--dry-run], "
                        "or lacquer-cli match PROJECT --show");
  Options o = { NAN, LQ_TONAL_DEFAULT_STRENGTH, NAN, NAN, 0, FALSE, FALSE, FALSE };
  double anchor = 0.0;
  g_auto(GStrv) owned_operands = NULL;
  g_autofree char *target_arg = NULL;
  g_autofree char *mode_arg = NULL;
  g_autofree char *reference_arg = NULL;
  g_autofree char *keep_text = NULL;
  g_autofree char *tonal_text = NULL;
  g_autofree char *cap_text = NULL;
  g_autofree char *ceiling_text = NULL;
  g_autofree char *anchor_text = NULL;
  const GOptionEntry entries[] = {
    { "target", 't', 0, G_OPTION_ARG_STRING, &target_arg,
      N_("The delivery target: a preset (spotify, apple, r128, …) or a loudness in LUFS"), N_("T") },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode_arg,
      N_("track, album or continuity (default)"), N_("M") },
    { "keep", 'k', 0, G_OPTION_ARG_STRING, &keep_text,
      N_("In continuity mode, how much of each track’s offset from the album to keep, 0 to 1 (default 0.5)"),
      N_("K") },
    { "tonal", 0, 0, G_OPTION_ARG_STRING, &tonal_text,
      N_("How much to match the tracks’ tonal balance, 0 to 1 (default 0)"), N_("S") },
    { "cap", 0, 0, G_OPTION_ARG_STRING, &cap_text,
      N_("Largest boost or cut of the tonal match per band, 0 to 24 dB (default 6)"), N_("DB") },
    { "ceiling", 'c', 0, G_OPTION_ARG_STRING, &ceiling_text,
      N_("True-peak ceiling in dBTP, -20 to 0 (default: the target’s)"), N_("DB") },
    { "anchor", 'a', 0, G_OPTION_ARG_STRING, &anchor_text,
      N_("The track the others’ tonal balance is matched to"), N_("N") },
    { "reference", 'r', 0, G_OPTION_ARG_FILENAME, &reference_arg,
      N_("The reference (its number or file in `lacquer-cli ref list`) whose tonal balance the album is matched to"),
      N_("N|FILE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &o.dry_run, N_("Print the plan without storing it"), NULL },
    { "show", 0, 0, G_OPTION_ARG_NONE, &o.show, N_("Print the match the project holds"), NULL },
    { NULL }
  };
  g_autofree char *reference_path = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autoptr(LqTrackAnalysis) reference = NULL;
  g_autoptr(GError) error = NULL;
  LqMatchSettings settings;
  LqDeliveryTarget target;
  LqMatchMode mode = LQ_MATCH_DEFAULT_MODE;
  const char *path;
  int status = LQ_EXIT_OK;

  if (!lq_cli_parse ("match", _("PROJECT — match the album to a delivery target"),
                     _("Plans the gain that brings each track to the delivery target (and, with --tonal,\n"
                       "the match EQ that brings its tonal balance toward the album’s), prints the plan\n"
                       "and stores it in the project as one edit (undo restores the previous state)."),
                     usage, entries, &o.json, &argc, &argv, &owned_operands, &status))
    return status;

  /* Decimal numbers only: "nan" is not "the default", "0x1" is not 1. */
  if (!lq_cli_option_number (usage, "--keep", keep_text, FALSE, &o.keep, &status)
      || !lq_cli_option_number (usage, "--tonal", tonal_text, FALSE, &o.tonal, &status)
      || !lq_cli_option_number (usage, "--cap", cap_text, FALSE, &o.cap, &status)
      || !lq_cli_option_number (usage, "--ceiling", ceiling_text, FALSE, &o.ceiling, &status)
      || !lq_cli_option_number (usage, "--anchor", anchor_text, TRUE, &anchor, &status))
    return status;
  if (anchor < 0 || anchor > G_MAXINT)
    return lq_cli_usage_error (usage, _("--anchor must be a track number"));
  o.anchor = (int) anchor;

  if (owned_operands == NULL || g_strv_length (owned_operands) != 1)
    return lq_cli_usage_error (usage, owned_operands == NULL ? _("match: no project given")
                                                      : _("match: give one project"));
  path = owned_operands[0];

  if (o.show)
    {
      if (target_arg != NULL || mode_arg != NULL || isfinite (o.keep) || tonal_text != NULL
          || isfinite (o.ceiling) || isfinite (o.cap) || o.anchor != 0 || reference_arg != NULL
          || o.dry_run)
        return lq_cli_usage_error (usage, _("match --show: give the project only (and --json)"));
      project = open_project (path, FALSE, &status);
      if (project == NULL)
        return status;
      return show (project, o.json);
    }

  if (target_arg == NULL)
    return lq_cli_usage_error (usage, _("match: give a delivery target with --target"));
  if (mode_arg != NULL && !lq_match_mode_from_string (mode_arg, &mode, &error))
    return lq_cli_usage_error (usage, error->message);
  if (isfinite (o.keep) && !(o.keep >= 0.0 && o.keep <= 1.0))
    return lq_cli_usage_error (usage, _("--keep must be from 0 to 1"));
  if (!(o.tonal >= 0.0 && o.tonal <= 1.0))
    return lq_cli_usage_error (usage, _("--tonal must be from 0 to 1"));
  if (!isnan (o.cap) && !(o.cap >= 0.0 && o.cap <= LQ_TONAL_MAX_CAP_DB))
    return lq_cli_usage_error (usage, _("--cap must be from 0 to 24 dB"));
  if (!isnan (o.ceiling) && !(o.ceiling >= -20.0 && o.ceiling <= 0.0))
    return lq_cli_usage_error (usage, _("--ceiling must be from -20 to 0 dBTP"));
  if (o.anchor < 0)
    return lq_cli_usage_error (usage, _("--anchor must be a track number"));
  if (o.anchor > 0 && reference_arg != NULL)
    return lq_cli_usage_error (usage, _("match: give --anchor or --reference, not both"));
  if ((o.anchor > 0 || reference_arg != NULL || isfinite (o.cap)) && o.tonal == 0.0)
    return lq_cli_usage_error (usage, _("match: --anchor, --reference and --cap shape the tonal match: "
                                        "give --tonal too"));

  /* A target the planner does not know: say which ones it does. */
  if (!lq_delivery_target_lookup (target_arg, &target, &error))
    {
      g_autofree char *shown = lq_cli_escape (error->message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
      return LQ_EXIT_FAILED;
    }

  project = open_project (path, !o.dry_run, &status);
  if (project == NULL)
    return status;

  /* A reference is one of the project's list (`ref add`): the one place
   * references live, with their fingerprints and analyses. */
  if (reference_arg != NULL)
    {
      guint64 number = 0;
      guint index = g_ascii_string_to_unsigned (reference_arg, 10, 1, G_MAXUINT, &number, NULL)
                    ? (guint) number : lq_project_find_reference (project, reference_arg);
      g_autoptr(GPtrArray) references = lq_project_list_references (project);

      if (index == 0 || index > references->len)
        {
          g_autofree char *shown = lq_cli_escape (reference_arg);
          g_autofree char *shown_path = lq_cli_escape (path);

          fprintf (stderr, _("lacquer-cli: %s is not in the project’s reference list: add it with "
                             "lacquer-cli ref add %s FILE\n"), shown, shown_path);
          return LQ_EXIT_FAILED;
        }
      reference = lq_project_get_reference_analysis (project, index, &error);
      if (reference == NULL)
        return lq_cli_fail (reference_arg, error);
      reference_path = g_strdup (((LqReference *) g_ptr_array_index (references, index - 1))->path);
    }

  /* What is not analysed yet is, as `analyze PROJECT` would (into memory
   * only when the project is open read-only). */
  if (!lq_cli_analyze_first (project, &error))
    return lq_cli_fail (path, error);

  lq_match_settings_init (&settings);
  settings.target = target_arg;
  settings.mode = mode;
  if (isfinite (o.keep))
    settings.keep = o.keep;
  settings.tonal = o.tonal;
  if (isfinite (o.cap))
    settings.tonal_cap_db = o.cap;
  settings.ceiling_dbtp = o.ceiling;
  settings.anchor = (guint) o.anchor;
  settings.reference = reference;

  plan = lq_project_plan_match (project, &settings, &error);
  if (plan == NULL && g_error_matches (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED))
    {
      g_autofree char *word = lq_cli_shell_word (path);
      g_autofree char *shown_path = lq_cli_escape (path);
      g_autofree char *shown_message = lq_cli_escape (error->message);

      fprintf (stderr, "lacquer-cli: %s: %s; %s lacquer-cli analyze %s\n", shown_path, shown_message,
               _("run:"), word);
      return LQ_EXIT_FAILED;
    }
  if (plan == NULL)
    return lq_cli_fail (path, error);

  if (!o.dry_run && !lq_project_store_match (project, plan, target.name, reference_path, &error))
    return lq_cli_fail (path, error);
  /* The limiter's gain for every matched track, stored with the plan: the
   * player and export then start from it (lq-render-gain.h). */
  if (!o.dry_run)
    {
      LqCliProgress *bar = lq_cli_progress_new (_("Solving the limiter’s gain"));
      gboolean ok = lq_export_solve_gains (project, NULL, solve_progress_cb, bar, &error);

      lq_cli_progress_free (bar);
      if (!ok)
        return lq_cli_fail (path, error);
    }

  if (o.json)
    lq_cli_print_json_take (lq_project_match_plan_to_json (project, plan, reference_path, !o.dry_run));
  else
    print_plan (project, plan, !o.dry_run);
  return LQ_EXIT_OK;
}
