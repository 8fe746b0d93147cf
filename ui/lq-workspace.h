/* lq-workspace.h: the window's workspace for an open album project.
 *
 * The album timeline on top (a slot, hidden until a timeline is given),
 * below it a horizontal pane: the track table and the album summary on
 * the left, the views (Track, Tonal Balance, Dynamics, Loudness: one page
 * each, switched by a view switcher) on the right. Both panes are
 * resizable; their positions, the page shown and the timeline's
 * visibility are properties, so the window binds them to GSettings.
 *
 * In a .ui file, children go in as <child type="timeline">,
 * <child type="table"> and <child type="view:NAME"> (NAME one of the
 * known pages: track, tonal, dynamics, loudness).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LQ_TYPE_WORKSPACE (lq_workspace_get_type ())

G_DECLARE_FINAL_TYPE (LqWorkspace, lq_workspace, LQ, WORKSPACE, GtkWidget)

GtkWidget *lq_workspace_new (void);

/* The album timeline above the rest (NULL: none, the slot hidden). */
void       lq_workspace_set_timeline (LqWorkspace *self,
                                      GtkWidget   *timeline);
GtkWidget *lq_workspace_get_timeline (LqWorkspace *self);

/* The left side of the lower pane: the track table and album summary. */
void       lq_workspace_set_table (LqWorkspace *self,
                                   GtkWidget   *table);

/* Adds @view as the page @name, titled @title with @icon (may be NULL).
 * The known pages keep the order track, tonal, dynamics, loudness,
 * whenever they are added; others follow them. A page of the same name
 * is replaced. */
void       lq_workspace_add_view (LqWorkspace *self,
                                  const char  *name,
                                  const char  *title,
                                  const char  *icon,
                                  GtkWidget   *view);
/* The view of page @name, or NULL */
GtkWidget *lq_workspace_get_view (LqWorkspace *self,
                                  const char  *name);
guint      lq_workspace_get_n_views (LqWorkspace *self);
/* The name of the @index-th page (0-based) in the switcher's order, or NULL */
const char *lq_workspace_get_view_name (LqWorkspace *self,
                                        guint        index);

/* The page shown ("visible-view"); setting a name no page has is ignored
 * until such a page is added. */
const char *lq_workspace_get_visible_view (LqWorkspace *self);
void        lq_workspace_set_visible_view (LqWorkspace *self,
                                           const char  *name);

/* "timeline-visible": the timeline slot shown (when it has a timeline) */
gboolean   lq_workspace_get_timeline_visible (LqWorkspace *self);
void       lq_workspace_set_timeline_visible (LqWorkspace *self,
                                              gboolean     visible);

/* "timeline-position": the height of the timeline pane in pixels;
 * "views-position": the width of the table's side in pixels (-1: not set,
 * the pane shares its width out itself). */
int        lq_workspace_get_timeline_position (LqWorkspace *self);
void       lq_workspace_set_timeline_position (LqWorkspace *self,
                                               int          position);
int        lq_workspace_get_views_position (LqWorkspace *self);
void       lq_workspace_set_views_position (LqWorkspace *self,
                                            int          position);

G_END_DECLS
