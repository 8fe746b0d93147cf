/* test-e2e-match.c: the album job end to end, as a user runs it.
 *
 * A generated album of four stereo tracks that differ by 8 LU in loudness
 * and by a clear spectral tilt (-1.5, -0.5, +0.5 and +1.5 dB per octave
 * around pink) goes through `lacquer-cli new`, `add`, `analyze`, `match`
 * and `export`; the exported files are measured independently with
 * libebur128 (loudness and true peak) and with Lacquer's analyser (the
 * long-term spectra):
 *
 *  - track mode, spotify: every file -14 +/- 0.5 LUFS, <= -1.0 dBTP;
 *  - album mode: every pairwise loudness difference as mixed, +/- 0.5 LU;
 *  - continuity, keep 0.5: each track's offset from the album halved,
 *    +/- 0.5 LU;
 *  - tonal 1: the album's tonal spread (1/3 octave, 63 Hz - 16 kHz, after
 *    loudness normalisation) down by at least 60 %, no band moved by more
 *    than the cap.
 *
 * The sources' checksums are the same at the end.
 */
#include <ebur128.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-album-analysis.h"
#include "lq-analyzer.h"
#include "lq-tonal-plan.h"
#include "lq-test-audio.h"

#define RATE 44100
#define SECONDS 8
#define N_TRACKS 4
#define N_PARTIALS 110     /* 1/12-octave steps from 40 Hz */
#define P "album.lacquer"
#define CAP_DB 6.0

typedef struct
{
  float *samples;   /* interleaved stereo */
} Track;

static const double levels_db[N_TRACKS] = { -12.0, -4.0, -8.0, -6.0 };  /* 8 dB apart */
static const double tilts[N_TRACKS] = { -1.5, 1.5, -0.5, 0.5 };         /* dB per octave */

static char *dir;
static char *sums[N_TRACKS];
static char *sources[N_TRACKS];
static char *out_text;
static char *err_text;

static double
track_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  const Track *t = data;

  return t->samples[i * 2 + c];
}

/* Many sines on a 1/12-octave grid with random phases: noise-like, with the
 * band power per 1/3 octave following the tilt exactly; the right channel's
 * phases differ a little, so the side channel has a spectrum of its own. */
static void
make_track (Track *t,
            guint k)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234 + k);
  guint64 n = (guint64) RATE * SECONDS;
  double peak = 0.0;

  t->samples = g_new0 (float, n * 2);
  for (guint p = 0; p < N_PARTIALS; p++)
    {
      double f = 40.0 * pow (2.0, p / 12.0);
      double amp = pow (10.0, tilts[k] * log2 (f / 1000.0) / 20.0);
      double w = 2.0 * G_PI * f / RATE;
      double ph[2];

      if (f > 0.45 * RATE)
        break;
      ph[0] = g_rand_double_range (rand, 0.0, 2.0 * G_PI);
      ph[1] = ph[0] + g_rand_double_range (rand, -0.7, 0.7);
      for (guint c = 0; c < 2; c++)
        {
          /* A rotating phasor: exact enough over 8 s in double. */
          double re = cos (ph[c]), im = sin (ph[c]);
          double cr = cos (w), ci = sin (w);

          for (guint64 i = 0; i < n; i++)
            {
              double nr = re * cr - im * ci;

              t->samples[i * 2 + c] += (float) (amp * im);
              im = re * ci + im * cr;
              re = nr;
            }
        }
    }
  for (guint64 i = 0; i < n * 2; i++)
    peak = MAX (peak, fabs (t->samples[i]));
  /* Peak-normalised to the track's level (dBFS). */
  for (guint64 i = 0; i < n * 2; i++)
    t->samples[i] = (float) (t->samples[i] / peak * pow (10.0, levels_db[k] / 20.0));
}

static int
run (const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  {
    /* lq_test_run_cli takes the whole list: put @first back in front. */
    GPtrArray *args = g_ptr_array_new ();
    const char *a;

    g_ptr_array_add (args, (gpointer) first);
    while ((a = va_arg (ap, const char *)) != NULL)
      g_ptr_array_add (args, (gpointer) a);
    va_end (ap);
    g_ptr_array_add (args, NULL);
    status = lq_test_run_cli_argv (dir, &out_text, &err_text, (const char *const *) args->pdata);
    g_ptr_array_free (args, TRUE);
  }
  if (status != 0)
    g_printerr ("lacquer-cli %s: exit %d\n%s%s", first, status, out_text, err_text);
  return status;
}

#define RUN_OK(...) g_assert_cmpint (run (__VA_ARGS__, NULL), ==, 0)

static LqTrackAnalysis *
analyze (const char *path)
{
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *a = lq_analyze_file (path, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return a;
}

static char *
exported (const char *folder,
          guint k)
{
  g_autofree char *name = g_strdup_printf ("%02u - Track %u.wav", k + 1, k + 1);

  return g_build_filename (dir, folder, name, NULL);
}

/* Loudness of the sources and of an export, by libebur128, and the
 * album loudness of both (Lacquer's gating of all blocks as one programme). */
typedef struct
{
  double in[N_TRACKS];
  double out[N_TRACKS];
  double out_peak[N_TRACKS];
  double album_in;
  double album_out;
} Levels;

static void
measure_export (const char *folder,
                Levels *l)
{
  g_autoptr(GPtrArray) ins = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) outs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LqAlbumAnalysis) album_in = NULL;
  g_autoptr(LqAlbumAnalysis) album_out = NULL;

  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_autofree char *path = exported (folder, k);
      double peak;

      l->in[k] = lq_test_ebur128 (sources[k], &peak);
      l->out[k] = lq_test_ebur128 (path, &l->out_peak[k]);
      g_ptr_array_add (ins, analyze (sources[k]));
      g_ptr_array_add (outs, analyze (path));
      g_test_message ("%s track %u: %.2f -> %.2f LUFS, %.2f dBTP", folder, k + 1, l->in[k], l->out[k],
                      l->out_peak[k]);
    }
  album_in = lq_album_analysis_new (ins);
  album_out = lq_album_analysis_new (outs);
  l->album_in = lq_album_analysis_get_integrated_lufs (album_in);
  l->album_out = lq_album_analysis_get_integrated_lufs (album_out);
}

static void
test_album_differs (void)
{
  Levels l;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  for (guint k = 0; k < N_TRACKS; k++)
    {
      double peak;

      l.in[k] = lq_test_ebur128 (sources[k], &peak);
      lo = MIN (lo, l.in[k]);
      hi = MAX (hi, l.in[k]);
    }
  g_test_message ("source loudness range %.2f .. %.2f LUFS", lo, hi);
  g_assert_cmpfloat (hi - lo, >=, 8.0);
}

static void
test_track_mode (void)
{
  Levels l;

  RUN_OK ("match", P, "--mode", "track", "--target", "spotify");
  RUN_OK ("export", P, "--out", "track", "--bits", "24");
  measure_export ("track", &l);
  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_assert_cmpfloat (fabs (l.out[k] - -14.0), <=, 0.5);
      g_assert_cmpfloat (l.out_peak[k], <=, -1.0);
    }
}

static void
test_album_mode (void)
{
  Levels l;

  RUN_OK ("match", P, "--mode", "album", "--target", "spotify");
  RUN_OK ("export", P, "--out", "album", "--bits", "24");
  measure_export ("album", &l);
  g_test_message ("album %.2f -> %.2f LUFS", l.album_in, l.album_out);
  g_assert_cmpfloat (fabs (l.album_out - -14.0), <=, 0.5);
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_assert_cmpfloat (l.out_peak[i], <=, -1.0);
      for (guint j = i + 1; j < N_TRACKS; j++)
        g_assert_cmpfloat (fabs ((l.out[i] - l.out[j]) - (l.in[i] - l.in[j])), <=, 0.5);
    }
}

static void
test_continuity (void)
{
  Levels l;

  RUN_OK ("match", P, "--mode", "continuity", "--keep", "0.5", "--target", "spotify");
  RUN_OK ("export", P, "--out", "continuity", "--bits", "24");
  measure_export ("continuity", &l);
  g_test_message ("album %.2f -> %.2f LUFS", l.album_in, l.album_out);
  g_assert_cmpfloat (fabs (l.album_out - -14.0), <=, 0.5);
  for (guint k = 0; k < N_TRACKS; k++)
    {
      double before = l.in[k] - l.album_in;
      double after = l.out[k] - l.album_out;

      g_test_message ("track %u offset %.2f -> %.2f LU", k + 1, before, after);
      g_assert_cmpfloat (fabs (after - 0.5 * before), <=, 0.5);
      g_assert_cmpfloat (l.out_peak[k], <=, -1.0);
    }
}

/* Loudness-normalised mid spectra of the four tracks, one after another. */
static void
normalised_spectra (const char *const *paths,
                    double *mids,
                    const double **centres,
                    guint *n_bands)
{
  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_autoptr(LqTrackAnalysis) a = analyze (paths[k]);
      const double *c, *mid;
      guint n;

      g_assert_true (lq_track_analysis_get_spectrum (a, &n, &c, &mid, NULL));
      g_assert_cmpuint (n, <=, 31);
      for (guint b = 0; b < n; b++)
        mids[k * 31 + b] = mid[b] - lq_track_analysis_get_measures (a)->integrated_lufs;
      /* The grid is the same for every file at one rate. */
      if (k == 0)
        {
          static double grid[31];

          memcpy (grid, c, n * sizeof (double));
          *centres = grid;
          *n_bands = n;
        }
    }
}

static double
spread (const double *mids,
        const double *centres,
        guint n_bands)
{
  double packed[N_TRACKS * 31];

  for (guint k = 0; k < N_TRACKS; k++)
    memcpy (packed + k * n_bands, mids + k * 31, n_bands * sizeof (double));
  return lq_tonal_spread (centres, n_bands, packed, N_TRACKS);
}

static void
test_tonal (void)
{
  char *outs[N_TRACKS] = { NULL };
  const char *in_paths[N_TRACKS], *out_paths[N_TRACKS];
  double before[N_TRACKS * 31], after[N_TRACKS * 31];
  const double *centres;
  guint n_bands;
  double s_before, s_after, gains[N_TRACKS], peaks[N_TRACKS], old_peaks[N_TRACKS];
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *tracks;

  /* r128: far from full scale, so the limiter leaves the spectra alone. */
  RUN_OK ("match", P, "--mode", "track", "--target", "r128", "--tonal", "1");
  RUN_OK ("match", P, "--show", "--json");
  g_assert_true (json_parser_load_from_data (parser, out_text, -1, NULL));
  tracks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks");
  for (guint k = 0; k < N_TRACKS; k++)
    {
      JsonObject *t = json_array_get_object_element (tracks, k);

      gains[k] = json_object_get_double_member (t, "match_gain_db") + json_object_get_double_member (t, "user_gain_db");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (t, "total_gain_db"), gains[k], 1e-9);
      g_assert_true (json_object_get_boolean_member (t, "match_eq"));
    }
  /* The predicted peaks, from the plan (--show prints the stored state). */
  RUN_OK ("match", P, "--mode", "track", "--target", "r128", "--tonal", "1", "--dry-run", "--json");
  {
    g_autoptr(JsonParser) plan = json_parser_new ();
    JsonArray *planned;

    g_assert_true (json_parser_load_from_data (plan, out_text, -1, NULL));
    planned = json_object_get_array_member (json_node_get_object (json_parser_get_root (plan)), "tracks");
    for (guint k = 0; k < N_TRACKS; k++)
      {
        JsonObject *t = json_array_get_object_element (planned, k);
        JsonObject *eq = json_object_get_object_member (t, "eq");

        peaks[k] = json_object_get_double_member (t, "predicted_true_peak_dbtp");
        /* The old estimate: the EQ moves the peak as much as the loudness. */
        old_peaks[k] = peaks[k] - json_object_get_double_member (eq, "peak_change_db")
                       + json_object_get_double_member (eq, "loudness_change_db");
        g_assert_cmpfloat (json_object_get_double_member (t, "output_true_peak_dbtp"), <=,
                           json_object_get_double_member (t, "predicted_true_peak_dbtp"));
      }
  }
  RUN_OK ("export", P, "--out", "tonal", "--bits", "24");

  for (guint k = 0; k < N_TRACKS; k++)
    {
      outs[k] = exported ("tonal", k);
      in_paths[k] = sources[k];
      out_paths[k] = outs[k];
    }
  normalised_spectra (in_paths, before, &centres, &n_bands);
  normalised_spectra (out_paths, after, &centres, &n_bands);
  s_before = spread (before, centres, n_bands);
  s_after = spread (after, centres, n_bands);
  g_test_message ("tonal spread %.3f dB -> %.3f dB (%.0f %% less)", s_before, s_after,
                  100.0 * (1.0 - s_after / s_before));
  g_assert_cmpfloat (s_before, >, 1.0);
  g_assert_cmpfloat (s_after, <=, 0.4 * s_before);

  /* What the match EQ moved each band by: the output's band level minus the
   * source's, less the track's gains (the limiter stays idle at -23 LUFS). */
  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_autoptr(LqTrackAnalysis) a = analyze (sources[k]);
      g_autoptr(LqTrackAnalysis) b = analyze (outs[k]);
      const double *mid_a, *mid_b;
      guint n;
      double worst = 0.0;

      g_assert_true (lq_track_analysis_get_spectrum (a, &n, NULL, &mid_a, NULL));
      g_assert_true (lq_track_analysis_get_spectrum (b, &n, NULL, &mid_b, NULL));
      for (guint i = 0; i < n; i++)
        if (centres[i] >= LQ_TONAL_SPREAD_LOW_HZ && centres[i] <= LQ_TONAL_SPREAD_HIGH_HZ)
          worst = MAX (worst, fabs (mid_b[i] - mid_a[i] - gains[k]));
      g_test_message ("track %u: largest band move %.2f dB", k + 1, worst);
      g_assert_cmpfloat (worst, <=, CAP_DB + 0.25);

      /* The predicted true peak includes the match EQ: never more than
       * 0.5 dB under what the export measures, and at most 2 dB over it. */
      {
        double tp;

        (void) lq_test_ebur128 (outs[k], &tp);
        g_test_message ("track %u: true peak %.2f dBTP exported, %.2f predicted (%.2f the old way)",
                        k + 1, tp, peaks[k], old_peaks[k]);
        g_assert_cmpfloat (peaks[k], >=, tp - 0.5);
        g_assert_cmpfloat (peaks[k], <=, tp + 2.0);
      }
    }
  for (guint k = 0; k < N_TRACKS; k++)
    g_free (outs[k]);
}

/* Pink-ish noise with loud kick-like bursts twice a second: a crest factor
 * the limiter has to work on at -14 LUFS. */
static double
kicks_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  guint64 z = (i * 2 + c + 7) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  double t = (double) (i % (rate / 2)) / rate;
  double noise;

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  z ^= z >> 31;
  noise = (double) (z >> 11) / 9007199254740992.0 * 2.0 - 1.0;
  return 0.03 * noise + 0.5 * exp (-t * 30.0) * sin (2.0 * G_PI * 60.0 * t);
}

/* A track the limiter has to work hard on still comes out at its level:
 * the renderer measures it and corrects the gain before the limiter. */
static void
test_limited_track (void)
{
  g_autofree char *source = g_build_filename (dir, "kicks.wav", NULL);
  g_autofree char *out = g_build_filename (dir, "limited", "01 - Kicks.wav", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *track;
  double lufs, peak;

  lq_test_write (source, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, (guint64) RATE * SECONDS,
                 kicks_signal, NULL, "Kicks");
  RUN_OK ("new", "limited.lacquer");
  RUN_OK ("add", "limited.lacquer", source);
  RUN_OK ("analyze", "limited.lacquer");
  RUN_OK ("match", "limited.lacquer", "--mode", "track", "--target", "spotify", "--json");
  g_assert_true (json_parser_load_from_data (parser, out_text, -1, NULL));
  track = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks"), 0);
  g_test_message ("planned limiting %.1f dB", json_object_get_double_member (track, "limiter_reduction_db"));
  g_assert_cmpfloat (json_object_get_double_member (track, "limiter_reduction_db"), >, 3.0);
  RUN_OK ("export", "limited.lacquer", "--out", "limited");
  lufs = lq_test_ebur128 (out, &peak);
  g_test_message ("limited track: %.2f LUFS, %.2f dBTP", lufs, peak);
  g_assert_cmpfloat (fabs (lufs - -14.0), <=, 0.2);
  g_assert_cmpfloat (peak, <=, -1.0);
}

static void
test_sources_untouched (void)
{
  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_autofree char *now = lq_test_checksum (sources[k]);

      g_assert_cmpstr (now, ==, sums[k]);
    }
}

int
main (int argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = lq_test_tmpdir ();
  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_autofree char *name = g_strdup_printf ("track-%u.wav", k + 1);
      g_autofree char *title = g_strdup_printf ("Track %u", k + 1);
      Track t;

      make_track (&t, k);
      sources[k] = g_build_filename (dir, name, NULL);
      lq_test_write (sources[k], SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, (guint64) RATE * SECONDS,
                     track_signal, &t, title);
      g_free (t.samples);
      sums[k] = lq_test_checksum (sources[k]);
    }
  RUN_OK ("new", P);
  RUN_OK ("add", P, sources[0], sources[1], sources[2], sources[3]);
  RUN_OK ("analyze", P);

  g_test_add_func ("/e2e-match/album-differs", test_album_differs);
  g_test_add_func ("/e2e-match/track-mode", test_track_mode);
  g_test_add_func ("/e2e-match/album-mode", test_album_mode);
  g_test_add_func ("/e2e-match/continuity", test_continuity);
  g_test_add_func ("/e2e-match/tonal", test_tonal);
  g_test_add_func ("/e2e-match/limited-track", test_limited_track);
  g_test_add_func ("/e2e-match/sources-untouched", test_sources_untouched);
  status = g_test_run ();

  lq_test_rmdir (dir);
  g_free (dir);
  for (guint k = 0; k < N_TRACKS; k++)
    {
      g_free (sources[k]);
      g_free (sums[k]);
    }
  g_free (out_text);
  g_free (err_text);
  return status;
}
