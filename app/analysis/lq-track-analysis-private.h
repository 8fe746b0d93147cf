/* lq-track-analysis-private.h: filled in by the analyzer before the object is shared. */
#pragma once

#include "lq-track-analysis.h"

G_BEGIN_DECLS

void _lq_track_analysis_set_waveform (LqTrackAnalysis *self,
                                      GBytes *peaks,
                                      guint frames_per_peak);
void _lq_track_analysis_set_waveform_rms (LqTrackAnalysis *self,
                                          GBytes *rms);
/* Copies @n_bands values from each array (see
 * lq_track_analysis_get_spectrum()); @n_bands 0 removes the spectrum. */
void _lq_track_analysis_set_spectrum (LqTrackAnalysis *self,
                                      guint n_bands,
                                      const double *centres,
                                      const double *mid_db,
                                      const double *side_db);

G_END_DECLS
