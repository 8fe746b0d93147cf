/* lq-analyzer.c: one pass over a file feeds every meter.
 *
 * Decoding, true peak, K-weighted loudness, the sample statistics, the
 * waveform overview and the long-term spectrum all run on the same planar
 * block, so the file is read once; the spectrum is gated with the loudness
 * meter's blocks rather than K-weighting the audio a second time. Memory is
 * the block buffers plus the 100 ms block energies (16 bytes per 100 ms of
 * audio, about 0.6 MB per hour), which the album gating needs, and while the
 * file is read the spectrum's per-frame band powers and its copy of the
 * momentary energies (about 3 kB per second of audio, 11 MB per hour; gated
 * and averaged to 3 x 31 values at the end).
 */
#include "config.h"

#include "lq-analyzer.h"

#include <glib/gi18n-lib.h>
#include <math.h>

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

typedef struct
{
  LqLoudnessMeter *meter;
  LqTruePeak *true_peak;
  LqSignalStats *stats;
  LqWaveform *waveform;
  LqSpectrum *spectrum;
  LqLoudnessBlock *blocks;
  float *planar[2];
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
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Meters, meters_clear)

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
  g_autoptr(LqAudioReader) reader = NULL;
  g_auto(Meters) m = { 0 };
  g_autoptr(GArray) momentary = NULL;
  g_autoptr(GArray) short_term = NULL;
  g_autoptr(GByteArray) peaks = NULL;
  g_autoptr(GBytes) peak_bytes = NULL;
  g_autofree int8_t *peak_buf = NULL;
  LqTrackAnalysis *analysis;
  LqSignalStatsResult stats;
  LqTrackMeasures measures;
  float true_peak[2] = { 0.0f, 0.0f };
  guint rate, channels, hop, reserve;
  gint64 frames_total, frames = 0;
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
   * (a damaged one may claim anything): up to two hours, growing beyond. */
  reserve = (guint) MIN (frames_total / hop + 1, 2 * 36000);
  momentary = g_array_sized_new (FALSE, FALSE, sizeof (double), reserve);
  short_term = g_array_sized_new (FALSE, FALSE, sizeof (double), reserve);
  peaks = g_byte_array_sized_new (MIN (frames_total / WAVEFORM_FRAMES_PER_PEAK + 1, 1 << 20)
                                  * lq_waveform_get_peak_size (m.waveform));
  peak_buf = g_new (int8_t, (BLOCK_FRAMES / WAVEFORM_FRAMES_PER_PEAK + 1)
                            * lq_waveform_get_peak_size (m.waveform));

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
        g_byte_array_append (peaks, (const guint8 *) peak_buf,
                             n_peaks * lq_waveform_get_peak_size (m.waveform));
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

      frames += got;
      if (progress != NULL && frames_total > 0)
        progress (MIN (1.0, (double) frames / frames_total), progress_data);
    }

  lq_true_peak_flush (m.true_peak, true_peak);
  if (lq_waveform_flush (m.waveform, peak_buf) == 1)
    g_byte_array_append (peaks, (const guint8 *) peak_buf, lq_waveform_get_peak_size (m.waveform));
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

  analysis = lq_track_analysis_new (path,
                                    lq_audio_reader_get_title (reader),
                                    lq_audio_reader_get_format (reader),
                                    &measures,
                                    g_steal_pointer (&momentary),
                                    g_steal_pointer (&short_term));
  peak_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&peaks));
  _lq_track_analysis_set_waveform (analysis, peak_bytes, WAVEFORM_FRAMES_PER_PEAK);

  /* Absolute levels: a tonal plan normalises by the integrated loudness. No
   * spectrum when no frame passes the gates (silence, too short). */
  {
    double mid_db[LQ_SPECTRUM_MAX_BANDS], side_db[LQ_SPECTRUM_MAX_BANDS];

    if (lq_spectrum_get_bands (m.spectrum, LQ_SPECTRUM_NORM_NONE, mid_db, side_db, NULL) == LQ_OK)
      _lq_track_analysis_set_spectrum (analysis, lq_spectrum_get_n_bands (m.spectrum),
                                       lq_spectrum_get_centres (m.spectrum), mid_db, side_db);
  }
  return analysis;
}
