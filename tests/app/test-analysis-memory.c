/* test-analysis-memory.c: the memory an analysis takes grows with the length
 * of the file only by what the analysis keeps.
 *
 * What must grow: the 100 ms block energies (2 x 8 bytes per 100 ms) and the
 * waveform overview with its RMS (3 bytes per channel per 256 frames),
 * 71,616 bytes per minute of stereo at 44.1 kHz, as README.md states; and
 * the clipped runs and true-peak overs, which follow the audio (this noise
 * has a few overs of -3 dBTP) up to their cap. Everything else (the
 * spectrum's gating above all, which used to keep every FFT frame's bands,
 * 2 x 31 floats per 93 ms) must stay the same size however long the file.
 *
 * Measured without clocks or RSS: the bytes the analyzer reports for its
 * meters and stores (lq_analyze_file_with_memory()), the bytes a spectrum
 * analyser holds (lq_spectrum_get_allocated()), and, where the C library
 * keeps the statistics, the heap in use by mallinfo2(), sampled after every
 * block of audio (under a sanitizer that test is skipped, saying so).
 */
#include <glib/gstdio.h>
#include <malloc.h>
#include <math.h>

#include "lq-analyzer.h"
#include "lq-loudness-meter.h"
#include "lq-spectrum.h"
#include "lq-test-audio.h"

#define RATE 44100

/* The stated growth per minute of stereo at 44.1 kHz (README.md). */
#define KEPT_PER_MINUTE (2 * 600 * 8 + 3 * 2 * RATE * 60 / 256)
/* The bounds: what is kept, the loudness range's sorted copy of the
 * short-term energies at the end, and 5 % (for the heap, also the allocator
 * rounding the energy arrays up to a power of two). */
#define PEAK_PER_MINUTE_MAX (KEPT_PER_MINUTE + 600 * 8 + KEPT_PER_MINUTE / 20)
#define HEAP_PER_MINUTE_MAX (PEAK_PER_MINUTE_MAX + 2 * 600 * 8)
/* The spectrum analyser: fixed buffers (about 260 kB at 44.1 kHz) and a
 * histogram of at most 1,000 bins of about 0.5 kB. */
#define SPECTRUM_MAX_BYTES (1024 * 1024)

static guint32
hash (guint64 x)
{
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return (guint32) x;
}

/* Music-like: noise, a low tone and a level that wanders (*data dB, in
 * phrases of a few seconds; over 30 dB the loudness blocks spread over many
 * of the spectrum's gate bins). */
static double
music (guint64 i, guint c, guint rate, gpointer data)
{
  double t = (double) i / rate, range = *(const double *) data;
  double level_db = -range / 2.0 * (1.0 + sin (2.0 * G_PI * t / 7.3) * sin (2.0 * G_PI * t / 53.0));
  double noise = (hash (i * 2 + c) / 4294967296.0 - 0.5) * 0.5;
  double tone = 0.3 * sin (2.0 * G_PI * (c == 0 ? 110.0 : 165.0) * t);

  return pow (10.0, level_db / 20.0) * (noise + tone);
}

typedef struct
{
  gsize heap_max;
} HeapProbe;

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

/* Whether mallinfo2() sees allocations here (a sanitizer replaces malloc). */
static gboolean
heap_stats_work (void)
{
  gsize before = heap_in_use (), after;
  char *p = g_malloc (4 << 20);

  p[0] = 1;
  after = heap_in_use ();
  g_free (p);
  return after >= before + (4 << 20);
}

static void
probe_progress (double fraction, gpointer user_data)
{
  HeapProbe *probe = user_data;

  probe->heap_max = MAX (probe->heap_max, heap_in_use ());
}

typedef struct
{
  LqAnalyzerMemory memory;
  gsize heap_peak;  /* above the heap in use before the analysis */
  gsize runs_bytes; /* the clipped runs and overs, which follow the audio */
} Measured;

static Measured
measure (const char *dir, guint minutes)
{
  g_autofree char *name = g_strdup_printf ("music-%u.wav", minutes);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTrackAnalysis) a = NULL;
  HeapProbe probe = { 0 };
  Measured m = { 0 };
  gsize base;
  /* Within 1 dB, so a minute fills the spectrum's gate histogram as much
   * as five do: what grows is what is kept. */
  double range = 1.0;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, RATE, 2,
                 (guint64) minutes * 60 * RATE, music, &range, NULL);

  base = heap_in_use ();
  probe.heap_max = base;
  a = lq_analyze_file_with_memory (path, NULL, probe_progress, &probe, &m.memory, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  probe.heap_max = MAX (probe.heap_max, heap_in_use ());
  m.heap_peak = probe.heap_max - base;

  /* The numbers describe this analysis. */
  g_assert_cmpfloat_with_epsilon (lq_track_analysis_get_measures (a)->duration_s, minutes * 60.0, 1e-9);
  g_assert_cmpuint (m.memory.retained_bytes, ==, lq_track_analysis_get_retained_size (a));
  g_assert_cmpuint (m.memory.peak_bytes, >=, m.memory.retained_bytes);
  g_assert_true (lq_track_analysis_get_spectrum (a, NULL, NULL, NULL, NULL));
  m.runs_bytes = (lq_track_analysis_get_clipped_runs (a)->len
                  + lq_track_analysis_get_true_peak_overs (a)->len) * sizeof (LqSampleRun);

  g_test_message ("%u min: peak %" G_GSIZE_FORMAT " B, kept %" G_GSIZE_FORMAT
                  " B, heap peak %" G_GSIZE_FORMAT " B",
                  minutes, m.memory.peak_bytes, m.memory.retained_bytes, m.heap_peak);
  g_unlink (path);
  return m;
}

/* The analyses of 1 and 5 minutes, made once for the tests that read them
 * (whichever runs first; each test may also run alone with -p). */
typedef struct
{
  Measured one;
  Measured five;
} Growth;

static const Growth *
growth (void)
{
  static Growth g;
  static gboolean measured;

  if (!measured)
    {
      g_autofree char *dir = lq_test_tmpdir ();

      /* The first analysis in a process also sets up what stays (FFTW's
       * tables, GLib's types): not counted. */
      (void) measure (dir, 1);
      g.one = measure (dir, 1);
      g.five = measure (dir, 5);
      lq_test_rmdir (dir);
      measured = TRUE;
    }
  return &g;
}

/* 1 and 5 minutes: the analysis grows by what it keeps, no more, by its own
 * count of its meters and stores. */
static void
test_growth (void)
{
  const Growth *g = growth ();
  double peak_rate, kept_rate;

  peak_rate = ((double) g->five.memory.peak_bytes - g->one.memory.peak_bytes) / 4.0;
  kept_rate = ((double) (g->five.memory.retained_bytes - g->five.runs_bytes)
               - (double) (g->one.memory.retained_bytes - g->one.runs_bytes)) / 4.0;

  g_test_message ("per minute: peak %.0f B, kept %.0f B (stated %d B, bound %d B)",
                  peak_rate, kept_rate, KEPT_PER_MINUTE, PEAK_PER_MINUTE_MAX);
  /* What is kept is what README.md says, to the 100 ms block. */
  g_assert_cmpfloat (fabs (kept_rate - KEPT_PER_MINUTE), <=, 2 * 8 * 2);
  g_assert_cmpfloat (peak_rate, <=, PEAK_PER_MINUTE_MAX);
}

/* The same by the C library's count of the heap in use: nothing the
 * analyzer does not report grows either. A sanitizer replaces malloc and
 * mallinfo2() then sees nothing: a skip, with its reason in the log. */
static void
test_heap_growth (void)
{
  const Growth *g;
  double heap_rate;

  if (!heap_stats_work ())
    {
      g_test_skip ("mallinfo2() sees no allocations: a sanitizer replaces malloc "
                   "(the heap is checked in the build without sanitizers)");
      return;
    }

  g = growth ();
  heap_rate = ((double) g->five.heap_peak - g->one.heap_peak) / 4.0;
  g_test_message ("heap per minute: %.0f B (bound %d B)", heap_rate, HEAP_PER_MINUTE_MAX);
  g_assert_cmpfloat (heap_rate, <=, HEAP_PER_MINUTE_MAX);
}

/* The spectrum analyser fed 20 minutes in the analyzer's pieces (audio,
 * then the meter's blocks) never holds more than its bound. */
static void
test_spectrum_bounded (void)
{
  const guint piece = 16384;
  LqSpectrum *s = lq_spectrum_new_external_loudness (RATE, 2);
  LqLoudnessMeter *meter = lq_loudness_meter_new (RATE, 2);
  LqLoudnessBlock blocks[piece / (RATE / 10) + 2];
  float *l = g_new (float, piece), *r = g_new (float, piece);
  guint64 total = (guint64) 20 * 60 * RATE, at_two = (guint64) 2 * 60 * RATE, i = 0;
  gsize size_two = 0, size_max = 0;
  double mid[LQ_SPECTRUM_MAX_BANDS];
  uint32_t used;
  double range = 30.0;

  g_assert_nonnull (s);
  g_assert_nonnull (meter);
  while (i < total)
    {
      guint n = (guint) MIN (piece, total - i), nb;
      const float *ch[2] = { l, r };

      for (guint k = 0; k < n; k++)
        {
          l[k] = (float) music (i + k, 0, RATE, &range);
          r[k] = (float) music (i + k, 1, RATE, &range);
        }
      g_assert_cmpint (lq_spectrum_process (s, ch, n), ==, LQ_OK);
      nb = lq_loudness_meter_process (meter, ch, n, blocks, G_N_ELEMENTS (blocks));
      g_assert_cmpint (lq_spectrum_add_blocks (s, blocks, nb), ==, LQ_OK);
      i += n;
      size_max = MAX (size_max, lq_spectrum_get_allocated (s));
      if (size_two == 0 && i >= at_two)
        size_two = lq_spectrum_get_allocated (s);
    }
  g_assert_cmpint (lq_spectrum_get_bands (s, LQ_SPECTRUM_NORM_NONE, mid, NULL, &used), ==, LQ_OK);
  /* Most of the 20 minutes passes the gate: the frames were all counted. */
  g_assert_cmpuint (used, >, total / lq_spectrum_get_fft_size (s));
  g_test_message ("spectrum: %" G_GSIZE_FORMAT " B after 2 min, at most %" G_GSIZE_FORMAT
                  " B over 20 min", size_two, size_max);
  g_assert_cmpuint (size_max, <=, SPECTRUM_MAX_BYTES);
  /* The bound means something: every frame's bands kept (as before) would
   * be several times over it. */
  g_assert_cmpuint (used * 2 * lq_spectrum_get_n_bands (s) * sizeof (float), >, 2 * SPECTRUM_MAX_BYTES);

  lq_spectrum_free (s);
  lq_loudness_meter_free (meter);
  g_free (l);
  g_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analysis-memory/growth", test_growth);
  g_test_add_func ("/analysis-memory/heap-growth", test_heap_growth);
  g_test_add_func ("/analysis-memory/spectrum-bounded", test_spectrum_bounded);
  return g_test_run ();
}
