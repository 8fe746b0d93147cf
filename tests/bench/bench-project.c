/* bench-project.c: how fast a 99-track album project opens and takes edits.
 *
 * Builds a 99-track project (2 s WAVs, every track analysed, so the cache is
 * full), then times with the monotonic clock, median of 5 runs:
 *   open: lq_project_open until it returns: album, tracks, source checks and
 *         cached analyses loaded, the model ready for the GUI;
 *   edits: 1,000 edits (track and album fields, moves), each one transaction
 *         committed with synchronous=FULL before the call returns.
 * Goals: open < 100 ms; 1,000 edits < 2 s. Reported, not enforced: exit 0.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "lq-project.h"
#include "lq-test-audio.h"

#define N_TRACKS 99
#define N_RUNS 5
#define N_EDITS 1000

static double
median (double *v, guint n)
{
  g_autofree double *s = g_memdup2 (v, n * sizeof (double));

  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && s[j - 1] > s[j]; j--)
      {
        double t = s[j];
        s[j] = s[j - 1];
        s[j - 1] = t;
      }
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

static void
print_runs (const char *what, double *ms, guint n)
{
  printf ("%-28s median %8.1f ms   runs:", what, median (ms, n));
  for (guint i = 0; i < n; i++)
    printf (" %.1f", ms[i]);
  printf ("\n");
}

static void
edit (LqProject *p, guint i, GRand *rand)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *assignment = NULL;
  guint position = g_rand_int_range (rand, 1, N_TRACKS + 1);
  gboolean ok;

  switch (i % 4)
    {
    case 0:
      assignment = g_strdup_printf ("title=Take %u", i);
      ok = lq_project_set_track (p, position, (const char *[]) { assignment, NULL }, &error);
      break;
    case 1:
      assignment = g_strdup_printf ("gain=%.1f", g_rand_int_range (rand, -60, 61) / 10.0);
      ok = lq_project_set_track (p, position, (const char *[]) { assignment, NULL }, &error);
      break;
    case 2:
      assignment = g_strdup_printf ("comment=edit %u", i);
      ok = lq_project_set_album (p, (const char *[]) { assignment, NULL }, &error);
      break;
    default:
      ok = lq_project_move_track (p, position, g_rand_int_range (rand, 1, N_TRACKS + 1), &error);
    }
  if (!ok)
    g_error ("edit %u: %s", i, error->message);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = lq_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(GPtrArray) wavs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  g_autoptr(GError) error = NULL;
  double open_ms[N_RUNS], edit_ms[N_RUNS];
  gint64 t0;
  LqProject *p;

  printf ("bench-project: a %d-track album, 2 s per track, cached analysis; median of %d runs\n",
          N_TRACKS, N_RUNS);
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_TRACKS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%02u.wav", i + 1);
      g_autofree char *title = g_strdup_printf ("Track %u", i + 1);
      double level = -30.0 + (i % 25);
      char *wav = g_build_filename (dir, name, NULL);

      lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 2 * 44100, lq_test_sine_1k, &level, title);
      g_ptr_array_add (wavs, wav);
    }
  g_ptr_array_add (wavs, NULL);

  p = lq_project_create (path, &error);
  g_assert_no_error (error);
  if (!lq_project_add_files (p, (const char *const *) wavs->pdata, 0, NULL, &error)
      || !lq_project_analyze (p, g_get_num_processors (), NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_object_unref (p);
  printf ("setup (write, add, analyse): %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);

  for (guint run = 0; run < N_RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();

      p = lq_project_open (path, FALSE, &error);
      open_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (lq_project_get_n_tracks (p), ==, N_TRACKS);
      for (guint i = 1; i <= N_TRACKS; i++)
        g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, i)));
      g_object_unref (p);
    }

  for (guint run = 0; run < N_RUNS; run++)
    {
      gint64 start;

      p = lq_project_open (path, FALSE, &error);
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      for (guint i = 0; i < N_EDITS; i++)
        edit (p, i, rand);
      edit_ms[run] = (g_get_monotonic_time () - start) / 1000.0;
      g_object_unref (p);
    }

  print_runs ("open to a ready model:", open_ms, N_RUNS);
  print_runs ("1,000 edits (set/move):", edit_ms, N_RUNS);
  printf ("goal: open < 100 ms: %s (%.1f ms)\n", median (open_ms, N_RUNS) < 100.0 ? "met" : "MISSED",
          median (open_ms, N_RUNS));
  printf ("goal: 1,000 edits < 2 s: %s (%.2f s, %.2f ms per edit)\n",
          median (edit_ms, N_RUNS) < 2000.0 ? "met" : "MISSED", median (edit_ms, N_RUNS) / 1000.0,
          median (edit_ms, N_RUNS) / N_EDITS);

  for (guint i = 0; i < N_TRACKS; i++)
    g_unlink (g_ptr_array_index (wavs, i));
  lq_test_rmdir (dir);
  return 0;
}
