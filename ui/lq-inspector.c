/* lq-inspector.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lq-eq-curve.h"
#include "lq-field-set.h"
#include "lq-format.h"
#include "lq-gain-curve.h"
#include "lq-inspector.h"

/* One processor: the fields of one group and band, in table order. */
typedef struct
{
  LqInspector *inspector;
  gboolean album;
  char *name;             /* "eq3", "comp", "bus-comp", "limiter" */
  char *title;            /* "EQ Band 3", translated */
  const char *group;      /* as in the field table */
  guint band;
  GtkWidget *row;         /* AdwExpanderRow, or AdwActionRow for a bare switch */
  GPtrArray *fields;      /* const LqField * */
  const LqField *on;      /* the "…-on" switch, or NULL */
} Processor;

struct _LqInspector
{
  GtkWidget parent_instance;

  /* Template children */
  AdwPreferencesPage *page;
  AdwPreferencesGroup *track_group;
  AdwPreferencesGroup *album_group;
  GtkWidget *no_track_row;

  LqFieldSet *fields;
  GPtrArray *processors;   /* Processor, track's then album's */

  /* The curves: the track's EQ (above its bands), the bus EQ (above the
   * bus's bands), the compressors' and the limiter's static curves (in
   * their rows) */
  GtkWidget *eq_curve_row;
  LqEqCurve *eq_curve;
  LqEqCurve *bus_eq_curve;
  GPtrArray *gain_curves;  /* LqGainCurve */
};

G_DEFINE_FINAL_TYPE (LqInspector, lq_inspector, GTK_TYPE_WIDGET)

static void
processor_free (Processor *p)
{
  g_free (p->name);
  g_free (p->title);
  g_ptr_array_unref (p->fields);
  g_free (p);
}

/* The processor's field whose key ends with @suffix ("-gain"), or NULL. */
static const LqField *
processor_find (Processor  *p,
                const char *suffix)
{
  for (guint i = 0; i < p->fields->len; i++)
    {
      const LqField *field = g_ptr_array_index (p->fields, i);

      if (g_str_has_suffix (field->key, suffix))
        return field;
    }

  return NULL;
}

static char *
processor_dup_text (Processor  *p,
                    const char *suffix)
{
  const LqField *field = processor_find (p, suffix);

  if (field == NULL)
    return g_strdup ("");

  return lq_field_set_dup_text (p->inspector->fields, p->album, field);
}

static double
processor_get_number (Processor  *p,
                      const char *suffix)
{
  g_autofree char *text = processor_dup_text (p, suffix);

  return text[0] != '\0' ? g_ascii_strtod (text, NULL) : NAN;
}

static gboolean
processor_is_pass (Processor *p)
{
  g_autofree char *type = processor_dup_text (p, "-type");

  return g_str_has_suffix (type, "-pass");
}

/* "250 Hz", "2.5 kHz" */
static char *
format_frequency (double hz)
{
  if (!isfinite (hz))
    return g_strdup ("—");
  if (hz >= 1000.0)
    {
      g_autofree char *khz = g_strdup_printf ("%.*f", fmod (hz, 1000.0) == 0.0 ? 0 : 1, hz / 1000.0);

      /* Translators: a frequency in kilohertz */
      return g_strdup_printf (_("%s kHz"), khz);
    }

  {
    g_autofree char *text = lq_format_number (hz, hz == floor (hz) ? 0 : 1);

    /* Translators: a frequency in hertz */
    return g_strdup_printf (_("%s Hz"), text);
  }
}

/* What the processor's row says under its title. */
static char *
processor_summary (Processor *p)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (p->fields->len == 1 && p->on != NULL)
    /* Match EQ: only a switch */
    return g_strdup (_("The tonal correction of the album match"));

  if (processor_find (p, "-type") != NULL)
    {
      g_autofree char *type = processor_dup_text (p, "-type");
      g_autofree char *channels = processor_dup_text (p, "-channels");

      g_ptr_array_add (parts, g_strdup (lq_field_choice_label (type)));
      g_ptr_array_add (parts, format_frequency (processor_get_number (p, "-freq")));
      if (processor_is_pass (p))
        {
          g_autofree char *slope = processor_dup_text (p, "-slope");

          /* Translators: a filter's slope in decibels per octave */
          g_ptr_array_add (parts, g_strdup_printf (_("%s dB/oct"), slope));
        }
      else
        {
          g_autofree char *gain = lq_format_offset (processor_get_number (p, "-gain"));
          g_autofree char *q = lq_format_number (processor_get_number (p, "-q"), 2);

          /* Translators: a gain in decibels */
          g_ptr_array_add (parts, g_strdup_printf (_("%s dB"), gain));
          /* Translators: a filter's quality factor */
          g_ptr_array_add (parts, g_strdup_printf (_("Q %s"), q));
        }
      if (channels[0] != '\0' && !g_str_equal (channels, "stereo"))
        g_ptr_array_add (parts, g_strdup (lq_field_choice_label (channels)));
    }
  else if (processor_find (p, "-ratio") != NULL)
    {
      g_autofree char *threshold = lq_format_value (processor_get_number (p, "-threshold"));
      g_autofree char *ratio = lq_format_value (processor_get_number (p, "-ratio"));
      g_autofree char *attack = lq_format_number (processor_get_number (p, "-attack"), 0);
      g_autofree char *release = lq_format_number (processor_get_number (p, "-release"), 0);

      /* Translators: a compressor's threshold in decibels */
      g_ptr_array_add (parts, g_strdup_printf (_("%s dB"), threshold));
      /* Translators: a compressor's ratio, "2.0:1" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s:1"), ratio));
      /* Translators: a compressor's attack and release times, "10/100 ms" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s/%s ms"), attack, release));
    }
  else if (processor_find (p, "width") != NULL)
    {
      g_autofree char *width = lq_format_number (processor_get_number (p, "width"), 2);
      double mono = processor_get_number (p, "mono-below");

      /* Translators: the stereo width, 1.00 as mixed */
      g_ptr_array_add (parts, g_strdup_printf (_("Width %s"), width));
      if (mono > 0.0)
        {
          g_autofree char *hz = format_frequency (mono);

          /* Translators: the bass below this frequency is made mono */
          g_ptr_array_add (parts, g_strdup_printf (_("Mono below %s"), hz));
        }
    }
  else if (processor_find (p, "-auto-release") != NULL)
    {
      g_autofree char *release = lq_format_number (processor_get_number (p, "-release"), 0);
      g_autofree char *automatic = processor_dup_text (p, "-auto-release");

      /* Translators: the limiter's release time */
      g_ptr_array_add (parts, g_strdup_printf (_("Release %s ms"), release));
      if (g_str_equal (automatic, "true"))
        g_ptr_array_add (parts, g_strdup (_("Automatic")));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Rows that apply, and the summary. */
static void
processor_update (Processor *p)
{
  g_autofree char *summary = NULL;

  if (processor_find (p, "-type") != NULL)
    {
      gboolean pass = processor_is_pass (p);

      for (guint i = 0; i < p->fields->len; i++)
        {
          const LqField *field = g_ptr_array_index (p->fields, i);
          GtkWidget *row = lq_field_set_get_row (p->inspector->fields, p->album, field->key);

          if (g_str_has_suffix (field->key, "-gain") || g_str_has_suffix (field->key, "-q"))
            gtk_widget_set_visible (row, !pass);
          else if (g_str_has_suffix (field->key, "-slope"))
            gtk_widget_set_visible (row, pass);
        }
    }

  summary = processor_summary (p);
  if (ADW_IS_EXPANDER_ROW (p->row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (p->row), summary);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (p->row), summary);
}

static void
lq_inspector_update_processors (LqInspector *self,
                                gboolean     album)
{
  for (guint i = 0; i < self->processors->len; i++)
    {
      Processor *p = g_ptr_array_index (self->processors, i);

      if (p->album == album)
        processor_update (p);
    }
}

static Processor *
lq_inspector_find_processor (LqInspector *self,
                             gboolean     album,
                             const char  *name)
{
  for (guint i = 0; i < self->processors->len; i++)
    {
      Processor *p = g_ptr_array_index (self->processors, i);

      if (p->album == album && g_str_equal (p->name, name))
        return p;
    }

  return NULL;
}

static void
lq_inspector_update_track (LqInspector *self)
{
  LqTrack *track = lq_field_set_get_track (self->fields);
  gboolean has_track = track != NULL;

  gtk_widget_set_visible (self->no_track_row, !has_track);
  if (self->eq_curve_row != NULL)
    gtk_widget_set_visible (self->eq_curve_row, has_track);
  for (guint i = 0; i < self->processors->len; i++)
    {
      Processor *p = g_ptr_array_index (self->processors, i);

      if (!p->album)
        gtk_widget_set_visible (p->row, has_track);
    }

  if (has_track)
    {
      /* Translators: the heading of the track's chain: its position and name */
      g_autofree char *title = g_strdup_printf (_("%u. %s"), lq_track_get_position (track),
                                                lq_track_get_display_name (track));

      adw_preferences_group_set_description (self->track_group, title);
    }
  else
    adw_preferences_group_set_description (self->track_group, NULL);
}

static void
fields_changed_cb (LqInspector *self,
                   gboolean     album)
{
  if (!album)
    lq_inspector_update_track (self);
  lq_inspector_update_processors (self, album);
}

/* "eq3-on" -> "eq3", "limiter-release" -> "limiter", "match-eq-on" -> "match-eq" */
static char *
processor_name (const LqField *first)
{
  const char *dash = strrchr (first->key, '-');

  return dash != NULL ? g_strndup (first->key, dash - first->key) : g_strdup (first->key);
}

/* A row holding a curve, not activatable. */
static GtkWidget *
curve_row (GtkWidget  *curve,
           const char *name)
{
  GtkWidget *row = adw_preferences_row_new ();

  gtk_widget_set_margin_top (curve, 6);
  gtk_widget_set_margin_bottom (curve, 6);
  gtk_widget_set_margin_start (curve, 6);
  gtk_widget_set_margin_end (curve, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), curve);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_name (row, name);
  return row;
}

static void
lq_inspector_add_processor (LqInspector *self,
                            Processor   *p)
{
  LqFieldSet *set = self->fields;
  g_autofree char *row_name = g_strdup_printf ("processor-%s-%s", p->album ? "album" : "track", p->name);

  for (guint i = 0; i < p->fields->len; i++)
    {
      const LqField *field = g_ptr_array_index (p->fields, i);

      if (field->type == LQ_FIELD_BOOL && g_str_has_suffix (field->key, "-on"))
        p->on = field;
    }

  if (p->fields->len == 1 && p->on != NULL)
    {
      GtkWidget *sw = lq_field_set_add_switch (set, p->album, p->on, p->title);

      p->row = adw_action_row_new ();
      adw_action_row_add_suffix (ADW_ACTION_ROW (p->row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (p->row), sw);
    }
  else
    {
      p->row = adw_expander_row_new ();
      if (p->on != NULL)
        adw_expander_row_add_action (ADW_EXPANDER_ROW (p->row),
                                     lq_field_set_add_switch (set, p->album, p->on, p->title));
      for (guint i = 0; i < p->fields->len; i++)
        {
          const LqField *field = g_ptr_array_index (p->fields, i);

          if (field != p->on)
            adw_expander_row_add_row (ADW_EXPANDER_ROW (p->row),
                                      lq_field_set_add_row (set, p->album, field, p->title));
        }
    }

  if (ADW_IS_EXPANDER_ROW (p->row)
      && (g_str_equal (p->name, "comp") || g_str_equal (p->name, "bus-comp") || g_str_equal (p->name, "limiter")))
    {
      LqGainCurveKind kind = g_str_equal (p->name, "comp") ? LQ_GAIN_CURVE_COMPRESSOR
                             : g_str_equal (p->name, "bus-comp") ? LQ_GAIN_CURVE_BUS_COMPRESSOR
                             : LQ_GAIN_CURVE_LIMITER;
      GtkWidget *curve = lq_gain_curve_new (kind);

      g_ptr_array_add (self->gain_curves, curve);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (p->row), curve_row (curve, "gain-curve"));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (p->row), p->title);
  gtk_widget_set_name (p->row, row_name);
  adw_preferences_group_add (p->album ? self->album_group : self->track_group, p->row);
  g_ptr_array_add (self->processors, p);
  processor_update (p);
}

/* One row a processor, from the fields that have a group. */
static void
lq_inspector_build (LqInspector *self,
                    gboolean     album)
{
  const LqField *fields;
  Processor *p = NULL;
  guint n_fields;

  fields = album ? lq_project_fields_album (&n_fields) : lq_project_fields_track (&n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const LqField *field = &fields[i];

      if (field->group == NULL)
        continue;

      /* The EQ curve above the first EQ band */
      if (field->band == 1 && g_str_has_suffix (field->key, "eq1-on"))
        {
          LqEqCurve *curve = LQ_EQ_CURVE (lq_eq_curve_new ());
          GtkWidget *row = curve_row (GTK_WIDGET (curve), album ? "eq-curve-album" : "eq-curve-track");

          if (p != NULL)
            {
              lq_inspector_add_processor (self, p);
              p = NULL;
            }
          adw_preferences_group_add (album ? self->album_group : self->track_group, row);
          lq_field_set_forward_edit_failed (curve, self);
          if (album)
            self->bus_eq_curve = curve;
          else
            {
              self->eq_curve = curve;
              self->eq_curve_row = row;
            }
        }

      if (p == NULL || !g_str_equal (field->group, p->group) || field->band != p->band)
        {
          if (p != NULL)
            lq_inspector_add_processor (self, p);
          p = g_new0 (Processor, 1);
          p->inspector = self;
          p->album = album;
          p->group = field->group;
          p->band = field->band;
          p->name = processor_name (field);
          p->fields = g_ptr_array_new ();
          if (field->band > 0)
            /* Translators: a processor with a band number: "EQ Band 3" */
            p->title = g_strdup_printf (_("%s %u"), _(field->group), field->band);
          else
            p->title = g_strdup (_(field->group));
        }
      g_ptr_array_add (p->fields, (gpointer) field);
    }

  if (p != NULL)
    lq_inspector_add_processor (self, p);
}

static void
lq_inspector_dispose (GObject *object)
{
  LqInspector *self = (LqInspector *)object;

  if (self->fields != NULL)
    g_signal_handlers_disconnect_by_data (self->fields, self);
  g_clear_object (&self->fields);
  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_INSPECTOR);

  G_OBJECT_CLASS (lq_inspector_parent_class)->dispose (object);
}

static void
lq_inspector_finalize (GObject *object)
{
  LqInspector *self = (LqInspector *)object;

  g_clear_pointer (&self->processors, g_ptr_array_unref);
  g_clear_pointer (&self->gain_curves, g_ptr_array_unref);

  G_OBJECT_CLASS (lq_inspector_parent_class)->finalize (object);
}

static void
lq_inspector_class_init (LqInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_inspector_dispose;
  object_class->finalize = lq_inspector_finalize;

  /**
   * LqInspector::edit-failed:
   * @message: why the model refused the value
   */
  lq_field_set_add_edit_failed_signal (G_TYPE_FROM_CLASS (klass));

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, LqInspector, page);
  gtk_widget_class_bind_template_child (widget_class, LqInspector, track_group);
  gtk_widget_class_bind_template_child (widget_class, LqInspector, album_group);
  gtk_widget_class_bind_template_child (widget_class, LqInspector, no_track_row);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
lq_inspector_init (LqInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->processors = g_ptr_array_new_with_free_func ((GDestroyNotify) processor_free);
  self->gain_curves = g_ptr_array_new ();
  self->fields = lq_field_set_new ();
  lq_field_set_forward_edit_failed (self->fields, self);
  g_signal_connect_swapped (self->fields, "changed", G_CALLBACK (fields_changed_cb), self);

  lq_inspector_build (self, FALSE);
  lq_inspector_build (self, TRUE);
  lq_inspector_update_track (self);
}

GtkWidget *
lq_inspector_new (void)
{
  return g_object_new (LQ_TYPE_INSPECTOR, NULL);
}

void
lq_inspector_set_project (LqInspector *self,
                          LqProject   *project)
{
  g_return_if_fail (LQ_IS_INSPECTOR (self));

  lq_inspector_set_track (self, NULL);
  if (!lq_field_set_set_project (self->fields, project))
    return;

  lq_eq_curve_set_project (self->eq_curve, project);
  lq_eq_curve_set_project (self->bus_eq_curve, project);
  for (guint i = 0; i < self->gain_curves->len; i++)
    lq_gain_curve_set_project (g_ptr_array_index (self->gain_curves, i), project);

  lq_inspector_update_processors (self, TRUE);
  /* A project open read-only shows its chain, and refuses edits */
  gtk_widget_set_sensitive (GTK_WIDGET (self->page), project == NULL || !lq_project_get_read_only (project));
}

void
lq_inspector_set_track (LqInspector *self,
                        LqTrack     *track)
{
  g_return_if_fail (LQ_IS_INSPECTOR (self));

  if (!lq_field_set_set_track (self->fields, track))
    return;

  lq_eq_curve_set_track (self->eq_curve, track);
  for (guint i = 0; i < self->gain_curves->len; i++)
    lq_gain_curve_set_track (g_ptr_array_index (self->gain_curves, i), track);

  lq_inspector_update_track (self);
  lq_inspector_update_processors (self, FALSE);
}

LqTrack *
lq_inspector_get_track (LqInspector *self)
{
  g_return_val_if_fail (LQ_IS_INSPECTOR (self), NULL);

  return lq_field_set_get_track (self->fields);
}

LqFieldSet *
_lq_inspector_get_fields (LqInspector *self)
{
  g_return_val_if_fail (LQ_IS_INSPECTOR (self), NULL);

  return self->fields;
}

GtkWidget *
_lq_inspector_get_eq_curve (LqInspector *self,
                            gboolean     album)
{
  g_return_val_if_fail (LQ_IS_INSPECTOR (self), NULL);

  return GTK_WIDGET (album ? self->bus_eq_curve : self->eq_curve);
}

GtkWidget *
_lq_inspector_get_processor (LqInspector *self,
                             gboolean     album,
                             const char  *name)
{
  Processor *p;

  g_return_val_if_fail (LQ_IS_INSPECTOR (self), NULL);

  p = lq_inspector_find_processor (self, album, name);
  return p != NULL ? p->row : NULL;
}
