/* lq-platform.c: the platforms' normalisation rules and the preview of an
 * album under them (see the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-platform.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-analysis-json.h"
#include "lq-error.h"
#include "lq-export.h"

struct _LqPlatformPreview
{
  LqPlatformLevels levels;
  double album_lufs;
  GArray *playbacks;   /* LqPlatformPlayback */
};

/* The rules, each with its source next to it. Where the sources are vague
 * or disagree the comment says so and the entry takes the behaviour most
 * commonly cited. Fields: id, name, target, boosts, boost stops at this
 * true peak, limiter at, album context, track context, source. */
static const LqPlatform platforms[] = {
  /* Spotify: https://support.spotify.com/us/artists/article/loudness-normalization
   * (Spotify for Artists, "Loudness normalization"): "We adjust tracks to
   * -14 dB LUFS, according to the ITU 1770 standard"; "We normalize an
   * entire album at the same time, so gain compensation doesn't change
   * between tracks"; "We adjust individual tracks when shuffling an album or
   * listening to tracks from multiple albums (e.g. listening to a
   * playlist)"; positive gain: "We consider the headroom of the track, and
   * leave 1 dB headroom for lossy encodings ... If a track loudness level
   * is -20 dB LUFS, and its True Peak maximum is -5 dB FS, we only lift the
   * track up to -16 dB LUFS" (a boost stops at -1 dBTP); Premium levels
   * "Normal: -14dB LUFS", "Quiet: -19dB LUFS", "Loud: -11dB LUFS ... We set
   * this level regardless of maximum True Peak. We apply a limiter ... set
   * to engage at -1 dB (sample values), with a 5 ms attack time and a 100 ms
   * decay time".
   * Vague: how the album's loudness is measured. The page does not say;
   * https://audioaccountability.com/audio-accountability-blog/new-spotify-normalization-revelations
   * (Dale Becker) reports that Spotify sets the album's gain from its
   * loudest track. We take the album's integrated loudness (one
   * programme), as the page's wording reads. In album context a boost's
   * headroom is the album's: its loudest true peak. The loud limiter
   * engages at -1 dB sample peak; we model it at -1 dBTP. */
  { "spotify-normal", "Spotify (normal)", -14.0, TRUE, -1.0, NAN, TRUE, TRUE,
    "https://support.spotify.com/us/artists/article/loudness-normalization" },
  { "spotify-loud", "Spotify (loud)", -11.0, TRUE, NAN, -1.0, TRUE, TRUE,
    "https://support.spotify.com/us/artists/article/loudness-normalization" },
  { "spotify-quiet", "Spotify (quiet)", -19.0, TRUE, -1.0, NAN, TRUE, TRUE,
    "https://support.spotify.com/us/artists/article/loudness-normalization" },
  /* Apple Music: Sound Check at -16 LUFS. Apple publishes no figure; the
   * commonly cited one:
   * https://www.production-expert.com/production-expert-1/apple-choose-16lufs-loudness-level-for-apple-music-heres-why
   * ("Apple has announced their LUFS target to be ... -16LUFS", "Sound
   * Check is now on by default on iOS devices"). Sound Check raises quiet
   * tracks as well as lowering loud ones: the per-track gain goes either way
   * (https://www.kirkville.com/itunes-radio-normalizes-playback-volume-with-sound-check/).
   * Album mode: http://productionadvice.co.uk/sound-check-album-mode/ (Ian
   * Shepherd) reports tests (his and Bob Katz's) showing that Sound Check
   * keeps an album's balance when the album is played, a change Apple made
   * without announcing it; track gains apply in shuffle and playlists.
   * Vague: no source says how far a boost goes. Sound Check is a plain gain
   * without a limiter, so we stop a boost where the true peak reaches
   * 0 dBTP (no clipping). */
  { "apple-music", "Apple Music (Sound Check)", -16.0, TRUE, 0.0, NAN, TRUE, TRUE,
    "https://www.production-expert.com/production-expert-1/apple-choose-16lufs-loudness-level-for-apple-music-heres-why" },
  /* YouTube: -14 LUFS, only turns down. YouTube publishes no rule (as
   * https://charlesgaddis.com/youtubeloudness/ notes, the figures going
   * round cite no authority); "content loudness" in "Stats for nerds" shows
   * the reduction: https://tuberlife.com/youtube-and-reference-loudness-level
   * ("YouTube used -13 LUFS as its reference level, but later pulled it
   * down ... to -14 LUFS");
   * https://youtubedownload.minitool.com/news/youtube-loudness-standard.html
   * ("If the video is too quiet, YouTube won't take any action"). No album
   * context: every video is its own. */
  { "youtube", "YouTube", -14.0, FALSE, NAN, NAN, FALSE, TRUE,
    "https://tuberlife.com/youtube-and-reference-loudness-level" },
  /* TIDAL: -14 LUFS, only turns down, album normalisation.
   * https://meterplugs.com/blog/2016/10/07/tidal-adds-loudness-normalization.html
   * (answers from TIDAL): "Tidal's normalization level is -14 LUFS", ITU-R
   * BS.1770-4, "Tidal does not raise the level of music whose loudness is
   * less than -14 LUFS". Album normalisation followed Eelco Grimm's study of
   * 4.2 million albums for TIDAL, which recommends it for shuffled
   * playlists too:
   * https://www.vdt-magazin.de/news/news-detail/19951-recommendation-for-loudness-normalization-by-music-streaming-services/
   * and https://melodiefabriek.com/sound-tech/examined-4-2-million-albums-loudness/
   * Vague: the recommendation normalises an album by its loudest tracks
   * (https://avguide.ch/magazin/3_loudness-kriegsende-in-sicht-die-loudness-normalisierung-von-a-bis-z
   * reads it as "the loudest song of an album at -14 LUFS"); we take the
   * album's integrated loudness as for the others. As TIDAL applies the
   * album's gain in playlists too, it has the album context only. */
  { "tidal", "TIDAL", -14.0, FALSE, NAN, NAN, TRUE, FALSE,
    "https://meterplugs.com/blog/2016/10/07/tidal-adds-loudness-normalization.html" },
  /* Amazon Music: -14 LUFS, only turns down. No published rule; commonly
   * cited: https://apu.software/amazon-music-loudness ("Amazon Music
   * normalizes playback to -14 LUFS"), turning loud tracks down only:
   * https://www.sageaudio.com/blog/mastering/mastering-for-streaming-platform-loudness-and-normalization-explained.php
   * Sources disagree on the level
   * (https://www.backinthebarnproductions.com/luf-values.html gives "-9 to
   * -13 LUFS"); -14 is the figure most cite. No album mode is documented. */
  { "amazon-music", "Amazon Music", -14.0, FALSE, NAN, NAN, FALSE, TRUE,
    "https://apu.software/amazon-music-loudness" },
  /* Deezer: -15 LUFS, only turns down. No published rule; commonly cited:
   * https://apu.software/deezer-loudness-target ("Deezer has historically
   * targeted -15 LUFS") and the production-expert.com page above ("Deezer
   * Normalise to -15LUFS"). Whether it boosts is not documented; we take
   * the common reading that it only turns down. No album mode is
   * documented. */
  { "deezer", "Deezer", -15.0, FALSE, NAN, NAN, FALSE, TRUE,
    "https://apu.software/deezer-loudness-target" },
};

const char *
lq_platform_context_to_string (LqPlatformContext context)
{
  return context == LQ_PLATFORM_CONTEXT_ALBUM ? "album" : "track";
}

const char *
lq_platform_levels_to_string (LqPlatformLevels levels)
{
  return levels == LQ_PLATFORM_LEVELS_MATCH ? "match" : "analysis";
}

const LqPlatform *
lq_platform_get_all (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (platforms);
  return platforms;
}

const LqPlatform *
lq_platform_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (g_strcmp0 (platforms[i].id, id) == 0)
      return &platforms[i];
  return NULL;
}

char *
lq_platform_dup_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", platforms[i].id);
  return g_string_free (s, FALSE);
}

/* The gain that brings audio of loudness @lufs and true peak @peak to the
 * platform's level under its rule; 0 without a loudness. */
static double
rule_gain (const LqPlatform *platform,
           double lufs,
           double peak)
{
  double gain;

  if (!isfinite (lufs))
    return 0.0;
  gain = platform->target_lufs - lufs;
  if (gain <= 0.0)
    return gain;
  if (!platform->boosts)
    return 0.0;
  if (isfinite (platform->boost_peak_limit_dbtp) && isfinite (peak))
    gain = MAX (0.0, MIN (gain, platform->boost_peak_limit_dbtp - peak));
  return gain;
}

double
lq_platform_track_get_listening_gain_db (const LqPlatformTrack *track)
{
  double gain;

  g_return_val_if_fail (track != NULL, 0.0);

  gain = isfinite (track->playback_gain_db) ? track->playback_gain_db : 0.0;
  if (isfinite (track->limited_db) && track->limited_db > 0.0)
    gain -= track->limited_db;
  return gain;
}

void
lq_platform_apply (const LqPlatform *platform,
                   LqPlatformContext context,
                   guint n,
                   const double *lufs,
                   const double *true_peak_dbtp,
                   double album_lufs,
                   double *gain_db,
                   double *limited_db)
{
  g_return_if_fail (platform != NULL);
  g_return_if_fail (n == 0 || (lufs != NULL && true_peak_dbtp != NULL));
  g_return_if_fail (n == 0 || (gain_db != NULL && limited_db != NULL));

  if (context == LQ_PLATFORM_CONTEXT_ALBUM)
    {
      double album_peak = NAN;
      double gain;

      for (guint i = 0; i < n; i++)
        if (isfinite (true_peak_dbtp[i]))
          album_peak = isfinite (album_peak) ? MAX (album_peak, true_peak_dbtp[i]) : true_peak_dbtp[i];
      gain = rule_gain (platform, album_lufs, album_peak);
      for (guint i = 0; i < n; i++)
        gain_db[i] = gain;
    }
  else
    {
      for (guint i = 0; i < n; i++)
        gain_db[i] = rule_gain (platform, lufs[i], true_peak_dbtp[i]);
    }
  for (guint i = 0; i < n; i++)
    {
      limited_db[i] = 0.0;
      if (isfinite (platform->limiter_dbtp) && isfinite (true_peak_dbtp[i]))
        limited_db[i] = MAX (0.0, true_peak_dbtp[i] + gain_db[i] - platform->limiter_dbtp);
    }
}

static void
playback_clear (gpointer data)
{
  LqPlatformPlayback *pb = data;

  for (guint i = 0; i < pb->n_tracks; i++)
    g_free (pb->tracks[i].title);
  g_clear_pointer (&pb->tracks, g_free);
}

static void
add_playback (LqPlatformPreview *self,
              const LqPlatform *platform,
              LqPlatformContext context,
              guint n,
              const char *const *titles,
              const double *lufs,
              const double *peaks)
{
  LqPlatformPlayback pb = { platform, context, n, g_new0 (LqPlatformTrack, MAX (n, 1)), 0.0, 0 };
  g_autofree double *gains = g_new0 (double, MAX (n, 1));
  g_autofree double *limited = g_new0 (double, MAX (n, 1));

  lq_platform_apply (platform, context, n, lufs, peaks, self->album_lufs, gains, limited);
  for (guint i = 0; i < n; i++)
    {
      LqPlatformTrack *t = &pb.tracks[i];

      t->number = i + 1;
      t->title = g_strdup (titles != NULL ? titles[i] : NULL);
      t->master_lufs = lufs[i];
      t->master_true_peak_dbtp = peaks[i];
      t->playback_gain_db = gains[i];
      t->limited_db = limited[i];
      t->listener_lufs = isfinite (lufs[i]) ? lufs[i] + gains[i] : NAN;
      t->jump_lu = i > 0 ? t->listener_lufs - pb.tracks[i - 1].listener_lufs : NAN;
      if (isfinite (t->jump_lu) && (pb.max_jump_track == 0 || fabs (t->jump_lu) > fabs (pb.max_jump_lu)))
        {
          pb.max_jump_lu = t->jump_lu;
          pb.max_jump_track = t->number;
        }
    }
  g_array_append_val (self->playbacks, pb);
}

LqPlatformPreview *
lq_platform_preview_new_from_levels (guint n,
                                     const char *const *titles,
                                     const double *lufs,
                                     const double *true_peak_dbtp,
                                     double album_lufs,
                                     LqPlatformLevels levels,
                                     const char *platform_id,
                                     GError **error)
{
  LqPlatformPreview *self;
  const LqPlatform *only = NULL;

  g_return_val_if_fail (n == 0 || (lufs != NULL && true_peak_dbtp != NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (platform_id != NULL && (only = lq_platform_find (platform_id)) == NULL)
    {
      g_autofree char *ids = lq_platform_dup_ids ();

      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("“%s” is not a platform; choose one of %s"), platform_id, ids);
      return NULL;
    }

  self = g_new0 (LqPlatformPreview, 1);
  self->levels = levels;
  self->album_lufs = album_lufs;
  self->playbacks = g_array_new (FALSE, TRUE, sizeof (LqPlatformPlayback));
  g_array_set_clear_func (self->playbacks, playback_clear);
  for (guint p = 0; p < G_N_ELEMENTS (platforms); p++)
    {
      const LqPlatform *platform = &platforms[p];

      if (only != NULL && only != platform)
        continue;
      if (platform->has_album_mode)
        add_playback (self, platform, LQ_PLATFORM_CONTEXT_ALBUM, n, titles, lufs, true_peak_dbtp);
      if (platform->has_track_mode)
        add_playback (self, platform, LQ_PLATFORM_CONTEXT_TRACK, n, titles, lufs, true_peak_dbtp);
    }
  return self;
}

/* The stored match planned again, or NULL when the album was never
 * matched (or cannot be planned any more). */
static LqMatchPlan *
stored_match_plan (LqProject *project)
{
  LqProjectMatch stored = { 0 };
  gboolean matched = lq_project_get_match (project, &stored);

  lq_project_match_clear (&stored);
  return matched ? lq_project_get_match_plan (project) : NULL;
}

/* The album as the tracks' gains leave it, no match: a plan to a target
 * without a loudness rule (gains 0) at the export's ceiling. */
static LqMatchPlan *
unmatched_plan (LqProject *project,
                GError **error)
{
  LqRenderOptions render;
  LqMatchSettings settings;

  lq_export_get_default_render_options (project, &render);
  lq_match_settings_init (&settings);
  settings.target = "cd";
  settings.mode = LQ_MATCH_MODE_ALBUM;
  settings.ceiling_dbtp = CLAMP (render.ceiling_dbtp, -20.0, 0.0);
  return lq_project_plan_match (project, &settings, error);
}

LqPlatformPreview *
lq_platform_preview_new (LqProject *project,
                         const char *platform_id,
                         GError **error)
{
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree double *held = NULL;
  g_autofree double *lufs = NULL;
  g_autofree double *peaks = NULL;
  LqPlatformLevels levels = LQ_PLATFORM_LEVELS_MATCH;
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (platform_id != NULL && lq_platform_find (platform_id) == NULL)
    return lq_platform_preview_new_from_levels (0, NULL, NULL, NULL, NAN, levels, platform_id, error);

  n = lq_project_get_n_tracks (project);
  plan = stored_match_plan (project);
  if (plan == NULL)
    {
      levels = LQ_PLATFORM_LEVELS_ANALYSIS;
      plan = unmatched_plan (project, error);
      if (plan == NULL)
        return NULL;
    }
  else
    held = lq_export_get_held_levels (project);
  g_assert (lq_match_plan_get_n_tracks (plan) == n);

  titles = g_ptr_array_new ();
  lufs = g_new (double, MAX (n, 1));
  peaks = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const LqMatchTrack *t = lq_match_plan_get_track (plan, i);

      g_ptr_array_add (titles, (gpointer) lq_track_get_display_name (lq_project_get_track (project, i + 1)));
      lufs[i] = held != NULL && isfinite (held[i]) ? held[i] : t->predicted_lufs;
      peaks[i] = t->output_true_peak_dbtp;
    }
  return lq_platform_preview_new_from_levels (n, (const char *const *) titles->pdata, lufs, peaks,
                                              lq_match_plan_get_predicted_album_lufs (plan),
                                              levels, platform_id, error);
}

void
lq_platform_preview_free (LqPlatformPreview *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->playbacks);
  g_free (self);
}

LqPlatformLevels
lq_platform_preview_get_levels (LqPlatformPreview *self)
{
  g_return_val_if_fail (self != NULL, LQ_PLATFORM_LEVELS_ANALYSIS);

  return self->levels;
}

double
lq_platform_preview_get_album_lufs (LqPlatformPreview *self)
{
  g_return_val_if_fail (self != NULL, NAN);

  return self->album_lufs;
}

guint
lq_platform_preview_get_n_playbacks (LqPlatformPreview *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->playbacks->len;
}

const LqPlatformPlayback *
lq_platform_preview_get_playback (LqPlatformPreview *self,
                                  guint i)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (i < self->playbacks->len, NULL);

  return &g_array_index (self->playbacks, LqPlatformPlayback, i);
}

const LqPlatformPlayback *
lq_platform_preview_find (LqPlatformPreview *self,
                          const char *platform_id,
                          LqPlatformContext context)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (platform_id != NULL, NULL);

  for (guint i = 0; i < self->playbacks->len; i++)
    {
      const LqPlatformPlayback *pb = &g_array_index (self->playbacks, LqPlatformPlayback, i);

      if (pb->context == context && g_strcmp0 (pb->platform->id, platform_id) == 0)
        return pb;
    }
  return NULL;
}

JsonNode *
lq_platform_preview_to_json (LqPlatformPreview *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  lq_json_add_string (b, "levels_from", lq_platform_levels_to_string (self->levels));
  lq_json_add_number (b, "album_lufs", self->album_lufs);
  json_builder_set_member_name (b, "playbacks");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->playbacks->len; i++)
    {
      const LqPlatformPlayback *pb = &g_array_index (self->playbacks, LqPlatformPlayback, i);
      const char *context = lq_platform_context_to_string (pb->context);

      json_builder_begin_object (b);
      lq_json_add_string (b, "platform", pb->platform->id);
      lq_json_add_string (b, "name", pb->platform->name);
      lq_json_add_string (b, "context", context);
      lq_json_add_number (b, "target_lufs", pb->platform->target_lufs);
      json_builder_set_member_name (b, "boosts");
      json_builder_add_boolean_value (b, pb->platform->boosts);
      lq_json_add_number (b, "boost_peak_limit_dbtp", pb->platform->boost_peak_limit_dbtp);
      lq_json_add_number (b, "limiter_dbtp", pb->platform->limiter_dbtp);
      lq_json_add_string (b, "source", pb->platform->source);
      lq_json_add_number (b, "max_jump_lu", pb->max_jump_lu);
      json_builder_set_member_name (b, "max_jump_track");
      json_builder_add_int_value (b, pb->max_jump_track);
      json_builder_set_member_name (b, "tracks");
      json_builder_begin_array (b);
      for (guint t = 0; t < pb->n_tracks; t++)
        {
          const LqPlatformTrack *tr = &pb->tracks[t];

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "number");
          json_builder_add_int_value (b, tr->number);
          lq_json_add_string (b, "title", tr->title);
          lq_json_add_string (b, "platform", pb->platform->id);
          lq_json_add_string (b, "context", context);
          lq_json_add_number (b, "master_lufs", tr->master_lufs);
          lq_json_add_number (b, "master_true_peak_dbtp", tr->master_true_peak_dbtp);
          lq_json_add_number (b, "playback_gain_db", tr->playback_gain_db);
          lq_json_add_number (b, "listener_lufs", tr->listener_lufs);
          lq_json_add_number (b, "limited_db", tr->limited_db);
          lq_json_add_number (b, "jump_lu", tr->jump_lu);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
