/* lq-engine-private.h: test hooks of LqEngine. */
#pragma once

#include "lq-engine.h"

G_BEGIN_DECLS

/* While stalled, the reader thread writes nothing (a slow disk). */
void _lq_engine_set_reader_stalled (LqEngine *self, gboolean stalled);
/* Waits until both rings hold at least @frames frames (capped at half the
 * ring) ready for the callback. Call it from the thread that calls
 * lq_engine_process(), between calls. */
void _lq_engine_wait_ready (LqEngine *self, guint frames);

G_END_DECLS
