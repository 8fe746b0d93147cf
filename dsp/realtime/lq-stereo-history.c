/* lq-stereo-history.c: input history and warm-up replay after bypass. */
#include "lq-stereo-history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

LqDspStatus
lq_stereo_history_init (LqStereoHistory *self,
                        double rate,
                        double ms,
                        uint32_t pass)
{
  uint32_t size = 1;

  memset (self, 0, sizeof *self);
  if (pass == 0 || pass > LQ_STEREO_HISTORY_MAX_PASS)
    return LQ_ERR_INVALID;
  self->warm = ((uint32_t) ceil (ms * 1e-3 * rate) + pass - 1) / pass * pass;
  while (size < self->warm)
    size <<= 1;
  self->ch[0] = malloc (size * sizeof (float));
  self->ch[1] = malloc (size * sizeof (float));
  self->mask = size - 1;
  if (self->ch[0] == NULL || self->ch[1] == NULL)
    return LQ_ERR_NOMEM;
  lq_stereo_history_reset (self);
  return LQ_OK;
}

void
lq_stereo_history_clear (LqStereoHistory *self)
{
  free (self->ch[0]);
  free (self->ch[1]);
  self->ch[0] = self->ch[1] = NULL;
}

void
lq_stereo_history_reset (LqStereoHistory *self)
{
  memset (self->ch[0], 0, (self->mask + 1) * sizeof (float));
  memset (self->ch[1], 0, (self->mask + 1) * sizeof (float));
  self->pos = 0;
  self->count = 0;
}

void
lq_stereo_history_push (LqStereoHistory *self,
                        const float *l,
                        const float *r,
                        uint32_t m)
{
  uint32_t pos = self->pos;
  uint32_t first = self->mask + 1 - pos < m ? self->mask + 1 - pos : m;

  memcpy (self->ch[0] + pos, l, first * sizeof (float));
  memcpy (self->ch[1] + pos, r, first * sizeof (float));
  memcpy (self->ch[0], l + first, (m - first) * sizeof (float));
  memcpy (self->ch[1], r + first, (m - first) * sizeof (float));
  self->pos = (pos + m) & self->mask;
  self->count = self->count + m < self->warm ? self->count + m : self->warm;
}

void
lq_stereo_history_replay (const LqStereoHistory *self,
                          uint32_t pass,
                          uint32_t *phase,
                          uint32_t split,
                          LqStereoHistoryPass func,
                          void *data)
{
  uint32_t count = self->count;
  uint32_t pos = (self->pos - count) & self->mask;
  uint32_t end_phase = *phase;

  *phase = (*phase + pass - count % pass) % pass;
  for (uint32_t done = 0; done < count;)
    {
      float l[LQ_STEREO_HISTORY_MAX_PASS], r[LQ_STEREO_HISTORY_MAX_PASS];
      uint32_t m = pass - *phase;

      if (m > count - done)
        m = count - done;
      if (done < split && done + m > split)
        m = split - done;
      for (uint32_t i = 0; i < m; i++)
        {
          l[i] = self->ch[0][(pos + i) & self->mask];
          r[i] = self->ch[1][(pos + i) & self->mask];
        }
      func (data, l, r, m, done);
      pos = (pos + m) & self->mask;
      done += m;
    }
  *phase = end_phase;           /* (already there: count frames later) */
}

void
lq_stereo_history_pass_dry (float *l,
                            float *r,
                            uint32_t m)
{
  for (uint32_t i = 0; i < m; i++)
    {
      l[i] = (float) lq_stereo_history_sanitize (l[i]);
      r[i] = (float) lq_stereo_history_sanitize (r[i]);
    }
}
