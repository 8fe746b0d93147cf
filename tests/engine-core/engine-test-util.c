/* engine-test-util.c: see engine-test-util.h. */
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <string.h>

#include "engine-test-util.h"
#include "lq-source-stage.h"
#include "lq-test-audio.h"

#define ET_SECONDS 6

/* Music-like: two swept partials, a low tone and a decaying burst every
 * half second, different on each channel. */
static double
track_signal (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate;
  double burst = exp (-fmod (t, 0.5) * 12.0) * sin (2 * G_PI * 2200.0 * t + c);

  return 0.3 * sin (2 * G_PI * (220.0 + 40.0 * t) * t + 0.5 * c)
         + 0.2 * sin (2 * G_PI * 55.0 * t)
         + 0.25 * burst;
}

static double
reference_signal (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate;

  return 0.4 * sin (2 * G_PI * 330.0 * t + 1.3 * c) + 0.1 * sin (2 * G_PI * 3100.0 * t);
}

void
et_fixture_setup (EtFixture *f, gconstpointer data)
{
  f->dir = lq_test_tmpdir ();
  f->track = g_build_filename (f->dir, "track.wav", NULL);
  f->reference = g_build_filename (f->dir, "reference.wav", NULL);
  f->frames = (gint64) ET_SECONDS * ET_RATE;
  lq_test_write (f->track, SF_FORMAT_WAV | SF_FORMAT_FLOAT, ET_RATE, 2, (guint64) f->frames,
                 track_signal, NULL, NULL);
  lq_test_write (f->reference, SF_FORMAT_WAV | SF_FORMAT_FLOAT, ET_RATE, 2,
                 (guint64) f->frames, reference_signal, NULL, NULL);
}

void
et_fixture_teardown (EtFixture *f, gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->track);
  g_free (f->reference);
}

void
et_spec_init (LqRenderSpec *spec, const char *path, gboolean chain_on)
{
  memset (spec, 0, sizeof *spec);
  spec->source = g_strdup (path);
  spec->title = g_strdup ("Track");
  spec->track_number = 1;
  spec->n_tracks = 1;
  spec->target_lufs = NAN;
  lq_chain_settings_init (&spec->chain);
  if (!chain_on)
    return;
  spec->chain.input_trim_db = -1.5;
  spec->chain.eq[0].enabled = true;
  spec->chain.eq[0].type = LQ_EQ_BELL;
  spec->chain.eq[0].freq_hz = 2000.0;
  spec->chain.eq[0].gain_db = 3.0;
  spec->chain.eq[0].q = 1.0;
  spec->chain.eq[0].channels = LQ_EQ_STEREO;
  spec->chain.compressor.enabled = true;
  spec->chain.compressor.threshold_db = -18.0;
  spec->chain.compressor.ratio = 3.0;
  spec->chain.width_enabled = true;
  spec->chain.width = 1.2;
  spec->chain.match_gain_db = 4.0;
  spec->chain.limiter_enabled = true;
  spec->chain.limiter_ceiling_dbtp = -1.0;
}

void
et_spec_clear (LqRenderSpec *spec)
{
  lq_render_spec_clear (spec);
}

float *
et_render (const LqRenderSpec *spec, const char *dir, gint64 *frames)
{
  g_autofree char *path = g_build_filename (dir, "render.wav", NULL);
  g_autoptr (GError) error = NULL;
  LqRenderOptions options;
  SF_INFO info = { 0 };
  SNDFILE *file;
  float *out;

  lq_render_options_init (&options);
  options.format = LQ_RENDER_WAV;
  options.bits = 32;
  options.rate = 0;
  options.overwrite = TRUE;
  options.limiter = spec->chain.limiter_enabled;
  options.ceiling_dbtp = spec->chain.limiter_ceiling_dbtp;
  g_assert_true (lq_render_track (spec, &options, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  file = sf_open (path, SFM_READ, &info);
  g_assert_nonnull (file);
  g_assert_cmpint (info.channels, ==, 2);
  g_assert_cmpint (info.samplerate, ==, ET_RATE);
  out = g_new (float, (gsize) info.frames * 2);
  g_assert_cmpint (sf_readf_float (file, out, info.frames), ==, info.frames);
  sf_close (file);
  g_unlink (path);
  *frames = info.frames;
  return out;
}

float *
et_stage (const LqRenderSpec *spec, gint64 from, gint64 n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LqSourceStage) stage = lq_source_stage_new (spec, LQ_SOURCE_STAGE_GAP, &error);
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  float *out = g_new0 (float, (gsize) n * 2);
  gint64 done = 0;

  g_assert_no_error (error);
  g_assert_true (lq_source_stage_seek (stage, from, &error));
  while (done < n)
    {
      float *ch[2] = { l + done, r + done };
      gssize got = lq_source_stage_read (stage, ch, (gsize) (n - done), &error);

      g_assert_no_error (error);
      if (got == 0)
        break;
      done += got;
    }
  for (gint64 k = 0; k < done; k++)
    {
      out[2 * k] = l[k];
      out[2 * k + 1] = r[k];
    }
  return out;
}

void
et_start (LqEngine *engine, gint64 from, guint block)
{
  g_autofree float *buf = g_new (float, (gsize) block * 2);
  guint calls = 0;

  lq_engine_seek (engine, from);
  lq_engine_play (engine);
  while (lq_engine_get_prerolling (engine))
    {
      _lq_engine_wait_ready (engine, 3 * block);
      lq_engine_process (engine, buf, block);
      /* Silence while prerolling. */
      for (guint k = 0; k < 2 * block; k++)
        g_assert_cmpfloat (buf[k], ==, 0.0f);
      calls++;
      g_assert_cmpuint (calls, <, 10000);
    }
  g_assert_cmpint (lq_engine_get_position (engine), ==, from);
}

float *
et_play (LqEngine *engine, gint64 n, guint block)
{
  float *out = g_new0 (float, (gsize) n * 2 + (gsize) block * 2);
  gint64 done = 0;

  while (done < n)
    {
      _lq_engine_wait_ready (engine, 3 * block);
      lq_engine_process (engine, out + done * 2, block);
      done += block;
    }
  return out;
}

double
et_max_step (const float *x, gint64 a, gint64 b)
{
  double m = 0.0;

  for (gint64 k = a; k + 1 < b; k++)
    for (int c = 0; c < 2; c++)
      m = MAX (m, fabs ((double) x[2 * (k + 1) + c] - x[2 * k + c]));
  return m;
}
