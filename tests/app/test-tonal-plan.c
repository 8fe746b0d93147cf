/* test-tonal-plan.c: the long-term spectrum in every analysis (and its JSON
 * form), and the tonal side of album matching, on generated noise whose
 * tilts are known: white rises 3 dB per octave in 1/3-octave bands, pink is
 * flat, brown falls 3 dB per octave. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "lq-analysis-json.h"
#include "lq-analyzer.h"
#include "lq-error.h"
#include "lq-match-eq.h"
#include "lq-test-audio.h"
#include "lq-tonal-plan.h"
#include "lq-track-analysis-private.h"

#define RATE 48000
#define SECONDS 12
#define FRAMES ((guint64) RATE * SECONDS)

typedef enum
{
  WHITE,
  PINK,
  BROWN,
  SILENCE,
} Colour;

/* Planar audio kept in memory: written to files, and rendered through the
 * match EQ. */
typedef struct
{
  guint rate;
  guint channels;
  guint64 frames;
  float *ch[2];
} Audio;

static void
audio_free (Audio *a)
{
  g_free (a->ch[0]);
  g_free (a->ch[1]);
  g_free (a);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Audio, audio_free)

/* Noise of @colour at @rms_dbfs (its RMS over the whole buffer). */
static float *
noise (Colour colour,
       guint64 frames,
       double rms_dbfs,
       guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  float *out = g_new (float, frames);
  double b[7] = { 0 }, brown = 0.0, sum = 0.0, sum2 = 0.0, mean, scale;
  g_autofree double *x = g_new (double, frames);

  for (guint64 i = 0; i < frames; i++)
    {
      double w = g_rand_double_range (rand, -1.0, 1.0);

      switch (colour)
        {
        case WHITE:
          x[i] = w;
          break;
        case PINK:
          /* Paul Kellet's refined pink filter (within 0.05 dB above 9 Hz). */
          b[0] = 0.99886 * b[0] + w * 0.0555179;
          b[1] = 0.99332 * b[1] + w * 0.0750759;
          b[2] = 0.96900 * b[2] + w * 0.1538520;
          b[3] = 0.86650 * b[3] + w * 0.3104856;
          b[4] = 0.55000 * b[4] + w * 0.5329522;
          b[5] = -0.7616 * b[5] - w * 0.0168980;
          x[i] = b[0] + b[1] + b[2] + b[3] + b[4] + b[5] + b[6] + w * 0.5362;
          b[6] = w * 0.115926;
          break;
        case BROWN:
          /* A leaky integrator: -6 dB per octave above about 4 Hz. */
          brown = 0.9995 * brown + w;
          x[i] = brown;
          break;
        case SILENCE:
          x[i] = 0.0;
          break;
        }
      sum += x[i];
    }
  mean = sum / frames;
  for (guint64 i = 0; i < frames; i++)
    {
      x[i] -= mean;
      sum2 += x[i] * x[i];
    }
  scale = sum2 > 0.0 ? pow (10.0, rms_dbfs / 20.0) / sqrt (sum2 / frames) : 0.0;
  for (guint64 i = 0; i < frames; i++)
    out[i] = (float) (x[i] * scale);
  return out;
}

/* Stereo from independent mid and side noises (L = M + S, R = M - S), or
 * mono (@side ignored). */
static Audio *
make_audio (guint rate,
            guint channels,
            Colour mid,
            double mid_dbfs,
            Colour side,
            double side_dbfs,
            guint32 seed)
{
  Audio *a = g_new0 (Audio, 1);
  g_autofree float *m = NULL;
  g_autofree float *s = NULL;

  a->rate = rate;
  a->channels = channels;
  a->frames = (guint64) rate * SECONDS;
  m = noise (mid, a->frames, mid_dbfs, seed);
  if (channels == 1)
    {
      a->ch[0] = g_steal_pointer (&m);
      return a;
    }
  s = noise (side, a->frames, side_dbfs, seed + 1000);
  a->ch[0] = g_new (float, a->frames);
  a->ch[1] = g_new (float, a->frames);
  for (guint64 i = 0; i < a->frames; i++)
    {
      a->ch[0][i] = m[i] + s[i];
      a->ch[1][i] = m[i] - s[i];
    }
  return a;
}

static double
audio_signal (guint64 i, guint c, guint rate, gpointer data)
{
  Audio *a = data;

  return a->ch[c][i];
}

static char *tmpdir;

/* Writes @a as a float WAV and analyses it. */
static LqTrackAnalysis *
analyse (const Audio *a,
         const char *name)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *analysis;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, a->rate, a->channels, a->frames,
                 audio_signal, (gpointer) a, NULL);
  analysis = lq_analyze_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analysis);
  return analysis;
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* The album every plan test starts from: white, pink and brown noise, each
 * in mid and side, at different levels; generated and analysed once. */
static struct
{
  Audio *audio[3];
  LqTrackAnalysis *analysis[3];
} album;

static const Colour album_colours[3] = { WHITE, PINK, BROWN };

static GPtrArray *
get_album (void)
{
  GPtrArray *tracks = g_ptr_array_new_with_free_func (unref_nullable);

  for (guint i = 0; i < 3; i++)
    {
      if (album.analysis[i] == NULL)
        {
          static const double levels[3] = { -24.0, -18.0, -14.0 };
          g_autofree char *name = g_strdup_printf ("album-%u.wav", i + 1);

          album.audio[i] = make_audio (RATE, 2, album_colours[i], levels[i],
                                       album_colours[i], levels[i] - 8.0, 10 * (i + 1));
          album.analysis[i] = analyse (album.audio[i], name);
        }
      g_ptr_array_add (tracks, g_object_ref (album.analysis[i]));
    }
  return tracks;
}

static LqTonalPlan *
plan_ok (GPtrArray *tracks,
         double strength,
         double cap_db,
         int anchor,
         LqTrackAnalysis *reference)
{
  g_autoptr(GError) error = NULL;
  LqTonalPlan *plan = lq_tonal_plan_new (tracks, strength, cap_db, anchor, reference, &error);

  g_assert_no_error (error);
  g_assert_nonnull (plan);
  return plan;
}

static void
plan_fails (GPtrArray *tracks,
            double strength,
            double cap_db,
            int anchor,
            LqTrackAnalysis *reference)
{
  g_autoptr(GError) error = NULL;
  LqTonalPlan *plan = lq_tonal_plan_new (tracks, strength, cap_db, anchor, reference, &error);

  g_assert_null (plan);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_assert_nonnull (error->message);
  g_test_message ("%s", error->message);
}

static gboolean
in_spread_bands (double centre)
{
  return centre >= LQ_TONAL_SPREAD_LOW_HZ * 0.99 && centre <= LQ_TONAL_SPREAD_HIGH_HZ * 1.01;
}

/* The track's mid (or side) spectrum minus its integrated loudness, on the
 * plan's bands. */
static void
normalised (LqTrackAnalysis *analysis,
            gboolean side,
            guint n_bands,
            double *out)
{
  const double *mid, *side_db;
  guint n;
  double lufs = lq_track_analysis_get_measures (analysis)->integrated_lufs;

  g_assert_true (lq_track_analysis_get_spectrum (analysis, &n, NULL, &mid, &side_db));
  g_assert_cmpuint (n, >=, n_bands);
  for (guint b = 0; b < n_bands; b++)
    out[b] = (side ? side_db[b] : mid[b]) - lufs;
}

/* What the match EQ applies: clamp (strength * correction, +/- cap). */
static void
applied (const double *correction,
         guint n_bands,
         double strength,
         double cap_db,
         double *out)
{
  for (guint b = 0; b < n_bands; b++)
    out[b] = CLAMP (strength * correction[b], -cap_db, cap_db);
}

/* RMS over the spread bands of @a - @b. */
static double
rms_distance (const double *centres,
              guint n_bands,
              const double *a,
              const double *b)
{
  double sum = 0.0;
  guint n = 0;

  for (guint k = 0; k < n_bands; k++)
    if (in_spread_bands (centres[k]))
      {
        sum += (a[k] - b[k]) * (a[k] - b[k]);
        n++;
      }
  g_assert_cmpuint (n, >, 0);
  return sqrt (sum / n);
}

/* Analysis ---------------------------------------------------------------- */

static void
test_spectrum_present (void)
{
  g_autoptr(Audio) pink = make_audio (RATE, 2, PINK, -20.0, PINK, -30.0, 1);
  g_autoptr(Audio) pink44 = make_audio (44100, 2, PINK, -20.0, PINK, -30.0, 2);
  g_autoptr(LqTrackAnalysis) a = analyse (pink, "pink.wav");
  g_autoptr(LqTrackAnalysis) a44 = analyse (pink44, "pink44.wav");
  const double *centres, *mid, *side;
  guint n;

  g_assert_true (lq_track_analysis_get_spectrum (a, &n, &centres, &mid, &side));
  g_assert_cmpuint (n, ==, 31);
  g_assert_cmpfloat_with_epsilon (centres[0], 1000.0 * pow (2.0, -17.0 / 3.0), 1e-9);
  g_assert_cmpfloat_with_epsilon (centres[n - 1], 1000.0 * pow (2.0, 13.0 / 3.0), 1e-9);
  /* Pink reads flat, the side 10 dB below the mid. */
  for (guint b = 0; b < n; b++)
    {
      if (b > 0)
        g_assert_cmpfloat (centres[b], >, centres[b - 1]);
      if (centres[b] >= 100.0 && centres[b] <= 16000.0)
        {
          g_assert_cmpfloat_with_epsilon (mid[b], mid[17], 1.0);
          g_assert_cmpfloat_with_epsilon (side[b] - mid[b], -10.0, 1.0);
        }
    }

  /* Absolute levels: white noise's bands sum to its power (mid -24, side
   * -32 dBFS RMS) times the share of 0 - 24 kHz the bands cover, and rise
   * 3 dB per octave. */
  {
    g_autoptr(GPtrArray) tracks = get_album ();
    double lo = 1000.0 * pow (2.0, -17.0 / 3.0 - 1.0 / 6.0);
    double hi = 1000.0 * pow (2.0, 13.0 / 3.0 + 1.0 / 6.0);
    double share_db = 10.0 * log10 ((hi - lo) / (RATE / 2.0));
    double total_mid = 0.0, total_side = 0.0;

    g_assert_true (lq_track_analysis_get_spectrum (g_ptr_array_index (tracks, 0), &n, &centres,
                                                   &mid, &side));
    for (guint b = 0; b < n; b++)
      {
        total_mid += pow (10.0, mid[b] / 10.0);
        total_side += pow (10.0, side[b] / 10.0);
        if (centres[b] >= 100.0 && b + 3 < n)
          g_assert_cmpfloat_with_epsilon (mid[b + 3] - mid[b], 10.0 * log10 (2.0), 0.5);
      }
    g_assert_cmpfloat_with_epsilon (10.0 * log10 (total_mid), -24.0 + share_db, 0.1);
    g_assert_cmpfloat_with_epsilon (10.0 * log10 (total_side), -32.0 + share_db, 0.1);
  }

  /* At 44.1 kHz the 20 kHz band reaches past Nyquist. */
  g_assert_true (lq_track_analysis_get_spectrum (a44, &n, &centres, NULL, NULL));
  g_assert_cmpuint (n, ==, 30);
  g_assert_cmpfloat_with_epsilon (centres[n - 1], 16000.0, 1e-9);
}

static void
test_spectrum_mono (void)
{
  g_autoptr(Audio) mono = make_audio (RATE, 1, PINK, -20.0, PINK, 0.0, 3);
  g_autoptr(LqTrackAnalysis) a = analyse (mono, "mono.wav");
  const double *mid, *side;
  guint n;

  g_assert_true (lq_track_analysis_get_spectrum (a, &n, NULL, &mid, &side));
  for (guint b = 0; b < n; b++)
    {
      g_assert_cmpfloat (side[b], <=, -199.0);
      g_assert_cmpfloat (mid[b], >, -60.0);
    }
}

static void
test_spectrum_none (void)
{
  g_autoptr(Audio) silent = make_audio (RATE, 2, SILENCE, 0.0, SILENCE, 0.0, 4);
  g_autoptr(LqTrackAnalysis) a = analyse (silent, "silent.wav");
  g_autoptr(Audio) noise_audio = make_audio (RATE, 2, PINK, -20.0, PINK, -20.0, 5);
  g_autoptr(LqTrackAnalysis) b = NULL;
  const double *centres = (const double *) 1, *mid = (const double *) 1, *side = (const double *) 1;
  guint n = 99;

  g_assert_false (lq_track_analysis_get_spectrum (a, &n, &centres, &mid, &side));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (centres);
  g_assert_null (mid);
  g_assert_null (side);

  /* Shorter than one FFT frame (8192 samples). */
  noise_audio->frames = 4000;
  b = analyse (noise_audio, "short.wav");
  g_assert_false (lq_track_analysis_get_spectrum (b, &n, &centres, &mid, &side));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (mid);
}

static char *
to_string (LqTrackAnalysis *a)
{
  g_autoptr(JsonNode) node = lq_track_analysis_to_json (a, NULL, NAN);

  return json_to_string (node, FALSE);
}

static LqTrackAnalysis *
from_string (const char *json,
             const char *path)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return lq_track_analysis_from_json (node, path, NULL, NULL);
}

static void
test_json_round_trip (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  LqTrackAnalysis *a = g_ptr_array_index (tracks, 0);
  g_autofree char *json = to_string (a);
  g_autoptr(LqTrackAnalysis) b = from_string (json, lq_track_analysis_get_path (a));
  g_autofree char *json2 = NULL;
  const double *ca, *ma, *sa, *cb, *mb, *sb;
  guint na, nb;

  g_assert_nonnull (b);
  g_assert_true (lq_track_analysis_get_spectrum (a, &na, &ca, &ma, &sa));
  g_assert_true (lq_track_analysis_get_spectrum (b, &nb, &cb, &mb, &sb));
  g_assert_cmpuint (na, ==, nb);
  /* Bit for bit. */
  g_assert_cmpmem (ca, na * sizeof (double), cb, nb * sizeof (double));
  g_assert_cmpmem (ma, na * sizeof (double), mb, nb * sizeof (double));
  g_assert_cmpmem (sa, na * sizeof (double), sb, nb * sizeof (double));
  json2 = to_string (b);
  g_assert_cmpstr (json, ==, json2);
}

static void
test_json_old (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  LqTrackAnalysis *a = g_ptr_array_index (tracks, 1);
  g_autoptr(JsonNode) node = lq_track_analysis_to_json (a, NULL, NAN);
  JsonObject *o = json_node_get_object (node);
  g_autoptr(LqTrackAnalysis) old = NULL;
  g_autoptr(LqTrackAnalysis) null_spectrum = NULL;
  g_autoptr(GPtrArray) mixed = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(LqTonalPlan) plan = NULL;
  const double *mid = (const double *) 1;
  guint n = 99;

  g_assert_true (json_object_has_member (o, "spectrum"));

  /* JSON written before spectra were kept: no member at all. */
  json_object_remove_member (o, "spectrum");
  old = lq_track_analysis_from_json (node, "/nowhere/old.wav", NULL, NULL);
  g_assert_nonnull (old);
  g_assert_false (lq_track_analysis_get_spectrum (old, &n, NULL, &mid, NULL));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (mid);
  g_assert_cmpfloat (lq_track_analysis_get_measures (old)->integrated_lufs, ==,
                     lq_track_analysis_get_measures (a)->integrated_lufs);

  json_object_set_null_member (o, "spectrum");
  null_spectrum = lq_track_analysis_from_json (node, "/nowhere/null.wav", NULL, NULL);
  g_assert_nonnull (null_spectrum);
  g_assert_false (lq_track_analysis_get_spectrum (null_spectrum, NULL, NULL, NULL, NULL));
  {
    g_autofree char *json = to_string (null_spectrum);

    g_assert_nonnull (strstr (json, "\"spectrum\":null"));
  }

  /* A malformed spectrum is not a track analysis. */
  {
    g_autofree char *good = to_string (a);
    g_autoptr(JsonNode) bad = json_from_string (good, NULL);
    JsonObject *s = json_object_get_object_member (json_node_get_object (bad), "spectrum");

    json_array_remove_element (json_object_get_array_member (s, "mid_db"), 0);
    g_assert_null (lq_track_analysis_from_json (bad, "/nowhere/bad.wav", NULL, NULL));
  }

  /* An old analysis takes no part in a plan. */
  g_ptr_array_add (mixed, g_object_ref (old));
  g_ptr_array_add (mixed, g_object_ref (g_ptr_array_index (tracks, 0)));
  g_ptr_array_add (mixed, g_object_ref (g_ptr_array_index (tracks, 2)));
  plan = plan_ok (mixed, 1.0, 6.0, -1, NULL);
  g_assert_false (lq_tonal_plan_get_correction (plan, 0, NULL, NULL));
  g_assert_true (lq_tonal_plan_get_correction (plan, 1, NULL, NULL));
  plan_fails (mixed, 1.0, 6.0, 0, NULL);
}

/* The plan ------------------------------------------------------------------ */

static void
test_new_destroy (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  LqTonalPlan *plan = plan_ok (tracks, 0.5, LQ_TONAL_DEFAULT_CAP_DB, -1, NULL);

  g_assert_cmpfloat (lq_tonal_plan_get_strength (plan), ==, 0.5);
  g_assert_cmpfloat (lq_tonal_plan_get_cap_db (plan), ==, LQ_TONAL_DEFAULT_CAP_DB);
  g_assert_cmpint (lq_tonal_plan_get_anchor (plan), ==, -1);
  g_assert_cmpuint (lq_tonal_plan_get_n_tracks (plan), ==, 3);
  g_assert_cmpuint (lq_tonal_plan_get_n_bands (plan), ==, 31);
  g_assert_finalize_object (plan);
}

static void
test_tilts (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  g_autoptr(LqTonalPlan) plan = plan_ok (tracks, 1.0, LQ_TONAL_MAX_CAP_DB, -1, NULL);
  guint n = lq_tonal_plan_get_n_bands (plan);
  const double *centres = lq_tonal_plan_get_centres (plan);
  double norm[3][LQ_MATCH_EQ_MAX_BANDS], moved[3][LQ_MATCH_EQ_MAX_BANDS];
  double centroid[LQ_MATCH_EQ_MAX_BANDS] = { 0 }, after_centroid[LQ_MATCH_EQ_MAX_BANDS] = { 0 };
  double before = 0.0, after = 0.0;
  guint b100 = 0, b10k = 0;

  for (guint b = 0; b < n; b++)
    {
      if (fabs (centres[b] - 100.0) < 1.0)
        b100 = b;
      if (fabs (centres[b] - 10079.4) < 1.0)
        b10k = b;
    }
  g_assert_cmpuint (b100, >, 0);
  g_assert_cmpuint (b10k, >, 0);

  for (guint i = 0; i < 3; i++)
    {
      const double *mid, *side;
      double a[LQ_MATCH_EQ_MAX_BANDS];

      g_assert_true (lq_tonal_plan_get_correction (plan, i, &mid, &side));
      normalised (g_ptr_array_index (tracks, i), FALSE, n, norm[i]);
      applied (mid, n, 1.0, LQ_TONAL_MAX_CAP_DB, a);
      for (guint b = 0; b < n; b++)
        {
          centroid[b] += norm[i][b] / 3.0;
          moved[i][b] = norm[i][b] + a[b];
          after_centroid[b] += moved[i][b] / 3.0;
        }
      /* Mid and side have the same tilt: so do their corrections. */
      g_assert_cmpfloat (fabs ((mid[b10k] - mid[b100]) - (side[b10k] - side[b100])), <, 1.5);
    }

  /* White is bright: cut the highs against the lows; brown the opposite,
   * by about 3 dB per octave over the 6.65 octaves from 100 Hz to 10 kHz. */
  {
    const double *white, *brown, *pink;

    lq_tonal_plan_get_correction (plan, 0, &white, NULL);
    lq_tonal_plan_get_correction (plan, 1, &pink, NULL);
    lq_tonal_plan_get_correction (plan, 2, &brown, NULL);
    g_assert_cmpfloat_with_epsilon (white[b10k] - white[b100], -3.0 * 6.65, 3.0);
    g_assert_cmpfloat_with_epsilon (brown[b10k] - brown[b100], 3.0 * 6.65, 3.0);
    g_assert_cmpfloat (fabs (pink[b10k] - pink[b100]), <, 3.0);
  }

  /* Each track moves to the centroid. */
  for (guint i = 0; i < 3; i++)
    {
      double d0 = rms_distance (centres, n, norm[i], centroid);
      double d1 = rms_distance (centres, n, moved[i], centroid);

      g_test_message ("track %u: %.2f dB from the centroid, %.2f after", i, d0, d1);
      g_assert_cmpfloat (d1, <=, MAX (0.4 * d0, 0.5));
      before += d0 / 3.0;
      after += rms_distance (centres, n, moved[i], after_centroid) / 3.0;
    }

  /* The spread is that, and drops by at least 60 %. */
  g_test_message ("spread %.3f dB, %.3f after", lq_tonal_plan_get_spread_before_db (plan),
                  lq_tonal_plan_get_spread_after_db (plan));
  g_assert_cmpfloat_with_epsilon (lq_tonal_plan_get_spread_before_db (plan), before, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_tonal_plan_get_spread_after_db (plan), after, 1e-9);
  g_assert_cmpfloat (before, >, 3.0);
  g_assert_cmpfloat (after, <=, 0.4 * before);
  {
    double packed[3 * LQ_MATCH_EQ_MAX_BANDS];

    for (guint i = 0; i < 3; i++)
      memcpy (packed + i * n, norm[i], n * sizeof (double));
    g_assert_cmpfloat_with_epsilon (lq_tonal_spread (centres, n, packed, 3), before, 1e-9);
  }
}

static void
test_cap_and_strength (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  g_autoptr(LqTonalPlan) capped = plan_ok (tracks, 1.0, LQ_TONAL_DEFAULT_CAP_DB, -1, NULL);
  g_autoptr(LqTonalPlan) half = plan_ok (tracks, 0.5, LQ_TONAL_MAX_CAP_DB, -1, NULL);
  g_autoptr(LqTonalPlan) off = plan_ok (tracks, 0.0, LQ_TONAL_DEFAULT_CAP_DB, -1, NULL);
  g_autoptr(LqTonalPlan) no_cap = plan_ok (tracks, 1.0, 0.0, -1, NULL);
  guint n = lq_tonal_plan_get_n_bands (capped);

  for (guint i = 0; i < 3; i++)
    {
      const double *mid, *side, *mid_half;
      double largest = 0.0, largest_half = 0.0;

      /* The correction itself does not depend on strength and cap. */
      g_assert_true (lq_tonal_plan_get_correction (capped, i, &mid, &side));
      g_assert_true (lq_tonal_plan_get_correction (half, i, &mid_half, NULL));
      g_assert_cmpmem (mid, n * sizeof (double), mid_half, n * sizeof (double));
      for (guint b = 0; b < n; b++)
        {
          largest = MAX (largest, MAX (fabs (mid[b]), fabs (side[b])));
          largest_half = MAX (largest_half, 0.5 * MAX (fabs (mid[b]), fabs (side[b])));
        }

      /* No applied band beyond the cap. */
      g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (capped, i), <=, LQ_TONAL_DEFAULT_CAP_DB);
      g_assert_cmpfloat_with_epsilon (lq_tonal_plan_get_max_move_db (capped, i),
                                      MIN (largest, LQ_TONAL_DEFAULT_CAP_DB), 1e-12);
      g_assert_cmpfloat_with_epsilon (lq_tonal_plan_get_max_move_db (half, i), largest_half, 1e-12);
      if (i != 1)
        g_assert_cmpfloat (largest, >, LQ_TONAL_DEFAULT_CAP_DB);

      /* Strength 0, or a cap of 0: a flat curve, nothing changes. */
      g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (off, i), ==, 0.0);
      g_assert_cmpfloat (lq_tonal_plan_get_loudness_change_db (off, i), ==, 0.0);
      g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (no_cap, i), ==, 0.0);
      g_assert_cmpfloat (lq_tonal_plan_get_loudness_change_db (no_cap, i), ==, 0.0);
    }
  g_assert_cmpfloat (lq_tonal_plan_get_spread_after_db (off), ==,
                     lq_tonal_plan_get_spread_before_db (off));
  /* Capped at 6 dB the spread still drops, less than uncapped. */
  g_assert_cmpfloat (lq_tonal_plan_get_spread_after_db (capped), <,
                     lq_tonal_plan_get_spread_before_db (capped));
}

static void
test_anchor (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  g_autoptr(LqTonalPlan) plan = plan_ok (tracks, 1.0, LQ_TONAL_MAX_CAP_DB, 2, NULL);
  guint n = lq_tonal_plan_get_n_bands (plan);
  const double *centres = lq_tonal_plan_get_centres (plan);
  const double *mid, *side;
  double anchor_mid[LQ_MATCH_EQ_MAX_BANDS];

  g_assert_cmpint (lq_tonal_plan_get_anchor (plan), ==, 2);
  g_assert_true (lq_tonal_plan_get_correction (plan, 2, &mid, &side));
  for (guint b = 0; b < n; b++)
    {
      g_assert_cmpfloat (mid[b], ==, 0.0);
      g_assert_cmpfloat (side[b], ==, 0.0);
    }
  g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (plan, 2), ==, 0.0);
  g_assert_cmpfloat (lq_tonal_plan_get_loudness_change_db (plan, 2), ==, 0.0);

  /* The others move to the anchor (brown), white from far away. */
  normalised (g_ptr_array_index (tracks, 2), FALSE, n, anchor_mid);
  for (guint i = 0; i < 2; i++)
    {
      double norm[LQ_MATCH_EQ_MAX_BANDS], moved[LQ_MATCH_EQ_MAX_BANDS];
      double d0, d1;

      g_assert_true (lq_tonal_plan_get_correction (plan, i, &mid, NULL));
      normalised (g_ptr_array_index (tracks, i), FALSE, n, norm);
      for (guint b = 0; b < n; b++)
        moved[b] = norm[b] + CLAMP (mid[b], -LQ_TONAL_MAX_CAP_DB, LQ_TONAL_MAX_CAP_DB);
      d0 = rms_distance (centres, n, norm, anchor_mid);
      d1 = rms_distance (centres, n, moved, anchor_mid);
      g_test_message ("track %u: %.2f dB from the anchor, %.2f after", i, d0, d1);
      g_assert_cmpfloat (d0, >, 5.0);
      g_assert_cmpfloat (d1, <=, 0.4 * d0);
      g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (plan, i), >, 5.0);
    }
  g_assert_cmpfloat (lq_tonal_plan_get_spread_after_db (plan), <=,
                     0.4 * lq_tonal_plan_get_spread_before_db (plan));
}

static void
test_reference (void)
{
  g_autoptr(GPtrArray) album_tracks = get_album ();
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(Audio) ref_audio = make_audio (RATE, 2, PINK, -10.0, PINK, -22.0, 77);
  g_autoptr(LqTrackAnalysis) reference = analyse (ref_audio, "reference.wav");
  g_autoptr(Audio) silent = make_audio (RATE, 2, SILENCE, 0.0, SILENCE, 0.0, 78);
  g_autoptr(LqTrackAnalysis) silent_ref = analyse (silent, "silent-reference.wav");
  g_autoptr(LqTonalPlan) plan = NULL;
  g_autoptr(LqTonalPlan) one = NULL;
  double ref_mid[LQ_MATCH_EQ_MAX_BANDS];
  guint n;
  const double *centres;

  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 0)));
  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 2)));
  plan = plan_ok (tracks, 1.0, LQ_TONAL_MAX_CAP_DB, -1, reference);
  n = lq_tonal_plan_get_n_bands (plan);
  centres = lq_tonal_plan_get_centres (plan);
  normalised (reference, FALSE, n, ref_mid);

  /* Both move to the (louder) reference's tone, not to each other. */
  for (guint i = 0; i < 2; i++)
    {
      const double *mid;
      double norm[LQ_MATCH_EQ_MAX_BANDS], moved[LQ_MATCH_EQ_MAX_BANDS];
      double d0, d1;

      g_assert_true (lq_tonal_plan_get_correction (plan, i, &mid, NULL));
      normalised (g_ptr_array_index (tracks, i), FALSE, n, norm);
      for (guint b = 0; b < n; b++)
        moved[b] = norm[b] + mid[b];
      d0 = rms_distance (centres, n, norm, ref_mid);
      d1 = rms_distance (centres, n, moved, ref_mid);
      g_test_message ("track %u: %.2f dB from the reference, %.2f after", i, d0, d1);
      g_assert_cmpfloat (d1, <=, 0.4 * d0);
    }

  /* One track is enough with a reference. */
  g_ptr_array_set_size (tracks, 1);
  one = plan_ok (tracks, 1.0, 6.0, -1, reference);
  g_assert_true (lq_tonal_plan_get_correction (one, 0, NULL, NULL));
  g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (one, 0), ==, 6.0);
  g_assert_true (isnan (lq_tonal_plan_get_spread_before_db (one)));
  g_assert_true (isnan (lq_tonal_plan_get_spread_after_db (one)));

  /* Not together with an anchor; not without a spectrum. */
  plan_fails (album_tracks, 1.0, 6.0, 0, reference);
  plan_fails (album_tracks, 1.0, 6.0, -1, silent_ref);
}

static void
test_mono (void)
{
  g_autoptr(GPtrArray) album_tracks = get_album ();
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(Audio) mono = make_audio (RATE, 1, PINK, -20.0, PINK, 0.0, 90);
  g_autoptr(Audio) dual = g_new0 (Audio, 1);
  g_autoptr(LqTonalPlan) plan = NULL;
  g_autoptr(LqTonalPlan) pair = NULL;
  const double *mid, *side, *white_side, *brown_side;
  guint n;

  g_ptr_array_add (tracks, analyse (mono, "mono-pink.wav"));
  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 0)));
  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 2)));
  plan = plan_ok (tracks, 1.0, LQ_TONAL_MAX_CAP_DB, -1, NULL);
  n = lq_tonal_plan_get_n_bands (plan);

  /* The mono track's side is silent: never boosted. */
  g_assert_true (lq_tonal_plan_get_correction (plan, 0, &mid, &side));
  for (guint b = 0; b < n; b++)
    g_assert_cmpfloat (side[b], ==, 0.0);
  g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (plan, 0), >, 0.0);

  /* Its silence does not drag the stereo tracks' side centroid down: their
   * sides meet halfway, as without it. */
  g_assert_true (lq_tonal_plan_get_correction (plan, 1, NULL, &white_side));
  g_assert_true (lq_tonal_plan_get_correction (plan, 2, NULL, &brown_side));
  for (guint b = 0; b < n; b++)
    g_assert_cmpfloat_with_epsilon (white_side[b], -brown_side[b], 1e-9);

  /* The same audio as mono and as dual mono is the same tone. */
  dual->rate = mono->rate;
  dual->channels = 2;
  dual->frames = mono->frames;
  dual->ch[0] = g_memdup2 (mono->ch[0], mono->frames * sizeof (float));
  dual->ch[1] = g_memdup2 (mono->ch[0], mono->frames * sizeof (float));
  g_ptr_array_set_size (tracks, 1);
  g_ptr_array_add (tracks, analyse (dual, "dual-pink.wav"));
  pair = plan_ok (tracks, 1.0, LQ_TONAL_MAX_CAP_DB, -1, NULL);
  g_assert_true (lq_tonal_plan_get_correction (pair, 0, &mid, NULL));
  for (guint b = 0; b < n; b++)
    g_assert_cmpfloat (fabs (mid[b]), <, 1e-6);
  g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (pair, 1), <, 1e-6);
}

/* A synthetic analysis at @lufs with the given spectra (absolute dB). */
static LqTrackAnalysis *
synthetic (double lufs,
           const double *mid,
           const double *side,
           guint n)
{
  LqTrackMeasures m = { .duration_s = 60, .sample_rate = 48000, .channels = 2,
                        .integrated_lufs = lufs };
  LqTrackAnalysis *a = lq_track_analysis_new ("/nowhere/synthetic.wav", NULL, "WAV", &m, NULL, NULL);
  double centres[LQ_MATCH_EQ_MAX_BANDS];

  for (guint b = 0; b < n; b++)
    centres[b] = 1000.0 * pow (2.0, ((int) b - 17) / 3.0);
  _lq_track_analysis_set_spectrum (a, n, centres, mid, side);
  return a;
}

static void
test_lowpass (void)
{
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(LqTonalPlan) plan = NULL;
  double flat[31], dull[31], side[31];
  const double *mid;

  /* Two flat tracks at -10 dB re loudness; one of them has nothing above
   * 5 kHz (band 24). */
  for (guint b = 0; b < 31; b++)
    {
      flat[b] = -20.0 - 10.0;
      dull[b] = b <= 24 ? -30.0 : -200.0;
      side[b] = -40.0;
    }
  g_ptr_array_add (tracks, synthetic (-20.0, flat, side, 31));
  g_ptr_array_add (tracks, synthetic (-20.0, dull, side, 31));
  plan = plan_ok (tracks, 1.0, LQ_TONAL_MAX_CAP_DB, -1, NULL);

  /* Not boosted where it has no signal; no correction where both agree, not
   * even next to the lowpass; and the flat track is not cut where the
   * other is silent. */
  g_assert_true (lq_tonal_plan_get_correction (plan, 1, &mid, NULL));
  for (guint b = 0; b < 31; b++)
    g_assert_cmpfloat (mid[b], ==, 0.0);
  g_assert_true (lq_tonal_plan_get_correction (plan, 0, &mid, NULL));
  for (guint b = 0; b < 31; b++)
    g_assert_cmpfloat (mid[b], ==, 0.0);
  g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (plan, 0), ==, 0.0);
  g_assert_cmpfloat (lq_tonal_plan_get_loudness_change_db (plan, 1), ==, 0.0);
  /* The spread counts the silence as -60 dB, not -180: in 5 of the 25
   * bands from 63 Hz to 16 kHz each track is (60 - 10) / 2 dB off the mean. */
  g_assert_cmpfloat_with_epsilon (lq_tonal_plan_get_spread_before_db (plan),
                                  25.0 * sqrt (5.0 / 25.0), 1e-9);
}

static void
test_spread_function (void)
{
  double centres[31], mid[3 * 31];

  for (guint b = 0; b < 31; b++)
    {
      centres[b] = 1000.0 * pow (2.0, ((int) b - 17) / 3.0);
      /* Outside 63 Hz - 16 kHz the tracks differ wildly: not counted. */
      mid[b] = in_spread_bands (centres[b]) ? 2.0 : 50.0;
      mid[31 + b] = in_spread_bands (centres[b]) ? -2.0 : -50.0;
      mid[62 + b] = 0.0;
    }
  /* Each of the first two is 2 dB off the mean, the third on it. */
  g_assert_cmpfloat_with_epsilon (lq_tonal_spread (centres, 31, mid, 3), 4.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (lq_tonal_spread (centres, 31, mid, 2), 2.0, 1e-12);
  g_assert_true (isnan (lq_tonal_spread (centres, 31, mid, 1)));
  g_assert_true (isnan (lq_tonal_spread (centres, 31, mid, 0)));
}

static void
test_silent_and_missing (void)
{
  g_autoptr(GPtrArray) album_tracks = get_album ();
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(Audio) silent = make_audio (RATE, 2, SILENCE, 0.0, SILENCE, 0.0, 5);
  g_autoptr(LqTonalPlan) plan = NULL;
  g_autoptr(LqTonalPlan) pair = NULL;
  const double *mid = (const double *) 1, *side = (const double *) 1;

  g_ptr_array_add (tracks, NULL);
  g_ptr_array_add (tracks, analyse (silent, "silent-track.wav"));
  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 0)));
  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 2)));
  plan = plan_ok (tracks, 1.0, 6.0, -1, NULL);
  g_assert_cmpuint (lq_tonal_plan_get_n_tracks (plan), ==, 4);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_false (lq_tonal_plan_get_correction (plan, i, &mid, &side));
      g_assert_null (mid);
      g_assert_null (side);
      g_assert_cmpfloat (lq_tonal_plan_get_max_move_db (plan, i), ==, 0.0);
      g_assert_cmpfloat (lq_tonal_plan_get_loudness_change_db (plan, i), ==, 0.0);
    }

  /* They take no part: the other two meet as they would alone. */
  g_ptr_array_remove_range (tracks, 0, 2);
  pair = plan_ok (tracks, 1.0, 6.0, -1, NULL);
  for (guint i = 0; i < 2; i++)
    {
      const double *m4, *m2;

      g_assert_true (lq_tonal_plan_get_correction (plan, i + 2, &m4, NULL));
      g_assert_true (lq_tonal_plan_get_correction (pair, i, &m2, NULL));
      g_assert_cmpmem (m4, 31 * sizeof (double), m2, 31 * sizeof (double));
      g_assert_cmpfloat (lq_tonal_plan_get_loudness_change_db (plan, i + 2), ==,
                         lq_tonal_plan_get_loudness_change_db (pair, i));
    }
  g_assert_cmpfloat (lq_tonal_plan_get_spread_before_db (plan), ==,
                     lq_tonal_plan_get_spread_before_db (pair));
}

static void
test_invalid (void)
{
  g_autoptr(GPtrArray) album_tracks = get_album ();
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(Audio) silent = make_audio (RATE, 2, SILENCE, 0.0, SILENCE, 0.0, 6);

  plan_fails (album_tracks, -0.1, 6.0, -1, NULL);
  plan_fails (album_tracks, 1.1, 6.0, -1, NULL);
  plan_fails (album_tracks, NAN, 6.0, -1, NULL);
  plan_fails (album_tracks, 0.5, -1.0, -1, NULL);
  plan_fails (album_tracks, 0.5, LQ_TONAL_MAX_CAP_DB + 0.1, -1, NULL);
  plan_fails (album_tracks, 0.5, INFINITY, -1, NULL);
  plan_fails (album_tracks, 0.5, 6.0, -2, NULL);
  plan_fails (album_tracks, 0.5, 6.0, 3, NULL);

  /* Fewer than two spectra. */
  plan_fails (empty, 0.5, 6.0, -1, NULL);
  g_ptr_array_add (one, g_object_ref (g_ptr_array_index (album_tracks, 1)));
  plan_fails (one, 0.5, 6.0, -1, NULL);
  plan_fails (one, 0.5, 6.0, 0, NULL);
  g_ptr_array_add (one, NULL);
  g_ptr_array_add (one, analyse (silent, "silent-invalid.wav"));
  plan_fails (one, 0.5, 6.0, -1, NULL);

  /* An anchor without a spectrum. */
  g_ptr_array_add (one, g_object_ref (g_ptr_array_index (album_tracks, 0)));
  plan_fails (one, 0.5, 6.0, 1, NULL);
  plan_fails (one, 0.5, 6.0, 2, NULL);
  g_assert_finalize_object (plan_ok (one, 0.5, 6.0, 3, NULL));

  /* The limits themselves are fine. */
  g_assert_finalize_object (plan_ok (album_tracks, 0.0, 0.0, -1, NULL));
  g_assert_finalize_object (plan_ok (album_tracks, 1.0, LQ_TONAL_MAX_CAP_DB, 2, NULL));
}

static void
test_rates (void)
{
  g_autoptr(GPtrArray) album_tracks = get_album ();
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(Audio) a44 = make_audio (44100, 2, PINK, -20.0, PINK, -30.0, 44);
  g_autoptr(LqTonalPlan) plan = NULL;
  const double *mid;

  g_ptr_array_add (tracks, g_object_ref (g_ptr_array_index (album_tracks, 0)));
  g_ptr_array_add (tracks, analyse (a44, "pink-44k.wav"));
  plan = plan_ok (tracks, 1.0, 6.0, -1, NULL);
  /* The bands both have: up to 16 kHz. */
  g_assert_cmpuint (lq_tonal_plan_get_n_bands (plan), ==, 30);
  g_assert_cmpfloat_with_epsilon (lq_tonal_plan_get_centres (plan)[29], 16000.0, 1e-9);
  g_assert_true (lq_tonal_plan_get_correction (plan, 1, &mid, NULL));
  g_assert_cmpfloat (mid[29] - mid[10], >, 5.0);
}

/* Renders @a through the match EQ with the plan's curve for track @i. */
static Audio *
render (const Audio *a,
        LqTonalPlan *plan,
        guint i)
{
  Audio *out = g_new0 (Audio, 1);
  LqMatchEq *eq = lq_match_eq_new (a->rate, a->channels, 4096);
  const double *mid, *side;
  guint32 latency;
  float *buf[2];
  guint64 done = 0, written = 0;

  g_assert_nonnull (eq);
  g_assert_true (lq_tonal_plan_get_correction (plan, i, &mid, &side));
  g_assert_cmpint (lq_match_eq_set_curve (eq, lq_tonal_plan_get_centres (plan),
                                          lq_tonal_plan_get_n_bands (plan), mid, side,
                                          lq_tonal_plan_get_strength (plan),
                                          lq_tonal_plan_get_cap_db (plan)), ==, LQ_OK);
  latency = lq_match_eq_get_latency (eq);

  *out = *a;
  out->ch[0] = out->ch[1] = NULL;
  for (guint c = 0; c < a->channels; c++)
    {
      out->ch[c] = g_new (float, a->frames);
      buf[c] = g_new (float, 4096);
    }
  /* The audio, then the latency's worth of silence; the first latency
   * samples out are the filter's delay. */
  while (written < a->frames)
    {
      guint32 n = 4096;

      for (guint c = 0; c < a->channels; c++)
        for (guint32 k = 0; k < n; k++)
          buf[c][k] = done + k < a->frames ? a->ch[c][done + k] : 0.0f;
      lq_match_eq_process (eq, buf, n);
      for (guint32 k = 0; k < n; k++)
        {
          guint64 t = done + k;

          if (t >= latency && t - latency < a->frames)
            {
              for (guint c = 0; c < a->channels; c++)
                out->ch[c][t - latency] = buf[c][k];
              written++;
            }
        }
      done += n;
    }
  for (guint c = 0; c < a->channels; c++)
    g_free (buf[c]);
  lq_match_eq_free (eq);
  return out;
}

static void
test_loudness_change (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  struct
  {
    double strength, cap_db;
  } cases[] = { { 1.0, LQ_TONAL_DEFAULT_CAP_DB }, { 0.5, LQ_TONAL_MAX_CAP_DB }, { 1.0, 12.0 } };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(LqTonalPlan) plan = plan_ok (tracks, cases[k].strength, cases[k].cap_db, -1, NULL);

      for (guint i = 0; i < 3; i += 2)
        {
          g_autoptr(Audio) out = render (album.audio[i], plan, i);
          g_autofree char *name = g_strdup_printf ("rendered-%u-%u.wav", k, i);
          g_autoptr(LqTrackAnalysis) rendered = analyse (out, name);
          double measured = lq_track_analysis_get_measures (rendered)->integrated_lufs
                            - lq_track_analysis_get_measures (album.analysis[i])->integrated_lufs;
          double predicted = lq_tonal_plan_get_loudness_change_db (plan, i);

          g_test_message ("strength %g, cap %g, track %u: predicted %+.3f dB, measured %+.3f dB",
                          cases[k].strength, cases[k].cap_db, i, predicted, measured);
          g_assert_cmpfloat (fabs (measured), >, 0.5);
          g_assert_cmpfloat_with_epsilon (predicted, measured, 0.3);
        }
    }

  /* At 44.1 kHz, with a 48 kHz track on the 44.1 kHz bands. */
  {
    g_autoptr(Audio) white44 = make_audio (44100, 2, WHITE, -24.0, WHITE, -32.0, 441);
    g_autoptr(GPtrArray) mixed = g_ptr_array_new_with_free_func (unref_nullable);
    g_autoptr(LqTonalPlan) plan = NULL;

    g_ptr_array_add (mixed, analyse (white44, "white-44k.wav"));
    g_ptr_array_add (mixed, g_object_ref (album.analysis[1]));
    g_ptr_array_add (mixed, g_object_ref (album.analysis[2]));
    plan = plan_ok (mixed, 1.0, LQ_TONAL_DEFAULT_CAP_DB, -1, NULL);
    g_assert_cmpuint (lq_tonal_plan_get_n_bands (plan), ==, 30);
    for (guint i = 0; i < 3; i += 2)
      {
        const Audio *a = i == 0 ? white44 : album.audio[i];
        g_autoptr(Audio) out = render (a, plan, i);
        g_autofree char *name = g_strdup_printf ("rendered-mixed-%u.wav", i);
        g_autoptr(LqTrackAnalysis) rendered = analyse (out, name);
        double measured = lq_track_analysis_get_measures (rendered)->integrated_lufs
                          - lq_track_analysis_get_measures (g_ptr_array_index (mixed, i))->integrated_lufs;
        double predicted = lq_tonal_plan_get_loudness_change_db (plan, i);

        g_test_message ("mixed rates, track %u: predicted %+.3f dB, measured %+.3f dB",
                        i, predicted, measured);
        g_assert_cmpfloat (fabs (measured), >, 0.5);
        g_assert_cmpfloat_with_epsilon (predicted, measured, 0.3);
      }
  }
}

/* White and brown sit far from the album's pink: at full strength and the
 * default cap most of their bands sit at the cap and the plan warns; a light
 * touch with a high cap has none there. */
static void
test_bands_at_cap (void)
{
  g_autoptr(GPtrArray) tracks = get_album ();
  g_autoptr(LqTonalPlan) full = plan_ok (tracks, 1.0, LQ_TONAL_DEFAULT_CAP_DB, -1, NULL);
  g_autoptr(LqTonalPlan) light = plan_ok (tracks, 0.1, LQ_TONAL_MAX_CAP_DB, -1, NULL);
  g_autofree char *message = lq_tonal_plan_dup_cap_message (full);

  g_assert_cmpuint (lq_tonal_plan_get_bands_at_cap (full, 2), >, 0);
  g_assert_cmpuint (lq_tonal_plan_get_bands_at_cap (full, 2), <=, lq_tonal_plan_get_bands_corrected (full, 2));
  g_assert_true (lq_tonal_plan_get_cap_warning (full));
  g_assert_nonnull (message);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (lq_tonal_plan_get_bands_at_cap (light, i), ==, 0);
  g_assert_false (lq_tonal_plan_get_cap_warning (light));
  g_assert_null (lq_tonal_plan_dup_cap_message (light));
}

/* The same spectral difference is corrected less at the extremes. */
static void
test_audibility (void)
{
  for (double f = 20.0; f <= 40.0; f += 5.0)
    g_assert_cmpfloat (lq_tonal_audibility (f), <, 0.9);
  for (double f = 16000.0; f <= 20000.0; f += 1000.0)
    g_assert_cmpfloat (lq_tonal_audibility (f), <, 0.7);
  for (double f = 100.0; f <= 10000.0; f *= 1.5)
    g_assert_cmpfloat (lq_tonal_audibility (f), ==, 1.0);
}

int
main (int argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = lq_test_tmpdir ();

  g_test_add_func ("/tonal-plan/analysis/spectrum", test_spectrum_present);
  g_test_add_func ("/tonal-plan/analysis/mono", test_spectrum_mono);
  g_test_add_func ("/tonal-plan/analysis/none", test_spectrum_none);
  g_test_add_func ("/tonal-plan/json/round-trip", test_json_round_trip);
  g_test_add_func ("/tonal-plan/json/old", test_json_old);
  g_test_add_func ("/tonal-plan/new-destroy", test_new_destroy);
  g_test_add_func ("/tonal-plan/tilts", test_tilts);
  g_test_add_func ("/tonal-plan/cap-and-strength", test_cap_and_strength);
  g_test_add_func ("/tonal-plan/anchor", test_anchor);
  g_test_add_func ("/tonal-plan/reference", test_reference);
  g_test_add_func ("/tonal-plan/mono", test_mono);
  g_test_add_func ("/tonal-plan/lowpass", test_lowpass);
  g_test_add_func ("/tonal-plan/spread", test_spread_function);
  g_test_add_func ("/tonal-plan/silent-and-missing", test_silent_and_missing);
  g_test_add_func ("/tonal-plan/invalid", test_invalid);
  g_test_add_func ("/tonal-plan/rates", test_rates);
  g_test_add_func ("/tonal-plan/bands-at-cap", test_bands_at_cap);
  g_test_add_func ("/tonal-plan/audibility", test_audibility);
  g_test_add_func ("/tonal-plan/loudness-change", test_loudness_change);

  status = g_test_run ();

  for (guint i = 0; i < 3; i++)
    {
      g_clear_object (&album.analysis[i]);
      g_clear_pointer (&album.audio[i], audio_free);
    }
  lq_test_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
