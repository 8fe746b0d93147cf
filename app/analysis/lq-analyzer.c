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
 * 41 kB per minute of stereo at 44.1 kHz) with its RMS (1 byte per channel
 * per 256 frames, 21 kB per minute), which the window draws. Both are
 * sized from the header up front, as far as it can be trusted, and trimmed
 * to what was read at the end.
 *
 * Clipped runs and true-peak overs are found in the same pass, at little
 * cost: the true-peak detector writes its reading per frame
 * (lq_true_peak_process_frames(), the same sums the per-block reading
 * makes), a block whose largest reading stays under the floor is skipped
 * with that one scan; clips are looked for only in the waveform peaks that
 * reach full scale. Both lists are capped (lq-run-list.h).
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
#include "lq-simd.h"
#include "lq-spectrum.h"
#include "lq-true-peak.h"
#include "lq-run-list.h"
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
  float *tp_frames[2];   /* the true peak read at each frame of the block */
  guint8 *peaks;         /* the waveform overview so far */
  gsize peaks_len;
  gsize peaks_cap;
  guint8 *rms;           /* its RMS, peaks_len / 2 bytes */
  LqRunList *clips;
  LqRunList *overs;
} Meters;

/* Where the clipped runs and overs being followed stand. */
typedef struct
{
  float full_scale;
  gint64 clip_start[2];  /* of the run of full-scale samples on each channel */
  guint clip_len[2];
  float clip_peak[2];
  gint64 next_frame;     /* the frame after the last one scanned for clips */
  guint over_chunk;      /* frames looked at together for overs */
} RunState;

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
  g_clear_pointer (&m->tp_frames[0], g_free);
  g_clear_pointer (&m->tp_frames[1], g_free);
  g_clear_pointer (&m->peaks, g_free);
  g_clear_pointer (&m->rms, g_free);
  g_clear_pointer (&m->clips, lq_run_list_free);
  g_clear_pointer (&m->overs, lq_run_list_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Meters, meters_clear)

/* Appends @n bytes of peaks and their n / 2 bytes of RMS, growing the
 * stores by half when full. */
static void
append_peaks (Meters *m, const int8_t *peaks, const guint8 *rms, gsize n)
{
  if (m->peaks_len + n > m->peaks_cap)
    {
      m->peaks_cap = MAX (m->peaks_cap + m->peaks_cap / 2, m->peaks_len + n);
      m->peaks = g_realloc (m->peaks, m->peaks_cap);
      m->rms = g_realloc (m->rms, m->peaks_cap / 2 + 1);
    }
  memcpy (m->peaks + m->peaks_len, peaks, n);
  memcpy (m->rms + m->peaks_len / 2, rms, n / 2);
  m->peaks_len += n;
}

static float
db_of (float linear)
{
  return linear > 0.0f ? 20.0f * log10f (linear) : -INFINITY;
}

static void
clip_end (Meters *m, RunState *r, guint c)
{
  if (r->clip_len[c] >= LQ_CLIP_MIN_RUN)
    lq_run_list_add (m->clips, r->clip_start[c], r->clip_len[c], db_of (r->clip_peak[c]));
  r->clip_len[c] = 0;
}

/* Follows the runs of full-scale samples (the rule of lq-signal-stats.c)
 * over frames [from, to) of the block that starts at frame @first, frame by
 * frame across the channels, so runs end in order. */
static void
scan_clips (Meters *m, RunState *r, guint channels, gint64 first, guint from, guint to)
{
  if (first + from != r->next_frame)
    for (guint c = 0; c < channels; c++)
      clip_end (m, r, c);
  for (guint i = from; i < to; i++)
    for (guint c = 0; c < channels; c++)
      {
        float a = fabsf (m->planar[c][i]);

        if (a >= r->full_scale)
          {
            if (r->clip_len[c]++ == 0)
              {
                r->clip_start[c] = first + i;
                r->clip_peak[c] = 0.0f;
              }
            r->clip_peak[c] = MAX (r->clip_peak[c], a);
          }
        else if (r->clip_len[c] > 0)
          clip_end (m, r, c);
      }
  r->next_frame = first + to;
}

/* Clips in the block of @n frames at frame @first: only where a waveform
 * peak of the block reached full scale (rounded outwards, any sample from
 * 126/127 up reads +-127), when the peaks line up with the block. */
static void
find_clips (Meters *m, RunState *r, guint channels, gint64 first, guint n,
            const int8_t *peaks, guint n_peaks)
{
  guint covered = n_peaks * WAVEFORM_FRAMES_PER_PEAK;

  if (first % WAVEFORM_FRAMES_PER_PEAK != 0 || covered > n || r->full_scale <= 126.0f / 127.0f)
    {
      scan_clips (m, r, channels, first, 0, n);
      return;
    }
  for (guint p = 0; p < n_peaks; p++)
    for (guint c = 0; c < channels; c++)
      if (peaks[p * 2 * channels + 2 * c] == -127 || peaks[p * 2 * channels + 2 * c + 1] == 127)
        {
          scan_clips (m, r, channels, first, p * WAVEFORM_FRAMES_PER_PEAK,
                      (p + 1) * WAVEFORM_FRAMES_PER_PEAK);
          break;
        }
  if (covered < n)
    scan_clips (m, r, channels, first, covered, n);
}

/* Raises true_peak[] with the block's per-frame readings (frame @first + i
 * read at tp_frames[c][i], which lies @latency frames after the sample it
 * belongs to; clamped to @last_frame) and adds the overs of the floor.
 *
 * In chunks of at most 64 frames and never more than the merge gap: each
 * channel's maximum over vector lanes; a chunk under the floor is done with
 * (overs are sparse even in a loud master), and a chunk over it adds one
 * run from its first frame over the floor to its last, with the chunk's
 * maximum as its peak: the run list would merge any overs that close
 * anyway, so the runs are the same as frame by frame, without a branch per
 * frame that noise near the floor makes unpredictable. */
#if LQ_SIMD_VECTORS
LQ_SIMD_CLONES
#endif
static void
find_overs (Meters *m, RunState *r, guint channels, gint64 first, guint n, guint latency,
            gint64 last_frame, float floor_lin, float *true_peak)
{
  for (guint i0 = 0; i0 < n; i0 += r->over_chunk)
    {
      guint i1 = MIN (i0 + r->over_chunk, n), a, b;
      float chunk_max = 0.0f;

      for (guint c = 0; c < channels; c++)
        {
          const float *t = m->tp_frames[c];
          float mx = 0.0f;
          guint i = i0;

#if LQ_SIMD_VECTORS
          if (i + LQ_SIMD_LANES <= i1)
            {
              lq_v8sf lane, v;
              float l[LQ_SIMD_LANES];

              LQ_V_LOAD (lane, t + i);
              for (i += LQ_SIMD_LANES; i + LQ_SIMD_LANES <= i1; i += LQ_SIMD_LANES)
                {
                  LQ_V_LOAD (v, t + i);
                  LQ_V_MAX (lane, v, lane);
                }
              LQ_V_STORE (l, lane);
              for (guint k = 0; k < LQ_SIMD_LANES; k++)
                mx = l[k] > mx ? l[k] : mx;
            }
#endif
          for (; i < i1; i++)
            mx = t[i] > mx ? t[i] : mx;
          true_peak[c] = MAX (true_peak[c], mx);
          chunk_max = MAX (chunk_max, mx);
        }
      if (!(chunk_max > floor_lin))
        continue;
      for (a = i0; a < i1; a++)
        if (m->tp_frames[0][a] > floor_lin || (channels > 1 && m->tp_frames[1][a] > floor_lin))
          break;
      for (b = i1 - 1; b > a; b--)
        if (m->tp_frames[0][b] > floor_lin || (channels > 1 && m->tp_frames[1][b] > floor_lin))
          break;
      {
        gint64 start = CLAMP (first + a - (gint64) latency, 0, last_frame);
        gint64 end = CLAMP (first + b - (gint64) latency, 0, last_frame) + 1;

        lq_run_list_add (m->overs, start, end - start, db_of (chunk_max));
      }
    }
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
         + 2 * channels * BLOCK_FRAMES * sizeof (float)
         + (BLOCK_FRAMES / WAVEFORM_FRAMES_PER_PEAK + 1) * 3 * channels;
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
  g_autofree guint8 *rms_buf = NULL;
  g_autoptr(GBytes) rms_bytes = NULL;
  g_autoptr(GArray) clipped_runs = NULL;
  g_autoptr(GArray) overs = NULL;
  gboolean clips_cut = FALSE, overs_cut = FALSE;
  RunState runs = { 0 };
  guint latency;
  float floor_lin = (float) pow (10.0, LQ_ANALYSIS_OVER_FLOOR_DBTP / 20.0);
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
    {
      m.planar[c] = g_new (float, BLOCK_FRAMES);
      m.tp_frames[c] = g_new (float, BLOCK_FRAMES);
    }
  m.clips = lq_run_list_new (LQ_ANALYSIS_MAX_RUNS, (gint64) (LQ_ANALYSIS_RUN_MERGE_S * rate));
  m.overs = lq_run_list_new (LQ_ANALYSIS_MAX_RUNS, (gint64) (LQ_ANALYSIS_RUN_MERGE_S * rate));
  runs.full_scale = lq_audio_reader_get_full_scale (reader);
  runs.over_chunk = (guint) CLAMP (LQ_ANALYSIS_RUN_MERGE_S * rate, 1, 64);
  latency = lq_true_peak_get_latency (m.true_peak);

  /* Sized for the whole file up front, as far as the header can be trusted
   * (a damaged one may claim anything), growing beyond; trimmed at the end. */
  peak_size = lq_waveform_get_peak_size (m.waveform);
  reserve = (guint) MIN (MAX (frames_total, 0) / hop + 1, MAX_RESERVED_BLOCKS);
  momentary = g_array_sized_new (FALSE, FALSE, sizeof (double), reserve);
  short_term = g_array_sized_new (FALSE, FALSE, sizeof (double), reserve);
  m.peaks_cap = (gsize) MIN ((MAX (frames_total, 0) / WAVEFORM_FRAMES_PER_PEAK + 1) * peak_size,
                             MAX_RESERVED_PEAK_BYTES);
  m.peaks = g_malloc (m.peaks_cap);
  m.rms = g_malloc (m.peaks_cap / 2 + 1);
  peak_buf = g_new (int8_t, (BLOCK_FRAMES / WAVEFORM_FRAMES_PER_PEAK + 1) * peak_size);
  rms_buf = g_new (guint8, (BLOCK_FRAMES / WAVEFORM_FRAMES_PER_PEAK + 1) * channels);

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
      lq_true_peak_process_frames (m.true_peak, (const float *const *) m.planar, got, m.tp_frames);
      find_overs (&m, &runs, channels, frames, got, latency, G_MAXINT64, floor_lin, true_peak);
      {
        guint n_peaks = lq_waveform_process_rms (m.waveform, (const float *const *) m.planar, got,
                                                 peak_buf, rms_buf);
        append_peaks (&m, peak_buf, rms_buf, (gsize) n_peaks * peak_size);
        find_clips (&m, &runs, channels, frames, got, peak_buf, n_peaks);
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
                              meters_size (&m, channels, hop) + m.peaks_len + m.peaks_len / 2
                              + (momentary->len + short_term->len) * sizeof (double));

      frames += got;
      if (progress != NULL && frames_total > 0)
        progress (MIN (1.0, (double) frames / frames_total), progress_data);
    }

  /* The interpolator's tail: what lq_true_peak_flush() pushes through it
   * (2 * latency - 1 = TAPS - 1 frames of silence), read frame by frame;
   * an over there belongs to the last frame. */
  if (latency > 0 && frames > 0)
    {
      guint tail = 2 * latency - 1;

      for (guint c = 0; c < channels; c++)
        memset (m.planar[c], 0, tail * sizeof (float));
      lq_true_peak_process_frames (m.true_peak, (const float *const *) m.planar, tail,
                                   m.tp_frames);
      find_overs (&m, &runs, channels, frames, tail, latency, frames - 1, floor_lin, true_peak);
    }
  for (guint c = 0; c < channels; c++)
    clip_end (&m, &runs, c);
  clipped_runs = lq_run_list_finish (m.clips, &clips_cut);
  overs = lq_run_list_finish (m.overs, &overs_cut);
  if (lq_waveform_flush_rms (m.waveform, peak_buf, rms_buf) == 1)
    append_peaks (&m, peak_buf, rms_buf, peak_size);
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
  m.rms = g_realloc (m.rms, m.peaks_len / 2);
  rms_bytes = g_bytes_new_take (g_steal_pointer (&m.rms), m.peaks_len / 2);
  _lq_track_analysis_set_waveform_rms (analysis, rms_bytes);
  lq_track_analysis_set_runs (analysis, clipped_runs, overs, clips_cut || overs_cut);

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
