/* test-live-meter.c: LqLiveMeter, the playback engine's meters.
 *
 *  - EBU Tech 3341 cases 1 and 2 (M, S, I and PLR of a steady tone) and 3,
 *    4, 5 (gated I), synthesized as in test-ebu-3341.c, at 48 and 44.1 kHz,
 *    within the standard's +/-0.1 LU;
 *  - the histogram integrated loudness within 0.1 LU of libebur128 on 4
 *    minutes of noise whose level wanders from -60 to -8 dBFS, with gaps of
 *    silence;
 *  - correlation +1, -1, ~0; true-peak current, hold and maximum; reset
 *    requested from another thread;
 *  - the same snapshot whatever the block size;
 *  - a reader thread never sees a torn snapshot while the audio thread
 *    publishes (frames and serial, written in different words, always
 *    agree);
 *  - process() allocates, locks and writes nothing (dsp-rt-guard).
 */
#include <ebur128.h>
#include <glib.h>
#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "dsp-rt-guard.h"
#include "dsp-test-util.h"
#include "lq-live-meter.h"

#define LU_TOL 0.1
#define BLOCK 480
#define MAX_BLOCK 4096

typedef struct
{
  int number;
  uint32_t rate;
} Case;

/* Runs a fresh meter over a 1 kHz tone sequence, @chunk frames a call. */
static LqLiveMeter *
run_tone (uint32_t rate, const DspTestSegment *segs, size_t n, uint32_t chunk)
{
  LqLiveMeter *m = lq_live_meter_new (rate, 2, MAX_BLOCK);
  DspTestToneSeq gen;
  g_autofree float *l = g_new (float, chunk);
  g_autofree float *r = g_new (float, chunk);
  float *ch[2] = { l, r };
  uint32_t got;

  g_assert_nonnull (m);
  dsp_test_tone_seq_init (&gen, rate, 1000.0, segs, n);
  while ((got = dsp_test_tone_seq_fill (&gen, ch, 2, chunk)) > 0)
    lq_live_meter_process (m, (const float *const *) ch, got);
  return m;
}

static void
test_ebu_steady (gconstpointer data)
{
  const Case *tc = data;
  double level = tc->number == 1 ? -23.0 : -33.0;
  const DspTestSegment segs[] = { { 20.0, level } };
  LqLiveMeter *m = run_tone (tc->rate, segs, 1, BLOCK);
  LqLiveMeterSnapshot s;

  lq_live_meter_read (m, &s);
  dsp_test_check ("M", s.momentary, level, LU_TOL, LU_TOL);
  dsp_test_check ("S", s.short_term, level, LU_TOL, LU_TOL);
  dsp_test_check ("I", s.integrated, level, LU_TOL, LU_TOL);
  /* A stereo sine at P dBFS reads P LUFS (K-weighting +0.69 dB at 1 kHz,
   * two channels, -0.691): the PLR of the tone is 0 LU. */
  dsp_test_check ("true peak max", s.true_peak_max[0], level, 0.4, 0.2);
  dsp_test_check ("PLR", s.plr, 0.0, 0.3, 0.3);
  g_assert_cmpfloat_with_epsilon (s.correlation, 1.0, 1e-9);
  g_assert_cmpuint (s.frames, ==, 20 * tc->rate);
  lq_live_meter_free (m);
}

static void
test_ebu_gated (gconstpointer data)
{
  const Case *tc = data;
  static const DspTestSegment case3[] = {
    { 10.0, -36.0 }, { 60.0, -23.0 }, { 10.0, -36.0 },
  };
  static const DspTestSegment case4[] = {
    { 10.0, -72.0 }, { 10.0, -36.0 }, { 60.0, -23.0 }, { 10.0, -36.0 }, { 10.0, -72.0 },
  };
  static const DspTestSegment case5[] = {
    { 20.0, -26.0 }, { 20.1, -20.0 }, { 20.0, -26.0 },
  };
  const DspTestSegment *segs = tc->number == 3 ? case3 : tc->number == 4 ? case4 : case5;
  size_t n = tc->number == 3 ? G_N_ELEMENTS (case3)
             : tc->number == 4 ? G_N_ELEMENTS (case4) : G_N_ELEMENTS (case5);
  LqLiveMeter *m = run_tone (tc->rate, segs, n, 1000);
  LqLiveMeterSnapshot s;

  lq_live_meter_read (m, &s);
  dsp_test_check ("I", s.integrated, -23.0, LU_TOL, LU_TOL);
  lq_live_meter_free (m);
}

/* 4 minutes of stereo noise, the level changing every 0.5-6 s between -60
 * and -8 dBFS, with silent gaps: against libebur128's gated integrated. */
static void
test_ebur128_long (void)
{
  const uint32_t rate = 48000, total = 240 * rate;
  LqLiveMeter *m = lq_live_meter_new (rate, 2, MAX_BLOCK);
  ebur128_state *st = ebur128_init (2, rate, EBUR128_MODE_I);
  GRand *rand = g_rand_new_with_seed (42);
  float l[BLOCK], r[BLOCK], inter[2 * BLOCK];
  const float *ch[2] = { l, r };
  uint32_t pos = 0, seg_left = 0;
  double gain = 0.0, eb_i;
  LqLiveMeterSnapshot s;

  while (pos < total)
    {
      for (uint32_t i = 0; i < BLOCK; i++)
        {
          if (seg_left == 0)
            {
              seg_left = (uint32_t) (g_rand_double_range (rand, 0.5, 6.0) * rate);
              gain = g_rand_int_range (rand, 0, 8) == 0
                       ? 0.0
                       : dsp_test_from_db (g_rand_double_range (rand, -60.0, -8.0));
            }
          seg_left--;
          l[i] = (float) (gain * dsp_test_gauss (rand) * 0.3);
          r[i] = (float) (gain * (0.6 * l[i] / (gain > 0 ? gain : 1.0)
                                  + 0.4 * dsp_test_gauss (rand) * 0.3));
          inter[2 * i] = l[i];
          inter[2 * i + 1] = r[i];
        }
      lq_live_meter_process (m, ch, BLOCK);
      g_assert_cmpint (ebur128_add_frames_float (st, inter, BLOCK), ==, EBUR128_SUCCESS);
      pos += BLOCK;
    }
  g_assert_cmpint (ebur128_loudness_global (st, &eb_i), ==, EBUR128_SUCCESS);
  lq_live_meter_read (m, &s);
  dsp_test_check ("I against libebur128", s.integrated, eb_i, LU_TOL, LU_TOL);
  g_assert_true (isfinite (s.plr));
  ebur128_destroy (&st);
  g_rand_free (rand);
  lq_live_meter_free (m);
}

static double
correlation_of (int kind)
{
  LqLiveMeter *m = lq_live_meter_new (48000, 2, MAX_BLOCK);
  GRand *rand = g_rand_new_with_seed (7 + kind);
  float l[BLOCK], r[BLOCK];
  const float *ch[2] = { l, r };
  LqLiveMeterSnapshot s;

  for (int b = 0; b < 100; b++)  /* 1 s */
    {
      for (uint32_t i = 0; i < BLOCK; i++)
        {
          l[i] = (float) (0.1 * dsp_test_gauss (rand));
          r[i] = kind == 0 ? l[i] : kind == 1 ? -l[i] : (float) (0.1 * dsp_test_gauss (rand));
        }
      lq_live_meter_process (m, ch, BLOCK);
    }
  lq_live_meter_read (m, &s);
  lq_live_meter_free (m);
  g_rand_free (rand);
  return s.correlation;
}

static void
test_correlation (void)
{
  g_assert_cmpfloat_with_epsilon (correlation_of (0), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (correlation_of (1), -1.0, 1e-9);
  g_assert_cmpfloat (fabs (correlation_of (2)), <, 0.05);
}

/* 50 ms of a 0.5 sine (whole periods), then silence: the current true peak
 * falls to silence after 100 ms, the hold keeps -6 dB for
 * LQ_LIVE_METER_HOLD_S, the maximum stays. The interpolator rings a little
 * where the sine stops, so the values after it may read up to +0.2 dB
 * (Tech 3341's true-peak tolerance). */
static void
test_peak_hold (void)
{
  const uint32_t rate = 48000;
  LqLiveMeter *m = lq_live_meter_new (rate, 2, MAX_BLOCK);
  float l[BLOCK], r[BLOCK];
  const float *ch[2] = { l, r };
  LqLiveMeterSnapshot s;
  uint32_t t = 0;

  for (int b = 0; b < 5; b++)
    {
      for (uint32_t i = 0; i < BLOCK; i++, t++)
        l[i] = r[i] = (float) (0.5 * sin (2 * G_PI * 1000.0 * t / rate));
      lq_live_meter_process (m, ch, BLOCK);
    }
  lq_live_meter_read (m, &s);
  dsp_test_check ("current", s.true_peak[0], -6.02, 0.1, 0.1);
  dsp_test_check ("hold", s.peak_hold[1], -6.02, 0.1, 0.1);

  for (uint32_t i = 0; i < BLOCK; i++)
    l[i] = r[i] = 0.0f;
  for (int b = 0; b < 100; b++)  /* +1 s */
    lq_live_meter_process (m, ch, BLOCK);
  lq_live_meter_read (m, &s);
  g_assert_true (isinf (s.true_peak[0]) && s.true_peak[0] < 0);
  dsp_test_check ("hold after 1 s", s.peak_hold[0], -6.02, 0.1, 0.2);
  dsp_test_check ("max after 1 s", s.true_peak_max[0], -6.02, 0.1, 0.2);

  for (int b = 0; b < 150; b++)  /* +1.5 s: past the hold */
    lq_live_meter_process (m, ch, BLOCK);
  lq_live_meter_read (m, &s);
  g_assert_true (isinf (s.peak_hold[0]) && s.peak_hold[0] < 0);
  dsp_test_check ("max after 2.5 s", s.true_peak_max[0], -6.02, 0.1, 0.2);

  /* A reset asked for from elsewhere applies at the next process(). */
  lq_live_meter_request_reset (m);
  lq_live_meter_process (m, ch, BLOCK);
  lq_live_meter_read (m, &s);
  g_assert_cmpuint (s.frames, ==, BLOCK);
  g_assert_true (isinf (s.true_peak_max[0]));
  g_assert_true (isinf (s.integrated));
  lq_live_meter_free (m);
}

/* Same signal in blocks of 1..1024 frames: the same readings. */
static void
test_block_size (void)
{
  static const DspTestSegment segs[] = { { 3.0, -20.0 }, { 2.0, -30.0 }, { 0.73, -12.0 } };
  LqLiveMeter *a = run_tone (44100, segs, G_N_ELEMENTS (segs), 64);
  LqLiveMeter *b = run_tone (44100, segs, G_N_ELEMENTS (segs), 1023);
  LqLiveMeterSnapshot sa, sb;

  lq_live_meter_read (a, &sa);
  lq_live_meter_read (b, &sb);
  g_assert_cmpuint (sa.frames, ==, sb.frames);
  g_assert_cmpfloat (sa.momentary, ==, sb.momentary);
  g_assert_cmpfloat (sa.short_term, ==, sb.short_term);
  g_assert_cmpfloat (sa.integrated, ==, sb.integrated);
  g_assert_cmpfloat (sa.true_peak[0], ==, sb.true_peak[0]);
  g_assert_cmpfloat (sa.peak_hold[1], ==, sb.peak_hold[1]);
  g_assert_cmpfloat (sa.true_peak_max[0], ==, sb.true_peak_max[0]);
  g_assert_cmpfloat (sa.correlation, ==, sb.correlation);
  lq_live_meter_free (a);
  lq_live_meter_free (b);
}

typedef struct
{
  LqLiveMeter *m;
  atomic_bool done;
  guint reads;
  atomic_uint changes;
} TornReader;

static gpointer
torn_reader (gpointer data)
{
  TornReader *tr = data;
  guint64 last_serial = 0;
  double last_max = -HUGE_VAL;

  while (!atomic_load (&tr->done))
    {
      LqLiveMeterSnapshot s;

      lq_live_meter_read (tr->m, &s);
      tr->reads++;
      /* Publish n (serial n + 1, the first being the reset's) follows
       * n calls of 64 frames. */
      if (s.frames != (s.serial - 1) * 64)
        g_error ("torn snapshot: serial %" G_GUINT64_FORMAT ", frames %" G_GUINT64_FORMAT,
                 s.serial, s.frames);
      if (s.serial < last_serial || s.true_peak_max[0] < last_max)
        g_error ("snapshot went back");
      if (s.serial != last_serial)
        atomic_fetch_add (&tr->changes, 1);
      last_serial = s.serial;
      last_max = s.true_peak_max[0];
    }
  return NULL;
}

static void
test_torn (void)
{
  TornReader tr = { .m = lq_live_meter_new (48000, 2, 64) };
  GThread *reader;
  float l[64], r[64];
  const float *ch[2] = { l, r };
  DspRtCounts counts = { 0 };

  atomic_init (&tr.done, false);
  atomic_init (&tr.changes, 0);
  reader = g_thread_new ("reader", torn_reader, &tr);
  dsp_rt_guard_begin ();
  /* Until the reader has seen 2,000 different snapshots (at least 30,000
   * publishes, at most 3,000,000). */
  for (uint32_t b = 0; b < 3000000 && (b < 30000 || atomic_load (&tr.changes) < 2000); b++)
    {
      for (uint32_t i = 0; i < 64; i++)
        l[i] = r[i] = (float) ((b % 1000) * 1e-3 * sin (0.1 * (b * 64 + i)));
      lq_live_meter_process (tr.m, ch, 64);
    }
  dsp_rt_guard_end (&counts);
  atomic_store (&tr.done, true);
  g_thread_join (reader);
  g_test_message ("%u reads, %u distinct snapshots", tr.reads, atomic_load (&tr.changes));
  g_assert_cmpuint (atomic_load (&tr.changes), >=, 2000);
  dsp_rt_assert_clean (&counts, "live meter process");
  lq_live_meter_free (tr.m);
}

static void
test_realtime (void)
{
  LqLiveMeter *m = lq_live_meter_new (44100, 2, MAX_BLOCK);
  static float l[MAX_BLOCK], r[MAX_BLOCK];
  const float *ch[2] = { l, r };
  DspRtCounts counts = { 0 };

  for (uint32_t i = 0; i < MAX_BLOCK; i++)
    l[i] = r[i] = (float) sin (0.05 * i);
  dsp_rt_guard_begin ();
  for (uint32_t b = 0; b < 300; b++)
    {
      if (b == 100)
        lq_live_meter_request_reset (m);
      lq_live_meter_process (m, ch, 1 + (b * 97) % MAX_BLOCK);
    }
  dsp_rt_guard_end (&counts);
  dsp_rt_assert_clean (&counts, "live meter process");
  lq_live_meter_free (m);
}

int
main (int argc, char **argv)
{
  static const uint32_t rates[] = { 48000, 44100 };

  g_test_init (&argc, &argv, NULL);
  g_assert_null (lq_live_meter_new (48000, 3, 512));
  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    for (int number = 1; number <= 5; number++)
      {
        Case *tc = g_new (Case, 1);
        g_autofree char *path = g_strdup_printf ("/live-meter/ebu-3341/%d/%u", number, rates[r]);

        tc->number = number;
        tc->rate = rates[r];
        g_test_add_data_func_full (path, tc, number <= 2 ? test_ebu_steady : test_ebu_gated, g_free);
      }
  g_test_add_func ("/live-meter/ebur128-long", test_ebur128_long);
  g_test_add_func ("/live-meter/correlation", test_correlation);
  g_test_add_func ("/live-meter/peak-hold", test_peak_hold);
  g_test_add_func ("/live-meter/block-size", test_block_size);
  g_test_add_func ("/live-meter/torn-snapshot", test_torn);
  g_test_add_func ("/live-meter/realtime", test_realtime);
  return g_test_run ();
}
