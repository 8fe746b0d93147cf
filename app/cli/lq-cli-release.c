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
 * the sources, the settings and every file's SHA-256. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "lq-cd-image.h"
#include "lq-cd-layout-build.h"
#include "lq-cd-preflight.h"
#include "lq-cd-text.h"
#include "lq-cdrdao-toc.h"
#include "lq-analysis-json.h"
#include "lq-cli-common.h"
#include "lq-cli-progress.h"
#include "lq-cli.h"
#include "lq-cue-sheet.h"
#include "lq-ddp-writer.h"
#include "lq-error.h"
#include "lq-export-checks.h"
#include "lq-export.h"
#include "lq-output-folder.h"
#include "lq-project-fields.h"
#include "lq-codec-preview.h"
#include "lq-release-manifest.h"
#include "lq-release-report.h"

static const char *
usage_text (void)
{
  return _("lacquer-cli release PROJECT --out DIR [--cd] [--ddp] [--files] [--report] [--codecs] [--bin] "
           "[--format wav|flac|aiff] [--bits 16|24|32f] [--rate HZ] [--name TEMPLATE] [--json]");
}

static void
image_progress_cb (double   fraction,
                   gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

static void
export_progress_cb (guint    index,
                    guint    n_tracks,
                    double   fraction,
                    gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

/* Refuses @path when it exists: before anything is written. */
static gboolean
check_new (const char *path,
           GError    **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS, _("already exists; nothing was written"));
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
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(LqCdPreflight) preflight = NULL;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = NULL;
  g_autofree char *cue = NULL;
  g_autofree char *toc = NULL;
  g_autofree char *image = NULL;
  g_autofree char *image_name = NULL;
  g_autofree char *ddp_dir = NULL;
  g_autofree char *files_dir = NULL;
  g_autofree char *html = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(GPtrArray) codec_preview = NULL;
  LqExportOptions file_options;
  g_autofree char *failure = NULL;
  g_autoptr(LqOutputLock) lock = NULL;
  gboolean image_is_temp = FALSE;
  LqCdImageFormat format;
  const GValue *title;

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
  lq_export_options_init (&file_options);
  if (!lq_cli_parse_file_options (usage_text (), file_format, bits, rate_text, NULL, name_template,
                                  &file_options, &status))
    return status;
  format = bin ? LQ_CD_IMAGE_BIN : LQ_CD_IMAGE_WAV;

  project = lq_cli_open_project (operands[0], &error);
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  layout = lq_cd_layout_new_from_project (project, &error);
  if (layout == NULL)
    return lq_cli_fail (operands[0], error);
  preflight = lq_cd_preflight_run (layout);

  if (!json)
    print_text (layout, preflight);
  /* The pre-flight holds back the disc; the files and the report (which
   * shows its result) go without it */
  if (!lq_cd_preflight_passed (preflight) && (cd || ddp))
    {
      if (json)
        lq_cli_print_json_take (to_json (operands[0], out, layout, preflight, written, NULL));
      else
        fprintf (stderr, "lacquer-cli: %s\n", _("the Red Book pre-flight failed: nothing was written"));
      return LQ_EXIT_FAILED;
    }

  /* Missing sources, or sources changed since their analysis, as export
   * refuses them: before anything is written */
  {
    LqExportOptions options;

    lq_export_options_init (&options);
    lq_cd_render_options_init (project, &options.render);
    options.has_target = FALSE;
    if (!lq_export_preflight (project, &options, &error))
      return lq_cli_fail (operands[0], error);
  }
  if (files)
    {
      if (!lq_cli_apply_target (project, NULL, bits != NULL, FALSE, &file_options, &error))
        return lq_cli_usage_error (usage_text (), error->message);
      if (!lq_export_preflight (project, &file_options, &error))
        return lq_cli_fail (operands[0], error);
    }

  title = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "title"));
  {
    const char *t = title != NULL && G_VALUE_HOLDS_STRING (title) ? g_value_get_string (title) : NULL;
    g_autofree char *name = lq_export_file_name ("{album}", &(LqExportNameFields) {
                                                   .album = t != NULL && *t != '\0' ? t : "album" },
                                                 "cue", NULL);

    /* ASCII, so that the cue sheet (ISO-8859-1), the TOC (ASCII) and the
     * file system (UTF-8) spell the image's name the same */
    g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "album.cue", "C");

    ascii[strlen (ascii) - 4] = '\0';
    for (char *p = ascii; *p != '\0'; p++)
      if (!g_ascii_isalnum (*p) && *p != ' ' && *p != '.' && *p != '-' && *p != '_')
        *p = '_';
    base = g_steal_pointer (&ascii);
  }
  image_name = g_strconcat (base, format == LQ_CD_IMAGE_BIN ? ".bin" : ".wav", NULL);
  {
    g_autofree char *stem = g_build_filename (out, base, NULL);

    cue = g_strconcat (stem, ".cue", NULL);
    toc = g_strconcat (stem, ".toc", NULL);
    image = g_build_filename (out, image_name, NULL);
    ddp_dir = g_build_filename (out, "DDP", NULL);
    files_dir = g_build_filename (out, "Files", NULL);
    html = g_build_filename (out, "report.html", NULL);
    pdf = g_build_filename (out, "report.pdf", NULL);
    manifest = g_build_filename (out, "manifest.json", NULL);
  }

  if (g_mkdir_with_parents (out, 0755) != 0)
    {
      int saved = errno;
      g_set_error (&error, LQ_ERROR, LQ_ERROR_IO, _("Cannot create the folder “%s”: %s"), out, g_strerror (saved));
      return lq_cli_fail (out, error);
    }
  lock = lq_output_lock_acquire (out, &error);
  if (lock == NULL)
    return lq_cli_fail (out, error);
  if (ddp && g_file_test (ddp_dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_EXISTS, _("already exists; a DDP is written into a new folder"));
      return lq_cli_fail (ddp_dir, error);
    }
  if (files && g_file_test (files_dir, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_EXISTS, _("already exists; the files are written into a new folder"));
      return lq_cli_fail (files_dir, error);
    }
  if (!check_new (manifest, &error))
    return lq_cli_fail (manifest, error);
  if (report && !check_new (html, &error))
    return lq_cli_fail (html, error);
  if (report && !check_new (pdf, &error))
    return lq_cli_fail (pdf, error);
  if (cd)
    {
      for (guint i = 0; i < 3; i++)
        {
          const char *path = i == 0 ? cue : i == 1 ? toc : image;

          if (g_file_test (path, G_FILE_TEST_EXISTS))
            {
              g_set_error (&error, LQ_ERROR, LQ_ERROR_EXISTS, _("already exists; nothing was written"));
              return lq_cli_fail (path, error);
            }
        }
      if (!lq_cue_sheet_write (layout, cue, image_name, format, FALSE, &error))
        return lq_cli_fail (cue, error);
      g_ptr_array_add (written, g_strdup ("cue"));
      g_ptr_array_add (written, g_strdup (cue));
      if (!lq_cdrdao_toc_write (layout, toc, image_name, format, FALSE, &error))
        return lq_cli_fail (toc, error);
      g_ptr_array_add (written, g_strdup ("toc"));
      g_ptr_array_add (written, g_strdup (toc));
    }
  else if (ddp)
    {
      /* The DDP alone: its image is a temporary file in DIR */
      g_autofree char *wanted = g_build_filename (out, "image.bin", NULL);

      g_free (image);
      image = lq_output_temp_create (wanted, &error);
      if (image == NULL)
        return lq_cli_fail (out, error);
      g_unlink (image);
      format = LQ_CD_IMAGE_BIN;
      image_is_temp = TRUE;
    }

  if (cd || ddp)
    {
      g_autoptr(LqCliProgress) bar = lq_cli_progress_new (_("Rendering the CD image"));

      if (lq_cd_image_write (project, layout, image, format, FALSE, NULL,
                             bar != NULL ? image_progress_cb : NULL, bar, &error))
        {
          if (!image_is_temp)
            {
              g_ptr_array_add (written, g_strdup ("image"));
              g_ptr_array_add (written, g_strdup (image));
            }
        }
      else
        {
          failure = g_strdup (error->message);
          lq_cli_fail (image, error);
          if (cd)
            fprintf (stderr, "lacquer-cli: %s\n", _("the cue sheet and TOC were written, the CD image was not"));
          g_clear_error (&error);
        }
    }

  if (ddp && failure == NULL)
    {
      g_autoptr(LqCliProgress) bar = lq_cli_progress_new (_("Writing the DDP"));
      g_autoptr(GBytes) cd_text = NULL;
      guint n_packs = 0;

      if (lq_cd_text_layout_has_text (layout))
        cd_text = lq_cd_text_encode (layout, &n_packs, &error);
      if ((cd_text != NULL || error == NULL)
          && lq_ddp_write_at (layout, image, format == LQ_CD_IMAGE_WAV ? LQ_CD_IMAGE_WAV_HEADER_BYTES : 0,
                              cd_text, ddp_dir, NULL, bar != NULL ? image_progress_cb : NULL, bar, &error))
        {
          g_ptr_array_add (written, g_strdup ("ddp"));
          g_ptr_array_add (written, g_strdup (ddp_dir));
        }
      else
        {
          failure = g_strdup (error->message);
          lq_cli_fail (ddp_dir, error);
        }
    }
  if (image_is_temp)
    g_unlink (image);

  if (files && failure == NULL)
    {
      g_autoptr(LqCliProgress) bar = lq_cli_progress_new (_("Writing the files"));
      g_autoptr(GPtrArray) results = lq_export_album (project, files_dir, &file_options, NULL,
                                                      bar != NULL ? export_progress_cb : NULL, bar, &error);

      if (results == NULL)
        {
          failure = g_strdup (error->message);
          lq_cli_fail (files_dir, error);
          g_clear_error (&error);
        }
      for (guint i = 0; results != NULL && i < results->len; i++)
        {
          const LqExportResult *r = g_ptr_array_index (results, i);

          if (r->error != NULL)
            {
              if (failure == NULL)
                failure = g_strdup (r->error->message);
              lq_cli_fail (r->path, r->error);
              continue;
            }
          g_ptr_array_add (written, g_strdup ("track"));
          g_ptr_array_add (written, g_strdup (r->path));
        }
    }

  if (report && failure == NULL && codecs)
    {
      g_autoptr(LqCliProgress) bar = lq_cli_progress_new (_("Previewing the codecs"));
      LqCodecPreviewOptions codec_options;

      lq_codec_preview_options_init (&codec_options);
      codec_preview = lq_codec_preview_project (project, NULL, &codec_options, NULL,
                                                bar != NULL ? image_progress_cb : NULL, bar, &error);
      if (codec_preview == NULL)
        {
          failure = g_strdup (error->message);
          lq_cli_fail (operands[0], error);
          g_clear_error (&error);
        }
    }

  /* The manifest of what was delivered (the reports are not in it) */
  if (written->len > 0)
    {
      if (lq_release_manifest_write (project, NULL, out, written, NULL, manifest, &error))
        {
          g_ptr_array_add (written, g_strdup ("manifest"));
          g_ptr_array_add (written, g_strdup (manifest));
        }
      else
        {
          if (failure == NULL)
            failure = g_strdup (error->message);
          lq_cli_fail (manifest, error);
          g_clear_error (&error);
        }
    }

  if (report && failure == NULL)
    {
      LqReleaseReportInput input = { project, layout, preflight, codec_preview };

      if (lq_release_report_write (&input, html, pdf, &error))
        {
          g_ptr_array_add (written, g_strdup ("report-html"));
          g_ptr_array_add (written, g_strdup (html));
          g_ptr_array_add (written, g_strdup ("report-pdf"));
          g_ptr_array_add (written, g_strdup (pdf));
        }
      else
        {
          failure = g_strdup (error->message);
          lq_cli_fail (out, error);
          g_clear_error (&error);
        }
    }

  if (json)
    lq_cli_print_json_take (to_json (operands[0], out, layout, preflight, written, failure));
  else
    for (guint i = 0; i < written->len; i += 2)
      {
        g_autofree char *shown = lq_cli_escape (g_ptr_array_index (written, i + 1));
        printf (_("Wrote %s"), shown);
        printf ("\n");
      }
  fflush (stdout);
  return failure == NULL ? LQ_EXIT_OK : LQ_EXIT_FAILED;
}
