/* lq-cli-analyze.c: `lacquer-cli analyze` and `lacquer-cli demo`. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lq-analysis-job.h"
#include "lq-analysis-json.h"
#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli-common.h"
#include "lq-cli.h"
#include "lq-demo-album.h"
#include "lq-demo-project.h"

#define NAME_WIDTH 26

typedef struct
{
  LqCliProgress *bar;
  guint done;
  guint total;
} ProgressState;

static void
put_header (GString *s)
{
  static const struct { const char *name; const char *unit; int width; } cols[] = {
    { N_("Length"), "", 7 },
    { N_("Integrated"), "LUFS", 10 },
    { N_("LRA"), "LU", 5 },
    { N_("Max M"), "LUFS", 6 },
    { N_("Max S"), "LUFS", 6 },
    { N_("Peak"), "dBFS", 6 },
    { N_("True peak"), "dBTP", 9 },
    { N_("PLR"), "dB", 5 },
    { N_("Offset"), "LU", 6 },
    { N_("DC"), "dB", 6 },
    { N_("Corr"), "", 5 },
    { N_("Clips"), "", 6 },
  };

  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Track"), NAME_WIDTH, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
    {
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, _(cols[i].name), cols[i].width, TRUE);
    }
  g_string_append (s, "  ");
  g_string_append (s, _("Format"));
  g_string_append_c (s, '\n');

  lq_cli_table_put (s, "", 3 + 2 + NAME_WIDTH, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (cols); i++)
    {
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, cols[i].unit, cols[i].width, TRUE);
    }
  g_string_append_c (s, '\n');
}

static void
print_table (LqAnalysisJob *job)
{
  g_autoptr(GString) s = g_string_new (NULL);
  LqAlbumAnalysis *album = lq_analysis_job_get_album (job);
  guint n = lq_analysis_job_get_n_files (job);
  double total = 0.0;
  guint row = 0;
  int loudest, quietest;

  put_header (s);

  for (guint i = 0; i < n; i++)
    {
      LqTrackAnalysis *track = lq_analysis_job_get_track (job, i);
      const LqTrackMeasures *m;
      g_autofree char *num = NULL;
      g_autofree char *length = NULL;
      double dc;

      if (track == NULL)
        continue;

      m = lq_track_analysis_get_measures (track);
      total += m->duration_s;
      num = g_strdup_printf ("%u", ++row);
      length = lq_cli_table_format_duration (m->duration_s);
      dc = m->channels > 1 && !(m->dc_offset_db[0] >= m->dc_offset_db[1])
           ? m->dc_offset_db[1] : m->dc_offset_db[0];

      lq_cli_table_put (s, num, 3, TRUE);
      g_string_append (s, "  ");
      lq_cli_table_put (s, lq_track_analysis_get_display_name (track), NAME_WIDTH, FALSE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, length, 7, TRUE);
      lq_cli_table_put_number (s, m->integrated_lufs, 10, 1, FALSE);
      lq_cli_table_put_number (s, m->lra_lu, 5, 1, FALSE);
      lq_cli_table_put_number (s, m->max_momentary_lufs, 6, 1, FALSE);
      lq_cli_table_put_number (s, m->max_short_term_lufs, 6, 1, FALSE);
      lq_cli_table_put_number (s, m->sample_peak_dbfs, 6, 1, FALSE);
      lq_cli_table_put_number (s, m->true_peak_dbtp, 9, 1, FALSE);
      lq_cli_table_put_number (s, m->plr_db, 5, 1, FALSE);
      lq_cli_table_put_number (s, lq_album_analysis_get_offset (album, i), 6, 1, TRUE);
      lq_cli_table_put_number (s, dc, 6, 0, FALSE);
      lq_cli_table_put_number (s, m->correlation, 5, 2, FALSE);
      lq_cli_table_put_number (s, (double) m->clipped_samples, 6, 0, FALSE);
      g_string_append (s, "  ");
      {
        g_autofree char *format = lq_cli_escape (lq_track_analysis_get_format (track));

        g_string_append (s, format);
      }
      g_string_append_c (s, '\n');
    }

  if (row > 0)
    {
      g_autofree char *name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Album (%u track)",
                                                            "Album (%u tracks)", row), row);
      g_autofree char *length = lq_cli_table_format_duration (total);

      g_string_append_c (s, '\n');
      lq_cli_table_put (s, "", 3 + 2, FALSE);
      lq_cli_table_put (s, name, NAME_WIDTH, FALSE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, length, 7, TRUE);
      lq_cli_table_put_number (s, lq_album_analysis_get_integrated_lufs (album), 10, 1, FALSE);
      lq_cli_table_put_number (s, lq_album_analysis_get_lra_lu (album), 5, 1, FALSE);
      lq_cli_table_put (s, "", 2 * 7, FALSE);
      lq_cli_table_put_number (s, lq_album_analysis_get_sample_peak_dbfs (album), 6, 1, FALSE);
      lq_cli_table_put_number (s, lq_album_analysis_get_true_peak_dbtp (album), 9, 1, FALSE);
      g_string_append_c (s, '\n');

      loudest = lq_album_analysis_get_loudest (album);
      quietest = lq_album_analysis_get_quietest (album);
      if (loudest >= 0 && quietest >= 0)
        {
          g_autofree char *lt = lq_cli_escape (lq_track_analysis_get_display_name (
                                      lq_album_analysis_get_track (album, loudest)));
          g_autofree char *qt = lq_cli_escape (lq_track_analysis_get_display_name (
                                      lq_album_analysis_get_track (album, quietest)));

          g_string_append (s, "\n     ");
          /* Translators: the loudest track's name and its offset from the album loudness */
          g_string_append_printf (s, _("Loudest:  %s (%+.1f LU from the album)"),
                                  lt,
                                  lq_album_analysis_get_offset (album, loudest));
          g_string_append (s, "\n     ");
          g_string_append_printf (s, _("Quietest: %s (%+.1f LU from the album)"),
                                  qt,
                                  lq_album_analysis_get_offset (album, quietest));
          g_string_append_c (s, '\n');
        }
    }

  fputs (s->str, stdout);
}

static void
progress_cb (LqAnalysisJob *job,
             GParamSpec *pspec,
             ProgressState *state)
{
  g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u file", "%u of %u files",
                                                          state->total),
                                             state->done, state->total);

  lq_cli_progress_update (state->bar, lq_analysis_job_get_progress (job), detail);
}

static void
track_done_cb (LqAnalysisJob *job,
               guint index,
               ProgressState *state)
{
  state->done++;
}

static int
run_analysis (const char *const *paths,
              guint jobs,
              gboolean json,
              const char *project)
{
  g_autoptr(LqAnalysisJob) job = lq_analysis_job_new (paths, jobs);
  g_autoptr(GError) error = NULL;
  ProgressState state = { 0 };
  guint n = lq_analysis_job_get_n_files (job);

  state.total = n;
  state.bar = lq_cli_progress_new (_("Analyzing"));
  g_signal_connect (job, "notify::progress", G_CALLBACK (progress_cb), &state);
  g_signal_connect (job, "track-done", G_CALLBACK (track_done_cb), &state);

  if (!lq_analysis_job_run (job, NULL, &error))
    {
      g_autofree char *message = lq_cli_escape (error->message);

      lq_cli_progress_free (state.bar);
      fprintf (stderr, "lacquer-cli: %s\n", message);
      return LQ_EXIT_FAILED;
    }
  g_clear_pointer (&state.bar, lq_cli_progress_free);

  for (guint i = 0; i < n; i++)
    {
      const GError *e = lq_analysis_job_get_error (job, i);

      if (e != NULL)
        lq_cli_fail (lq_analysis_job_get_path (job, i), e);
    }

  if (json)
    {
      JsonNode *root = lq_analysis_job_to_json (job);

      if (project != NULL)
        json_object_set_string_member (json_node_get_object (root), "project", project);
      lq_cli_print_json_take (root);
    }
  else
    print_table (job);

  fflush (stdout);
  return lq_analysis_job_get_n_failed (job) > 0 ? LQ_EXIT_FAILED : LQ_EXIT_OK;
}

int
lq_cli_analyze (int argc,
                char **argv)
{
  const char *usage = _("lacquer-cli analyze [--json] [--jobs N] FILE…");
  gboolean json = FALSE;
  g_autofree char *jobs_text = NULL;
  double jobs = 0;
  g_auto(GStrv) files = NULL;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_text, N_("Analyze N files at a time (default: one per core)"), "N" },
    { NULL }
  };

  if (!lq_cli_parse ("analyze", _("FILE…"),
                     _("Measures each file per ITU-R BS.1770-4 / EBU R128 (integrated loudness, loudness range,\n"
                       "max momentary and short-term loudness, sample and true peak, PLR, DC offset,\n"
                       "correlation, clipping), then the files together as one album."),
                     NULL, entries, &json, &argc, &argv, &files, &status))
    return status;
  if (!lq_cli_option_number (usage, "--jobs", jobs_text, TRUE, &jobs, &status))
    return status;
  if (files == NULL || files[0] == NULL)
    {
      fprintf (stderr, "lacquer-cli: %s\n", _("analyze: no files given"));
      fprintf (stderr, "%s %s\n", _("Usage:"), usage);
      return LQ_EXIT_USAGE;
    }
  if (jobs < 0 || jobs > 256)
    return lq_cli_usage_error (usage, _("--jobs must be between 1 and 256 (0: one per core)"));

  return run_analysis ((const char *const *) files, (guint) jobs, json, NULL);
}

/* @text for a shell: as it is when nothing in it is special, else quoted. */
static char *
shell_word (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("/._-+,:@%=", *p) == NULL)
        return g_shell_quote (text);
    }
  return *text != '\0' ? g_strdup (text) : g_shell_quote (text);
}

/* How to run this program again from any folder: "lacquer-cli" when that is
 * the one on the PATH, else its absolute path (a build tree's). */
static char *
program_for_commands (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *in_path = g_find_program_in_path ("lacquer-cli");
  g_autofree char *found = in_path != NULL ? realpath (in_path, NULL) : NULL;

  if (self == NULL || g_strcmp0 (found, self) == 0)
    return g_strdup ("lacquer-cli");
  return shell_word (self);
}

/* What to try next on the demo project, each a complete shell command. */
static void
print_next_commands (const char *project)
{
  g_autofree char *program = program_for_commands ();
  g_autofree char *quoted = shell_word (project);
  g_autofree char *out = lq_demo_project_export_folder (project);
  g_autofree char *out_quoted = NULL;

  if (out == NULL)
    {
      g_autofree char *directory = g_path_get_dirname (project);
      g_autofree char *masters = g_build_filename (directory, "..", "Lacquer Demo Masters", NULL);

      out = g_canonicalize_filename (masters, NULL);
    }
  out_quoted = shell_word (out);

  printf ("\n");
  printf (_("The demo album is a project: %s\n"), project);
  printf (_("Open it in Lacquer, or try next:\n"));
  printf ("  %s list %s\n", program, quoted);
  printf ("  %s match %s --target spotify --dry-run\n", program, quoted);
  printf ("  %s match %s --target spotify\n", program, quoted);
  printf ("  %s export %s --out %s\n", program, quoted, out_quoted);
}

int
lq_cli_demo (int argc,
             char **argv)
{
  gboolean json = FALSE;
  g_autofree char *directory = NULL;
  g_autofree char *project = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) operands = NULL;
  g_autoptr(GError) error = NULL;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "directory", 'd', 0, G_OPTION_ARG_FILENAME, &directory, N_("Where to keep the demo album"), N_("DIR") },
    { NULL }
  };

  if (!lq_cli_parse ("demo", NULL, _("Writes a small synthesized album and its project (once) and analyzes it."),
                     NULL, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) > 0)
    {
      fprintf (stderr, "lacquer-cli: %s\n", _("demo: takes no files"));
      return LQ_EXIT_USAGE;
    }

  if (directory == NULL)
    directory = lq_demo_album_default_directory ();
  project = lq_demo_project_ensure (directory, NULL, &error);
  if (project == NULL)
    return lq_cli_fail (directory, error);
  files = lq_demo_album_ensure (directory, &error);
  if (files == NULL)
    return lq_cli_fail (directory, error);
  if (!json)
    {
      g_autofree char *shown = lq_cli_escape (directory);

      printf (_("Demo album in %s\n\n"), shown);
    }

  status = run_analysis ((const char *const *) files, 0, json, project);
  if (status == LQ_EXIT_OK && !json)
    print_next_commands (project);
  return status;
}
