/* lq-dynamics-model.h: what the Dynamics view shows (issue 12, item 5).
 *
 * Per track, from its analysis: the peak-to-loudness ratio (PLR), the
 * loudness range (LRA) and the distribution of its short-term loudness: a
 * histogram of the 3 s short-term values (one every 100 ms) in 1 LU bins,
 * gated as LRA is (EBU Tech 3342: absolute -70 LUFS, relative -20 LU below
 * the loudness of the values above the absolute gate). Across the album:
 * the median of PLR and of LRA and their median absolute deviation (MAD);
 * a track is an outlier in a measure when it lies more than
 * LQ_DYNAMICS_OUTLIER_MADS times the MAD from the median, and at least
 * LQ_DYNAMICS_OUTLIER_MIN_DB (so an album of near-equal tracks, whose MAD
 * is tiny, has none). Needs three measured tracks for outliers.
 *
 * Plain data, no GTK; the same model draws in the window and the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "lq-project.h"
#include "lq-track-analysis.h"

G_BEGIN_DECLS

#define LQ_DYNAMICS_ABSOLUTE_GATE_LUFS (-70.0)
#define LQ_DYNAMICS_RELATIVE_GATE_LU (-20.0)
#define LQ_DYNAMICS_OUTLIER_MADS 1.5
#define LQ_DYNAMICS_OUTLIER_MIN_DB 1.0
/* At most this many 1 LU bins (the loudest ones when the album spans more). */
#define LQ_DYNAMICS_MAX_BINS 70

typedef struct
{
  char *name;
  guint position;           /* 1-based */
  gboolean measured;        /* has an analysis with a loudness */
  double plr_db;            /* NAN when it has none */
  double lra_lu;
  double integrated_lufs;
  guint *counts;            /* the model's n_bins, short-term values per bin */
  guint total;              /* values that passed the gates */
  guint peak_count;         /* the largest count */
  gboolean plr_outlier;
  gboolean lra_outlier;
} LqDynamicsTrack;

typedef struct
{
  guint n_tracks;
  LqDynamicsTrack *tracks;  /* album order */
  double bins_from_lufs;    /* bin k holds [from + k, from + k + 1) LUFS */
  guint n_bins;
  double plr_median, plr_mad;  /* NAN without measured tracks */
  double lra_median, lra_mad;
} LqDynamicsModel;

/* @analyses: LqTrackAnalysis (or NULL) in album order; @names: one each. */
LqDynamicsModel *lq_dynamics_model_new (GPtrArray *analyses,
                                        const char *const *names);
LqDynamicsModel *lq_dynamics_model_new_from_project (LqProject *project);
void lq_dynamics_model_free (LqDynamicsModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqDynamicsModel, lq_dynamics_model_free)

/* The gated short-term values of @short_term_energies in LUFS (newly
 * allocated, in time order; *n_values of them). */
double *lq_dynamics_gated_short_term (const GArray *short_term_energies,
                                      guint *n_values);
/* The median of @n values (NAN for none); @values is reordered. */
double lq_dynamics_median (double *values,
                           guint n);

/* The accessible description: the ranges of PLR and LRA and of the
 * tracks' median short-term loudness, the outliers. */
char *lq_dynamics_model_dup_description (const LqDynamicsModel *model);
/* One track's read-out: "Track 3 “Name”: PLR 9.1 dB, LRA 5.2 LU,
 * short-term −18 to −9 LUFS (LRA outlier)". */
char *lq_dynamics_model_dup_readout (const LqDynamicsModel *model,
                                     guint track);

G_END_DECLS
