/* lq-track-table.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-track-table-private.h"

struct _LqTrackTable
{
  AdwBin parent_instance;

  /* Template children */
  GtkColumnView *column_view;
  GtkSingleSelection *selection;
  GtkColumnViewColumn *position_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *format_column;
  /* The plan's and the last export's figures: shown after a match, an export */
  GtkColumnViewColumn *match_gain_column;
  GtkColumnViewColumn *eq_change_column;
  GtkColumnViewColumn *predicted_column;
  GtkColumnViewColumn *output_peak_column;
  GtkColumnViewColumn *limiter_column;
  GtkColumnViewColumn *exported_column;
  GtkColumnViewColumn *exported_peak_column;
  /* Loose files' rows */
  GListStore *tracks;

  /* The project shown, or NULL; its track list as rows */
  LqProject *project;
  GtkMapListModel *project_rows;
  /* The album the rows' offsets are from, or NULL */
  LqAlbumAnalysis *album;
};

G_DEFINE_FINAL_TYPE (LqTrackTable, lq_track_table, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SELECTED,
  PROP_SELECTED_ITEM,
  N_PROPS
};

enum {
  EDIT_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* A project's track -> its row while the row lives (no reference: the row
 * holds the track), so that a row keeps its identity, and its selection,
 * when the tracks move. */
static GQuark row_quark;

static void lq_track_table_apply_figures (LqTrackTable *self,
                                          LqTrackItem  *row);

typedef void (*LqTrackTableBindFunc) (GtkSignalListItemFactory *factory,
                                      GtkListItem              *list_item,
                                      LqTrackTable             *self);

/* The offset of @track from @album, as the album computes it. */
static double
lq_track_table_album_offset (LqAlbumAnalysis *album,
                             LqTrack         *track)
{
  LqTrackAnalysis *analysis = lq_track_get_analysis (track);
  guint n_tracks;

  if (album == NULL || analysis == NULL)
    return NAN;

  n_tracks = lq_album_analysis_get_n_tracks (album);
  for (guint i = 0; i < n_tracks; i++)
    {
      if (lq_album_analysis_get_track (album, i) == analysis)
        return lq_album_analysis_get_offset (album, i);
    }

  return NAN;
}

static void
lq_track_table_row_finalized_cb (gpointer  data,
                                 GObject  *row)
{
  LqTrack *track = data;

  /* The row still holds the track here */
  if (g_object_get_qdata (G_OBJECT (track), row_quark) == row)
    g_object_set_qdata (G_OBJECT (track), row_quark, NULL);
}

/* The row of a project's track: the one alive, or a new one. */
static gpointer
lq_track_table_map_cb (gpointer item,
                       gpointer user_data)
{
  g_autoptr(LqTrack) track = item;
  LqTrackTable *self = user_data;
  LqTrackItem *row = g_object_get_qdata (G_OBJECT (track), row_quark);

  if (row != NULL)
    return g_object_ref (row);

  row = lq_track_item_new_for_track (track);
  lq_track_item_update (row, lq_track_table_album_offset (self->album, track));
  lq_track_table_apply_figures (self, row);
  g_object_set_qdata (G_OBJECT (track), row_quark, row);
  g_object_weak_ref (G_OBJECT (row), lq_track_table_row_finalized_cb, track);

  return row;
}

static void
lq_track_table_item_notify_cb (LqTrackItem *item,
                               GParamSpec  *pspec,
                               GtkListItem *list_item)
{
  LqTrackTableBindFunc bind = g_object_get_data (G_OBJECT (list_item), "lq-bind");

  if (gtk_list_item_get_item (list_item) != item)
    {
      /* Recycled for another row meanwhile */
      g_signal_handlers_disconnect_by_func (item, lq_track_table_item_notify_cb, list_item);
      return;
    }

  bind (g_object_get_data (G_OBJECT (list_item), "lq-factory"),
        list_item,
        g_object_get_data (G_OBJECT (list_item), "lq-track-table"));
}

/* A project's rows change (a title, the analysis, the position): rebind
 * @list_item with @bind whenever its item notifies. */
static void
lq_track_table_watch_item (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           LqTrackTable               *self,
                           LqTrackTableBindFunc          bind)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  LqTrackItem *watched = g_object_get_data (G_OBJECT (list_item), "lq-item");

  if (item == watched)
    return;

  if (watched != NULL)
    g_signal_handlers_disconnect_by_func (watched, lq_track_table_item_notify_cb, list_item);

  /* Only a project's items change */
  if (item == NULL || lq_track_item_get_track (item) == NULL)
    {
      g_object_set_data (G_OBJECT (list_item), "lq-item", NULL);
      return;
    }

  g_object_set_data (G_OBJECT (list_item), "lq-bind", bind);
  g_object_set_data (G_OBJECT (list_item), "lq-factory", factory);
  g_object_set_data (G_OBJECT (list_item), "lq-track-table", self);
  g_object_set_data_full (G_OBJECT (list_item), "lq-item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (item, "notify", G_CALLBACK (lq_track_table_item_notify_cb), list_item, 0);
}

static gboolean
lq_track_table_track_drop_cb (GtkDropTarget *target,
                              const GValue  *value,
                              double         x,
                              double         y,
                              GtkListItem   *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  LqTrackTable *self = LQ_TRACK_TABLE (gtk_widget_get_ancestor (widget, LQ_TYPE_TRACK_TABLE));
  LqTrackItem *dragged = g_value_get_object (value);
  LqTrackItem *onto = gtk_list_item_get_item (list_item);

  if (!LQ_IS_TRACK_ITEM (dragged) || onto == NULL)
    return FALSE;

  return _lq_track_table_drop_track (self, dragged, onto);
}

static GdkContentProvider *
lq_track_table_track_drag_prepare_cb (GtkDragSource *source,
                                      double         x,
                                      double         y,
                                      GtkListItem   *list_item)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  /* Loose files have no order to change */
  if (item == NULL || lq_track_item_get_track (item) == NULL)
    return NULL;

  return gdk_content_provider_new_typed (LQ_TYPE_TRACK_ITEM, item);
}

static void
lq_track_table_track_drag_begin_cb (GtkDragSource *source,
                                    GdkDrag       *drag,
                                    GtkListItem   *list_item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

/* Rows of a project are dragged, and dropped on, by their number and name. */
static void
lq_track_table_add_row_dnd (GtkWidget   *widget,
                            GtkListItem *list_item)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (LQ_TYPE_TRACK_ITEM, GDK_ACTION_MOVE);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (lq_track_table_track_drag_prepare_cb), list_item);
  g_signal_connect (source, "drag-begin", G_CALLBACK (lq_track_table_track_drag_begin_cb), list_item);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (source));

  g_signal_connect (target, "drop", G_CALLBACK (lq_track_table_track_drop_cb), list_item);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
  gtk_widget_add_css_class (widget, "track-drop");
}

static void
lq_track_table_position_setup_cb (GtkSignalListItemFactory *factory,
                                  GtkListItem              *list_item,
                                  LqTrackTable             *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "position");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
  lq_track_table_add_row_dnd (label, list_item);
}

static void
lq_track_table_position_bind_cb (GtkSignalListItemFactory *factory,
                                 GtkListItem              *list_item,
                                 LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), lq_track_item_get_position (item));
  lq_track_table_watch_item (factory, list_item, self, lq_track_table_position_bind_cb);
}

/* The status cell: what is being done with the track (a spinner and
 * "Reading…", "Analyzing…") or what is wrong with it (a warning icon). */
static void
lq_track_table_status_setup_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *list_item,
                                LqTrackTable             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (image, "status");
  gtk_widget_add_css_class (label, "track-state");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
lq_track_table_status_bind_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *list_item,
                               LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *spinner = gtk_widget_get_next_sibling (image);
  GtkWidget *label = gtk_widget_get_next_sibling (spinner);
  LqTrack *track = lq_track_item_get_track (item);
  LqTrackStatus status = track != NULL ? lq_track_get_status (track) : LQ_TRACK_STATUS_OK;
  LqTrackState state = track != NULL ? lq_track_get_state (track) : LQ_TRACK_STATE_READY;
  const char *doing = NULL;
  g_autofree char *why = NULL;

  if (state == LQ_TRACK_STATE_HASHING)
    /* Translators: a file being added is read and hashed */
    doing = _("Reading…");
  else if (state == LQ_TRACK_STATE_ANALYSING)
    doing = _("Analyzing…");
  else if (state == LQ_TRACK_STATE_FAILED)
    /* Translators: the reason follows the colon */
    why = g_strdup_printf (_("Analysis failed: %s"), lq_track_get_state_message (track) != NULL
                           ? lq_track_get_state_message (track) : "?");
  else if (status == LQ_TRACK_STATUS_MISSING)
    /* Translators: the tooltip of a track whose source file is gone */
    why = g_strdup_printf (_("File missing: %s"), lq_track_get_path (track));
  else if (status == LQ_TRACK_STATUS_CHANGED)
    why = g_strdup (_("File changed since it was added"));

  gtk_spinner_set_spinning (GTK_SPINNER (spinner), doing != NULL);
  gtk_widget_set_visible (spinner, doing != NULL);
  gtk_label_set_text (GTK_LABEL (label), doing);
  gtk_widget_set_visible (label, doing != NULL);
  gtk_widget_set_visible (image, doing == NULL);
  gtk_image_set_from_icon_name (GTK_IMAGE (image), why != NULL ? "dialog-warning-symbolic" : NULL);
  gtk_widget_set_tooltip_text (image, why);
  if (why != NULL)
    {
      gtk_widget_add_css_class (image, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, why,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (image, "warning");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_status_bind_cb);
}

static void
lq_track_table_name_setup_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *list_item,
                              LqTrackTable             *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Readable however many columns follow (the table scrolls sideways),
   * and no wider than a long name needs */
  gtk_label_set_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
  gtk_widget_add_css_class (label, "track-name");
  gtk_list_item_set_child (list_item, label);
  lq_track_table_add_row_dnd (label, list_item);
}

static void
lq_track_table_name_bind_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *list_item,
                             LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *name = lq_track_item_get_name (item);
  GtkWidget *cell;
  GtkWidget *row;

  gtk_label_set_text (GTK_LABEL (label), name);
  gtk_widget_set_tooltip_text (label, lq_track_item_get_path (item));

  /* GTK 4.8 has no API for a column view row (GtkColumnViewRow is 4.12):
   * name the row widget, the cell's parent, after its track so that
   * assistive technologies read "Track 1" rather than a type name. */
  cell = gtk_widget_get_parent (label);
  row = cell != NULL ? gtk_widget_get_parent (cell) : NULL;
  if (row != NULL && GTK_IS_ACCESSIBLE (row))
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_name_bind_cb);
}

static void
lq_track_table_numeric_setup_cb (GtkSignalListItemFactory *factory,
                                 GtkListItem              *list_item,
                                 LqTrackTable             *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

/* A cell that can call for attention: @css_class names the measure (as the
 * builder-made cells are named), @warning tells why it is flagged, or is
 * NULL. The reason is the tooltip, and for assistive technologies the
 * cell's description, so that the flag is not colour alone. Rows are
 * recycled: every bind sets or clears all of it. */
static void
lq_track_table_bind_flagged_cell (GtkListItem *list_item,
                                  const char  *css_class,
                                  const char  *text,
                                  const char  *warning)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_widget_add_css_class (label, css_class);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, warning);

  if (warning != NULL)
    {
      gtk_widget_add_css_class (label, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, warning,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (label, "warning");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
lq_track_table_dc_bind_cb (GtkSignalListItemFactory *factory,
                           GtkListItem              *list_item,
                           LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_track_table_bind_flagged_cell (list_item, "dc", lq_track_item_get_dc (item),
                                    lq_track_item_get_dc_warning (item)
                                    ? _("DC offset above −40 dB") : NULL);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_dc_bind_cb);
}

static void
lq_track_table_correlation_bind_cb (GtkSignalListItemFactory *factory,
                                    GtkListItem              *list_item,
                                    LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_track_table_bind_flagged_cell (list_item, "correlation", lq_track_item_get_correlation (item),
                                    lq_track_item_get_correlation_warning (item)
                                    ? _("Negative correlation: phase problems, the mix may collapse in mono")
                                    : NULL);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_correlation_bind_cb);
}

static void
lq_track_table_clips_bind_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *list_item,
                              LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_track_table_bind_flagged_cell (list_item, "clips", lq_track_item_get_clips (item),
                                    lq_track_item_get_clips_warning (item)
                                    ? _("Clipped samples: runs of 3 or more full-scale samples")
                                    : NULL);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_clips_bind_cb);
}

/* The true peak cells: flagged above 0 dBTP, or the target's ceiling ----- */

static char *
lq_track_table_peak_warning (LqTrackItem *item,
                             const char  *what)
{
  char limit[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (limit, sizeof limit, "%.1f", lq_track_item_get_peak_limit (item));
  /* Translators: the first %s is which true peak ("The measured true peak"),
   * the second the ceiling in dBTP ("-1.0") */
  return g_strdup_printf (_("%s is above %s dBTP: it will clip on playback or conversion"),
                          what, limit);
}

static void
lq_track_table_true_peak_bind_cb (GtkSignalListItemFactory *factory,
                                  GtkListItem              *list_item,
                                  LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *warning = NULL;

  if (lq_track_item_get_true_peak_warning (item))
    warning = lq_track_table_peak_warning (item, _("The measured true peak"));
  lq_track_table_bind_flagged_cell (list_item, "true-peak", lq_track_item_get_true_peak (item), warning);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_true_peak_bind_cb);
}

static void
lq_track_table_output_peak_bind_cb (GtkSignalListItemFactory *factory,
                                    GtkListItem              *list_item,
                                    LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *warning = NULL;

  if (lq_track_item_get_output_peak_warning (item))
    warning = lq_track_table_peak_warning (item, _("The predicted true peak"));
  lq_track_table_bind_flagged_cell (list_item, "output-peak", lq_track_item_get_output_peak (item),
                                    warning);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_output_peak_bind_cb);
}

/* An export's cell: flagged when over, dimmed and said so when stale. */
static void
lq_track_table_bind_exported_cell (GtkListItem *list_item,
                                   LqTrackItem *item,
                                   const char  *css_class,
                                   const char  *text,
                                   const char  *warning)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (lq_track_item_get_exported_stale (item))
    {
      const char *why = _("Exported before the track or its source last changed: "
                          "export again for current figures");
      g_autofree char *shown = g_strdup_printf ("(%s)", text);

      lq_track_table_bind_flagged_cell (list_item, css_class, shown, NULL);
      gtk_widget_add_css_class (label, "stale");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_tooltip_text (label, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why,
                                      -1);
      return;
    }
  gtk_widget_remove_css_class (label, "stale");
  gtk_widget_remove_css_class (label, "dim-label");
  lq_track_table_bind_flagged_cell (list_item, css_class, text, warning);
}

static void
lq_track_table_exported_bind_cb (GtkSignalListItemFactory *factory,
                                 GtkListItem              *list_item,
                                 LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);

  lq_track_table_bind_exported_cell (list_item, item, "exported", lq_track_item_get_exported (item), NULL);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_exported_bind_cb);
}

static void
lq_track_table_exported_peak_bind_cb (GtkSignalListItemFactory *factory,
                                      GtkListItem              *list_item,
                                      LqTrackTable             *self)
{
  LqTrackItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *warning = NULL;

  if (lq_track_item_get_exported_peak_warning (item))
    warning = lq_track_table_peak_warning (item, _("The exported file’s true peak"));
  lq_track_table_bind_exported_cell (list_item, item, "exported-peak",
                                     lq_track_item_get_exported_peak (item), warning);

  lq_track_table_watch_item (factory, list_item, self, lq_track_table_exported_peak_bind_cb);
}

/* The plan's other figures: plain numbers. */
#define PLAN_BIND_CB(name, css_class) \
  static void \
  lq_track_table_##name##_bind_cb (GtkSignalListItemFactory *factory, \
                                   GtkListItem              *list_item, \
                                   LqTrackTable             *self) \
  { \
    LqTrackItem *item = gtk_list_item_get_item (list_item); \
    lq_track_table_bind_flagged_cell (list_item, css_class, lq_track_item_get_##name (item), NULL); \
    lq_track_table_watch_item (factory, list_item, self, lq_track_table_##name##_bind_cb); \
  }

PLAN_BIND_CB (match_gain, "match-gain")
PLAN_BIND_CB (eq_change, "eq-change")
PLAN_BIND_CB (predicted, "predicted")
PLAN_BIND_CB (limiter, "limiter")

#undef PLAN_BIND_CB

/* The figures of @row's track: its line of the album's plan after a match,
 * its last export; the true peak limit from the plan or the target. */
static void
lq_track_table_apply_figures (LqTrackTable *self,
                              LqTrackItem  *row)
{
  LqTrack *track = lq_track_item_get_track (row);
  g_autoptr(LqMatchPlan) plan = NULL;
  g_autoptr(LqExportRecord) exported = NULL;
  const LqMatchTrack *planned = NULL;
  LqDeliveryTarget target;
  double limit = 0.0;
  guint position;

  if (self->project == NULL || track == NULL)
    return;

  if (lq_project_get_effective_target (self->project, &target)
      && isfinite (target.true_peak_ceiling_dbtp))
    limit = target.true_peak_ceiling_dbtp;
  if (lq_project_get_match_state (self->project) != LQ_PROJECT_MATCH_NONE)
    plan = lq_project_get_match_plan (self->project);
  position = lq_track_get_position (track);
  if (plan != NULL && position >= 1 && position <= lq_match_plan_get_n_tracks (plan))
    {
      planned = lq_match_plan_get_track (plan, position - 1);
      if (isfinite (lq_match_plan_get_ceiling_dbtp (plan)))
        limit = lq_match_plan_get_ceiling_dbtp (plan);
    }
  exported = lq_project_get_last_export (self->project, track);
  lq_track_item_set_figures (row, planned, exported, limit);
}

/* The plan's columns after a match, the export's once a track was exported. */
static void
lq_track_table_update_figure_columns (LqTrackTable *self)
{
  gboolean matched = FALSE, exported = FALSE;

  if (self->project != NULL)
    {
      GListModel *tracks = lq_project_get_tracks (self->project);

      matched = lq_project_get_match_state (self->project) != LQ_PROJECT_MATCH_NONE;
      for (guint i = 0; i < g_list_model_get_n_items (tracks) && !exported; i++)
        {
          g_autoptr(LqTrack) track = g_list_model_get_item (tracks, i);
          g_autoptr(LqExportRecord) record = lq_project_get_last_export (self->project, track);

          exported = record != NULL;
        }
    }
  gtk_column_view_column_set_visible (self->match_gain_column, matched);
  gtk_column_view_column_set_visible (self->eq_change_column, matched);
  gtk_column_view_column_set_visible (self->predicted_column, matched);
  gtk_column_view_column_set_visible (self->output_peak_column, matched);
  gtk_column_view_column_set_visible (self->limiter_column, matched);
  gtk_column_view_column_set_visible (self->exported_column, exported);
  gtk_column_view_column_set_visible (self->exported_peak_column, exported);
}

/* GTK 4.8 puts every column title at the start. Numbers are right-aligned
 * and so should their titles be: the titles are labels in the column view's
 * first child, the header row, one a column in order. Titles are a measure
 * over its unit, as lacquer-cli heads its table; those without a unit line
 * up with the others' first line. */
static void
lq_track_table_align_column_titles (LqTrackTable *self)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint column = 0;

  if (header == NULL)
    return;

  for (GtkWidget *title = gtk_widget_get_first_child (header);
       title != NULL;
       title = gtk_widget_get_next_sibling (title), column++)
    {
      g_autoptr(GtkColumnViewColumn) view_column = g_list_model_get_item (columns, column);
      GtkWidget *box = gtk_widget_get_first_child (title);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

      if (!GTK_IS_LABEL (label))
        continue;

      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_label_set_yalign (GTK_LABEL (label), 0.0f);

      /* The columns of text, the track's name and its format, stay at the start */
      if (view_column != self->name_column && view_column != self->format_column)
        {
          gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
          gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
          gtk_widget_set_hexpand (label, TRUE);
        }
    }
}


static void
lq_track_table_selection_cb (LqTrackTable *self,
                             GParamSpec   *pspec)
{
  if (g_str_equal (pspec->name, "selected"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

static void
lq_track_table_clear_project (LqTrackTable *self)
{
  if (self->project_rows != NULL)
    gtk_map_list_model_set_map_func (self->project_rows, NULL, NULL, NULL);
  g_clear_object (&self->project_rows);
  g_clear_object (&self->project);
  g_clear_object (&self->album);
}

static void
lq_track_table_dispose (GObject *object)
{
  LqTrackTable *self = (LqTrackTable *)object;

  /* The rows go before the table they bind to */
  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  lq_track_table_clear_project (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_TRACK_TABLE);

  G_OBJECT_CLASS (lq_track_table_parent_class)->dispose (object);
}

static void
lq_track_table_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LqTrackTable *self = LQ_TRACK_TABLE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;

    case PROP_SELECTED:
      g_value_set_uint (value, lq_track_table_get_selected (self));
      break;

    case PROP_SELECTED_ITEM:
      g_value_set_object (value, lq_track_table_get_selected_item (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_track_table_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LqTrackTable *self = LQ_TRACK_TABLE (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      lq_track_table_set_project (self, g_value_get_object (value));
      break;

    case PROP_SELECTED:
      lq_track_table_set_selected (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_track_table_class_init (LqTrackTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_track_table_dispose;
  object_class->get_property = lq_track_table_get_property;
  object_class->set_property = lq_track_table_set_property;

  row_quark = g_quark_from_static_string ("lq-track-table-row");

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         LQ_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The selected row (0-based), GTK_INVALID_LIST_POSITION for none: it
   * follows its track when the tracks move */
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL,
                       0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL,
                         LQ_TYPE_TRACK_ITEM,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Moving a track by dragging its row failed: why, in words */
  signals[EDIT_FAILED] =
    g_signal_new ("edit-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LQ_TYPE_TRACK_ITEM);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-track-table.ui");
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, selection);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, position_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, status_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, name_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, format_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, tracks);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_selection_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_position_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_position_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_status_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_name_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_numeric_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_dc_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_correlation_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_clips_bind_cb);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, match_gain_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, eq_change_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, predicted_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, output_peak_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, limiter_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, exported_column);
  gtk_widget_class_bind_template_child (widget_class, LqTrackTable, exported_peak_column);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_true_peak_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_match_gain_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_eq_change_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_predicted_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_output_peak_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_limiter_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_exported_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_track_table_exported_peak_bind_cb);
}

static void
lq_track_table_init (LqTrackTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  lq_track_table_align_column_titles (self);
}

GtkWidget *
lq_track_table_new (void)
{
  return g_object_new (LQ_TYPE_TRACK_TABLE, NULL);
}

LqProject *
lq_track_table_get_project (LqTrackTable *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_TABLE (self), NULL);

  return self->project;
}

void
lq_track_table_set_project (LqTrackTable *self,
                            LqProject    *project)
{
  gboolean has_project = project != NULL;

  g_return_if_fail (LQ_IS_TRACK_TABLE (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tracks));
  lq_track_table_clear_project (self);

  gtk_column_view_column_set_visible (self->position_column, has_project);
  gtk_column_view_column_set_visible (self->status_column, has_project);
  gtk_column_view_set_reorderable (self->column_view, FALSE);

  if (has_project)
    {
      /* A project replaces whatever loose files were shown */
      g_list_store_remove_all (self->tracks);

      self->project = g_object_ref (project);
      self->album = lq_project_get_album_analysis (project);
      self->project_rows = gtk_map_list_model_new (g_object_ref (lq_project_get_tracks (project)),
                                                   lq_track_table_map_cb, self, NULL);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->project_rows));
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  lq_track_table_update_figure_columns (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

void
lq_track_table_set_files (LqTrackTable  *self,
                          LqTrackItem  **items,
                          guint          n_items)
{
  g_return_if_fail (LQ_IS_TRACK_TABLE (self));
  g_return_if_fail (items != NULL || n_items == 0);

  lq_track_table_set_project (self, NULL);
  g_list_store_splice (self->tracks,
                       0, g_list_model_get_n_items (G_LIST_MODEL (self->tracks)),
                       (gpointer *) items, n_items);
}

GListModel *
lq_track_table_get_model (LqTrackTable *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_TABLE (self), NULL);

  return gtk_single_selection_get_model (self->selection);
}

void
lq_track_table_update (LqTrackTable    *self,
                       LqAlbumAnalysis *album)
{
  guint n_rows;

  g_return_if_fail (LQ_IS_TRACK_TABLE (self));

  if (self->project == NULL)
    return;

  g_set_object (&self->album, album);
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->project_rows));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(LqTrackItem) row = g_list_model_get_item (G_LIST_MODEL (self->project_rows), i);

      lq_track_item_update (row, lq_track_table_album_offset (album, lq_track_item_get_track (row)));
      lq_track_table_apply_figures (self, row);
    }
  lq_track_table_update_figure_columns (self);
}

guint
lq_track_table_get_selected (LqTrackTable *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_TABLE (self), GTK_INVALID_LIST_POSITION);

  return gtk_single_selection_get_selected (self->selection);
}

void
lq_track_table_set_selected (LqTrackTable *self,
                             guint         position)
{
  g_return_if_fail (LQ_IS_TRACK_TABLE (self));

  gtk_single_selection_set_selected (self->selection, position);
}

LqTrackItem *
lq_track_table_get_selected_item (LqTrackTable *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_TABLE (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

GtkSingleSelection *
_lq_track_table_get_selection (LqTrackTable *self)
{
  g_return_val_if_fail (LQ_IS_TRACK_TABLE (self), NULL);

  return self->selection;
}

gboolean
_lq_track_table_drop_track (LqTrackTable *self,
                            LqTrackItem  *dragged,
                            LqTrackItem  *onto)
{
  g_autoptr(GError) error = NULL;
  GListModel *rows;
  LqTrack *from, *to;

  g_return_val_if_fail (LQ_IS_TRACK_TABLE (self), FALSE);

  from = lq_track_item_get_track (dragged);
  to = lq_track_item_get_track (onto);
  if (self->project == NULL || from == NULL || to == NULL)
    return FALSE;
  if (from == to)
    return TRUE;

  if (!lq_project_move_track (self->project, lq_track_get_position (from), lq_track_get_position (to), &error))
    {
      g_signal_emit (self, signals[EDIT_FAILED], 0, error->message);
      return FALSE;
    }

  /* The moved track is the one to go on with */
  rows = G_LIST_MODEL (self->project_rows);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(LqTrack) track = g_list_model_get_item (lq_project_get_tracks (self->project), i);

      if (track == from)
        gtk_single_selection_set_selected (self->selection, i);
    }

  return TRUE;
}
