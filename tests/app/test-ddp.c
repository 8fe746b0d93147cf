/* test-ddp.c: the DDP 2.00 writer against the independent reader: a disc
 * laid out by hand is written, read back, verified and extracted; damaged
 * filesets are each reported precisely. */
#include <glib/gstdio.h>
#include <sndfile.h>
#include <string.h>
#include <unistd.h>

#include "lq-ddp-reader.h"
#include "lq-ddp-writer.h"
#include "lq-error.h"
#include "lq-test-audio.h"
#include "lq-test-ddp.h"

typedef struct
{
  char *tmp;
  char *image_path;
  char *ddp;
  LqCdLayout *layout;
  GBytes *image;
  GBytes *cd_text;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmp = lq_test_tmpdir ();
  f->layout = lq_test_ddp_layout ();
  f->image = lq_test_ddp_image (f->layout);
  f->cd_text = lq_test_ddp_cd_text ();
  f->image_path = g_build_filename (f->tmp, "image.bin", NULL);
  f->ddp = g_build_filename (f->tmp, "ddp", NULL);
  g_assert_true (g_file_set_contents (f->image_path, g_bytes_get_data (f->image, NULL),
                                      g_bytes_get_size (f->image), &error));
  g_assert_no_error (error);
  g_assert_true (lq_ddp_write (f->layout, f->image_path, f->cd_text, f->ddp, NULL, NULL, NULL,
                               &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  lq_test_rmdir (f->tmp);
  g_free (f->tmp);
  g_free (f->image_path);
  g_free (f->ddp);
  lq_cd_layout_free (f->layout);
  g_bytes_unref (f->image);
  g_bytes_unref (f->cd_text);
}

static GBytes *
read_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (data, length);
}

static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = lq_ddp_problem_to_string (problems->pdata[i]);
      g_test_message ("problem: %s", text);
    }
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) image = lq_ddp_read (f->ddp, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) id = read_bytes (f->ddp, "DDPID");
  g_autoptr(GBytes) map = read_bytes (f->ddp, "DDPMS");
  g_autoptr(GBytes) text = read_bytes (f->ddp, "CDTEXT.BIN");
  g_autoptr(GBytes) image_dat = read_bytes (f->ddp, "IMAGE.DAT");
  const char *m;

  g_assert_no_error (error);
  g_assert_nonnull (image);

  /* The files as the layout says */
  g_assert_cmpuint (g_bytes_get_size (id), ==, 128);
  g_assert_cmpmem (g_bytes_get_data (id, NULL), 8, "DDP 2.00", 8);
  g_assert_cmpuint (g_bytes_get_size (map), ==, 3 * 128);
  g_assert_true (g_bytes_equal (text, f->cd_text));
  g_assert_true (g_bytes_equal (image_dat, f->image));
  /* CDTEXT.BIN's map packet: S0, its length in bytes, SUB CDTEXT, its name */
  m = (const char *) g_bytes_get_data (map, NULL) + 2 * 128;
  g_assert_cmpmem (m, 6, "VVVMS0", 6);
  {
    g_autofree char *dsl = g_strdup_printf ("%08" G_GSIZE_FORMAT, g_bytes_get_size (f->cd_text));
    g_assert_cmpmem (m + 14, 8, dsl, 8);
  }
  g_assert_cmpmem (m + 30, 8, "CDTEXT  ", 8);
  g_assert_cmpmem (m + 74, 17, "CDTEXT.BIN       ", 17);

  /* The records as the public PQ dump of a pressed DDP reads them (see
   * lq-ddp-writer.c): the lead-in with the catalog, track 1's INDEX 01 at
   * 00:00:02:00 with CB1 "01", track 2's (copy permitted) with "21" */
  {
    g_autoptr(GBytes) pq = read_bytes (f->ddp, "PQDESCR");
    const char *p = g_bytes_get_data (pq, NULL);

    g_assert_cmpuint (g_bytes_get_size (pq), ==, 8 * 64);
    g_assert_cmpmem (p, 18, "VVVS00000000000001", 18);
    g_assert_cmpmem (p + 32, 13, "4006381333931", 13);
    g_assert_cmpmem (p + 2 * 64, 32, "VVVS01010000020001  USABC2600001", 32);
    g_assert_cmpmem (p + 4 * 64, 18, "VVVS02010000080021", 18);
    g_assert_cmpmem (p + 6 * 64, 18, "VVVS03020000110101", 18);   /* INDEX 02, frame 826 */
    g_assert_cmpmem (p + 7 * 64, 18, "VVVSAA010000125101", 18);   /* lead-out, frame 951 */
    m = (const char *) g_bytes_get_data (map, NULL);
    g_assert_cmpmem (m, 22, "VVVMD00000000000000951", 22);
    g_assert_cmpmem (m + 38, 3, "DA7", 3);
    g_assert_cmpmem (m + 46, 4, "0150", 4);
    g_assert_cmpmem (m + 71, 20, "017IMAGE.DAT        ", 20);
  }

  /* The reader finds nothing wrong */
  g_assert_true (lq_ddp_verify (image, &problems) || (print_problems (problems), FALSE));
  g_assert_cmpuint (problems->len, ==, 0);

  /* and the disc the layout describes */
  g_assert_cmpstr (image->level, ==, "DDP 2.00");
  g_assert_cmpstr (image->catalog, ==, f->layout->catalog);
  g_assert_cmpstr (image->title, ==, "Album");
  g_assert_cmpstr (image->performer, ==, "Band");
  g_assert_cmpuint (image->leadout, ==, f->layout->leadout);
  g_assert_cmpuint (image->image_frames, ==, f->layout->leadout);
  g_assert_cmpuint (image->tracks->len, ==, f->layout->n_tracks);
  for (guint i = 0; i < f->layout->n_tracks; i++)
    {
      const LqCdTrack *want = &f->layout->tracks[i];
      const LqDdpTrack *got = image->tracks->pdata[i];
      static const char *titles[] = { "One", "Two", "Three" };
      static const char *performers[] = { "Singer", "Singer", "Other" };

      g_assert_cmpuint (got->number, ==, want->number);
      g_assert_cmpuint (got->pregap, ==, want->pregap);
      g_assert_cmpuint (got->start, ==, want->start);
      g_assert_cmpuint (got->end, ==, want->end);
      g_assert_cmpstr (got->isrc, ==, want->isrc);
      g_assert_cmpint (got->copy_permitted, ==, want->copy_permitted);
      g_assert_false (got->pre_emphasis);
      g_assert_cmpuint (got->n_indexes, ==, want->n_indexes);
      for (guint k = 0; k < want->n_indexes; k++)
        g_assert_cmpuint (got->indexes[k], ==, want->indexes[k]);
      g_assert_cmpstr (got->title, ==, titles[i]);
      g_assert_cmpstr (got->performer, ==, performers[i]);
    }
}

static void
test_extract (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) image = lq_ddp_read (f->ddp, &error);
  g_autofree char *out = g_build_filename (f->tmp, "tracks", NULL);
  const gint16 *samples = g_bytes_get_data (f->image, NULL);

  g_assert_no_error (error);
  g_assert_true (lq_ddp_extract (image, out, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < f->layout->n_tracks; i++)
    {
      const LqCdTrack *track = &f->layout->tracks[i];
      g_autofree char *name = g_strdup_printf ("%02u.wav", track->number);
      g_autofree char *path = g_build_filename (out, name, NULL);
      guint64 frames = (track->end - track->start) * LQ_CD_FRAME_SAMPLES;
      g_autofree gint16 *wav = g_new (gint16, frames * 2);
      SF_INFO info = { 0 };
      SNDFILE *sf = sf_open (path, SFM_READ, &info);

      g_assert_nonnull (sf);
      g_assert_cmpint (info.samplerate, ==, 44100);
      g_assert_cmpint (info.channels, ==, 2);
      g_assert_cmpint (info.format, ==, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
      g_assert_cmpint (info.frames, ==, (sf_count_t) frames);
      g_assert_cmpint (sf_readf_short (sf, wav, frames), ==, (sf_count_t) frames);
      sf_close (sf);
      /* Sample for sample the image's, from INDEX 01 (the test runs on a
       * little-endian machine; the image is little-endian) */
      g_assert_cmpmem (wav, frames * 4, samples + track->start * LQ_CD_FRAME_SAMPLES * 2,
                       frames * 4);
    }

  /* Extracting again over the tracks is refused */
  g_assert_false (lq_ddp_extract (image, out, NULL, NULL, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
}

static void
test_existing_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->tmp, "existing", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_false (lq_ddp_write (f->layout, f->image_path, NULL, out, NULL, NULL, NULL, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, out));
  /* Nothing written: the folder holds image.bin, ddp and existing only */
  dir = g_dir_open (f->tmp, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (strcmp (name, "image.bin") == 0 || strcmp (name, "ddp") == 0
                     || strcmp (name, "existing") == 0);
      n++;
    }
  g_assert_cmpuint (n, ==, 3);
  g_clear_error (&error);

  /* An image of the wrong length is refused too */
  {
    g_autofree char *other = g_build_filename (f->tmp, "other", NULL);
    f->layout->leadout++;
    g_assert_false (lq_ddp_write (f->layout, f->image_path, NULL, other, NULL, NULL, NULL,
                                  &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_assert_nonnull (strstr (error->message, "image.bin"));
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }
}

/* Test files need no fsync (g_file_set_contents() does one a file) */
static gboolean
set_contents (const char *path,
              const char *data,
              gssize      length)
{
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_NONE, 0644, NULL);
}

/* A copy of the good DDP to damage; IMAGE.DAT hard-linked when @link_image */
static char *
copy_ddp_full (Fixture    *f,
               const char *name,
               gboolean    link_image)
{
  g_autofree char *copy = g_build_filename (f->tmp, name, NULL);
  static const char *files[] = { "DDPID", "DDPMS", "PQDESCR", "CDTEXT.BIN", "IMAGE.DAT",
                                 "CHECKSUM.MD5" };

  g_assert_cmpint (g_mkdir (copy, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *path = g_build_filename (copy, files[i], NULL);

      if (link_image && strcmp (files[i], "IMAGE.DAT") == 0)
        {
          g_autofree char *image = g_build_filename (f->ddp, files[i], NULL);
          g_assert_cmpint (link (image, path), ==, 0);
          continue;
        }
      bytes = read_bytes (f->ddp, files[i]);
      g_assert_true (set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
    }
  return g_steal_pointer (&copy);
}

static char *
copy_ddp (Fixture    *f,
          const char *name)
{
  return copy_ddp_full (f, name, FALSE);
}

static void
patch (const char *dir,
       const char *name,
       gsize       offset,
       const char *bytes,
       gsize       length)
{
  g_autoptr(GBytes) old = read_bytes (dir, name);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (old, NULL), g_bytes_get_size (old));

  g_assert_cmpuint (offset + length, <=, g_bytes_get_size (old));
  memcpy (data + offset, bytes, length);
  g_assert_true (set_contents (path, (const char *) data, g_bytes_get_size (old)));
}

/* The problems of the DDP in @dir; asserts one names @file, @record and
 * says @what */
static void
assert_problem (const char *dir,
                const char *file,
                gint        record,
                const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) image = lq_ddp_read (dir, &error);
  g_autoptr(GPtrArray) problems = NULL;
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_assert_false (lq_ddp_verify (image, &problems));
  print_problems (problems);
  for (guint i = 0; i < problems->len; i++)
    {
      const LqDdpProblem *p = problems->pdata[i];
      g_autofree char *text = lq_ddp_problem_to_string (p);
      if (strcmp (p->file, file) == 0 && p->record == record && strstr (text, what) != NULL)
        found = TRUE;
    }
  if (!found)
    g_error ("no problem in %s, record %d, saying “%s”", file, record, what);
}

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *flipped = copy_ddp (f, "flipped");
  g_autofree char *truncated = copy_ddp (f, "truncated");
  g_autofree char *wrong_sum = copy_ddp (f, "wrong-sum");
  g_autofree char *missing = copy_ddp (f, "missing");
  g_autofree char *back = copy_ddp (f, "back");
  g_autofree char *bcd = copy_ddp (f, "bcd");
  g_autofree char *crc = copy_ddp (f, "crc");
  g_autofree char *path = NULL;
  g_autoptr(GBytes) pq = read_bytes (f->ddp, "PQDESCR");
  g_autoptr(GBytes) sums = read_bytes (f->ddp, "CHECKSUM.MD5");
  g_autofree char *sums_text = g_strndup (g_bytes_get_data (sums, NULL), g_bytes_get_size (sums));
  const char *line;

  /* A flipped byte in the audio: its MD5 no longer matches */
  patch (flipped, "IMAGE.DAT", 1000000, "\x5a", 1);
  assert_problem (flipped, "IMAGE.DAT", 0, "MD5");

  /* PQDESCR cut inside its 4th packet */
  path = g_build_filename (truncated, "PQDESCR", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pq, NULL), 3 * 64 + 40, NULL));
  assert_problem (truncated, "PQDESCR", 4, "truncated: 40 of 64 bytes");
  g_clear_pointer (&path, g_free);

  /* A wrong hash on DDPID's line; a line that is not a checksum */
  line = strstr (sums_text, " *DDPID");
  g_assert_nonnull (line);
  patch (wrong_sum, "CHECKSUM.MD5", (line - sums_text) - 32,
         "00000000000000000000000000000000", 32);
  assert_problem (wrong_sum, "DDPID", 0, "CHECKSUM.MD5 line 1 says 0000");
  path = g_build_filename (wrong_sum, "CHECKSUM.MD5", NULL);
  {
    g_autofree char *more = g_strconcat (sums_text, "not a checksum\n", NULL);
    guint lines = 0;
    for (const char *c = sums_text; *c != '\0'; c++)
      lines += *c == '\n';
    g_assert_true (g_file_set_contents (path, more, -1, NULL));
    assert_problem (wrong_sum, "CHECKSUM.MD5", (gint) lines + 1, "not “MD5 *FILE”");
  }
  g_clear_pointer (&path, g_free);

  /* A missing file, named */
  path = g_build_filename (missing, "PQDESCR", NULL);
  g_assert_cmpint (g_unlink (path), ==, 0);
  assert_problem (missing, "PQDESCR", 0, "missing");
  g_clear_pointer (&path, g_free);

  /* The 4th packet (track 2's INDEX 00) set before the 3rd (track 1's INDEX 01) */
  patch (back, "PQDESCR", 3 * 64 + 10, "000000", 6);
  patch (back, "PQDESCR", 2 * 64 + 10, "000100", 6);
  assert_problem (back, "PQDESCR", 4, "goes back");

  /* A frame digit that is not a digit */
  patch (bcd, "PQDESCR", 4 * 64 + 14, "7A", 2);
  assert_problem (bcd, "PQDESCR", 5, "not a decimal digit");

  /* A CD-Text pack whose CRC no longer matches */
  patch (crc, "CDTEXT.BIN", 18 + 5, "X", 1);
  assert_problem (crc, "CDTEXT.BIN", 2, "CRC");
}

/* lacquer-cli ddp verify and extract as a user runs them */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *damaged = copy_ddp (f, "cli-damaged");
  g_autofree char *tracks = g_build_filename (f->tmp, "cli-tracks", NULL);
  g_autofree char *pq = g_build_filename (damaged, "PQDESCR", NULL);
  g_autoptr(GBytes) pq_bytes = read_bytes (f->ddp, "PQDESCR");

  {
    const char *args[] = { "ddp", "verify", f->ddp, NULL };
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, args), ==, 0);
    g_assert_nonnull (strstr (out, "Verified"));
    g_assert_nonnull (strstr (out, "USABC2600002"));
    g_assert_nonnull (strstr (out, "00:08:00"));   /* track 2's INDEX 01, frame 600 */
    g_assert_nonnull (strstr (out, "Three"));
  }
  /* A damaged DDP: exit 1, the problem with its file, packet and byte */
  g_assert_true (g_file_set_contents (pq, g_bytes_get_data (pq_bytes, NULL), 3 * 64 + 40, NULL));
  {
    const char *args[] = { "ddp", "verify", damaged, NULL };
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, args), ==, 1);
    g_assert_nonnull (strstr (out, "PQDESCR, packet 4 (byte 192): truncated: 40 of 64 bytes"));
  }
  /* and nothing is extracted from it */
  {
    const char *args[] = { "ddp", "extract", damaged, "--out", tracks, NULL };
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, args), ==, 1);
    g_assert_nonnull (strstr (err, "PQDESCR, packet 4"));
    g_assert_false (g_file_test (tracks, G_FILE_TEST_EXISTS));
  }
  {
    const char *args[] = { "ddp", "extract", f->ddp, "--out", tracks, NULL };
    g_autofree char *wav = g_build_filename (tracks, "03.wav", NULL);
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, args), ==, 0);
    g_assert_nonnull (strstr (out, "Wrote 3 tracks"));
    g_assert_true (g_file_test (wav, G_FILE_TEST_IS_REGULAR));
  }
  /* Usage errors */
  {
    const char *no_out[] = { "ddp", "extract", f->ddp, NULL };
    const char *unknown[] = { "ddp", "burn", f->ddp, NULL };
    const char *missing[] = { "ddp", "verify", "no-such-folder", NULL };
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, no_out), ==, 2);
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, unknown), ==, 2);
    g_assert_cmpint (lq_test_run_cli_argv (f->tmp, &out, &err, missing), ==, 1);
    g_assert_nonnull (strstr (err, "no-such-folder"));
  }
}

/* A cancelled write leaves nothing behind */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *out = g_build_filename (f->tmp, "cancelled", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_cancellable_cancel (cancellable);
  g_assert_false (lq_ddp_write (f->layout, f->image_path, f->cd_text, out, cancellable, NULL,
                                NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  dir = g_dir_open (f->tmp, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_true (strcmp (name, "image.bin") == 0 || strcmp (name, "ddp") == 0);
}

/* Random bytes changed in the small files: reported, never a crash */
static void
test_random_damage (Fixture       *f,
                    gconstpointer  data)
{
  static const char *files[] = { "DDPID", "DDPMS", "PQDESCR", "CDTEXT.BIN", "CHECKSUM.MD5" };
  GRand *rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 40; round++)
    {
      g_autofree char *name = g_strdup_printf ("random-%u", round);
      g_autofree char *dir = copy_ddp_full (f, name, TRUE);
      const char *file = files[round % G_N_ELEMENTS (files)];
      g_autoptr(GBytes) bytes = read_bytes (dir, file);
      g_autoptr(GError) error = NULL;
      g_autoptr(LqDdpImage) image = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      gsize size = g_bytes_get_size (bytes);
      char byte = (char) g_rand_int_range (rand, 0, 256);
      gsize at = (gsize) g_rand_int_range (rand, 0, (gint32) size);
      g_autofree char *tracks = g_build_filename (f->tmp, name, "tracks", NULL);

      if (((const char *) g_bytes_get_data (bytes, NULL))[at] == byte)
        byte ^= 1;
      patch (dir, file, at, &byte, 1);
      image = lq_ddp_read (dir, &error);
      g_assert_no_error (error);
      g_assert_false (lq_ddp_verify (image, &problems));
      g_assert_cmpuint (problems->len, >, 0);
      /* Extract (positions come from DDPMS and PQDESCR) does what it can
       * or says why, and never crashes */
      if ((strcmp (file, "DDPMS") == 0 || strcmp (file, "PQDESCR") == 0)
          && !lq_ddp_extract (image, tracks, NULL, NULL, NULL, &error))
        g_assert_nonnull (error);
    }
  g_rand_free (rand);
}

/* The reader shares nothing with the writer: none of its files includes
 * the writer's header or uses a name the writer defines (macros, static
 * functions) */
static void
test_reader_independent (void)
{
  const char *root = g_getenv ("LQ_SOURCE_ROOT");
  g_autofree char *folder = NULL;
  g_autofree char *writer_path = NULL;
  g_autofree char *writer = NULL;
  g_autoptr(GString) reader = g_string_new (NULL);
  g_autoptr(GDir) dir = NULL;
  g_auto(GStrv) lines = NULL;
  const char *name;
  guint files = 0;
  guint names = 0;

  if (root == NULL)
    {
      g_test_skip ("LQ_SOURCE_ROOT is not set");
      return;
    }
  folder = g_build_filename (root, "app", "release", NULL);
  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "lq-ddp-reader"))
      {
        g_autofree char *path = g_build_filename (folder, name, NULL);
        g_autofree char *text = NULL;
        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        g_assert_false (g_regex_match_simple ("^\\s*#\\s*include\\s*[\"<][^\">]*lq-ddp-writer",
                                               text, G_REGEX_MULTILINE, 0)
                        || (g_printerr ("%s includes the writer’s header\n", name), FALSE));
        g_string_append (reader, text);
        files++;
      }
  /* lq-ddp-reader.{c,h}, -private.h, -text.c, -verify.c, -extract.c */
  g_assert_cmpuint (files, >=, 6);

  writer_path = g_build_filename (folder, "lq-ddp-writer.c", NULL);
  g_assert_true (g_file_get_contents (writer_path, &writer, NULL, NULL));
  lines = g_strsplit (writer, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *defined = NULL;
      const char *l = lines[i];

      /* "#define NAME" and GNU-style definitions "name (" at column 0 */
      if (g_str_has_prefix (l, "#define "))
        defined = g_strndup (l + 8, strcspn (l + 8, " \t("));
      else if (g_ascii_islower (l[0]) && strstr (l, " (") != NULL
               && strspn (l, "abcdefghijklmnopqrstuvwxyz_0123456789") == strcspn (l, " "))
        defined = g_strndup (l, strcspn (l, " "));
      if (defined == NULL || *defined == '\0')
        continue;
      {
        g_autofree char *pattern = g_strdup_printf ("\\b%s\\b", defined);
        g_assert_false (g_regex_match_simple (pattern, reader->str, 0, 0)
                        || (g_printerr ("the reader uses the writer’s %s\n", defined), FALSE));
      }
      names++;
    }
  /* The scan found the writer's names (it is not vacuous) */
  g_assert_cmpuint (names, >=, 10);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ddp/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/ddp/extract", Fixture, NULL, fixture_set_up, test_extract, fixture_tear_down);
  g_test_add ("/ddp/existing-refused", Fixture, NULL, fixture_set_up, test_existing_refused,
              fixture_tear_down);
  g_test_add ("/ddp/damaged", Fixture, NULL, fixture_set_up, test_damaged, fixture_tear_down);
  g_test_add ("/ddp/random-damage", Fixture, NULL, fixture_set_up, test_random_damage,
              fixture_tear_down);
  g_test_add ("/ddp/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);
  g_test_add ("/ddp/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add_func ("/ddp/reader-independent", test_reader_independent);

  return g_test_run ();
}
