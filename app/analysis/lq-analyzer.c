/* lq-analyzer.c: one pass over a file feeds every meter.
 *
 * Decoding, true peak, K-weighted loudness, the sample statistics, the
 * waveform overview and the long-term spectrum all run on the same planar
 * block, so the file is read once; the spectrum is gated with the loudness
 * meter's blocks rather than K-weighting the audio a second time.
 *
 * Memory: the block buffers and the meters take a fixed amount (the
 * spectrum's gate histogram at most about 0.5 MB, see lq-spectrum.c); what
 * grows with the length is only what the analysis keeps: the 100 ms block
 * energies (16 bytes per 100 ms, 9.6 kB per minute), which the album gating
 * needs, and the waveform overview (2 bytes per channel per 256 frames:
 * 41 kB per minute of stereo at 44.1 kHz), which the window draws. Both are
 * sized from the header up front, as far as it can be trusted, and trimmed
 * to what was read at the end.
 */
#include "config.h"

#include "lq-analyzer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "lq-audio-reader.h"
#include "lq-error.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"
#include "lq-signal-stats.h"
#include "lq-spectrum.h"
#include "lq-true-peak.h"
#include "lq-track-analysis-private.h"
#include "lq-waveform.h"

#define BLOCK_FRAMES 16384
/* The finest waveform overview the analysis keeps (about 6 ms at 44.1 kHz). */
#define WAVEFORM_FRAMES_PER_PEAK 256
/* Reservations from the header go no further (a damaged one may claim
 * anything): a day of block energies, 64 MB of waveform. */
#define MAX_RESERVED_BLOCKS (24 * 36000)
#define MAX_RESERVED_PEAK_BYTES (64u << 20)

typedef struct
{
  LqLoudnessMeter *meter;
  LqTruePeak *true_peak;
  LqSignalStats *stats;
  LqWaveform *waveform;
  LqSpectrum *spectrum;
  LqLoudnessBlock *blocks;
  float *planar[2];
  guint8 *peaks;         /* the waveform overview so far */
  gsize peaks_len;
  gsize peaks_cap;
} Meters;

static void
meters_clear (Meters *m)
{
  g_clear_pointer (&m->meter, lq_loudness_meter_free);
  g_clear_pointer (&m->true_peak, lq_true_peak_free);
  g_clear_pointer (&m->stats, lq_signal_stats_free);
  g_clear_pointer (&m->waveform, lq_waveform_free);
  g_clear_pointer (&m->spectrum, lq_spectrum_free);
  g_clear_pointer (&m->blocks, g_free);
  g_clear_pointer (&m->planar[0], g_free);
  g_clear_pointer (&m->planar[1], g_free);
  g_clear_pointer (&m->peaks, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Meters, meters_clear)

/* Appends @n bytes of peaks, growing the store by half when full. */
static void
append_peaks (Meters *m, const int8_t *peaks, gsize n)
{
  if (m->peaks_len + n > m->peaks_cap)
    {
      m->peaks_cap = MAX (m->peaks_cap + m->peaks_cap / 2, m->peaks_len + n);
      m->peaks = g_realloc (m->peaks, m->peaks_cap);
    }
  memcpy (m->peaks + m->peaks_len, peaks, n);
  m->peaks_len += n;
}

/* An exact copy of @array when the header made it far too big. */
static GArray *
trim_array (GArray *array, gsize reserved)
{
  GArray *copy;

  if (reserved <= 2 * (gsize) array->len + 1024)
    return array;
  copy = g_array_sized_new (FALSE, FALSE, sizeof (double), array->len);
  g_array_append_vals (copy, array->data, array->len);
  g_array_unref (array);
  return copy;
}

/* Bytes filled in the meters and buffers now, besides the growing stores. */
static gsize
meters_size (const Meters *m, guint channels, guint hop)
{
  return sizeof *m
         + lq_spectrum_get_allocated (m->spectrum)
         + (BLOCK_FRAMES / hop + 2) * sizeof (LqLoudnessBlock)
         + channels * BLOCK_FRAMES * sizeof (float)
         + (BLOCK_FRAMES / WAVEFORM_FRAMES_PER_PEAK + 1) * 2 * channels;
}

static double
to_db (double linear)
{
  return linear > 0.0 ? 20.0 * log10 (linear) : NAN;
}

static double
finite_or_nan (double x)
{
  return isfinite (x) ? x : NAN;
}

LqTrackAnalysis *
lq_analyze_file (const char *path,
                 GCancellable *cancellable,
                 LqProgressFunc progress,
                 gpointer progress_data,
                 GError **error)
{
  return lq_analyze_file_with_memory (path, cancellable, progress, progress_data, NULL, error);
}

LqTrackAnalysis *
lq_analyze_file_with_memory (const char *path,
                             GCancellable *cancellable,
                             LqProgressFunc progress,
                             gpointer progress_data,
                             LqAnalyzerMemory *memory,
                             GError **error)
{
  g_autoptr(LqAudioReader) reader = NULL;
  g_auto(Meters) m = { 0 };
  g_autoptr(GArray) momentary = NULL;
  g_autoptr(GArray) short_term = NULL;
  g_autoptr(GBytes) peak_bytes = NULL;
  g_autofree int8_t *peak_buf = NULL;
  LqTrackAnalysis *analysis;
  LqSignalStatsResult stats;
  LqTrackMeasures measures;
  float true_peak[2] = { 0.0f, 0.0f };
  guint rate, channels, hop, reserve, peak_size;
  gint64 frames_total, frames = 0;
  gsize peak_bytes_max = 0;
  LqEnergySpan span;
  double lra;

  g_return_val_if_fail (path != NULL, NULL);

  reader = lq_audio_reader_open (path, error);
  if (reader == NULL)
    return NULL;

  rate = lq_audio_reader_get_sample_rate (reader);
  channels = lq_audio_reader_get_channels (reader);
  frames_total = lq_audio_reader_get_frames (reader);

  m.meter = lq_loudness_meter_new (rate, channels);
  m.true_peak = lq_true_peak_new (rate, channels, BLOCK_FRAMES);
  m.stats = lq_signal_stats_new (channels, lq_audio_reader_get_full_scale (reader));
  m.waveform = lq_waveform_new (channels, WAVEFORM_FRAMES_PER_PEAK);
  /* Gated with the blocks of m.meter: the audio is K-weighted once. */
  m.spectrum = lq_spectrum_new_external_loudness (rate, channels);
  if (m.meter == NULL || m.true_peak == NULL || m.stats == NULL || m.waveform == NULL
      || m.spectrum == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED, _("Cannot set up the meters"));
      return NULL;
    }
  hop = lq_loudness_meter_get_hop (m.meter);
  m.blocks = g_new (LqLoudnessBlock, BLOCK_FRAMES / hop + 2);
  for (guint c = 0; c < channels; c++)
    m.planar[c] = g_new (float, BLOCK_FRAMES);

  /* Sized for the whole file up front, as far as the header can be trusted
   * (a damaged one may claim anything), growing beyond; trimmed at the end. */
  peak_size = lq_waveform_get_peak_size (m.waveform);
  reserve = (guint) MIN (MAX (frames_total, 0) / hop + 1, MAX_RESERVED_BLOCKS);
  momentary = g_array_sized_new (FALSE, FALSE, sizeof (double), reserve);
  short_term = g_array_sized_new (FALSE, FALSE, sizeof (double), reserve);
  m.peaks_cap = (gsize) MIN ((MAX (frames_total, 0) / WAVEFORM_FRAMES_PER_PEAK + 1) * peak_size,
                             MAX_RESERVED_PEAK_BYTES);
  m.peaks = g_malloc (m.peaks_cap);
  peak_buf = g_new (int8_t, (BLOCK_FRAMES / WAVEFORM_FRAMES_PER_PEAK + 1) * peak_size);

  for (;;)
    {
      gssize got;
      guint n_blocks;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      got = lq_audio_reader_read (reader, m.planar, BLOCK_FRAMES, error);
      if (got < 0)
        return NULL;
      if (got == 0)
        break;

      lq_signal_stats_process (m.stats, (const float *const *) m.planar, got);
      lq_true_peak_process (m.true_peak, (const float *const *) m.planar, got, true_peak);
      {
        guint n_peaks = lq_waveform_process (m.waveform, (const float *const *) m.planar, got, peak_buf);
        append_peaks (&m, peak_buf, (gsize) n_peaks * peak_size);
      }
      if (lq_spectrum_process (m.spectrum, (const float *const *) m.planar, got) != LQ_OK)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED,
                       _("Not enough memory to analyse the spectrum"));
          return NULL;
        }
      n_blocks = lq_loudness_meter_process (m.meter, (const float *const *) m.planar, got,
                                            m.blocks, BLOCK_FRAMES / hop + 2);
      if (lq_spectrum_add_blocks (m.spectrum, m.blocks, n_blocks) != LQ_OK)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_FAILED,
                       _("Not enough memory to analyse the spectrum"));
          return NULL;
        }

      for (guint b = 0; b < n_blocks; b++)
        {
          if (m.blocks[b].momentary_valid)
            g_array_append_val (momentary, m.blocks[b].momentary);
          if (m.blocks[b].short_term_valid)
            g_array_append_val (short_term, m.blocks[b].short_term);
        }

      if (memory != NULL)
        peak_bytes_max = MAX (peak_bytes_max,
                              meters_size (&m, channels, hop) + m.peaks_len
                              + (momentary->len + short_term->len) * sizeof (double));

      frames += got;
      if (progress != NULL && frames_total > 0)
        progress (MIN (1.0, (double) frames / frames_total), progress_data);
    }

  lq_true_peak_flush (m.true_peak, true_peak);
  if (lq_waveform_flush (m.waveform, peak_buf) == 1)
    append_peaks (&m, peak_buf, peak_size);
  lq_signal_stats_get_result (m.stats, &stats);

  if (stats.nonfinite_samples > 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NONFINITE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Contains %llu sample that is not a number (NaN or infinity)",
                                "Contains %llu samples that are not numbers (NaN or infinity)",
                                stats.nonfinite_samples),
                   (unsigned long long) stats.nonfinite_samples);
      return NULL;
    }
  if (frames == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EMPTY, _("Contains no audio"));
      return NULL;
    }

  measures.duration_s = (double) frames / rate;
  measures.sample_rate = rate;
  measures.channels = channels;

  span.energies = (const double *) momentary->data;
  span.n = momentary->len;
  measures.integrated_lufs = finite_or_nan (lq_loudness_gate_integrated (&span, 1));

  span.energies = (const double *) short_term->data;
  span.n = short_term->len;
  measures.lra_lu = NAN;
  if (lq_measure_exists (measures.integrated_lufs)
      && lq_loudness_gate_range (&span, 1, &lra) == LQ_OK)
    measures.lra_lu = lra;

  /* Slid in 10 ms steps by the meter; 0 (no complete window) becomes NAN. */
  measures.max_momentary_lufs =
    finite_or_nan (lq_loudness_from_energy (lq_loudness_meter_get_max_momentary (m.meter)));
  measures.max_short_term_lufs =
    finite_or_nan (lq_loudness_from_energy (lq_loudness_meter_get_max_short_term (m.meter)));

  {
    float sample_peak = 0.0f, tp = 0.0f;

    for (guint c = 0; c < channels; c++)
      {
        sample_peak = MAX (sample_peak, stats.sample_peak[c]);
        tp = MAX (tp, true_peak[c]);
      }
    /* The waveform between samples can only exceed the samples themselves. */
    tp = MAX (tp, sample_peak);
    measures.sample_peak_dbfs = to_db (sample_peak);
    measures.true_peak_dbtp = to_db (tp);
  }

  measures.plr_db = measures.true_peak_dbtp - measures.integrated_lufs;
  measures.dc_offset_db[0] = to_db (fabs (stats.dc_offset[0]));
  measures.dc_offset_db[1] = channels > 1 ? to_db (fabs (stats.dc_offset[1])) : NAN;
  measures.correlation = stats.correlation;
  measures.clipped_samples = stats.clipped_samples;

  momentary = trim_array (momentary, reserve);
  short_term = trim_array (short_term, reserve);
  analysis = lq_track_analysis_new (path,
                                    lq_audio_reader_get_title (reader),
                                    lq_audio_reader_get_format (reader),
                                    &measures,
                                    g_steal_pointer (&momentary),
                                    g_steal_pointer (&short_term));
  /* frames > 0, so there is at least one peak. */
  if (m.peaks_len < m.peaks_cap)
    m.peaks = g_realloc (m.peaks, m.peaks_len);
  peak_bytes = g_bytes_new_take (g_steal_pointer (&m.peaks), m.peaks_len);
  _lq_track_analysis_set_waveform (analysis, peak_bytes, WAVEFORM_FRAMES_PER_PEAK);

  /* Absolute levels: a tonal plan normalises by the integrated loudness. No
   * spectrum when no frame passes the gates (silence, too short). */
  {
    double mid_db[LQ_SPECTRUM_MAX_BANDS], side_db[LQ_SPECTRUM_MAX_BANDS];

    if (lq_spectrum_get_bands (m.spectrum, LQ_SPECTRUM_NORM_NONE, mid_db, side_db, NULL) == LQ_OK)
      _lq_track_analysis_set_spectrum (analysis, lq_spectrum_get_n_bands (m.spectrum),
                                       lq_spectrum_get_centres (m.spectrum), mid_db, side_db);
  }

  if (memory != NULL)
    {
      /* The meters are still there alongside the finished analysis, and
       * the loudness range sorted a copy of the short-term energies. */
      const GArray *st = lq_track_analysis_get_short_term_energies (analysis);

      memory->retained_bytes = lq_track_analysis_get_retained_size (analysis);
      memory->peak_bytes = MAX (peak_bytes_max,
                                meters_size (&m, channels, hop) + memory->retained_bytes
                                + st->len * sizeof (double));
    }
  return analysis;
}
