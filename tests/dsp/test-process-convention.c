/* test-process-convention.c: every processor's and meter's _process follows
 * the convention of lq-dsp-status.h: any n, n > max_block included, gives
 * exactly what max_block pieces (or any other cut) give, and n = 0 does
 * nothing. Each is made with max_block 64 and fed 20,000 frames in one
 * call, in pieces of 64, and in irregular pieces. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "lq-chain.h"
#include "lq-compressor.h"
#include "lq-limiter.h"
#include "lq-loudness-meter.h"
#include "lq-match-eq.h"
#include "lq-parametric-eq.h"
#include "lq-signal-stats.h"
#include "lq-stereo-width.h"
#include "lq-true-peak.h"
#include "lq-waveform.h"

#define RATE 48000
#define MAX_BLOCK 64
#define N 20000

typedef enum { CUT_WHOLE, CUT_MAX_BLOCK, CUT_IRREGULAR, N_CUTS } Cut;

/* The next piece's length. */
static guint
piece (Cut cut, GRand *rand, guint left)
{
  guint len = cut == CUT_WHOLE ? left
              : cut == CUT_MAX_BLOCK ? MAX_BLOCK
              : (guint) g_rand_int_range (rand, 0, 3 * MAX_BLOCK);

  return MIN (len, left);
}

static void
make_input (float *l, float *r)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < N; i++)
    {
      double env = i % 4000 < 500 ? 1.5 : 0.3;

      l[i] = (float) (env * (0.5 * sin (0.031 * i) + 0.3 * g_rand_double_range (rand, -1, 1)));
      r[i] = (float) (env * (0.4 * sin (0.017 * i) + 0.3 * g_rand_double_range (rand, -1, 1)));
    }
}

/* ---- processors (in place) ---------------------------------------------- */

typedef enum
{
  P_CHAIN, P_PEQ, P_MATCH_EQ, P_COMPRESSOR, P_WIDTH, P_LIMITER, N_PROCESSORS
} Processor;

static const char *const processor_names[N_PROCESSORS] = {
  "chain", "parametric-eq", "match-eq", "compressor", "stereo-width", "limiter",
};

static void
run_processor (Processor p, Cut cut, float *l, float *r)
{
  static const double centres[] = { 100, 1000, 10000 };
  static const double mid[] = { 3, -2, 4 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (9);
  LqEqBand band = { true, LQ_EQ_BELL, 800.0, 6.0, 1.0, 12, LQ_EQ_MID };
  LqChainSettings s;
  LqChain *chain = NULL;
  LqParametricEq *peq = NULL;
  LqMatchEq *meq = NULL;
  LqCompressor *comp = NULL;
  LqStereoWidth *width = NULL;
  LqLimiter *lim = NULL;

  switch (p)
    {
    case P_CHAIN:
      chain = lq_chain_new (RATE, MAX_BLOCK);
      lq_chain_settings_init (&s);
      s.eq[0] = band;
      s.compressor.enabled = true;
      s.width_enabled = true;
      s.width = 1.5;
      s.limiter_enabled = true;
      g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
      break;
    case P_PEQ:
      peq = lq_parametric_eq_new (RATE, MAX_BLOCK);
      g_assert_cmpint (lq_parametric_eq_set_band (peq, 0, &band), ==, LQ_OK);
      break;
    case P_MATCH_EQ:
      meq = lq_match_eq_new (RATE, 2, MAX_BLOCK);
      g_assert_cmpint (lq_match_eq_set_curve (meq, centres, 3, mid, NULL, 1.0, 6.0), ==, LQ_OK);
      break;
    case P_COMPRESSOR:
      comp = lq_compressor_new (RATE, MAX_BLOCK);
      lq_compressor_set_threshold (comp, -24.0);
      break;
    case P_WIDTH:
      width = lq_stereo_width_new (RATE, MAX_BLOCK);
      lq_stereo_width_set_width (width, 1.8);
      lq_stereo_width_set_mono_below (width, 150.0);
      break;
    case P_LIMITER:
      lim = lq_limiter_new (RATE, 2, MAX_BLOCK);
      lq_limiter_set_ceiling_dbtp (lim, -3.0);
      break;
    case N_PROCESSORS:
    default:
      g_assert_not_reached ();
    }

  for (guint done = 0; done < N;)
    {
      guint len = piece (cut, rand, N - done);
      float *ch[2] = { l + done, r + done };

      switch (p)
        {
        case P_CHAIN: lq_chain_process (chain, ch, len); break;
        case P_PEQ: lq_parametric_eq_process (peq, ch, len); break;
        case P_MATCH_EQ: lq_match_eq_process (meq, ch, len); break;
        case P_COMPRESSOR: lq_compressor_process (comp, ch, len); break;
        case P_WIDTH: lq_stereo_width_process (width, ch, len); break;
        case P_LIMITER: lq_limiter_process (lim, ch, len); break;
        case N_PROCESSORS:
        default: g_assert_not_reached ();
        }
      done += len;
    }

  lq_chain_free (chain);
  lq_parametric_eq_free (peq);
  lq_match_eq_free (meq);
  lq_compressor_free (comp);
  lq_stereo_width_free (width);
  lq_limiter_free (lim);
}

static void
test_processor (gconstpointer data)
{
  Processor p = GPOINTER_TO_INT (data);
  g_autofree float *in_l = g_new (float, N), *in_r = g_new (float, N);
  g_autofree float *ref_l = g_new (float, N), *ref_r = g_new (float, N);
  g_autofree float *l = g_new (float, N), *r = g_new (float, N);
  gboolean changed = FALSE;

  make_input (in_l, in_r);
  memcpy (ref_l, in_l, N * sizeof (float));
  memcpy (ref_r, in_r, N * sizeof (float));
  run_processor (p, CUT_MAX_BLOCK, ref_l, ref_r);
  for (guint i = 0; i < N && !changed; i++)
    changed = ref_l[i] != in_l[i];
  g_assert_true (changed);      /* (it did something) */

  for (Cut cut = CUT_WHOLE; cut < N_CUTS; cut++)
    {
      memcpy (l, in_l, N * sizeof (float));
      memcpy (r, in_r, N * sizeof (float));
      run_processor (p, cut, l, r);
      g_assert_cmpmem (l, N * sizeof (float), ref_l, N * sizeof (float));
      g_assert_cmpmem (r, N * sizeof (float), ref_r, N * sizeof (float));
    }
}

/* ---- meters --------------------------------------------------------------- */

typedef struct
{
  float tp[2], tp_frames_max;
  double tp_frames_sum;
  LqLoudnessBlock blocks[64];
  guint n_blocks;
  LqSignalStatsResult stats;
  int8_t peaks[2 * 2 * 64];
  guint n_peaks;
} MeterReadings;

static void
run_meters (Cut cut, const float *l, const float *r, MeterReadings *m)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  LqTruePeak *tp = lq_true_peak_new (RATE, 2, MAX_BLOCK);
  LqTruePeak *tp_frames = lq_true_peak_new (RATE, 2, MAX_BLOCK);
  LqTruePeak *tp_max = lq_true_peak_new (RATE, 2, MAX_BLOCK);
  LqLoudnessMeter *meter = lq_loudness_meter_new (RATE, 2);
  LqSignalStats *stats = lq_signal_stats_new (2, 1.0f);
  LqWaveform *wave = lq_waveform_new (2, 512);
  g_autofree float *pk_l = g_new (float, N), *pk_r = g_new (float, N), *pk_max = g_new (float, N);

  memset (m, 0, sizeof *m);
  for (guint done = 0; done < N;)
    {
      guint len = piece (cut, rand, N - done);
      const float *ch[2] = { l + done, r + done };
      float *peaks[2] = { pk_l + done, pk_r + done };

      lq_true_peak_process (tp, ch, len, m->tp);
      lq_true_peak_process_frames (tp_frames, ch, len, peaks);
      lq_true_peak_process_frames_max (tp_max, ch, len, pk_max + done);
      m->n_blocks += lq_loudness_meter_process (meter, ch, len, m->blocks + m->n_blocks,
                                                G_N_ELEMENTS (m->blocks) - m->n_blocks);
      lq_signal_stats_process (stats, ch, len);
      m->n_peaks += lq_waveform_process (wave, ch, len, m->peaks + 4 * m->n_peaks);
      done += len;
    }
  for (guint i = 0; i < N; i++)
    {
      m->tp_frames_sum += (double) pk_l[i] + pk_r[i];
      m->tp_frames_max = MAX (m->tp_frames_max, pk_max[i]);
    }
  lq_signal_stats_get_result (stats, &m->stats);

  lq_true_peak_free (tp);
  lq_true_peak_free (tp_frames);
  lq_true_peak_free (tp_max);
  lq_loudness_meter_free (meter);
  lq_signal_stats_free (stats);
  lq_waveform_free (wave);
}

static void
test_meters (void)
{
  g_autofree float *l = g_new (float, N), *r = g_new (float, N);
  MeterReadings ref, got;

  make_input (l, r);
  run_meters (CUT_MAX_BLOCK, l, r, &ref);
  g_assert_cmpfloat (ref.tp[0], >, 1.0f);
  g_assert_cmpfloat (ref.tp_frames_max, >, 1.0f);
  g_assert_cmpuint (ref.n_blocks, ==, N / (RATE / 10));
  g_assert_cmpuint (ref.stats.frames, ==, N);
  g_assert_cmpuint (ref.n_peaks, ==, N / 512);

  for (Cut cut = CUT_WHOLE; cut < N_CUTS; cut++)
    {
      run_meters (cut, l, r, &got);
      g_assert_cmpfloat (got.tp[0], ==, ref.tp[0]);
      g_assert_cmpfloat (got.tp[1], ==, ref.tp[1]);
      g_assert_cmpfloat (got.tp_frames_sum, ==, ref.tp_frames_sum);
      g_assert_cmpfloat (got.tp_frames_max, ==, ref.tp_frames_max);
      g_assert_cmpuint (got.n_blocks, ==, ref.n_blocks);
      for (guint i = 0; i < ref.n_blocks; i++)
        {
          g_assert_cmpfloat (got.blocks[i].momentary, ==, ref.blocks[i].momentary);
          g_assert_cmpfloat (got.blocks[i].short_term, ==, ref.blocks[i].short_term);
        }
      g_assert_cmpuint (got.stats.frames, ==, ref.stats.frames);
      g_assert_cmpfloat (got.stats.sample_peak[0], ==, ref.stats.sample_peak[0]);
      g_assert_cmpfloat (got.stats.sample_peak[1], ==, ref.stats.sample_peak[1]);
      g_assert_cmpuint (got.stats.clipped_samples, ==, ref.stats.clipped_samples);
      g_assert_cmpfloat_with_epsilon (got.stats.dc_offset[0], ref.stats.dc_offset[0], 1e-12);
      g_assert_cmpfloat_with_epsilon (got.stats.correlation, ref.stats.correlation, 1e-12);
      g_assert_cmpuint (got.n_peaks, ==, ref.n_peaks);
      g_assert_cmpmem (got.peaks, 4 * got.n_peaks, ref.peaks, 4 * ref.n_peaks);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int p = 0; p < N_PROCESSORS; p++)
    {
      g_autofree char *path = g_strdup_printf ("/process-convention/%s", processor_names[p]);

      g_test_add_data_func (path, GINT_TO_POINTER (p), test_processor);
    }
  g_test_add_func ("/process-convention/meters", test_meters);
  return g_test_run ();
}
