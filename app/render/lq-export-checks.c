/* lq-export-checks.c: the checks before an export, and the file's format. */
#include "config.h"

#include "lq-export-checks.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-audio-reader.h"
#include "lq-error.h"
#include "lq-project-fields.h"

gboolean
lq_export_read_format (const char *path,
                       guint *rate,
                       guint *channels,
                       guint *bits,
                       gint64 *frames,
                       GError **error)
{
  SF_INFO info = { 0 };
  SNDFILE *file = sf_open (path, SFM_READ, &info);

  if (file == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO, _("%s: cannot read the file: %s"),
                   path, sf_strerror (NULL));
      return FALSE;
    }
  sf_close (file);
  *rate = (guint) info.samplerate;
  *channels = (guint) info.channels;
  *frames = (gint64) info.frames;
  switch (info.format & SF_FORMAT_SUBMASK)
    {
    case SF_FORMAT_PCM_S8:
    case SF_FORMAT_PCM_U8: *bits = 8; break;
    case SF_FORMAT_PCM_16: *bits = 16; break;
    case SF_FORMAT_PCM_24: *bits = 24; break;
    case SF_FORMAT_PCM_32:
    case SF_FORMAT_FLOAT: *bits = 32; break;
    case SF_FORMAT_DOUBLE: *bits = 64; break;
    default: *bits = 0; break;
    }
  return TRUE;
}

static const char *
channels_name (guint channels)
{
  return channels == 1 ? _("mono") : channels == 2 ? _("stereo") : _("multichannel");
}

gboolean
lq_export_check_format (const char *path,
                        const LqDeliveryTarget *target,
                        char **reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) wrong = g_ptr_array_new_with_free_func (g_free);
  guint rate, channels, bits;
  gint64 frames;

  g_return_val_if_fail (path != NULL && target != NULL, FALSE);

  if (!lq_export_read_format (path, &rate, &channels, &bits, &frames, &error))
    {
      if (reason != NULL)
        *reason = g_strdup (error->message);
      return FALSE;
    }
  if (target->rate != 0 && rate != target->rate)
    /* Translators: what is wrong with a written file for a delivery target */
    g_ptr_array_add (wrong, g_strdup_printf (_("%u Hz, not %u Hz as %s requires"),
                                             rate, target->rate, target->name));
  if (target->bits != 0 && bits != target->bits)
    g_ptr_array_add (wrong, g_strdup_printf (_("%u-bit, not %u-bit as %s requires"),
                                             bits, target->bits, target->name));
  if (target->channels != 0 && channels != target->channels)
    g_ptr_array_add (wrong, g_strdup_printf (_("%s, not %s as %s requires"), channels_name (channels),
                                             channels_name (target->channels), target->name));
  if (wrong->len == 0)
    return TRUE;
  if (reason != NULL)
    {
      g_ptr_array_add (wrong, NULL);
      *reason = g_strjoinv ("; ", (char **) wrong->pdata);
    }
  return FALSE;
}

gboolean
lq_export_check_options (const LqExportOptions *options,
                         GError **error)
{
  const LqDeliveryTarget *t = &options->target;
  guint channels = options->render.channels == 1 ? 1 : 2;

  if (!options->has_target)
    return TRUE;
  if (t->bits != 0 && options->render.bits != t->bits)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The %s target requires %u-bit files, not %u-bit"), t->name, t->bits,
                   options->render.bits);
      return FALSE;
    }
  if (t->rate != 0 && options->render.rate != t->rate)
    {
      if (options->render.rate == 0)
        g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("The %s target requires %u Hz files: give the rate"), t->name, t->rate);
      else
        g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                     _("The %s target requires %u Hz files, not %u Hz"), t->name, t->rate,
                     options->render.rate);
      return FALSE;
    }
  if (t->channels != 0 && channels != t->channels)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The %s target requires %s files, not %s"), t->name,
                   channels_name (t->channels), channels_name (channels));
      return FALSE;
    }
  return TRUE;
}

/* @path as a shell word: as it is when nothing in it needs quoting. */
static char *
shell_word (const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("/._-+,:@%=", *p) == NULL)
      return g_shell_quote (path);
  return g_strdup (path);
}

/* "−14 LUFS" (with a minus sign), or "no loudness rule". */
static char *
loudness_text (const LqDeliveryTarget *t)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (t->integrated_lufs))
    return g_strdup (_("no loudness rule"));
  g_ascii_formatd (buf, sizeof buf, "%g", fabs (t->integrated_lufs));
  return g_strdup_printf ("%s%s LUFS", t->integrated_lufs < 0 ? "−" : "", buf);
}

static gboolean
check_sources (LqProject *project,
               const LqExportOptions *options,
               GError **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) changed = g_string_new (NULL);
  g_autofree char *project_word = shell_word (lq_project_get_path (project));
  guint n = lq_project_get_n_tracks (project);
  guint first_changed = 0;

  if (!lq_project_check_sources (project, error))
    return FALSE;

  for (guint p = 1; p <= n; p++)
    {
      LqTrack *track = lq_project_get_track (project, p);
      LqTrackStatus status = lq_track_get_status (track);

      if (status == LQ_TRACK_STATUS_MISSING)
        {
          /* Translators: a track whose source file is gone, then the
           * command that points it at the file */
          g_string_append_printf (missing, _("\n  Track %u “%s”: %s is missing; point the track at the file "
                                             "with `lacquer-cli relink %s %u FILE`"),
                                  p, lq_track_get_display_name (track), lq_track_get_path (track),
                                  project_word, p);
        }
      else if (status == LQ_TRACK_STATUS_CHANGED)
        {
          if (first_changed == 0)
            first_changed = p;
          g_string_append_printf (changed, _("\n  Track %u “%s”: %s changed after it was analysed"),
                                  p, lq_track_get_display_name (track), lq_track_get_path (track));
        }
    }

  if (missing->len > 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND,
                   _("Cannot export: source files are missing, there is nothing to read:%s"), missing->str);
      return FALSE;
    }
  if (changed->len > 0 && !options->allow_changed)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED,
                   _("Cannot export: sources changed after they were analysed, "
                     "so their settings were made for other audio:%s\n"
                     "Measure the changed files again with `lacquer-cli analyze %s --accept-changed` "
                     "(one edit you can undo), or point a track at its right file with "
                     "`lacquer-cli relink %s %u FILE`; or export as they are with --allow-changed."),
                   changed->str, project_word, project_word, first_changed);
      return FALSE;
    }
  return TRUE;
}

static gboolean
same_rule (double a,
           double b)
{
  return (isnan (a) && isnan (b)) || fabs (a - b) < 1e-9;
}

static gboolean
check_match_target (LqProject *project,
                    const LqExportOptions *options,
                    GError **error)
{
  LqProjectMatch stored = { 0 };
  const GValue *v;
  const char *name;
  LqDeliveryTarget matched;
  gboolean matched_ok;

  if (!options->has_target || !isfinite (options->target.integrated_lufs))
    return TRUE;
  matched_ok = lq_project_get_match (project, &stored);
  lq_project_match_clear (&stored);
  if (!matched_ok)
    return TRUE;
  v = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "target"));
  name = v != NULL && G_VALUE_HOLDS_STRING (v) ? g_value_get_string (v) : NULL;
  if (name == NULL || !lq_delivery_target_lookup (name, &matched, NULL))
    return TRUE;
  if (same_rule (matched.integrated_lufs, options->target.integrated_lufs)
      && same_rule (matched.max_track_lufs, options->target.max_track_lufs))
    return TRUE;

  {
    g_autofree char *project_word = shell_word (lq_project_get_path (project));
    g_autofree char *was = loudness_text (&matched);
    g_autofree char *asked = loudness_text (&options->target);

    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("The album’s match was planned for %s (%s); export --target %s (%s) would miss it. "
                   "Run `lacquer-cli match %s --target %s` first, or export with --target %s."),
                 matched.name, was, options->target.name, asked, project_word,
                 options->target.name, matched.name);
  }
  return FALSE;
}

/* Mono output: every source must be mono. */
static gboolean
check_channels (LqProject *project,
                const LqExportOptions *options,
                GError **error)
{
  guint n = lq_project_get_n_tracks (project);

  if (options->render.channels != 1)
    return TRUE;
  for (guint p = 1; p <= n; p++)
    {
      LqTrack *track = lq_project_get_track (project, p);
      LqTrackAnalysis *analysis = lq_track_get_analysis (track);
      guint channels = 0;

      if (analysis != NULL)
        channels = lq_track_analysis_get_measures (analysis)->channels;
      else
        {
          g_autoptr(LqAudioReader) reader = lq_audio_reader_open (lq_track_get_path (track), NULL);

          /* Unreadable: rendering says why. */
          if (reader != NULL)
            channels = lq_audio_reader_get_channels (reader);
        }
      if (channels > 1)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_UNSUPPORTED_CHANNELS,
                       _("Track %u “%s” is stereo: a stereo source cannot be written as mono "
                         "(Lacquer does not fold a mix down); export in stereo"),
                       p, lq_track_get_display_name (track));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
lq_export_preflight (LqProject *project,
                     const LqExportOptions *options,
                     GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  return lq_export_check_options (options, error)
         && check_sources (project, options, error)
         && check_match_target (project, options, error)
         && check_channels (project, options, error);
}
