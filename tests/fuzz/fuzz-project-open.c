/* fuzz-project-open.c: a project file is untrusted input.
 *
 * libFuzzer entry point: writes the bytes to a file and opens it as a project,
 * read-only and for writing. Whatever the bytes, lq_project_open either fails
 * with an LqError saying why or gives a project whose tracks, values and
 * cached analyses can be read and whose history can be undone and redone
 * without crashing, leaking or warning. Built with -Dfuzzing=true (clang,
 * -fsanitize=fuzzer,address); otherwise fuzz-main.c runs it as a test.
 */
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-project.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* How many opens succeeded, for the runner to report. */
guint fuzz_project_opened;

static char *fuzz_dir;
static char *fuzz_path;

static void
remove_files (void)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (fuzz_path, suffixes[i], NULL);
      g_unlink (p);
    }
}

static void
remove_dir (void)
{
  remove_files ();
  g_rmdir (fuzz_dir);
}

static void
exercise (LqProject *p)
{
  guint n;
  const LqField *album = lq_project_fields_album (&n);
  const LqField *fields;
  GListModel *tracks = lq_project_get_tracks (p);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_free (lq_field_format (&album[i], lq_project_get_album_value (p, &album[i])));

  fields = lq_project_fields_track (&n);
  for (guint pos = 1; pos <= g_list_model_get_n_items (tracks); pos++)
    {
      LqTrack *t = lq_project_get_track (p, pos);

      g_assert (t != NULL);
      g_assert (lq_track_get_position (t) == pos);
      (void) lq_track_get_display_name (t);
      (void) lq_track_get_source (t);
      (void) lq_track_get_path (t);
      (void) lq_track_get_duration (t);
      (void) lq_track_status_to_string (lq_track_get_status (t));
      (void) lq_track_get_analysis (t);
      for (guint i = 0; i < n; i++)
        g_free (lq_field_format (&fields[i], lq_track_get_value (t, &fields[i])));
    }
  g_object_unref (lq_project_get_album_analysis (p));
  (void) lq_project_get_undo_label (p);
  (void) lq_project_get_redo_label (p);

  /* Replaying a hostile history: refused or done, never anything else. */
  if (!lq_project_undo (p, &error))
    {
      g_assert (error != NULL && error->domain == LQ_ERROR);
      g_clear_error (&error);
    }
  if (!lq_project_redo (p, &error))
    {
      g_assert (error != NULL && error->domain == LQ_ERROR);
      g_clear_error (&error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t size)
{
  if (fuzz_dir == NULL)
    {
      fuzz_dir = g_dir_make_tmp ("lacquer-fuzz-XXXXXX", NULL);
      g_assert (fuzz_dir != NULL);
      fuzz_path = g_build_filename (fuzz_dir, "album.lacquer", NULL);
      /* A warning or critical is a finding too. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      atexit (remove_dir);
    }

  for (int read_only = 1; read_only >= 0; read_only--)
    {
      g_autoptr(GError) error = NULL;
      LqProject *p;

      /* A fresh copy each time: a stale WAL would be read as part of it. */
      remove_files ();
      if (!g_file_set_contents (fuzz_path, (const char *) data, size, NULL))
        g_error ("cannot write %s", fuzz_path);
      p = lq_project_open (fuzz_path, read_only, &error);
      if (p == NULL)
        {
          g_assert (error != NULL && error->domain == LQ_ERROR);
          g_assert (g_str_has_prefix (error->message, fuzz_path));
          continue;
        }
      g_assert (error == NULL);
      fuzz_project_opened++;
      exercise (p);
      g_object_unref (p);
    }
  remove_files ();
  return 0;
}
