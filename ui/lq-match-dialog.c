/* lq-match-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-error.h"
#include "lq-format.h"
#include "lq-match-dialog.h"
#include "lq-target-label.h"
#include "lq-ui-util.h"

struct _LqMatchDialog
{
  LqJobDialog parent_instance;

  /* Template children */
  AdwComboRow *target_row;
  GtkWidget *custom_row;
  GtkSpinButton *custom_spin;
  GtkSpinButton *ceiling_spin;
  AdwComboRow *mode_row;
  GtkWidget *keep_row;
  GtkSpinButton *keep_spin;
  GtkSpinButton *tonal_spin;
  AdwComboRow *anchor_row;
  GtkLabel *summary_label;
  LqLoudnessChart *chart;
  GtkStack *preview_stack;
  GtkListBox *track_list;
  AdwStatusPage *error_page;
  GtkWidget *analyze_button;

  LqProject *project;          /* the dialog's, once constructed */
  /* The target names of target_row's items; NULL for the custom loudness */
  GPtrArray *target_names;
  char *target;            /* the target as it will be stored */
  double tonal_cap_db;     /* kept from the stored match */
  double ceiling_dbtp;     /* the stored ceiling override, or NAN */

  LqMatchPlan *plan;
  GError *plan_error;
  guint update_id;
  /* Set while the dialog itself sets its rows */
  gboolean loading;
};

G_DEFINE_FINAL_TYPE (LqMatchDialog, lq_match_dialog, LQ_TYPE_JOB_DIALOG)

enum {
  APPLIED,
  ANALYZE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void lq_match_dialog_update (LqMatchDialog *self);

static gboolean
lq_match_dialog_update_cb (gpointer user_data)
{
  LqMatchDialog *self = user_data;

  self->update_id = 0;
  lq_match_dialog_update (self);

  return G_SOURCE_REMOVE;
}

/* Plans again once the current changes are done (a held spin button). */
static void
lq_match_dialog_queue_update (LqMatchDialog *self)
{
  if (self->update_id == 0)
    self->update_id = g_idle_add (lq_match_dialog_update_cb, self);
}

static void
lq_match_dialog_flush (LqMatchDialog *self)
{
  if (self->update_id != 0)
    {
      g_clear_handle_id (&self->update_id, g_source_remove);
      lq_match_dialog_update (self);
    }
}

/* The target chosen, as it will be stored. */
static void
lq_match_dialog_read_target (LqMatchDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->target_row);
  const char *name = selected < self->target_names->len ? g_ptr_array_index (self->target_names, selected) : NULL;

  g_free (self->target);
  if (name != NULL)
    self->target = g_strdup (name);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      self->target = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.1f",
                                                gtk_spin_button_get_value (self->custom_spin)));
    }
}

static void
lq_match_dialog_read_settings (LqMatchDialog   *self,
                               LqMatchSettings *settings)
{
  guint mode = adw_combo_row_get_selected (self->mode_row);
  guint anchor = adw_combo_row_get_selected (self->anchor_row);

  lq_match_settings_init (settings);
  settings->target = self->target;
  settings->mode = mode <= LQ_MATCH_MODE_CONTINUITY ? (LqMatchMode) mode : LQ_MATCH_DEFAULT_MODE;
  settings->keep = gtk_spin_button_get_value (self->keep_spin);
  settings->tonal = gtk_spin_button_get_value (self->tonal_spin);
  settings->tonal_cap_db = self->tonal_cap_db;
  settings->ceiling_dbtp = self->ceiling_dbtp;
  settings->anchor = anchor != GTK_INVALID_LIST_POSITION ? anchor : 0;
}

static GtkWidget *
track_row_new (LqMatchDialog      *self,
               guint               i,
               const LqMatchTrack *m)
{
  LqTrack *track = lq_project_get_track (self->project, i + 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *gain_label;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *gain = NULL;
  g_autofree char *gain_text = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);

  /* Translators: a track's position and name */
  title = g_strdup_printf (_("%u. %s"), i + 1, track != NULL ? lq_track_get_display_name (track) : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);

  if (m->flags & LQ_MATCH_TRACK_NO_LOUDNESS)
    subtitle = g_strdup (_("No loudness: silent or not measured; left as it is"));
  else
    {
      g_autofree char *before = lq_format_value (m->measured_lufs + m->user_gain_db);
      g_autofree char *after = lq_format_value (m->predicted_lufs);
      g_autofree char *peak_out = lq_format_value (m->output_true_peak_dbtp);
      g_autofree char *peak_in = lq_format_value (m->predicted_true_peak_dbtp);
      g_autofree char *reduction = lq_format_value (m->limiter_reduction_db);

      /* Translators: a track's loudness before and after the match, its true
       * peak out of the limiter, its true peak into the limiter, and the
       * limiter's gain reduction */
      subtitle = g_strdup_printf (_("%s → %s LUFS, true peak %s dBTP (%s before the limiter, %s dB of limiting)"),
                                  before, after, peak_out, peak_in, reduction);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING)
    {
      g_autofree char *db = lq_format_value (m->limiter_reduction_db);

      /* Translators: the limiter's expected gain reduction on a track */
      g_ptr_array_add (notes, g_strdup_printf (_("The limiter takes %s dB off its peaks: audible"), db));
    }
  if (m->flags & LQ_MATCH_TRACK_CAPPED)
    g_ptr_array_add (notes, g_strdup (_("Lowered to the loudest a track may be")));
  if (m->eq_max_move_db >= 0.05)
    {
      g_autofree char *db = lq_format_value (m->eq_max_move_db);

      /* Translators: the match EQ's largest correction on a track */
      g_ptr_array_add (notes, g_strdup_printf (_("Match EQ moves up to %s dB"), db));
    }
  if (m->eq_bands_at_cap > 0)
    {
      LqTonalPlan *tonal = lq_match_plan_get_tonal (self->plan);

      /* Translators: how many of the match EQ's bands on a track sit at the cap */
      g_ptr_array_add (notes, g_strdup_printf (_("%u of %u match EQ bands at the cap"), m->eq_bands_at_cap,
                                               lq_tonal_plan_get_bands_corrected (tonal, i)));
    }

  if (notes->len > 0)
    {
      gboolean warning = (m->flags & (LQ_MATCH_TRACK_LIMITER_WARNING | LQ_MATCH_TRACK_CAPPED)) != 0;
      GtkWidget *icon = gtk_image_new_from_icon_name (warning ? "dialog-warning-symbolic"
                                                              : "dialog-information-symbolic");
      g_autofree char *why = NULL;

      g_ptr_array_add (notes, NULL);
      why = g_strjoinv ("\n", (char **) notes->pdata);
      gtk_widget_set_tooltip_text (icon, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, why, -1);
      if (warning)
        gtk_widget_add_css_class (icon, "warning");
      else
        gtk_widget_add_css_class (icon, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
    }

  gain = lq_format_offset (m->gain_db);
  if (lq_match_plan_get_tonal (self->plan) != NULL)
    {
      g_autofree char *eq = lq_format_offset (m->eq_loudness_change_db);

      /* Translators: the broadband gain in decibels, and the match EQ's
       * loudness change in LU, "+2.5 dB, EQ −0.6 LU" */
      gain_text = g_strdup_printf (_("%s dB, EQ %s LU"), gain, eq);
    }
  else
    /* Translators: a gain in decibels, "+2.5 dB" */
    gain_text = g_strdup_printf (_("%s dB"), gain);
  gain_label = gtk_label_new (gain_text);
  gtk_label_set_xalign (GTK_LABEL (gain_label), 1.0f);
  gtk_label_set_width_chars (GTK_LABEL (gain_label), 8);
  gtk_widget_add_css_class (gain_label, "numeric");
  gtk_widget_add_css_class (gain_label, "gain");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gain_label);

  return row;
}

static void
lq_match_dialog_show_plan (LqMatchDialog *self,
                           const char    *tonal_note)
{
  LqMatchPlan *plan = self->plan;
  const LqDeliveryTarget *target = lq_match_plan_get_target (plan);
  LqTonalPlan *tonal = lq_match_plan_get_tonal (plan);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *ceiling = lq_format_value (lq_match_plan_get_ceiling_dbtp (plan));
  guint n_warnings = lq_match_plan_get_n_limiter_warnings (plan);
  GtkWidget *child;

  if (isfinite (target->integrated_lufs))
    {
      g_autofree char *before = lq_format_value (lq_match_plan_get_measured_album_lufs (plan));
      g_autofree char *after = lq_format_value (lq_match_plan_get_predicted_album_lufs (plan));

      /* Translators: the album's loudness before and after, and the peak ceiling */
      g_string_append_printf (summary, _("Album %s → %s LUFS, true peak at most %s dBTP."),
                              before, after, ceiling);
    }
  else
    /* Translators: a target without a loudness rule (CD) */
    g_string_append_printf (summary, _("No loudness rule: the gains stay as they are, the limiter holds %s dBTP."),
                            ceiling);

  if (!lq_match_plan_get_album_target_reached (plan))
    {
      g_autofree char *miss = lq_match_plan_dup_miss_message (plan);

      g_string_append_c (summary, ' ');
      g_string_append (summary, miss);
      g_string_append_c (summary, '.');
    }
  if (tonal != NULL && isfinite (lq_tonal_plan_get_spread_before_db (tonal)))
    {
      g_autofree char *before = lq_format_value (lq_tonal_plan_get_spread_before_db (tonal));
      g_autofree char *after = lq_format_value (lq_tonal_plan_get_spread_after_db (tonal));

      g_string_append_c (summary, ' ');
      /* Translators: how far the tracks' tonal balances lie apart, before and after */
      g_string_append_printf (summary, _("Tonal spread %s → %s dB."), before, after);
      if (lq_tonal_plan_get_cap_warning (tonal))
        {
          g_autofree char *cap = lq_tonal_plan_dup_cap_message (tonal);

          g_string_append_c (summary, ' ');
          g_string_append (summary, cap);
          g_string_append_c (summary, '.');
        }
    }
  if (tonal_note != NULL)
    {
      g_string_append_c (summary, ' ');
      /* Translators: the reason follows the colon */
      g_string_append_printf (summary, _("No tonal match: %s"), tonal_note);
    }
  if (n_warnings > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary, ngettext ("%u track needs audible limiting: lower the target or keep less.",
                                                 "%u tracks need audible limiting: lower the target or keep less.",
                                                 n_warnings),
                              n_warnings);
    }
  gtk_label_set_text (self->summary_label, summary->str);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->track_list))) != NULL)
    gtk_list_box_remove (self->track_list, child);
  for (guint i = 0; i < lq_match_plan_get_n_tracks (plan); i++)
    gtk_list_box_append (self->track_list, track_row_new (self, i, lq_match_plan_get_track (plan, i)));

  lq_loudness_chart_set_plan (self->chart, self->project, plan);
  gtk_stack_set_visible_child_name (self->preview_stack, "plan");
}

static void
lq_match_dialog_show_error (LqMatchDialog *self)
{
  gboolean not_analysed = g_error_matches (self->plan_error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED);

  adw_status_page_set_title (self->error_page,
                             not_analysed ? _("Not Every Track Is Measured Yet") : _("Cannot Plan the Match"));
  adw_status_page_set_description (self->error_page, self->plan_error->message);
  gtk_widget_set_visible (self->analyze_button, not_analysed);
  gtk_label_set_text (self->summary_label, "");
  lq_loudness_chart_set_project (self->chart, self->project);
  gtk_stack_set_visible_child_name (self->preview_stack, "error");
}

/* Plans the match with the settings shown, and previews it. */
static void
lq_match_dialog_update (LqMatchDialog *self)
{
  g_autoptr(GError) tonal_error = NULL;
  LqMatchSettings settings;
  guint mode;

  if (self->project == NULL)
    return;

  lq_match_dialog_read_target (self);
  mode = adw_combo_row_get_selected (self->mode_row);
  gtk_widget_set_visible (self->custom_row,
                          adw_combo_row_get_selected (self->target_row) == self->target_names->len - 1);
  gtk_widget_set_visible (self->keep_row, mode == LQ_MATCH_MODE_CONTINUITY);
  gtk_widget_set_sensitive (GTK_WIDGET (self->anchor_row), gtk_spin_button_get_value (self->tonal_spin) > 0.0);
  switch (mode)
    {
    case LQ_MATCH_MODE_TRACK:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row), _("Every track at the target"));
      break;
    case LQ_MATCH_MODE_ALBUM:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row),
                                   _("One gain for every track: the balance stays as mixed"));
      break;
    case LQ_MATCH_MODE_CONTINUITY:
    default:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row),
                                   _("The album at the target, keeping a share of the differences"));
      break;
    }

  g_clear_object (&self->plan);
  g_clear_error (&self->plan_error);

  lq_match_dialog_read_settings (self, &settings);
  self->plan = lq_project_plan_match (self->project, &settings, &self->plan_error);

  /* Loudness alone when the tonal match cannot be made (no spectra, or one track) */
  if (self->plan == NULL && settings.tonal > 0.0
      && g_error_matches (self->plan_error, LQ_ERROR, LQ_ERROR_INVALID_VALUE))
    {
      tonal_error = g_steal_pointer (&self->plan_error);
      settings.tonal = 0.0;
      settings.anchor = 0;
      self->plan = lq_project_plan_match (self->project, &settings, &self->plan_error);
    }

  if (self->plan != NULL)
    lq_match_dialog_show_plan (self, tonal_error != NULL ? tonal_error->message : NULL);
  else
    lq_match_dialog_show_error (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "match.apply",
                                 self->plan != NULL && !lq_project_get_read_only (self->project));
}

/* The ceiling control shows the ceiling in force: the stored override, or
 * the target's while there is none (it follows the target then). */
static void
lq_match_dialog_sync_ceiling (LqMatchDialog *self)
{
  gboolean was_loading = self->loading;
  double ceiling = self->ceiling_dbtp;

  if (!isfinite (ceiling))
    {
      LqDeliveryTarget target;

      lq_match_dialog_read_target (self);
      if (self->target == NULL || !lq_delivery_target_lookup (self->target, &target, NULL))
        return;
      ceiling = target.true_peak_ceiling_dbtp;
    }
  self->loading = TRUE;
  gtk_spin_button_set_value (self->ceiling_spin, ceiling);
  self->loading = was_loading;
}

static void
lq_match_dialog_settings_changed_cb (LqMatchDialog *self)
{
  if (self->loading)
    return;
  lq_match_dialog_sync_ceiling (self);
  lq_match_dialog_queue_update (self);
}

/* A ceiling chosen here is stored with the match, as `match --ceiling`. */
static void
lq_match_dialog_ceiling_changed_cb (LqMatchDialog *self)
{
  if (self->loading)
    return;
  self->ceiling_dbtp = gtk_spin_button_get_value (self->ceiling_spin);
  lq_match_dialog_queue_update (self);
}

static void
lq_match_dialog_analyze_cb (LqMatchDialog *self)
{
  g_signal_emit (self, signals[ANALYZE_REQUESTED], 0);
}

/* "Album Average", then the tracks, for the tone to follow. */
static void
lq_match_dialog_fill_anchors (LqMatchDialog *self)
{
  g_autoptr(GtkStringList) anchors = gtk_string_list_new (NULL);
  guint selected = adw_combo_row_get_selected (self->anchor_row);
  guint n = lq_project_get_n_tracks (self->project);
  gboolean was_loading = self->loading;

  gtk_string_list_append (anchors, _("Album Average"));
  for (guint p = 1; p <= n; p++)
    {
      g_autofree char *name = g_strdup_printf (_("%u. %s"), p,
                                               lq_track_get_display_name (lq_project_get_track (self->project, p)));

      gtk_string_list_append (anchors, name);
    }

  self->loading = TRUE;
  adw_combo_row_set_model (self->anchor_row, G_LIST_MODEL (anchors));
  adw_combo_row_set_selected (self->anchor_row, selected <= n ? selected : 0);
  self->loading = was_loading;
}

static void
lq_match_dialog_track_notify_cb (LqMatchDialog *self)
{
  lq_match_dialog_queue_update (self);
}

static void
lq_match_dialog_tracks_changed_cb (LqMatchDialog *self)
{
  guint n = lq_project_get_n_tracks (self->project);

  for (guint p = 1; p <= n; p++)
    {
      LqTrack *track = lq_project_get_track (self->project, p);

      g_signal_handlers_disconnect_by_func (track, lq_match_dialog_track_notify_cb, self);
      g_signal_connect_object (track, "notify", G_CALLBACK (lq_match_dialog_track_notify_cb), self,
                               G_CONNECT_SWAPPED);
    }

  lq_match_dialog_fill_anchors (self);
  lq_match_dialog_queue_update (self);
}

static void
lq_match_dialog_project_notify_cb (LqMatchDialog *self,
                                   GParamSpec    *pspec)
{
  if (g_str_equal (pspec->name, "analysis-progress"))
    return;

  lq_match_dialog_queue_update (self);
}

/* The settings the album last stored, else the defaults. */
static void
lq_match_dialog_load (LqMatchDialog *self)
{
  const char *const *presets = lq_delivery_target_presets ();
  g_autoptr(GtkStringList) targets = gtk_string_list_new (NULL);
  LqProjectMatch stored = { 0 };
  guint target_index = 0;
  LqDeliveryTarget target;

  self->loading = TRUE;

  for (guint i = 0; presets[i] != NULL; i++)
    {
      g_autofree char *label = lq_target_describe (presets[i]);

      gtk_string_list_append (targets, label);
      g_ptr_array_add (self->target_names, g_strdup (presets[i]));
    }
  gtk_string_list_append (targets, _("Custom Loudness"));
  g_ptr_array_add (self->target_names, NULL);
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (targets));

  if (lq_job_dialog_get_album_target (LQ_JOB_DIALOG (self), &target))
    {
      /* A preset, or a loudness of its own */
      target_index = self->target_names->len - 1;
      for (guint i = 0; i + 1 < self->target_names->len; i++)
        if (g_ascii_strcasecmp (g_ptr_array_index (self->target_names, i), target.name) == 0)
          target_index = i;
      if (target_index == self->target_names->len - 1)
        gtk_spin_button_set_value (self->custom_spin, target.integrated_lufs);
    }
  adw_combo_row_set_selected (self->target_row, target_index);

  self->tonal_cap_db = LQ_TONAL_DEFAULT_CAP_DB;
  self->ceiling_dbtp = NAN;
  if (lq_project_get_match (self->project, &stored))
    {
      adw_combo_row_set_selected (self->mode_row, stored.mode);
      gtk_spin_button_set_value (self->keep_spin, stored.keep);
      gtk_spin_button_set_value (self->tonal_spin, stored.tonal);
      if (stored.tonal_cap_db > 0.0)
        self->tonal_cap_db = stored.tonal_cap_db;
      self->ceiling_dbtp = stored.ceiling_dbtp;
    }
  else
    {
      adw_combo_row_set_selected (self->mode_row, LQ_MATCH_DEFAULT_MODE);
      gtk_spin_button_set_value (self->keep_spin, LQ_MATCH_DEFAULT_KEEP);
      gtk_spin_button_set_value (self->tonal_spin, LQ_TONAL_DEFAULT_STRENGTH);
    }

  lq_match_dialog_sync_ceiling (self);
  lq_match_dialog_fill_anchors (self);
  if (stored.matched && stored.anchor <= lq_project_get_n_tracks (self->project))
    adw_combo_row_set_selected (self->anchor_row, stored.anchor);
  lq_project_match_clear (&stored);

  self->loading = FALSE;
}

static void
lq_match_dialog_apply_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  LqMatchDialog *self = LQ_MATCH_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!lq_match_dialog_apply (self, &error))
    lq_job_dialog_add_toast (LQ_JOB_DIALOG (self), error->message);
}

static void
lq_match_dialog_constructed (GObject *object)
{
  LqMatchDialog *self = LQ_MATCH_DIALOG (object);

  G_OBJECT_CLASS (lq_match_dialog_parent_class)->constructed (object);

  self->project = lq_job_dialog_get_project (LQ_JOB_DIALOG (self));
  lq_match_dialog_load (self);
  g_signal_connect_object (self->project, "notify", G_CALLBACK (lq_match_dialog_project_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (lq_project_get_tracks (self->project), "items-changed",
                           G_CALLBACK (lq_match_dialog_tracks_changed_cb), self, G_CONNECT_SWAPPED);
  lq_match_dialog_tracks_changed_cb (self);
  lq_match_dialog_flush (self);
}

static void
lq_match_dialog_dispose (GObject *object)
{
  LqMatchDialog *self = (LqMatchDialog *)object;

  g_clear_handle_id (&self->update_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_MATCH_DIALOG);
  g_clear_object (&self->plan);
  self->project = NULL;

  G_OBJECT_CLASS (lq_match_dialog_parent_class)->dispose (object);
}

static void
lq_match_dialog_finalize (GObject *object)
{
  LqMatchDialog *self = (LqMatchDialog *)object;

  g_clear_pointer (&self->target_names, g_ptr_array_unref);
  g_clear_pointer (&self->target, g_free);
  g_clear_error (&self->plan_error);

  G_OBJECT_CLASS (lq_match_dialog_parent_class)->finalize (object);
}

static void
lq_match_dialog_class_init (LqMatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = lq_match_dialog_constructed;
  object_class->dispose = lq_match_dialog_dispose;
  object_class->finalize = lq_match_dialog_finalize;

  /**
   * LqMatchDialog::applied:
   * @label: what undo would revert ("Match Album to spotify")
   */
  signals[APPLIED] =
    g_signal_new ("applied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * LqMatchDialog::analyze-requested:
   *
   * The user asked for the tracks not measured yet to be measured.
   */
  signals[ANALYZE_REQUESTED] =
    g_signal_new ("analyze-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (LQ_TYPE_LOUDNESS_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-match-dialog.ui");
  lq_job_dialog_class_bind_template (LQ_JOB_DIALOG_CLASS (klass));
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, custom_row);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, custom_spin);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, ceiling_spin);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, keep_row);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, tonal_spin);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, anchor_row);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, chart);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, track_list);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, LqMatchDialog, analyze_button);
  gtk_widget_class_bind_template_callback (widget_class, lq_match_dialog_settings_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_match_dialog_ceiling_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_match_dialog_analyze_cb);

  gtk_widget_class_install_action (widget_class, "match.apply", NULL, lq_match_dialog_apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "match.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "match.apply", NULL);
}

static void
lq_match_dialog_init (LqMatchDialog *self)
{
  self->target_names = g_ptr_array_new_with_free_func (g_free);
  self->ceiling_dbtp = NAN;
  self->tonal_cap_db = LQ_TONAL_DEFAULT_CAP_DB;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "match.apply", FALSE);
}

LqMatchDialog *
lq_match_dialog_new (GtkWindow *parent,
                     LqProject *project)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  return g_object_new (LQ_TYPE_MATCH_DIALOG,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

gboolean
lq_match_dialog_apply (LqMatchDialog  *self,
                       GError        **error)
{
  g_autofree char *label = NULL;
  g_autoptr(LqMatchPlan) plan = NULL;

  g_return_val_if_fail (LQ_IS_MATCH_DIALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lq_match_dialog_flush (self);
  if (self->plan == NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->plan_error);
      return FALSE;
    }

  plan = g_object_ref (self->plan);
  if (!lq_project_store_match (self->project, plan, self->target, NULL, error))
    return FALSE;

  label = g_strdup (lq_project_get_undo_label (self->project));
  g_signal_emit (self, signals[APPLIED], 0, label);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}

void
_lq_match_dialog_set_target (LqMatchDialog *self,
                             const char    *target)
{
  g_return_if_fail (LQ_IS_MATCH_DIALOG (self));
  g_return_if_fail (target != NULL);

  for (guint i = 0; i + 1 < self->target_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->target_names, i), target))
      {
        adw_combo_row_set_selected (self->target_row, i);
        return;
      }

  gtk_spin_button_set_value (self->custom_spin, g_ascii_strtod (target, NULL));
  adw_combo_row_set_selected (self->target_row, self->target_names->len - 1);
}

void
_lq_match_dialog_set_mode (LqMatchDialog *self,
                           LqMatchMode    mode)
{
  g_return_if_fail (LQ_IS_MATCH_DIALOG (self));

  adw_combo_row_set_selected (self->mode_row, mode);
}

void
_lq_match_dialog_set_keep (LqMatchDialog *self,
                           double         keep)
{
  g_return_if_fail (LQ_IS_MATCH_DIALOG (self));

  gtk_spin_button_set_value (self->keep_spin, keep);
}

void
_lq_match_dialog_set_ceiling (LqMatchDialog *self,
                              double         dbtp)
{
  g_return_if_fail (LQ_IS_MATCH_DIALOG (self));

  gtk_spin_button_set_value (self->ceiling_spin, dbtp);
}

double
_lq_match_dialog_get_ceiling (LqMatchDialog *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_DIALOG (self), NAN);

  return gtk_spin_button_get_value (self->ceiling_spin);
}

void
_lq_match_dialog_set_tonal (LqMatchDialog *self,
                            double         tonal)
{
  g_return_if_fail (LQ_IS_MATCH_DIALOG (self));

  gtk_spin_button_set_value (self->tonal_spin, tonal);
}

const char *
_lq_match_dialog_get_target (LqMatchDialog *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_DIALOG (self), NULL);

  lq_match_dialog_flush (self);
  return self->target;
}

LqMatchPlan *
_lq_match_dialog_get_plan (LqMatchDialog  *self,
                           const GError  **error)
{
  g_return_val_if_fail (LQ_IS_MATCH_DIALOG (self), NULL);

  lq_match_dialog_flush (self);
  if (error != NULL)
    *error = self->plan_error;
  return self->plan;
}

LqLoudnessChart *
_lq_match_dialog_get_chart (LqMatchDialog *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_DIALOG (self), NULL);

  return self->chart;
}

GtkListBox *
_lq_match_dialog_get_track_list (LqMatchDialog *self)
{
  g_return_val_if_fail (LQ_IS_MATCH_DIALOG (self), NULL);

  return self->track_list;
}
