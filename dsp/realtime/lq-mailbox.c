/* lq-mailbox.c: newest-value pointer mailbox with a retire queue (see
 * lq-mailbox.h for the protocol).
 */
#include "lq-mailbox.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#define CACHE_LINE 64
#define SLOT_MASK (LQ_MAILBOX_RETIRE_SLOTS - 1)

_Static_assert ((LQ_MAILBOX_RETIRE_SLOTS & SLOT_MASK) == 0,
                "LQ_MAILBOX_RETIRE_SLOTS must be a power of two");

struct _LqMailbox
{
  LqMailboxDestroy destroy;

  alignas (CACHE_LINE) _Atomic (void *) pending;

  /* Reader-owned. */
  alignas (CACHE_LINE) void *current;
  atomic_uint retire_tail;    /* advanced by the reader */

  /* Writer-owned. */
  alignas (CACHE_LINE) atomic_uint retire_head;  /* advanced by the writer */
  _Atomic (void *) retired[LQ_MAILBOX_RETIRE_SLOTS];
};

static void
destroy_object (LqMailbox *self, void *object)
{
  if (object != NULL && self->destroy != NULL)
    self->destroy (object);
}

LqMailbox *
lq_mailbox_new (void *initial, LqMailboxDestroy destroy)
{
  LqMailbox *self = aligned_alloc (CACHE_LINE,
                                   (sizeof *self + CACHE_LINE - 1) / CACHE_LINE * CACHE_LINE);

  if (self == NULL)
    return NULL;
  self->destroy = destroy;
  atomic_init (&self->pending, NULL);
  self->current = initial;
  atomic_init (&self->retire_tail, 0);
  atomic_init (&self->retire_head, 0);
  for (uint32_t i = 0; i < LQ_MAILBOX_RETIRE_SLOTS; i++)
    atomic_init (&self->retired[i], NULL);
  return self;
}

void
lq_mailbox_free (LqMailbox *self)
{
  if (self == NULL)
    return;
  lq_mailbox_collect (self);
  destroy_object (self, atomic_load (&self->pending));
  destroy_object (self, self->current);
  free (self);
}

/* Writer ------------------------------------------------------------------ */

uint32_t
lq_mailbox_collect (LqMailbox *self)
{
  unsigned head = atomic_load_explicit (&self->retire_head, memory_order_relaxed);
  unsigned tail = atomic_load_explicit (&self->retire_tail, memory_order_acquire);
  uint32_t n = 0;

  while (head != tail)
    {
      void *object = atomic_load_explicit (&self->retired[head & SLOT_MASK],
                                           memory_order_relaxed);

      destroy_object (self, object);
      head++;
      n++;
      atomic_store_explicit (&self->retire_head, head, memory_order_release);
    }
  return n;
}

void
lq_mailbox_publish (LqMailbox *self, void *object)
{
  void *displaced = atomic_exchange_explicit (&self->pending, object, memory_order_acq_rel);

  /* Never seen by the reader: it can no longer reach it. */
  destroy_object (self, displaced);
  lq_mailbox_collect (self);
}

/* Reader ------------------------------------------------------------------ */

void *
lq_mailbox_pickup (LqMailbox *self)
{
  unsigned tail = atomic_load_explicit (&self->retire_tail, memory_order_relaxed);
  unsigned head = atomic_load_explicit (&self->retire_head, memory_order_acquire);
  void *fresh;

  if (atomic_load_explicit (&self->pending, memory_order_relaxed) == NULL)
    return self->current;
  /* No room to retire the current object: keep it for now. */
  if (self->current != NULL && tail - head >= LQ_MAILBOX_RETIRE_SLOTS)
    return self->current;

  fresh = atomic_exchange_explicit (&self->pending, NULL, memory_order_acq_rel);
  if (fresh == NULL)
    return self->current;
  if (self->current != NULL)
    {
      atomic_store_explicit (&self->retired[tail & SLOT_MASK], self->current,
                             memory_order_relaxed);
      atomic_store_explicit (&self->retire_tail, tail + 1, memory_order_release);
    }
  self->current = fresh;
  return fresh;
}

void *
lq_mailbox_peek (const LqMailbox *self)
{
  return self->current;
}
