/* fuzz-main.c: runs fuzz-project-open.c's entry point without libFuzzer.
 *
 *   fuzz-project-open [g_test options]     every file of tests/fuzz/corpus, then
 *                                          500 seeded mutations of them (a test)
 *   fuzz-project-open --make-corpus DIR    writes the seed corpus into DIR
 *
 * The corpus: small valid projects (page size 512) with tracks, fields, an
 * undo and a redo history, a cached analysis, format 1, the WAL journal, and
 * histories forged to do what an undo step must not.
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdint.h>
#include <string.h>

#include "lq-error.h"
#include "lq-project.h"
#include "lq-test-audio.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
extern guint fuzz_project_opened;

/* The corpus -------------------------------------------------------------- */

static char *
corpus_dir (void)
{
  const char *root = g_getenv ("LQ_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "tests", "fuzz", "corpus", NULL);
}

/* The seeds: files named *.lacquer (what --make-corpus wrote); any other
 * file there (a unit libFuzzer saved) is run too, but need not open. */
static GPtrArray *
load_corpus (GPtrArray **is_seed)
{
  g_autofree char *dir = corpus_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *name;

  g_assert_nonnull (d);
  if (is_seed != NULL)
    *is_seed = g_ptr_array_new ();
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);   /* sorts char ** */
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize len;

      gboolean seed = g_str_has_suffix (g_ptr_array_index (names, i), ".lacquer");

      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      if (seed)
        g_assert_cmpuint (len, <=, 32 * 1024);
      g_ptr_array_add (seeds, g_bytes_new_take (g_steal_pointer (&contents), len));
      if (is_seed != NULL)
        g_ptr_array_add (*is_seed, GINT_TO_POINTER (seed));
    }
  g_assert_cmpuint (seeds->len, >=, 5);
  return seeds;
}

static void
test_corpus (void)
{
  g_autoptr(GPtrArray) is_seed = NULL;
  g_autoptr(GPtrArray) seeds = load_corpus (&is_seed);

  for (guint i = 0; i < seeds->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &len);
      guint before = fuzz_project_opened;

      LLVMFuzzerTestOneInput (data, len);
      /* Every seed is a project that opens for writing (format 1 does not
       * open read-only): the fuzzer starts from inside the format. */
      if (g_ptr_array_index (is_seed, i) != NULL)
        g_assert_cmpuint (fuzz_project_opened - before, >=, 1);
    }
}

/* The bytes SQLite and Lacquer read most: page sizes, counts, offsets. */
static const guint32 interesting[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x200, 0xffff, 0x10000,
                                       0x7fffffff, 0x80000000, 0xffffffff, 99, 0x4C71506A };

static GByteArray *
mutate (GBytes *seed, GRand *rand)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (seed, &len);
  GByteArray *b = g_byte_array_sized_new (len);
  guint n = g_rand_int_range (rand, 1, 6);

  g_byte_array_append (b, data, len);
  for (guint m = 0; m < n && b->len > 0; m++)
    {
      /* Mostly past the 100-byte header, which the store checks first. */
      guint at = g_rand_int_range (rand, 0, 10) == 0 ? g_rand_int_range (rand, 0, MIN (b->len, 100))
                                                     : g_rand_int_range (rand, 0, b->len);

      switch (g_rand_int_range (rand, 0, 7))
        {
        case 0:   /* flip a bit */
          b->data[at] ^= 1u << g_rand_int_range (rand, 0, 8);
          break;
        case 1:   /* a random byte */
          b->data[at] = g_rand_int (rand);
          break;
        case 2:   /* an interesting big-endian integer */
          if (at + 4 <= b->len)
            {
              guint32 v = GUINT32_TO_BE (interesting[g_rand_int_range (rand, 0, G_N_ELEMENTS (interesting))]);
              memcpy (b->data + at, &v, 4);
            }
          break;
        case 3:   /* truncate */
          g_byte_array_set_size (b, at);
          break;
        case 4:   /* copy a block over another (pages pointing at pages) */
          {
            guint from = g_rand_int_range (rand, 0, b->len);
            guint count = g_rand_int_range (rand, 1, 600);

            count = MIN (count, MIN (b->len - from, b->len - at));   /* MIN evaluates twice */
            memmove (b->data + at, b->data + from, count);
          }
          break;
        case 5:   /* zero a block */
          {
            guint count = g_rand_int_range (rand, 1, 64);
            memset (b->data + at, 0, MIN (count, b->len - at));
          }
          break;
        default:  /* a run of random bytes */
          for (guint i = at; i < MIN (b->len, at + 16); i++)
            b->data[i] = g_rand_int (rand);
        }
    }
  return b;
}

static void
test_mutations (void)
{
  g_autoptr(GPtrArray) seeds = load_corpus (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240603);
  const guint n = g_test_slow () ? 5000 : 500;

  for (guint i = 0; i < n; i++)
    {
      GBytes *seed = g_ptr_array_index (seeds, g_rand_int_range (rand, 0, seeds->len));
      g_autoptr(GByteArray) b = mutate (seed, rand);

      LLVMFuzzerTestOneInput (b->data, b->len);
    }
  g_test_message ("%u mutations, %u opens succeeded", n, fuzz_project_opened);
}

/* Making the corpus ----------------------------------------------------------- */

static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Copies @from to DIR/NAME with 512-byte pages, in the rollback journal or WAL. */
static void
shrink (const char *from, const char *dir, const char *name, gboolean wal)
{
  g_autofree char *to = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
  exec_sql (to, "PRAGMA journal_mode=DELETE; PRAGMA page_size=512; VACUUM;");
  if (wal)
    exec_sql (to, "PRAGMA journal_mode=WAL");
  g_assert_true (g_file_get_contents (to, &contents, &len, NULL));
  g_assert_cmpuint (len, <=, 32 * 1024);
  g_print ("%s: %" G_GSIZE_FORMAT " bytes\n", to, len);
}

static LqProject *
create (const char *dir, const char *name, char **path)
{
  g_autoptr(GError) error = NULL;
  LqProject *p;

  *path = g_build_filename (dir, name, NULL);
  p = lq_project_create (*path, &error);
  g_assert_no_error (error);
  return p;
}

static void
set (LqProject *p, guint track, const char *assignment)
{
  const char *a[] = { assignment, NULL };
  g_autoptr(GError) error = NULL;

  if (track == 0)
    g_assert_true (lq_project_set_album (p, a, &error));
  else
    g_assert_true (lq_project_set_track (p, track, a, &error));
  g_assert_no_error (error);
}

static void
forge (const char *from, const char *dir, const char *name, const char *op)
{
  g_autofree char *tmp = g_strconcat (from, ".", name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *sql = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (tmp, contents, len, NULL));
  quoted = sqlite3_mprintf ("%Q", op);
  sql = g_strdup_printf ("INSERT INTO undo_step (stack, label) VALUES ('undo', 'Forged');"
                         "INSERT INTO undo_op (step_id, sql) VALUES (last_insert_rowid(), %s);", quoted);
  sqlite3_free (g_steal_pointer (&quoted));
  exec_sql (tmp, sql);
  shrink (tmp, dir, name, FALSE);
}

static int
make_corpus (const char *out)
{
  g_autofree char *tmp = lq_test_tmpdir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  char *wavs[4] = { NULL };
  LqProject *p;

  g_mkdir_with_parents (out, 0755);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("0%u.wav", i + 1);
      g_autofree char *title = g_strdup_printf ("Song %u", i + 1);
      double level = -10.0 - 6.0 * i;

      wavs[i] = g_build_filename (tmp, name, NULL);
      lq_test_write (wavs[i], SF_FORMAT_WAV | SF_FORMAT_PCM_16, 8000, 1, 4000, lq_test_sine_1k, &level, title);
    }

  p = create (tmp, "empty.lacquer", &path);
  g_object_unref (p);
  shrink (path, out, "empty.lacquer", FALSE);
  g_clear_pointer (&path, g_free);

  p = create (tmp, "tracks.lacquer", &path);
  g_assert_true (lq_project_add_files (p, (const char *const *) wavs, 0, NULL, &error));
  g_assert_no_error (error);
  set (p, 0, "title=Night Drives");
  set (p, 0, "year=2021");
  set (p, 0, "upc=036000291452");
  set (p, 0, "target=-14");
  set (p, 1, "isrc=GBABC2100001");
  set (p, 2, "fade-out=0.25");
  set (p, 2, "fade-out-shape=scurve");
  set (p, 3, "bypass=true");
  g_assert_true (lq_project_move_track (p, 1, 3, &error));
  g_assert_true (lq_project_remove_track (p, 2, &error));
  g_assert_true (lq_project_undo (p, &error));
  g_assert_no_error (error);
  g_object_unref (p);
  shrink (path, out, "tracks.lacquer", FALSE);
  shrink (path, out, "tracks-wal.lacquer", TRUE);

  forge (path, out, "forged-ddl.lacquer", "DROP TABLE track");
  forge (path, out, "forged-two-statements.lacquer",
         "UPDATE album SET title='x' WHERE rowid=1; DELETE FROM track");
  forge (path, out, "forged-attach.lacquer", "ATTACH DATABASE 'forged.db' AS x");
  g_clear_pointer (&path, g_free);

  p = create (tmp, "analysis.lacquer", &path);
  g_assert_true (lq_project_add_files (p, (const char *const *) wavs, 0, NULL, &error));
  g_assert_true (lq_project_analyze (p, 1, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (lq_track_get_analysis (lq_project_get_track (p, 1)));
  g_assert_true (lq_project_remove_track (p, 3, &error));
  g_assert_true (lq_project_remove_track (p, 2, &error));
  g_object_unref (p);
  shrink (path, out, "analysis.lacquer", FALSE);
  g_clear_pointer (&path, g_free);

  {
    const char *root = g_getenv ("LQ_SOURCE_ROOT");
    g_autofree char *fixture = g_build_filename (root != NULL ? root : ".", "tests", "app", "fixtures",
                                                 "project-v1.sql", NULL);
    g_autofree char *sql = NULL;

    g_assert_true (g_file_get_contents (fixture, &sql, NULL, &error));
    path = g_build_filename (tmp, "format1.lacquer", NULL);
    exec_sql (path, sql);
    shrink (path, out, "format1.lacquer", FALSE);
  }

  for (guint i = 0; i < 3; i++)
    g_free (wavs[i]);
  lq_test_rmdir (tmp);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--make-corpus"))
    return make_corpus (argv[2]);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz/corpus", test_corpus);
  g_test_add_func ("/fuzz/mutations", test_mutations);
  return g_test_run ();
}
