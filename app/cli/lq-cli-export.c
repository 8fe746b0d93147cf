/* lq-cli-export.c: `lacquer-cli export`. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli-common.h"
#include "lq-cli.h"
#include "lq-delivery-target.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-export-checks.h"
#include "lq-export-json.h"
#include "lq-project-fields.h"
#include "lq-project.h"

#define NAME_WIDTH 36

static void
progress_cb (guint index,
             guint n_tracks,
             double fraction,
             gpointer user_data)
{
  LqCliProgress *bar = user_data;
  g_autofree char *detail = g_strdup_printf (_("track %u of %u"), MIN (index + 1, n_tracks), n_tracks);

  lq_cli_progress_update (bar, fraction, detail);
}

/* The export on its worker thread, and SIGINT / SIGTERM cancelling it:
 * the unfinished file is removed and the folder unlocked before the
 * process exits (128 + the signal). */
typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  GPtrArray *results;
  GError *error;
  int signal;
} Run;

static void
export_done_cb (GObject *source,
                GAsyncResult *result,
                gpointer user_data)
{
  Run *run = user_data;

  run->results = lq_export_album_finish (LQ_PROJECT (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

static const char *
usage_text (void)
{
  return _("lacquer-cli export PROJECT --out DIR [--format wav|flac|aiff] [--bits 16|24|32f] "
           "[--rate HZ] [--channels stereo|mono] [--target T] [--name TEMPLATE] [--allow-changed] "
           "[--force] [--json]");
}

static int
usage_error (const char *message)
{
  return lq_cli_usage_error (usage_text (), message);
}

static void
print_table (GPtrArray *results,
             const LqExportOptions *options,
             double ceiling)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *loudness = NULL;
  double album;

  if (options->has_target)
    {
      loudness = isfinite (options->target.integrated_lufs)
                 ? g_strdup_printf ("%.0f LUFS", options->target.integrated_lufs)
                 : g_strdup (_("no loudness rule"));
      g_string_append_printf (s, _("Target: %s (%s), true peak at most %.1f dBTP"),
                              options->target.name, loudness, ceiling);
    }
  else
    g_string_append_printf (s, _("No target: true peak at most %.1f dBTP"), ceiling);
  g_string_append (s, "\n\n");

  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("File"), NAME_WIDTH, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Expected"), 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Integrated"), 10, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("True peak"), 9, TRUE);
  g_string_append (s, "  ");
  g_string_append (s, _("Result"));
  g_string_append_c (s, '\n');
  lq_cli_table_put (s, "", 3 + 2 + NAME_WIDTH, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LUFS", 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LUFS", 10, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dBTP", 9, TRUE);
  g_string_append_c (s, '\n');

  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);
      g_autofree char *num = g_strdup_printf ("%u", r->position);
      g_autofree char *base = g_path_get_basename (r->path);
      const char *verdict;

      if (r->error != NULL)
        verdict = _("failed");
      else if (r->passed)
        verdict = _("pass");
      else if (!r->format_ok)
        verdict = _("FAIL: wrong format");
      else if (!r->length_ok)
        verdict = _("FAIL: wrong length");
      else if (!r->peak_ok)
        verdict = _("FAIL: true peak over the ceiling");
      else
        verdict = _("FAIL: loudness off target");

      lq_cli_table_put (s, num, 3, TRUE);
      g_string_append (s, "  ");
      lq_cli_table_put (s, base, NAME_WIDTH, FALSE);
      lq_cli_table_put_number (s, r->expected_lufs, 9, 1, FALSE);
      lq_cli_table_put_number (s, r->integrated_lufs, 10, 1, FALSE);
      lq_cli_table_put_number (s, r->true_peak_dbtp, 9, 1, FALSE);
      g_string_append (s, "  ");
      g_string_append (s, verdict);
      g_string_append_c (s, '\n');
      /* Notes under the row: why loudness was not checked, what is wrong
       * with the format, a changed source. */
      if (!r->loudness_checked && r->loudness_note != NULL)
        /* Translators: under a track's row: why its loudness was not checked */
        g_string_append_printf (s, "     %s %s\n", _("loudness not checked:"), r->loudness_note);
      if (r->format_note != NULL)
        g_string_append_printf (s, "     %s\n", r->format_note);
      if (!r->length_ok && r->error == NULL)
        {
          g_string_append (s, "     ");
          /* Translators: under a track's row: frames written and expected */
          g_string_append_printf (s, _("%lld frames written, %lld expected"),
                                  (long long) r->frames, (long long) r->expected_frames);
          g_string_append_c (s, '\n');
        }
      if (r->changed)
        g_string_append_printf (s, "     %s\n", lq_export_changed_note ());
    }
  album = lq_export_album_lufs (results);
  if (isfinite (album))
    {
      g_string_append_c (s, '\n');
      /* Translators: the exported files' loudness gated together as one programme */
      g_string_append_printf (s, _("Album: %.1f LUFS"), album);
      g_string_append_c (s, '\n');
    }
  fputs (s->str, stdout);
}

int
lq_cli_export (int argc,
               char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *format = NULL;
  g_autofree char *bits = NULL;
  g_autofree char *target = NULL;
  g_autofree char *channels = NULL;
  g_autofree char *name_template = NULL;
  g_auto(GStrv) operands = NULL;
  gboolean allow_changed = FALSE;
  gboolean force = FALSE;
  gboolean json = FALSE;
  g_autofree char *rate_text = NULL;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write the files into DIR (created if missing)"), N_("DIR") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("File format: wav (default), flac or aiff"), N_("FORMAT") },
    { "bits", 0, 0, G_OPTION_ARG_STRING, &bits, N_("Word length: 16, 24 (default) or 32f (float)"), N_("BITS") },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate_text, N_("Sample rate of the files (default: the sources’)"), N_("HZ") },
    { "channels", 0, 0, G_OPTION_ARG_STRING, &channels,
      N_("stereo (default; a mono source as dual mono) or mono (mono sources only)"), N_("CHANNELS") },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target,
      N_("Delivery target to check against (default: the album’s); cd: 44.1 kHz 16-bit stereo"), N_("TARGET") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name_template,
      N_("Name the files from TEMPLATE (default “{number:02} - {title}”; fields: number, title, "
         "artist, album, isrc)"), N_("TEMPLATE") },
    { "allow-changed", 0, 0, G_OPTION_ARG_NONE, &allow_changed,
      N_("Export tracks whose source changed after the analysis (the report says so)"), NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force, N_("Replace files that exist already"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(LqCliProgress) bar = NULL;
  LqExportOptions options;
  gboolean all = TRUE;

  if (!lq_cli_parse ("export", _("PROJECT"),
                     _("Renders every track through the mastering chain into one file per track,\n"
                       "named “NN - Title.ext”, then measures each file against the delivery target."),
                     usage_text (), entries, &json, &argc, &argv, &operands, &status))
    return status;

  if (operands == NULL || g_strv_length (operands) != 1)
    return usage_error (_("export: give one project"));
  if (out == NULL)
    return usage_error (_("export: --out DIR is required"));

  lq_export_options_init (&options);
  options.render.overwrite = force;
  if (!lq_cli_parse_file_options (usage_text (), format, bits, rate_text, channels, name_template,
                                  &options, &status))
    return status;
  options.allow_changed = allow_changed;

  project = lq_cli_open_project (operands[0], &error);
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  /* What is not analysed yet is analysed first, as `analyze PROJECT` would:
   * kept in the project when it can be opened for writing, in memory when
   * its folder is read-only or the window holds it. */
  if (lq_cli_count_unanalysed (project) > 0)
    {
      g_autoptr(LqProject) writable = lq_project_open (operands[0], FALSE, NULL);

      if (writable != NULL)
        g_set_object (&project, writable);
    }
  if (!lq_cli_analyze_first (project, &error))
    return lq_cli_fail (operands[0], error);

  if (!lq_cli_apply_target (project, target, bits != NULL, channels != NULL, &options, &error))
    return usage_error (error->message);

  if (lq_project_get_n_tracks (project) == 0)
    {
      g_set_error_literal (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("the project has no tracks"));
      return lq_cli_fail (operands[0], error);
    }

  bar = lq_cli_progress_new (_("Exporting"));
  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Run run = { loop, cancellable, NULL, NULL, 0 };
    LqCliInterrupt interrupt;

    lq_cli_interrupt_begin (&interrupt, cancellable);

    lq_export_album_async (project, out, &options, cancellable, bar != NULL ? progress_cb : NULL, bar,
                           export_done_cb, &run);
    g_main_loop_run (loop);
    /* The job (its temporary file, the folder's lock) is gone once the
     * task is: run the context until nothing is pending. */
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
    lq_cli_interrupt_end (&interrupt);
    run.signal = interrupt.signal;
    results = run.results;
    if (run.error != NULL)
      g_propagate_error (&error, run.error);
    g_clear_pointer (&bar, lq_cli_progress_free);
    /* An export that finished before the signal took effect stands. */
    if (run.signal > 0 && results == NULL)
      {
        fprintf (stderr, "lacquer-cli: %s\n",
                 run.signal == SIGINT ? _("export interrupted (SIGINT): the unfinished file was removed")
                                      : _("export terminated (SIGTERM): the unfinished file was removed"));
        return 128 + run.signal;
      }
  }
  if (results == NULL)
    {
      g_autofree char *shown = lq_cli_escape (error->message);

      if (g_error_matches (error, LQ_ERROR, LQ_ERROR_EXISTS))
        fprintf (stderr, "lacquer-cli: %s (%s)\n", shown, _("use --force to replace it"));
      else
        fprintf (stderr, "lacquer-cli: %s\n", shown);
      return LQ_EXIT_FAILED;
    }

  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      all = all && r->passed;
      if (r->error != NULL)
        lq_cli_fail (r->path, r->error);
    }

  if (json)
    lq_cli_print_json_take (lq_export_results_to_json (project, results, &options));
  else
    print_table (results, &options, lq_export_get_ceiling (project, &options));

  fflush (stdout);
  return all ? LQ_EXIT_OK : LQ_EXIT_FAILED;
}
