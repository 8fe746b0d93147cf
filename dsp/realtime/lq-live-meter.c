/* lq-live-meter.c: loudness, true peak, correlation and PLR of what is heard,
 * published to other threads through a seqlock (see lq-live-meter.h).
 *
 * Input is cut into pieces that never cross the 10 ms tick grid. The
 * loudness meter emits at most one block per piece (a tick is shorter than
 * its 100 ms hop); the true-peak detector raises the tick's peak; the
 * correlation sums accumulate per tick. At each tick's end the tick goes into
 * small fixed rings (10 ticks of peaks for the 100 ms current value, 30 ticks
 * of sums for the 300 ms correlation) and the hold moves.
 */
#include "lq-live-meter.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lq-loudness-meter.h"
#include "lq-true-peak.h"

#define TICK_PER_S 100
#define PEAK_TICKS 10           /* 100 ms */
#define CORR_TICKS 30           /* 300 ms */
#define GATE_ABS_LUFS (-70.0)
#define GATE_REL_LU 10.0
#define BINS_PER_LU 10
#define SNAPSHOT_WORDS ((sizeof (LqLiveMeterSnapshot) + 7) / 8)

struct _LqLiveMeter
{
  uint32_t rate;
  uint32_t channels;
  uint32_t tick;               /* frames per 10 ms */
  uint32_t hold_ticks;
  LqLoudnessMeter *loudness;
  LqTruePeak *true_peak;
  double gate_abs_energy;

  /* Audio-thread state, cleared by reset. */
  uint64_t frames;
  uint32_t tick_pos;
  float tick_peak[LQ_LIVE_METER_MAX_CHANNELS];
  float peak_ring[PEAK_TICKS][LQ_LIVE_METER_MAX_CHANNELS];
  uint32_t peak_index;
  float hold[LQ_LIVE_METER_MAX_CHANNELS];
  uint32_t hold_left[LQ_LIVE_METER_MAX_CHANNELS];
  float peak_max[LQ_LIVE_METER_MAX_CHANNELS];
  double tick_sums[3];         /* sum L*R, L*L, R*R over the current tick */
  double corr_ring[CORR_TICKS][3];
  uint32_t corr_index;
  double correlation;
  double momentary;
  double short_term;
  double integrated;
  uint64_t hist_total_count;
  double hist_total_energy;
  uint64_t hist_count[LQ_LIVE_METER_BINS];
  double hist_energy[LQ_LIVE_METER_BINS];
  uint64_t serial;

  atomic_bool reset_requested;
  atomic_uint seq;
  _Atomic uint64_t words[SNAPSHOT_WORDS];
};

static double
to_db (float linear)
{
  return linear > 0.0f ? 20.0 * log10 (linear) : -HUGE_VAL;
}

static void
publish (LqLiveMeter *self)
{
  LqLiveMeterSnapshot s;
  uint64_t buf[SNAPSHOT_WORDS] = { 0 };
  unsigned seq = atomic_load_explicit (&self->seq, memory_order_relaxed);
  double top = -HUGE_VAL;

  memset (&s, 0, sizeof s);
  s.serial = ++self->serial;
  s.frames = self->frames;
  s.momentary = self->momentary;
  s.short_term = self->short_term;
  s.integrated = self->integrated;
  for (uint32_t c = 0; c < LQ_LIVE_METER_MAX_CHANNELS; c++)
    {
      float cur = 0.0f;

      for (uint32_t t = 0; t < PEAK_TICKS; t++)
        cur = fmaxf (cur, self->peak_ring[t][c]);
      s.true_peak[c] = c < self->channels ? to_db (cur) : -HUGE_VAL;
      s.peak_hold[c] = c < self->channels ? to_db (self->hold[c]) : -HUGE_VAL;
      s.true_peak_max[c] = c < self->channels ? to_db (self->peak_max[c]) : -HUGE_VAL;
      if (s.true_peak_max[c] > top)
        top = s.true_peak_max[c];
    }
  s.correlation = self->correlation;
  if (isinf (self->integrated))
    s.plr = isinf (top) ? -HUGE_VAL : HUGE_VAL;
  else
    s.plr = top - self->integrated;

  memcpy (buf, &s, sizeof s);
  atomic_store_explicit (&self->seq, seq + 1, memory_order_relaxed);
  atomic_thread_fence (memory_order_release);
  for (size_t i = 0; i < SNAPSHOT_WORDS; i++)
    atomic_store_explicit (&self->words[i], buf[i], memory_order_relaxed);
  atomic_store_explicit (&self->seq, seq + 2, memory_order_release);
}

LqLiveMeter *
lq_live_meter_new (uint32_t sample_rate, uint32_t channels, uint32_t max_block)
{
  LqLiveMeter *self;

  (void) max_block;  /* pieces are at most one tick long */
  if (sample_rate < 8000 || sample_rate > 768000
      || channels == 0 || channels > LQ_LIVE_METER_MAX_CHANNELS)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->rate = sample_rate;
  self->channels = channels;
  self->tick = (sample_rate + TICK_PER_S / 2) / TICK_PER_S;
  self->hold_ticks = (uint32_t) (LQ_LIVE_METER_HOLD_S * TICK_PER_S + 0.5);
  self->gate_abs_energy = lq_loudness_to_energy (GATE_ABS_LUFS);
  self->loudness = lq_loudness_meter_new (sample_rate, channels);
  self->true_peak = lq_true_peak_new (sample_rate, channels, self->tick);
  if (self->loudness == NULL || self->true_peak == NULL)
    {
      lq_live_meter_free (self);
      return NULL;
    }
  atomic_init (&self->reset_requested, false);
  atomic_init (&self->seq, 0);
  for (size_t i = 0; i < SNAPSHOT_WORDS; i++)
    atomic_init (&self->words[i], 0);
  lq_live_meter_reset (self);
  return self;
}

void
lq_live_meter_free (LqLiveMeter *self)
{
  if (self == NULL)
    return;
  if (self->loudness != NULL)
    lq_loudness_meter_free (self->loudness);
  if (self->true_peak != NULL)
    lq_true_peak_free (self->true_peak);
  free (self);
}

void
lq_live_meter_reset (LqLiveMeter *self)
{
  lq_loudness_meter_reset (self->loudness);
  lq_true_peak_reset (self->true_peak);
  self->frames = 0;
  self->tick_pos = 0;
  memset (self->tick_peak, 0, sizeof self->tick_peak);
  memset (self->peak_ring, 0, sizeof self->peak_ring);
  self->peak_index = 0;
  memset (self->hold, 0, sizeof self->hold);
  memset (self->hold_left, 0, sizeof self->hold_left);
  memset (self->peak_max, 0, sizeof self->peak_max);
  memset (self->tick_sums, 0, sizeof self->tick_sums);
  memset (self->corr_ring, 0, sizeof self->corr_ring);
  self->corr_index = 0;
  self->correlation = self->channels == 1 ? 1.0 : 0.0;
  self->momentary = -HUGE_VAL;
  self->short_term = -HUGE_VAL;
  self->integrated = -HUGE_VAL;
  self->hist_total_count = 0;
  self->hist_total_energy = 0.0;
  memset (self->hist_count, 0, sizeof self->hist_count);
  memset (self->hist_energy, 0, sizeof self->hist_energy);
  publish (self);
}

void
lq_live_meter_request_reset (LqLiveMeter *self)
{
  atomic_store_explicit (&self->reset_requested, true, memory_order_release);
}

/* Integrated loudness ----------------------------------------------------- */

static uint32_t
bin_of (double lufs)
{
  double b = floor ((lufs - GATE_ABS_LUFS) * BINS_PER_LU);

  if (b < 0.0)
    return 0;
  if (b >= LQ_LIVE_METER_BINS - 1)
    return LQ_LIVE_METER_BINS - 1;
  return (uint32_t) b;
}

static void
add_gating_block (LqLiveMeter *self, double energy)
{
  uint32_t i;
  double rel, sum_e = 0.0;
  uint64_t sum_n = 0;

  if (!(energy >= self->gate_abs_energy))
    return;
  i = bin_of (lq_loudness_from_energy (energy));
  self->hist_count[i]++;
  self->hist_energy[i] += energy;
  self->hist_total_count++;
  self->hist_total_energy += energy;

  rel = lq_loudness_from_energy (self->hist_total_energy / (double) self->hist_total_count)
        - GATE_REL_LU;
  for (i = rel < GATE_ABS_LUFS ? 0 : bin_of (rel); i < LQ_LIVE_METER_BINS; i++)
    {
      sum_n += self->hist_count[i];
      sum_e += self->hist_energy[i];
    }
  self->integrated = sum_n > 0 ? lq_loudness_from_energy (sum_e / (double) sum_n) : -HUGE_VAL;
}

/* Ticks -------------------------------------------------------------------- */

static void
end_tick (LqLiveMeter *self)
{
  double lr = 0.0, ll = 0.0, rr = 0.0;

  for (uint32_t c = 0; c < self->channels; c++)
    {
      float peak = self->tick_peak[c];
      float cur = peak;

      self->peak_ring[self->peak_index][c] = peak;
      for (uint32_t t = 0; t < PEAK_TICKS; t++)
        cur = fmaxf (cur, self->peak_ring[t][c]);
      self->peak_max[c] = fmaxf (self->peak_max[c], peak);
      if (cur >= self->hold[c])
        {
          self->hold[c] = cur;
          self->hold_left[c] = self->hold_ticks;
        }
      else if (self->hold_left[c] > 0)
        self->hold_left[c]--;
      else
        self->hold[c] = cur;
      self->tick_peak[c] = 0.0f;
    }
  self->peak_index = (self->peak_index + 1) % PEAK_TICKS;

  if (self->channels == 2)
    {
      memcpy (self->corr_ring[self->corr_index], self->tick_sums, sizeof self->tick_sums);
      self->corr_index = (self->corr_index + 1) % CORR_TICKS;
      for (uint32_t t = 0; t < CORR_TICKS; t++)
        {
          lr += self->corr_ring[t][0];
          ll += self->corr_ring[t][1];
          rr += self->corr_ring[t][2];
        }
      if (ll > 1e-20 && rr > 1e-20)
        {
          double r = lr / sqrt (ll * rr);

          self->correlation = r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
        }
      else
        self->correlation = 0.0;
      memset (self->tick_sums, 0, sizeof self->tick_sums);
    }
}

static void
process_piece (LqLiveMeter *self, const float *const *ch, uint32_t n)
{
  LqLoudnessBlock blocks[2];
  uint32_t n_blocks = lq_loudness_meter_process (self->loudness, ch, n, blocks, 2);

  for (uint32_t b = 0; b < n_blocks; b++)
    {
      if (blocks[b].momentary_valid)
        {
          self->momentary = lq_loudness_from_energy (blocks[b].momentary);
          add_gating_block (self, blocks[b].momentary);
        }
      if (blocks[b].short_term_valid)
        self->short_term = lq_loudness_from_energy (blocks[b].short_term);
    }

  lq_true_peak_process (self->true_peak, ch, n, self->tick_peak);

  if (self->channels == 2)
    {
      const float *l = ch[0], *r = ch[1];
      double lr = 0.0, ll = 0.0, rr = 0.0;

      for (uint32_t i = 0; i < n; i++)
        {
          double a = l[i], b = r[i];

          lr += a * b;
          ll += a * a;
          rr += b * b;
        }
      self->tick_sums[0] += lr;
      self->tick_sums[1] += ll;
      self->tick_sums[2] += rr;
    }

  self->frames += n;
  self->tick_pos += n;
  if (self->tick_pos == self->tick)
    {
      self->tick_pos = 0;
      end_tick (self);
    }
}

void
lq_live_meter_process (LqLiveMeter *self,
                       const float *const *channels,
                       uint32_t n)
{
  uint32_t done = 0;

  if (atomic_exchange_explicit (&self->reset_requested, false, memory_order_acq_rel))
    lq_live_meter_reset (self);

  while (done < n)
    {
      const float *piece[LQ_LIVE_METER_MAX_CHANNELS];
      uint32_t len = self->tick - self->tick_pos;

      if (len > n - done)
        len = n - done;
      for (uint32_t c = 0; c < self->channels; c++)
        piece[c] = channels[c] + done;
      process_piece (self, piece, len);
      done += len;
    }
  publish (self);
}

void
lq_live_meter_read (const LqLiveMeter *self, LqLiveMeterSnapshot *snapshot)
{
  LqLiveMeter *mut = (LqLiveMeter *) self;
  uint64_t buf[SNAPSHOT_WORDS];

  for (;;)
    {
      unsigned s1 = atomic_load_explicit (&mut->seq, memory_order_acquire);
      unsigned s2;

      if (s1 & 1)
        continue;
      for (size_t i = 0; i < SNAPSHOT_WORDS; i++)
        buf[i] = atomic_load_explicit (&mut->words[i], memory_order_relaxed);
      atomic_thread_fence (memory_order_acquire);
      s2 = atomic_load_explicit (&mut->seq, memory_order_relaxed);
      if (s1 == s2)
        break;
    }
  memcpy (snapshot, buf, sizeof *snapshot);
}
