/* lq-render.c: one track, from its source to a finished file. */
#define _GNU_SOURCE   /* renameat2 */
#include "config.h"

#include "lq-render.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lq-chain.h"
#include "lq-chain-settings.h"
#include "lq-error.h"
#include "lq-limiter.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"
#include "lq-output-folder.h"
#include "lq-project-fields.h"
#include "lq-source-stage.h"
#include "lq-tags.h"

#define BLOCK 4096
#define CHANNELS 2

typedef struct
{
  const LqRenderOptions *options;
  SNDFILE *file;
  guint out_channels;
  gboolean dual_mono;    /* a mono source on two channels: written equal */
  soxr_t soxr;
  LqLimiter *post;       /* after the resampler, see post_write() */
  gint64 post_drop;      /* its latency, still to drop */
  gint64 expected;       /* output frames to write */
  gint64 written;
  guint64 rng[CHANNELS];
  float *src_out[CHANNELS];
  gsize src_out_cap;
  int *ibuf;             /* interleaved output, integer formats */
  float *fbuf;           /* interleaved output, float */
  LqProgressFunc progress;
  gpointer progress_data;
} Writer;

double
lq_fade_gain (LqFadeShape shape,
              double t)
{
  if (!(t > 0.0))
    return 0.0;
  if (t >= 1.0)
    return 1.0;
  switch (shape)
    {
    case LQ_FADE_LOG:
      /* Linear in dB from -60 dB to 0 dB (exponential in amplitude), times
       * t so that it starts from true silence. */
      return t * pow (10.0, -3.0 * (1.0 - t));
    case LQ_FADE_SCURVE:
      return 0.5 - 0.5 * cos (G_PI * t);
    case LQ_FADE_LINEAR:
    default:
      return t;
    }
}

LqFadeShape
lq_fade_shape_from_string (const char *name)
{
  if (g_strcmp0 (name, "log") == 0)
    return LQ_FADE_LOG;
  if (g_strcmp0 (name, "scurve") == 0)
    return LQ_FADE_SCURVE;
  return LQ_FADE_LINEAR;
}

gboolean
lq_render_format_from_string (const char *name,
                              LqRenderFormat *format)
{
  if (g_ascii_strcasecmp (name, "wav") == 0)
    *format = LQ_RENDER_WAV;
  else if (g_ascii_strcasecmp (name, "flac") == 0)
    *format = LQ_RENDER_FLAC;
  else if (g_ascii_strcasecmp (name, "aiff") == 0 || g_ascii_strcasecmp (name, "aif") == 0)
    *format = LQ_RENDER_AIFF;
  else
    return FALSE;
  return TRUE;
}

const char *
lq_render_format_extension (LqRenderFormat format)
{
  switch (format)
    {
    case LQ_RENDER_FLAC: return "flac";
    case LQ_RENDER_AIFF: return "aiff";
    case LQ_RENDER_WAV:
    default: return "wav";
    }
}

gboolean
lq_render_format_supports (LqRenderFormat format,
                           guint bits)
{
  if (bits != 16 && bits != 24 && bits != 32)
    return FALSE;
  return !(format == LQ_RENDER_FLAC && bits == 32);
}

int
lq_render_choose_sf_format (LqRenderFormat format,
                            guint bits,
                            guint channels,
                            gint64 frames,
                            GError **error)
{
  int major = format == LQ_RENDER_FLAC ? SF_FORMAT_FLAC
              : format == LQ_RENDER_AIFF ? SF_FORMAT_AIFF : SF_FORMAT_WAV;
  int minor = bits == 16 ? SF_FORMAT_PCM_16 : bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_FLOAT;
  /* In double: no overflow whatever the inputs. */
  double bytes = (double) MAX (frames, 0) * MAX (channels, 1) * (bits / 8);

  if (major != SF_FORMAT_FLAC && bytes > (double) LQ_RENDER_MAX_32BIT_DATA)
    {
      if (major == SF_FORMAT_WAV)
        return SF_FORMAT_RF64 | minor;
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The track would take %.1f GB: an AIFF file cannot hold more than 4 GiB. "
                     "Export as WAV (written as RF64 when that large) or FLAC"),
                   bytes / 1e9);
      return 0;
    }
  return major | minor;
}

static double
value_double (const GValue *v)
{
  return v != NULL && G_VALUE_HOLDS_DOUBLE (v) ? g_value_get_double (v) : 0.0;
}

static char *
value_text (const GValue *v)
{
  if (v != NULL && G_VALUE_HOLDS_STRING (v) && g_value_get_string (v) != NULL
      && *g_value_get_string (v) != '\0')
    return g_value_dup_string (v);
  if (v != NULL && G_VALUE_HOLDS_INT64 (v))
    return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (v));
  return NULL;
}

static const GValue *
track_value (LqTrack *track,
             const char *key)
{
  return lq_track_get_value (track, lq_project_fields_lookup (FALSE, key));
}

static const GValue *
album_value (LqProject *project,
             const char *key)
{
  return lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, key));
}

void
lq_render_spec_init (LqRenderSpec *spec,
                     LqProject *project,
                     LqTrack *track)
{
  g_autofree char *fade_in_shape = NULL;
  g_autofree char *fade_out_shape = NULL;

  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (LQ_IS_TRACK (track));

  memset (spec, 0, sizeof *spec);
  spec->target_lufs = NAN;
  spec->source = g_strdup (lq_track_get_path (track));
  spec->gap_s = value_double (track_value (track, "gap"));
  spec->trim_in_s = value_double (track_value (track, "trim-in"));
  spec->trim_out_s = value_double (track_value (track, "trim-out"));
  spec->fade_in_s = value_double (track_value (track, "fade-in"));
  spec->fade_out_s = value_double (track_value (track, "fade-out"));
  fade_in_shape = value_text (track_value (track, "fade-in-shape"));
  fade_out_shape = value_text (track_value (track, "fade-out-shape"));
  spec->fade_in_shape = lq_fade_shape_from_string (fade_in_shape);
  spec->fade_out_shape = lq_fade_shape_from_string (fade_out_shape);
  lq_chain_settings_from_project (&spec->chain, project, track);

  spec->title = g_strdup (lq_track_get_display_name (track));
  spec->artist = value_text (track_value (track, "artist"));
  if (spec->artist == NULL)
    spec->artist = value_text (album_value (project, "artist"));
  spec->album_artist = value_text (album_value (project, "artist"));
  spec->album = value_text (album_value (project, "title"));
  spec->date = value_text (album_value (project, "year"));
  spec->composer = value_text (track_value (track, "composer"));
  spec->genre = value_text (album_value (project, "genre"));
  spec->isrc = value_text (track_value (track, "isrc"));
  spec->track_number = lq_track_get_position (track);
  spec->n_tracks = lq_project_get_n_tracks (project);
}

void
lq_render_spec_clear (LqRenderSpec *spec)
{
  g_clear_pointer (&spec->source, g_free);
  g_clear_pointer (&spec->title, g_free);
  g_clear_pointer (&spec->artist, g_free);
  g_clear_pointer (&spec->album_artist, g_free);
  g_clear_pointer (&spec->album, g_free);
  g_clear_pointer (&spec->date, g_free);
  g_clear_pointer (&spec->composer, g_free);
  g_clear_pointer (&spec->genre, g_free);
  g_clear_pointer (&spec->isrc, g_free);
}

void
lq_render_options_init (LqRenderOptions *options)
{
  memset (options, 0, sizeof *options);
  options->format = LQ_RENDER_WAV;
  options->bits = 24;
  options->rate = 0;
  options->ceiling_dbtp = -1.0;
  options->limiter = TRUE;
  options->overwrite = FALSE;
  options->dither_seed = 1;
  options->channels = 2;
}

/* The trimmed length at the output rate, rounded to the nearest frame. */
static gint64
written_length (gint64 length,
                guint rate,
                guint out_rate)
{
  return out_rate == rate ? length : (gint64) llround ((double) length * out_rate / (double) rate);
}

gboolean
lq_render_get_output (const LqRenderSpec *spec,
                      const LqRenderOptions *options,
                      gint64 *frames,
                      guint *channels,
                      GError **error)
{
  g_autoptr(LqSourceStage) stage = NULL;
  guint rate;

  g_return_val_if_fail (spec != NULL && spec->source != NULL && options != NULL, FALSE);

  stage = lq_source_stage_new (spec, LQ_SOURCE_STAGE_NONE, error);
  if (stage == NULL)
    return FALSE;
  rate = lq_source_stage_get_sample_rate (stage);
  if (frames != NULL)
    *frames = written_length (lq_source_stage_get_length (stage), rate,
                              options->rate != 0 ? options->rate : rate);
  /* As render_pass() writes them: a mono source as dual mono unless the
   * output is mono. */
  if (channels != NULL)
    *channels = options->channels == 1 ? 1 : CHANNELS;
  return TRUE;
}

/* splitmix64: a small, fast, reproducible generator for the dither. */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [-0.5, 0.5). */
static double
uniform (guint64 *state)
{
  return (double) (next_random (state) >> 11) * (1.0 / 9007199254740992.0) - 0.5;
}

/* Quantises (with TPDF dither: the sum of two uniform variables of 1 LSB
 * peak to peak each) or copies @n frames to the file. */
static gboolean
write_frames (Writer *w,
              float *const *ch,
              gsize n,
              GError **error)
{
  guint bits = w->options->bits;
  guint nc = w->out_channels;
  sf_count_t done;

  n = (gsize) MIN ((gint64) n, w->expected - w->written);
  if (n == 0)
    return TRUE;

  if (bits == 32)
    {
      for (gsize i = 0; i < n; i++)
        for (guint c = 0; c < nc; c++)
          w->fbuf[i * nc + c] = ch[w->dual_mono ? 0 : c][i];
      done = sf_writef_float (w->file, w->fbuf, (sf_count_t) n);
    }
  else
    {
      double scale = bits == 16 ? 32768.0 : 8388608.0;
      double top = scale - 1.0;
      int shift = 32 - (int) bits;

      for (gsize i = 0; i < n; i++)
        for (guint c = 0; c < nc; c++)
          {
            double v, q;

            /* Dual mono stays exactly dual mono: one dither for both. */
            if (c == 1 && w->dual_mono)
              {
                w->ibuf[i * nc + 1] = w->ibuf[i * nc];
                continue;
              }
            v = (double) ch[c][i] * scale + uniform (&w->rng[c]) + uniform (&w->rng[c]);
            q = floor (v + 0.5);

            q = CLAMP (q, -scale, top);
            w->ibuf[i * nc + c] = (int) ((gint64) q * ((gint64) 1 << shift));
          }
      done = sf_writef_int (w->file, w->ibuf, (sf_count_t) n);
    }

  if (done != (sf_count_t) n)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Writing failed: %s"), sf_strerror (w->file));
      return FALSE;
    }
  w->written += (gint64) n;
  if (w->progress != NULL)
    w->progress ((double) w->written / (double) w->expected, w->progress_data);
  return TRUE;
}

/* After a sample-rate conversion. Resampling filters change the waveform
 * between the samples, so a signal the chain's limiter held at the ceiling
 * can come out of the resampler up to about 0.6 dB over it (dense, limited
 * material at 44.1 -> 48 kHz). A second true-peak limiter at the output
 * rate, with the same ceiling, restores the guarantee; it only acts on
 * those overshoots. Its latency is dropped here and flushed at the end.
 * Processes @ch in place. */
static gboolean
post_write (Writer *w,
            float *const *ch,
            gsize n,
            GError **error)
{
  gsize skip;

  if (w->post == NULL)
    return write_frames (w, ch, n, error);

  lq_limiter_process (w->post, ch, (uint32_t) n);
  skip = (gsize) MIN ((gint64) n, w->post_drop);
  w->post_drop -= (gint64) skip;
  if (skip == n)
    return TRUE;
  {
    float *rest[CHANNELS] = { ch[0] + skip, ch[1] + skip };

    return write_frames (w, rest, n - skip, error);
  }
}

/* Resamples (when asked) and writes @n frames; @ch NULL flushes the
 * resampler at the end. */
static gboolean
emit (Writer *w,
      float *const *ch,
      gsize n,
      GError **error)
{
  gsize in_done = 0;

  if (w->soxr == NULL)
    return ch == NULL || write_frames (w, ch, n, error);

  for (;;)
    {
      const float *in[CHANNELS] = { NULL, NULL };
      gsize idone = 0, odone = 0;
      soxr_error_t e;

      if (ch != NULL)
        {
          in[0] = ch[0] + in_done;
          in[1] = ch[1] + in_done;
        }
      e = soxr_process (w->soxr, ch != NULL ? (soxr_in_t) in : NULL, ch != NULL ? n - in_done : 0,
                        &idone, (soxr_out_t) w->src_out, w->src_out_cap, &odone);
      if (e != NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Sample-rate conversion failed: %s"), e);
          return FALSE;
        }
      in_done += idone;
      if (!post_write (w, w->src_out, odone, error))
        return FALSE;
      if (ch != NULL ? in_done >= n && odone < w->src_out_cap : odone == 0)
        return TRUE;
    }
}

/* The release tags of @spec (lq-tags.h writes them). */
static void
tags_of (const LqRenderSpec *spec,
         LqTags *tags)
{
  *tags = (LqTags) {
    .title = spec->title,
    .artist = spec->artist,
    .album_artist = spec->album_artist,
    .album = spec->album,
    .composer = spec->composer,
    .genre = spec->genre,
    .date = spec->date,
    .isrc = spec->isrc,
    .track_number = spec->track_number,
    .n_tracks = MAX (spec->n_tracks, spec->track_number),
  };
}

/* Puts @tmp at @path: atomically, and without replacing a file there unless
 * @overwrite. */
static gboolean
move_into_place (const char *tmp,
                 const char *path,
                 gboolean overwrite,
                 GError **error)
{
  int saved;

  if (overwrite)
    {
      if (rename (tmp, path) == 0)
        return TRUE;
    }
  else
    {
      if (renameat2 (AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return TRUE;
      /* A file system without RENAME_NOREPLACE: link() refuses an existing
       * target too. */
      if (errno == EINVAL || errno == ENOSYS)
        {
          if (link (tmp, path) == 0)
            {
              g_unlink (tmp);
              return TRUE;
            }
        }
    }
  saved = errno;
  if (saved == EEXIST)
    g_set_error_literal (error, LQ_ERROR, LQ_ERROR_EXISTS,
                         _("The file exists already"));
  else
    g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Could not move the finished file into place: %s"),
                 g_strerror (saved));
  return FALSE;
}

/* Progress over the passes: the first pass is most of the work; a
 * correction pass, when one is needed, takes the bar on from there. */
typedef struct
{
  LqProgressFunc func;
  gpointer data;
  guint pass;
} PassProgress;

static void
pass_progress_cb (double fraction,
                  gpointer user_data)
{
  PassProgress *pp = user_data;
  double from, span;

  if (pp->func == NULL)
    return;
  if (pp->pass == 0)
    from = 0.0, span = 0.8;
  else
    from = 0.8 + 0.2 * (1.0 - 1.0 / pp->pass), span = 0.2 * (1.0 / pp->pass - 1.0 / (pp->pass + 1));
  pp->func (from + span * fraction, pp->data);
}

/* One pass: source stage (trims, fades) -> chain with @settings -> (soxr -> post
 * limiter) -> dither -> a new file at @tmp, closed and synced. *@lufs gets
 * the integrated loudness of the chain's output (at the source rate). With
 * @tmp NULL, the chain and its measurement only: nothing is resampled or
 * written (lq_render_solve_gain()). */
static gboolean
render_pass (const LqRenderSpec *spec,
             const LqRenderOptions *options,
             const LqChainSettings *settings,
             const char *tmp,
             const LqTags *tags,
             int *format_out,
             gint64 *frames_out,
             double *lufs,
             GCancellable *cancellable,
             PassProgress *pp,
             GError **error)
{
  g_autoptr(LqSourceStage) stage = NULL;
  g_autofree float *buf = NULL;
  g_autoptr(GArray) energies = NULL;
  g_autofree LqLoudnessBlock *blocks = NULL;
  LqLoudnessMeter *meter = NULL;
  LqChain *chain = NULL;
  Writer w = { 0 };
  SF_INFO info = { 0 };
  float *ch[CHANNELS];
  guint rate, out_rate, in_channels, out_channels;
  gint64 length, pos, flushed, to_drop;
  guint32 latency, hop;
  int fd = -1;
  gboolean ok = FALSE;

  stage = lq_source_stage_new (spec, LQ_SOURCE_STAGE_NONE, error);
  if (stage == NULL)
    return FALSE;
  rate = lq_source_stage_get_sample_rate (stage);
  in_channels = lq_source_stage_get_source_channels (stage);
  out_rate = options->rate != 0 ? options->rate : rate;
  out_channels = options->channels == 1 ? 1 : CHANNELS;
  if (in_channels > out_channels)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_UNSUPPORTED_CHANNELS,
                   _("%s: a stereo source cannot be written as mono"), spec->source);
      return FALSE;
    }
  length = lq_source_stage_get_length (stage);

  chain = lq_chain_new (rate, BLOCK);
  /* The loudness of what is written: one channel, or both. */
  meter = lq_loudness_meter_new (rate, out_channels);
  if (chain == NULL || meter == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Cannot process audio at %u Hz"), rate);
      goto out;
    }
  if (lq_chain_apply_settings (chain, settings) != LQ_OK)
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                           _("The track’s mastering chain has a setting out of range"));
      goto out;
    }
  lq_chain_reset (chain);
  latency = lq_chain_get_latency (chain);
  hop = lq_loudness_meter_get_hop (meter);
  blocks = g_new (LqLoudnessBlock, BLOCK / hop + 2);
  energies = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) (length / hop + 1));

  w.options = options;
  w.out_channels = out_channels;
  w.dual_mono = in_channels == 1 && out_channels == 2;
  w.expected = written_length (length, rate, out_rate);
  w.progress = pass_progress_cb;
  w.progress_data = pp;
  for (guint c = 0; c < CHANNELS; c++)
    w.rng[c] = ((guint64) options->dither_seed << 32) ^ (spec->track_number * 2654435761u) ^ (c + 1);
  w.src_out_cap = BLOCK * 2 + 64;
  buf = g_new0 (float, (gsize) BLOCK * CHANNELS + w.src_out_cap * CHANNELS
                        + w.src_out_cap * CHANNELS);
  ch[0] = buf;
  ch[1] = buf + BLOCK;
  w.src_out[0] = buf + 2 * BLOCK;
  w.src_out[1] = w.src_out[0] + w.src_out_cap;
  w.fbuf = w.src_out[1] + w.src_out_cap;
  w.ibuf = (int *) w.fbuf;   /* the same room: one of them is used */

  if (tmp != NULL && out_rate != rate)
    {
      soxr_io_spec_t io = soxr_io_spec (SOXR_FLOAT32_S, SOXR_FLOAT32_S);
      soxr_quality_spec_t q = soxr_quality_spec (SOXR_VHQ, 0);
      soxr_error_t e = NULL;

      w.soxr = soxr_create (rate, out_rate, CHANNELS, &e, &io, &q, NULL);
      if (w.soxr == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED,
                       _("Sample-rate conversion failed: %s"), e != NULL ? e : "");
          goto out;
        }
      if (options->limiter)
        {
          w.post = lq_limiter_new (out_rate, CHANNELS, (uint32_t) w.src_out_cap);
          if (w.post == NULL)
            {
              g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Cannot process audio at %u Hz"), out_rate);
              goto out;
            }
          lq_limiter_set_ceiling_dbtp (w.post, options->ceiling_dbtp);
          lq_limiter_set_release_ms (w.post, 50.0);
          lq_limiter_reset (w.post);
          w.post_drop = lq_limiter_get_latency (w.post);
        }
    }

  if (tmp == NULL)
    goto process;
  /* Created afresh (never through a link someone left there). */
  g_unlink (tmp);
  fd = g_open (tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot create %s: %s"), tmp, g_strerror (saved));
      goto out;
    }
  info.samplerate = (int) out_rate;
  info.channels = (int) out_channels;
  info.format = lq_render_choose_sf_format (options->format, options->bits, out_channels,
                                            w.expected, error);
  if (info.format == 0)
    goto out;
  *format_out = info.format;
  w.file = sf_open_fd (fd, SFM_WRITE, &info, FALSE);
  if (w.file == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write the file: %s"), sf_strerror (NULL));
      goto out;
    }
  if (!lq_tags_write_header (w.file, info.format, tags, error))
    goto out;

process:
  /* Source, then silence to flush the latency; the first @latency frames
   * of output are dropped. */
  to_drop = latency;
  flushed = 0;
  for (pos = 0; pos < length || flushed < latency;)
    {
      gsize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (pos < length)
        {
          gssize got = lq_source_stage_read (stage, ch, (gsize) MIN (BLOCK, length - pos), error);

          if (got <= 0)
            goto out;
          n = (gsize) got;
          pos += (gint64) n;
        }
      else
        {
          n = (gsize) MIN (BLOCK, latency - flushed);
          memset (ch[0], 0, n * sizeof (float));
          memset (ch[1], 0, n * sizeof (float));
          flushed += (gint64) n;
        }

      lq_chain_process (chain, ch, (uint32_t) n);
      /* A mono source leaves the chain as it entered it: dual mono. */
      if (in_channels == 1)
        memcpy (ch[1], ch[0], n * sizeof (float));
      if (to_drop >= (gint64) n)
        {
          to_drop -= (gint64) n;
          continue;
        }
      {
        float *rest[CHANNELS] = { ch[0] + to_drop, ch[1] + to_drop };
        guint32 n_blocks = lq_loudness_meter_process (meter, (const float *const *) rest,
                                                      (uint32_t) (n - (gsize) to_drop),
                                                      blocks, BLOCK / hop + 2);

        for (guint32 b = 0; b < n_blocks; b++)
          if (blocks[b].momentary_valid)
            g_array_append_val (energies, blocks[b].momentary);
        if (tmp == NULL)
          pass_progress_cb ((double) pos / (double) MAX (length, 1), pp);
        else if (!emit (&w, rest, n - (gsize) to_drop, error))
          goto out;
        to_drop = 0;
      }
    }
  if (tmp == NULL)
    goto measure;
  if (!emit (&w, NULL, 0, error))
    goto out;

  /* The resampler may deliver a frame short of the rounded length, and the
   * post limiter holds its latency back. */
  while (w.written < w.expected)
    {
      gsize n = (gsize) MIN (BLOCK, w.expected - w.written + w.post_drop);

      memset (ch[0], 0, n * sizeof (float));
      memset (ch[1], 0, n * sizeof (float));
      if (!post_write (&w, ch, n, error))
        goto out;
    }

  if (sf_close (w.file) != 0)
    {
      w.file = NULL;
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_IO, _("Writing failed"));
      goto out;
    }
  w.file = NULL;
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;

      fd = -1;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Writing failed: %s"), g_strerror (saved));
      goto out;
    }
  fd = -1;
measure:
  {
    LqEnergySpan span = { (const double *) energies->data, energies->len };

    *lufs = lq_loudness_gate_integrated (&span, 1);
  }
  *frames_out = w.written;
  ok = TRUE;

out:
  if (w.file != NULL)
    sf_close (w.file);
  if (fd >= 0)
    close (fd);
  if (w.soxr != NULL)
    soxr_delete (w.soxr);
  if (w.post != NULL)
    lq_limiter_free (w.post);
  lq_chain_free (chain);
  lq_loudness_meter_free (meter);
  return ok;
}

void
lq_render_gain_solver_init (LqRenderGainSolver *solver)
{
  g_return_if_fail (solver != NULL);

  solver->have_low = solver->have_high = FALSE;
  solver->low_gain = solver->low_miss = 0.0;
  solver->high_gain = solver->high_miss = 0.0;
  solver->last_side = 0;
}

/* Loudness grows with the gain before the limiter (less than a dB per dB
 * under limiting), so the miss (measured - target) is an increasing
 * function of the gain: a gain that came out short and one that came out
 * loud bracket the answer. Until both are known the step extrapolates
 * (the first with a slope of 0.8, then the secant of the two nearest
 * points on one side); once bracketed, the Illinois variant of regula
 * falsi, which halves the weight of an end kept twice in a row and so
 * converges without the one-sided stall of plain regula falsi. */
double
lq_render_next_gain (LqRenderGainSolver *solver,
                     double gain_db,
                     double miss_lu)
{
  int side = miss_lu < 0.0 ? -1 : 1;
  double slope = 0.8;

  g_return_val_if_fail (solver != NULL, gain_db);

  if (side < 0)
    {
      /* The previous short point, for the secant while not bracketed. */
      if (solver->have_low && !solver->have_high && gain_db != solver->low_gain)
        {
          double s = (miss_lu - solver->low_miss) / (gain_db - solver->low_gain);

          if (s > 0.05)
            slope = MIN (s, 1.0);
        }
      solver->have_low = TRUE;
      solver->low_gain = gain_db;
      solver->low_miss = miss_lu;
      if (solver->have_high && solver->last_side < 0)
        solver->high_miss *= 0.5;
    }
  else
    {
      if (solver->have_high && !solver->have_low && gain_db != solver->high_gain)
        {
          double s = (miss_lu - solver->high_miss) / (gain_db - solver->high_gain);

          if (s > 0.05)
            slope = MIN (s, 1.0);
        }
      else
        slope = 1.0;
      solver->have_high = TRUE;
      solver->high_gain = gain_db;
      solver->high_miss = miss_lu;
      if (solver->have_low && solver->last_side > 0)
        solver->low_miss *= 0.5;
    }
  solver->last_side = side;

  if (solver->have_low && solver->have_high)
    {
      double span = solver->high_miss - solver->low_miss;

      if (span <= 0.0)
        return 0.5 * (solver->low_gain + solver->high_gain);
      return solver->low_gain - solver->low_miss * (solver->high_gain - solver->low_gain) / span;
    }
  /* One-sided: a step a little past the estimate, so the next point most
   * likely brackets the answer. */
  return gain_db - miss_lu / slope * 1.05;
}

/* The limiter lowers the loudness of what it limits: when the result misses
 * the track's level by more than LQ_RENDER_LOUDNESS_TOLERANCE_LU, the gain
 * before the limiter is corrected (at most LQ_RENDER_MAX_GAIN_CORRECTION_DB
 * from the plan) and the track rendered again. The first pass uses
 * spec->start_gain_db when set. @tmp NULL: the chain only (render_pass()). */
static gboolean
run_passes (const LqRenderSpec *spec,
            const LqRenderOptions *options,
            const char *tmp,
            const LqTags *tags,
            int *format,
            gint64 *frames,
            double *gain_db,
            guint *passes,
            GCancellable *cancellable,
            PassProgress *pp,
            GError **error)
{
  LqChainSettings settings = spec->chain;
  LqRenderGainSolver solver;
  double planned = settings.match_gain_db;
  double lufs = NAN;

  settings.limiter_enabled = options->limiter;
  settings.limiter_ceiling_dbtp = options->ceiling_dbtp;
  if (spec->has_start_gain && isfinite (spec->start_gain_db))
    settings.match_gain_db = CLAMP (spec->start_gain_db, LQ_CHAIN_GAIN_MIN_DB, LQ_CHAIN_GAIN_MAX_DB);
  lq_render_gain_solver_init (&solver);

  for (pp->pass = 0; pp->pass < LQ_RENDER_MAX_PASSES; pp->pass++)
    {
      double next;

      if (!render_pass (spec, options, &settings, tmp, tags, format, frames, &lufs, cancellable,
                        pp, error))
        return FALSE;
      if (!isfinite (spec->target_lufs) || !options->limiter || !isfinite (lufs)
          || fabs (spec->target_lufs - lufs) <= LQ_RENDER_LOUDNESS_TOLERANCE_LU
          || pp->pass + 1 == LQ_RENDER_MAX_PASSES)
        break;
      next = lq_render_next_gain (&solver, settings.match_gain_db, lufs - spec->target_lufs);
      next = CLAMP (next, planned - LQ_RENDER_MAX_GAIN_CORRECTION_DB,
                    planned + LQ_RENDER_MAX_GAIN_CORRECTION_DB);
      next = CLAMP (next, LQ_CHAIN_GAIN_MIN_DB, LQ_CHAIN_GAIN_MAX_DB);
      if (fabs (next - settings.match_gain_db) < 1e-3)
        break;
      settings.match_gain_db = next;
    }
  *gain_db = settings.match_gain_db;
  *passes = MIN (pp->pass + 1, LQ_RENDER_MAX_PASSES);
  return TRUE;
}

gboolean
lq_render_solve_gain (const LqRenderSpec *spec,
                      const LqRenderOptions *options,
                      double *gain_db,
                      guint *passes,
                      LqProgressFunc progress,
                      gpointer progress_data,
                      GCancellable *cancellable,
                      GError **error)
{
  PassProgress pp = { progress, progress_data, 0 };
  LqTags tags;
  int format = 0;
  gint64 frames = 0;
  guint n = 0;
  double gain = NAN;

  g_return_val_if_fail (spec != NULL && spec->source != NULL, FALSE);
  g_return_val_if_fail (options != NULL && gain_db != NULL, FALSE);

  tags_of (spec, &tags);
  if (!run_passes (spec, options, NULL, &tags, &format, &frames, &gain, &n, cancellable, &pp, error))
    return FALSE;
  *gain_db = gain;
  if (passes != NULL)
    *passes = n;
  return TRUE;
}

gboolean
lq_render_track_to_temp (const LqRenderSpec *spec,
                         const LqRenderOptions *options,
                         const char *path,
                         GCancellable *cancellable,
                         LqProgressFunc progress,
                         gpointer progress_data,
                         LqRenderedFile *out,
                         GError **error)
{
  g_autoptr(LqOutputGuard) guard = NULL;
  g_autofree char *tmp = NULL;
  PassProgress pp = { progress, progress_data, 0 };
  LqTags tags;
  int format = 0;
  gint64 frames = 0;
  gboolean ok = FALSE;
  struct stat st;

  g_return_val_if_fail (spec != NULL && spec->source != NULL, FALSE);
  g_return_val_if_fail (options != NULL && path != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (!lq_render_format_supports (options->format, options->bits))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s files cannot hold %u-bit audio"),
                   lq_render_format_extension (options->format), options->bits);
      return FALSE;
    }
  if (options->rate != 0 && (options->rate < LQ_RENDER_RATE_MIN || options->rate > LQ_RENDER_RATE_MAX))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%u Hz cannot be verified: the rate must be between %u and %u Hz"),
                   options->rate, LQ_RENDER_RATE_MIN, LQ_RENDER_RATE_MAX);
      return FALSE;
    }
  /* Never onto the track's own source, whatever options->overwrite says. */
  guard = lq_output_guard_new ();
  lq_output_guard_add (guard, spec->source, NULL);
  if (!lq_output_guard_check (guard, path, error))
    return FALSE;
  if (!options->overwrite && g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error_literal (error, LQ_ERROR, LQ_ERROR_EXISTS,
                           _("The file exists already"));
      return FALSE;
    }

  tags_of (spec, &tags);

  /* A hidden file of a unique name next to the destination. */
  tmp = lq_output_temp_create (path, error);
  if (tmp == NULL)
    return FALSE;

  if (!run_passes (spec, options, tmp, &tags, &format, &frames, &out->gain_db, &out->passes,
                   cancellable, &pp, error))
    goto out;

  /* What libsndfile cannot write (FLAC's ISRC, …), still under the
   * temporary name. */
  if (!lq_tags_finish_file (tmp, format, &tags, error))
    goto out;
  /* The file as written (the tags may have rewritten it): the one to
   * measure and to move into place. */
  if (lstat (tmp, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("The temporary file %s disappeared"), tmp);
      goto out;
    }
  out->path = g_strdup (path);
  out->temp_path = g_steal_pointer (&tmp);
  out->frames = frames;
  out->sf_format = format;
  out->dev = (guint64) st.st_dev;
  out->ino = (guint64) st.st_ino;
  ok = TRUE;

out:
  if (!ok && tmp != NULL)
    g_unlink (tmp);
  return ok;
}

gboolean
lq_rendered_file_commit (LqRenderedFile *file,
                         const LqOutputGuard *guard,
                         gboolean overwrite,
                         GError **error)
{
  struct stat st;

  g_return_val_if_fail (file != NULL && file->path != NULL, FALSE);
  g_return_val_if_fail (file->temp_path != NULL, FALSE);

  /* Once more right before the move (the folder may have changed while the
   * track was rendered): never onto a source, and only the file written. */
  if (guard != NULL && !lq_output_guard_check (guard, file->path, error))
    return FALSE;
  if (lstat (file->temp_path, &st) != 0 || (guint64) st.st_dev != file->dev
      || (guint64) st.st_ino != file->ino)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO,
                   _("The temporary file %s was replaced while the track was exported"),
                   file->temp_path);
      return FALSE;
    }
  if (!move_into_place (file->temp_path, file->path, overwrite, error))
    return FALSE;
  g_clear_pointer (&file->temp_path, g_free);
  return TRUE;
}

void
lq_rendered_file_clear (LqRenderedFile *file)
{
  if (file == NULL)
    return;
  if (file->temp_path != NULL)
    g_unlink (file->temp_path);
  g_clear_pointer (&file->temp_path, g_free);
  g_clear_pointer (&file->path, g_free);
}

gboolean
lq_render_track (const LqRenderSpec *spec,
                 const LqRenderOptions *options,
                 const char *path,
                 GCancellable *cancellable,
                 LqProgressFunc progress,
                 gpointer progress_data,
                 GError **error)
{
  g_autoptr(LqOutputGuard) guard = NULL;
  LqRenderedFile file;
  gboolean ok;

  g_return_val_if_fail (spec != NULL && spec->source != NULL, FALSE);
  g_return_val_if_fail (options != NULL && path != NULL, FALSE);

  if (!lq_render_track_to_temp (spec, options, path, cancellable, progress, progress_data, &file, error))
    return FALSE;
  guard = lq_output_guard_new ();
  lq_output_guard_add (guard, spec->source, NULL);
  ok = lq_rendered_file_commit (&file, guard, options->overwrite, error);
  lq_rendered_file_clear (&file);
  return ok;
}
