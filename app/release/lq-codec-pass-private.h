/* lq-codec-pass-private.h: one codec's round trip and the measures it is
 * judged by (lq-codec-pass.c), for lq-codec-preview.c. */
#pragma once

#include "lq-codec-preview.h"

G_BEGIN_DECLS

typedef struct
{
  double true_peak_dbtp;   /* -inf for silence */
  guint overs_0dbtp;
  guint overs_ceiling;
  double integrated_lufs;  /* NAN without a loudness */
  gint64 frames;           /* measured */
  gint64 file_frames;      /* in the file, as libsndfile gives them */
  guint rate;
  guint channels;
} LqCodecMeasures;

const char *_lq_codec_get_extension (LqCodec codec);

/* Encodes @master with @codec and leaves at @out a file libsndfile reads
 * (by its header, whatever @out's name): the encoded file itself, or for
 * AAC (libsndfile reads no MP4) ffmpeg's decoding of it as 32-bit float
 * WAV, the MP4 written next to it (@out + ".m4a") and removed. */
gboolean _lq_codec_encode_readable (LqCodec codec,
                                    const char *master,
                                    const char *out,
                                    GCancellable *cancellable,
                                    GError **error);

/* lq-codec-aac.c: the ffmpeg program ($LACQUER_FFMPEG when set, a path or
 * a name looked up in PATH; else ffmpeg in PATH), or NULL. */
char *_lq_codec_aac_find_ffmpeg (void);
/* @master (any rate: resampled to lq_codec_get_rate() with soxr first,
 * into @out + ".in.wav", removed) to the AAC 256 kbit/s MP4 @out. */
gboolean _lq_codec_aac_encode (const char *master,
                               const char *out,
                               GCancellable *cancellable,
                               GError **error);
/* The MP4 @encoded decoded by ffmpeg into the 32-bit float WAV @out. */
gboolean _lq_codec_aac_decode (const char *encoded,
                               const char *out,
                               GCancellable *cancellable,
                               GError **error);

/* Measures @path from frame @skip on, at most @max_frames (-1: to the
 * end): true peak, overs of 0 dBTP and @ceiling_dbtp, integrated loudness. */
gboolean _lq_codec_measure (const char *path,
                            gint64 skip,
                            gint64 max_frames,
                            double ceiling_dbtp,
                            LqCodecMeasures *measures,
                            GCancellable *cancellable,
                            GError **error);

/* _lq_codec_measure() of the whole of @path, and in the same read, when
 * @resampled is not NULL and @path's rate is not @rate, @path resampled
 * to @rate with soxr (as lq_codec_encode_file() resamples, fed the same
 * blocks, so the same samples) into the new 32-bit float WAV @resampled;
 * *made tells whether it was written (removed on failure). */
gboolean _lq_codec_measure_resample (const char *path,
                                     double ceiling_dbtp,
                                     guint rate,
                                     const char *resampled,
                                     gboolean *made,
                                     LqCodecMeasures *measures,
                                     GCancellable *cancellable,
                                     GError **error);

/* Encodes @master (measured as @master_measures) with @codec to
 * @encoded, decodes, aligns and measures it into @result; @encoded is
 * removed before returning, whatever happened. */
gboolean _lq_codec_round_trip (LqCodec codec,
                               const char *master,
                               const LqCodecMeasures *master_measures,
                               const char *encoded,
                               double ceiling_dbtp,
                               LqCodecResult *result,
                               GCancellable *cancellable,
                               GError **error);

G_END_DECLS
