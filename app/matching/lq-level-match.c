/* lq-level-match.c */
#include "config.h"

#include "lq-level-match.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"

static const char *const mode_names[] = {
  [LQ_LEVEL_MATCH_OFF] = "off",
  [LQ_LEVEL_MATCH_INTEGRATED] = "integrated",
  [LQ_LEVEL_MATCH_LOUDEST] = "loudest",
  [LQ_LEVEL_MATCH_LOOP] = "loop",
};

gboolean
lq_level_match_mode_from_string (const char       *name,
                                 LqLevelMatchMode *mode)
{
  g_return_val_if_fail (mode != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (mode_names); i++)
    if (g_str_equal (name, mode_names[i]))
      {
        *mode = (LqLevelMatchMode) i;
        return TRUE;
      }
  return FALSE;
}

const char *
lq_level_match_mode_to_string (LqLevelMatchMode mode)
{
  g_return_val_if_fail ((guint) mode < G_N_ELEMENTS (mode_names), NULL);

  return mode_names[mode];
}

const char *
lq_level_match_note_describe (LqLevelMatchNote note)
{
  switch (note)
    {
    case LQ_LEVEL_MATCH_NOTE_NONE:
      return NULL;
    case LQ_LEVEL_MATCH_NOTE_NO_DATA:
      return _("not analysed yet");
    case LQ_LEVEL_MATCH_NOTE_SILENT:
      return _("too quiet to measure");
    case LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT:
      return _("the loop is shorter than 0.4 s");
    case LQ_LEVEL_MATCH_NOTE_SHORT:
      return _("shorter than 3 s: matched on its loudest 0.4 s");
    case LQ_LEVEL_MATCH_NOTE_TARGET_UNKNOWN:
      return _("the master's loudness cannot be measured");
    case LQ_LEVEL_MATCH_NOTE_CLAMPED:
      return _("limited to 24 dB");
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
has_blocks (const GArray *a)
{
  return a != NULL && a->len > 0;
}

static double
integrated (const GArray *momentary,
            gsize first,
            gsize n)
{
  LqEnergySpan span = { (const double *) momentary->data + first, n };

  return lq_loudness_gate_integrated (&span, 1);
}

static double
max_lufs (const GArray *energies)
{
  double max = 0.0;

  for (guint i = 0; i < energies->len; i++)
    max = MAX (max, g_array_index (energies, double, i));
  return lq_loudness_from_energy (max);
}

/* The statistic of the energies alone, without the known loudness. */
static double
raw_statistic (const LqLevelMatchSource *source,
               LqLevelMatchMode mode,
               double loop_start_s,
               double loop_end_s,
               LqLevelMatchNote *note)
{
  switch (mode)
    {
    case LQ_LEVEL_MATCH_INTEGRATED:
      return integrated (source->momentary, 0, source->momentary->len);

    case LQ_LEVEL_MATCH_LOUDEST:
      if (has_blocks (source->short_term))
        return max_lufs (source->short_term);
      *note = LQ_LEVEL_MATCH_NOTE_SHORT;
      return max_lufs (source->momentary);

    case LQ_LEVEL_MATCH_LOOP:
      {
        /* Block i covers [i hop, i hop + 400 ms): the blocks wholly inside. */
        double first = ceil (MAX (loop_start_s, 0.0) / LQ_LEVEL_MATCH_HOP_S - 1e-9);
        double last = floor ((loop_end_s - LQ_LEVEL_MATCH_MOMENTARY_S) / LQ_LEVEL_MATCH_HOP_S + 1e-9);

        if (!(loop_end_s > loop_start_s) || !isfinite (first) || !isfinite (last) || last < first
            || first >= source->momentary->len)
          {
            *note = LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT;
            return -HUGE_VAL;
          }
        last = MIN (last, (double) source->momentary->len - 1);
        return integrated (source->momentary, (gsize) first, (gsize) (last - first) + 1);
      }

    case LQ_LEVEL_MATCH_OFF:
    default:
      return NAN;
    }
}

double
lq_level_match_statistic (const LqLevelMatchSource *source,
                          LqLevelMatchMode mode,
                          double loop_start_s,
                          double loop_end_s,
                          LqLevelMatchNote *note)
{
  LqLevelMatchNote dummy;
  double value, shift = 0.0;

  g_return_val_if_fail (source != NULL, NAN);

  if (note == NULL)
    note = &dummy;
  *note = LQ_LEVEL_MATCH_NOTE_NONE;
  if (mode == LQ_LEVEL_MATCH_OFF)
    return NAN;

  if (!has_blocks (source->momentary))
    {
      /* Only a known loudness: it answers INTEGRATED, nothing else. */
      if (mode == LQ_LEVEL_MATCH_INTEGRATED && isfinite (source->known_lufs))
        return source->known_lufs;
      *note = LQ_LEVEL_MATCH_NOTE_NO_DATA;
      return -HUGE_VAL;
    }

  if (isfinite (source->known_lufs))
    {
      double own = integrated (source->momentary, 0, source->momentary->len);

      if (mode == LQ_LEVEL_MATCH_INTEGRATED)
        return source->known_lufs;
      if (isfinite (own))
        shift = source->known_lufs - own;
    }

  value = raw_statistic (source, mode, loop_start_s, loop_end_s, note);
  if (!isfinite (value))
    {
      if (*note == LQ_LEVEL_MATCH_NOTE_NONE || *note == LQ_LEVEL_MATCH_NOTE_SHORT)
        *note = LQ_LEVEL_MATCH_NOTE_SILENT;
      return -HUGE_VAL;
    }
  return value + shift;
}

void
lq_level_match_compute (const LqLevelMatchSource *sources,
                        guint n_sources,
                        guint matched_to,
                        LqLevelMatchMode mode,
                        double loop_start_s,
                        double loop_end_s,
                        LqLevelMatchResult *results)
{
  double target;

  g_return_if_fail (sources != NULL || n_sources == 0);
  g_return_if_fail (results != NULL || n_sources == 0);
  g_return_if_fail (n_sources == 0 || matched_to < n_sources);

  for (guint i = 0; i < n_sources; i++)
    {
      results[i].statistic_lufs = lq_level_match_statistic (&sources[i], mode, loop_start_s,
                                                            loop_end_s, &results[i].note);
      results[i].gain_db = 0.0;
    }
  if (mode == LQ_LEVEL_MATCH_OFF || n_sources == 0)
    return;

  target = results[matched_to].statistic_lufs;
  for (guint i = 0; i < n_sources; i++)
    {
      double gain;

      if (i == matched_to || !isfinite (results[i].statistic_lufs))
        continue;
      if (!isfinite (target))
        {
          if (results[i].note == LQ_LEVEL_MATCH_NOTE_NONE)
            results[i].note = LQ_LEVEL_MATCH_NOTE_TARGET_UNKNOWN;
          continue;
        }
      gain = target - results[i].statistic_lufs;
      if (fabs (gain) > LQ_LEVEL_MATCH_MAX_GAIN_DB)
        {
          gain = copysign (LQ_LEVEL_MATCH_MAX_GAIN_DB, gain);
          results[i].note = LQ_LEVEL_MATCH_NOTE_CLAMPED;
        }
      results[i].gain_db = gain;
    }
}
