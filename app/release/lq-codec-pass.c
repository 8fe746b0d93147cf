/* lq-codec-pass.c: one codec's round trip (see lq-codec-pass-private.h). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
#include <string.h>

#include "lq-track-analysis.h"
#include "lq-codec-pass-private.h"
#include "lq-error.h"
#include "lq-fft.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"
#include "lq-true-peak.h"

#define BLOCK 4096
/* The master's head read for the alignment: signal is looked for there. */
#define ALIGN_SEARCH_S 10
/* Lags whose correlation is within this of the best one are as good:
 * the smallest of them wins (periodic music correlates at every period;
 * libsndfile removes the delays the files declare, so 0 is likeliest). */
#define ALIGN_TIE 0.005

typedef struct
{
  const char *id;
  const char *label;
  guint kbps;
  int format;        /* libsndfile's; 0: the ffmpeg program (lq-codec-aac.c) */
} CodecInfo;

static const CodecInfo codecs[LQ_CODEC_N] = {
  { "mp3-320", N_("MP3 320 kbit/s"), 320, SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III },
  { "mp3-128", N_("MP3 128 kbit/s"), 128, SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III },
  { "opus-160", N_("Opus 160 kbit/s"), 160, SF_FORMAT_OGG | SF_FORMAT_OPUS },
  { "opus-96", N_("Opus 96 kbit/s"), 96, SF_FORMAT_OGG | SF_FORMAT_OPUS },
  { "vorbis-q5", N_("Ogg Vorbis quality 5"), 0, SF_FORMAT_OGG | SF_FORMAT_VORBIS },
  { "aac-256", N_("AAC 256 kbit/s"), 256, 0 },
};

const char *
lq_codec_get_id (LqCodec codec)
{
  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);
  return codecs[codec].id;
}

const char *
lq_codec_get_label (LqCodec codec)
{
  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);
  return _(codecs[codec].label);
}

guint
lq_codec_get_kbps (LqCodec codec)
{
  g_return_val_if_fail (codec < LQ_CODEC_N, 0);
  return codecs[codec].kbps;
}

guint
lq_codec_get_rate (LqCodec codec,
                   guint rate)
{
  g_return_val_if_fail (codec < LQ_CODEC_N, 0);
  if (codec == LQ_CODEC_OPUS_160 || codec == LQ_CODEC_OPUS_96)
    return 48000;
  /* ffmpeg's native AAC: the master's rate when it is one of these. */
  if (codec == LQ_CODEC_AAC_256)
    return rate == 44100 || rate == 48000 ? rate : 48000;
  /* LAME writes MPEG-1 layer III at 32, 44.1 and 48 kHz; Vorbis takes any
   * rate, but its quality modes are tuned up to 48 kHz. */
  if (rate == 32000 || rate == 44100 || rate == 48000)
    return rate;
  return rate % 11025 == 0 ? 44100 : 48000;
}

const char *
lq_codec_get_unavailable_reason (LqCodec codec)
{
  g_autofree char *ffmpeg = NULL;

  g_return_val_if_fail (codec < LQ_CODEC_N, NULL);
  if (codecs[codec].format != 0)
    return NULL;
  ffmpeg = _lq_codec_aac_find_ffmpeg ();
  return ffmpeg == NULL ? _("not available: the ffmpeg program is not installed") : NULL;
}

gboolean
lq_codec_from_id (const char *id,
                  LqCodec *codec)
{
  for (guint i = 0; id != NULL && i < LQ_CODEC_N; i++)
    if (strcmp (id, codecs[i].id) == 0)
      {
        *codec = i;
        return TRUE;
      }
  return FALSE;
}

const char *
_lq_codec_get_extension (LqCodec codec)
{
  return codec == LQ_CODEC_AAC_256 ? "m4a"
         : (codecs[codec].format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG ? "mp3"
         : codec == LQ_CODEC_VORBIS_Q5 ? "ogg" : "opus";
}

/* libsndfile 1.2's SFC_SET_COMPRESSION_LEVEL for the codec's setting:
 * MP3 (constant bit rate, 32 kHz and up): 320 - c (320 - 32) kbit/s,
 * truncated, so c aims half a kbit/s above the rate; Opus: (int) ((1 - c)
 * 250000 + 6000) bit/s per channel; Vorbis: quality 1 - c. */
static double
compression_level (LqCodec codec,
                   guint channels)
{
  const CodecInfo *info = &codecs[codec];

  if ((info->format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG)
    return CLAMP ((320.0 - (info->kbps + 0.5)) / (320.0 - 32.0), 0.0, 1.0);
  if ((info->format & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS)
    return CLAMP (1.0 - (info->kbps * 1000.0 / channels + 0.5 - 6000.0) / 250000.0, 0.0, 1.0);
  return 0.5;
}

static SNDFILE *
open_read (const char *path,
           SF_INFO *info,
           GError **error)
{
  SNDFILE *sf;

  memset (info, 0, sizeof *info);
  sf = sf_open (path, SFM_READ, info);
  if (sf == NULL)
    {
      g_set_error (error, LQ_ERROR, g_file_test (path, G_FILE_TEST_EXISTS) ? LQ_ERROR_NOT_AUDIO
                                                                          : LQ_ERROR_NOT_FOUND,
                   _("%s: cannot be read: %s"), path, sf_strerror (NULL));
      return NULL;
    }
  if (info->channels < 1 || info->channels > 2)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_UNSUPPORTED_CHANNELS,
                   _("%s: %d channels (mono and stereo only)"), path, info->channels);
      sf_close (sf);
      return NULL;
    }
  return sf;
}

/* A resampler from @in to @out, interleaved float, or NULL when the rates
 * are the same (or with @error). */
static gboolean
resampler_new (guint in,
               guint out,
               guint channels,
               soxr_t *soxr,
               GError **error)
{
  soxr_io_spec_t io = soxr_io_spec (SOXR_FLOAT32_I, SOXR_FLOAT32_I);
  soxr_quality_spec_t q = soxr_quality_spec (SOXR_VHQ, 0);
  soxr_error_t e = NULL;

  *soxr = NULL;
  if (in == out)
    return TRUE;
  *soxr = soxr_create (in, out, channels, &e, &io, &q, NULL);
  if (*soxr == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("cannot resample %u Hz to %u Hz: %s"), in, out, e);
      return FALSE;
    }
  return TRUE;
}

typedef gboolean (*SinkFunc) (const float *frames, gsize n, gpointer data, GError **error);

/* Reads @sf (up to @max_frames, -1: all), resampled by @soxr when not
 * NULL (@ratio: out / in), into @sink in blocks. */
static gboolean
pump (SNDFILE *sf,
      guint channels,
      soxr_t soxr,
      double ratio,
      gint64 max_frames,
      SinkFunc sink,
      gpointer data,
      GCancellable *cancellable,
      GError **error)
{
  g_autofree float *in = g_new (float, BLOCK * channels);
  gsize cap = (gsize) (BLOCK * ratio) + 64;
  g_autofree float *out = g_new (float, cap * channels);
  gint64 left = max_frames < 0 ? G_MAXINT64 : max_frames;

  for (;;)
    {
      sf_count_t got = left > 0 ? sf_readf_float (sf, in, MIN (BLOCK, left)) : 0;
      soxr_error_t e = NULL;
      size_t odone = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (got <= 0)
        break;
      left -= got;
      if (soxr == NULL)
        {
          if (!sink (in, got, data, error))
            return FALSE;
          continue;
        }
      for (size_t pos = 0; pos < (size_t) got;)
        {
          size_t idone = 0;

          e = soxr_process (soxr, in + pos * channels, got - pos, &idone, out, cap, &odone);
          if (e != NULL)
            break;
          pos += idone;
          if (odone > 0 && !sink (out, odone, data, error))
            return FALSE;
          if (idone == 0 && odone == 0)
            break;
        }
      if (e != NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("resampling failed: %s"), e);
          return FALSE;
        }
    }
  /* The resampler's tail. */
  while (soxr != NULL)
    {
      size_t odone = 0;
      soxr_error_t e = soxr_process (soxr, NULL, 0, NULL, out, cap, &odone);

      if (e != NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("resampling failed: %s"), e);
          return FALSE;
        }
      if (odone == 0)
        break;
      if (!sink (out, odone, data, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  SNDFILE *sf;
  const char *path;
} WriteSink;

static gboolean
write_sink (const float *frames,
            gsize n,
            gpointer data,
            GError **error)
{
  WriteSink *w = data;

  if (sf_writef_float (w->sf, frames, n) != (sf_count_t) n)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot be written: %s"), w->path, sf_strerror (w->sf));
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_codec_encode_file (LqCodec codec,
                      const char *master,
                      const char *out,
                      GCancellable *cancellable,
                      GError **error)
{
  SF_INFO in_info, out_info = { 0 };
  SNDFILE *in, *sf;
  soxr_t soxr = NULL;
  WriteSink w = { NULL, out };
  double level;
  gboolean ok;

  g_return_val_if_fail (codec < LQ_CODEC_N, FALSE);
  g_return_val_if_fail (master != NULL && out != NULL, FALSE);

  if (codecs[codec].format == 0)
    return _lq_codec_aac_encode (master, out, cancellable, error);
  in = open_read (master, &in_info, error);
  if (in == NULL)
    return FALSE;
  out_info.samplerate = lq_codec_get_rate (codec, in_info.samplerate);
  out_info.channels = in_info.channels;
  out_info.format = codecs[codec].format;
  if (!sf_format_check (&out_info))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED,
                   _("%s: this libsndfile cannot write %s at %d Hz"), out, codecs[codec].id,
                   out_info.samplerate);
      sf_close (in);
      return FALSE;
    }
  sf = sf_open (out, SFM_WRITE, &out_info);
  if (sf == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot be written: %s"), out, sf_strerror (NULL));
      sf_close (in);
      return FALSE;
    }
  w.sf = sf;
  level = compression_level (codec, in_info.channels);
  ok = sf_command (sf, SFC_SET_COMPRESSION_LEVEL, &level, sizeof level) == SF_TRUE;
  if (ok && (codecs[codec].format & SF_FORMAT_TYPEMASK) == SF_FORMAT_MPEG)
    {
      int mode = SF_BITRATE_MODE_CONSTANT;

      /* Setting the mode evaluates the compression level again. */
      ok = sf_command (sf, SFC_SET_BITRATE_MODE, &mode, sizeof mode) == SF_TRUE;
    }
  if (!ok)
    g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("%s: the encoder refused the settings of %s: %s"),
                 out, codecs[codec].id, sf_strerror (sf));
  else
    ok = resampler_new (in_info.samplerate, out_info.samplerate, in_info.channels, &soxr, error)
         && pump (in, in_info.channels, soxr, (double) out_info.samplerate / in_info.samplerate, -1,
                  write_sink, &w, cancellable, error);
  if (soxr != NULL)
    soxr_delete (soxr);
  sf_close (in);
  if (sf_close (sf) != 0 && ok)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot be written: %s"), out, sf_strerror (NULL));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (out);
  return ok;
}

gboolean
_lq_codec_encode_readable (LqCodec codec,
                           const char *master,
                           const char *out,
                           GCancellable *cancellable,
                           GError **error)
{
  g_autofree char *mp4 = NULL;
  gboolean ok;

  if (codecs[codec].format != 0)
    return lq_codec_encode_file (codec, master, out, cancellable, error);
  mp4 = g_strconcat (out, ".m4a", NULL);
  ok = _lq_codec_aac_encode (master, mp4, cancellable, error)
       && _lq_codec_aac_decode (mp4, out, cancellable, error);
  g_unlink (mp4);
  return ok;
}

typedef struct
{
  float *data;       /* interleaved */
  gsize n, cap;      /* samples */
  guint channels;
} HeadSink;

static gboolean
head_sink (const float *frames,
           gsize n,
           gpointer data,
           GError **error)
{
  HeadSink *h = data;
  gsize take = MIN (n * h->channels, h->cap - h->n);

  memcpy (h->data + h->n, frames, take * sizeof (float));
  h->n += take;
  return TRUE;
}

/* The first @max frames of @path at @rate (resampled when it differs), the
 * channels summed, in a new array; *n the frames read. */
static float *
read_head (const char *path,
           guint rate,
           gsize max,
           gsize *n,
           GCancellable *cancellable,
           GError **error)
{
  SF_INFO info;
  SNDFILE *sf = open_read (path, &info, error);
  soxr_t soxr = NULL;
  g_autofree float *inter = NULL;
  HeadSink sink = { NULL, 0, 0, 0 };
  float *mono;
  gboolean ok;

  if (sf == NULL)
    return NULL;
  sink.channels = info.channels;
  sink.cap = max * info.channels;
  sink.data = inter = g_new (float, sink.cap);
  ok = resampler_new (info.samplerate, rate, info.channels, &soxr, error)
       && pump (sf, info.channels, soxr, (double) rate / info.samplerate,
                (gint64) ceil ((double) max * info.samplerate / rate) + 64,
                head_sink, &sink, cancellable, error);
  if (soxr != NULL)
    soxr_delete (soxr);
  sf_close (sf);
  if (!ok)
    return NULL;
  *n = sink.n / info.channels;
  mono = g_new (float, MAX (*n, 1));
  for (gsize i = 0; i < *n; i++)
    {
      float v = 0.0f;

      for (int c = 0; c < info.channels; c++)
        v += inter[i * info.channels + c];
      mono[i] = v;
    }
  return mono;
}

/* dots[k] = sum over i < @n_x of x[i] y[i + k], for every k with k + @n_x
 * <= @n_y, through FFTW (the transform's size a power of two of at least
 * @n_y, so no product wraps round): O(n log n), where the direct sums cost
 * n_x (n_y - n_x) multiplications. FALSE when FFTW cannot plan. */
static gboolean
cross_correlate (const float *x,
                 gsize n_x,
                 const float *y,
                 gsize n_y,
                 double *dots)
{
  gsize n = 1, bins;
  double *a, *b;
  fftw_complex *fa, *fb;
  fftw_plan pa, pb, inv;
  gboolean ok;

  if (n_y < n_x)
    return TRUE;
  while (n < n_y)
    n <<= 1;
  bins = n / 2 + 1;
  a = lq_fft_malloc (n * sizeof (double));
  b = lq_fft_malloc (n * sizeof (double));
  fa = lq_fft_malloc (bins * sizeof (fftw_complex));
  fb = lq_fft_malloc (bins * sizeof (fftw_complex));
  pa = a && fa ? lq_fft_plan_r2c ((int) n, a, fa, 0) : NULL;
  pb = b && fb ? lq_fft_plan_r2c ((int) n, b, fb, 0) : NULL;
  inv = b && fb ? lq_fft_plan_c2r ((int) n, fb, b, FFTW_DESTROY_INPUT) : NULL;
  ok = pa != NULL && pb != NULL && inv != NULL;
  if (ok)
    {
      for (gsize i = 0; i < n; i++)
        {
          a[i] = i < n_x ? x[i] : 0.0;
          b[i] = i < n_y ? y[i] : 0.0;
        }
      fftw_execute (pa);
      fftw_execute (pb);
      /* conj (A) B: the correlation of x against y. */
      for (gsize k = 0; k < bins; k++)
        {
          double re = fa[k][0] * fb[k][0] + fa[k][1] * fb[k][1];
          double im = fa[k][0] * fb[k][1] - fa[k][1] * fb[k][0];

          fb[k][0] = re;
          fb[k][1] = im;
        }
      fftw_execute (inv);
      for (gsize k = 0; k + n_x <= n_y; k++)
        dots[k] = b[k] / (double) n;
    }
  lq_fft_destroy_plan (pa);
  lq_fft_destroy_plan (pb);
  lq_fft_destroy_plan (inv);
  lq_fft_free (a);
  lq_fft_free (b);
  lq_fft_free (fa);
  lq_fft_free (fb);
  return ok;
}

gboolean
lq_codec_find_delay (const char *master,
                     const char *decoded,
                     gint64 *delay,
                     GCancellable *cancellable,
                     GError **error)
{
  const gsize lead = LQ_CODEC_MAX_LEAD, late = LQ_CODEC_MAX_DELAY, w = LQ_CODEC_ALIGN_WINDOW;
  SF_INFO info;
  SNDFILE *sf;
  guint rate;
  gsize n_master = 0, n_decoded = 0, first, start;
  g_autofree float *m = NULL;
  g_autofree float *d = NULL;
  double best = -1.0, m_energy = 0.0, d_energy = 0.0;
  g_autofree double *corr = g_new0 (double, lead + late + 1);
  g_autofree double *dots = g_new0 (double, lead + late + 1);
  gint64 best_lag = 0;

  g_return_val_if_fail (master != NULL && decoded != NULL && delay != NULL, FALSE);

  *delay = 0;
  sf = open_read (decoded, &info, error);
  if (sf == NULL)
    return FALSE;
  rate = info.samplerate;
  sf_close (sf);
  m = read_head (master, rate, (gsize) ALIGN_SEARCH_S * rate + lead + late + w, &n_master, cancellable, error);
  if (m == NULL)
    return FALSE;
  /* The window starts a little before the first signal (-60 dBFS), so an
   * onset is in it: a steady tone alone correlates at every period. */
  for (first = 0; first < n_master && fabsf (m[first]) < 1e-3f; first++)
    ;
  start = MAX (lead, first > w / 4 ? first - w / 4 : 0);
  if (first >= n_master || start + w > n_master)
    return TRUE;
  d = read_head (decoded, rate, start + late + w, &n_decoded, cancellable, error);
  if (d == NULL)
    return FALSE;
  if (n_decoded < start + w)
    return TRUE;
  for (gsize i = 0; i < w; i++)
    m_energy += (double) m[start + i] * m[start + i];
  /* The decoded window's energy slides with the lag. */
  for (gsize i = 0; i < w; i++)
    d_energy += (double) d[start - lead + i] * d[start - lead + i];
  if (!cross_correlate (m + start, w, d + start - lead, MIN (n_decoded - (start - lead), lead + late + w), dots))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("%s: cannot plan the alignment's transform"), decoded);
      return FALSE;
    }
  for (gint64 lag = -(gint64) lead; lag <= (gint64) late; lag++)
    {
      const float *dd = d + start + lag;
      double dot = dots[lag + lead], r;

      if ((gsize) (start + lag + w) > n_decoded)
        break;
      if (lag > -(gint64) lead)
        {
          double out = dd[-1], in = dd[w - 1];

          d_energy += in * in - out * out;
        }
      r = d_energy > 0.0 && m_energy > 0.0 ? dot / sqrt (m_energy * MAX (d_energy, 1e-30)) : 0.0;
      corr[lag + lead] = r;
      best = MAX (best, r);
    }
  for (gint64 lag = -(gint64) lead; lag <= (gint64) late; lag++)
    if (corr[lag + lead] >= best - ALIGN_TIE && (ABS (lag) < ABS (best_lag) || corr[best_lag + lead] < best - ALIGN_TIE))
      best_lag = lag;
  *delay = best_lag;
  return TRUE;
}

typedef struct
{
  LqTruePeak *tp;
  LqLoudnessMeter *lm;
  GArray *energies;
  LqLoudnessBlock *blocks;
  guint max_blocks;
  guint channels;
  float *planar[2];
  float *peaks;
  gint64 skip;               /* frames still to drop */
  gint64 frame;              /* frames measured */
  float thresholds[2];
  gint64 last_over[2];       /* the last frame over each threshold */
  guint overs[2];
  gint64 merge;              /* frames */
  float peak;
} Meter;

static void
meter_feed (Meter *m,
            const float *frames,
            gsize n)
{
  while (n > 0)
    {
      gsize k = MIN (n, BLOCK);
      guint got;

      for (gsize i = 0; i < k; i++)
        for (guint c = 0; c < m->channels; c++)
          m->planar[c][i] = frames != NULL ? frames[i * m->channels + c] : 0.0f;
      lq_true_peak_process_frames_max (m->tp, (const float *const *) m->planar, k, m->peaks);
      for (gsize i = 0; i < k; i++)
        {
          float p = m->peaks[i];

          m->peak = MAX (m->peak, p);
          for (guint t = 0; t < 2; t++)
            if (p > m->thresholds[t])
              {
                if (m->frame + (gint64) i - m->last_over[t] > m->merge)
                  m->overs[t]++;
                m->last_over[t] = m->frame + i;
              }
        }
      if (frames != NULL)
        {
          got = lq_loudness_meter_process (m->lm, (const float *const *) m->planar, k, m->blocks, m->max_blocks);
          for (guint b = 0; b < got; b++)
            if (m->blocks[b].momentary_valid)
              g_array_append_val (m->energies, m->blocks[b].momentary);
          frames += k * m->channels;
          m->frame += k;
        }
      n -= k;
    }
}

static gboolean
meter_sink (const float *frames,
            gsize n,
            gpointer data,
            GError **error)
{
  Meter *m = data;

  (void) error;
  if (m->skip > 0)
    {
      gsize drop = MIN ((gint64) n, m->skip);

      frames += drop * m->channels;
      n -= drop;
      m->skip -= drop;
    }
  meter_feed (m, frames, n);
  return TRUE;
}

typedef struct
{
  Meter *meter;
  soxr_t soxr;               /* NULL: measure only */
  SNDFILE *sf;
  const char *path;
  float *out;
  gsize cap;                 /* frames */
  guint channels;
} TeeSink;

/* @n frames of @in through the resampler into the file; @in NULL: the
 * resampler's tail. As pump() feeds soxr, so the same samples. */
static gboolean
resample_write (TeeSink *t,
                const float *in,
                gsize n,
                GError **error)
{
  for (gsize pos = 0; in == NULL || pos < n;)
    {
      size_t idone = 0, odone = 0;
      soxr_error_t e = in != NULL ? soxr_process (t->soxr, in + pos * t->channels, n - pos, &idone, t->out,
                                                  t->cap, &odone)
                                  : soxr_process (t->soxr, NULL, 0, NULL, t->out, t->cap, &odone);

      if (e != NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("resampling failed: %s"), e);
          return FALSE;
        }
      pos += idone;
      if (odone > 0 && sf_writef_float (t->sf, t->out, odone) != (sf_count_t) odone)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot be written: %s"), t->path,
                       sf_strerror (t->sf));
          return FALSE;
        }
      if (idone == 0 && odone == 0)
        break;
    }
  return TRUE;
}

static gboolean
tee_sink (const float *frames,
          gsize n,
          gpointer data,
          GError **error)
{
  TeeSink *t = data;

  meter_sink (frames, n, t->meter, error);
  return t->soxr == NULL || resample_write (t, frames, n, error);
}

/* _lq_codec_measure(), and @path resampled to @rate into @resampled when
 * @resampled is not NULL and the rates differ (*made then TRUE). */
static gboolean
measure (const char *path,
         gint64 skip,
         gint64 max_frames,
         double ceiling_dbtp,
         guint rate,
         const char *resampled,
         gboolean *made,
         LqCodecMeasures *measures,
         GCancellable *cancellable,
         GError **error)
{
  SF_INFO info;
  SNDFILE *sf = open_read (path, &info, error);
  Meter m = { 0 };
  TeeSink tee = { &m, NULL, NULL, resampled, NULL, 0, 0 };
  gboolean ok = TRUE;

  if (made != NULL)
    *made = FALSE;
  if (sf == NULL)
    return FALSE;
  if (resampled != NULL && rate != (guint) info.samplerate)
    {
      SF_INFO out_info = { .samplerate = rate, .channels = info.channels,
                           .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };

      ok = resampler_new (info.samplerate, rate, info.channels, &tee.soxr, error);
      if (ok)
        {
          tee.sf = sf_open (resampled, SFM_WRITE, &out_info);
          if (tee.sf == NULL)
            {
              g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot be written: %s"), resampled,
                           sf_strerror (NULL));
              ok = FALSE;
            }
        }
      tee.channels = info.channels;
      tee.cap = (gsize) (BLOCK * ((double) rate / info.samplerate)) + 64;
      tee.out = g_new (float, tee.cap * info.channels);
    }
  m.channels = info.channels;
  m.tp = lq_true_peak_new (info.samplerate, info.channels, BLOCK);
  m.lm = lq_loudness_meter_new (info.samplerate, info.channels);
  m.energies = g_array_new (FALSE, FALSE, sizeof (double));
  m.max_blocks = BLOCK / lq_loudness_meter_get_hop (m.lm) + 2;
  m.blocks = g_new (LqLoudnessBlock, m.max_blocks);
  for (guint c = 0; c < m.channels; c++)
    m.planar[c] = g_new (float, BLOCK);
  m.peaks = g_new (float, BLOCK);
  m.skip = MAX (skip, 0);
  m.thresholds[0] = 1.0f;
  m.thresholds[1] = (float) pow (10.0, ceiling_dbtp / 20.0);
  m.last_over[0] = m.last_over[1] = G_MININT64 / 2;
  m.merge = (gint64) (LQ_ANALYSIS_RUN_MERGE_S * info.samplerate);

  ok = ok && pump (sf, info.channels, NULL, 1.0, max_frames < 0 ? -1 : max_frames + m.skip, tee_sink, &tee,
                   cancellable, error);
  ok = ok && (tee.soxr == NULL || resample_write (&tee, NULL, 0, error));
  sf_close (sf);
  if (tee.sf != NULL && sf_close (tee.sf) != 0 && ok)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot be written: %s"), resampled, sf_strerror (NULL));
      ok = FALSE;
    }
  if (tee.sf != NULL)
    {
      if (ok && made != NULL)
        *made = TRUE;
      else if (!ok)
        g_unlink (resampled);
    }
  if (ok)
    {
      LqEnergySpan span = { (const double *) m.energies->data, m.energies->len };
      double lufs;

      /* The interpolator's tail: its last frames' values. */
      meter_feed (&m, NULL, lq_true_peak_get_latency (m.tp));
      lufs = lq_loudness_gate_integrated (&span, 1);
      measures->true_peak_dbtp = m.peak > 0.0f ? 20.0 * log10 (m.peak) : -INFINITY;
      measures->overs_0dbtp = m.overs[0];
      measures->overs_ceiling = m.overs[1];
      measures->integrated_lufs = isfinite (lufs) ? lufs : NAN;
      measures->frames = m.frame;
      measures->file_frames = info.frames;
      measures->rate = info.samplerate;
      measures->channels = info.channels;
    }
  else
    g_prefix_error (error, "%s: ", path);
  if (tee.soxr != NULL)
    soxr_delete (tee.soxr);
  g_free (tee.out);
  lq_true_peak_free (m.tp);
  lq_loudness_meter_free (m.lm);
  g_array_unref (m.energies);
  g_free (m.blocks);
  g_free (m.planar[0]);
  g_free (m.planar[1]);
  g_free (m.peaks);
  return ok;
}

gboolean
_lq_codec_measure (const char *path,
                   gint64 skip,
                   gint64 max_frames,
                   double ceiling_dbtp,
                   LqCodecMeasures *measures,
                   GCancellable *cancellable,
                   GError **error)
{
  return measure (path, skip, max_frames, ceiling_dbtp, 0, NULL, NULL, measures, cancellable, error);
}

gboolean
_lq_codec_measure_resample (const char *path,
                            double ceiling_dbtp,
                            guint rate,
                            const char *resampled,
                            gboolean *made,
                            LqCodecMeasures *measures,
                            GCancellable *cancellable,
                            GError **error)
{
  return measure (path, 0, -1, ceiling_dbtp, rate, resampled, made, measures, cancellable, error);
}

gboolean
_lq_codec_round_trip (LqCodec codec,
                      const char *master,
                      const LqCodecMeasures *mm,
                      const char *encoded,
                      double ceiling_dbtp,
                      LqCodecResult *result,
                      GCancellable *cancellable,
                      GError **error)
{
  LqCodecMeasures dm;
  g_autoptr(GFile) file = g_file_new_for_path (encoded);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *decoded = NULL;
  gint64 delay = 0, length;
  gboolean ok;
  double duration;

  memset (result, 0, sizeof *result);
  result->codec = codec;
  ok = lq_codec_encode_file (codec, master, encoded, cancellable, error);
  if (ok)
    {
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
      ok = info != NULL;
    }
  /* libsndfile reads no MP4: ffmpeg decodes the AAC to float WAV. */
  if (ok && codecs[codec].format == 0)
    {
      decoded = g_strconcat (encoded, ".wav", NULL);
      ok = _lq_codec_aac_decode (encoded, decoded, cancellable, error);
    }
  ok = ok && lq_codec_find_delay (master, decoded != NULL ? decoded : encoded, &delay, cancellable, error);
  if (ok)
    {
      result->rate = lq_codec_get_rate (codec, mm->rate);
      /* The master's length at the decoded rate. */
      length = (gint64) llround ((double) mm->frames * result->rate / mm->rate);
      ok = _lq_codec_measure (decoded != NULL ? decoded : encoded, delay, length, ceiling_dbtp, &dm,
                              cancellable, error);
    }
  if (decoded != NULL)
    g_unlink (decoded);
  if (!ok)
    {
      g_unlink (encoded);
      return FALSE;
    }
  result->frames = dm.file_frames;
  g_unlink (encoded);
  result->true_peak_dbtp = dm.true_peak_dbtp;
  result->overs_0dbtp = dm.overs_0dbtp;
  result->overs_ceiling = dm.overs_ceiling;
  result->integrated_lufs = dm.integrated_lufs;
  result->loudness_change_lu = dm.integrated_lufs - mm->integrated_lufs;
  result->delay_frames = delay;
  result->rate = dm.rate;
  result->encoded_bytes = g_file_info_get_size (info);
  duration = (double) mm->frames / mm->rate;
  result->bitrate_kbps = duration > 0 ? result->encoded_bytes * 8.0 / duration / 1000.0 : NAN;
  /* The ceiling rule (lq-codec-preview.h), to 0.1 dB up. */
  if (dm.true_peak_dbtp > 0.0)
    result->ceiling_reduction_db
      = MAX (ceil ((ceiling_dbtp - (mm->true_peak_dbtp - dm.true_peak_dbtp)) * 10.0 - 1e-9) / 10.0, 0.1);
  return TRUE;
}
