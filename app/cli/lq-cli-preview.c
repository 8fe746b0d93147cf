/* lq-cli-preview.c: `lacquer-cli preview PROJECT [--codecs] [--platform
 * NAME|all]`: what the lossy codecs do to each track's master
 * (lq-codec-preview.h) and what listeners hear on each platform
 * (lq-platform.h). With neither option, both. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>

#include "lq-analysis-json.h"
#include "lq-cli-common.h"
#include "lq-cli-codec-warnings.h"
#include "lq-cli-platform-table.h"
#include "lq-cli-preview.h"
#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli.h"
#include "lq-codec-preview.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-platform.h"

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
  return _("lacquer-cli preview PROJECT [--codecs] [--platform NAME|all] [--json]");
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

/* The codec preview's members: the ceiling, the masters, the results */
static void
add_codecs (JsonBuilder *b,
            double ceiling,
            GPtrArray *tracks)
{
  lq_json_add_number (b, "ceiling_dbtp", ceiling);
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
      lq_json_add_number (b, "true_peak_dbtp", t->master_true_peak_dbtp);
      lq_json_add_number (b, "integrated_lufs", t->master_lufs);
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
          lq_json_add_number (b, "true_peak_dbtp", r->true_peak_dbtp);
          json_builder_set_member_name (b, "overs_0dbtp");
          json_builder_add_int_value (b, r->overs_0dbtp);
          json_builder_set_member_name (b, "overs_ceiling");
          json_builder_add_int_value (b, r->overs_ceiling);
          lq_json_add_number (b, "loudness_change_lu", r->loudness_change_lu);
          lq_json_add_number (b, "ceiling_reduction_db", r->ceiling_reduction_db);
          json_builder_set_member_name (b, "warning");
          if (warning != NULL)
            json_builder_add_string_value (b, warning);
          else
            json_builder_add_null_value (b);
          /* Why the codec was not previewed (its figures null), or null. */
          json_builder_set_member_name (b, "skipped");
          if (r->skipped != NULL)
            json_builder_add_string_value (b, r->skipped);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
}

/* The platform preview's members: where the levels come from, the album's
 * loudness, and one object per platform, context and track */
static void
add_platforms (JsonBuilder *b,
               LqPlatformPreview *preview)
{
  json_builder_set_member_name (b, "platform_levels_from");
  json_builder_add_string_value (b, lq_platform_levels_to_string (lq_platform_preview_get_levels (preview)));
  lq_json_add_number (b, "album_lufs", lq_platform_preview_get_album_lufs (preview));
  json_builder_set_member_name (b, "platforms");
  json_builder_begin_array (b);
  for (guint i = 0; i < lq_platform_preview_get_n_playbacks (preview); i++)
    {
      const LqPlatformPlayback *pb = lq_platform_preview_get_playback (preview, i);

      for (guint t = 0; t < pb->n_tracks; t++)
        {
          const LqPlatformTrack *tr = &pb->tracks[t];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "platform");
          json_builder_add_string_value (b, pb->platform->id);
          json_builder_set_member_name (b, "context");
          json_builder_add_string_value (b, lq_platform_context_to_string (pb->context));
          json_builder_set_member_name (b, "track");
          json_builder_add_int_value (b, tr->number);
          json_builder_set_member_name (b, "title");
          json_builder_add_string_value (b, tr->title != NULL ? tr->title : "");
          lq_json_add_number (b, "target_lufs", pb->platform->target_lufs);
          lq_json_add_number (b, "master_lufs", tr->master_lufs);
          lq_json_add_number (b, "master_true_peak_dbtp", tr->master_true_peak_dbtp);
          lq_json_add_number (b, "playback_gain_db", tr->playback_gain_db);
          lq_json_add_number (b, "listener_lufs", tr->listener_lufs);
          lq_json_add_number (b, "limited_db", tr->limited_db);
          lq_json_add_number (b, "jump_lu", tr->jump_lu);
          json_builder_end_object (b);
        }
    }
  json_builder_end_array (b);
}

static JsonNode *
to_json (LqProject *project,
         double ceiling,
         GPtrArray *tracks,
         LqPlatformPreview *platforms)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "preview");
  json_builder_set_member_name (b, "project_path");
  json_builder_add_string_value (b, lq_project_get_path (project));
  if (tracks != NULL)
    add_codecs (b, ceiling, tracks);
  if (platforms != NULL)
    add_platforms (b, platforms);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* One table a platform and context: each track's master, the platform's
 * gain, what the listener gets, what its limiter takes, the jump */
static void
print_platforms (LqPlatformPreview *preview)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (lq_platform_preview_get_levels (preview) == LQ_PLATFORM_LEVELS_MATCH)
    g_string_append (s, _("Levels: as the album’s match holds them in the export"));
  else
    g_string_append (s, _("Levels: as analysed, with the tracks’ gains (the album is not matched)"));
  g_string_append_c (s, '\n');
  for (guint i = 0; i < lq_platform_preview_get_n_playbacks (preview); i++)
    {
      const LqPlatformPlayback *pb = lq_platform_preview_get_playback (preview, i);

      g_string_append_c (s, '\n');
      /* Translators: a platform's name, "album" or "shuffle", its target */
      g_string_append_printf (s, _("%s, %s: %.1f LUFS"), pb->platform->name,
                              pb->context == LQ_PLATFORM_CONTEXT_ALBUM ? _("album") : _("shuffle"),
                              pb->platform->target_lufs);
      if (pb->max_jump_track > 0 && fabs (pb->max_jump_lu) >= 0.05)
        /* Translators: the largest loudness jump between consecutive tracks */
        g_string_append_printf (s, _("; largest jump %+.1f LU into track %u"), pb->max_jump_lu, pb->max_jump_track);
      g_string_append_c (s, '\n');
      lq_cli_platform_table_append (s, pb, NULL, TRUE);
    }
  fputs (s->str, stdout);
}

static void
print_table (double ceiling,
             GPtrArray *tracks)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GString) warnings = g_string_new (NULL);

  g_string_append (s, _("Codecs"));
  g_string_append_c (s, '\n');
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
          g_autofree char *o0 = g_strdup_printf ("%u", r->overs_0dbtp);
          g_autofree char *oc = g_strdup_printf ("%u", r->overs_ceiling);

          lq_cli_table_put (s, "", 3 + 2, FALSE);
          lq_cli_table_put (s, lq_codec_get_label (r->codec), 22, FALSE);
          if (r->skipped != NULL)
            {
              /* "not available: the ffmpeg program is not installed" */
              g_string_append_c (s, ' ');
              g_string_append (s, r->skipped);
              g_string_append_c (s, '\n');
              continue;
            }
          lq_cli_table_put_number (s, r->true_peak_dbtp, 9, 1, FALSE);
          g_string_append_c (s, ' ');
          lq_cli_table_put (s, o0, 8, TRUE);
          g_string_append_c (s, ' ');
          lq_cli_table_put (s, oc, 13, TRUE);
          lq_cli_table_put_number (s, r->loudness_change_lu, 9, 2, TRUE);
          g_string_append_c (s, '\n');
        }
    }
  if (lq_cli_codec_warnings_append (warnings, tracks) > 0)
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
  g_autofree char *platform = NULL;
  gboolean json = FALSE;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "codecs", 0, 0, G_OPTION_ARG_NONE, &codecs,
      N_("Encode each track’s master with MP3 320 and 128 kbit/s, Opus 160 and 96 kbit/s, "
         "Ogg Vorbis quality 5 and AAC 256 kbit/s (with the ffmpeg program), decode it and measure it"),
      NULL },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform,
      N_("What listeners hear on a streaming platform (its normalisation), or on all of them"),
      N_("NAME|all") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqCliProgress) bar = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  g_autoptr(LqPlatformPreview) platforms = NULL;
  LqRenderOptions render;

  if (!lq_cli_parse ("preview", _("PROJECT"),
                     _("Renders every track’s master as export does, encodes it with the codecs\n"
                       "listeners get, decodes it and reports the decoded true peak, the overs\n"
                       "above 0 dBTP and above the export’s ceiling, and the loudness change.\n"
                       "Warns when a codec takes a track over 0 dBTP, with how far to lower the ceiling.\n"
                       "With --platform: the gain each streaming platform applies to each track, in\n"
                       "album and in shuffle play, the loudness the listener gets and the jumps\n"
                       "between consecutive tracks, from the levels the export delivers.\n"
                       "Without --codecs or --platform: both, on every platform."),
                     usage_text (), entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage_text (), _("preview: give one project"));
  if (!codecs && platform == NULL)
    {
      codecs = TRUE;
      platform = g_strdup ("all");
    }
  if (platform != NULL && g_strcmp0 (platform, "all") != 0 && lq_platform_find (platform) == NULL)
    {
      g_autofree char *ids = lq_platform_dup_ids ();
      g_autofree char *message = g_strdup_printf (_("preview: unknown platform “%s”; the platforms are %s, or all"),
                                                  platform, ids);

      return lq_cli_usage_error (usage_text (), message);
    }

  project = lq_cli_open_project (operands[0], &error);
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

  if (platform != NULL)
    {
      platforms = lq_platform_preview_new (project, g_strcmp0 (platform, "all") == 0 ? NULL : platform, &error);
      if (platforms == NULL)
        return lq_cli_fail (operands[0], error);
    }

  if (codecs)
  {
    bar = lq_cli_progress_new (_("Encoding"));
    g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Run run = { loop, cancellable, project, bar, NULL, NULL, 0 };
    LqCliInterrupt interrupt;

    lq_cli_interrupt_begin (&interrupt, cancellable);
    GThread *thread = g_thread_new ("codec-preview", preview_thread, &run);

    g_main_loop_run (loop);
    g_thread_join (thread);
    lq_cli_interrupt_end (&interrupt);
    run.signal = interrupt.signal;
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
  if (codecs && tracks == NULL)
    return lq_cli_fail (operands[0], error);

  if (json)
    lq_cli_print_json_take (to_json (project, render.ceiling_dbtp, tracks, platforms));
  else
    {
      if (tracks != NULL)
        print_table (render.ceiling_dbtp, tracks);
      if (tracks != NULL && platforms != NULL)
        fputc ('\n', stdout);
      if (platforms != NULL)
        print_platforms (platforms);
    }
  return LQ_EXIT_OK;
}
