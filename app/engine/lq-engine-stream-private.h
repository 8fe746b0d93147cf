/* lq-engine-stream-private.h: test hooks of LqEngineStream. */
#pragma once

#include "lq-engine-stream.h"

G_BEGIN_DECLS

/* Called on entry to and exit from LqEngineStream's PortAudio callback, on
 * the audio thread, when a test defines them: they are weak, undefined in
 * Lacquer itself, where the callback skips them (one compare of a
 * link-time constant). tests/engine/test-play-realtime.c counts what the
 * callback's body calls in between. */
void _lq_engine_stream_callback_enter (void) __attribute__ ((weak));
void _lq_engine_stream_callback_leave (void) __attribute__ ((weak));

G_END_DECLS
