/* test-engine-image.c: a disc image as the engine plays it (issue 13,
 * section 2): LqEngineImage's reader, the image program's tracks and
 * timeline at the boundaries, reads at offsets in little- and big-endian
 * files, and LqEngine playing it headless (no device): the frames heard
 * are the file's samples, across the track boundaries. */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lq-engine-private.h"
#include "lq-engine-program.h"
#include "lq-error.h"

/* A header the image skips, and the image: 3 tracks over N_FRAMES. */
#define OFFSET 44
#define N_FRAMES 20000
#define BLOCK 256

typedef struct
{
  char *dir;
  char *path;
} Fixture;

/* The sample the file holds at @frame, channel @c: every value distinct
 * enough to catch a frame or channel out of place, both signs. */
static gint16
sample_at (gint64 frame, guint c)
{
  return (gint16) (guint16) ((frame * 7919 + c * 40503 + 12345) & 0xffff);
}

static float
expected (gint64 frame, guint c)
{
  return (float) sample_at (frame, c) / 32768.0f;
}

static char *
write_image (const char *dir, const char *name, gboolean big)
{
  g_autofree guint8 *bytes = g_malloc (OFFSET + (gsize) N_FRAMES * 4);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  memset (bytes, 0x5a, OFFSET);
  for (gint64 k = 0; k < N_FRAMES; k++)
    for (guint c = 0; c < 2; c++)
      {
        guint16 u = (guint16) sample_at (k, c);
        guint8 *p = bytes + OFFSET + k * 4 + c * 2;

        p[big ? 0 : 1] = (guint8) (u >> 8);
        p[big ? 1 : 0] = (guint8) (u & 0xff);
      }
  g_file_set_contents (path, (const char *) bytes, OFFSET + (gssize) N_FRAMES * 4, &error);
  g_assert_no_error (error);
  return path;
}

/* Track 1: INDEX 01 at 1000 (its pregap from 0); track 2: pregap 6000,
 * INDEX 01 7000; track 3 (numbered 5, to tell numbers from indexes): no
 * pregap, at 12000, to the end. */
static LqEngineImage *
make_image (const char *path, LqEngineImageByteOrder order)
{
  LqEngineImage *image = lq_engine_image_new (path, OFFSET, order, 0);

  lq_engine_image_add_track (image, 1, 0, 1000, 5000, "One");
  lq_engine_image_add_track (image, 2, 6000, 7000, 5000, NULL);
  lq_engine_image_add_track (image, 5, 12000, 12000, 8000, "Five");
  return image;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("lq-engine-image-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = write_image (f->dir, "IMAGE.DAT", GPOINTER_TO_INT (data));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) d = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
assert_frames (const float *l, const float *r, gint64 from, gsize n, gint64 end)
{
  for (gsize k = 0; k < n; k++)
    {
      gint64 t = from + (gint64) k;

      g_assert_cmpfloat (l[k], ==, t < end ? expected (t, 0) : 0.0f);
      g_assert_cmpfloat (r[k], ==, t < end ? expected (t, 1) : 0.0f);
    }
}

static void
test_program (Fixture *f, gconstpointer data)
{
  LqEngineImageByteOrder order = GPOINTER_TO_INT (data) ? LQ_ENGINE_IMAGE_BIG_ENDIAN
                                                        : LQ_ENGINE_IMAGE_LITTLE_ENDIAN;
  g_autoptr (LqEngineImage) image = make_image (f->path, order);
  g_autoptr (GError) error = NULL;
  g_autoptr (LqEngineProgram) program = lq_engine_program_new_image (image, 0, &error);
  float l[64], r[64];
  float *ch[2] = { l, r };
  guint index;
  gint64 in_track;
  /* Each boundary frame: the track index it belongs to and its frame there. */
  const struct { gint64 frame; guint index; gint64 in_track; } at[] = {
    { 0, 0, 0 }, { 999, 0, 999 }, { 1000, 0, 1000 }, { 5999, 0, 5999 },
    { 6000, 1, 0 }, { 6999, 1, 999 }, { 7000, 1, 1000 }, { 11999, 1, 5999 },
    { 12000, 2, 0 }, { 19999, 2, 7999 },
  };

  g_assert_no_error (error);
  g_assert_nonnull (program);
  g_assert_cmpint (lq_engine_program_get_mode (program), ==, LQ_ENGINE_MODE_IMAGE);
  g_assert_true (lq_engine_program_get_image (program) == image);
  g_assert_cmpuint (lq_engine_program_get_sample_rate (program), ==, 44100);
  g_assert_cmpint (lq_engine_program_get_length (program), ==, N_FRAMES);
  g_assert_cmpuint (lq_engine_program_get_n_tracks (program), ==, 3);
  g_assert_cmpuint (lq_engine_program_get_track_number (program, 0), ==, 1);
  g_assert_cmpuint (lq_engine_program_get_track_number (program, 2), ==, 5);
  g_assert_cmpint (lq_engine_program_get_track_start (program, 0), ==, 0);
  g_assert_cmpint (lq_engine_program_get_track_start (program, 1), ==, 6000);
  g_assert_cmpint (lq_engine_program_get_track_start (program, 2), ==, 12000);
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    {
      g_assert_true (lq_engine_program_map_frame (program, at[i].frame, &index, &in_track));
      g_assert_cmpuint (index, ==, at[i].index);
      g_assert_cmpint (in_track, ==, at[i].in_track);
    }
  g_assert_false (lq_engine_program_map_frame (program, N_FRAMES, NULL, NULL));

  /* Reads at offsets, across both boundaries, at the start and past the end. */
  {
    const gint64 from[] = { 0, 990, 5980, 6000, 11990, 12000, 19960, 4000, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (from); i++)
      {
        lq_engine_program_read (program, from[i], ch, 64);
        assert_frames (l, r, from[i], 64, N_FRAMES);
      }
  }
  /* A track's own timeline feeds only the chain's tail, which an image
   * never plays: silence. */
  lq_engine_program_read_track (program, 1, 990, ch, 64);
  assert_frames (l, r, 0, 64, 0);
}

/* The engine plays the image's samples from a seek, across a boundary. */
static void
test_engine (Fixture *f, gconstpointer data)
{
  g_autoptr (LqEngineImage) image = make_image (f->path, LQ_ENGINE_IMAGE_LITTLE_ENDIAN);
  g_autoptr (GError) error = NULL;
  g_autoptr (LqEngine) engine = lq_engine_new ();
  const gint64 from = 5000, n = 2048;
  g_autofree float *out = g_new0 (float, 2 * (gsize) n);
  float buf[2 * BLOCK];

  g_assert_true (lq_engine_load_image (engine, image, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lq_engine_get_mode (engine), ==, LQ_ENGINE_MODE_IMAGE);
  g_assert_true (lq_engine_get_image (engine) == image);
  g_assert_cmpint (lq_engine_get_length (engine), ==, N_FRAMES);
  g_assert_cmpint (lq_engine_get_source (engine), ==, LQ_PLAYBACK_MIX);
  /* Nothing but the image: another source or a gain is not taken. */
  lq_engine_set_source (engine, LQ_PLAYBACK_MASTER);
  lq_engine_set_match_gain_db (engine, LQ_PLAYBACK_MIX, -6.0);
  g_assert_cmpint (lq_engine_get_source (engine), ==, LQ_PLAYBACK_MIX);

  lq_engine_seek (engine, from);
  lq_engine_play (engine);
  for (int guard = 0; guard < 1000 && lq_engine_get_prerolling (engine); guard++)
    {
      _lq_engine_wait_ready (engine, 3 * BLOCK);
      lq_engine_process (engine, buf, BLOCK);
    }
  g_assert_false (lq_engine_get_prerolling (engine));
  g_assert_cmpint (lq_engine_get_position (engine), ==, from);
  g_assert_cmpint (lq_engine_get_track (engine), ==, 0);
  for (gint64 done = 0; done < n; done += BLOCK)
    {
      _lq_engine_wait_ready (engine, 3 * BLOCK);
      lq_engine_process (engine, out + 2 * done, BLOCK);
    }
  for (gint64 k = 0; k < n; k++)
    {
      g_assert_cmpfloat (out[2 * k], ==, expected (from + k, 0));
      g_assert_cmpfloat (out[2 * k + 1], ==, expected (from + k, 1));
    }
  /* Past track 2's pregap (6000): track index 1, CD track 2. */
  g_assert_cmpint (lq_engine_get_position (engine), ==, from + n);
  g_assert_cmpint (lq_engine_get_track (engine), ==, 1);
  g_assert_cmpuint (lq_engine_get_track_number (engine, 1), ==, 2);
  lq_engine_pause (engine);
  g_assert_finalize_object (g_steal_pointer (&engine));
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "NOPE.DAT", NULL);
  g_autoptr (LqEngineImage) none = lq_engine_image_new (missing, 0, LQ_ENGINE_IMAGE_LITTLE_ENDIAN, 0);
  g_autoptr (LqEngineImage) past = lq_engine_image_new (f->path, OFFSET, LQ_ENGINE_IMAGE_LITTLE_ENDIAN, 0);
  g_autoptr (LqEngineImage) empty = lq_engine_image_new (f->path, OFFSET, LQ_ENGINE_IMAGE_LITTLE_ENDIAN, 0);
  g_autoptr (LqEngineImage) longer = lq_engine_image_new (f->path, OFFSET, LQ_ENGINE_IMAGE_LITTLE_ENDIAN,
                                                          N_FRAMES + 1);
  g_autoptr (LqEngineImage) image = make_image (f->path, LQ_ENGINE_IMAGE_LITTLE_ENDIAN);
  g_autoptr (GError) error = NULL;
  LqEngineProgram *program;

  lq_engine_image_add_track (none, 1, 0, 0, 100, NULL);
  program = lq_engine_program_new_image (none, 0, &error);
  g_assert_null (program);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  /* A track past the end of the file's frames. */
  lq_engine_image_add_track (past, 1, 0, 0, N_FRAMES + 588, NULL);
  g_assert_null (lq_engine_program_new_image (past, 0, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  g_assert_null (lq_engine_program_new_image (empty, 0, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  lq_engine_image_add_track (longer, 1, 0, 0, 100, NULL);
  g_assert_null (lq_engine_program_new_image (longer, 0, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED);
  g_clear_error (&error);

  g_assert_cmpint (lq_engine_image_find_track (image, 5), ==, 2);
  g_assert_cmpint (lq_engine_image_find_track (image, 3), ==, -1);
  g_assert_cmpstr (lq_engine_image_get_track (image, 0)->title, ==, "One");
  g_assert_null (lq_engine_image_get_track (image, 1)->title);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/engine-image/program/little-endian", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_program, fixture_teardown);
  g_test_add ("/engine-image/program/big-endian", Fixture, GINT_TO_POINTER (TRUE),
              fixture_setup, test_program, fixture_teardown);
  g_test_add ("/engine-image/engine", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_engine, fixture_teardown);
  g_test_add ("/engine-image/errors", Fixture, GINT_TO_POINTER (FALSE),
              fixture_setup, test_errors, fixture_teardown);
  return g_test_run ();
}
