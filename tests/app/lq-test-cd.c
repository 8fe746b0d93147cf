/* lq-test-cd.c: small albums for the CD tests */
#include "lq-test-cd.h"

#include "lq-test-audio.h"

LqProject *
lq_test_cd_project (const char    *dir,
                    guint          n_tracks,
                    const guint64 *frames,
                    const guint   *rates)
{
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  LqProject *project;
  double level = -20;

  for (guint i = 0; i < n_tracks; i++)
    {
      g_autofree char *name = g_strdup_printf ("t%u.wav", i + 1);
      char *wav = g_build_filename (dir, name, NULL);

      lq_test_write (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, rates != NULL ? rates[i] : 44100, 2,
                     frames[i], lq_test_sine_1k, &level, NULL);
      g_ptr_array_add (paths, wav);
    }
  g_ptr_array_add (paths, NULL);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  if (n_tracks > 0)
    {
      g_assert_true (lq_project_add_files (project, (const char *const *) paths->pdata, 0, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (lq_project_get_n_tracks (project), ==, n_tracks);
  return project;
}

void
lq_test_cd_set_album (LqProject  *project,
                      const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_set_album (project, a, &error));
  g_assert_no_error (error);
}

void
lq_test_cd_set_track (LqProject  *project,
                      guint       position,
                      const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (lq_project_set_track (project, position, a, &error));
  g_assert_no_error (error);
}

LqCdLayout *
lq_test_cd_plain_layout (guint n,
                         guint seconds)
{
  LqCdLayout *layout = lq_cd_layout_new (n);
  guint64 at = 0;

  for (guint i = 0; i < n; i++)
    {
      LqCdTrack *t = &layout->tracks[i];

      t->pregap = at;
      t->start = i == 0 ? 150 : at;
      t->samples = (guint64) seconds * 44100;
      t->end = t->start + (guint64) seconds * 75;
      at = t->end;
    }
  layout->leadout = at;
  return layout;
}

static double
silence (guint64 i, guint c, guint rate, gpointer data)
{
  return 0.0;
}

void
lq_test_cd_write_silence (const char *path,
                          guint64     frames)
{
  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, frames * 588, silence, NULL, NULL);
}
