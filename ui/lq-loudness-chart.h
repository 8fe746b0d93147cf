/* lq-loudness-chart.h: every track's loudness, before and after matching.
 *
 * One column a track, in album order, numbered below; a LUFS scale on the
 * left. Each track's loudness before the match (as measured, with the gain
 * the user set) is a ring, after the match a dot in the accent colour (the
 * warning colour when the limiter would have to work audibly), joined by a
 * line: how far the match moves it. The delivery target is a solid line,
 * the album's loudness (all tracks gated as one programme) dashed, before
 * and after. A legend heads the chart. Hovering a column tells its figures;
 * clicking it emits "track-activated". For assistive technologies the chart
 * is an image whose description reads out every figure.
 *
 * The data comes from a match plan (the Match dialog's preview) or from the
 * project: its stored match, planned again from the stored settings and
 * moved by the gains actually stored (so that a gain changed since the
 * match shows, and lq_loudness_chart_get_outdated() says so).
 */
#pragma once

#include <adwaita.h>

#include "lq-match-plan.h"
#include "lq-project.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;        /* the track's name (copied) */
  double before_lufs;      /* measured, plus the user's gain; NAN: not measured */
  double after_lufs;       /* after the match; NAN: not matched */
  double gain_db;          /* the match gain; NAN: none */
  double limiter_db;       /* the limiter's expected gain reduction; 0: none */
  gboolean warning;        /* the limiter would work audibly */
} LqLoudnessChartTrack;

#define LQ_TYPE_LOUDNESS_CHART (lq_loudness_chart_get_type ())

G_DECLARE_FINAL_TYPE (LqLoudnessChart, lq_loudness_chart, LQ, LOUDNESS_CHART, GtkWidget)

GtkWidget *lq_loudness_chart_new (void);

/* Shows @tracks (NAN for the lines that do not exist). */
void lq_loudness_chart_set_tracks (LqLoudnessChart *self,
                                   const LqLoudnessChartTrack *tracks,
                                   guint n_tracks,
                                   double target_lufs,
                                   double album_before_lufs,
                                   double album_after_lufs);
/* Shows @plan, planned for the tracks of @project (their names). */
void lq_loudness_chart_set_plan (LqLoudnessChart *self,
                                 LqProject *project,
                                 LqMatchPlan *plan);
/* Shows @project as it is: before, and after its stored match if any. */
void lq_loudness_chart_set_project (LqLoudnessChart *self,
                                    LqProject *project);

guint lq_loudness_chart_get_n_tracks (LqLoudnessChart *self);
/* TRUE when the project shown was matched, and a gain or an analysis changed
 * since: the album no longer reaches the target as planned. */
gboolean lq_loudness_chart_get_outdated (LqLoudnessChart *self);
/* The highlighted column (0-based), or GTK_INVALID_LIST_POSITION. */
void lq_loudness_chart_set_selected (LqLoudnessChart *self,
                                     guint selected);
/* Which tracks the chart leaves out, said (a track without an analysis:
 * missing, changed or not measured), as it shows under its legend; NULL
 * when it leaves none out. Set by lq_loudness_chart_set_project(). */
const char *lq_loudness_chart_get_left_out (LqLoudnessChart *self);
/* What the chart tells assistive technologies. */
const char *lq_loudness_chart_get_description (LqLoudnessChart *self);

G_END_DECLS
