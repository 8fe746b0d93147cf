/* lq-mailbox.h: lock-free single-writer single-reader parameter mailbox.
 *
 * The control thread publishes pointers to immutable objects (a settings
 * struct, a designed EQ); the audio callback picks up the newest one at a
 * block boundary and uses it until the next pickup. An object the callback
 * has let go of comes back to the control thread, which destroys it: the
 * audio thread never frees.
 *
 * Protocol (three places, each owned by one side):
 *  - pending (atomic): the writer swaps its new object in. If the swap hands
 *    back an older object the reader never took, the writer destroys it at
 *    once: once out of pending the reader can no longer reach it.
 *  - current (reader-only): lq_mailbox_pickup() swaps pending out (NULL in)
 *    and makes it current; the previous current goes to the retire queue.
 *  - retire queue (SPSC ring of LQ_MAILBOX_RETIRE_SLOTS pointers, reader
 *    produces, writer consumes): lq_mailbox_publish() and
 *    lq_mailbox_collect() destroy what is in it. When it is full the reader
 *    keeps its current object and leaves pending for a later pickup, so a
 *    writer that stops collecting delays updates but never leaks or frees
 *    anything in use.
 * The swaps are acq_rel and the queue indices release/acquire, so the reader
 * sees an object fully built, and the writer destroys it only after the
 * reader's last access.
 *
 * Intermediate values published faster than the reader picks up are
 * skipped: the reader always gets the newest.
 *
 * Realtime-safe on the reader side: lq_mailbox_pickup() and
 * lq_mailbox_peek() never allocate, lock or free.
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

#define LQ_MAILBOX_RETIRE_SLOTS 16

typedef struct _LqMailbox LqMailbox;

typedef void (*LqMailboxDestroy) (void *object);

/* @initial (may be NULL) is what the reader sees until the first publish;
 * @destroy (may be NULL: nothing is freed) is called on the writer's thread
 * only. NULL when out of memory. */
LqMailbox *lq_mailbox_new (void *initial, LqMailboxDestroy destroy);
/* Destroys every object still held; no reader may run any more. */
void lq_mailbox_free (LqMailbox *self);

/* Writer side. */

/* Hands @object (not NULL) over to the mailbox, then destroys retired ones. */
void lq_mailbox_publish (LqMailbox *self, void *object);
/* Destroys the objects the reader has retired; returns how many. */
uint32_t lq_mailbox_collect (LqMailbox *self);

/* Reader side. */

/* Takes the newest published object if there is one and returns the current
 * object, valid until the next pickup. */
void *lq_mailbox_pickup (LqMailbox *self);
/* The current object, without looking for a newer one. */
void *lq_mailbox_peek (const LqMailbox *self);
