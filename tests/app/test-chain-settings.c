/* test-chain-settings.c: a track's mastering chain as its project stores it
 * (lq-chain-settings.h), and what the renderer then does with it.
 *
 *  - the documented defaults of project format 4;
 *  - every kind of field reaches the dsp settings (EQ band, compressor,
 *    width, match EQ switch, bus, limiter), bypass turns the track's own
 *    processors off, gains add up with the stored match gain;
 *  - rendered: a +6 dB bell at 1 kHz lifts a 1 kHz sine by 6 dB; width 0
 *    makes L = R; bypass renders the source at its gain; every change is
 *    undoable and the export follows it.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "lq-chain-settings.h"
#include "lq-error.h"
#include "lq-project.h"
#include "lq-render.h"
#include "lq-test-audio.h"

#define RATE 48000

typedef struct
{
  char *dir;
  char *source;
  LqProject *project;
} Fixture;

/* A 1 kHz sine at -20 dBFS on the left, a 3 kHz one at -26 dBFS on the
 * right: a stereo signal with a side channel. */
static double
two_sines (guint64 i,
           guint c,
           guint rate,
           gpointer data)
{
  double t = (double) i / rate;

  return c == 0 ? 0.1 * sin (2.0 * G_PI * 1000.0 * t) : 0.05 * sin (2.0 * G_PI * 3000.0 * t);
}

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  g_autofree char *project_path = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2];

  f->dir = lq_test_tmpdir ();
  f->source = g_build_filename (f->dir, "sines.wav", NULL);
  lq_test_write (f->source, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, RATE * 2, two_sines, NULL, "Sines");
  project_path = g_build_filename (f->dir, "chain.lacquer", NULL);
  f->project = lq_project_create (project_path, &error);
  g_assert_no_error (error);
  paths[0] = f->source;
  paths[1] = NULL;
  g_assert_true (lq_project_add_files (f->project, paths, 0, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_clear_object (&f->project);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->source);
}

static void
set_track (Fixture *f,
           const char *assignment)
{
  g_autoptr(GError) error = NULL;
  const char *assignments[] = { assignment, NULL };

  g_assert_true (lq_project_set_track (f->project, 1, assignments, &error));
  g_assert_no_error (error);
}

static void
set_album (Fixture *f,
           const char *assignment)
{
  g_autoptr(GError) error = NULL;
  const char *assignments[] = { assignment, NULL };

  g_assert_true (lq_project_set_album (f->project, assignments, &error));
  g_assert_no_error (error);
}

static void
settings_of (Fixture *f,
             LqChainSettings *s)
{
  lq_chain_settings_from_project (s, f->project, lq_project_get_track (f->project, 1));
}

static void
test_defaults (Fixture *f,
               gconstpointer data)
{
  static const LqEqType types[] = { LQ_EQ_HIGH_PASS, LQ_EQ_LOW_SHELF, LQ_EQ_BELL, LQ_EQ_BELL, LQ_EQ_BELL,
                                    LQ_EQ_BELL, LQ_EQ_HIGH_SHELF, LQ_EQ_LOW_PASS };
  static const double freqs[] = { 30, 100, 250, 800, 2500, 6000, 10000, 20000 };
  LqChainSettings s;

  settings_of (f, &s);
  g_assert_cmpfloat (s.input_trim_db, ==, 0.0);
  g_assert_cmpfloat (s.match_gain_db, ==, 0.0);
  for (guint b = 0; b < LQ_PEQ_MAX_BANDS; b++)
    {
      g_assert_false (s.eq[b].enabled);
      g_assert_cmpint (s.eq[b].type, ==, types[b]);
      g_assert_cmpfloat (s.eq[b].freq_hz, ==, freqs[b]);
      g_assert_cmpfloat (s.eq[b].gain_db, ==, 0.0);
      g_assert_cmpfloat (s.eq[b].q, ==, 0.71);
      g_assert_cmpuint (s.eq[b].slope_db_oct, ==, 24);
      g_assert_cmpint (s.eq[b].channels, ==, LQ_EQ_STEREO);
      g_assert_false (s.bus_eq[b].enabled);
      g_assert_cmpint (s.bus_eq[b].type, ==, types[b]);
    }
  /* Never matched: no match EQ. */
  g_assert_false (s.match_eq_enabled);
  g_assert_cmpuint (s.match_n_bands, ==, 0);
  g_assert_false (s.compressor.enabled);
  g_assert_cmpfloat (s.compressor.threshold_db, ==, -18.0);
  g_assert_cmpfloat (s.compressor.ratio, ==, 2.0);
  g_assert_cmpfloat (s.compressor.knee_db, ==, 6.0);
  g_assert_cmpfloat (s.compressor.attack_ms, ==, 10.0);
  g_assert_cmpfloat (s.compressor.release_ms, ==, 100.0);
  g_assert_cmpfloat (s.compressor.makeup_db, ==, 0.0);
  g_assert_cmpint (s.compressor.detection, ==, LQ_COMPRESSOR_DETECT_RMS);
  g_assert_cmpint (s.compressor.mode, ==, LQ_COMPRESSOR_STEREO_LINKED);
  g_assert_false (s.bus_compressor.enabled);
  g_assert_false (s.width_enabled);
  g_assert_cmpfloat (s.width, ==, 1.0);
  g_assert_cmpfloat (s.mono_below_hz, ==, 0.0);
  g_assert_true (s.limiter_enabled);
  g_assert_cmpfloat (s.limiter_ceiling_dbtp, ==, -1.0);
  g_assert_cmpfloat (s.limiter_release_ms, ==, 100.0);
  g_assert_true (s.limiter_auto_release);
}

static void
test_fields (Fixture *f,
             gconstpointer data)
{
  LqChainSettings s;

  set_track (f, "input-trim=-3");
  set_track (f, "gain=1.5");
  set_track (f, "eq3-on=true");
  set_track (f, "eq3-type=high-shelf");
  set_track (f, "eq3-freq=4000");
  set_track (f, "eq3-gain=-2.5");
  set_track (f, "eq3-q=1.2");
  set_track (f, "eq3-channels=side");
  set_track (f, "eq1-on=yes");
  set_track (f, "eq1-slope=48");
  set_track (f, "comp-on=true");
  set_track (f, "comp-threshold=-30");
  set_track (f, "comp-ratio=4");
  set_track (f, "comp-detection=peak");
  set_track (f, "comp-channels=mid-side");
  set_track (f, "width-on=true");
  set_track (f, "width=1.3");
  set_track (f, "mono-below=120");
  set_album (f, "bus-eq8-on=true");
  set_album (f, "bus-eq8-freq=18000");
  set_album (f, "bus-comp-on=true");
  set_album (f, "bus-comp-makeup=2");
  set_album (f, "limiter-release=250");
  set_album (f, "limiter-auto-release=false");
  set_album (f, "target=amazon");

  settings_of (f, &s);
  g_assert_cmpfloat (s.input_trim_db, ==, -3.0);
  g_assert_cmpfloat (s.match_gain_db, ==, 1.5);
  g_assert_true (s.eq[2].enabled);
  g_assert_cmpint (s.eq[2].type, ==, LQ_EQ_HIGH_SHELF);
  g_assert_cmpfloat (s.eq[2].freq_hz, ==, 4000.0);
  g_assert_cmpfloat (s.eq[2].gain_db, ==, -2.5);
  g_assert_cmpfloat (s.eq[2].q, ==, 1.2);
  g_assert_cmpint (s.eq[2].channels, ==, LQ_EQ_SIDE);
  g_assert_true (s.eq[0].enabled);
  g_assert_cmpuint (s.eq[0].slope_db_oct, ==, 48);
  g_assert_true (s.compressor.enabled);
  g_assert_cmpfloat (s.compressor.threshold_db, ==, -30.0);
  g_assert_cmpfloat (s.compressor.ratio, ==, 4.0);
  g_assert_cmpint (s.compressor.detection, ==, LQ_COMPRESSOR_DETECT_PEAK);
  g_assert_cmpint (s.compressor.mode, ==, LQ_COMPRESSOR_MID_SIDE);
  g_assert_true (s.width_enabled);
  g_assert_cmpfloat (s.width, ==, 1.3);
  g_assert_cmpfloat (s.mono_below_hz, ==, 120.0);
  g_assert_true (s.bus_eq[7].enabled);
  g_assert_cmpfloat (s.bus_eq[7].freq_hz, ==, 18000.0);
  g_assert_true (s.bus_compressor.enabled);
  g_assert_cmpfloat (s.bus_compressor.makeup_db, ==, 2.0);
  g_assert_cmpfloat (s.limiter_release_ms, ==, 250.0);
  g_assert_false (s.limiter_auto_release);
  /* amazon: -2 dBTP. */
  g_assert_cmpfloat (s.limiter_ceiling_dbtp, ==, -2.0);

  /* Bypass: the track's own processors off; gains, bus and limiter stay. */
  set_track (f, "bypass=true");
  settings_of (f, &s);
  g_assert_false (s.eq[2].enabled);
  g_assert_false (s.eq[0].enabled);
  g_assert_false (s.compressor.enabled);
  g_assert_false (s.width_enabled);
  g_assert_false (s.match_eq_enabled);
  g_assert_cmpfloat (s.match_gain_db, ==, 1.5);
  g_assert_cmpfloat (s.input_trim_db, ==, -3.0);
  g_assert_true (s.bus_eq[7].enabled);
  g_assert_true (s.bus_compressor.enabled);
  g_assert_true (s.limiter_enabled);

  /* Out-of-range values are refused with the allowed range. */
  {
    g_autoptr(GError) error = NULL;
    const char *bad[] = { "comp-ratio=0.5", NULL };
    const char *bad_choice[] = { "eq2-type=notch", NULL };

    g_assert_false (lq_project_set_track (f->project, 1, bad, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_false (lq_project_set_track (f->project, 1, bad_choice, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  }

  /* Each edit is one undo step: undo bypass, then the target. */
  g_assert_true (lq_project_undo (f->project, NULL));
  settings_of (f, &s);
  g_assert_true (s.compressor.enabled);
  g_assert_true (lq_project_undo (f->project, NULL));
  settings_of (f, &s);
  g_assert_cmpfloat (s.limiter_ceiling_dbtp, ==, -1.0);
}

/* Renders the track (no limiter: the EQ's own effect) and returns the
 * interleaved float samples. */
static float *
render (Fixture *f,
        const char *name,
        sf_count_t *frames)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  LqRenderSpec spec;
  LqRenderOptions options;
  SF_INFO info = { 0 };
  SNDFILE *file;
  float *samples;

  lq_render_spec_init (&spec, f->project, lq_project_get_track (f->project, 1));
  lq_render_options_init (&options);
  options.bits = 32;
  options.limiter = FALSE;
  options.overwrite = TRUE;
  g_assert_true (lq_render_track (&spec, &options, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  lq_render_spec_clear (&spec);

  file = sf_open (path, SFM_READ, &info);
  g_assert_nonnull (file);
  samples = g_new (float, info.frames * 2);
  g_assert_cmpint (sf_readf_float (file, samples, info.frames), ==, info.frames);
  sf_close (file);
  *frames = info.frames;
  return samples;
}

/* RMS in dB of channel @c over the middle second (glides and filters settled). */
static double
rms_db (const float *samples,
        sf_count_t frames,
        guint c)
{
  double sum = 0.0;
  sf_count_t from = frames / 4, to = frames * 3 / 4;

  for (sf_count_t i = from; i < to; i++)
    sum += (double) samples[i * 2 + c] * samples[i * 2 + c];
  return 10.0 * log10 (sum / (double) (to - from));
}

static void
test_render (Fixture *f,
             gconstpointer data)
{
  g_autofree float *flat = NULL;
  g_autofree float *boosted = NULL;
  g_autofree float *mono = NULL;
  g_autofree float *bypassed = NULL;
  sf_count_t n;

  flat = render (f, "flat.wav", &n);
  /* Neutral chain: the sines come out at their level. */
  g_assert_cmpfloat (fabs (rms_db (flat, n, 0) - (20.0 * log10 (0.1) - 3.0103)), <, 0.01);

  /* +6 dB bell at 1 kHz: the left sine rises 6 dB; the right one, 1.6
   * octaves away with Q 4, hardly moves. */
  set_track (f, "eq4-on=true");
  set_track (f, "eq4-freq=1000");
  set_track (f, "eq4-gain=6");
  set_track (f, "eq4-q=4");
  boosted = render (f, "boosted.wav", &n);
  g_assert_cmpfloat (fabs (rms_db (boosted, n, 0) - rms_db (flat, n, 0) - 6.0), <, 0.05);
  g_assert_cmpfloat (fabs (rms_db (boosted, n, 1) - rms_db (flat, n, 1)), <, 0.3);

  /* Width 0: mono, L = R. */
  set_track (f, "width-on=true");
  set_track (f, "width=0");
  mono = render (f, "mono.wav", &n);
  for (sf_count_t i = n / 4; i < n * 3 / 4; i++)
    g_assert_cmpfloat (fabs (mono[i * 2] - mono[i * 2 + 1]), <, 1e-5);

  /* Bypass with a gain: the source, 2 dB louder. */
  set_track (f, "bypass=true");
  set_track (f, "gain=2");
  bypassed = render (f, "bypassed.wav", &n);
  for (guint c = 0; c < 2; c++)
    g_assert_cmpfloat (fabs (rms_db (bypassed, n, c) - rms_db (flat, n, c) - 2.0), <, 0.01);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/chain-settings/defaults", test_defaults);
  ADD ("/chain-settings/fields", test_fields);
  ADD ("/chain-settings/render", test_render);
#undef ADD

  return g_test_run ();
}
