/* lq-edit-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-edit-pane.h"

typedef struct
{
  LqEditPane *pane;
  const LqField *field;
  gboolean album;
  GtkWidget *row;      /* the row in the group */
  GtkWidget *editor;   /* what holds the value: the row, a spin button or a switch */
} FieldRow;

struct _LqEditPane
{
  GtkWidget parent_instance;

  GtkWidget *box;
  AdwViewStack *view_stack;
  GtkStack *track_stack;
  AdwPreferencesGroup *track_group;
  AdwActionRow *status_row;
  GtkWidget *status_group;

  LqProject *project;
  LqTrack *track;
  GSignalGroup *project_signals;
  GSignalGroup *track_signals;

  GPtrArray *album_rows;   /* FieldRow */
  GPtrArray *track_rows;

  /* Set while the pane itself writes into its rows */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (LqEditPane, lq_edit_pane, GTK_TYPE_WIDGET)

enum {
  EDIT_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How the choices of a field read in the pane; others show as stored. */
static const struct { const char *choice; const char *label; } choice_labels[] = {
  { "linear", N_("Linear") },
  { "log", N_("Logarithmic") },
  { "scurve", N_("S-Curve") },
};

static const char *
choice_label (const char *choice)
{
  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice_labels[i].choice, choice))
      return _(choice_labels[i].label);

  return choice;
}

/* The stored value of @row's field as text, as lacquer-cli set takes it. */
static char *
field_row_dup_text (FieldRow *row)
{
  LqEditPane *self = row->pane;
  const GValue *value = NULL;

  if (self->project == NULL)
    return g_strdup ("");

  if (row->album)
    value = lq_project_get_album_value (self->project, row->field);
  else if (self->track != NULL)
    value = lq_track_get_value (self->track, row->field);

  return lq_field_format (row->field, value);
}

/* Shows the stored value. */
static void
field_row_refresh (FieldRow *row)
{
  LqEditPane *self = row->pane;
  g_autofree char *text = field_row_dup_text (row);
  gboolean was_updating = self->updating;

  self->updating = TRUE;

  switch (row->field->type)
    {
    case LQ_FIELD_TEXT:
    case LQ_FIELD_CODE:
    case LQ_FIELD_INT:
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->editor)), text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row->editor), text);
      break;

    case LQ_FIELD_REAL:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->editor),
                                 text[0] != '\0' ? g_ascii_strtod (text, NULL) : 0.0);
      break;

    case LQ_FIELD_CHOICE:
      for (guint i = 0; row->field->choices[i] != NULL; i++)
        if (g_strcmp0 (row->field->choices[i], text) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (row->editor), i);
      break;

    case LQ_FIELD_BOOL:
      gtk_switch_set_active (GTK_SWITCH (row->editor), g_str_equal (text, "true"));
      break;

    default:
      g_assert_not_reached ();
    }

  self->updating = was_updating;
}

static void
lq_edit_pane_refresh_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    field_row_refresh (g_ptr_array_index (rows, i));
}

static void
field_row_clear_error (FieldRow *row)
{
  gtk_widget_remove_css_class (row->row, "error");
}

/* Writes @text to the model; on failure reports why, flags the row and
 * shows the stored value again. */
static void
field_row_apply (FieldRow   *row,
                 const char *text)
{
  LqEditPane *self = row->pane;
  g_autofree char *stored = field_row_dup_text (row);
  g_autofree char *assignment = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->project == NULL || (!row->album && self->track == NULL))
    return;
  if (g_strcmp0 (stored, text) == 0)
    {
      field_row_clear_error (row);
      return;
    }

  assignment = g_strdup_printf ("%s=%s", row->field->key, text);
  if (row->album)
    ok = lq_project_set_album (self->project, (const char *const[]) { assignment, NULL }, &error);
  else
    ok = lq_project_set_track (self->project, lq_track_get_position (self->track),
                               (const char *const[]) { assignment, NULL }, &error);

  if (ok)
    {
      field_row_clear_error (row);
      /* The model may have normalised it (an ISRC without dashes) */
      field_row_refresh (row);
      return;
    }

  gtk_widget_add_css_class (row->row, "error");
  field_row_refresh (row);
  g_signal_emit (self, signals[EDIT_FAILED], 0, error->message);
}

static void
entry_apply_cb (AdwEntryRow *entry,
                FieldRow    *row)
{
  field_row_apply (row, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
entry_changed_cb (GtkEditable *editable,
                  FieldRow    *row)
{
  /* The user is correcting it */
  if (!row->pane->updating)
    field_row_clear_error (row);
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       FieldRow      *row)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (row->pane->updating)
    return;

  field_row_apply (row, g_ascii_dtostr (buf, sizeof buf, gtk_spin_button_get_value (spin)));
}

static void
combo_selected_cb (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   FieldRow    *row)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (row->pane->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  field_row_apply (row, row->field->choices[selected]);
}

static void
switch_active_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  FieldRow   *row)
{
  if (row->pane->updating)
    return;

  field_row_apply (row, gtk_switch_get_active (sw) ? "true" : "false");
}

static FieldRow *
field_row_new (LqEditPane    *self,
               const LqField *field,
               gboolean       album)
{
  FieldRow *row = g_new0 (FieldRow, 1);
  g_autofree char *name = g_strdup_printf ("field-%s-%s", album ? "album" : "track", field->key);
  const char *title = _(field->label);

  row->pane = self;
  row->field = field;
  row->album = album;

  switch (field->type)
    {
    case LQ_FIELD_TEXT:
    case LQ_FIELD_CODE:
    case LQ_FIELD_INT:
      /* Optional whole numbers (a year) may be empty, which a spin button
       * cannot show: they are typed */
      row->row = row->editor = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row->row), TRUE);
      if (field->type == LQ_FIELD_INT)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row->row), GTK_INPUT_PURPOSE_DIGITS);
      else if (field->type == LQ_FIELD_CODE)
        adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row->row),
                                       GTK_INPUT_HINT_UPPERCASE_CHARS | GTK_INPUT_HINT_NO_SPELLCHECK);
      /* Enter applies too when nothing changed (no apply button shown) */
      g_signal_connect (row->row, "apply", G_CALLBACK (entry_apply_cb), row);
      g_signal_connect (row->row, "entry-activated", G_CALLBACK (entry_apply_cb), row);
      g_signal_connect (row->row, "changed", G_CALLBACK (entry_changed_cb), row);
      break;

    case LQ_FIELD_REAL:
      row->row = adw_action_row_new ();
      row->editor = gtk_spin_button_new_with_range (field->min, field->max, 0.1);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (row->editor), 2);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (row->editor), TRUE);
      gtk_widget_set_valign (row->editor, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->editor),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->editor);
      g_signal_connect (row->editor, "value-changed", G_CALLBACK (spin_value_changed_cb), row);
      break;

    case LQ_FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

        for (guint i = 0; field->choices[i] != NULL; i++)
          gtk_string_list_append (choices, choice_label (field->choices[i]));
        row->row = row->editor = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row->row), G_LIST_MODEL (choices));
        g_signal_connect (row->row, "notify::selected", G_CALLBACK (combo_selected_cb), row);
      }
      break;

    case LQ_FIELD_BOOL:
      row->row = adw_action_row_new ();
      row->editor = gtk_switch_new ();
      gtk_widget_set_valign (row->editor, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row->editor),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->editor);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->editor);
      g_signal_connect (row->editor, "notify::active", G_CALLBACK (switch_active_cb), row);
      break;

    default:
      g_assert_not_reached ();
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), title);
  gtk_widget_set_name (row->row, name);

  return row;
}

static FieldRow *
lq_edit_pane_find_row (LqEditPane *self,
                       gboolean    album,
                       const char *key)
{
  GPtrArray *rows = album ? self->album_rows : self->track_rows;

  for (guint i = 0; i < rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (rows, i);

      if (g_str_equal (row->field->key, key))
        return row;
    }

  return NULL;
}

static void
lq_edit_pane_update_track_header (LqEditPane *self)
{
  LqTrackStatus status;
  g_autofree char *title = NULL;

  if (self->track == NULL)
    {
      gtk_stack_set_visible_child_name (self->track_stack, "none");
      return;
    }

  gtk_stack_set_visible_child_name (self->track_stack, "track");

  /* Translators: the heading of the track pane: its position and name */
  title = g_strdup_printf (_("%u. %s"), lq_track_get_position (self->track),
                           lq_track_get_display_name (self->track));
  adw_preferences_group_set_title (self->track_group, title);
  adw_preferences_group_set_description (self->track_group, lq_track_get_path (self->track));

  status = lq_track_get_status (self->track);
  gtk_widget_set_visible (self->status_group, status != LQ_TRACK_STATUS_OK);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                 status == LQ_TRACK_STATUS_MISSING
                                 ? _("File Missing")
                                 : _("File Changed Since It Was Added"));
  adw_action_row_set_subtitle (self->status_row, lq_track_get_path (self->track));
}

static void
project_notify_cb (LqEditPane *self,
                   GParamSpec *pspec)
{
  if (lq_project_fields_lookup (TRUE, pspec->name) != NULL)
    lq_edit_pane_refresh_rows (self->album_rows);
}

static void
track_notify_cb (LqEditPane *self,
                 GParamSpec *pspec)
{
  lq_edit_pane_update_track_header (self);
  lq_edit_pane_refresh_rows (self->track_rows);
}

static GtkWidget *
lq_edit_pane_build_group (LqEditPane    *self,
                          const LqField *fields,
                          guint          n_fields,
                          gboolean       album,
                          GPtrArray     *rows)
{
  GtkWidget *group = adw_preferences_group_new ();

  for (guint i = 0; i < n_fields; i++)
    {
      FieldRow *row = field_row_new (self, &fields[i], album);

      g_ptr_array_add (rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row->row);
    }

  return group;
}

static void
lq_edit_pane_build (LqEditPane *self)
{
  GtkWidget *switcher, *page, *group, *status_page, *button, *icon;
  const LqField *fields;
  guint n_fields;
  AdwViewStackPage *stack_page;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->view_stack = ADW_VIEW_STACK (adw_view_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->view_stack), TRUE);

  switcher = adw_view_switcher_new ();
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->view_stack);
  gtk_widget_set_margin_top (switcher, 6);
  gtk_widget_set_margin_bottom (switcher, 6);
  gtk_widget_set_margin_start (switcher, 12);
  gtk_widget_set_margin_end (switcher, 12);
  gtk_box_append (GTK_BOX (self->box), switcher);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->view_stack));

  /* Track: a placeholder without a track, else a warning when its file is
   * missing or changed, and its fields */
  self->track_stack = GTK_STACK (gtk_stack_new ());

  status_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status_page), "audio-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status_page), _("No Track Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status_page),
                                   _("Select a track in the list to edit it"));
  gtk_widget_add_css_class (status_page, "compact");
  gtk_stack_add_named (self->track_stack, status_page, "none");

  page = adw_preferences_page_new ();

  self->status_group = adw_preferences_group_new ();
  self->status_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->status_row), "track-status");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (self->status_row, icon);
  button = gtk_button_new_with_mnemonic (_("_Relink…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.relink-track");
  adw_action_row_add_suffix (self->status_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->status_group), GTK_WIDGET (self->status_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->status_group));

  fields = lq_project_fields_track (&n_fields);
  group = lq_edit_pane_build_group (self, fields, n_fields, FALSE, self->track_rows);
  self->track_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_stack_add_named (self->track_stack, page, "track");

  stack_page = adw_view_stack_add_titled (self->view_stack, GTK_WIDGET (self->track_stack),
                                          "track", _("Track"));
  adw_view_stack_page_set_icon_name (stack_page, "audio-x-generic-symbolic");

  /* Album */
  page = adw_preferences_page_new ();
  fields = lq_project_fields_album (&n_fields);
  group = lq_edit_pane_build_group (self, fields, n_fields, TRUE, self->album_rows);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  stack_page = adw_view_stack_add_titled (self->view_stack, page, "album", _("Album"));
  adw_view_stack_page_set_icon_name (stack_page, "media-optical-symbolic");

  lq_edit_pane_update_track_header (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "album");
}

static void
lq_edit_pane_dispose (GObject *object)
{
  LqEditPane *self = (LqEditPane *)object;

  if (self->project_signals != NULL)
    g_signal_group_set_target (self->project_signals, NULL);
  if (self->track_signals != NULL)
    g_signal_group_set_target (self->track_signals, NULL);
  g_clear_object (&self->project_signals);
  g_clear_object (&self->track_signals);
  g_clear_object (&self->project);
  g_clear_object (&self->track);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lq_edit_pane_parent_class)->dispose (object);
}

static void
lq_edit_pane_finalize (GObject *object)
{
  LqEditPane *self = (LqEditPane *)object;

  g_clear_pointer (&self->album_rows, g_ptr_array_unref);
  g_clear_pointer (&self->track_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lq_edit_pane_parent_class)->finalize (object);
}

static void
lq_edit_pane_class_init (LqEditPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_edit_pane_dispose;
  object_class->finalize = lq_edit_pane_finalize;

  /**
   * LqEditPane::edit-failed:
   * @message: why the model refused the value
   */
  signals[EDIT_FAILED] =
    g_signal_new ("edit-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "editpane");
}

static void
lq_edit_pane_init (LqEditPane *self)
{
  self->album_rows = g_ptr_array_new_with_free_func (g_free);
  self->track_rows = g_ptr_array_new_with_free_func (g_free);

  self->project_signals = g_signal_group_new (LQ_TYPE_PROJECT);
  g_signal_group_connect_swapped (self->project_signals, "notify", G_CALLBACK (project_notify_cb), self);
  self->track_signals = g_signal_group_new (LQ_TYPE_TRACK);
  g_signal_group_connect_swapped (self->track_signals, "notify", G_CALLBACK (track_notify_cb), self);

  lq_edit_pane_build (self);
}

GtkWidget *
lq_edit_pane_new (void)
{
  return g_object_new (LQ_TYPE_EDIT_PANE, NULL);
}

void
lq_edit_pane_set_project (LqEditPane *self,
                          LqProject  *project)
{
  g_return_if_fail (LQ_IS_EDIT_PANE (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  lq_edit_pane_set_track (self, NULL);
  if (!g_set_object (&self->project, project))
    return;

  g_signal_group_set_target (self->project_signals, project);
  for (guint i = 0; i < self->album_rows->len; i++)
    field_row_clear_error (g_ptr_array_index (self->album_rows, i));
  lq_edit_pane_refresh_rows (self->album_rows);
}

void
lq_edit_pane_set_track (LqEditPane *self,
                        LqTrack    *track)
{
  g_return_if_fail (LQ_IS_EDIT_PANE (self));
  g_return_if_fail (track == NULL || LQ_IS_TRACK (track));

  if (!g_set_object (&self->track, track))
    return;

  g_signal_group_set_target (self->track_signals, track);
  for (guint i = 0; i < self->track_rows->len; i++)
    field_row_clear_error (g_ptr_array_index (self->track_rows, i));
  lq_edit_pane_update_track_header (self);
  lq_edit_pane_refresh_rows (self->track_rows);
  adw_view_stack_set_visible_child_name (self->view_stack, track != NULL ? "track" : "album");
}

LqTrack *
lq_edit_pane_get_track (LqEditPane *self)
{
  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  return self->track;
}

GtkWidget *
_lq_edit_pane_get_row (LqEditPane *self,
                       gboolean    album,
                       const char *key)
{
  FieldRow *row;

  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  row = lq_edit_pane_find_row (self, album, key);
  return row != NULL ? row->row : NULL;
}

GtkWidget *
_lq_edit_pane_get_editor (LqEditPane *self,
                          gboolean    album,
                          const char *key)
{
  FieldRow *row;

  g_return_val_if_fail (LQ_IS_EDIT_PANE (self), NULL);

  row = lq_edit_pane_find_row (self, album, key);
  return row != NULL ? row->editor : NULL;
}
