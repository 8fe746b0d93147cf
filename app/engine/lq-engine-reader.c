/* lq-engine-reader.c: LqEngine's reader thread: the program (and the
 * reference) decoded ahead into the graph's rings, a loop wrapped and
 * crossfaded, the tail channels fed. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lq-engine-object-private.h"

#define READER_IDLE_US 2000

/* @n frames of the reference (silence past its end) into chunk channels
 * 0-1 at @k. */
static void
read_reference (LqEngine *self, LqResampledSource *stage, float **ch, gsize k, gsize n)
{
  float *at[2] = { ch[0] + k, ch[1] + k };
  gsize got = 0;

  if (stage != NULL && n > 0)
    {
      gssize r = lq_resampled_source_read (stage, at, n, NULL);

      /* A source that fails to read plays on as silence. */
      got = r > 0 ? (gsize) r : 0;
    }
  memset (at[0] + got, 0, (n - got) * sizeof (float));
  memset (at[1] + got, 0, (n - got) * sizeof (float));
}

/* The reference's side of @wrap at chunk frame @k: the @len frames read
 * there fade out (equal power, as the track's) while the @len before the
 * loop start fade in; the reference is then at the loop start. */
static void
reference_wrap (LqEngine *self, LqResampledSource *stage, const EngineWrap *wrap, gsize k)
{
  gint64 from = wrap->to - (gint64) wrap->len + self->ref_offset;
  gsize skip = from < 0 ? (gsize) -from : 0;

  read_reference (self, stage, self->chunk, k, wrap->len);
  memset (self->wrap[0], 0, skip * sizeof (float));
  memset (self->wrap[1], 0, skip * sizeof (float));
  if (stage != NULL)
    (void) lq_resampled_source_seek (stage,
                                     MIN (MAX (from, 0), lq_resampled_source_get_length (stage)),
                                     NULL);
  read_reference (self, stage, self->wrap, skip, wrap->len - skip);
  for (gsize j = 0; j < wrap->len; j++)
    {
      double w = (j + 0.5) / wrap->len * G_PI_2;
      float a = (float) cos (w), b = (float) sin (w);

      for (int c = 0; c < 2; c++)
        self->chunk[c][k + j] = a * self->chunk[c][k + j] + b * self->wrap[c][j];
    }
  self->ref_pos = wrap->to;
}

static void
restart_reference (LqEngine *self, LqResampledSource *stage)
{
  gint64 target = lq_playback_graph_get_flush_target (self->graph);

  /* From its cue point (lq_engine_set_reference_offset()). */
  if (stage != NULL)
    (void) lq_resampled_source_seek (stage,
                                     CLAMP (target + self->ref_offset, 0,
                                            lq_resampled_source_get_length (stage)),
                                     NULL);
  self->ref_pos = target;
  self->ref_written = 0;
}

/* One chunk of the reference into its ring, frame for frame the timeline
 * frames the track ring got (the graph reads one reference frame per
 * frame heard): sequential, and wrapping where the track's loop wrapped
 * (self->wraps), crossfaded the same way. Never ahead of the track ring,
 * so every wrap it reaches is known. TRUE when it did something. */
static gboolean
fill_reference (LqEngine *self, LqResampledSource *stage, LqRingBuffer *ring)
{
  LqRingBuffer *track = lq_playback_graph_get_track_ring (self->graph);
  guint32 space;
  gsize n, k = 0;

  /* A seek flushes the track ring first: its flush is taken (and the wraps
   * forgotten) by fill_track() before this one's. */
  if (lq_ring_buffer_is_flushing (track))
    return FALSE;
  if (lq_ring_buffer_take_flush (ring))
    restart_reference (self, stage);
  space = lq_ring_buffer_write_space (ring);
  if (space < LQ_ENGINE_CHUNK / 4 || self->track_written <= self->ref_written)
    return FALSE;
  n = (gsize) MIN ((guint64) MIN (space, LQ_ENGINE_CHUNK), self->track_written - self->ref_written);
  while (k < n)
    {
      const EngineWrap *wrap = self->wraps->len > 0
                               ? &g_array_index (self->wraps, EngineWrap, 0) : NULL;
      gsize m = n - k;

      if (wrap != NULL && self->ref_pos >= wrap->at)
        {
          if (wrap->len > n - k)
            break;
          reference_wrap (self, stage, wrap, k);
          k += wrap->len;
          g_array_remove_index (self->wraps, 0);
          continue;
        }
      if (wrap != NULL)
        m = (gsize) MIN ((gint64) m, wrap->at - self->ref_pos);
      read_reference (self, stage, self->chunk, k, m);
      self->ref_pos += (gint64) m;
      k += m;
    }
  if (k == 0)
    return FALSE;
  if (lq_ring_buffer_is_flushing (track))
    return TRUE;   /* a seek: dropped, repositioned at its flush */
  if (lq_ring_buffer_take_flush (ring))
    {
      /* Decoded for the old position: dropped. */
      restart_reference (self, stage);
      return TRUE;
    }
  lq_ring_buffer_write (ring, (const float *const *) self->chunk, (uint32_t) k);
  self->ref_written += k;
  return TRUE;
}

/* Timeline frames [@from, @from + @n) into the chunk at @k, tagged. */
static void
read_program (LqEngine *self, gsize k, gint64 from, gsize n)
{
  float *ch[2] = { self->chunk[0] + k, self->chunk[1] + k };

  lq_engine_program_read (self->program, from, ch, n);
  for (gsize j = 0; j < n; j++)
    lq_playback_tag_encode (from + (gint64) j,
                            &self->chunk[LQ_PLAYBACK_TAG_HI][k + j],
                            &self->chunk[LQ_PLAYBACK_TAG_LO][k + j]);
}

/* The loop's wrap at chunk frame @k: @n frames from the read position
 * (tagged with their own timeline frames) fading out, equal-power, while
 * the @n frames before the loop start fade in; then the loop start. */
static void
read_wrap (LqEngine *self, gsize k, gsize n)
{
  float *lead[2] = { self->wrap[0], self->wrap[1] };

  EngineWrap wrap = { self->read_pos, self->loop_start, n };

  g_array_append_val (self->wraps, wrap);
  read_program (self, k, self->read_pos, n);
  lq_engine_program_read (self->program, self->loop_start - (gint64) n, lead, n);
  for (gsize j = 0; j < n; j++)
    {
      double w = (j + 0.5) / n * G_PI_2;
      float a = (float) cos (w), b = (float) sin (w);

      for (int c = 0; c < 2; c++)
        self->chunk[c][k + j] = a * self->chunk[c][k + j] + b * self->wrap[c][j];
    }
  self->read_pos = self->loop_start;
}

/* Chunk frames [@k, @k + @n): the tail feed running, or silence. */
static void
fill_tail (LqEngine *self, gsize k, gsize n)
{
  float *ch[2] = { self->chunk[LQ_PLAYBACK_TAIL_L] + k, self->chunk[LQ_PLAYBACK_TAIL_R] + k };
  gsize r = (gsize) MIN ((gint64) n, self->tail_left);

  if (r > 0)
    lq_engine_program_read_track (self->program, (guint) self->tail_track, self->tail_src, ch, r);
  memset (ch[0] + r, 0, (n - r) * sizeof (float));
  memset (ch[1] + r, 0, (n - r) * sizeof (float));
  self->tail_src += (gint64) r;
  self->tail_left -= (gint64) r;
}

/* The tail channels of the @n frames in the chunk (lq-playback-timeline.h):
 * for the latency after the input leaves a segment, what follows it in its
 * track. */
static void
write_tails (LqEngine *self, gsize n)
{
  guint n_segs;
  const LqPlaybackSegment *segs = lq_engine_program_get_segments (self->program, &n_segs);
  gsize j = 0;

  while (j < n)
    {
      gsize end = j;
      gint32 s = self->tail_seg;

      while (end < n)
        {
          gint64 t = lq_playback_tag_decode (self->chunk[LQ_PLAYBACK_TAG_HI][end],
                                             self->chunk[LQ_PLAYBACK_TAG_LO][end]);

          s = lq_playback_timeline_find (segs, n_segs, t, MAX (self->tail_seg, 0));
          if (s != self->tail_seg)
            break;
          self->tail_last = t;
          end++;
        }
      fill_tail (self, j, end - j);
      if (end < n)
        {
          gint32 old = self->tail_seg;

          /* A boundary: the segment left goes on in its track. */
          self->tail_left = 0;
          if (old >= 0 && segs[old].track >= 0)
            {
              self->tail_track = segs[old].track;
              self->tail_src = segs[old].source_from + (self->tail_last - segs[old].start) + 1;
              self->tail_left = self->latency;
            }
          self->tail_seg = s;
          self->tail_last = lq_playback_tag_decode (self->chunk[LQ_PLAYBACK_TAG_HI][end],
                                                    self->chunk[LQ_PLAYBACK_TAG_LO][end]);
          fill_tail (self, end, 1);
          end++;
        }
      j = end;
    }
}

/* After a flush: no segment yet, no tail. */
static void
restart_reading (LqEngine *self)
{
  self->read_pos = lq_playback_graph_get_flush_target (self->graph);
  self->track_written = 0;
  g_array_set_size (self->wraps, 0);
  self->tail_seg = -2;
  self->tail_left = 0;
}

/* One chunk of the program into the track ring, in the order it is to be
 * heard (a loop wraps); TRUE when it did something. */
static gboolean
fill_track (LqEngine *self, LqRingBuffer *ring)
{
  guint32 space;
  gsize n, k = 0;
  gint64 xfade = (gint64) ceil (LQ_ENGINE_LOOP_CROSSFADE_MS * 1e-3 * self->rate);

  if (lq_ring_buffer_take_flush (ring))
    restart_reading (self);
  space = lq_ring_buffer_write_space (ring);
  if (self->loop_end > self->loop_start)
    {
      /* Looping: not more than LQ_ENGINE_LOOP_AHEAD_S ahead, so that a
       * moved loop is heard soon. */
      guint32 ahead = (guint32) (LQ_ENGINE_LOOP_AHEAD_S * self->rate);
      guint32 queued = lq_ring_buffer_get_capacity (ring) - space;

      space = queued >= ahead ? 0 : MIN (space, ahead - queued);
    }
  if (space < LQ_ENGINE_CHUNK / 4)
    return FALSE;
  n = MIN (space, LQ_ENGINE_CHUNK);
  while (k < n)
    {
      gint64 a = self->loop_start, b = self->loop_end;
      gsize m = n - k;

      if (b > a)
        {
          gint64 x = MIN (xfade, (b - a) / 2);

          if (self->read_pos >= b - x)
            {
              /* At the wrap, or past a loop end moved behind the reader:
               * wrap now. */
              gsize l = (gsize) (self->read_pos < b ? b - self->read_pos : x);

              if (l > n - k)
                break;
              read_wrap (self, k, l);
              k += l;
              continue;
            }
          m = (gsize) MIN ((gint64) m, b - x - self->read_pos);
        }
      read_program (self, k, self->read_pos, m);
      self->read_pos += (gint64) m;
      k += m;
    }
  write_tails (self, k);
  if (lq_ring_buffer_take_flush (ring))
    {
      /* Decoded for the old position: dropped. */
      restart_reading (self);
      return TRUE;
    }
  lq_ring_buffer_write (ring, (const float *const *) self->chunk, (uint32_t) k);
  self->track_written += k;
  return TRUE;
}

gpointer
_lq_engine_reader_thread (gpointer data)
{
  LqEngine *self = data;

  while (!g_atomic_int_get (&self->quit))
    {
      gboolean worked = FALSE;

      if (!g_atomic_int_get (&self->stalled))
        {
          g_mutex_lock (&self->reader_lock);
          worked |= fill_track (self, lq_playback_graph_get_track_ring (self->graph));
          worked |= fill_reference (self, self->reference,
                                    lq_playback_graph_get_reference_ring (self->graph));
          g_mutex_unlock (&self->reader_lock);
        }
      if (!worked)
        g_usleep (READER_IDLE_US);
    }
  return NULL;
}

void
_lq_engine_stop_reader (LqEngine *self)
{
  if (self->reader == NULL)
    return;
  g_atomic_int_set (&self->quit, 1);
  g_thread_join (self->reader);
  self->reader = NULL;
  g_atomic_int_set (&self->quit, 0);
}
