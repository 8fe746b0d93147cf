/* lq-ring-buffer.c: SPSC ring of planar frames (see lq-ring-buffer.h).
 *
 * Layout: one allocation holds the struct and the channels' storage. The
 * producer's and the consumer's fields sit on separate cache lines so the two
 * threads do not invalidate each other's line on every call. The counters are
 * size_t and wrap; differences are taken modulo 2^N, which is exact because
 * the capacity is a power of two far below SIZE_MAX.
 */
#include "lq-ring-buffer.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_LINE 64
#define MAX_CAPACITY (1u << 30)

struct _LqRingBuffer
{
  /* Set at creation, read-only after. */
  uint32_t channels;
  uint32_t capacity;
  size_t mask;
  float *data[LQ_RING_BUFFER_MAX_CHANNELS];

  /* Written by the producer. */
  alignas (CACHE_LINE) atomic_size_t write_pos;
  atomic_size_t flush_start;  /* write position at the last acknowledgement */
  atomic_uint flush_ack;      /* the request count acknowledged */

  /* Written by the consumer. */
  alignas (CACHE_LINE) atomic_size_t read_pos;
  atomic_uint flush_request;  /* incremented by each request */
  unsigned flush_applied;     /* consumer-only: the ack it has applied */
};

LqRingBuffer *
lq_ring_buffer_new (uint32_t channels, uint32_t min_capacity)
{
  LqRingBuffer *self;
  uint32_t capacity = 1;
  size_t head, total;
  char *mem;

  if (channels == 0 || channels > LQ_RING_BUFFER_MAX_CHANNELS
      || min_capacity == 0 || min_capacity > MAX_CAPACITY)
    return NULL;
  while (capacity < min_capacity)
    capacity <<= 1;

  head = (sizeof *self + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
  total = head + (size_t) channels * capacity * sizeof (float);
  total = (total + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE;
  mem = aligned_alloc (CACHE_LINE, total);
  if (mem == NULL)
    return NULL;
  memset (mem, 0, total);

  self = (LqRingBuffer *) mem;
  self->channels = channels;
  self->capacity = capacity;
  self->mask = capacity - 1;
  for (uint32_t c = 0; c < channels; c++)
    self->data[c] = (float *) (mem + head) + (size_t) c * capacity;
  atomic_init (&self->write_pos, 0);
  atomic_init (&self->flush_start, 0);
  atomic_init (&self->flush_ack, 0);
  atomic_init (&self->read_pos, 0);
  atomic_init (&self->flush_request, 0);
  self->flush_applied = 0;
  return self;
}

void
lq_ring_buffer_free (LqRingBuffer *self)
{
  free (self);
}

uint32_t
lq_ring_buffer_get_channels (const LqRingBuffer *self)
{
  return self->channels;
}

uint32_t
lq_ring_buffer_get_capacity (const LqRingBuffer *self)
{
  return self->capacity;
}

/* Producer ---------------------------------------------------------------- */

uint32_t
lq_ring_buffer_write_space (const LqRingBuffer *self)
{
  size_t w = atomic_load_explicit (&self->write_pos, memory_order_relaxed);
  size_t r = atomic_load_explicit (&((LqRingBuffer *) self)->read_pos, memory_order_acquire);

  return self->capacity - (uint32_t) (w - r);
}

uint32_t
lq_ring_buffer_write (LqRingBuffer *self,
                      const float *const *channels,
                      uint32_t n)
{
  size_t w = atomic_load_explicit (&self->write_pos, memory_order_relaxed);
  size_t r = atomic_load_explicit (&self->read_pos, memory_order_acquire);
  uint32_t space = self->capacity - (uint32_t) (w - r);
  uint32_t start, first;

  if (n > space)
    n = space;
  if (n == 0)
    return 0;

  start = (uint32_t) (w & self->mask);
  first = self->capacity - start;
  if (first > n)
    first = n;
  for (uint32_t c = 0; c < self->channels; c++)
    {
      memcpy (self->data[c] + start, channels[c], first * sizeof (float));
      memcpy (self->data[c], channels[c] + first, (n - first) * sizeof (float));
    }
  atomic_store_explicit (&self->write_pos, w + n, memory_order_release);
  return n;
}

bool
lq_ring_buffer_take_flush (LqRingBuffer *self)
{
  unsigned req = atomic_load_explicit (&self->flush_request, memory_order_acquire);
  unsigned ack = atomic_load_explicit (&self->flush_ack, memory_order_relaxed);

  if (req == ack)
    return false;
  atomic_store_explicit (&self->flush_start,
                         atomic_load_explicit (&self->write_pos, memory_order_relaxed),
                         memory_order_relaxed);
  atomic_store_explicit (&self->flush_ack, req, memory_order_release);
  return true;
}

/* Consumer ---------------------------------------------------------------- */

/* Applies or continues a pending flush. Returns false while the producer has
 * not answered (everything written so far has been discarded). */
static bool
settle_flush (LqRingBuffer *self)
{
  unsigned req = atomic_load_explicit (&self->flush_request, memory_order_relaxed);
  /* The write position first: if it includes data written after the
   * acknowledgement, the acquire makes that acknowledgement visible below. */
  size_t w = atomic_load_explicit (&self->write_pos, memory_order_acquire);
  unsigned ack = atomic_load_explicit (&self->flush_ack, memory_order_acquire);

  if (ack != req)
    {
      atomic_store_explicit (&self->read_pos, w, memory_order_release);
      return false;
    }
  if (self->flush_applied != ack)
    {
      size_t start = atomic_load_explicit (&self->flush_start, memory_order_relaxed);

      atomic_store_explicit (&self->read_pos, start, memory_order_release);
      self->flush_applied = ack;
    }
  return true;
}

uint32_t
lq_ring_buffer_read_space (LqRingBuffer *self)
{
  size_t r, w;

  if (!settle_flush (self))
    return 0;
  r = atomic_load_explicit (&self->read_pos, memory_order_relaxed);
  w = atomic_load_explicit (&self->write_pos, memory_order_acquire);
  return (uint32_t) (w - r);
}

uint32_t
lq_ring_buffer_read (LqRingBuffer *self,
                     float *const *channels,
                     uint32_t n)
{
  size_t r, w;
  uint32_t avail, start, first;

  if (!settle_flush (self))
    return 0;
  r = atomic_load_explicit (&self->read_pos, memory_order_relaxed);
  w = atomic_load_explicit (&self->write_pos, memory_order_acquire);
  avail = (uint32_t) (w - r);
  if (n > avail)
    n = avail;
  if (n == 0)
    return 0;

  start = (uint32_t) (r & self->mask);
  first = self->capacity - start;
  if (first > n)
    first = n;
  for (uint32_t c = 0; c < self->channels; c++)
    {
      memcpy (channels[c], self->data[c] + start, first * sizeof (float));
      memcpy (channels[c] + first, self->data[c], (n - first) * sizeof (float));
    }
  atomic_store_explicit (&self->read_pos, r + n, memory_order_release);
  return n;
}

void
lq_ring_buffer_request_flush (LqRingBuffer *self)
{
  atomic_fetch_add_explicit (&self->flush_request, 1, memory_order_release);
}

bool
lq_ring_buffer_is_flushing (const LqRingBuffer *self)
{
  LqRingBuffer *mut = (LqRingBuffer *) self;

  return atomic_load_explicit (&mut->flush_request, memory_order_relaxed)
         != atomic_load_explicit (&mut->flush_ack, memory_order_acquire);
}
