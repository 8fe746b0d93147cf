/* lq-cd-layout-build.c: a project's disc (see the header) */
#include "config.h"

#include "lq-cd-layout-build.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "lq-error.h"
#include "lq-project-fields.h"
#include "lq-render.h"
#include "lq-track.h"

#define TRACK1_PREGAP_FRAMES (2 * LQ_CD_FRAMES_PER_SECOND)

/* A value as text, NULL when unset or empty */
static char *
value_text (const GValue *value)
{
  const char *s;

  if (value == NULL || !G_VALUE_HOLDS_STRING (value))
    return NULL;
  s = g_value_get_string (value);
  return s != NULL && *s != '\0' ? g_strdup (s) : NULL;
}

static char *
album_text (LqProject  *project,
            const char *key)
{
  return value_text (lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, key)));
}

static char *
track_text (LqTrack    *track,
            const char *key)
{
  return value_text (lq_track_get_value (track, lq_project_fields_lookup (FALSE, key)));
}

static double
track_real (LqTrack    *track,
            const char *key)
{
  const GValue *value = lq_track_get_value (track, lq_project_fields_lookup (FALSE, key));

  return value != NULL && G_VALUE_HOLDS_DOUBLE (value) ? g_value_get_double (value) : 0.0;
}

static guint64
seconds_to_samples (double seconds)
{
  return (guint64) llround (seconds * LQ_CD_SAMPLE_RATE);
}

static gboolean
place_indexes (LqCdLayout *layout,
               LqCdTrack  *t,
               const char *indexes,
               guint64     end,
               GError    **error)
{
  g_auto(GStrv) parts = g_strsplit (indexes, " ", -1);
  guint64 previous = t->start;

  t->indexes = g_new0 (guint64, g_strv_length (parts) + 1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      double seconds = g_ascii_strtod (parts[i], NULL);
      guint64 at = seconds_to_samples (seconds);
      guint64 frame = t->start + lq_cd_samples_to_nearest_frame (at);
      gint64 moved = (gint64) (lq_cd_frames_to_samples (frame - t->start)) - (gint64) at;

      if (*parts[i] == '\0')
        continue;
      if (frame <= previous || frame >= end)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       frame >= end
                       ? _("Track %u: index point %s s is not inside the track (it is %.2f s long)")
                       : _("Track %u: index point %s s does not fall on a CD frame after the one before it"),
                       t->number, parts[i], (double) t->samples / LQ_CD_SAMPLE_RATE);
          return FALSE;
        }
      if (moved != 0)
        lq_cd_layout_add_note (layout,
                               _("Track %u: index point %u at %s s moved by %+lld samples to land on a CD frame"),
                               t->number, t->n_indexes + 2, parts[i], (long long) moved);
      t->indexes[t->n_indexes++] = frame;
      previous = frame;
    }
  return TRUE;
}

static void
fill_text (LqCdLayout *layout,
           LqProject  *project)
{
  g_autofree char *upc = album_text (project, "upc");
  const GValue *copy = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, "cd-copy"));
  gboolean copy_permitted = copy != NULL && G_VALUE_HOLDS_BOOLEAN (copy) && g_value_get_boolean (copy);

  layout->text.title = album_text (project, "title");
  layout->text.performer = album_text (project, "artist");
  layout->text.songwriter = album_text (project, "songwriter");
  layout->text.arranger = album_text (project, "arranger");
  layout->text.message = album_text (project, "message");
  if (upc != NULL)
    layout->catalog = strlen (upc) == 12 ? g_strconcat ("0", upc, NULL) : g_steal_pointer (&upc);

  for (guint i = 0; i < layout->n_tracks; i++)
    {
      LqCdTrack *t = &layout->tracks[i];
      LqTrack *track = lq_project_get_track (project, i + 1);
      g_autofree char *isrc = track_text (track, "isrc");

      t->text.title = track_text (track, "title");
      if (t->text.title == NULL)
        t->text.title = g_strdup (lq_track_get_display_name (track));
      t->text.performer = track_text (track, "artist");
      if (t->text.performer == NULL)
        t->text.performer = g_strdup (layout->text.performer);
      t->text.songwriter = track_text (track, "songwriter");
      t->text.composer = track_text (track, "composer");
      if (isrc != NULL)
        {
          /* Stored without dashes (lq_isrc_normalize()); dropped here all the same */
          GString *code = g_string_new (NULL);

          for (const char *p = isrc; *p != '\0'; p++)
            if (*p != '-' && *p != ' ')
              g_string_append_c (code, *p);
          t->isrc = g_string_free (code, FALSE);
        }
      t->copy_permitted = copy_permitted;
      t->pre_emphasis = FALSE;
      t->project_position = i;
    }
}

LqCdLayout *
lq_cd_layout_new_from_project (LqProject  *project,
                               GError    **error)
{
  guint n;
  g_autoptr(LqCdLayout) layout = NULL;
  LqRenderOptions options;
  guint64 audio_end = 0;   /* sample after the previous track's audio */

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  n = lq_project_get_n_tracks (project);
  layout = lq_cd_layout_new (n);
  lq_cd_render_options_init (project, &options);
  fill_text (layout, project);

  for (guint i = 0; i < n; i++)
    {
      LqCdTrack *t = &layout->tracks[i];
      LqTrack *track = lq_project_get_track (project, i + 1);
      LqRenderSpec spec = { 0 };
      g_autoptr(GError) local = NULL;
      g_autofree char *indexes = NULL;
      gint64 frames = 0;
      guint channels = 0;
      guint64 gap = seconds_to_samples (track_real (track, "gap"));
      gboolean ok;

      lq_render_spec_init (&spec, project, track);
      ok = lq_render_get_output (&spec, &options, &frames, &channels, &local);
      lq_render_spec_clear (&spec);
      if (!ok)
        {
          g_set_error (error, local->domain, local->code, _("Track %u: %s"), i + 1, local->message);
          return NULL;
        }
      t->samples = (guint64) frames;

      if (i == 0)
        {
          guint64 gap_frames = lq_cd_samples_to_nearest_frame (gap);

          t->pregap = 0;
          t->start = MAX (TRACK1_PREGAP_FRAMES, gap_frames);
          if (gap_frames > TRACK1_PREGAP_FRAMES && lq_cd_frames_to_samples (gap_frames) != gap)
            lq_cd_layout_add_note (layout,
                                   _("Track 1: the gap before it changed by %+lld samples so that it starts on a CD frame"),
                                   (long long) lq_cd_frames_to_samples (gap_frames) - (long long) gap);
          else if (gap > 0 && gap_frames < TRACK1_PREGAP_FRAMES)
            lq_cd_layout_add_note (layout,
                                   _("Track 1: its gap of %.3f s became the disc’s 2 s pregap "
                                     "(a CD’s first track starts at 2 s or later)"),
                                   (double) gap / LQ_CD_SAMPLE_RATE);
        }
      else
        {
          LqCdTrack *before = &layout->tracks[i - 1];
          guint64 padded = (audio_end + LQ_CD_FRAME_SAMPLES - 1) / LQ_CD_FRAME_SAMPLES;
          guint64 start = MAX (padded, lq_cd_samples_to_nearest_frame (audio_end + gap));
          gint64 change = (gint64) lq_cd_frames_to_samples (start) - (gint64) audio_end - (gint64) gap;

          before->end = padded;
          t->pregap = padded;
          t->start = start;
          if (change != 0)
            lq_cd_layout_add_note (layout,
                                   _("Track %u: the gap before it changed by %+lld samples (%lld instead of %lld "
                                     "samples of silence) so that it starts on a CD frame"),
                                   i + 1, (long long) change, (long long) gap + change, (long long) gap);
        }
      audio_end = lq_cd_frames_to_samples (t->start) + t->samples;
      t->end = (audio_end + LQ_CD_FRAME_SAMPLES - 1) / LQ_CD_FRAME_SAMPLES;

      indexes = track_text (track, "cd-indexes");
      if (indexes != NULL && !place_indexes (layout, t, indexes, t->end, error))
        return NULL;
    }
  layout->leadout = n > 0 ? layout->tracks[n - 1].end : TRACK1_PREGAP_FRAMES;

  return g_steal_pointer (&layout);
}
