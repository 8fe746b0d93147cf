/* lq-field-set.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lq-field-set.h"
#include "lq-target-label.h"

/* The FieldRow of an editor, for lq_field_set_is_editing() */
#define FIELD_ROW_KEY "lq-field-row"

typedef struct
{
  LqFieldSet *set;
  gboolean album;      /* an album field, else a track field */
  const LqField *field;
  GtkWidget *row;      /* the row in its group (a reference), or the bare switch */
  GtkWidget *editor;   /* what holds the value: the row, a spin button or a switch */
} FieldRow;

struct _LqFieldSet
{
  GObject parent_instance;

  LqProject *project;
  LqTrack *track;
  GSignalGroup *project_signals;
  GSignalGroup *track_signals;
  GPtrArray *rows;   /* FieldRow */

  /* Set while the set itself writes into its rows */
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (LqFieldSet, lq_field_set, G_TYPE_OBJECT)

enum {
  EDIT_FAILED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How the choices of the field table read; others show as stored. */
static const struct { const char *choice; const char *label; } choice_labels[] = {
  { "linear", N_("Linear") },
  { "log", N_("Logarithmic") },
  { "scurve", N_("S-Curve") },
  { "bell", N_("Bell") },
  { "low-shelf", N_("Low Shelf") },
  { "high-shelf", N_("High Shelf") },
  { "high-pass", N_("High-Pass") },
  { "low-pass", N_("Low-Pass") },
  { "stereo", N_("Stereo") },
  { "mid", N_("Mid") },
  { "side", N_("Side") },
  { "peak", N_("Peak") },
  { "rms", N_("RMS") },
  { "linked", N_("Linked") },
  { "mid-side", N_("Mid/Side") },
};

/* How finely a number is edited: by the end of its key (the unit it is in). */

static void field_row_free (FieldRow *row);

const char *
lq_field_choice_label (const char *choice)
{
  g_return_val_if_fail (choice != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice_labels[i].choice, choice))
      return _(choice_labels[i].label);

  return choice;
}

static FieldRow *
lq_field_set_find (LqFieldSet *self,
                   gboolean    album,
                   const char *key)
{
  g_return_val_if_fail (LQ_IS_FIELD_SET (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (row->album == !!album && g_str_equal (row->field->key, key))
        return row;
    }

  return NULL;
}

static gboolean
lq_field_set_track_editable (LqFieldSet *self)
{
  return self->track != NULL && lq_track_get_position (self->track) > 0;
}

char *
lq_field_set_dup_text (LqFieldSet    *self,
                       gboolean       album,
                       const LqField *field)
{
  const GValue *value = NULL;

  g_return_val_if_fail (LQ_IS_FIELD_SET (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (self->project == NULL)
    return g_strdup ("");

  if (album)
    value = lq_project_get_album_value (self->project, field);
  else if (self->track != NULL)
    value = lq_track_get_value (self->track, field);

  return lq_field_format (field, value);
}

/* The album's delivery target reads as its preset's label ("Spotify"),
 * never its key */
static gboolean
field_is_target (const LqField *field)
{
  return g_str_equal (field->key, "target");
}

/* What an entry shows for the stored @text */
static char *
field_row_dup_shown (FieldRow   *row,
                     const char *text)
{
  if (field_is_target (row->field))
    return g_strdup (lq_target_label (text));

  return g_strdup (text);
}

/* What the model is given for what an entry shows */
static char *
field_row_dup_model_text (FieldRow   *row,
                          const char *shown)
{
  if (field_is_target (row->field))
    return lq_target_name_from_label (shown);

  return g_strdup (shown);
}

/* The stored value as its entry shows it */
static char *
field_row_dup_stored_shown (FieldRow *row)
{
  g_autofree char *text = lq_field_set_dup_text (row->set, row->album, row->field);

  return field_row_dup_shown (row, text);
}

static gboolean
field_row_is_entry (FieldRow *row)
{
  return ADW_IS_ENTRY_ROW (row->editor);
}

/* The entry holds text that is not the stored value: typed, not applied */
static gboolean
field_row_has_pending_text (FieldRow *row)
{
  g_autofree char *shown = NULL;

  if (!field_row_is_entry (row) || gtk_widget_get_sensitive (row->row) == FALSE)
    return FALSE;

  shown = field_row_dup_stored_shown (row);
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->editor)), shown) != 0;
}

/* Shows the stored value. */
static void
field_row_refresh (FieldRow *row)
{
  LqFieldSet *self = row->set;
  g_autofree char *text = lq_field_set_dup_text (self, row->album, row->field);
  gboolean was_updating = self->updating;

  self->updating = TRUE;

  switch (row->field->type)
    {
    case LQ_FIELD_TEXT:
    case LQ_FIELD_CODE:
    case LQ_FIELD_INT:
      {
        g_autofree char *shown = field_row_dup_shown (row, text);

        if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->editor)), shown) != 0)
          {
            gtk_editable_set_text (GTK_EDITABLE (row->editor), shown);
            /* A focused AdwEntryRow takes text set here for typing and
             * offers to apply it: it shows a stored value, nothing to apply */
            adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row->editor), FALSE);
            adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row->editor), TRUE);
          }
      }
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
  LqFieldSet *self = row->set;
  g_autofree char *stored = lq_field_set_dup_text (self, row->album, row->field);
  g_autofree char *assignment = NULL;
  g_autofree char *model_text = NULL;
  g_autofree char *message = NULL;
  g_autofree char *key_prefix = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->project == NULL || (!row->album && !lq_field_set_track_editable (self)))
    return;

  /* The entry shows the target's label: the model takes its name */
  model_text = field_row_dup_model_text (row, text);
  text = model_text;
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
  /* Typed text stays to be corrected; a switch, a spin button or a choice
   * shows the stored value again */
  if (!field_row_is_entry (row))
    field_row_refresh (row);

  /* The model names the field by its key ("isrc: …"), people by its label */
  key_prefix = g_strconcat (row->field->key, ": ", NULL);
  if (g_str_has_prefix (error->message, key_prefix))
    /* Translators: a refused edit: the field's label, then why */
    message = g_strdup_printf (_("%s: %s"), _(row->field->label), error->message + strlen (key_prefix));
  else
    message = g_strdup_printf (_("%s: %s"), _(row->field->label), error->message);
  g_signal_emit (self, signals[EDIT_FAILED], 0, message);
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
  if (!row->set->updating)
    field_row_clear_error (row);
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       FieldRow      *row)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *stored = NULL;
  double value = gtk_spin_button_get_value (spin);

  if (row->set->updating)
    return;

  /* Leaving the spin button reads its text back, rounded to the digits it
   * shows: that is no edit of a value stored more precisely */
  stored = lq_field_set_dup_text (row->set, row->album, row->field);
  if (stored[0] != '\0'
      && fabs (g_ascii_strtod (stored, NULL) - value) < 0.5 * pow (10.0, -(int) gtk_spin_button_get_digits (spin)))
    return;

  field_row_apply (row, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
combo_selected_cb (AdwComboRow *combo,
                   GParamSpec  *pspec,
                   FieldRow    *row)
{
  guint selected = adw_combo_row_get_selected (combo);

  if (row->set->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  field_row_apply (row, row->field->choices[selected]);
}

static void
switch_active_cb (GtkSwitch  *sw,
                  GParamSpec *pspec,
                  FieldRow   *row)
{
  if (row->set->updating)
    return;

  field_row_apply (row, gtk_switch_get_active (sw) ? "true" : "false");
}


static FieldRow *
lq_field_set_append (LqFieldSet    *self,
                     gboolean       album,
                     const LqField *field,
                     GtkWidget     *row_widget,
                     GtkWidget     *editor)
{
  FieldRow *row = g_new0 (FieldRow, 1);

  row->set = self;
  row->album = !!album;
  row->field = field;
  row->row = g_object_ref_sink (row_widget);
  row->editor = editor;
  g_object_set_data (G_OBJECT (editor), FIELD_ROW_KEY, row);
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
field_row_free (FieldRow *row)
{
  /* The widgets may outlive the set (their group holds them) */
  g_signal_handlers_disconnect_by_data (row->editor, row);
  g_object_set_data (G_OBJECT (row->editor), FIELD_ROW_KEY, NULL);
  g_clear_object (&row->row);
  g_free (row);
}

/* @editor (a spin button or a switch), centred in its row and labelled
 * @label for assistive technologies. */
static GtkWidget *
editor_setup (GtkWidget  *editor,
              const char *label)
{
  gtk_widget_set_valign (editor, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return editor;
}

/* An action row whose suffix @editor (labelled @label) it activates. */
static GtkWidget *
action_row_new (GtkWidget  *editor,
                const char *label)
{
  GtkWidget *row = adw_action_row_new ();

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), editor_setup (editor, label));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), editor);

  return row;
}

/* "field-album-KEY", "field-track-KEY" */
static char *
field_row_name (gboolean       album,
                const LqField *field)
{
  return g_strdup_printf ("field-%s-%s", album ? "album" : "track", field->key);
}

GtkWidget *
lq_field_set_add_row (LqFieldSet    *self,
                      gboolean       album,
                      const LqField *field,
                      const char    *context)
{
  g_autofree char *name = NULL;
  const char *title;
  GtkWidget *row_widget, *editor;
  FieldRow *row;

  g_return_val_if_fail (LQ_IS_FIELD_SET (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  name = field_row_name (album, field);
  title = _(field->label);

  switch (field->type)
    {
    case LQ_FIELD_TEXT:
    case LQ_FIELD_CODE:
    case LQ_FIELD_INT:
      /* Optional whole numbers (a year) may be empty, which a spin button
       * cannot show: they are typed */
      row_widget = editor = adw_entry_row_new ();
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row_widget), TRUE);
      if (field->type == LQ_FIELD_INT)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row_widget), GTK_INPUT_PURPOSE_DIGITS);
      else if (field->type == LQ_FIELD_CODE)
        adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row_widget),
                                       GTK_INPUT_HINT_UPPERCASE_CHARS | GTK_INPUT_HINT_NO_SPELLCHECK);
      row = lq_field_set_append (self, album, field, row_widget, editor);
      /* Enter applies too when nothing changed (no apply button shown) */
      g_signal_connect (editor, "apply", G_CALLBACK (entry_apply_cb), row);
      g_signal_connect (editor, "entry-activated", G_CALLBACK (entry_apply_cb), row);
      g_signal_connect (editor, "changed", G_CALLBACK (entry_changed_cb), row);
      break;

    case LQ_FIELD_REAL:
      {
        double step, page;
        guint digits;

        lq_field_get_steps (field, &step, &page, &digits);
        editor = gtk_spin_button_new_with_range (field->min, field->max, step);
        gtk_spin_button_set_increments (GTK_SPIN_BUTTON (editor), step, page);
        gtk_spin_button_set_digits (GTK_SPIN_BUTTON (editor), digits);
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (editor), TRUE);
        row_widget = action_row_new (editor, title);
        row = lq_field_set_append (self, album, field, row_widget, editor);
        g_signal_connect (editor, "value-changed", G_CALLBACK (spin_value_changed_cb), row);
      }
      break;

    case LQ_FIELD_CHOICE:
      {
        g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);

        for (guint i = 0; field->choices[i] != NULL; i++)
          gtk_string_list_append (choices, lq_field_choice_label (field->choices[i]));
        row_widget = editor = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row_widget), G_LIST_MODEL (choices));
        row = lq_field_set_append (self, album, field, row_widget, editor);
        g_signal_connect (editor, "notify::selected", G_CALLBACK (combo_selected_cb), row);
      }
      break;

    case LQ_FIELD_BOOL:
      editor = gtk_switch_new ();
      row_widget = action_row_new (editor, title);
      row = lq_field_set_append (self, album, field, row_widget, editor);
      g_signal_connect (editor, "notify::active", G_CALLBACK (switch_active_cb), row);
      break;

    default:
      g_assert_not_reached ();
    }

  if (context != NULL && editor != row_widget)
    gtk_accessible_update_property (GTK_ACCESSIBLE (editor),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, context,
                                    -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row_widget), title);
  gtk_widget_set_name (row_widget, name);
  field_row_refresh (row);

  return row_widget;
}

GtkWidget *
lq_field_set_add_switch (LqFieldSet    *self,
                         gboolean       album,
                         const LqField *field,
                         const char    *label)
{
  g_autofree char *name = NULL;
  GtkWidget *sw;
  FieldRow *row;

  g_return_val_if_fail (LQ_IS_FIELD_SET (self), NULL);
  g_return_val_if_fail (field != NULL && field->type == LQ_FIELD_BOOL, NULL);

  name = field_row_name (album, field);
  sw = editor_setup (gtk_switch_new (), label != NULL ? label : _(field->label));
  gtk_widget_set_name (sw, name);
  row = lq_field_set_append (self, album, field, sw, sw);
  g_signal_connect (sw, "notify::active", G_CALLBACK (switch_active_cb), row);
  field_row_refresh (row);

  return sw;
}

/* Shows the stored values of the album's rows or the track's, and clears
 * their error style when @clear. */
static void
lq_field_set_refresh (LqFieldSet *self,
                      gboolean    album,
                      gboolean    clear)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (row->album != !!album)
        continue;
      if (clear)
        field_row_clear_error (row);
      field_row_refresh (row);
    }
}

static void
project_notify_cb (LqFieldSet *self,
                   GParamSpec *pspec)
{
  /* The album's fields are the project's properties, named by their keys */
  const LqField *field = lq_project_fields_lookup (TRUE, pspec->name);

  if (field == NULL || lq_field_set_find (self, TRUE, field->key) == NULL)
    return;

  lq_field_set_refresh (self, TRUE, FALSE);
  g_signal_emit (self, signals[CHANGED], 0, TRUE);
}

static void
track_notify_cb (LqFieldSet *self,
                 GParamSpec *pspec)
{
  lq_field_set_refresh (self, FALSE, FALSE);
  g_signal_emit (self, signals[CHANGED], 0, FALSE);
}

/* Applies what the user typed into the track's entries and did not apply
 * yet, to the track it was typed for (before the set shows another one) */
static void
lq_field_set_commit_pending (LqFieldSet *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *text = NULL;

      if (row->album || !field_row_has_pending_text (row))
        continue;
      text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->editor)));
      field_row_apply (row, text);
    }
}

/* A track still being read (a placeholder row) has no position yet: its
 * fields wait until it is in the album */
static void
lq_field_set_update_sensitive (LqFieldSet *self)
{
  gboolean editable = self->track == NULL || lq_field_set_track_editable (self);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = g_ptr_array_index (self->rows, i);

      if (!row->album)
        gtk_widget_set_sensitive (row->row, editable);
    }
}

static gboolean
lq_field_set_switch_track (LqFieldSet *self,
                           LqTrack    *track,
                           gboolean    commit)
{
  if (self->track == track)
    return FALSE;

  /* Typed text goes to the track it was typed for: the friendlier choice
   * than dropping it */
  if (commit)
    lq_field_set_commit_pending (self);

  g_set_object (&self->track, track);
  g_signal_group_set_target (self->track_signals, track);
  lq_field_set_update_sensitive (self);
  lq_field_set_refresh (self, FALSE, TRUE);

  return TRUE;
}

gboolean
lq_field_set_set_track (LqFieldSet *self,
                        LqTrack    *track)
{
  g_return_val_if_fail (LQ_IS_FIELD_SET (self), FALSE);
  g_return_val_if_fail (track == NULL || LQ_IS_TRACK (track), FALSE);

  return lq_field_set_switch_track (self, track, TRUE);
}

gboolean
lq_field_set_set_project (LqFieldSet *self,
                          LqProject  *project)
{
  g_return_val_if_fail (LQ_IS_FIELD_SET (self), FALSE);
  g_return_val_if_fail (project == NULL || LQ_IS_PROJECT (project), FALSE);

  /* Another project (or none): text typed for the last one is dropped */
  lq_field_set_switch_track (self, NULL, self->project == project);
  if (!g_set_object (&self->project, project))
    return FALSE;

  g_signal_group_set_target (self->project_signals, project);
  lq_field_set_refresh (self, TRUE, TRUE);
  lq_field_set_refresh (self, FALSE, TRUE);

  return TRUE;
}

gboolean
lq_field_set_is_field_editor (GtkWidget *widget)
{
  g_return_val_if_fail (widget == NULL || GTK_IS_WIDGET (widget), FALSE);

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (g_object_get_data (G_OBJECT (widget), FIELD_ROW_KEY) != NULL)
      return TRUE;

  return FALSE;
}

gboolean
lq_field_set_is_editing (GtkWidget *widget)
{
  g_return_val_if_fail (widget == NULL || GTK_IS_WIDGET (widget), FALSE);

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      FieldRow *row = g_object_get_data (G_OBJECT (widget), FIELD_ROW_KEY);

      if (row != NULL)
        return field_row_has_pending_text (row);
    }

  return FALSE;
}

LqTrack *
lq_field_set_get_track (LqFieldSet *self)
{
  g_return_val_if_fail (LQ_IS_FIELD_SET (self), NULL);

  return self->track;
}

GtkWidget *
lq_field_set_get_row (LqFieldSet *self,
                      gboolean    album,
                      const char *key)
{
  FieldRow *row = lq_field_set_find (self, album, key);

  return row != NULL ? row->row : NULL;
}

GtkWidget *
lq_field_set_get_editor (LqFieldSet *self,
                         gboolean    album,
                         const char *key)
{
  FieldRow *row = lq_field_set_find (self, album, key);

  return row != NULL ? row->editor : NULL;
}

guint
lq_field_set_add_edit_failed_signal (GType type)
{
  return g_signal_new ("edit-failed",
                       type,
                       G_SIGNAL_RUN_LAST,
                       0, NULL, NULL, NULL,
                       G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
forward_edit_failed_cb (GObject    *owner,
                        const char *message)
{
  g_signal_emit_by_name (owner, "edit-failed", message);
}

void
lq_field_set_forward_edit_failed (gpointer source,
                                  gpointer owner)
{
  g_return_if_fail (G_IS_OBJECT (source));
  g_return_if_fail (G_IS_OBJECT (owner));

  g_signal_connect_object (source, "edit-failed", G_CALLBACK (forward_edit_failed_cb), owner,
                           G_CONNECT_SWAPPED);
}

static void
lq_field_set_dispose (GObject *object)
{
  LqFieldSet *self = (LqFieldSet *)object;

  if (self->project_signals != NULL)
    g_signal_group_set_target (self->project_signals, NULL);
  if (self->track_signals != NULL)
    g_signal_group_set_target (self->track_signals, NULL);
  g_clear_object (&self->project_signals);
  g_clear_object (&self->track_signals);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_object (&self->project);
  g_clear_object (&self->track);

  G_OBJECT_CLASS (lq_field_set_parent_class)->dispose (object);
}

static void
lq_field_set_finalize (GObject *object)
{
  LqFieldSet *self = (LqFieldSet *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (lq_field_set_parent_class)->finalize (object);
}

static void
lq_field_set_class_init (LqFieldSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = lq_field_set_dispose;
  object_class->finalize = lq_field_set_finalize;

  /**
   * LqFieldSet::edit-failed:
   * @message: why the model refused the value
   */
  signals[EDIT_FAILED] = lq_field_set_add_edit_failed_signal (G_TYPE_FROM_CLASS (klass));

  /**
   * LqFieldSet::changed:
   * @album: the album's values changed, else the track's
   *
   * The set shows the stored values again: the project notified one of the
   * set's album fields, or the track notified a property.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
lq_field_set_init (LqFieldSet *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) field_row_free);

  self->project_signals = g_signal_group_new (LQ_TYPE_PROJECT);
  g_signal_group_connect_swapped (self->project_signals, "notify", G_CALLBACK (project_notify_cb), self);
  self->track_signals = g_signal_group_new (LQ_TYPE_TRACK);
  g_signal_group_connect_swapped (self->track_signals, "notify", G_CALLBACK (track_notify_cb), self);
}

LqFieldSet *
lq_field_set_new (void)
{
  return g_object_new (LQ_TYPE_FIELD_SET, NULL);
}
