/* lq-playback-timeline.h: what the playback graph plays, as a list of
 * segments of one continuous timeline, and how each frame in the track ring
 * says where on that timeline it belongs (issue 11, section 3).
 *
 * A program is an immutable array of segments in timeline order, each a
 * stretch of one track's source stage (or silence):
 *
 *   start .. start + length - 1   timeline frames of the segment
 *   audio_from                    the first of them that goes through the
 *                                 chain: the first frame after the track's
 *                                 gap (start + length when none does)
 *
 * A whole track (album playback) is one segment: its gap, then its audio.
 * A transition is three: the last seconds of a track, the next one's gap
 * and first seconds, a short silence. Each segment with audio runs through
 * one of the graph's two chains (its slot, alternating from one audio
 * segment to the next), reset with its track's settings at its first audio
 * frame: so each track's master is its export (the renderer also starts
 * its chain at the track's first frame), and the previous track's chain
 * still plays out its latency tail while the next one starts.
 *
 * Timeline tags. The reader writes the ring in the order it is to be heard,
 * which is not always timeline order (a loop wraps). So every frame carries
 * its timeline frame in two extra ring channels (LQ_PLAYBACK_TAG_HI/LO:
 * the frame's high and low 24 bits as exact float integers). Chosen over a
 * separate queue of cue records: the tags travel in the same ring as the
 * audio, so a flush, a short read or an underrun can never put them out of
 * step with it, and the graph needs no second consumer protocol. The cost
 * is two floats per frame in the ring.
 *
 * Tail feed. When the input leaves a segment, the chain that played it
 * still needs the latency's worth of input to finish its last frames: what
 * follows in the track (the render goes on with the track, or flushes with
 * zeros at its end). So for the latency after each segment the reader also
 * writes, in two more channels, the continuation of the segment's source
 * (zeros past the track's end), and the graph feeds those to the chain in
 * its tail. A transition's "first N seconds" are then the export's first N
 * seconds exactly, lookahead (limiter, linear-phase EQ) included.
 *
 * Plain C11, no GLib; lq_playback_timeline_find() is realtime-safe.
 */
#pragma once

#include <stdint.h>

/* Track ring channels: left, right, the frame's timeline tag, and the tail
 * feed (below). */
#define LQ_PLAYBACK_TAG_HI 2
#define LQ_PLAYBACK_TAG_LO 3
#define LQ_PLAYBACK_TAIL_L 4
#define LQ_PLAYBACK_TAIL_R 5
#define LQ_PLAYBACK_TRACK_RING_CHANNELS 6

typedef struct
{
  int64_t start;        /* timeline frame of the segment's first frame */
  int64_t length;       /* frames, > 0 */
  int64_t audio_from;   /* first timeline frame through the chain */
  int64_t source_from;  /* the track's source-stage frame at @start */
  int32_t track;        /* index into the settings array; -1: silence */
  uint32_t slot;        /* chain 0 or 1 */
} LqPlaybackSegment;

/* The segment holding timeline frame @frame (-1: none), looked up from
 * @hint first (the last answer: the usual case is the same or the next). */
int32_t lq_playback_timeline_find (const LqPlaybackSegment *segments,
                                   uint32_t n_segments,
                                   int64_t frame,
                                   int32_t hint);

static inline void
lq_playback_tag_encode (int64_t frame, float *hi, float *lo)
{
  *hi = (float) (frame >> 24);
  *lo = (float) (frame & 0xffffff);
}

static inline int64_t
lq_playback_tag_decode (float hi, float lo)
{
  return ((int64_t) hi << 24) + (int64_t) lo;
}
