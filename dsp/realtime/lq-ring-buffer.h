/* lq-ring-buffer.h: single-producer single-consumer lock-free ring of planar
 * float frames, for the playback engine's reader thread (producer: it
 * decodes ahead) and the audio callback (consumer).
 *
 * The capacity is fixed at creation and rounded up to a power of two. The
 * positions are free-running counters: the producer alone advances the write
 * position, the consumer alone the read position, each publishing its own
 * with a release store and reading the other's with an acquire load, so the
 * frames a side sees as written (read) are complete.
 *
 * Flush (for seeks), safe against a producer that keeps writing:
 *  1. The consumer calls lq_ring_buffer_request_flush(). From then on its
 *     reads return 0 frames and discard whatever the producer writes.
 *  2. The producer calls lq_ring_buffer_take_flush() before it writes each
 *     chunk. When a flush was requested since its last call it returns true:
 *     the producer then drops its decoded chunk and repositions its decoder.
 *     The call records the current write position as the start of the new
 *     data and acknowledges the request (release).
 *  3. The consumer's next read sees the acknowledgement (acquire), moves its
 *     read position to the recorded start and reads only the new data.
 * Requests made before the producer answers are merged into one. The
 * consumer reads the write position before the acknowledgement, so a
 * discard never skips data written after it.
 *
 * Realtime-safe on both sides: write, read, the space queries, the flush
 * calls never allocate, lock or make a system call.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_RING_BUFFER_MAX_CHANNELS 8

typedef struct _LqRingBuffer LqRingBuffer;

/* Holds at least @min_capacity frames of @channels channels (1 to
 * LQ_RING_BUFFER_MAX_CHANNELS); NULL when out of memory or invalid. */
LqRingBuffer *lq_ring_buffer_new (uint32_t channels, uint32_t min_capacity);
void lq_ring_buffer_free (LqRingBuffer *self);

uint32_t lq_ring_buffer_get_channels (const LqRingBuffer *self);
/* The capacity in frames (a power of two). */
uint32_t lq_ring_buffer_get_capacity (const LqRingBuffer *self);

/* Producer side. */

/* Frames that can be written now. */
uint32_t lq_ring_buffer_write_space (const LqRingBuffer *self);
/* Copies up to @n frames from @channels; returns how many were written. */
uint32_t lq_ring_buffer_write (LqRingBuffer *self,
                               const float *const *channels,
                               uint32_t n);
/* True once per flush request (see above): drop what was decoded and seek. */
bool lq_ring_buffer_take_flush (LqRingBuffer *self);

/* Consumer side. */

/* Frames that can be read now (0 while a flush is pending). */
uint32_t lq_ring_buffer_read_space (LqRingBuffer *self);
/* Copies up to @n frames to @channels; returns how many were read. */
uint32_t lq_ring_buffer_read (LqRingBuffer *self,
                              float *const *channels,
                              uint32_t n);
/* Discards everything up to the producer's next take_flush(). */
void lq_ring_buffer_request_flush (LqRingBuffer *self);
/* Whether a flush was requested and the producer has not answered yet. */
bool lq_ring_buffer_is_flushing (const LqRingBuffer *self);
