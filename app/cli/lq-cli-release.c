/* lq-cli-release.c: `lacquer-cli release PROJECT --out DIR [--cd] [--ddp]
 * [--files] [--report] [--codecs] [--bin] [--format F] [--bits B]
 * [--rate HZ] [--name TEMPLATE] [--json]`.
 *
 * The disc's layout from the project and the Red Book pre-flight (a failed
 * one writes nothing and exits 1), the sources checked as export checks
 * them, then, holding DIR's lock: the CD (DIR/<album>.cue, DIR/<album>.toc
 * and the image DIR/<album>.wav, or .bin with --bin) and the DDP (DIR/DDP,
 * from the same image, with the disc's CD-Text), the per-track files
 * (DIR/Files, as `lacquer-cli export` writes them, with its options) and
 * the QC report (DIR/report.html, DIR/report.pdf; with --codecs it runs
 * the codec preview for it). Without any of --cd, --ddp, --files and
 * --report: all of them. DIR/manifest.json lists what was delivered, with
 * the sources, the settings and every file's SHA-256. The release job
 * (lq-release-job.h) does all of it; SIGINT and SIGTERM cancel it (the
 * unfinished file removed, exit 128 + the signal). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>

#include "lq-analysis-json.h"
#include "lq-cli-common.h"
#include "lq-cli-codec-warnings.h"
#include "lq-cli-progress.h"
#include "lq-cli.h"
#include "lq-error.h"
#include "lq-release-job.h"

static const char *
usage_text (void)
{
  return _("lacquer-cli release PROJECT --out DIR [--cd] [--ddp] [--files] [--report] [--codecs] [--bin] "
           "[--format wav|flac|aiff] [--bits 16|24|32f] [--rate HZ] [--name TEMPLATE] [--json]");
}

/* One bar a long step, on a terminal */
typedef struct
{
  LqCliProgress *bar;
  int step;
} Bars;

static void
progress_cb (LqReleaseStep step,
             double        step_fraction,
             double        fraction,
             gpointer      user_data)
{
  Bars *bars = user_data;

  /* SIGINT and SIGTERM reach the interrupt's sources here: the release
   * runs on this thread */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  if ((int) step != bars->step)
    {
      g_clear_pointer (&bars->bar, lq_cli_progress_free);
      bars->step = step;
      if (step == LQ_RELEASE_STEP_IMAGE || step == LQ_RELEASE_STEP_DDP || step == LQ_RELEASE_STEP_FILES
          || step == LQ_RELEASE_STEP_CODECS)
        bars->bar = lq_cli_progress_new (lq_release_step_get_label (step));
    }
  if (bars->bar != NULL)
    lq_cli_progress_update (bars->bar, step_fraction, NULL);
}

/* @error's message on stderr: the release's messages name their file */
static int
fail_bare (const GError *error)
{
  g_autofree char *shown = lq_cli_escape (error->message);

  fprintf (stderr, "lacquer-cli: %s\n", shown);
  return LQ_EXIT_FAILED;
}

static gboolean
has_kind (GPtrArray  *written,
          const char *kind)
{
  for (guint i = 0; i < written->len; i += 2)
    if (g_str_equal (g_ptr_array_index (written, i), kind))
      return TRUE;
  return FALSE;
}

static void
add_position (JsonBuilder *b,
              const char  *name,
              guint64      frames)
{
  g_autofree char *msf = lq_cd_frames_to_msf (frames);

  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "frames");
  json_builder_add_int_value (b, (gint64) frames);
  json_builder_set_member_name (b, "msf");
  json_builder_add_string_value (b, msf);
  json_builder_end_object (b);
}

static void
add_problems (JsonBuilder         *b,
              const LqCdPreflight *preflight,
              LqCdProblemSeverity  severity)
{
  json_builder_begin_array (b);
  for (guint i = 0; i < preflight->problems->len; i++)
    {
      const LqCdProblem *p = g_ptr_array_index (preflight->problems, i);

      if (p->severity != severity)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "track");
      if (p->track > 0)
        json_builder_add_int_value (b, p->track);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, p->rule);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, p->message);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_layout (JsonBuilder      *b,
            const LqCdLayout *layout)
{
  json_builder_set_member_name (b, "layout");
  json_builder_begin_object (b);
  lq_json_add_string (b, "title", layout->text.title);
  lq_json_add_string (b, "performer", layout->text.performer);
  lq_json_add_string (b, "catalog", layout->catalog);
  add_position (b, "leadout", layout->leadout);
  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "number");
      json_builder_add_int_value (b, t->number);
      lq_json_add_string (b, "title", t->text.title);
      lq_json_add_string (b, "performer", t->text.performer);
      lq_json_add_string (b, "isrc", t->isrc);
      json_builder_set_member_name (b, "copy_permitted");
      json_builder_add_boolean_value (b, t->copy_permitted);
      json_builder_set_member_name (b, "pre_emphasis");
      json_builder_add_boolean_value (b, t->pre_emphasis);
      add_position (b, "pregap", t->pregap);
      add_position (b, "start", t->start);
      add_position (b, "end", t->end);
      json_builder_set_member_name (b, "samples");
      json_builder_add_int_value (b, (gint64) t->samples);
      json_builder_set_member_name (b, "indexes");
      json_builder_begin_array (b);
      for (guint k = 0; k < t->n_indexes; k++)
        {
          g_autofree char *msf = lq_cd_frames_to_msf (t->indexes[k]);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "number");
          json_builder_add_int_value (b, k + 2);
          json_builder_set_member_name (b, "frames");
          json_builder_add_int_value (b, (gint64) t->indexes[k]);
          json_builder_set_member_name (b, "msf");
          json_builder_add_string_value (b, msf);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static JsonNode *
to_json (const char          *project_path,
         const char          *out,
         const LqCdLayout    *layout,
         const LqCdPreflight *preflight,
         GPtrArray           *written,
         const char          *error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "release");
  json_builder_set_member_name (b, "project_path");
  json_builder_add_string_value (b, project_path);
  json_builder_set_member_name (b, "out_dir");
  json_builder_add_string_value (b, out);
  json_builder_set_member_name (b, "preflight");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "passed");
  json_builder_add_boolean_value (b, lq_cd_preflight_passed (preflight));
  json_builder_set_member_name (b, "errors");
  add_problems (b, preflight, LQ_CD_PROBLEM_ERROR);
  json_builder_set_member_name (b, "warnings");
  add_problems (b, preflight, LQ_CD_PROBLEM_WARNING);
  json_builder_set_member_name (b, "cd_text_packs");
  json_builder_add_int_value (b, preflight->n_text_packs);
  json_builder_end_object (b);
  add_layout (b, layout);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < layout->notes->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (layout->notes, i));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "files");
  json_builder_begin_array (b);
  for (guint i = 0; i < written->len; i += 2)
    {
      const char *kind = g_ptr_array_index (written, i);
      const char *path = g_ptr_array_index (written, i + 1);
      GStatBuf st;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, kind);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, g_stat (path, &st) == 0 ? (gint64) st.st_size : 0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  lq_json_add_string (b, "error", error);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_text (const LqCdLayout    *layout,
            const LqCdPreflight *preflight)
{
  g_autofree char *length = lq_cd_frames_to_msf (layout->leadout);

  printf (_("CD: %u tracks, %s"), layout->n_tracks, length);
  printf ("\n");
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];
      g_autofree char *start = lq_cd_frames_to_msf (t->start);
      g_autofree char *pregap = lq_cd_frames_to_msf (t->start - t->pregap);
      g_autofree char *title = lq_cli_escape (t->text.title);

      printf ("%3u  %s  %s %s  %-12s  %s\n", t->number, start, _("pregap"), pregap,
              t->isrc != NULL ? t->isrc : "", title);
    }
  for (guint i = 0; i < layout->notes->len; i++)
    {
      g_autofree char *note = lq_cli_escape (g_ptr_array_index (layout->notes, i));
      printf ("%s %s\n", _("Note:"), note);
    }
  if (preflight->problems->len == 0)
    printf ("%s\n", _("Red Book pre-flight: passed"));
  for (guint i = 0; i < preflight->problems->len; i++)
    {
      const LqCdProblem *p = g_ptr_array_index (preflight->problems, i);
      g_autofree char *message = lq_cli_escape (p->message);

      printf ("%s: %s\n", p->severity == LQ_CD_PROBLEM_ERROR ? _("error") : _("warning"), message);
    }
}

int
lq_cli_release (int    argc,
                char **argv)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) operands = NULL;
  gboolean cd = FALSE;
  gboolean ddp = FALSE;
  gboolean bin = FALSE;
  gboolean files = FALSE;
  gboolean report = FALSE;
  gboolean codecs = FALSE;
  gboolean json = FALSE;
  g_autofree char *file_format = NULL;
  g_autofree char *bits = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *name_template = NULL;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write the release into DIR (created if missing)"), N_("DIR") },
    { "cd", 0, 0, G_OPTION_ARG_NONE, &cd,
      N_("The CD: Red Book pre-flight, cue sheet, cdrdao TOC and the image"), NULL },
    { "ddp", 0, 0, G_OPTION_ARG_NONE, &ddp,
      N_("The DDP 2.00 fileset for the replication plant, in DIR/DDP"), NULL },
    { "files", 0, 0, G_OPTION_ARG_NONE, &files,
      N_("The per-track files, as lacquer-cli export writes them, in DIR/Files"), NULL },
    { "report", 0, 0, G_OPTION_ARG_NONE, &report,
      N_("The QC report: DIR/report.html and DIR/report.pdf"), NULL },
    { "codecs", 0, 0, G_OPTION_ARG_NONE, &codecs,
      N_("Run the codec preview for the report"), NULL },
    { "bin", 0, 0, G_OPTION_ARG_NONE, &bin,
      N_("Write the CD image as raw little-endian .bin instead of .wav"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &file_format,
      N_("The files’ format: wav (default), flac or aiff"), N_("FORMAT") },
    { "bits", 0, 0, G_OPTION_ARG_STRING, &bits, N_("The files’ word length: 16, 24 (default) or 32f"), N_("BITS") },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate_text, N_("The files’ sample rate (default: the sources’)"), N_("HZ") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name_template,
      N_("Name the files from TEMPLATE, as export does"), N_("TEMPLATE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqReleasePlan) plan = NULL;
  g_autoptr(LqReleaseResult) result = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GPtrArray) nothing = g_ptr_array_new ();
  LqReleaseOptions options;
  const LqCdLayout *layout;
  const LqCdPreflight *preflight;
  LqCliInterrupt interrupt;
  Bars bars = { NULL, -1 };

  if (!lq_cli_parse ("release", _("PROJECT"),
                     _("Delivers the album. Lays out the disc and runs the Red Book pre-flight (a\n"
                       "failed one writes nothing), then writes with --cd DIR/ALBUM.cue, DIR/ALBUM.toc\n"
                       "(cdrdao) and the CD image DIR/ALBUM.wav (DIR/ALBUM.bin with --bin), and with\n"
                       "--ddp the DDP 2.00 fileset DIR/DDP (check it with lacquer-cli ddp verify),\n"
                       "with --files the per-track files in DIR/Files (as lacquer-cli export), with\n"
                       "--report DIR/report.html and DIR/report.pdf; DIR/manifest.json lists them.\n"
                       "Without any of --cd, --ddp, --files and --report: all of them."),
                     usage_text (), entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage_text (), _("release: give one project"));
  if (out == NULL)
    return lq_cli_usage_error (usage_text (), _("release: --out DIR is required"));
  if (!cd && !ddp && !files && !report)
    cd = ddp = files = report = TRUE;
  lq_release_options_init (&options);
  if (!lq_cli_parse_file_options (usage_text (), file_format, bits, rate_text, NULL, name_template,
                                  &options.files, &status))
    return status;
  options.files_bits_given = bits != NULL;
  options.parts = (cd ? LQ_RELEASE_CD : 0) | (ddp ? LQ_RELEASE_DDP : 0) | (files ? LQ_RELEASE_FILES : 0)
                  | (report ? LQ_RELEASE_REPORT : 0) | (codecs ? LQ_RELEASE_CODECS : 0);
  options.image_format = bin ? LQ_CD_IMAGE_BIN : LQ_CD_IMAGE_WAV;

  project = lq_cli_open_project (operands[0], &error);
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  plan = lq_release_plan_new (project, out, &options, &error);
  if (plan == NULL)
    return lq_cli_fail (operands[0], error);
  layout = lq_release_plan_get_layout (plan);
  preflight = lq_release_plan_get_preflight (plan);

  if (!json)
    print_text (layout, preflight);
  /* The pre-flight holds back the disc; the files and the report (which
   * shows its result) go without it */
  if (!lq_cd_preflight_passed (preflight) && (cd || ddp))
    {
      if (json)
        lq_cli_print_json_take (to_json (operands[0], out, layout, preflight, nothing, NULL));
      else
        fprintf (stderr, "lacquer-cli: %s\n", _("the Red Book pre-flight failed: nothing was written"));
      return LQ_EXIT_FAILED;
    }
  /* Missing or changed sources, the files' options against the target,
   * and what exists already: before anything is written */
  if (!lq_release_plan_check (plan, project, &error))
    {
      LqExportOptions scratch = options.files;
      g_autoptr(GError) target_error = NULL;

      if (g_error_matches (error, LQ_ERROR, LQ_ERROR_EXISTS))
        return fail_bare (error);
      if (files && !lq_cli_apply_target (project, NULL, bits != NULL, FALSE, &scratch, &target_error)
          && g_str_equal (target_error->message, error->message))
        return lq_cli_usage_error (usage_text (), error->message);
      return lq_cli_fail (operands[0], error);
    }

  cancellable = g_cancellable_new ();
  lq_cli_interrupt_begin (&interrupt, cancellable);
  result = lq_release_run (project, plan, cancellable, progress_cb, &bars, &error);
  lq_cli_interrupt_end (&interrupt);
  g_clear_pointer (&bars.bar, lq_cli_progress_free);
  if (result == NULL)
    return g_error_matches (error, LQ_ERROR, LQ_ERROR_EXISTS) ? fail_bare (error) : lq_cli_fail (out, error);
  if (interrupt.signal > 0 && result->cancelled)
    {
      fprintf (stderr, "lacquer-cli: %s\n",
               interrupt.signal == SIGINT ? _("release interrupted (SIGINT): the unfinished file was removed")
                                          : _("release terminated (SIGTERM): the unfinished file was removed"));
      return 128 + interrupt.signal;
    }

  if (result->failure != NULL)
    {
      gboolean shown = FALSE;

      for (guint i = 0; result->file_results != NULL && i < result->file_results->len; i++)
        {
          const LqExportResult *r = g_ptr_array_index (result->file_results, i);

          if (r->error != NULL)
            {
              lq_cli_fail (r->path, r->error);
              shown = TRUE;
            }
        }
      if (!shown)
        {
          g_autofree char *message = lq_cli_escape (result->failure);

          fprintf (stderr, "lacquer-cli: %s\n", message);
        }
      if (cd && has_kind (result->written, "toc") && !has_kind (result->written, "image"))
        fprintf (stderr, "lacquer-cli: %s\n", _("the cue sheet and TOC were written, the CD image was not"));
    }

  if (json)
    lq_cli_print_json_take (to_json (operands[0], out, layout, preflight, result->written, result->failure));
  else
    for (guint i = 0; i < result->written->len; i += 2)
      {
        g_autofree char *shown = lq_cli_escape (g_ptr_array_index (result->written, i + 1));
        printf (_("Wrote %s"), shown);
        printf ("\n");
      }
  /* What the report's codec section warns of, on the terminal too */
  if (!json && result->codec_preview != NULL)
    {
      g_autoptr(GString) warnings = g_string_new (NULL);

      if (lq_cli_codec_warnings_append (warnings, result->codec_preview) > 0)
        printf ("%s\n%s", _("Codec preview:"), warnings->str);
      else
        printf ("%s\n", _("Codec preview: no codec takes a track over 0 dBTP"));
    }
  fflush (stdout);
  return result->failure == NULL ? LQ_EXIT_OK : LQ_EXIT_FAILED;
}
