/* lq-progress-relay.h: a worker's progress handed to a main context.
 *
 * The worker posts its progress as it goes (a small struct of @size bytes,
 * copied), as often as it likes; the relay keeps the newest and delivers
 * it on @context from an idle source, one at a time: the posts made while
 * one waits replace each other, so a slow main loop sees the newest and is
 * never flooded. lq_export_album_async() and lq_release_run_async() share
 * it.
 *
 *   post (any thread) -> [newest, pending] -> idle on @context -> deliver
 *
 * lq_progress_relay_flush() delivers what is pending at once (a job does
 * that before it hands over its result, so its last progress comes first).
 * After lq_progress_relay_free() nothing is delivered: call it on the
 * thread that runs @context (an idle already queued then finds the relay
 * closed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LqProgressRelay LqProgressRelay;

/* On the relay's context: @values, a copy of the newest post (@size bytes,
 * valid during the call). */
typedef void (*LqProgressRelayFunc) (gconstpointer values,
                                     gpointer user_data);

/* @context: where @deliver runs (NULL: the calling thread's thread-default
 * context). @user_data_free, if any, runs when the relay's last reference
 * goes: at lq_progress_relay_free(), or after the idle queued then. */
LqProgressRelay *lq_progress_relay_new (GMainContext *context,
                                        gsize size,
                                        LqProgressRelayFunc deliver,
                                        gpointer user_data,
                                        GDestroyNotify user_data_free);
/* Any thread: keeps a copy of @values (the @size given to _new()) as the
 * newest, and queues its delivery unless one is queued already. */
void lq_progress_relay_post (LqProgressRelay *relay,
                             gconstpointer values);
/* On @context's thread: delivers the newest post now if it was not
 * delivered yet; TRUE when it did. */
gboolean lq_progress_relay_flush (LqProgressRelay *relay);
void lq_progress_relay_free (LqProgressRelay *relay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqProgressRelay, lq_progress_relay_free)

G_END_DECLS
