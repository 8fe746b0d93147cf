/* dsp-test-util.c: signal generators and meter drivers shared by the dsp tests. */
#include "dsp-test-util.h"

#include <math.h>

#include "lq-loudness-gate.h"

static uint64_t
segment_end (uint32_t rate, const DspTestSegment *segments, size_t last)
{
  double t = 0.0;

  /* Boundaries are rounded from the cumulative time, so that many short
   * segments do not drift. */
  for (size_t i = 0; i <= last; i++)
    t += segments[i].seconds;
  return (uint64_t) llround (t * rate);
}

void
dsp_test_tone_seq_init (DspTestToneSeq *gen,
                        uint32_t rate,
                        double freq,
                        const DspTestSegment *segments,
                        size_t n_segments)
{
  gen->rate = rate;
  gen->freq = freq;
  gen->segments = segments;
  gen->n_segments = n_segments;
  gen->pos = 0;
  gen->seg = 0;
  gen->seg_end = n_segments > 0 ? segment_end (rate, segments, 0) : 0;
}

uint64_t
dsp_test_tone_seq_length (uint32_t rate, const DspTestSegment *segments, size_t n_segments)
{
  return n_segments > 0 ? segment_end (rate, segments, n_segments - 1) : 0;
}

uint32_t
dsp_test_tone_seq_fill (gpointer data, float *const *ch, uint32_t channels, uint32_t n)
{
  DspTestToneSeq *gen = data;
  uint32_t done = 0;

  while (done < n && gen->seg < gen->n_segments)
    {
      const DspTestSegment *s = &gen->segments[gen->seg];
      double amp = isinf (s->dbfs) && s->dbfs < 0 ? 0.0 : pow (10.0, s->dbfs / 20.0);

      if (gen->pos >= gen->seg_end)
        {
          gen->seg++;
          if (gen->seg < gen->n_segments)
            gen->seg_end = segment_end (gen->rate, gen->segments, gen->seg);
          continue;
        }

      for (; done < n && gen->pos < gen->seg_end; done++, gen->pos++)
        {
          /* Phase from the absolute sample index, reduced exactly, so a long
           * signal keeps its frequency and continuity. */
          double cycles = fmod (gen->freq * (double) gen->pos, (double) gen->rate) / gen->rate;
          float v = (float) (amp * sin (2.0 * G_PI * cycles));

          for (uint32_t c = 0; c < channels; c++)
            ch[c][done] = v;
        }
    }

  return done;
}

GArray *
dsp_test_run_meter (uint32_t rate,
                    uint32_t channels,
                    DspTestFill fill,
                    gpointer data,
                    uint32_t chunk)
{
  LqLoudnessMeter *meter = lq_loudness_meter_new (rate, channels);
  GArray *all = g_array_new (FALSE, FALSE, sizeof (LqLoudnessBlock));
  float *buf[LQ_LOUDNESS_MAX_CHANNELS] = { NULL, };
  const float *in[LQ_LOUDNESS_MAX_CHANNELS] = { NULL, };
  uint32_t max_blocks;
  LqLoudnessBlock *blocks;

  g_assert_nonnull (meter);
  g_assert_cmpuint (channels, <=, LQ_LOUDNESS_MAX_CHANNELS);

  max_blocks = chunk / lq_loudness_meter_get_hop (meter) + 1;
  blocks = g_new0 (LqLoudnessBlock, max_blocks);
  for (uint32_t c = 0; c < channels; c++)
    {
      buf[c] = g_new0 (float, chunk);
      in[c] = buf[c];
    }

  for (;;)
    {
      uint32_t got = fill (data, buf, channels, chunk);
      uint32_t nb;

      if (got == 0)
        break;
      nb = lq_loudness_meter_process (meter, in, got, blocks, max_blocks);
      g_assert_cmpuint (nb, <=, max_blocks);
      g_array_append_vals (all, blocks, nb);
    }

  for (uint32_t c = 0; c < channels; c++)
    g_free (buf[c]);
  g_free (blocks);
  lq_loudness_meter_free (meter);
  return all;
}

GArray *
dsp_test_momentary_energies (GArray *blocks)
{
  GArray *e = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < blocks->len; i++)
    {
      const LqLoudnessBlock *b = &g_array_index (blocks, LqLoudnessBlock, i);

      if (b->momentary_valid)
        g_array_append_val (e, b->momentary);
    }
  return e;
}

GArray *
dsp_test_short_term_energies (GArray *blocks)
{
  GArray *e = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < blocks->len; i++)
    {
      const LqLoudnessBlock *b = &g_array_index (blocks, LqLoudnessBlock, i);

      if (b->short_term_valid)
        g_array_append_val (e, b->short_term);
    }
  return e;
}

double
dsp_test_integrated (GArray *blocks)
{
  g_autoptr (GArray) e = dsp_test_momentary_energies (blocks);
  LqEnergySpan span = { (const double *) e->data, e->len };

  return lq_loudness_gate_integrated (&span, 1);
}

double
dsp_test_gauss (GRand *rand)
{
  /* Box-Muller; 1 - u keeps the logarithm's argument above zero. */
  double u = 1.0 - g_rand_double (rand);
  double v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

double
dsp_test_db (double linear)
{
  return 20.0 * log10 (linear);
}

double
dsp_test_from_db (double db)
{
  return pow (10.0, db / 20.0);
}

gboolean
dsp_test_check (const char *label,
                double got,
                double expected,
                double below,
                double above)
{
  gboolean ok = got >= expected - below && got <= expected + above;

  g_test_message ("%s: got %.3f, expected %.3f (-%.2f/+%.2f): %s",
                  label, got, expected, below, above, ok ? "ok" : "FAIL");
  if (!ok)
    g_test_fail_printf ("%s: got %.4f, expected %.4f -%.2f/+%.2f (off by %+.4f)",
                        label, got, expected, below, above, got - expected);
  return ok;
}
