/* lq-playback-graph.c: the audio callback's body (see the header). */
#include "lq-playback-graph.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "lq-crossfade.h"
#include "lq-ramp.h"

#define N_SLOTS 2
#define NO_SLOT (-1)

struct _LqPlaybackGraph
{
  uint32_t rate;
  uint32_t max_block;
  uint32_t latency;

  LqChain *chain[N_SLOTS];    /* two: a track starts while the last one's tail plays */
  LqCrossfade *fade;          /* 0: the track (mix/master), 1: the reference */
  LqLiveMeter *meter;
  LqRingBuffer *track_ring;
  LqRingBuffer *ref_ring;
  LqMailbox *settings_box;      /* LqPlaybackSettings */
  LqMailbox *params_box;
  LqMatchEqDesigner *designer;  /* control thread: prepare_settings() */

  /* The program: set while the callback is stopped (one whole-timeline
   * segment of track 0 until then). */
  LqPlaybackSegment *segments;
  uint32_t n_segments;
  uint32_t n_tracks;
  LqChainUpdate *neutral;       /* until settings are published */

  /* Control -> audio. */
  atomic_bool playing;
  atomic_int_least64_t seek_request;   /* frame + 1, 0: none */
  atomic_int_least64_t length;
  /* Audio -> others. */
  atomic_int_least64_t flush_target;
  atomic_int_least64_t position;
  atomic_bool prerolling;
  atomic_uint_least64_t underruns;
  atomic_uint_least64_t frames_heard;

  /* Audio thread only. */
  const LqPlaybackSettings *settings;   /* the newest picked up */
  int32_t in_seg;              /* the segment of the last input frame, -1: none */
  int32_t in_slot;             /* the chain of the last audio segment entered */
  bool slot_started[N_SLOTS];  /* reset for its segment and fed since */
  int32_t slot_track[N_SLOTS];
  int64_t slot_tail[N_SLOTS];  /* zeros still to feed for the latency tail */
  const LqPlaybackParams *params_seen;
  LqPlaybackParams params;
  int64_t preroll;             /* frames still to process and discard */
  bool seek_pending;           /* flushed; waiting for the preroll */
  float *delay[LQ_PLAYBACK_CHANNELS];
  uint32_t delay_pos;
  int64_t *tl_delay;           /* the timeline tags, delayed with the mix */
  int8_t *slot_delay;          /* and the chain each frame went through */
  float *src[LQ_PLAYBACK_TRACK_RING_CHANNELS];
  int64_t *tl_in;
  int64_t *tl_out;
  int8_t *slot_in;
  int8_t *slot_out;
  float *slot_buf[N_SLOTS][LQ_PLAYBACK_CHANNELS];
  float *mix[LQ_PLAYBACK_CHANNELS];
  float *master[LQ_PLAYBACK_CHANNELS];
  float *ref[LQ_PLAYBACK_CHANNELS];
  float *heard[LQ_PLAYBACK_CHANNELS];
  double master_weight;        /* 0: mix, 1: master (stage A) */
  double master_target;
  double weight_step;
  LqRamp gain[2];              /* mix, master */
  int32_t out_seg;             /* the segment of the last frame out, -1: none */
  int32_t out_track;           /* the track whose gains apply, -1: none yet */
  int32_t *track_out;          /* each output frame's track (-1: silence) */
  double monitor[LQ_MONITOR_N_FLAGS];   /* 0..1 per flag */
  double monitor_step;
  double dim_gain;
};

void
lq_playback_params_init (LqPlaybackParams *params)
{
  memset (params, 0, sizeof *params);
  params->source = LQ_PLAYBACK_MASTER;
  params->gain[0] = params->gain[1] = params->gain[2] = 1.0;
  params->monitor = LQ_MONITOR_NONE;
  params->crossfade_ms = LQ_CROSSFADE_DEFAULT_MS;
}

LqPlaybackGraph *
lq_playback_graph_new (uint32_t rate,
                       uint32_t max_block,
                       uint32_t ring_frames,
                       LqMailboxDestroy settings_destroy,
                       LqMailboxDestroy params_destroy)
{
  LqPlaybackGraph *self;
  float *buf;
  /* src (6), slot_buf (4), mix, master, ref, heard (2 each) */
  uint32_t n_bufs = LQ_PLAYBACK_TRACK_RING_CHANNELS + (N_SLOTS + 4) * LQ_PLAYBACK_CHANNELS;
  size_t delay_len;

  if (rate == 0 || max_block == 0 || ring_frames < max_block)
    return NULL;
  self = calloc (1, sizeof *self);
  if (self == NULL)
    return NULL;
  self->rate = rate;
  self->max_block = max_block;
  for (int sl = 0; sl < N_SLOTS; sl++)
    self->chain[sl] = lq_chain_new (rate, max_block);
  self->fade = lq_crossfade_new (rate, LQ_PLAYBACK_CHANNELS);
  self->meter = lq_live_meter_new (rate, LQ_PLAYBACK_CHANNELS, max_block);
  self->track_ring = lq_ring_buffer_new (LQ_PLAYBACK_TRACK_RING_CHANNELS, ring_frames);
  self->ref_ring = lq_ring_buffer_new (LQ_PLAYBACK_CHANNELS, ring_frames);
  self->settings_box = lq_mailbox_new (NULL, settings_destroy);
  self->params_box = lq_mailbox_new (NULL, params_destroy);
  self->designer = lq_match_eq_designer_new (rate);
  if (self->designer == NULL || self->chain[0] == NULL || self->chain[1] == NULL || self->fade == NULL
      || self->meter == NULL || self->track_ring == NULL || self->ref_ring == NULL
      || self->settings_box == NULL || self->params_box == NULL
      || lq_playback_graph_set_program (self, NULL, 0) != LQ_OK)
    goto fail;
  self->latency = lq_chain_get_latency (self->chain[0]);
  delay_len = self->latency + 1;
  buf = calloc ((size_t) n_bufs * max_block + (size_t) LQ_PLAYBACK_CHANNELS * delay_len,
                sizeof (float));
  self->tl_delay = calloc (delay_len + 2 * (size_t) max_block, sizeof (int64_t));
  self->slot_delay = calloc (delay_len + 2 * (size_t) max_block, 1);
  self->track_out = calloc (max_block, sizeof (int32_t));
  if (buf == NULL || self->tl_delay == NULL || self->slot_delay == NULL || self->track_out == NULL)
    {
      free (buf);
      goto fail;
    }
  self->tl_in = self->tl_delay + delay_len;
  self->tl_out = self->tl_in + max_block;
  self->slot_in = self->slot_delay + delay_len;
  self->slot_out = self->slot_in + max_block;
  for (uint32_t c = 0; c < LQ_PLAYBACK_TRACK_RING_CHANNELS; c++)
    self->src[c] = buf + (size_t) c * max_block;
  buf += (size_t) LQ_PLAYBACK_TRACK_RING_CHANNELS * max_block;
  for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
    {
      self->slot_buf[0][c] = buf + (0 * LQ_PLAYBACK_CHANNELS + c) * (size_t) max_block;
      self->slot_buf[1][c] = buf + (1 * LQ_PLAYBACK_CHANNELS + c) * (size_t) max_block;
      self->mix[c] = buf + (2 * LQ_PLAYBACK_CHANNELS + c) * (size_t) max_block;
      self->master[c] = buf + (3 * LQ_PLAYBACK_CHANNELS + c) * (size_t) max_block;
      self->ref[c] = buf + (4 * LQ_PLAYBACK_CHANNELS + c) * (size_t) max_block;
      self->heard[c] = buf + (5 * LQ_PLAYBACK_CHANNELS + c) * (size_t) max_block;
      self->delay[c] = buf + (size_t) (n_bufs - LQ_PLAYBACK_TRACK_RING_CHANNELS) * max_block
                       + c * delay_len;
    }
  {
    LqChainSettings neutral;

    lq_chain_settings_init (&neutral);
    self->neutral = lq_chain_update_new (self->designer, &neutral);
    if (self->neutral == NULL)
      goto fail;
  }
  self->in_seg = -1;
  self->in_slot = 1;
  self->out_seg = -1;
  self->out_track = -1;

  lq_playback_params_init (&self->params);
  self->master_weight = self->master_target = 1.0;
  self->weight_step = 1.0 / fmax (1.0, LQ_CROSSFADE_DEFAULT_MS * 1e-3 * rate);
  lq_ramp_init (&self->gain[0], 1.0);
  lq_ramp_init (&self->gain[1], 1.0);
  self->monitor_step = 1.0 / fmax (1.0, LQ_PLAYBACK_MONITOR_RAMP_MS * 1e-3 * rate);
  self->dim_gain = pow (10.0, LQ_PLAYBACK_DIM_DB / 20.0);
  atomic_init (&self->playing, false);
  atomic_init (&self->seek_request, 1);   /* start at frame 0, prerolled */
  atomic_init (&self->length, INT64_MAX);
  atomic_init (&self->flush_target, 0);
  atomic_init (&self->position, 0);
  atomic_init (&self->prerolling, true);
  atomic_init (&self->underruns, 0);
  atomic_init (&self->frames_heard, 0);
  return self;

fail:
  lq_playback_graph_free (self);
  return NULL;
}

void
lq_playback_graph_free (LqPlaybackGraph *self)
{
  if (self == NULL)
    return;
  for (int sl = 0; sl < N_SLOTS; sl++)
    lq_chain_free (self->chain[sl]);
  lq_crossfade_free (self->fade);
  lq_live_meter_free (self->meter);
  lq_ring_buffer_free (self->track_ring);
  lq_ring_buffer_free (self->ref_ring);
  lq_mailbox_free (self->settings_box);
  lq_mailbox_free (self->params_box);
  lq_chain_update_free (self->neutral);
  lq_match_eq_designer_free (self->designer);
  free (self->src[0]);
  free (self->tl_delay);
  free (self->slot_delay);
  free (self->track_out);
  free (self->segments);
  free (self);
}

uint32_t
lq_playback_graph_get_latency (const LqPlaybackGraph *self)
{
  return self->latency;
}

LqDspStatus
lq_playback_graph_set_program (LqPlaybackGraph *self,
                               const LqPlaybackSegment *segments,
                               uint32_t n_segments)
{
  LqPlaybackSegment whole = { 0, INT64_MAX, 0, 0, 0 };
  LqPlaybackSegment *copy;
  uint32_t n_tracks = 1;

  if (segments == NULL || n_segments == 0)
    {
      segments = &whole;
      n_segments = 1;
    }
  copy = malloc (n_segments * sizeof *copy);
  if (copy == NULL)
    return LQ_ERR_NOMEM;
  memcpy (copy, segments, n_segments * sizeof *copy);
  for (uint32_t i = 0; i < n_segments; i++)
    if (copy[i].track >= 0 && (uint32_t) copy[i].track + 1 > n_tracks)
      n_tracks = (uint32_t) copy[i].track + 1;
  free (self->segments);
  self->segments = copy;
  self->n_segments = n_segments;
  self->n_tracks = n_tracks;
  self->in_seg = -1;
  return LQ_OK;
}

uint32_t
lq_playback_graph_get_n_tracks (const LqPlaybackGraph *self)
{
  return self->n_tracks;
}

LqPlaybackSettings *
lq_playback_graph_prepare_settings (LqPlaybackGraph *self,
                                    const LqChainSettings *settings,
                                    uint32_t n)
{
  LqPlaybackSettings *prepared;

  if (settings == NULL || n == 0)
    return NULL;
  prepared = calloc (1, sizeof *prepared + n * sizeof prepared->tracks[0]);
  if (prepared == NULL)
    return NULL;
  prepared->n_tracks = n;
  /* One round: the designer keeps every track's kernel, so the next
   * settings (an edit to one track) design only the curves that changed. */
  lq_match_eq_designer_begin_round (self->designer);
  for (uint32_t i = 0; i < n; i++)
    {
      prepared->tracks[i] = lq_chain_update_new (self->designer, &settings[i]);
      if (prepared->tracks[i] == NULL)
        {
          lq_match_eq_designer_end_round (self->designer);
          lq_playback_settings_free (prepared);
          return NULL;
        }
    }
  lq_match_eq_designer_end_round (self->designer);
  return prepared;
}

void
lq_playback_settings_free (LqPlaybackSettings *settings)
{
  if (settings == NULL)
    return;
  for (uint32_t i = 0; i < settings->n_tracks; i++)
    lq_chain_update_free (settings->tracks[i]);
  free (settings);
}

void
lq_playback_settings_destroy (void *settings)
{
  lq_playback_settings_free (settings);
}

void
lq_playback_graph_publish_settings (LqPlaybackGraph *self, LqPlaybackSettings *settings)
{
  lq_mailbox_publish (self->settings_box, settings);
}

void
lq_playback_graph_publish_params (LqPlaybackGraph *self, LqPlaybackParams *params)
{
  lq_mailbox_publish (self->params_box, params);
}

void
lq_playback_graph_collect (LqPlaybackGraph *self)
{
  lq_mailbox_collect (self->settings_box);
  lq_mailbox_collect (self->params_box);
}

void
lq_playback_graph_set_playing (LqPlaybackGraph *self, bool playing)
{
  atomic_store_explicit (&self->playing, playing, memory_order_release);
}

bool
lq_playback_graph_get_playing (const LqPlaybackGraph *self)
{
  return atomic_load_explicit (&((LqPlaybackGraph *) self)->playing, memory_order_acquire);
}

void
lq_playback_graph_set_length (LqPlaybackGraph *self, int64_t frames)
{
  atomic_store_explicit (&self->length, frames, memory_order_release);
}

void
lq_playback_graph_seek (LqPlaybackGraph *self, int64_t frame)
{
  if (frame < 0)
    frame = 0;
  atomic_store_explicit (&self->prerolling, true, memory_order_release);
  atomic_store_explicit (&self->seek_request, frame + 1, memory_order_release);
}

int64_t
lq_playback_graph_get_position (const LqPlaybackGraph *self)
{
  LqPlaybackGraph *s = (LqPlaybackGraph *) self;
  int64_t request = atomic_load_explicit (&s->seek_request, memory_order_acquire);

  /* A seek not taken yet: the position asked for. */
  if (request != 0)
    return request - 1;
  return atomic_load_explicit (&s->position, memory_order_acquire);
}

bool
lq_playback_graph_is_prerolling (const LqPlaybackGraph *self)
{
  return atomic_load_explicit (&((LqPlaybackGraph *) self)->prerolling, memory_order_acquire);
}

uint64_t
lq_playback_graph_get_underruns (const LqPlaybackGraph *self)
{
  return atomic_load_explicit (&((LqPlaybackGraph *) self)->underruns, memory_order_relaxed);
}

uint64_t
lq_playback_graph_get_frames_heard (const LqPlaybackGraph *self)
{
  return atomic_load_explicit (&((LqPlaybackGraph *) self)->frames_heard, memory_order_relaxed);
}

void
lq_playback_graph_read_meter (const LqPlaybackGraph *self, LqLiveMeterSnapshot *snapshot)
{
  lq_live_meter_read (self->meter, snapshot);
}

LqRingBuffer *
lq_playback_graph_get_track_ring (LqPlaybackGraph *self)
{
  return self->track_ring;
}

LqRingBuffer *
lq_playback_graph_get_reference_ring (LqPlaybackGraph *self)
{
  return self->ref_ring;
}

int64_t
lq_playback_graph_get_flush_target (const LqPlaybackGraph *self)
{
  return atomic_load_explicit (&((LqPlaybackGraph *) self)->flush_target, memory_order_acquire);
}

/* Audio thread from here on. */

static double
sane_gain (double g)
{
  return isfinite (g) && g >= 0.0 ? g : 1.0;
}

/* The level-match gains of the params picked up, times the heard track's
 * own (self->params.track_gain belongs to params_seen, which the callback
 * holds until it picks up the next), ramped over @ramp frames. */
static void
apply_gains (LqPlaybackGraph *self, uint32_t ramp)
{
  const LqPlaybackParams *p = &self->params;
  int32_t t = self->out_track;
  double g[3];

  for (int s = 0; s < 3; s++)
    {
      g[s] = sane_gain (p->gain[s]);
      if (t >= 0 && (uint32_t) t < p->n_track_gains && p->track_gain != NULL)
        g[s] *= sane_gain (p->track_gain[3 * (size_t) t + s]);
    }
  lq_ramp_set_target (&self->gain[0], g[0], ramp);
  lq_ramp_set_target (&self->gain[1], g[1], ramp);
  lq_crossfade_set_gain (self->fade, 1, g[2]);
}

static void
pick_up (LqPlaybackGraph *self)
{
  const LqPlaybackSettings *settings = lq_mailbox_pickup (self->settings_box);
  const LqPlaybackParams *params = lq_mailbox_pickup (self->params_box);

  if (settings != NULL && settings != self->settings)
    {
      /* Each running chain takes its track's entry; rejected values keep the
       * ones accepted before (lq-chain.h); the curves were designed on the
       * control thread. */
      self->settings = settings;
      for (int sl = 0; sl < N_SLOTS; sl++)
        if (self->slot_started[sl] && (uint32_t) self->slot_track[sl] < settings->n_tracks)
          (void) lq_chain_apply_update (self->chain[sl], settings->tracks[self->slot_track[sl]]);
    }
  if (params != NULL && params != self->params_seen)
    {
      uint32_t ramp = (uint32_t) lround (LQ_PLAYBACK_GAIN_RAMP_MS * 1e-3 * self->rate);
      double ms = fmin (fmax (params->crossfade_ms, 0.0), LQ_CROSSFADE_MAX_MS);

      self->params_seen = params;
      self->params = *params;
      apply_gains (self, ramp);
      lq_crossfade_set_length_ms (self->fade, ms);
      self->weight_step = ms > 0.0 ? 1.0 / fmax (1.0, ms * 1e-3 * self->rate) : 1.0;
      /* Stage A holds the track source chosen last while the reference plays. */
      if (params->source == LQ_PLAYBACK_MIX)
        self->master_target = 0.0;
      else if (params->source == LQ_PLAYBACK_MASTER)
        self->master_target = 1.0;
      if (self->weight_step >= 1.0)
        self->master_weight = self->master_target;   /* 0 ms: at this block boundary */
      lq_crossfade_set_target (self->fade, params->source == LQ_PLAYBACK_REFERENCE ? 1 : 0);
    }
}

/* Ramps and fades at their targets: what follows a seek starts afresh. */
static void
settle (LqPlaybackGraph *self)
{
  double ms = fmin (fmax (self->params.crossfade_ms, 0.0), LQ_CROSSFADE_MAX_MS);

  lq_ramp_init (&self->gain[0], self->gain[0].target);
  lq_ramp_init (&self->gain[1], self->gain[1].target);
  self->master_weight = self->master_target;
  for (int f = 0; f < LQ_MONITOR_N_FLAGS; f++)
    self->monitor[f] = (self->params.monitor & (1u << f)) ? 1.0 : 0.0;
  lq_crossfade_set_length_ms (self->fade, 0.0);
  lq_crossfade_set_target (self->fade, lq_crossfade_get_target (self->fade));
  lq_crossfade_set_length_ms (self->fade, ms);
}

static void
take_seek (LqPlaybackGraph *self)
{
  int64_t request = atomic_exchange_explicit (&self->seek_request, 0, memory_order_acq_rel);

  if (request == 0)
    return;
  atomic_store_explicit (&self->flush_target, request - 1, memory_order_release);
  lq_ring_buffer_request_flush (self->track_ring);
  lq_ring_buffer_request_flush (self->ref_ring);
  for (int sl = 0; sl < N_SLOTS; sl++)
    {
      self->slot_started[sl] = false;
      self->slot_tail[sl] = 0;
    }
  self->in_seg = -1;
  self->out_seg = -1;
  self->out_track = -1;   /* the first track heard takes its gains at once */
  for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
    memset (self->delay[c], 0, (self->latency + 1) * sizeof (float));
  memset (self->tl_delay, 0, (self->latency + 1) * sizeof (int64_t));
  memset (self->slot_delay, NO_SLOT, self->latency + 1);
  self->delay_pos = 0;
  self->preroll = self->latency;
  self->seek_pending = true;
  settle (self);
  atomic_store_explicit (&self->position, request - 1, memory_order_release);
}

/* Resets chain @slot for @track and starts feeding it. */
static void
start_slot (LqPlaybackGraph *self, int32_t slot, int32_t track)
{
  const LqChainUpdate *u = self->settings != NULL && (uint32_t) track < self->settings->n_tracks
                           ? self->settings->tracks[track] : self->neutral;

  (void) lq_chain_apply_update (self->chain[slot], u);
  lq_chain_reset (self->chain[slot]);
  self->slot_started[slot] = true;
  self->slot_track[slot] = track;
  self->slot_tail[slot] = 0;
}

/* The input moved to segment @s (-1: past the program): the chain fed so far
 * plays out its tail (fed the ring's tail channels); an audio segment takes
 * the other chain. */
static void
enter_segment (LqPlaybackGraph *self, int32_t s)
{
  if (self->slot_started[self->in_slot])
    self->slot_tail[self->in_slot] = self->latency;
  self->in_seg = s;
  if (s >= 0 && self->segments[s].track >= 0)
    {
      self->in_slot = 1 - self->in_slot;
      self->slot_started[self->in_slot] = false;
      self->slot_tail[self->in_slot] = 0;
    }
}

/* The chains over input frames [k, k + m), all of one segment and all
 * through the chain (@audio) or none. */
static void
run_chains (LqPlaybackGraph *self, uint32_t k, uint32_t m, bool audio)
{
  for (int32_t sl = 0; sl < N_SLOTS; sl++)
    {
      bool feed = audio && sl == self->in_slot;
      bool live = self->slot_started[sl] && (feed || self->slot_tail[sl] > 0);
      float *ch[LQ_PLAYBACK_CHANNELS] = { self->slot_buf[sl][0] + k, self->slot_buf[sl][1] + k };

      if (!live)
        {
          for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
            memset (ch[c], 0, m * sizeof (float));
          continue;   /* not heard */
        }
      /* Fed the segment, or in its tail what follows it in the track. */
      for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
        memcpy (ch[c], self->src[(feed ? 0 : LQ_PLAYBACK_TAIL_L) + c] + k, m * sizeof (float));
      lq_chain_process (self->chain[sl], ch, m);
      if (!feed)
        self->slot_tail[sl] -= self->slot_tail[sl] < m ? self->slot_tail[sl] : m;
    }
  memset (self->slot_in + k, audio ? self->in_slot : NO_SLOT, m);
}

/* The track path for @n frames already in src: each frame's timeline tag
 * decoded, the chains run segment by segment, then the mix, the tags and
 * the chain of each frame delayed by the latency, and the master taken
 * from the chain that processed it (silence in gaps). */
static void
run_track (LqPlaybackGraph *self, uint32_t n)
{
  uint32_t len = self->latency;
  uint32_t k = 0;

  for (uint32_t j = 0; j < n; j++)
    self->tl_in[j] = lq_playback_tag_decode (self->src[LQ_PLAYBACK_TAG_HI][j],
                                             self->src[LQ_PLAYBACK_TAG_LO][j]);
  while (k < n)
    {
      int64_t t = self->tl_in[k];
      int32_t s = lq_playback_timeline_find (self->segments, self->n_segments, t,
                                             self->in_seg);
      const LqPlaybackSegment *seg = s >= 0 ? &self->segments[s] : NULL;
      int64_t limit = n - k;
      uint32_t end = k + 1;
      bool audio;

      if (s != self->in_seg)
        enter_segment (self, s);
      audio = seg != NULL && seg->track >= 0 && t >= seg->audio_from;
      if (seg != NULL)
        {
          if (seg->start + seg->length - t < limit)
            limit = seg->start + seg->length - t;
          if (!audio && seg->track >= 0 && seg->audio_from - t < limit)
            limit = seg->audio_from - t;
        }
      while (end < n && (int64_t) (end - k) < limit && self->tl_in[end] == self->tl_in[end - 1] + 1)
        end++;
      if (audio && !self->slot_started[self->in_slot])
        start_slot (self, self->in_slot, seg->track);
      run_chains (self, k, end - k, audio);
      k = end;
    }

  for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
    {
      float *d = self->delay[c];
      const float *x = self->src[c];
      float *m = self->mix[c];
      uint32_t p = self->delay_pos;

      if (len == 0)
        {
          memcpy (m, x, n * sizeof (float));
          continue;
        }
      for (uint32_t j = 0; j < n; j++)
        {
          m[j] = d[p];
          d[p] = x[j];
          if (++p == len)
            p = 0;
        }
    }
  if (len == 0)
    {
      memcpy (self->tl_out, self->tl_in, n * sizeof (int64_t));
      memcpy (self->slot_out, self->slot_in, n);
    }
  else
    {
      uint32_t p = self->delay_pos;

      for (uint32_t j = 0; j < n; j++)
        {
          self->tl_out[j] = self->tl_delay[p];
          self->tl_delay[p] = self->tl_in[j];
          self->slot_out[j] = self->slot_delay[p];
          self->slot_delay[p] = self->slot_in[j];
          if (++p == len)
            p = 0;
        }
      self->delay_pos = (uint32_t) ((self->delay_pos + n) % len);
    }
  for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
    {
      const float *a = self->slot_buf[0][c], *b = self->slot_buf[1][c];
      float *out = self->master[c];

      for (uint32_t j = 0; j < n; j++)
        out[j] = self->slot_out[j] == 0 ? a[j] : self->slot_out[j] == 1 ? b[j] : 0.0f;
    }
}

/* The timeline frame of the next frame out. */
static int64_t
next_out (LqPlaybackGraph *self, uint32_t n)
{
  if (self->latency == 0)
    return self->tl_out[n - 1] + 1;
  return self->tl_delay[self->delay_pos];
}

/* Processes and discards up to @budget frames of preroll; true when done. */
static bool
run_preroll (LqPlaybackGraph *self, uint32_t budget)
{
  while (self->preroll > 0 && budget > 0)
    {
      uint32_t want = self->max_block;
      uint32_t got;

      if ((int64_t) want > self->preroll)
        want = (uint32_t) self->preroll;
      if (want > budget)
        want = budget;
      got = lq_ring_buffer_read (self->track_ring, self->src, want);
      if (got == 0)
        return false;   /* still filling after the flush */
      run_track (self, got);
      self->preroll -= got;
      budget -= got;
    }
  return self->preroll == 0;
}

/* Stage A: mix and master, equal-gain, into mix[]. */
static void
mix_track (LqPlaybackGraph *self, uint32_t k0, uint32_t n)
{
  float *ml = self->mix[0] + k0, *mr = self->mix[1] + k0;
  const float *al = self->master[0] + k0, *ar = self->master[1] + k0;
  bool settled = self->master_weight == self->master_target
                 && self->gain[0].remaining == 0 && self->gain[1].remaining == 0;

  if (settled && self->master_weight == 1.0 && self->gain[1].value == 1.0)
    {
      memcpy (ml, al, n * sizeof (float));
      memcpy (mr, ar, n * sizeof (float));
      return;
    }
  if (settled && self->master_weight == 0.0)
    {
      float g = (float) self->gain[0].value;

      for (uint32_t k = 0; k < n; k++)
        {
          ml[k] = g * ml[k];
          mr[k] = g * mr[k];
        }
      return;
    }
  for (uint32_t k = 0; k < n; k++)
    {
      double w = self->master_weight;
      double gm = lq_ramp_next (&self->gain[0]) * (1.0 - w);
      double ga = lq_ramp_next (&self->gain[1]) * w;

      ml[k] = (float) (gm * ml[k] + ga * al[k]);
      mr[k] = (float) (gm * mr[k] + ga * ar[k]);
      if (w < self->master_target)
        w = fmin (w + self->weight_step, self->master_target);
      else if (w > self->master_target)
        w = fmax (w - self->weight_step, self->master_target);
      self->master_weight = w;
    }
}

/* The track of each of the first @n frames out (-1: silence or past the
 * program), by their timeline tags. */
static void
mark_tracks (LqPlaybackGraph *self, uint32_t n)
{
  for (uint32_t j = 0; j < n; j++)
    {
      int32_t s = lq_playback_timeline_find (self->segments, self->n_segments, self->tl_out[j],
                                             self->out_seg);

      self->out_seg = s;
      self->track_out[j] = s >= 0 ? self->segments[s].track : -1;
    }
}

static void
run_monitor (LqPlaybackGraph *self, uint32_t n)
{
  float *l = self->heard[0], *r = self->heard[1];
  bool active = false;

  for (int f = 0; f < LQ_MONITOR_N_FLAGS; f++)
    if (self->monitor[f] != 0.0 || (self->params.monitor & (1u << f)))
      active = true;
  if (!active)
    return;
  for (uint32_t k = 0; k < n; k++)
    {
      double x = l[k], y = r[k], m[LQ_MONITOR_N_FLAGS];

      for (int f = 0; f < LQ_MONITOR_N_FLAGS; f++)
        {
          double target = (self->params.monitor & (1u << f)) ? 1.0 : 0.0;

          if (self->monitor[f] < target)
            self->monitor[f] = fmin (self->monitor[f] + self->monitor_step, target);
          else if (self->monitor[f] > target)
            self->monitor[f] = fmax (self->monitor[f] - self->monitor_step, target);
          m[f] = self->monitor[f];
        }
      /* Swap, mono, side, polarity, dim. */
      {
        double a = (1.0 - m[3]) * x + m[3] * y;
        double b = (1.0 - m[3]) * y + m[3] * x;
        double mid = 0.5 * (a + b), side = 0.5 * (a - b);
        double g;

        a = (1.0 - m[0]) * a + m[0] * mid;
        b = (1.0 - m[0]) * b + m[0] * mid;
        a = (1.0 - m[1]) * a + m[1] * side;
        b = (1.0 - m[1]) * b + m[1] * side;
        g = (1.0 - 2.0 * m[2]) * (1.0 + m[4] * (self->dim_gain - 1.0));
        l[k] = (float) (g * a);
        r[k] = (float) (g * b);
      }
    }
}

static void
write_out (float *out, float *const *ch, uint32_t n)
{
  for (uint32_t k = 0; k < n; k++)
    {
      out[2 * k] = ch[0][k];
      out[2 * k + 1] = ch[1][k];
    }
}

static void
process_block (LqPlaybackGraph *self, float *out, uint32_t n)
{
  uint32_t got, got_ref, heard;
  int64_t pos, length, next;
  const float *const *sources[2];

  pick_up (self);
  take_seek (self);

  if (self->seek_pending)
    {
      /* At most about two blocks of work per callback. */
      if (run_preroll (self, 2 * n))
        {
          self->seek_pending = false;
          atomic_store_explicit (&self->prerolling, false, memory_order_release);
        }
      memset (out, 0, (size_t) n * LQ_PLAYBACK_CHANNELS * sizeof (float));
      return;
    }

  pos = atomic_load_explicit (&self->position, memory_order_relaxed);
  length = atomic_load_explicit (&self->length, memory_order_acquire);
  if (!atomic_load_explicit (&self->playing, memory_order_acquire) || pos >= length)
    {
      if (pos >= length)
        atomic_store_explicit (&self->playing, false, memory_order_release);
      memset (out, 0, (size_t) n * LQ_PLAYBACK_CHANNELS * sizeof (float));
      return;
    }

  got = lq_ring_buffer_read (self->track_ring, self->src, n);
  if (got < n)
    atomic_fetch_add_explicit (&self->underruns, 1, memory_order_relaxed);
  if (got == 0)
    {
      memset (out, 0, (size_t) n * LQ_PLAYBACK_CHANNELS * sizeof (float));
      return;
    }
  run_track (self, got);
  /* Heard up to the end of the timeline (the reader writes on past it). */
  heard = got;
  for (uint32_t k = 0; k < got; k++)
    if (self->tl_out[k] >= length)
      {
        heard = k;
        break;
      }
  next = heard < got ? self->tl_out[heard] : next_out (self, got);
  if (heard > 0)
    {
      got_ref = lq_ring_buffer_read (self->ref_ring, self->ref, heard);
      for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
        memset (self->ref[c] + got_ref, 0, (heard - got_ref) * sizeof (float));
      mark_tracks (self, heard);
      /* Stage A and B in runs of one heard track: each takes its gains. */
      for (uint32_t k = 0, end; k < heard; k = end)
        {
          const float *mix[LQ_PLAYBACK_CHANNELS], *ref[LQ_PLAYBACK_CHANNELS];
          float *dst[LQ_PLAYBACK_CHANNELS];

          for (end = k + 1; end < heard && self->track_out[end] == self->track_out[k]; end++)
            ;
          if (self->track_out[k] >= 0 && self->track_out[k] != self->out_track)
            {
              uint32_t ramp = (uint32_t) lround (LQ_PLAYBACK_GAIN_RAMP_MS * 1e-3 * self->rate);

              ramp = self->out_track < 0 ? 0 : ramp;
              self->out_track = self->track_out[k];
              apply_gains (self, ramp);
            }
          mix_track (self, k, end - k);
          for (uint32_t c = 0; c < LQ_PLAYBACK_CHANNELS; c++)
            {
              mix[c] = self->mix[c] + k;
              ref[c] = self->ref[c] + k;
              dst[c] = self->heard[c] + k;
            }
          sources[0] = mix;
          sources[1] = ref;
          lq_crossfade_process (self->fade, sources, 2, dst, end - k);
        }
      run_monitor (self, heard);
      lq_live_meter_process (self->meter, (const float *const *) self->heard, heard);
      write_out (out, self->heard, heard);
    }
  memset (out + (size_t) heard * LQ_PLAYBACK_CHANNELS, 0,
          (size_t) (n - heard) * LQ_PLAYBACK_CHANNELS * sizeof (float));
  atomic_store_explicit (&self->position, next, memory_order_release);
  atomic_fetch_add_explicit (&self->frames_heard, heard, memory_order_relaxed);
  if (next >= length)
    atomic_store_explicit (&self->playing, false, memory_order_release);
}

void
lq_playback_graph_process (LqPlaybackGraph *self, float *out, uint32_t frames)
{
  while (frames > 0)
    {
      uint32_t n = frames < self->max_block ? frames : self->max_block;

      memset (out, 0, (size_t) n * LQ_PLAYBACK_CHANNELS * sizeof (float));
      process_block (self, out, n);
      out += (size_t) n * LQ_PLAYBACK_CHANNELS;
      frames -= n;
    }
}
