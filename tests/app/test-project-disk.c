/* test-project-disk.c: the project file on a shared or failing disk.
 *
 * Two writers (the second is refused while the first holds the lock, which
 * a killed writer loses), a reader beside a writer, a project moved or made
 * read-only while open; and a full or read-only disk, simulated by an SQLite
 * VFS wrapped around the default one: every failed write leaves the project
 * as it was.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "test-project-common.h"

static const char *self_exe;

/* A wrapper around the default VFS whose writes can be made to fail. */
typedef struct
{
  sqlite3_file base;
  sqlite3_file *real;
} FaultyFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs faulty_vfs;
static int fault_rc;          /* 0: writes go through */
static int fault_errno;       /* what xGetLastError reports meanwhile */
static int fault_skip;        /* writes to let through before failing */
static guint fault_hits;

static int
faulty_close (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xClose (f->real);
}

static int
faulty_read (sqlite3_file *file, void *buf, int n, sqlite3_int64 offset)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xRead (f->real, buf, n, offset);
}

static int
faulty_write (sqlite3_file *file, const void *buf, int n, sqlite3_int64 offset)
{
  FaultyFile *f = (FaultyFile *) file;

  if (fault_rc != 0)
    {
      if (fault_skip > 0)
        fault_skip--;
      else
        {
          fault_hits++;
          errno = fault_errno;
          return fault_rc;
        }
    }
  return f->real->pMethods->xWrite (f->real, buf, n, offset);
}

static int
faulty_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xTruncate (f->real, size);
}

static int
faulty_sync (sqlite3_file *file, int flags)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xSync (f->real, flags);
}

static int
faulty_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xFileSize (f->real, size);
}

static int
faulty_lock (sqlite3_file *file, int lock)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xLock (f->real, lock);
}

static int
faulty_unlock (sqlite3_file *file, int lock)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xUnlock (f->real, lock);
}

static int
faulty_check_reserved_lock (sqlite3_file *file, int *out)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

static int
faulty_file_control (sqlite3_file *file, int op, void *arg)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
faulty_sector_size (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xSectorSize (f->real);
}

static int
faulty_device_characteristics (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xDeviceCharacteristics (f->real);
}

static int
faulty_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xShmMap (f->real, page, size, extend, out);
}

static int
faulty_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
faulty_shm_barrier (sqlite3_file *file)
{
  FaultyFile *f = (FaultyFile *) file;
  f->real->pMethods->xShmBarrier (f->real);
}

static int
faulty_shm_unmap (sqlite3_file *file, int delete_flag)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

static int
faulty_fetch (sqlite3_file *file, sqlite3_int64 offset, int n, void **out)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xFetch (f->real, offset, n, out);
}

static int
faulty_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *p)
{
  FaultyFile *f = (FaultyFile *) file;
  return f->real->pMethods->xUnfetch (f->real, offset, p);
}

static const sqlite3_io_methods faulty_methods = {
  3,
  faulty_close, faulty_read, faulty_write, faulty_truncate, faulty_sync, faulty_file_size,
  faulty_lock, faulty_unlock, faulty_check_reserved_lock, faulty_file_control,
  faulty_sector_size, faulty_device_characteristics,
  faulty_shm_map, faulty_shm_lock, faulty_shm_barrier, faulty_shm_unmap,
  faulty_fetch, faulty_unfetch,
};

static int
faulty_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultyFile *f = (FaultyFile *) file;
  int rc;

  f->real = (sqlite3_file *) &f[1];
  rc = real_vfs->xOpen (real_vfs, name, f->real, flags, out_flags);
  /* SQLite closes a file whose methods are set, even when the open failed. */
  file->pMethods = f->real->pMethods != NULL ? &faulty_methods : NULL;
  return rc;
}

static int
faulty_get_last_error (sqlite3_vfs *vfs, int n, char *buf)
{
  if (fault_rc != 0 && fault_errno != 0)
    return fault_errno;
  return real_vfs->xGetLastError (real_vfs, n, buf);
}

static void
install_faulty_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 3);
  faulty_vfs = *real_vfs;
  faulty_vfs.zName = "lq-faulty";
  faulty_vfs.szOsFile = (int) sizeof (FaultyFile) + real_vfs->szOsFile;
  faulty_vfs.pNext = NULL;
  faulty_vfs.xOpen = faulty_open;
  faulty_vfs.xGetLastError = faulty_get_last_error;
  g_assert_cmpint (sqlite3_vfs_register (&faulty_vfs, 1), ==, SQLITE_OK);
}

static void
arm_fault (int rc, int saved_errno, int skip)
{
  fault_rc = rc;
  fault_errno = saved_errno;
  fault_skip = skip;
  fault_hits = 0;
}

static void
disarm_fault (void)
{
  fault_rc = 0;
  fault_errno = 0;
  fault_skip = 0;
}

/* Writers and readers ---------------------------------------------------------- */

/* test-project --lock-child PATH: holds PATH open for writing until killed. */
static int
lock_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  LqProject *p = lq_project_open (path, FALSE, &error);

  if (p == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  alarm (60);   /* never outlive a parent that died */
  printf ("locked\n");
  fflush (stdout);
  for (;;)
    pause ();
}

static GSubprocess *
spawn_lock_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                         self_exe, "--lock-child", path, NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "locked");
  return child;
}

static void
test_two_writers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  LqProject *a, *b;

  make_project (f, f->project);

  a = open_ok (f->project, FALSE);
  before = snapshot (a);
  b = lq_project_open (f->project, FALSE, &error);
  g_assert_null (b);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_LOCKED);
  g_assert_true (g_str_has_prefix (error->message, f->project));
  assert_contains (error->message, "close it there first");
  g_clear_error (&error);

  /* A reader beside the writer sees what the writer committed. */
  set_album_ok (a, "comment=from the writer");
  b = open_ok (f->project, TRUE);
  {
    g_autofree char *comment = format_album (b, "comment");
    g_autofree char *mine = snapshot (a);

    g_assert_cmpstr (comment, ==, "from the writer");
    assert_snapshot (b, mine);
  }
  g_assert_false (lq_project_set_album (b, (const char *[]) { "comment=reader", NULL }, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lq_project_move_track (b, 1, 2, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (lq_project_add_files (b, (const char *const *) f->sources, 0, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  /* The writer goes on while the reader is open. */
  set_album_ok (a, "comment=again");
  close_project (b);

  close_project (a);
  b = open_ok (f->project, FALSE);
  {
    g_autofree char *comment = format_album (b, "comment");
    g_assert_cmpstr (comment, ==, "again");
  }
  close_project (b);

  /* Another process holds it; SIGKILL releases it. */
  {
    GSubprocess *child = spawn_lock_child (f->project);
    g_autofree char *state = NULL;

    g_assert_null (lq_project_open (f->project, FALSE, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_LOCKED);
    g_clear_error (&error);
    b = open_ok (f->project, TRUE);
    state = snapshot (b);
    close_project (b);

    g_subprocess_send_signal (child, SIGKILL);
    g_assert_true (g_subprocess_wait (child, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_signaled (child));
    g_object_unref (child);

    a = open_ok (f->project, FALSE);
    assert_snapshot (a, state);
    set_album_ok (a, "comment=after the kill");
    close_project (a);
    assert_integrity (f->project);
  }

  /* Read-only when no one has it open. */
  b = open_ok (f->project, TRUE);
  {
    g_autofree char *comment = format_album (b, "comment");
    g_assert_cmpstr (comment, ==, "after the kill");
  }
  close_project (b);
}

/* The project file renamed while open (in a file manager, say): the
 * connection follows the file, and a clean close leaves every edit in it
 * under its new name. */
static void
test_moved_while_open (Fixture *f, gconstpointer data)
{
  g_autofree char *moved = g_build_filename (f->dir, "moved.lacquer", NULL);
  g_autofree char *after = NULL;
  LqProject *p;

  make_project (f, f->project);
  p = open_ok (f->project, FALSE);
  g_assert_cmpint (g_rename (f->project, moved), ==, 0);
  set_album_ok (p, "comment=after the move");
  after = snapshot (p);
  close_project (p);
  g_assert_false (g_file_test (f->project, G_FILE_TEST_EXISTS));

  p = open_ok (moved, FALSE);
  assert_snapshot (p, after);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Comment");
  close_project (p);
  assert_integrity (moved);
}

/* A file the user may not write: read-only works, writing says why. Root may
 * write anything, so this runs only as another user. */
static void
test_read_only_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  LqProject *p;

  if (geteuid () == 0)
    {
      g_test_skip ("root can write read-only files");
      return;
    }
  make_project (f, f->project);
  g_assert_cmpint (g_chmod (f->project, 0444), ==, 0);
  g_assert_null (lq_project_open (f->project, FALSE, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  p = open_ok (f->project, TRUE);
  g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 4);
  close_project (p);
  g_assert_cmpint (g_chmod (f->project, 0644), ==, 0);
}

/* A full or read-only disk ------------------------------------------------------ */

typedef struct
{
  int rc;
  int saved_errno;
  int code;
  const char *says;
} Fault;

static const Fault disk_full = { SQLITE_FULL, ENOSPC, LQ_ERROR_DISK_FULL, "the disk is full" };
/* What SQLite's unix VFS returns when write() fails with EROFS (a disk
 * remounted read-only after an error). SQLite does not keep that errno for a
 * failed COMMIT (sqlite3_system_errno() is 0), so all the model can say is
 * that the write failed. */
static const Fault disk_read_only = { SQLITE_IOERR_WRITE, EROFS, LQ_ERROR_IO, "Cannot save the edit: disk I/O error" };

static void
test_disk_fault (Fixture *f, gconstpointer data)
{
  const Fault *fault = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *label = NULL;
  g_autofree char *extra = g_build_filename (f->dir, "extra.wav", NULL);
  LqProject *p;
  guint failures = 0;

  make_project (f, f->project);
  copy_file (f->sources[0], extra);
  p = open_ok (f->project, FALSE);
  before = snapshot (p);
  label = g_strdup (lq_project_get_undo_label (p));

  /* Fail the first write of the edit, then later ones: a commit cut off
   * after some of its WAL frames, too. */
  for (int skip = 0; skip < 6; skip++)
    {
      const char *a[] = { "comment=never saved", "title=Never", NULL };
      const char *paths[] = { extra, f->sources[1], NULL };
      gboolean ok;

      for (int kind = 0; kind < 5; kind++)
        {
          arm_fault (fault->rc, fault->saved_errno, skip);
          switch (kind)
            {
            case 0: ok = lq_project_set_album (p, a, &error); break;
            case 1: ok = lq_project_add_files (p, paths, 1, NULL, &error); break;
            case 2: ok = lq_project_move_track (p, 1, 4, &error); break;
            case 3: ok = lq_project_remove_track (p, 2, &error); break;
            default: ok = lq_project_undo (p, &error); break;
            }
          disarm_fault ();
          if (fault_hits == 0)
            {
              /* Fewer writes than @skip: it went through; take it back. */
              g_assert_true (ok);
              g_assert_no_error (error);
              if (kind == 4)
                redo_ok (p);
              else
                undo_ok (p);
              assert_snapshot (p, before);
              continue;
            }
          failures++;
          g_assert_false (ok);
          g_assert_nonnull (error);
          if (error->domain != LQ_ERROR || error->code != fault->code)
            g_error ("edit %d, write %d failing: code %d, not %d: %s", kind, skip, error->code,
                     fault->code, error->message);
          assert_contains (error->message, fault->says);
          g_clear_error (&error);
          /* The objects still show the file as it was. */
          assert_snapshot (p, before);
          g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
          g_assert_false (lq_project_can_redo (p));
        }
    }
  g_assert_cmpuint (failures, >=, 10);

  /* The disk recovers: the same session edits again. */
  set_album_ok (p, "comment=saved");
  undo_ok (p);
  assert_snapshot (p, before);
  close_project (p);

  p = open_ok (f->project, FALSE);
  assert_snapshot (p, before);
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, label);
  close_project (p);
  assert_integrity (f->project);

  /* A fault while opening (the WAL, the temporary triggers) fails cleanly too. */
  for (int skip = 0; skip < 4; skip++)
    {
      arm_fault (fault->rc, fault->saved_errno, skip);
      p = lq_project_open (f->project, FALSE, &error);
      disarm_fault ();
      if (p != NULL)
        {
          assert_snapshot (p, before);
          close_project (p);
        }
      else
        {
          g_assert_nonnull (error);
          assert_contains (error->message, f->project);
          g_clear_error (&error);
        }
    }
  p = open_ok (f->project, FALSE);
  assert_snapshot (p, before);
  close_project (p);
  assert_integrity (f->project);
}


/* Whatever a test left armed, the next one starts with a working disk. */
static void
disk_fixture_teardown (Fixture *f, gconstpointer data)
{
  disarm_fault ();
  fixture_teardown (f, data);
}

int
main (int argc, char **argv)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (argc == 3 && g_str_equal (argv[1], "--lock-child"))
    return lock_child (argv[2]);

  self_exe = exe;
  install_faulty_vfs ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project/two-writers", Fixture, NULL, fixture_setup, test_two_writers, disk_fixture_teardown);
  g_test_add ("/project/moved-while-open", Fixture, NULL, fixture_setup, test_moved_while_open, disk_fixture_teardown);
  g_test_add ("/project/read-only-file", Fixture, NULL, fixture_setup, test_read_only_file, disk_fixture_teardown);
  g_test_add ("/project/disk-full", Fixture, &disk_full, fixture_setup, test_disk_fault, disk_fixture_teardown);
  g_test_add ("/project/disk-read-only", Fixture, &disk_read_only, fixture_setup, test_disk_fault, disk_fixture_teardown);

  return g_test_run ();
}
