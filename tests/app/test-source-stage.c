/* test-source-stage.c: the gap, trims, fades and dual mono of a track, and
 * seeking anywhere in them. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lq-error.h"
#include "lq-render.h"
#include "lq-source-stage.h"
#include "lq-test-audio.h"

/* Every malloc, calloc and realloc of the process, counted while asked:
 * defined in the executable, these take the place of the C library's for
 * libsndfile and GLib too. Not under AddressSanitizer, which owns malloc
 * (the allocation test then skips). */
static volatile gboolean counting;
static volatile guint allocations;

#ifndef __SANITIZE_ADDRESS__
#define COUNTS_ALLOCATIONS 1
extern void *__libc_malloc (size_t size);
extern void *__libc_calloc (size_t n, size_t size);
extern void *__libc_realloc (void *p, size_t size);

void *malloc (size_t size);
void *calloc (size_t n, size_t size);
void *realloc (void *p, size_t size);

void *
malloc (size_t size)
{
  if (counting)
    allocations++;
  return __libc_malloc (size);
}

void *
calloc (size_t n, size_t size)
{
  if (counting)
    allocations++;
  return __libc_calloc (n, size);
}

void *
realloc (void *p, size_t size)
{
  if (counting)
    allocations++;
  return __libc_realloc (p, size);
}

#endif

#define RATE 8000
#define FRAMES 40000   /* 5 s */

typedef struct
{
  char *dir;
  char *stereo;
  char *mono;
} Fixture;

/* Distinct values on each channel and frame. */
static double
chirp_signal (guint64 i, guint c, guint rate, gpointer data)
{
  return 0.6 * sin (0.0003 * (double) i * (double) i / rate + 0.7 * c) + (c == 1 ? 0.05 : -0.05);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = lq_test_tmpdir ();
  f->stereo = g_build_filename (f->dir, "stereo.wav", NULL);
  f->mono = g_build_filename (f->dir, "mono.flac", NULL);
  lq_test_write (f->stereo, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, FRAMES, chirp_signal, NULL, NULL);
  lq_test_write (f->mono, SF_FORMAT_FLAC | SF_FORMAT_PCM_24, RATE, 1, FRAMES, chirp_signal, NULL, NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->stereo);
  g_free (f->mono);
}

static void
spec_set (LqRenderSpec *spec, const char *source, LqFadeShape in, LqFadeShape out)
{
  memset (spec, 0, sizeof *spec);
  spec->source = g_strdup (source);
  spec->gap_s = 0.5;
  spec->trim_in_s = 0.25;
  spec->trim_out_s = 0.375;
  spec->fade_in_s = 1.0;
  spec->fade_out_s = 1.5;
  spec->fade_in_shape = in;
  spec->fade_out_shape = out;
  spec->target_lufs = NAN;
}

/* Reads @stage from where it is to the end, in blocks of @block frames. */
static gint64
read_to_end (LqSourceStage *stage, float *out[2], gsize block)
{
  gint64 pos = lq_source_stage_get_position (stage);
  gint64 start = pos;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      float *at[2] = { out[0] + pos, out[1] + pos };
      gssize got = lq_source_stage_read (stage, at, block, &error);

      g_assert_no_error (error);
      g_assert_cmpint (got, >=, 0);
      if (got == 0)
        break;
      pos += got;
      g_assert_cmpint (lq_source_stage_get_position (stage), ==, pos);
    }
  return pos - start;
}

/* Sequential from 0, then seeks to every part of the timeline: the same frames. */
static void
check_seeks (const LqRenderSpec *spec, guint source_channels)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqSourceStage) stage = lq_source_stage_new (spec, LQ_SOURCE_STAGE_GAP, &error);
  gint64 gap, length, trimmed, fade_in, fade_out, start;
  g_autofree float *whole = NULL;
  g_autofree float *part = NULL;
  float *all[2];

  g_assert_no_error (error);
  g_assert_nonnull (stage);
  g_assert_cmpuint (lq_source_stage_get_sample_rate (stage), ==, RATE);
  g_assert_cmpuint (lq_source_stage_get_source_channels (stage), ==, source_channels);
  gap = lq_source_stage_get_gap (stage);
  length = lq_source_stage_get_length (stage);
  start = llround (spec->trim_in_s * RATE);
  trimmed = FRAMES - start - llround (spec->trim_out_s * RATE);
  fade_in = llround (spec->fade_in_s * RATE);
  fade_out = llround (spec->fade_out_s * RATE);
  g_assert_cmpint (gap, ==, llround (spec->gap_s * RATE));
  g_assert_cmpint (length, ==, gap + trimmed);
  g_assert_cmpint (lq_source_stage_get_position (stage), ==, 0);

  whole = g_new0 (float, 2 * length + 2);
  part = g_new0 (float, 2 * length + 2);
  all[0] = whole;
  all[1] = whole + length + 1;
  /* An odd block size, so that blocks straddle the gap and the fades. */
  g_assert_cmpint (read_to_end (stage, all, 1001), ==, length);

  /* What it reads: silence, then the source from the trim-in, faded. */
  for (gint64 i = 0; i < gap; i++)
    g_assert_true (all[0][i] == 0.0f && all[1][i] == 0.0f);
  {
    gint64 mid[] = { fade_in / 3, trimmed / 2, trimmed - fade_out / 4 };

    for (guint j = 0; j < G_N_ELEMENTS (mid); j++)
      for (guint c = 0; c < 2; c++)
        {
          gint64 k = mid[j];
          double g = 1.0, want;

          if (k < fade_in)
            g *= lq_fade_gain (spec->fade_in_shape, (double) k / fade_in);
          if (k >= trimmed - fade_out)
            g *= lq_fade_gain (spec->fade_out_shape, (double) (trimmed - 1 - k) / fade_out);
          want = chirp_signal ((guint64) (start + k), source_channels == 1 ? 0 : c, RATE, NULL) * g;
          g_assert_cmpfloat_with_epsilon (all[c][gap + k], want, 1e-6);
        }
  }
  /* The fades reach silence at both ends of the trimmed audio. */
  g_assert_cmpfloat (all[0][gap], ==, 0.0f);
  g_assert_cmpfloat (all[0][length - 1], ==, 0.0f);
  if (source_channels == 1)
    g_assert_cmpmem (all[0], length * sizeof (float), all[1], length * sizeof (float));

  {
    gint64 at[] = {
      0, gap / 2, gap - 1, gap, gap + 1, gap + fade_in / 2, gap + fade_in - 1,
      gap + trimmed / 2, length - fade_out, length - fade_out / 3, length - 1, length,
      gap + 17,
    };

    for (guint j = 0; j < G_N_ELEMENTS (at); j++)
      {
        float *out[2] = { part, part + length + 1 };
        gint64 n;

        g_assert_true (lq_source_stage_seek (stage, at[j], &error));
        g_assert_no_error (error);
        g_assert_cmpint (lq_source_stage_get_position (stage), ==, at[j]);
        n = read_to_end (stage, out, 777);
        g_assert_cmpint (n, ==, length - at[j]);
        for (guint c = 0; c < 2; c++)
          g_assert_cmpmem (out[c] + at[j], n * sizeof (float), all[c] + at[j], n * sizeof (float));
      }
  }
}

static void
test_seek_equivalence (Fixture *f, gconstpointer data)
{
  const LqFadeShape shapes[] = { LQ_FADE_LINEAR, LQ_FADE_LOG, LQ_FADE_SCURVE };

  for (guint m = 0; m < 2; m++)
    for (guint a = 0; a < G_N_ELEMENTS (shapes); a++)
      for (guint b = 0; b < G_N_ELEMENTS (shapes); b++)
        {
          LqRenderSpec spec;

          spec_set (&spec, m == 0 ? f->stereo : f->mono, shapes[a], shapes[b]);
          check_seeks (&spec, m == 0 ? 2 : 1);
          lq_render_spec_clear (&spec);
        }
}

/* Random positions and block sizes, reproducible by the test's seed. */
static void
test_seek_random (Fixture *f, gconstpointer data)
{
  for (guint m = 0; m < 2; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LqSourceStage) stage = NULL;
      g_autofree float *whole = NULL;
      g_autofree float *part = NULL;
      float *all[2];
      gint64 length;
      LqRenderSpec spec;

      spec_set (&spec, m == 0 ? f->stereo : f->mono, LQ_FADE_SCURVE, LQ_FADE_LOG);
      spec.fade_in_s = 0.3;
      stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
      g_assert_no_error (error);
      length = lq_source_stage_get_length (stage);
      whole = g_new0 (float, 2 * length);
      part = g_new0 (float, 2 * length);
      all[0] = whole;
      all[1] = whole + length;
      g_assert_cmpint (read_to_end (stage, all, 4096), ==, length);

      for (guint j = 0; j < 40; j++)
        {
          gint64 a = g_test_rand_int_range (0, (gint32) length);
          gsize n = (gsize) g_test_rand_int_range (1, 5000);
          float *out[2] = { part, part + length };
          gssize got;

          g_assert_true (lq_source_stage_seek (stage, a, &error));
          got = lq_source_stage_read (stage, out, n, &error);
          g_assert_no_error (error);
          g_assert_cmpint (got, ==, MIN ((gint64) n, length - a));
          for (guint c = 0; c < 2; c++)
            g_assert_cmpmem (out[c], got * sizeof (float), all[c] + a, got * sizeof (float));
          g_assert_cmpint (lq_source_stage_get_position (stage), ==, a + got);
        }
      lq_render_spec_clear (&spec);
    }
}

/* Without LQ_SOURCE_STAGE_GAP (the export) the timeline is the trimmed audio. */
static void
test_no_gap (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqSourceStage) with = NULL;
  g_autoptr(LqSourceStage) without = NULL;
  g_autofree float *a = g_new0 (float, 2 * FRAMES);
  g_autofree float *b = g_new0 (float, 2 * FRAMES);
  float *wa[2] = { a, a + FRAMES }, *wb[2] = { b, b + FRAMES };
  gint64 gap, n;
  LqRenderSpec spec;

  spec_set (&spec, f->stereo, LQ_FADE_LOG, LQ_FADE_LINEAR);
  with = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
  g_assert_no_error (error);
  without = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_NONE, &error);
  g_assert_no_error (error);
  gap = lq_source_stage_get_gap (with);
  g_assert_cmpint (gap, ==, RATE / 2);
  g_assert_cmpint (lq_source_stage_get_gap (without), ==, 0);
  g_assert_cmpint (lq_source_stage_get_length (without), ==, lq_source_stage_get_length (with) - gap);

  g_assert_true (lq_source_stage_seek (with, gap, &error));
  n = read_to_end (with, wa, 3000);
  g_assert_cmpint (read_to_end (without, wb, 3000), ==, n);
  g_assert_cmpmem (a + gap, n * sizeof (float), b, n * sizeof (float));

  /* The export writes the trimmed audio only, whatever the gap. */
  {
    LqRenderOptions options;
    gint64 frames = 0;
    guint channels = 0;

    lq_render_options_init (&options);
    g_assert_true (lq_render_get_output (&spec, &options, &frames, &channels, &error));
    g_assert_no_error (error);
    g_assert_cmpint (frames, ==, n);
    g_assert_cmpint (frames, ==, FRAMES - RATE / 4 - RATE * 3 / 8);
    g_assert_cmpuint (channels, ==, 2);
  }
  lq_render_spec_clear (&spec);
}

static void
test_errors (Fixture *f, gconstpointer data)
{
  LqRenderSpec spec;

  /* A missing file. */
  {
    g_autofree char *path = g_build_filename (f->dir, "gone.wav", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(LqSourceStage) stage = NULL;

    spec_set (&spec, path, LQ_FADE_LINEAR, LQ_FADE_LINEAR);
    stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
    g_assert_null (stage);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, path));
    lq_render_spec_clear (&spec);
  }

  /* A file cut short, as an interrupted copy leaves it. */
  {
    g_autofree char *path = g_build_filename (f->dir, "cut.wav", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(LqSourceStage) stage = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (f->stereo, &contents, &len, NULL));
    g_assert_true (g_file_set_contents (path, contents, len / 2, NULL));
    spec_set (&spec, path, LQ_FADE_LINEAR, LQ_FADE_LINEAR);
    stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
    g_assert_null (stage);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_TRUNCATED);
    g_assert_nonnull (strstr (error->message, path));
    lq_render_spec_clear (&spec);
  }

  /* Trims that leave nothing. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqSourceStage) stage = NULL;

    spec_set (&spec, f->stereo, LQ_FADE_LINEAR, LQ_FADE_LINEAR);
    spec.trim_in_s = 3.0;
    spec.trim_out_s = 2.0;
    stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
    g_assert_null (stage);
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    lq_render_spec_clear (&spec);
  }

  /* Seeks out of the timeline: refused, the position kept. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LqSourceStage) stage = NULL;
    gint64 length;
    float l[8], r[8];
    float *out[2] = { l, r };

    spec_set (&spec, f->mono, LQ_FADE_LINEAR, LQ_FADE_LINEAR);
    stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
    g_assert_no_error (error);
    length = lq_source_stage_get_length (stage);
    g_assert_true (lq_source_stage_seek (stage, 100, &error));
    g_assert_false (lq_source_stage_seek (stage, length + 1, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_assert_nonnull (strstr (error->message, f->mono));
    g_clear_error (&error);
    g_assert_false (lq_source_stage_seek (stage, -1, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    g_assert_cmpint (lq_source_stage_get_position (stage), ==, 100);
    g_assert_cmpint (lq_source_stage_read (stage, out, 8, &error), ==, 8);
    g_assert_no_error (error);

    /* At the end: nothing more, and no error. */
    g_assert_true (lq_source_stage_seek (stage, length, &error));
    g_assert_cmpint (lq_source_stage_read (stage, out, 8, &error), ==, 0);
    g_assert_no_error (error);
    lq_render_spec_clear (&spec);
  }
}

/* Once created, a stage reads and seeks without allocating: the engine's
 * reader thread stays cheap. (libFLAC may grow its own buffers while it
 * seeks, so seeks are counted on the WAV source only.) */
static void
test_no_allocation (Fixture *f, gconstpointer data)
{
#ifndef COUNTS_ALLOCATIONS
  g_test_skip ("AddressSanitizer owns malloc: allocations are counted in the plain build");
  return;
#endif
  for (guint m = 0; m < 2; m++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LqSourceStage) stage = NULL;
      g_autofree float *buf = g_new0 (float, 2 * 1024);
      float *out[2] = { buf, buf + 1024 };
      gint64 length, total = 0;
      guint in_reads = 0, in_seeks = 0;
      gboolean ok = TRUE;
      LqRenderSpec spec;

      spec_set (&spec, m == 0 ? f->stereo : f->mono, LQ_FADE_LOG, LQ_FADE_SCURVE);
      stage = lq_source_stage_new (&spec, LQ_SOURCE_STAGE_GAP, &error);
      g_assert_no_error (error);
      length = lq_source_stage_get_length (stage);

      for (guint pass = 0; pass < 3 && ok; pass++)
        {
          gssize got;

          allocations = 0;
          counting = TRUE;
          ok = lq_source_stage_seek (stage, pass * 1234, NULL);
          counting = FALSE;
          in_seeks += allocations;

          allocations = 0;
          counting = TRUE;
          while (ok && (got = lq_source_stage_read (stage, out, 1024, NULL)) > 0)
            total += got;
          counting = FALSE;
          in_reads += allocations;
        }

      g_assert_true (ok);
      g_assert_cmpint (total, ==, 3 * length - 1234 - 2468);
      g_assert_cmpuint (in_reads, ==, 0);
      if (m == 0)
        g_assert_cmpuint (in_seeks, ==, 0);
      lq_render_spec_clear (&spec);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add (name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/source-stage/seek-equivalence", test_seek_equivalence);
  ADD ("/source-stage/seek-random", test_seek_random);
  ADD ("/source-stage/no-gap", test_no_gap);
  ADD ("/source-stage/errors", test_errors);
  ADD ("/source-stage/no-allocation", test_no_allocation);
#undef ADD

  return g_test_run ();
}
