/* test-master-gains.c: a matched album heard as it is exported.
 *
 * Matched to a loud target, the limiter takes some of each track's
 * loudness and the export raises the gain before it until the file has
 * its planned level (the solved gain, lq-render-gain.h). Playback plays
 * that gain: two tracks of noise with the peaks of music (the limiter works
 * throughout), matched to -6 LUFS by `lacquer-cli match` (which solves
 * the gains), then track 2 trimmed (its gain no longer solved). The player's
 * read-only copy finds track 2 missing, solves it (lq-master-gains.h), and
 * then the engine's master of each track, played headless from its start,
 * equals `lacquer-cli export --bits 32f`'s file bit for bit; with track 2's
 * gain unsolved it does not (it plays the plan's gain). */
#include <math.h>
#include <sndfile.h>

#include "engine-test-util.h"
#include "lq-master-gains.h"
#include "lq-render-gain.h"
#include "lq-test-audio.h"

#define RATE 44100

/* Gaussian noise at -14 dBFS RMS (peaks about 12 dB above it): matched
 * to -6 LUFS, the limiter takes some of every passage. */
static double
noise (guint64 i, guint c, guint rate, gpointer data)
{
  guint32 x = (guint32) (i * 2 + c) * 2654435761u + 12345u;
  double sum = 0;

  for (int k = 0; k < 4; k++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      sum += (double) x / 4294967296.0 - 0.5;
    }
  /* The sum of 4 uniforms: variance 4/12. */
  return pow (10, -14.0 / 20) * sum / sqrt (4.0 / 12.0);
}

static void
cli (const char *dir, ...)
{
  g_autofree char *out = NULL, *err = NULL;
  va_list ap;
  int status;

  va_start (ap, dir);
  status = lq_test_run_cli (dir, &out, &err, ap);
  va_end (ap);
  if (status != 0)
    g_printerr ("%s%s", out, err);
  g_assert_cmpint (status, ==, 0);
}

static float *
read_wav (const char *path, gint64 *frames)
{
  SF_INFO info = { 0 };
  SNDFILE *file = sf_open (path, SFM_READ, &info);
  float *data;

  g_assert_nonnull (file);
  g_assert_cmpint (info.channels, ==, 2);
  data = g_new (float, (gsize) info.frames * 2);
  g_assert_cmpint (sf_readf_float (file, data, info.frames), ==, info.frames);
  sf_close (file);
  *frames = info.frames;
  return data;
}

/* The engine's master of track @n of @project from its start. */
static float *
play_track (LqProject *project, guint n, gint64 frames)
{
  g_autoptr(LqEngine) engine = lq_engine_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_engine_load_track (engine, project, lq_project_get_track (project, n), &error));
  g_assert_no_error (error);
  g_assert_cmpint (lq_engine_get_length (engine), ==, frames);
  lq_engine_set_source (engine, LQ_PLAYBACK_MASTER);
  et_start (engine, 0, ET_BLOCK);
  return et_play (engine, frames, ET_BLOCK);
}

static void
test_heard_as_exported (void)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.wav", NULL);
  g_autofree char *b = g_build_filename (dir, "b.wav", NULL);
  g_autofree char *path = g_build_filename (dir, "p.lacquer", NULL);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GPtrArray) tracks = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;
  guint solved = 0;

  lq_test_write (a, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, 4 * RATE, noise, NULL, "A");
  lq_test_write (b, SF_FORMAT_WAV | SF_FORMAT_PCM_24, RATE, 2, 5 * RATE, noise, NULL, "B");
  cli (dir, "new", "p.lacquer", NULL);
  cli (dir, "add", "p.lacquer", "a.wav", "b.wav", NULL);
  cli (dir, "set", "p.lacquer", "1", "gap=0", NULL);
  cli (dir, "set", "p.lacquer", "2", "gap=0", NULL);
  cli (dir, "analyze", "p.lacquer", NULL);
  cli (dir, "match", "p.lacquer", "--target", "-6", NULL);
  cli (dir, "set", "p.lacquer", "2", "trim-in=0.3", "fade-out=0.5", NULL);
  cli (dir, "export", "p.lacquer", "--out", "out", "--bits", "32f", NULL);

  project = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_ptr_array_add (tracks, lq_project_get_track (project, 1));
  g_ptr_array_add (tracks, lq_project_get_track (project, 2));

  /* Track 1's gain was solved by match; track 2's trim asks for another. */
  missing = lq_master_gains_missing (project, tracks);
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_true (g_ptr_array_index (missing, 0) == lq_project_get_track (project, 2));

  for (guint n = 1; n <= 2; n++)
    {
      g_autofree char *name = g_strdup_printf ("0%u - %s.wav", n, n == 1 ? "A" : "B");
      g_autofree char *file = g_build_filename (dir, "out", name, NULL);
      g_autofree float *exported = NULL;
      g_autofree float *heard = NULL;
      gint64 frames;
      LqRenderSpec spec;
      double plan_gain, played_gain;

      exported = read_wav (file, &frames);
      if (n == 2)
        {
          /* Unsolved, it plays the plan's gain: not the export. */
          g_autofree float *unsolved = play_track (project, n, frames);

          g_assert_false (memcmp (unsolved, exported, (gsize) frames * 2 * sizeof (float)) == 0);
          g_assert_true (lq_master_gains_solve (project, missing, NULL, &solved, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (solved, ==, 1);
        }
      g_assert_true (lq_render_spec_init_playback (&spec, project, lq_project_get_track (project, n)));
      played_gain = spec.chain.match_gain_db;
      lq_render_spec_clear (&spec);
      lq_render_spec_init (&spec, project, lq_project_get_track (project, n));
      plan_gain = spec.chain.match_gain_db;
      lq_render_spec_clear (&spec);
      g_test_message ("track %u: plan gain %.3f dB, solved (played) %.3f dB", n, plan_gain, played_gain);
      /* The limiter took some: the export's gain is above the plan's. */
      g_assert_cmpfloat (played_gain, >, plan_gain + 0.1);

      heard = play_track (project, n, frames);
      g_assert_cmpmem (heard, (gsize) frames * 2 * sizeof (float), exported, (gsize) frames * 2 * sizeof (float));
    }
  g_clear_pointer (&missing, g_ptr_array_unref);
  missing = lq_master_gains_missing (project, tracks);
  g_assert_cmpuint (missing->len, ==, 0);
  g_clear_object (&project);
  lq_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/master-gains/heard-as-exported", test_heard_as_exported);
  return g_test_run ();
}
