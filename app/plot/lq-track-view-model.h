/* lq-track-view-model.h: what the track view ("Track Waveform") shows of one
 * track, as plain data (issue 12, item 2).
 *
 * Built from an LqProject and a track (lq_track_view_model_new_from_project():
 * the cached overview levels, the analysis's 100 ms block energies, the
 * stored match), or by hand (lq_track_view_model_new() and the setters: the
 * tests, the benchmark, the release report). Nothing here decodes audio.
 *
 * Overview. Every level is a min/max overview (lq-waveform.h: per peak and
 * channel min and max as -127..127) of @frames_per_peak frames a peak, with
 * optionally the RMS of each peak (float, linear full scale, per peak and
 * channel). lq_track_view_model_columns() resamples the finest level that
 * needs no more than 2 peaks a column to the columns of a visible span.
 *
 * Loudness curves. One value per 100 ms block, in LUFS, on one grid: block
 * k is the window that ends at (k + 1) * 0.1 s; the momentary window is
 * 400 ms and the short-term 3 s, so the first 3 (momentary) and 29
 * (short-term) blocks are NAN, as are silent blocks (-inf LUFS). They are
 * the analysis's energies plus the track's own "gain" field (what is heard
 * before the match).
 *
 * The "after" curves are a PREDICTION from the stored match: each block
 * moved by the track's stored match gain, then lowered by the plan's
 * expected limiter gain reduction R (lq-match-plan.h: the reduction the
 * loudest true peak needs) where the track is loud: with S the loudest
 * predicted short-term block, a block whose predicted short-term loudness
 * s is above S - R is lowered by (s - (S - R)) / 2, i.e. by R / 2 at the
 * loudest block and not at all at S - R. A limiter acts on peaks, so this
 * is an upper bound of what it does to loudness where it works, and zero
 * where the plan expects none; the render measures the real figure.
 *
 * Samples. Zoomed finer than the finest cached level, the waveform comes
 * from an LqWaveformSpan read from the track's source on a worker
 * (lq-waveform-span.h; the track view starts it):
 * lq_track_view_model_span_columns() takes the span's columns where it is
 * usable (lq_track_view_model_span_usable()) and the cached overview
 * otherwise. Sample frame f is at f / rate seconds.
 *
 * Runs. Clipped runs and true-peak overs (start and end in seconds, the
 * run's peak) come from the analysis cache; a run whose peak is above the
 * ceiling (lq_track_view_model_set_ceiling(), the match's true-peak
 * ceiling) is flagged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-project.h"
#include "lq-waveform-span.h"

G_BEGIN_DECLS

typedef struct
{
  double start_s;
  double end_s;
  double peak_db;          /* dBFS (clipped runs) or dBTP (overs) */
  gboolean above_ceiling;  /* set by the model from its ceiling */
} LqTrackViewRun;

/* One column of the visible span: per channel the smallest and largest
 * sample (-1..1), and the largest RMS of the peaks it covers (0..1; NAN
 * when the overview has none). Columns the overview does not reach have
 * min > max. */
typedef struct
{
  float min[2];
  float max[2];
  float rms[2];
} LqTrackViewColumn;

typedef struct
{
  /* The track */
  guint position;          /* 1-based; 0 when not in a project */
  char *name;
  double length_s;
  guint rate;
  guint channels;          /* 1 or 2 */
  /* Figures; NAN when unknown */
  double integrated_lufs;  /* measured, with the track's gain */
  double true_peak_dbtp;   /* measured, with the track's gain */
  double target_lufs;      /* the album's effective target */
  double ceiling_dbtp;     /* the match's true-peak ceiling (or the target's) */
  /* The prediction from the stored match: matched FALSE when there is none
   * (the after curves are then NULL and the figures NAN) */
  gboolean matched;
  double match_gain_db;
  double limiter_reduction_db;
  double after_lufs;       /* the plan's predicted integrated loudness */
  /* Loudness curves, n_blocks values each (LUFS, NAN: none) */
  guint n_blocks;
  float *momentary;
  float *short_term;
  float *momentary_after;  /* NULL when not matched */
  float *short_term_after;
  /* Runs, by start */
  GArray *clipped_runs;    /* LqTrackViewRun */
  GArray *overs;           /* LqTrackViewRun */
  /* The source, for reading spans of samples: its absolute path (NULL when
   * not in a project) */
  char *source_path;
  /* Overview levels, finest first (private to the model) */
  GPtrArray *levels;
} LqTrackViewModel;

#define LQ_TRACK_VIEW_BLOCK_S 0.1

LqTrackViewModel *lq_track_view_model_new (const char *name,
                                           guint position,
                                           double length_s,
                                           guint rate,
                                           guint channels);
/* The track at @position (1-based) of @project; NULL when it has no
 * analysis. */
LqTrackViewModel *lq_track_view_model_new_from_project (LqProject *project,
                                                        guint position);
void lq_track_view_model_free (LqTrackViewModel *self);

/* Adds an overview level: @peaks as lq-waveform.h writes them (2 *
 * channels bytes a peak), @rms (or NULL) one float a peak and channel. */
void lq_track_view_model_add_level (LqTrackViewModel *self,
                                    guint frames_per_peak,
                                    GBytes *peaks,
                                    GBytes *rms);
/* The frames a peak of the @i'th level (finest first; 0 past the last). */
guint lq_track_view_model_get_level (const LqTrackViewModel *self,
                                     guint                   i);
/* The frames a peak of the level columns of @n_columns over [start, end]
 * read (0 without an overview). */
guint lq_track_view_model_level_for (const LqTrackViewModel *self,
                                     double start_s,
                                     double end_s,
                                     guint n_columns);
/* Fills @columns (n_columns of them) for the span [start, end] seconds. */
void lq_track_view_model_columns (const LqTrackViewModel *self,
                                  double start_s,
                                  double end_s,
                                  guint n_columns,
                                  LqTrackViewColumn *columns);

/* TRUE when @span (may be NULL) is of this track's rate and channels,
 * finer than the cached level the columns of @n_columns over [start, end]
 * would read, and covers the frames of [start, end] that lie in the track. */
gboolean lq_track_view_model_span_usable (const LqTrackViewModel *self,
                                          const LqWaveformSpan   *span,
                                          double                  start_s,
                                          double                  end_s,
                                          guint                   n_columns);
/* Fills @columns as lq_track_view_model_columns() does, from @span when it
 * is usable (each column: the smallest and largest sample and the largest
 * RMS of the span's columns that start in it). Returns the frames a column
 * of what was read: the span's frames a column, the cached level's frames a
 * peak, or 0 for nothing. */
guint lq_track_view_model_span_columns (const LqTrackViewModel *self,
                                        const LqWaveformSpan   *span,
                                        double                  start_s,
                                        double                  end_s,
                                        guint                   n_columns,
                                        LqTrackViewColumn      *columns);

/* Sets the curves from energies (lq-loudness-meter.h; as the analysis
 * keeps them: the valid windows only) and @gain_db. */
void lq_track_view_model_set_energies (LqTrackViewModel *self,
                                       const double *momentary,
                                       guint n_momentary,
                                       const double *short_term,
                                       guint n_short_term,
                                       double gain_db);
/* Computes the after curves from the curves (see above); NAN @gain_db: no
 * match. */
void lq_track_view_model_set_match (LqTrackViewModel *self,
                                    double gain_db,
                                    double limiter_reduction_db,
                                    double after_lufs);
void lq_track_view_model_set_ceiling (LqTrackViewModel *self,
                                      double ceiling_dbtp);
/* Replaces the runs (copied, sorted, flagged against the ceiling). */
void lq_track_view_model_set_clipped_runs (LqTrackViewModel *self,
                                           const LqTrackViewRun *runs,
                                           guint n_runs);
void lq_track_view_model_set_overs (LqTrackViewModel *self,
                                    const LqTrackViewRun *runs,
                                    guint n_runs);
guint lq_track_view_model_count_overs_above (const LqTrackViewModel *self);

/* The block at @seconds, or -1 outside the curves. */
int lq_track_view_model_block_at (const LqTrackViewModel *self,
                                  double seconds);
/* The loudness reduction the prediction applies to block @k (dB, >= 0). */
double lq_track_view_model_limiter_at (const LqTrackViewModel *self,
                                       guint k);

/* The stored match's prediction for the track at @position (1-based) of
 * @plan (the project's lq_project_get_match_plan()), as the export applies
 * it: the plan's gain, predicted loudness and limiter reduction, moved by
 * what the track's stored match gain differs from the plan's when that is
 * more than rounding (0.05 dB). Writes the three (any may be NULL);
 * returns TRUE when the stored gain moved them. Shared with the loudness
 * chart's "after" dots. */
gboolean lq_track_view_match_prediction (LqProject   *project,
                                         LqMatchPlan *plan,
                                         guint        position,
                                         double      *gain_db,
                                         double      *after_lufs,
                                         double      *limiter_db);

/* The accessible description (translated): "Track 3 “Name”: integrated
 * -16.2 LUFS (target -14), true peak -0.3 dBTP, 2 clipped runs, 1 over of
 * the -1 dBTP ceiling; after the match -14.0 LUFS (predicted)". */
char *lq_track_view_model_dup_description (const LqTrackViewModel *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqTrackViewModel, lq_track_view_model_free)

G_END_DECLS
