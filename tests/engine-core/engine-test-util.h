/* engine-test-util.h: what the engine tests share: generated tracks, the
 * renderer's float output, and playing the engine headless. */
#pragma once

#include "lq-engine-private.h"
#include "lq-render.h"

#define ET_RATE 44100
#define ET_BLOCK 512

typedef struct
{
  char *dir;
  char *track;       /* stereo float WAV, ET_FRAMES frames */
  char *reference;   /* another recording, same rate */
  gint64 frames;
} EtFixture;

void et_fixture_setup (EtFixture *f, gconstpointer data);
void et_fixture_teardown (EtFixture *f, gconstpointer data);

/* A spec of @path with the chain on (EQ, compressor, width, match gain,
 * limiter) or neutral, no gap, no target. Clear with et_spec_clear(). */
void et_spec_init (LqRenderSpec *spec, const char *path, gboolean chain_on);
void et_spec_clear (LqRenderSpec *spec);
/* What lq_render_track() writes for @spec at 32-bit float, interleaved. */
float *et_render (const LqRenderSpec *spec, const char *dir, gint64 *frames);
/* The source stage's timeline from @from, @n frames, interleaved. */
float *et_stage (const LqRenderSpec *spec, gint64 from, gint64 n);

/* Seeks to @from, plays and calls lq_engine_process() in @block frames,
 * waiting for the reader before each call, until the preroll is over;
 * asserts the heard position is @from then. */
void et_start (LqEngine *engine, gint64 from, guint block);
/* The next @n heard frames (interleaved), in @block-frame callbacks. */
float *et_play (LqEngine *engine, gint64 n, guint block);

/* The largest |x[k + 1] - x[k]| of either channel over frames [a, b). */
double et_max_step (const float *x, gint64 a, gint64 b);
