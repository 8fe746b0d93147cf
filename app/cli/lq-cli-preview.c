/* lq-cli-preview.c: `lacquer-cli preview PROJECT --codecs`: what the lossy
 * codecs do to each track's master (lq-codec-preview.h). The platform
 * preview (--platform, the document's "platforms") joins it later; for
 * now --codecs is what the command does, given or not. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "lq-cli-common.h"
#include "lq-cli-preview.h"
#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli.h"
#include "lq-codec-preview.h"
#include "lq-error.h"
#include "lq-export.h"

/* The preview on a worker thread, and SIGINT / SIGTERM cancelling it: the
 * temporary files are removed before the process exits (128 + the
 * signal). */
typedef struct
{
  GMainLoop *loop;
  GCancellable *cancellable;
  LqProject *project;
  LqCliProgress *bar;
  GPtrArray *tracks;
  GError *error;
  int signal;
} Run;

static const char *
usage_text (void)
{
  return _("lacquer-cli preview PROJECT [--codecs] [--json]");
}

static gboolean
interrupt (Run *run,
           int signo)
{
  if (run->signal == 0)
    run->signal = signo;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigint_cb (gpointer user_data)
{
  return interrupt (user_data, SIGINT);
}

static gboolean
sigterm_cb (gpointer user_data)
{
  return interrupt (user_data, SIGTERM);
}

static void
progress_cb (double fraction,
             gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* The worker: the project is read here while the main thread only waits
 * for signals. */
static gpointer
preview_thread (gpointer user_data)
{
  Run *run = user_data;
  LqCodecPreviewOptions options;

  lq_codec_preview_options_init (&options);
  run->tracks = lq_codec_preview_project (run->project, NULL, &options, run->cancellable,
                                          run->bar != NULL ? progress_cb : NULL, run->bar, &run->error);
  g_idle_add (quit_cb, run->loop);
  return NULL;
}

static void
add_number (JsonBuilder *b,
            const char *name,
            double value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static JsonNode *
to_json (LqProject *project,
         double ceiling,
         GPtrArray *tracks)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "preview");
  json_builder_set_member_name (b, "project_path");
  json_builder_add_string_value (b, lq_project_get_path (project));
  add_number (b, "ceiling_dbtp", ceiling);
  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "track");
      json_builder_add_int_value (b, t->position);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, t->title);
      add_number (b, "true_peak_dbtp", t->master_true_peak_dbtp);
      add_number (b, "integrated_lufs", t->master_lufs);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "codecs");
  json_builder_begin_array (b);
  for (guint i = 0; i < tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);

      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);
          g_autofree char *warning = lq_codec_result_get_warning (r);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "track");
          json_builder_add_int_value (b, t->position);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, t->title);
          json_builder_set_member_name (b, "codec");
          json_builder_add_string_value (b, lq_codec_get_id (r->codec));
          add_number (b, "true_peak_dbtp", r->true_peak_dbtp);
          json_builder_set_member_name (b, "overs_0dbtp");
          json_builder_add_int_value (b, r->overs_0dbtp);
          json_builder_set_member_name (b, "overs_ceiling");
          json_builder_add_int_value (b, r->overs_ceiling);
          add_number (b, "loudness_change_lu", r->loudness_change_lu);
          add_number (b, "ceiling_reduction_db", r->ceiling_reduction_db);
          json_builder_set_member_name (b, "warning");
          if (warning != NULL)
            json_builder_add_string_value (b, warning);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_table (double ceiling,
             GPtrArray *tracks)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GString) warnings = g_string_new (NULL);

  /* Translators: the export's true-peak ceiling the overs are counted against */
  g_string_append_printf (s, _("Ceiling: %.1f dBTP"), ceiling);
  g_string_append (s, "\n\n");
  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Codec"), 22, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("True peak"), 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Overs 0"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Overs ceiling"), 13, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Loudness"), 9, TRUE);
  g_string_append_c (s, '\n');
  lq_cli_table_put (s, "", 3 + 2 + 22, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dBTP", 9, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "", 8 + 1 + 13, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LU", 9, TRUE);
  g_string_append_c (s, '\n');

  for (guint i = 0; i < tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);
      g_autofree char *num = g_strdup_printf ("%u", t->position);
      g_autofree char *title = lq_cli_escape (t->title);

      lq_cli_table_put (s, num, 3, TRUE);
      g_string_append (s, "  ");
      lq_cli_table_put (s, t->title, 22, FALSE);
      lq_cli_table_put_number (s, t->master_true_peak_dbtp, 9, 1, FALSE);
      g_string_append_c (s, ' ');
      /* Translators: the master's row in the codec table */
      lq_cli_table_put (s, _("(master)"), 8 + 1 + 13, TRUE);
      g_string_append_c (s, '\n');
      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);
          g_autofree char *warning = lq_codec_result_get_warning (r);
          g_autofree char *o0 = g_strdup_printf ("%u", r->overs_0dbtp);
          g_autofree char *oc = g_strdup_printf ("%u", r->overs_ceiling);

          lq_cli_table_put (s, "", 3 + 2, FALSE);
          lq_cli_table_put (s, lq_codec_get_label (r->codec), 22, FALSE);
          lq_cli_table_put_number (s, r->true_peak_dbtp, 9, 1, FALSE);
          g_string_append_c (s, ' ');
          lq_cli_table_put (s, o0, 8, TRUE);
          g_string_append_c (s, ' ');
          lq_cli_table_put (s, oc, 13, TRUE);
          lq_cli_table_put_number (s, r->loudness_change_lu, 9, 2, TRUE);
          g_string_append_c (s, '\n');
          if (warning != NULL)
            {
              /* Translators: a track's number and title, then the codec's warning */
              g_string_append_printf (warnings, _("Track %u “%s”: %s"), t->position, title, warning);
              g_string_append_c (warnings, '\n');
            }
        }
    }
  if (warnings->len > 0)
    {
      g_string_append_c (s, '\n');
      g_string_append (s, warnings->str);
    }
  fputs (s->str, stdout);
}

int
lq_cli_preview (int argc,
                char **argv)
{
  g_auto(GStrv) operands = NULL;
  gboolean codecs = FALSE;
  gboolean json = FALSE;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "codecs", 0, 0, G_OPTION_ARG_NONE, &codecs,
      N_("Encode each track’s master with MP3 320 and 128 kbit/s, Opus 160 and 96 kbit/s and "
         "Ogg Vorbis quality 5, decode it and measure it (the default, for now the only preview)"),
      NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqCliProgress) bar = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  LqRenderOptions render;

  if (!lq_cli_parse ("preview", _("PROJECT"),
                     _("Renders every track’s master as export does, encodes it with the codecs\n"
                       "listeners get, decodes it and reports the decoded true peak, the overs\n"
                       "above 0 dBTP and above the export’s ceiling, and the loudness change.\n"
                       "Warns when a codec takes a track over 0 dBTP, with how far to lower the ceiling.\n"
                       "--codecs is the default; the platform preview is to come."),
                     usage_text (), entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage_text (), _("preview: give one project"));

  project = lq_project_open (operands[0], TRUE, &error);
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  if (lq_cli_count_unanalysed (project) > 0)
    {
      g_autoptr(LqProject) writable = lq_project_open (operands[0], FALSE, NULL);

      if (writable != NULL)
        g_set_object (&project, writable);
    }
  if (!lq_cli_analyze_first (project, &error))
    return lq_cli_fail (operands[0], error);
  if (lq_project_get_n_tracks (project) == 0)
    {
      g_set_error_literal (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("the project has no tracks"));
      return lq_cli_fail (operands[0], error);
    }
  lq_export_get_default_render_options (project, &render);

  bar = lq_cli_progress_new (_("Encoding"));
  {
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Run run = { loop, cancellable, project, bar, NULL, NULL, 0 };
    guint sigint = g_unix_signal_add (SIGINT, sigint_cb, &run);
    guint sigterm = g_unix_signal_add (SIGTERM, sigterm_cb, &run);
    GThread *thread = g_thread_new ("codec-preview", preview_thread, &run);

    g_main_loop_run (loop);
    g_thread_join (thread);
    g_source_remove (sigint);
    g_source_remove (sigterm);
    tracks = run.tracks;
    if (run.error != NULL)
      g_propagate_error (&error, run.error);
    g_clear_pointer (&bar, lq_cli_progress_free);
    if (run.signal > 0 && tracks == NULL)
      {
        fprintf (stderr, "lacquer-cli: %s\n",
                 run.signal == SIGINT ? _("preview interrupted (SIGINT): the temporary files were removed")
                                      : _("preview terminated (SIGTERM): the temporary files were removed"));
        return 128 + run.signal;
      }
  }
  if (tracks == NULL)
    return lq_cli_fail (operands[0], error);

  if (json)
    lq_cli_print_json_take (to_json (project, render.ceiling_dbtp, tracks));
  else
    print_table (render.ceiling_dbtp, tracks);
  return LQ_EXIT_OK;
}
