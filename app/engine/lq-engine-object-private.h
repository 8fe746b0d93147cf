/* lq-engine-object-private.h: LqEngine's instance struct and what its
 * files share: lq-engine.c (the object, loads, transport, loop),
 * lq-engine-reader.c (the reader thread), lq-engine-params.c (the
 * parameters published to the callback) and lq-engine-status.c (what it
 * plays and its meters). Inside liblq-engine only. */
#pragma once

#include "lq-engine-private.h"
#include "lq-engine-program.h"
#include "lq-resampled-source.h"

G_BEGIN_DECLS

#define LQ_ENGINE_CHUNK 4096

struct _LqEngine
{
  GObject parent_instance;

  LqPlaybackGraph *graph;      /* NULL before a load */
  guint rate;
  guint output_rate;           /* 0: the (first) track's */
  guint latency;
  gint64 length;
  LqPlaybackParams params;     /* the last published (track_gain: NULL) */
  double *track_gains;         /* 3 per track of the program: mix, master, reference */
  guint n_track_gains;
  LqChainSettings *settings;   /* one per track of the program */
  guint n_settings;

  /* The reader thread; @reader_lock guards the program, the reference
   * and the loop against the control thread. */
  GThread *reader;
  GMutex reader_lock;
  LqEngineProgram *program;
  LqResampledSource *reference;   /* at @rate */
  gint64 loop_start;           /* loop_end > loop_start: looping */
  gint64 loop_end;
  gint64 read_pos;             /* reader: the timeline frame it writes next */
  guint64 track_written;       /* reader: frames into the track ring since its flush */
  GArray *wraps;               /* reader: EngineWrap written there, not yet by the reference */
  gint64 ref_pos;              /* reader: the reference's timeline frame written next */
  double ref_offset_s;         /* the reference's frame heard with timeline frame 0 */
  gint64 ref_offset;           /* that at @rate (guarded by reader_lock) */
  guint64 ref_written;         /* reader: frames into the reference ring since its flush */
  gint32 tail_seg;             /* reader: the segment of the last frame written */
  gint64 tail_last;            /* and its timeline frame */
  gint32 tail_track;           /* the tail feed: this track's frames */
  gint64 tail_src;             /* from this one of its timeline */
  gint64 tail_left;            /* for so many more frames */
  gint quit;
  gint stalled;
  float *chunk[LQ_PLAYBACK_TRACK_RING_CHANNELS];
  float *wrap[2];              /* the loop start's lead-in, for the crossfade */
};

/* A loop's wrap as the reader wrote it into the track ring: @len frames
 * from timeline frame @at fading out while the @len before @to fade in,
 * then @to. The reference follows the same wraps. */
typedef struct
{
  gint64 at;
  gint64 to;
  gsize len;
} EngineWrap;

/* lq-engine-reader.c: the reader thread (g_thread_new() it with @self),
 * and stopping it (joined; nothing when none runs). */
gpointer _lq_engine_reader_thread (gpointer data);
void _lq_engine_stop_reader (LqEngine *self);

/* lq-engine-params.c: publishes self->params with the track gains, and
 * self->settings (prepared here), to the graph (nothing before a load). */
void _lq_engine_publish_params (LqEngine *self);
void _lq_engine_publish_settings (LqEngine *self);

G_END_DECLS
