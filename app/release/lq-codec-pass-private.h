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
  guint rate;
  guint channels;
} LqCodecMeasures;

const char *_lq_codec_get_extension (LqCodec codec);

/* Measures @path from frame @skip on, at most @max_frames (-1: to the
 * end): true peak, overs of 0 dBTP and @ceiling_dbtp, integrated loudness. */
gboolean _lq_codec_measure (const char *path,
                            gint64 skip,
                            gint64 max_frames,
                            double ceiling_dbtp,
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
