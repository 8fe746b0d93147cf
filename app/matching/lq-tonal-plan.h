/* lq-tonal-plan.h: the tonal side of album matching.
 *
 * Every analysed track carries the long-term average spectrum of its mid and
 * side channels over its loud sections (gated as BS.1770; see
 * dsp/lq-spectrum.h and lq_track_analysis_get_spectrum()). A tonal plan
 * brings those spectra to the same loudness (each minus its track's
 * integrated loudness; a mono file's plus 3 dB, its loudness on two
 * speakers), smooths them on the log-frequency axis, and takes as the
 * album's centroid their mean in dB (per band, over the tracks that have
 * signal there), or the spectrum of an anchor track, or of an external
 * reference file. Each track's correction is the centroid minus the track,
 * per band, for mid and side; bands where either side has no signal (more
 * than LQ_TONAL_SILENT_DB below the track's loudness) get no correction,
 * and the anchor track gets none at all.
 *
 * What the match EQ (dsp/lq-match-eq.h) applies is the correction scaled by
 * the strength and clamped to +/- the cap ("applied"). A tonal plan predicts
 * what that does: the K-weighted loudness change of each track (the match
 * gain that follows the match EQ in the chain compensates it), and the
 * album's tonal spread before and after.
 *
 * Tonal spread (the measure): the mean over tracks of the RMS, over
 * the bands from 63 Hz to 16 kHz, of the difference in dB between the
 * track's loudness-normalised mid spectrum and the album centroid of those
 * spectra (their mean over the tracks), unsmoothed; bands more than
 * LQ_TONAL_SILENT_DB below the loudness count as -LQ_TONAL_SILENT_DB, so
 * a track's silence (above a lowpass) does not swamp the measure.
 *
 * Audibility. The correction is the difference above times a weight per
 * band, lq_tonal_audibility(): 1 from LQ_TONAL_FULL_LOW_HZ to
 * LQ_TONAL_FULL_HIGH_HZ, falling to LQ_TONAL_EDGE_WEIGHT at 20 Hz and
 * 20 kHz. Hearing is less sensitive at the extremes (the equal-loudness
 * contours), the spectrum estimate of a short album is noisiest there (few
 * FFT bins per band below 50 Hz, sparse cymbal energy above 12 kHz), and a
 * real mix's differences there are mostly choices (a sub-bass, an air
 * shelf) rather than faults; a full-strength move there is what sends a
 * curve to the cap.
 *
 * The cap. A band "sits at the cap" when the strength times its correction
 * (mid or side) reaches the cap: the match EQ then applies the cap, not the
 * album's difference. Each track reports how many of its corrected bands do
 * (lq_tonal_plan_get_bands_at_cap()); the plan warns
 * (lq_tonal_plan_get_cap_warning()) when more than half of all the tracks'
 * corrected bands sit there, or most of one track's do.
 *
 * Peaks. lq_tonal_plan_get_peak_change_db() estimates how much the applied
 * curve raises the track's peaks: the gain of a peak made of every band's
 * components adding in phase, each as large as its band's RMS (the
 * amplitude-weighted mean of the curve's linear gains over the non-silent
 * mid and side bands), or the change of the total unweighted power if that
 * is larger. Unlike the K-weighted loudness change it weights the bass and
 * the highs by what they put into the waveform, not by how loud they sound.
 * On noise of four tilts matched at strength 1 it predicted the exported
 * true peak within -0.1 to +1.1 dB, where the loudness change was off by
 * -1.0 to +1.6 dB (tests/app/test-e2e-match.c).
 *
 * An immutable result object; no audio is read.
 */
#pragma once

#include <glib-object.h>

#include "lq-track-analysis.h"

G_BEGIN_DECLS

/* The tonal match strength the CLI and the window start from: off. A match
 * EQ changes how the album sounds, so it is asked for, not assumed: at 0.5
 * half the tracks of a real album hit the 6 dB cap. */
#define LQ_TONAL_DEFAULT_STRENGTH 0.0
#define LQ_TONAL_DEFAULT_CAP_DB 6.0
#define LQ_TONAL_MAX_CAP_DB 24.0
/* The audibility weight (see "Audibility" above). */
#define LQ_TONAL_FULL_LOW_HZ 50.0
#define LQ_TONAL_FULL_HIGH_HZ 12500.0
#define LQ_TONAL_EDGE_WEIGHT 0.3
/* A band this far below its track's loudness (dB) counts as silent. */
#define LQ_TONAL_SILENT_DB 60.0
/* The bands the spread is measured on. */
#define LQ_TONAL_SPREAD_LOW_HZ 63.0
#define LQ_TONAL_SPREAD_HIGH_HZ 16000.0

#define LQ_TYPE_TONAL_PLAN (lq_tonal_plan_get_type ())

G_DECLARE_FINAL_TYPE (LqTonalPlan, lq_tonal_plan, LQ, TONAL_PLAN, GObject)

/* @tracks: LqTrackAnalysis in album order; NULL entries, silent tracks and
 * analyses without a spectrum get no correction and take no part in the
 * centroid. @strength: 0 to 1. @cap_db: 0 to LQ_TONAL_MAX_CAP_DB.
 * @anchor: the 0-based track whose spectrum is the centroid, or -1.
 * @reference: an external file's analysis whose spectrum is the centroid,
 * or NULL (not together with an anchor).
 * Fails with LQ_ERROR_INVALID_VALUE on values out of range, an anchor or a
 * reference without a spectrum, or when fewer than two spectra (one, with a
 * reference) are there to match. */
LqTonalPlan *lq_tonal_plan_new (GPtrArray *tracks,
                                double strength,
                                double cap_db,
                                int anchor,
                                LqTrackAnalysis *reference,
                                GError **error);

double lq_tonal_plan_get_strength (LqTonalPlan *self);
double lq_tonal_plan_get_cap_db (LqTonalPlan *self);
int lq_tonal_plan_get_anchor (LqTonalPlan *self);

guint lq_tonal_plan_get_n_tracks (LqTonalPlan *self);
guint lq_tonal_plan_get_n_bands (LqTonalPlan *self);
/* Band centres in Hz, ascending: the bands all the spectra have (a 44.1 kHz
 * file's grid stops at 16 kHz, a 48 kHz one's at 20 kHz). */
const double *lq_tonal_plan_get_centres (LqTonalPlan *self);

/* The correction of track @i (centroid - track, smoothed, before strength
 * and cap), lq_tonal_plan_get_n_bands() values each, on
 * lq_tonal_plan_get_centres() (what lq_match_eq_set_curve() takes with the
 * plan's strength and cap); all 0 for the anchor track. FALSE (and NULLs)
 * when the track has none. */
gboolean lq_tonal_plan_get_correction (LqTonalPlan *self,
                                       guint i,
                                       const double **mid_db,
                                       const double **side_db);
/* Track @i's loudness-normalised spectrum, unsmoothed (what the spread
 * is measured on), on lq_tonal_plan_get_centres(); FALSE (and NULLs) when
 * it took no part. Silent bands are below -LQ_TONAL_SILENT_DB. */
gboolean lq_tonal_plan_get_spectrum (LqTonalPlan *self,
                                     guint i,
                                     const double **mid_db,
                                     const double **side_db);
/* What the tracks are matched to (the album's centroid, the anchor's or the
 * reference's smoothed spectrum), on lq_tonal_plan_get_centres();
 * -INFINITY where it is silent. */
void lq_tonal_plan_get_centroid (LqTonalPlan *self,
                                 const double **mid_db,
                                 const double **side_db);
/* The largest |strength * correction| clamped to the cap, over mid and side
 * bands: what the match EQ moves the most; 0 with no correction. */
double lq_tonal_plan_get_max_move_db (LqTonalPlan *self, guint i);
/* The change of the track's integrated loudness the applied curve causes,
 * in dB (K-weighted band powers of mid and side before and after); 0 with
 * no correction. */
double lq_tonal_plan_get_loudness_change_db (LqTonalPlan *self, guint i);

/* How much the applied curve raises a peak of track @i, in dB (see
 * "Peaks" above; negative when it mostly cuts); 0 with no correction. */
double lq_tonal_plan_get_peak_change_db (LqTonalPlan *self, guint i);
/* Of track @i's bands (on lq_tonal_plan_get_centres()), how many the EQ
 * corrects (mid or side), and how many of those sit at the cap. */
guint lq_tonal_plan_get_bands_corrected (LqTonalPlan *self, guint i);
guint lq_tonal_plan_get_bands_at_cap (LqTonalPlan *self, guint i);
/* TRUE when more than half of all corrected bands sit at the cap, or more
 * than half of one track's; the message for the user (translated) then,
 * else NULL. */
gboolean lq_tonal_plan_get_cap_warning (LqTonalPlan *self);
char *lq_tonal_plan_dup_cap_message (LqTonalPlan *self);

/* The weight of the correction at @f Hz, 0 to 1 ("Audibility"). */
double lq_tonal_audibility (double f);

/* The album's tonal spread in dB as analysed, and as predicted after the
 * match EQ (each track's spectrum plus its applied curve). NAN with fewer
 * than two tracks with a spectrum. */
double lq_tonal_plan_get_spread_before_db (LqTonalPlan *self);
double lq_tonal_plan_get_spread_after_db (LqTonalPlan *self);

/* The tonal spread of spectra (same definition): @mid_db holds one
 * loudness-normalised mid spectrum of @n_bands values per track, track after
 * track. For tests and reports on measured files. */
double lq_tonal_spread (const double *centres,
                        guint n_bands,
                        const double *mid_db,
                        guint n_tracks);

G_END_DECLS
