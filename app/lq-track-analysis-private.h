/* lq-track-analysis-private.h: filled in by the analyzer before the object is shared. */
#pragma once

#include "lq-track-analysis.h"

G_BEGIN_DECLS

void _lq_track_analysis_set_waveform (LqTrackAnalysis *self,
                                      GBytes *peaks,
                                      guint frames_per_peak);

G_END_DECLS
