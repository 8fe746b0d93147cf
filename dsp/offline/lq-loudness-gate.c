/* lq-loudness-gate.c: BS.1770-4 gating and EBU Tech 3342 loudness range. */
#include "lq-loudness-gate.h"

#include <math.h>
#include <stdlib.h>

#include "lq-loudness-meter.h"

#define ABSOLUTE_GATE_LUFS (-70.0)
#define RELATIVE_GATE_INTEGRATED_LU (-10.0)
#define RELATIVE_GATE_RANGE_LU (-20.0)

/* Mean energy of the blocks above @threshold (an energy); 0 if none. */
static double
mean_above (const LqEnergySpan *spans,
            size_t n_spans,
            double threshold,
            size_t *count)
{
  double sum = 0.0;
  size_t k = 0;

  for (size_t s = 0; s < n_spans; s++)
    for (size_t i = 0; i < spans[s].n; i++)
      {
        double e = spans[s].energies[i];

        if (e > threshold)
          {
            sum += e;
            k++;
          }
      }

  if (count != NULL)
    *count = k;

  return k > 0 ? sum / (double) k : 0.0;
}

double
lq_loudness_gate_integrated (const LqEnergySpan *spans,
                             size_t n_spans)
{
  double absolute = lq_loudness_to_energy (ABSOLUTE_GATE_LUFS);
  double relative;
  double mean;
  size_t count;

  mean = mean_above (spans, n_spans, absolute, &count);
  if (count == 0)
    return -HUGE_VAL;

  relative = mean * pow (10.0, RELATIVE_GATE_INTEGRATED_LU / 10.0);
  mean = mean_above (spans, n_spans, relative > absolute ? relative : absolute, &count);
  if (count == 0)
    return -HUGE_VAL;

  return lq_loudness_from_energy (mean);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

LqDspStatus
lq_loudness_gate_range (const LqEnergySpan *spans,
                        size_t n_spans,
                        double *lra)
{
  double absolute = lq_loudness_to_energy (ABSOLUTE_GATE_LUFS);
  double relative;
  double mean;
  double *kept;
  size_t count;
  size_t k = 0;
  size_t lo, hi;

  mean = mean_above (spans, n_spans, absolute, &count);
  if (count == 0)
    return LQ_ERR_INVALID;

  relative = mean * pow (10.0, RELATIVE_GATE_RANGE_LU / 10.0);
  if (relative < absolute)
    relative = absolute;

  kept = malloc (count * sizeof *kept);
  if (kept == NULL)
    return LQ_ERR_NOMEM;

  for (size_t s = 0; s < n_spans; s++)
    for (size_t i = 0; i < spans[s].n; i++)
      if (spans[s].energies[i] > relative)
        kept[k++] = spans[s].energies[i];

  if (k == 0)
    {
      free (kept);
      return LQ_ERR_INVALID;
    }

  /* Energies sort like their loudness. Percentiles by nearest rank. */
  qsort (kept, k, sizeof *kept, compare_double);
  lo = (size_t) round ((double) (k - 1) * 0.10);
  hi = (size_t) round ((double) (k - 1) * 0.95);
  *lra = lq_loudness_from_energy (kept[hi]) - lq_loudness_from_energy (kept[lo]);
  free (kept);

  return LQ_OK;
}
