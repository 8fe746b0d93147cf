/* test-ddp-engine-image.c: lq_ddp_engine_image_new(), a DDP as the disc
 * image the engine plays (app/audition). A small disc laid out by hand
 * (lq-test-ddp.h) is written by the release writer and read back by the
 * reader; the engine image's track table is checked against the PQ
 * entries read here from PQDESCR (not through the reader), its samples
 * against the image written, and its offsets against a main data stream
 * that starts after the disc's first frame; a track outside the image is
 * refused, naming the file. */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "lq-ddp-engine-image.h"
#include "lq-ddp-reader.h"
#include "lq-ddp-writer.h"
#include "lq-error.h"
#include "lq-test-audio.h"
#include "lq-test-ddp.h"

#define PQ_RECORD 64

typedef struct
{
  char *tmp;
  char *ddp;
  LqCdLayout *layout;
  GBytes *image;
} Fixture;

/* A track's PQ entries as PQDESCR gives them, in CD frames. */
typedef struct
{
  guint number;
  gint64 index0;   /* -1: none */
  gint64 index1;
} PqTrack;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) cd_text = lq_test_ddp_cd_text ();
  g_autofree char *image_path = NULL;

  f->tmp = lq_test_tmpdir ();
  f->layout = lq_test_ddp_layout ();
  f->image = lq_test_ddp_image (f->layout);
  image_path = g_build_filename (f->tmp, "image.bin", NULL);
  f->ddp = g_build_filename (f->tmp, "ddp", NULL);
  g_assert_true (g_file_set_contents (image_path, g_bytes_get_data (f->image, NULL),
                                      g_bytes_get_size (f->image), &error));
  g_assert_no_error (error);
  g_assert_true (lq_ddp_write (f->layout, image_path, cd_text, f->ddp, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  lq_test_rmdir (f->tmp);
  g_free (f->tmp);
  g_free (f->ddp);
  lq_cd_layout_free (f->layout);
  g_bytes_unref (f->image);
}

static guint
digits (const char *p,
        guint       n)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (g_ascii_isdigit (p[i]));
      v = v * 10 + (guint) (p[i] - '0');
    }
  return v;
}

/* PQDESCR's packets: "VVVS", the track ("AA": the lead-out), the index,
 * two digits, then minutes, seconds and frames. Fills @tracks (index 0 is
 * track 1) and returns the lead-out's frame. */
static gint64
read_pq (const char *ddp,
         GArray     *tracks)
{
  g_autofree char *path = g_build_filename (ddp, "PQDESCR", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gint64 leadout = -1;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length % PQ_RECORD, ==, 0);
  for (gsize r = 0; r < length / PQ_RECORD; r++)
    {
      const char *p = data + r * PQ_RECORD;
      gint64 frame;
      guint index;

      g_assert_cmpmem (p, 4, "VVVS", 4);
      frame = (gint64) digits (p + 10, 2) * 60 * 75 + digits (p + 12, 2) * 75 + digits (p + 14, 2);
      if (memcmp (p + 4, "AA", 2) == 0)
        {
          leadout = frame;
          continue;
        }
      if (digits (p + 4, 2) == 0)
        continue;   /* the lead-in */
      index = digits (p + 6, 2);
      if (tracks->len < digits (p + 4, 2))
        {
          PqTrack t = { digits (p + 4, 2), -1, -1 };

          g_assert_cmpuint (t.number, ==, tracks->len + 1);
          g_array_append_val (tracks, t);
        }
      if (index == 0)
        g_array_index (tracks, PqTrack, tracks->len - 1).index0 = frame;
      else if (index == 1)
        g_array_index (tracks, PqTrack, tracks->len - 1).index1 = frame;
    }
  g_assert_cmpint (leadout, >, 0);
  return leadout;
}

static LqDdpImage *
read_verified (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  LqDdpImage *ddp = lq_ddp_read (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ddp);
  g_assert_true (lq_ddp_verify (ddp, &problems));
  return ddp;
}

static void
test_track_table (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) ddp = read_verified (f->ddp);
  g_autoptr(GArray) pq = g_array_new (FALSE, FALSE, sizeof (PqTrack));
  g_autoptr(LqEngineImage) image = NULL;
  g_autofree char *image_dat = g_build_filename (f->ddp, "IMAGE.DAT", NULL);
  gint64 leadout = read_pq (f->ddp, pq);

  /* What the writer was given, and the PQ entries it wrote */
  g_assert_cmpint (leadout, ==, (gint64) f->layout->leadout);
  g_assert_cmpuint (pq->len, ==, f->layout->n_tracks);

  image = lq_ddp_engine_image_new (ddp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image);
  g_assert_cmpstr (lq_engine_image_get_path (image), ==, image_dat);
  g_assert_cmpuint (lq_engine_image_get_offset (image), ==, 0);
  g_assert_cmpint (lq_engine_image_get_byte_order (image), ==, LQ_ENGINE_IMAGE_LITTLE_ENDIAN);
  /* The whole of IMAGE.DAT, the lead-out's frame in samples */
  g_assert_cmpint (lq_engine_image_get_n_frames (image), ==, leadout * 588);
  g_assert_cmpint (lq_engine_image_get_n_frames (image) * 4, ==, (gint64) g_bytes_get_size (f->image));
  g_assert_cmpuint (lq_engine_image_get_n_tracks (image), ==, pq->len);
  for (guint i = 0; i < pq->len; i++)
    {
      const PqTrack *want = &g_array_index (pq, PqTrack, i);
      const LqEngineImageTrack *got = lq_engine_image_get_track (image, i);
      gint64 end = i + 1 < pq->len ? g_array_index (pq, PqTrack, i + 1).index0 : leadout;
      static const char *titles[] = { "One", "Two", "Three" };

      if (i + 1 < pq->len && end < 0)
        end = g_array_index (pq, PqTrack, i + 1).index1;
      g_assert_cmpuint (got->number, ==, want->number);
      g_assert_cmpint (got->pregap, ==, (want->index0 >= 0 ? want->index0 : want->index1) * 588);
      g_assert_cmpint (got->start, ==, want->index1 * 588);
      g_assert_cmpint (got->length, ==, (end - want->index1) * 588);
      g_assert_cmpstr (got->title, ==, titles[i]);
      g_assert_cmpint (lq_engine_image_find_track (image, want->number), ==, (gint) i);
    }
  /* The layout by hand: track 1's INDEX 01 at 2 s, track 3 with no pregap */
  g_assert_cmpint (lq_engine_image_get_track (image, 0)->start, ==, 2 * 44100);
  g_assert_cmpint (lq_engine_image_get_track (image, 2)->pregap, ==,
                   lq_engine_image_get_track (image, 2)->start);
  g_assert_true (lq_engine_image_check (image, leadout * 588, &error));
  g_assert_no_error (error);
}

/* The engine's reader at each track's INDEX 01 reads the samples the image
 * was written with. */
static void
test_samples (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) ddp = read_verified (f->ddp);
  g_autoptr(LqEngineImage) image = lq_ddp_engine_image_new (ddp, &error);
  g_autoptr(LqEngineImageReader) reader = NULL;
  const gint16 *written = g_bytes_get_data (f->image, NULL);
  float left[64], right[64];
  float *planar[2] = { left, right };

  g_assert_no_error (error);
  reader = lq_engine_image_reader_new (image, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lq_engine_image_reader_get_length (reader), ==, (gint64) f->layout->leadout * 588);
  for (guint i = 0; i < lq_engine_image_get_n_tracks (image); i++)
    {
      gint64 start = lq_engine_image_get_track (image, i)->start;

      g_assert_cmpint (start, ==, (gint64) f->layout->tracks[i].start * 588);
      g_assert_true (lq_engine_image_reader_seek (reader, start, &error));
      g_assert_no_error (error);
      g_assert_cmpint (lq_engine_image_reader_read (reader, planar, 64, &error), ==, 64);
      g_assert_no_error (error);
      for (guint k = 0; k < 64; k++)
        {
          g_assert_cmpfloat (left[k], ==, (float) GINT16_FROM_LE (written[(start + k) * 2]) / 32768.0f);
          g_assert_cmpfloat (right[k], ==, (float) GINT16_FROM_LE (written[(start + k) * 2 + 1]) / 32768.0f);
        }
      /* the noise, not silence */
      g_assert_true (left[0] != 0.0f || left[1] != 0.0f);
    }
}

/* @ddp refused: track @number lies outside the image @image_dat. */
static void
assert_outside (const LqDdpImage *ddp,
                const char       *image_dat,
                guint             number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqEngineImage) image = lq_ddp_engine_image_new (ddp, &error);
  g_autofree char *want = g_strdup_printf ("%s: track %u lies outside the image", image_dat, number);

  g_assert_null (image);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED);
  g_assert_cmpstr (error->message, ==, want);
}

/* A main data stream that starts at the disc's frame 100 (its DSS): the
 * positions count from IMAGE.DAT's first frame, a pregap before it starts
 * there; one starting before it or ending after it is refused. */
static void
test_offsets (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(LqDdpImage) ddp = read_verified (f->ddp);
  g_autofree char *image_dat = g_build_filename (f->ddp, "IMAGE.DAT", NULL);
  guint64 frames = ddp->image_frames;

  ddp->image_start = 100;
  ddp->image_frames = frames - 100;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqEngineImage) image = lq_ddp_engine_image_new (ddp, &error);

    g_assert_no_error (error);
    g_assert_cmpint (lq_engine_image_get_n_frames (image), ==, (gint64) (frames - 100) * 588);
    /* track 1: INDEX 00 at 0 (before the image: its first frame), INDEX 01 at 150 */
    g_assert_cmpint (lq_engine_image_get_track (image, 0)->pregap, ==, 0);
    g_assert_cmpint (lq_engine_image_get_track (image, 0)->start, ==, 50 * 588);
    g_assert_cmpint (lq_engine_image_get_track (image, 0)->length, ==, 300 * 588);
    /* track 2: INDEX 00 at 450, INDEX 01 at 600, the end at 751 */
    g_assert_cmpint (lq_engine_image_get_track (image, 1)->pregap, ==, 350 * 588);
    g_assert_cmpint (lq_engine_image_get_track (image, 1)->start, ==, 500 * 588);
    g_assert_cmpint (lq_engine_image_get_track (image, 1)->length, ==, 151 * 588);
    /* track 3: INDEX 01 at 751 up to the lead-out at 951 */
    g_assert_cmpint (lq_engine_image_get_track (image, 2)->pregap, ==, 651 * 588);
    g_assert_cmpint (lq_engine_image_get_track (image, 2)->start, ==, 651 * 588);
    g_assert_cmpint (lq_engine_image_get_track (image, 2)->length, ==, 200 * 588);
  }

  /* Track 1's INDEX 01 (frame 150) before the image */
  ddp->image_start = 151;
  ddp->image_frames = frames - 151;
  assert_outside (ddp, image_dat, 1);
  /* Track 3 (up to frame 951) past the image's end */
  ddp->image_start = 0;
  ddp->image_frames = frames - 1;
  assert_outside (ddp, image_dat, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/ddp-engine-image/track-table", Fixture, NULL, fixture_set_up, test_track_table,
              fixture_tear_down);
  g_test_add ("/ddp-engine-image/samples", Fixture, NULL, fixture_set_up, test_samples,
              fixture_tear_down);
  g_test_add ("/ddp-engine-image/offsets", Fixture, NULL, fixture_set_up, test_offsets,
              fixture_tear_down);
  return g_test_run ();
}
