/* lq-track-analysis.h: what Lacquer measured of one audio file.
 *
 * An immutable result object. Every measure that does not exist for the file
 * (the integrated loudness of digital silence, the correlation of a mono
 * file) is NAN; lq_measure_exists() tells.
 *
 * Besides the numbers, the analysis keeps the file's BS.1770 block energies
 * (400 ms momentary blocks and 3 s short-term windows, every 100 ms), so an
 * album can be gated as one programme and re-gated without decoding again,
 * and the long-term spectrum of its mid and side channels over its loud
 * sections, for tonal matching (see lq-tonal-plan.h).
 */
#pragma once

#include <glib-object.h>
#include <math.h>

G_BEGIN_DECLS

#define LQ_TYPE_TRACK_ANALYSIS (lq_track_analysis_get_type ())

G_DECLARE_FINAL_TYPE (LqTrackAnalysis, lq_track_analysis, LQ, TRACK_ANALYSIS, GObject)

typedef struct
{
  double duration_s;
  guint sample_rate;
  guint channels;
  double integrated_lufs;
  double lra_lu;
  double max_momentary_lufs;
  double max_short_term_lufs;
  double sample_peak_dbfs;
  double true_peak_dbtp;
  double plr_db;
  double dc_offset_db[2];  /* per channel; only [0] for mono */
  double correlation;
  guint64 clipped_samples;
} LqTrackMeasures;

#define lq_measure_exists(x) (!isnan (x))

/* A run of samples the analysis marks on the track's timeline. */
typedef struct { gint64 start; gint64 frames; float peak_db; } LqSampleRun;   /* frames at the file's rate from its first frame; peak_db: clips: 0 dBFS or the run's largest |sample| in dBFS; overs: the run's highest true peak in dBTP */

/* Overs are marked from this true peak up, so a view can show the overs of
 * any ceiling from -3 to 0 dBTP by filtering on peak_db. */
#define LQ_ANALYSIS_OVER_FLOOR_DBTP (-3.0)
/* Runs closer than this merge into one. */
#define LQ_ANALYSIS_RUN_MERGE_S 0.010
/* At most this many runs of each kind per track: beyond, the lowest are
 * dropped (the smallest peak_db, then the shortest, then the latest), so the
 * loudest and longest stay; lq_track_analysis_get_runs_truncated() tells. */
#define LQ_ANALYSIS_MAX_RUNS 4096

/* Used by the analyzer; takes the energy arrays. */
LqTrackAnalysis *lq_track_analysis_new (const char *path,
                                        const char *title,
                                        const char *format,
                                        const LqTrackMeasures *measures,
                                        GArray *momentary_energies,
                                        GArray *short_term_energies);

const char *lq_track_analysis_get_path (LqTrackAnalysis *self);
/* The title tag, or NULL. */
const char *lq_track_analysis_get_title (LqTrackAnalysis *self);
/* The title tag, or else the file name without its extension. */
const char *lq_track_analysis_get_display_name (LqTrackAnalysis *self);
const char *lq_track_analysis_get_format (LqTrackAnalysis *self);
const LqTrackMeasures *lq_track_analysis_get_measures (LqTrackAnalysis *self);
/* Energies (see lq-loudness-meter.h), one per 100 ms hop. */
const GArray *lq_track_analysis_get_momentary_energies (LqTrackAnalysis *self);
const GArray *lq_track_analysis_get_short_term_energies (LqTrackAnalysis *self);
/* Min/max peaks (see lq-waveform.h: per peak, min and max of each channel as
 * int8) every *frames_per_peak frames, or NULL when not measured (an
 * analysis read back from a project's cache keeps its waveform there). */
GBytes *lq_track_analysis_get_waveform (LqTrackAnalysis *self,
                                        guint *frames_per_peak);
/* The RMS of each of those peaks (see lq-waveform.h: one uint8 per channel
 * per peak, on a 0.25 dB scale), or NULL like the waveform. */
GBytes *lq_track_analysis_get_waveform_rms (LqTrackAnalysis *self);

/* Clipped runs: LQ_CLIP_MIN_RUN or more consecutive full-scale samples on
 * a channel (the samples lq-signal-stats.h counts as clipped_samples), on
 * any channel. */
const GArray *lq_track_analysis_get_clipped_runs (LqTrackAnalysis *self);      /* of LqSampleRun, ascending; never NULL once analysed (may be empty) */
/* Runs of frames whose true peak (BS.1770-4, 4x oversampled below 96 kHz)
 * on any channel exceeds LQ_ANALYSIS_OVER_FLOOR_DBTP. */
const GArray *lq_track_analysis_get_true_peak_overs (LqTrackAnalysis *self);   /* of LqSampleRun: runs where the true peak (BS.1770-4, 4x oversampled) exceeds LQ_ANALYSIS_OVER_FLOOR_DBTP */
gboolean lq_track_analysis_get_runs_truncated (LqTrackAnalysis *self);         /* TRUE when a track had more runs than the cap and the lowest were dropped */
/* Used by the analyzer and by a cache reading an analysis back, before the
 * object is shared: takes references to the arrays (of LqSampleRun,
 * ascending; NULL: empty). */
void lq_track_analysis_set_runs (LqTrackAnalysis *self,
                                 GArray *clipped_runs,
                                 GArray *true_peak_overs,
                                 gboolean truncated);
/* The gated long-term average spectrum (see dsp/lq-spectrum.h) in
 * 1/3-octave bands: @centres in Hz, ascending, and the mean band power of
 * mid (L + R) / 2 and side (L - R) / 2 in dB re full scale, not normalised
 * (LQ_SPECTRUM_NORM_NONE). Silent bands read -200 dB, so does every side
 * band of a mono file. Each out-argument may be NULL; the arrays belong to
 * the analysis. FALSE (0 bands, NULLs) when there is none: digital silence,
 * less audio than one FFT frame or one gating block, or an analysis read
 * from a cache written before spectra were kept. */
gboolean lq_track_analysis_get_spectrum (LqTrackAnalysis *self,
                                         guint *n_bands,
                                         const double **centres,
                                         const double **mid_db,
                                         const double **side_db);

/* Bytes the analysis holds: the object, its strings, the block energies,
 * the waveform overview and the spectrum (filled bytes; what grows with the
 * length of the file is the energies and the waveform). */
gsize lq_track_analysis_get_retained_size (LqTrackAnalysis *self);

G_END_DECLS
