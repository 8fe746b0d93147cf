/* lq-progress-relay.c: a worker's progress handed to a main context (see
 * the header).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-progress-relay.h"

#include <string.h>

struct _LqProgressRelay
{
  gint ref_count;
  GMainContext *context;
  LqProgressRelayFunc deliver;
  gpointer user_data;
  GDestroyNotify user_data_free;
  gsize size;

  GMutex lock;
  guint8 *newest;     /* under lock */
  gboolean pending;   /* under lock: newest not delivered yet */
  gboolean closed;    /* under lock: freed, deliver nothing */
  guint8 *delivering; /* on the context only: the copy handed to deliver */
};

static LqProgressRelay *
relay_ref (LqProgressRelay *self)
{
  g_atomic_int_inc (&self->ref_count);
  return self;
}

static void
relay_unref (LqProgressRelay *self)
{
  if (!g_atomic_int_dec_and_test (&self->ref_count))
    return;
  if (self->user_data_free != NULL)
    self->user_data_free (self->user_data);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_free (self->newest);
  g_free (self->delivering);
  g_free (self);
}

static gboolean
relay_idle_cb (gpointer user_data)
{
  lq_progress_relay_flush (user_data);
  return G_SOURCE_REMOVE;
}

LqProgressRelay *
lq_progress_relay_new (GMainContext *context,
                       gsize size,
                       LqProgressRelayFunc deliver,
                       gpointer user_data,
                       GDestroyNotify user_data_free)
{
  LqProgressRelay *self;

  g_return_val_if_fail (size > 0, NULL);
  g_return_val_if_fail (deliver != NULL, NULL);

  self = g_new0 (LqProgressRelay, 1);
  self->ref_count = 1;
  self->context = context != NULL ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  self->deliver = deliver;
  self->user_data = user_data;
  self->user_data_free = user_data_free;
  self->size = size;
  g_mutex_init (&self->lock);
  self->newest = g_malloc0 (size);
  self->delivering = g_malloc0 (size);
  return self;
}

void
lq_progress_relay_post (LqProgressRelay *self,
                        gconstpointer values)
{
  gboolean schedule;

  g_return_if_fail (self != NULL);
  g_return_if_fail (values != NULL);

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  memcpy (self->newest, values, self->size);
  schedule = !self->pending;
  self->pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, relay_idle_cb, relay_ref (self), (GDestroyNotify) relay_unref);
      g_source_set_static_name (source, "[lacquer] progress relay");
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

gboolean
lq_progress_relay_flush (LqProgressRelay *self)
{
  gboolean deliver;

  g_return_val_if_fail (self != NULL, FALSE);

  g_mutex_lock (&self->lock);
  deliver = self->pending && !self->closed;
  if (deliver)
    memcpy (self->delivering, self->newest, self->size);
  self->pending = FALSE;
  g_mutex_unlock (&self->lock);
  if (deliver)
    self->deliver (self->delivering, self->user_data);
  return deliver;
}

void
lq_progress_relay_free (LqProgressRelay *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->closed = TRUE;
  g_mutex_unlock (&self->lock);
  relay_unref (self);
}
