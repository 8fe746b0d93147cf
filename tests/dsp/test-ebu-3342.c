/* test-ebu-3342.c: the minimum-requirements test signals of EBU Tech 3342
 * ("Loudness Range: A measure to supplement EBU R 128 loudness
 * normalization", November 2023, Table 1), synthesized from their published
 * definitions and measured with the meter's short-term blocks and
 * lq_loudness_gate_range(). Tolerance: the standard's +/-1 LU.
 *
 * Tech 3342 also says the expected LRA is unchanged when the signal is
 * repeated one or more times; every case is checked once and twice over.
 */
#include <glib.h>
#include <math.h>

#include "dsp-test-util.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"

#define TONE_HZ 1000.0
#define LRA_TOL 1.0
#define CHUNK 4096
#define MAX_SEGS 5

typedef struct
{
  int number;
  uint32_t rate;
} Case;

/* Stereo 1 kHz tones, 20 s each, at these per-channel peak levels (dBFS). */
static const struct
{
  int number;
  size_t n;
  double levels[MAX_SEGS];
  double lra;
} defs[] = {
  { 1, 2, { -20.0, -30.0 }, 10.0 },
  { 2, 2, { -20.0, -15.0 }, 5.0 },
  { 3, 2, { -40.0, -20.0 }, 20.0 },
  { 4, 5, { -50.0, -35.0, -20.0, -35.0, -50.0 }, 15.0 },
};

static double
measure_lra (uint32_t rate, const DspTestSegment *segs, size_t n)
{
  DspTestToneSeq gen;
  g_autoptr (GArray) blocks = NULL;
  g_autoptr (GArray) st = NULL;
  LqEnergySpan span;
  double lra = NAN;

  dsp_test_tone_seq_init (&gen, rate, TONE_HZ, segs, n);
  blocks = dsp_test_run_meter (rate, 2, dsp_test_tone_seq_fill, &gen, CHUNK);
  st = dsp_test_short_term_energies (blocks);
  span = (LqEnergySpan) { (const double *) st->data, st->len };
  g_assert_cmpint (lq_loudness_gate_range (&span, 1, &lra), ==, LQ_OK);
  return lra;
}

static void
test_case (gconstpointer data)
{
  const Case *tc = data;
  DspTestSegment segs[2 * MAX_SEGS];
  size_t n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (defs); i++)
    {
      if (defs[i].number != tc->number)
        continue;

      for (guint rep = 1; rep <= 2; rep++)
        {
          g_autofree char *label = g_strdup_printf ("3342 #%d @%u%s, LRA", tc->number,
                                                    tc->rate, rep == 2 ? " repeated" : "");

          n = 0;
          for (guint r = 0; r < rep; r++)
            for (size_t k = 0; k < defs[i].n; k++)
              segs[n++] = (DspTestSegment) { 20.0, defs[i].levels[k] };
          dsp_test_check (label, measure_lra (tc->rate, segs, n), defs[i].lra, LRA_TOL, LRA_TOL);
        }
      return;
    }
  g_assert_not_reached ();
}

static void
test_skip (gconstpointer data)
{
  const Case *tc = data;

  if (tc->number == 5)
    g_test_skip ("authentic programme 1 (seq-3341-7_seq-3342-5, narrow loudness range, "
                 "a film excerpt) is a recording, not a synthesizable signal, and is not shipped");
  else
    g_test_skip ("authentic programme 2 (seq-3341-2011-8_seq-3342-6, wide loudness range, "
                 "a film excerpt) is a recording, not a synthesizable signal, and is not shipped");
}

int
main (int argc, char **argv)
{
  static const uint32_t rates[] = { 48000, 44100 };
  static Case cases[2][7];

  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    for (int n = 1; n <= 6; n++)
      {
        Case *tc = &cases[r][n];
        g_autofree char *path = g_strdup_printf ("/ebu-3342/%u/case-%d", rates[r], n);

        tc->number = n;
        tc->rate = rates[r];
        g_test_add_data_func (path, tc, n <= 4 ? test_case : test_skip);
      }

  return g_test_run ();
}
