/* test-platform-preview.c: what listeners will hear (lq-platform.h,
 * lq-platform-plot.h).
 *
 * A generated album of three 8 s tracks: a -9 dBFS sine, a -14 dBFS sine
 * and a -24 dBFS sine with a 5 ms burst to -3 dBFS (quiet, with a high
 * peak: Spotify's boost stops at its peak). Without a match the master's
 * figures are the files' own, held against libebur128 (each file, and the
 * three files as one programme for the album); with a gain on a track they
 * move by it; with a match they are the stored match's held levels and
 * planned peaks. In every case each platform's gains follow its published
 * rule, computed here from a table of the rules written independently of
 * lq-platform.c's; the listener's loudness is the master's plus the gain
 * and the jumps are its differences. An unknown platform fails, naming the
 * known ones. The plot's bars stand where the figures put them and the
 * PNG is written for a look.
 */
#include <math.h>
#include <stdlib.h>

#include "lq-error.h"
#include "lq-export.h"
#include "lq-platform-plot.h"
#include "lq-platform.h"
#include "lq-project.h"
#include "lq-test-audio.h"

#define RATE 44100
#define FRAMES (8 * RATE)
#define N_TRACKS 3

typedef struct
{
  double base_dbfs;
  double burst_dbfs;   /* -inf: none */
} Signal;

static const Signal signals[N_TRACKS] = {
  { -9.0, -INFINITY },
  { -14.0, -INFINITY },
  { -24.0, -3.0 },
};

/* A 1 kHz sine; from 1.0 s for 5 ms at the burst's level. */
static double
signal_at (guint64 i,
           guint c,
           guint rate,
           gpointer data)
{
  const Signal *s = data;
  double db = s->base_dbfs;

  if (isfinite (s->burst_dbfs) && i >= rate && i < rate + rate / 200)
    db = s->burst_dbfs;
  return pow (10.0, db / 20.0) * sin (2.0 * G_PI * 1000.0 * (double) i / rate);
}

/* The three tracks one after the other. */
static double
album_at (guint64 i,
          guint c,
          guint rate,
          gpointer data)
{
  return signal_at (i % FRAMES, c, rate, (gpointer) &signals[i / FRAMES]);
}

/* The rules as published (see README, "What listeners will hear"), written
 * here again: id, target, boosts, boost stops at this true peak, limiter
 * at, album context, track context. */
static const struct
{
  const char *id;
  double target;
  gboolean boosts;
  double peak_limit;
  double limiter;
  gboolean album;
  gboolean track;
} rules[] = {
  { "spotify-normal", -14.0, TRUE, -1.0, NAN, TRUE, TRUE },
  { "spotify-loud", -11.0, TRUE, NAN, -1.0, TRUE, TRUE },
  { "spotify-quiet", -19.0, TRUE, -1.0, NAN, TRUE, TRUE },
  { "apple-music", -16.0, TRUE, 0.0, NAN, TRUE, TRUE },
  { "youtube", -14.0, FALSE, NAN, NAN, FALSE, TRUE },
  { "tidal", -14.0, FALSE, NAN, NAN, TRUE, FALSE },
  { "amazon-music", -14.0, FALSE, NAN, NAN, FALSE, TRUE },
  { "deezer", -15.0, FALSE, NAN, NAN, FALSE, TRUE },
};

typedef struct
{
  char *dir;
  char *project_path;
  char *paths[N_TRACKS + 1];
  LqProject *project;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = lq_test_tmpdir ();
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);

      f->paths[i] = g_build_filename (f->dir, name, NULL);
      lq_test_write (f->paths[i], SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, FRAMES,
                     signal_at, (gpointer) &signals[i], NULL);
    }
  f->project_path = g_build_filename (f->dir, "album.lacquer", NULL);
  f->project = lq_project_create (f->project_path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (f->project, (const char *const *) f->paths, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (lq_project_analyze (f->project, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_assert_finalize_object (f->project);
  lq_test_rmdir (f->dir);
  for (guint i = 0; i < N_TRACKS; i++)
    g_free (f->paths[i]);
  g_free (f->project_path);
  g_free (f->dir);
}

/* The gain the rule gives audio of loudness @l and true peak @p. */
static double
expected_gain (guint r,
               double l,
               double p)
{
  double gain;

  if (!isfinite (l))
    return 0.0;
  gain = rules[r].target - l;
  if (gain > 0.0 && !rules[r].boosts)
    gain = 0.0;
  if (gain > 0.0 && isfinite (rules[r].peak_limit))
    gain = MAX (0.0, MIN (gain, rules[r].peak_limit - p));
  return gain;
}

/* Every platform's playbacks follow its rule from the master's figures. */
static void
assert_rules (LqPlatformPreview *preview)
{
  guint n_expected = 0;

  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    {
      for (int c = LQ_PLATFORM_CONTEXT_ALBUM; c <= LQ_PLATFORM_CONTEXT_TRACK; c++)
        {
          const LqPlatformPlayback *pb = lq_platform_preview_find (preview, rules[r].id, c);
          gboolean has = c == LQ_PLATFORM_CONTEXT_ALBUM ? rules[r].album : rules[r].track;
          double album_peak = -INFINITY;
          double album_gain;
          double largest = 0.0;
          guint largest_track = 0;

          if (!has)
            {
              g_assert_null (pb);
              continue;
            }
          n_expected++;
          g_assert_nonnull (pb);
          g_assert_cmpuint (pb->n_tracks, ==, N_TRACKS);
          g_assert_cmpfloat (pb->platform->target_lufs, ==, rules[r].target);
          for (guint i = 0; i < N_TRACKS; i++)
            album_peak = MAX (album_peak, pb->tracks[i].master_true_peak_dbtp);
          album_gain = expected_gain (r, lq_platform_preview_get_album_lufs (preview), album_peak);
          for (guint i = 0; i < N_TRACKS; i++)
            {
              const LqPlatformTrack *t = &pb->tracks[i];
              double gain = c == LQ_PLATFORM_CONTEXT_ALBUM
                            ? album_gain
                            : expected_gain (r, t->master_lufs, t->master_true_peak_dbtp);
              double limited = isfinite (rules[r].limiter)
                               ? MAX (0.0, t->master_true_peak_dbtp + gain - rules[r].limiter) : 0.0;

              g_assert_cmpuint (t->number, ==, i + 1);
              g_assert_cmpfloat_with_epsilon (t->playback_gain_db, gain, 1e-9);
              g_assert_cmpfloat_with_epsilon (t->listener_lufs, t->master_lufs + gain, 1e-9);
              g_assert_cmpfloat_with_epsilon (t->limited_db, limited, 1e-9);
              if (!rules[r].boosts)
                g_assert_cmpfloat (t->playback_gain_db, <=, 0.0);
              if (i == 0)
                {
                  g_assert_true (isnan (t->jump_lu));
                  continue;
                }
              g_assert_cmpfloat_with_epsilon (t->jump_lu, t->listener_lufs - pb->tracks[i - 1].listener_lufs,
                                              1e-9);
              if (largest_track == 0 || fabs (t->jump_lu) > fabs (largest))
                {
                  largest = t->jump_lu;
                  largest_track = i + 1;
                }
            }
          g_assert_cmpfloat_with_epsilon (pb->max_jump_lu, largest, 1e-9);
          g_assert_cmpuint (pb->max_jump_track, ==, largest_track);
          /* Album context: one gain, so the jumps are the master's. */
          if (c == LQ_PLATFORM_CONTEXT_ALBUM)
            for (guint i = 1; i < N_TRACKS; i++)
              g_assert_cmpfloat_with_epsilon (pb->tracks[i].jump_lu,
                                              pb->tracks[i].master_lufs - pb->tracks[i - 1].master_lufs, 1e-9);
        }
    }
  g_assert_cmpuint (lq_platform_preview_get_n_playbacks (preview), ==, n_expected);
}

/* An unknown platform fails, naming every known one. */
static void
test_unknown (Fixture *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqPlatformPreview *preview = lq_platform_preview_new (f->project, "napster", &error);

  g_assert_null (preview);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "napster"));
  for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
    g_assert_nonnull (strstr (error->message, rules[r].id));
  g_assert_null (lq_platform_find ("napster"));
}

/* The JSON: every playback and track with the fields. */
static void
test_json (Fixture *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqPlatformPreview) preview = lq_platform_preview_new (f->project, NULL, &error);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;
  JsonArray *playbacks;

  g_assert_no_error (error);
  root = lq_platform_preview_to_json (preview);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "levels_from"), ==, "analysis");
  playbacks = json_object_get_array_member (o, "playbacks");
  g_assert_cmpuint (json_array_get_length (playbacks), ==, lq_platform_preview_get_n_playbacks (preview));
  for (guint i = 0; i < json_array_get_length (playbacks); i++)
    {
      JsonObject *p = json_array_get_object_element (playbacks, i);
      const LqPlatformPlayback *pb = lq_platform_preview_get_playback (preview, i);
      JsonArray *tracks = json_object_get_array_member (p, "tracks");

      g_assert_cmpstr (json_object_get_string_member (p, "platform"), ==, pb->platform->id);
      g_assert_cmpstr (json_object_get_string_member (p, "context"), ==,
                       pb->context == LQ_PLATFORM_CONTEXT_ALBUM ? "album" : "track");
      g_assert_cmpuint (json_array_get_length (tracks), ==, N_TRACKS);
      for (guint t = 0; t < N_TRACKS; t++)
        {
          JsonObject *to = json_array_get_object_element (tracks, t);

          g_assert_cmpint (json_object_get_int_member (to, "number"), ==, t + 1);
          g_assert_cmpstr (json_object_get_string_member (to, "platform"), ==, pb->platform->id);
          g_assert_cmpstr (json_object_get_string_member (to, "context"), ==,
                           json_object_get_string_member (p, "context"));
          g_assert_cmpfloat (json_object_get_double_member (to, "playback_gain_db"), ==,
                             pb->tracks[t].playback_gain_db);
          g_assert_cmpfloat (json_object_get_double_member (to, "listener_lufs"), ==, pb->tracks[t].listener_lufs);
          g_assert_cmpfloat (json_object_get_double_member (to, "limited_db"), ==, pb->tracks[t].limited_db);
          if (t == 0)
            g_assert_true (json_object_get_null_member (to, "jump_lu"));
          else
            g_assert_cmpfloat (json_object_get_double_member (to, "jump_lu"), ==, pb->tracks[t].jump_lu);
        }
    }
}

/* No match: the files' own figures (libebur128), and the rules on them. */
static void
test_unmatched (Fixture *f,
                gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqPlatformPreview) preview = lq_platform_preview_new (f->project, NULL, &error);
  g_autofree char *album_path = g_build_filename (f->dir, "album.wav", NULL);
  const LqPlatformPlayback *normal, *youtube, *loud, *album;
  double lufs[N_TRACKS], peaks[N_TRACKS];
  double album_peak;

  g_assert_no_error (error);
  g_assert_nonnull (preview);
  test_unknown (f, data);
  test_json (f, data);
  g_assert_cmpint (lq_platform_preview_get_levels (preview), ==, LQ_PLATFORM_LEVELS_ANALYSIS);
  normal = lq_platform_preview_find (preview, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      lufs[i] = lq_test_ebur128 (f->paths[i], &peaks[i]);
      g_assert_cmpfloat_with_epsilon (normal->tracks[i].master_lufs, lufs[i], 0.05);
      g_assert_cmpfloat_with_epsilon (normal->tracks[i].master_true_peak_dbtp, peaks[i], 0.2);
      g_assert_cmpstr (normal->tracks[i].title, !=, NULL);
    }
  /* The album as one programme. */
  lq_test_write (album_path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, N_TRACKS * FRAMES, album_at, NULL, NULL);
  g_assert_cmpfloat_with_epsilon (lq_platform_preview_get_album_lufs (preview), lq_test_ebur128 (album_path, &album_peak),
                                  0.1);
  /* The figures this test is built on: loud, on target, quiet with a peak. */
  g_assert_cmpfloat (lufs[0], >, -10.0);
  g_assert_cmpfloat (fabs (lufs[1] + 14.0), <, 0.8);
  g_assert_cmpfloat (lufs[2], <, -20.0);
  g_assert_cmpfloat (peaks[2], >, -3.5);

  assert_rules (preview);

  /* Spotify normal, shuffle: the loud track down to -14, the quiet one
   * raised only until its peak reaches -1 dBTP: by about 2 dB, not 9. */
  g_assert_cmpfloat_with_epsilon (normal->tracks[0].listener_lufs, -14.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (normal->tracks[2].playback_gain_db,
                                  -1.0 - normal->tracks[2].master_true_peak_dbtp, 1e-9);
  g_assert_cmpfloat (normal->tracks[2].playback_gain_db, <, -14.0 - normal->tracks[2].master_lufs - 5.0);
  g_assert_cmpfloat (normal->tracks[2].listener_lufs, <, -19.0);
  /* YouTube never raises the quiet track. */
  youtube = lq_platform_preview_find (preview, "youtube", LQ_PLATFORM_CONTEXT_TRACK);
  g_assert_cmpfloat (youtube->tracks[2].playback_gain_db, ==, 0.0);
  g_assert_cmpfloat (youtube->tracks[0].playback_gain_db, <, -4.0);
  /* Spotify loud raises it all the way and its limiter takes the peak. */
  loud = lq_platform_preview_find (preview, "spotify-loud", LQ_PLATFORM_CONTEXT_TRACK);
  g_assert_cmpfloat_with_epsilon (loud->tracks[2].listener_lufs, -11.0, 1e-9);
  g_assert_cmpfloat (loud->tracks[2].limited_db, >, 8.0);
  /* Played without a limiter, it is held where the limiter holds its peak */
  g_assert_cmpfloat_with_epsilon (lq_platform_track_get_listening_gain_db (&loud->tracks[2]),
                                  loud->platform->limiter_dbtp - loud->tracks[2].master_true_peak_dbtp, 1e-9);
  g_assert_cmpfloat (lq_platform_track_get_listening_gain_db (&youtube->tracks[0]), ==,
                     youtube->tracks[0].playback_gain_db);
  /* Spotify normal, album: one gain, from the album's loudness. */
  album = lq_platform_preview_find (preview, "spotify-normal", LQ_PLATFORM_CONTEXT_ALBUM);
  g_assert_cmpfloat_with_epsilon (album->tracks[1].playback_gain_db,
                                  -14.0 - lq_platform_preview_get_album_lufs (preview), 1e-9);
  g_assert_cmpfloat (album->tracks[0].playback_gain_db, ==, album->tracks[2].playback_gain_db);
  /* TIDAL plays albums with the album's gain only. */
  g_assert_null (lq_platform_preview_find (preview, "tidal", LQ_PLATFORM_CONTEXT_TRACK));
  g_assert_nonnull (lq_platform_preview_find (preview, "tidal", LQ_PLATFORM_CONTEXT_ALBUM));

  /* One platform only. */
  {
    g_autoptr(LqPlatformPreview) one = lq_platform_preview_new (f->project, "youtube", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (lq_platform_preview_get_n_playbacks (one), ==, 1);
    g_assert_cmpstr (lq_platform_preview_get_playback (one, 0)->platform->id, ==, "youtube");
  }

  /* A gain on track 2 moves its master's figures by as much. */
  {
    const char *assignments[] = { "gain=2", NULL };
    g_autoptr(LqPlatformPreview) gained = NULL;
    const LqPlatformPlayback *pb;

    g_assert_true (lq_project_set_track (f->project, 2, assignments, &error));
    g_assert_no_error (error);
    gained = lq_platform_preview_new (f->project, "spotify-normal", &error);
    g_assert_no_error (error);
    pb = lq_platform_preview_find (gained, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK);
    g_assert_cmpfloat_with_epsilon (pb->tracks[1].master_lufs, normal->tracks[1].master_lufs + 2.0, 0.01);
    g_assert_cmpfloat_with_epsilon (pb->tracks[1].master_true_peak_dbtp,
                                    normal->tracks[1].master_true_peak_dbtp + 2.0, 0.01);
    g_assert_cmpfloat (lq_platform_preview_get_album_lufs (gained), >, lq_platform_preview_get_album_lufs (preview));
  }
}

/* A matched album: the stored match's held levels and planned peaks. */
static void
test_matched (Fixture *f,
              gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autoptr(LqMatchPlan) stored = NULL;
  g_autoptr(LqPlatformPreview) preview = NULL;
  g_autofree double *held = NULL;
  LqMatchSettings settings;
  const LqPlatformPlayback *pb;

  lq_match_settings_init (&settings);
  settings.target = "spotify";
  settings.mode = LQ_MATCH_MODE_CONTINUITY;
  settings.keep = 0.5;
  plan = lq_project_plan_match (f->project, &settings, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_store_match (f->project, plan, NULL, NULL, &error));
  g_assert_no_error (error);

  preview = lq_platform_preview_new (f->project, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lq_platform_preview_get_levels (preview), ==, LQ_PLATFORM_LEVELS_MATCH);
  held = lq_export_get_held_levels (f->project);
  stored = lq_project_get_match_plan (f->project);
  pb = lq_platform_preview_find (preview, "apple-music", LQ_PLATFORM_CONTEXT_TRACK);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      const LqMatchTrack *t = lq_match_plan_get_track (stored, i);

      g_assert_true (isfinite (held[i]));
      g_assert_cmpfloat (pb->tracks[i].master_lufs, ==, held[i]);
      g_assert_cmpfloat (pb->tracks[i].master_true_peak_dbtp, ==, MIN (t->predicted_true_peak_dbtp, -1.0));
      /* Held where the plan put it: half the offsets kept. */
      g_assert_cmpfloat_with_epsilon (held[i], t->predicted_lufs, 0.01);
    }
  /* The quiet track was raised into the ceiling. */
  g_assert_cmpfloat (pb->tracks[2].master_true_peak_dbtp, ==, -1.0);
  g_assert_cmpfloat_with_epsilon (lq_platform_preview_get_album_lufs (preview), -14.0, 0.01);
  assert_rules (preview);
  /* Matched to -14: Spotify normal's album gain is nil. */
  g_assert_cmpfloat_with_epsilon (lq_platform_preview_find (preview, "spotify-normal", LQ_PLATFORM_CONTEXT_ALBUM)
                                    ->tracks[0].playback_gain_db, 0.0, 0.01);
}

#define W 640.0
#define H 320.0

/* The bars stand at the listener's levels; the slots tell the tracks. */
static void
test_plot (Fixture *f,
           gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqPlatformPreview) preview = lq_platform_preview_new (f->project, "spotify-normal", &error);
  const LqPlatformPlayback *pb;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) W, (int) H);
  cairo_t *cr = cairo_create (surface);
  LqPlotStyle style;
  LqPlotAxis axis;
  double px_per_lu;
  double slot = (W - LQ_PLATFORM_PLOT_LEFT_PX - LQ_PLATFORM_PLOT_RIGHT_PX) / N_TRACKS;

  g_assert_no_error (error);
  pb = lq_platform_preview_find (preview, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK);
  lq_platform_plot_get_axis (pb, W, H, &axis);
  /* The axis spans every level and the target. */
  g_assert_cmpfloat (axis.from_px, ==, H - LQ_PLATFORM_PLOT_BOTTOM_PX);
  g_assert_cmpfloat (axis.to_px, ==, LQ_PLATFORM_PLOT_TOP_PX);
  g_assert_cmpfloat (axis.min, <, pb->tracks[2].listener_lufs);
  g_assert_cmpfloat (axis.max, >, pb->tracks[0].master_lufs);
  px_per_lu = (axis.from_px - axis.to_px) / (axis.max - axis.min);

  lq_plot_style_init_light (&style);
  lq_platform_plot_draw (cr, pb, &style, W, H);
  cairo_surface_flush (surface);

  for (guint i = 0; i < N_TRACKS; i++)
    {
      double x, y, w, h;
      const guint8 *pixel;

      g_assert_true (lq_platform_plot_get_bar (pb, W, H, i, &x, &y, &w, &h));
      /* From the axis's floor up to the listener's level... */
      g_assert_cmpfloat_with_epsilon (y + h, H - LQ_PLATFORM_PLOT_BOTTOM_PX, 1e-9);
      g_assert_cmpfloat_with_epsilon (h, (pb->tracks[i].listener_lufs - axis.min) * px_per_lu, 1e-9);
      /* ...centred in its slot, 0.6 of it wide. */
      g_assert_cmpfloat_with_epsilon (x + w / 2.0, LQ_PLATFORM_PLOT_LEFT_PX + (i + 0.5) * slot, 1e-9);
      g_assert_cmpfloat_with_epsilon (w, slot * LQ_PLATFORM_PLOT_BAR_FRACTION, 1e-9);
      g_assert_cmpuint (lq_platform_plot_hit (pb, W, H, x + w / 2.0, y + h / 2.0), ==, i + 1);
      /* Drawn there: the accent (blue) inside the bar, near its foot. */
      pixel = cairo_image_surface_get_data (surface)
              + (int) (y + h - 3.0) * cairo_image_surface_get_stride (surface) + (int) (x + w / 4.0) * 4;
      g_assert_cmpint (pixel[0], >, pixel[2] + 60);   /* BGRx: blue over red */
    }
  /* The jump from track 1 to track 2 in pixels is the difference in LU. */
  {
    double x0, y0, w0, h0, x1, y1, w1, h1;

    lq_platform_plot_get_bar (pb, W, H, 0, &x0, &y0, &w0, &h0);
    lq_platform_plot_get_bar (pb, W, H, 1, &x1, &y1, &w1, &h1);
    g_assert_cmpfloat_with_epsilon (h1 - h0, pb->tracks[1].jump_lu * px_per_lu, 1e-9);
  }
  g_assert_cmpuint (lq_platform_plot_hit (pb, W, H, LQ_PLATFORM_PLOT_LEFT_PX - 1.0, H / 2.0), ==, 0);
  g_assert_cmpuint (lq_platform_plot_hit (pb, W, H, W / 2.0, 2.0), ==, 0);
  {
    const char *dir = g_getenv ("LQ_SCREENSHOT_DIR");
    g_autofree char *png = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), "test-platform-plot.png", NULL);

    g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
    g_test_message ("drawing: %s", png);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* A track without a loudness: no gain in shuffle, no bar, no jump. */
static void
test_no_loudness (void)
{
  const double lufs[3] = { -10.0, NAN, -12.0 };
  const double peaks[3] = { -1.0, NAN, -2.0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LqPlatformPreview) preview = lq_platform_preview_new_from_levels (3, NULL, lufs, peaks, -11.0,
                                                                              LQ_PLATFORM_LEVELS_ANALYSIS,
                                                                              "spotify-normal", &error);
  const LqPlatformPlayback *pb;
  double x, y, w, h;

  g_assert_no_error (error);
  pb = lq_platform_preview_find (preview, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK);
  g_assert_cmpfloat (pb->tracks[1].playback_gain_db, ==, 0.0);
  g_assert_true (isnan (pb->tracks[1].listener_lufs));
  g_assert_true (isnan (pb->tracks[1].jump_lu));
  g_assert_true (isnan (pb->tracks[2].jump_lu));
  g_assert_cmpuint (pb->max_jump_track, ==, 0);
  g_assert_false (lq_platform_plot_get_bar (pb, W, H, 1, &x, &y, &w, &h));
  g_assert_true (lq_platform_plot_get_bar (pb, W, H, 2, &x, &y, &w, &h));
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* Each fixture analyses the album: the tests that only read it share one. */
  g_test_add ("/platform-preview/unmatched", Fixture, NULL, fixture_setup, test_unmatched, fixture_teardown);
  g_test_add ("/platform-preview/matched", Fixture, NULL, fixture_setup, test_matched, fixture_teardown);
  g_test_add ("/platform-preview/plot", Fixture, NULL, fixture_setup, test_plot, fixture_teardown);
  g_test_add_func ("/platform-preview/no-loudness", test_no_loudness);
  return g_test_run ();
}
