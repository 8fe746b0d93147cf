/* lq-export-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-error.h"
#include "lq-demo-project.h"
#include "lq-export.h"
#include "lq-export-dialog.h"
#include "lq-format.h"
#include "lq-target-label.h"
#include "lq-ui-util.h"

/* The rows' choices, in the order of their models */
static const LqRenderFormat formats[] = { LQ_RENDER_WAV, LQ_RENDER_FLAC, LQ_RENDER_AIFF };
static const guint bit_depths[] = { 16, 24, 32 };
static const guint rates[] = { 0, 44100, 48000, 88200, 96000 };

struct _LqExportDialog
{
  LqJobDialog parent_instance;

  /* Template children */
  AdwPreferencesGroup *destination_group;
  AdwComboRow *format_row;
  AdwComboRow *bits_row;
  AdwComboRow *rate_row;
  AdwEntryRow *name_row;
  GtkSwitch *overwrite_switch;
  AdwActionRow *target_row;
  AdwPreferencesGroup *results_group;

  LqProject *project;          /* the dialog's, once constructed */
  /* The album's target, when it has a valid one */
  gboolean has_target;
  LqDeliveryTarget target;

  GPtrArray *results;          /* LqExportResult, once done */
  GPtrArray *result_rows;      /* GtkWidget, in results_group */
  char *last_error;
};

G_DEFINE_FINAL_TYPE (LqExportDialog, lq_export_dialog, LQ_TYPE_JOB_DIALOG)

static void
lq_export_dialog_read_options (LqExportDialog  *self,
                               LqExportOptions *options)
{
  guint format = adw_combo_row_get_selected (self->format_row);
  guint bits = adw_combo_row_get_selected (self->bits_row);
  guint rate = adw_combo_row_get_selected (self->rate_row);

  lq_export_options_init (options);
  options->render.format = formats[MIN (format, G_N_ELEMENTS (formats) - 1)];
  options->render.bits = bit_depths[MIN (bits, G_N_ELEMENTS (bit_depths) - 1)];
  options->render.rate = rates[MIN (rate, G_N_ELEMENTS (rates) - 1)];
  options->render.overwrite = gtk_switch_get_active (self->overwrite_switch);
  /* Borrowed: lq_export_album_async() reads it before it returns. */
  options->name_template = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  options->has_target = self->has_target;
  if (self->has_target)
    options->target = self->target;
}

/* "One file a track, named “01 - Opening.wav”": the first track's file
 * name as the export makes it from the template; NULL for a bad template. */
static char *
lq_export_dialog_dup_naming (LqExportDialog        *self,
                             const LqExportOptions *options)
{
  LqTrack *track = lq_project_get_n_tracks (self->project) > 0 ? lq_project_get_track (self->project, 1) : NULL;
  const char *extension = lq_render_format_extension (options->render.format);
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;

  if (track != NULL)
    {
      LqRenderSpec spec;

      lq_render_spec_init (&spec, self->project, track);
      name = lq_export_file_name (options->name_template,
                                  &(LqExportNameFields) {
                                    .number = 1, .title = spec.title, .artist = spec.artist,
                                    .album = spec.album, .isrc = spec.isrc },
                                  extension, NULL);
      lq_render_spec_clear (&spec);
    }
  else
    name = lq_export_file_name (options->name_template,
                                /* Translators: how an example file name reads in the Export dialog */
                                &(LqExportNameFields) { .number = 1, .title = _("Title"), .artist = _("Artist"),
                                                        .album = _("Album") },
                                extension, NULL);
  if (name == NULL)
    return NULL;

  display = g_filename_display_name (name);
  /* Translators: the Export dialog's folder group; a file name follows */
  return g_strdup_printf (_("One file a track, the first named “%s”"), display);
}

/* What the Export button can do, and what the rows say about it. */
static void
lq_export_dialog_update (LqExportDialog *self)
{
  LqExportOptions options;
  gboolean supported;
  gboolean names_ok;
  gboolean running = lq_job_dialog_get_running (LQ_JOB_DIALOG (self));
  const char *folder = lq_job_dialog_get_folder (LQ_JOB_DIALOG (self));
  g_autofree char *ceiling = NULL;

  /* Building the template */
  if (self->project == NULL)
    return;

  lq_export_dialog_read_options (self, &options);
  supported = lq_render_format_supports (options.render.format, options.render.bits);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->bits_row),
                               supported ? "" : _("FLAC cannot hold 32-bit float audio"));
  if (supported)
    gtk_widget_remove_css_class (GTK_WIDGET (self->bits_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->bits_row), "error");

  ceiling = lq_format_value (lq_export_get_ceiling (self->project, &options));
  if (self->has_target)
    {
      g_autofree char *target = lq_target_describe (self->target.name);
      LqProjectMatch match = { 0 };

      if (isfinite (self->target.integrated_lufs) && !lq_project_get_match (self->project, &match))
        {
          /* Translators: the delivery target, then a warning */
          g_autofree char *warning = g_strdup_printf (_("%s. The album is not matched yet: its files will "
                                                        "miss the loudness unless Match Loudness plans "
                                                        "their gains first."), target);

          adw_action_row_set_subtitle (self->target_row, warning);
        }
      else
        adw_action_row_set_subtitle (self->target_row, target);
      lq_project_match_clear (&match);
    }
  else
    {
      /* Translators: an album without a delivery target: the files are
       * only limited to, and checked against, this true peak */
      g_autofree char *none = g_strdup_printf (_("None: set one in the album’s details or match the album. "
                                                 "Files are limited to %s dBTP."), ceiling);

      adw_action_row_set_subtitle (self->target_row, none);
    }

  {
    g_autoptr(GError) bad = NULL;

    g_autofree char *naming = NULL;

    names_ok = lq_export_check_name_template (options.name_template, &bad);
    naming = names_ok ? lq_export_dialog_dup_naming (self, &options) : NULL;
    adw_preferences_group_set_description (self->destination_group,
                                           naming != NULL ? naming : _("One file a track"));
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_row), bad != NULL ? bad->message : NULL);
    if (names_ok)
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
    else
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  }

  lq_job_dialog_set_can_start (LQ_JOB_DIALOG (self),
                               supported && names_ok && !running && folder != NULL
                               && lq_project_get_n_tracks (self->project) > 0, NULL);
}

static void
lq_export_dialog_settings_changed_cb (LqExportDialog *self)
{
  lq_export_dialog_update (self);
}

static void
lq_export_dialog_format_changed_cb (LqExportDialog *self)
{
  /* FLAC has no float: 24 bits instead */
  if (formats[MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1)] == LQ_RENDER_FLAC
      && adw_combo_row_get_selected (self->bits_row) == 2)
    adw_combo_row_set_selected (self->bits_row, 1);

  lq_export_dialog_update (self);
}

static void
lq_export_progress_cb (guint    index,
                       guint    n_tracks,
                       double   fraction,
                       gpointer user_data)
{
  LqExportDialog *self = user_data;
  LqTrack *track;
  g_autofree char *text = NULL;

  /* Closed meanwhile */
  if (self->project == NULL || !lq_job_dialog_get_running (LQ_JOB_DIALOG (self)))
    return;

  track = lq_project_get_track (self->project, index + 1);
  /* Translators: the export's progress: "Track 2 of 10: Title" */
  text = g_strdup_printf (_("Track %u of %u: %s"), index + 1, n_tracks,
                          track != NULL ? lq_track_get_display_name (track) : "");
  lq_job_dialog_set_progress (LQ_JOB_DIALOG (self), text, fraction);
}

/* "Passed", or what failed */
static const char *
result_verdict (const LqExportResult *r)
{
  if (r->error != NULL)
    return _("Failed");
  if (r->passed)
    return _("Passed");
  if (!r->peak_ok)
    return _("Peak Too High");
  if (!r->loudness_ok && isfinite (r->expected_lufs) && r->integrated_lufs > r->expected_lufs)
    return _("Too Loud");
  if (!r->loudness_ok)
    return _("Too Quiet");

  return _("Failed");
}

static GtkWidget *
result_row_new (const LqExportResult *r)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon, *verdict;
  g_autofree char *name = r->path != NULL ? g_filename_display_basename (r->path) : g_strdup (r->title);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_set_tooltip_text (row, r->path);

  if (r->error != NULL)
    subtitle = g_strdup (r->error->message);
  else
    {
      g_autofree char *lufs = lq_format_value (r->integrated_lufs);
      g_autofree char *peak = lq_format_value (r->true_peak_dbtp);

      if (isfinite (r->expected_lufs))
        {
          g_autofree char *expected = lq_format_value (r->expected_lufs);

          /* Translators: a written file's loudness, the loudness it should
           * have, and its true peak */
          subtitle = g_strdup_printf (_("%s LUFS (planned %s), true peak %s dBTP"), lufs, expected, peak);
        }
      else
        /* Translators: a written file's loudness and true peak */
        subtitle = g_strdup_printf (_("%s LUFS, true peak %s dBTP"), lufs, peak);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  icon = gtk_image_new_from_icon_name (r->passed ? "emblem-ok-symbolic"
                                       : r->error != NULL ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, r->passed ? "success" : r->error != NULL ? "error" : "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, result_verdict (r), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  verdict = gtk_label_new (result_verdict (r));
  gtk_widget_add_css_class (verdict, r->passed ? "dim-label" : r->error != NULL ? "error" : "warning");
  gtk_widget_add_css_class (verdict, "verdict");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), verdict);

  return row;
}

static void
lq_export_dialog_show_results (LqExportDialog *self)
{
  guint n_passed = 0;
  double album = lq_export_album_lufs (self->results);
  g_autofree char *title = NULL;
  g_autofree char *folder = lq_display_path (lq_job_dialog_get_folder (LQ_JOB_DIALOG (self)));
  g_autofree char *description = NULL;

  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->results_group, g_ptr_array_index (self->result_rows, i));
  g_ptr_array_set_size (self->result_rows, 0);

  for (guint i = 0; i < self->results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (self->results, i);
      GtkWidget *row = result_row_new (r);

      n_passed += r->passed ? 1 : 0;
      g_ptr_array_add (self->result_rows, row);
      adw_preferences_group_add (self->results_group, row);
    }

  if (n_passed == self->results->len)
    title = g_strdup_printf (ngettext ("The Track Passed", "All %u Tracks Passed", self->results->len),
                             self->results->len);
  else
    /* Translators: "3 of 10 Tracks Passed" */
    title = g_strdup_printf (ngettext ("%u of %u Track Passed", "%u of %u Tracks Passed", self->results->len),
                             n_passed, self->results->len);
  adw_preferences_group_set_title (self->results_group, title);

  if (isfinite (album))
    {
      g_autofree char *lufs = lq_format_value (album);

      /* Translators: where the files are, and the album's loudness measured from them */
      description = g_strdup_printf (_("In %s. Album %s LUFS."), folder, lufs);
    }
  else
    /* Translators: where the files are */
    description = g_strdup_printf (_("In %s."), folder);
  adw_preferences_group_set_description (self->results_group, description);

  lq_job_dialog_set_page (LQ_JOB_DIALOG (self), "results");
}

static void
lq_export_dialog_show_error (LqExportDialog *self,
                             const GError   *error)
{
  const char *body = error->message;
  g_autofree char *advice = NULL;

  if (g_error_matches (error, LQ_ERROR, LQ_ERROR_EXISTS))
    body = advice = g_strdup_printf ("%s\n\n%s", error->message,
                                     _("Turn on “Replace Existing Files”, or choose another folder."));

  lq_job_dialog_show_error (LQ_JOB_DIALOG (self), _("Cannot Export the Album"), body);

  g_free (self->last_error);
  self->last_error = g_strdup (body);
}

/* The app's settings (the last export folder), or NULL when the schema is
 * not installed */
static GSettings *
lq_export_dialog_dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "last-export-folder"))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
lq_export_dialog_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(LqExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  results = lq_export_album_finish (LQ_PROJECT (object), result, &error);

  /* Closed meanwhile */
  if (!lq_job_dialog_end (LQ_JOB_DIALOG (self)))
    {
      g_clear_pointer (&results, g_ptr_array_unref);
      return;
    }

  if (results == NULL)
    {
      lq_job_dialog_set_page (LQ_JOB_DIALOG (self), "settings");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        lq_job_dialog_add_toast (LQ_JOB_DIALOG (self), _("Export cancelled: the files finished before stay"));
      else
        lq_export_dialog_show_error (self, error);
      lq_export_dialog_update (self);
      return;
    }

  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  {
    g_autoptr(GSettings) settings = lq_export_dialog_dup_settings ();

    if (settings != NULL)
      g_settings_set_string (settings, "last-export-folder", lq_job_dialog_get_folder (LQ_JOB_DIALOG (self)));
  }
  lq_export_dialog_show_results (self);
  lq_export_dialog_update (self);
}

static void
lq_export_dialog_start_vfunc (LqJobDialog *job)
{
  lq_export_dialog_start (LQ_EXPORT_DIALOG (job));
}

static void
lq_export_dialog_update_vfunc (LqJobDialog *job)
{
  lq_export_dialog_update (LQ_EXPORT_DIALOG (job));
}

static void
lq_export_dialog_constructed (GObject *object)
{
  LqExportDialog *self = LQ_EXPORT_DIALOG (object);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;

  G_OBJECT_CLASS (lq_export_dialog_parent_class)->constructed (object);

  self->project = lq_job_dialog_get_project (LQ_JOB_DIALOG (self));

  self->has_target = lq_job_dialog_get_album_target (LQ_JOB_DIALOG (self), &self->target);

  /* Bound for CD: its 16 bits at 44.1 kHz */
  if (self->has_target && self->target.bits == 16)
    {
      adw_combo_row_set_selected (self->bits_row, 0);
      adw_combo_row_set_selected (self->rate_row, 1);
    }
  else
    adw_combo_row_set_selected (self->bits_row, 1);

  /* "NAME Masters" beside the last export's folder, or beside the project;
   * the demo's, not in the cache */
  folder = lq_demo_project_export_folder (lq_project_get_path (self->project));
  if (folder == NULL)
    {
      g_autoptr(GSettings) settings = lq_export_dialog_dup_settings ();
      g_autofree char *last = settings != NULL ? g_settings_get_string (settings, "last-export-folder") : NULL;

      if (last != NULL && last[0] != '\0' && g_path_is_absolute (last))
        {
          dir = g_path_get_dirname (last);
          if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
            g_clear_pointer (&dir, g_free);
        }
      if (dir == NULL)
        dir = g_path_get_dirname (lq_project_get_path (self->project));
      base = lq_project_file_name (lq_project_get_path (self->project));
      /* Translators: the folder an album's files are exported to, by default */
      name = g_strdup_printf (_("%s Masters"), base);
      folder = g_build_filename (dir, name, NULL);
    }
  lq_export_dialog_set_folder (self, folder);

  lq_job_dialog_set_page (LQ_JOB_DIALOG (self), "settings");
  lq_export_dialog_update (self);
}

static void
lq_export_dialog_dispose (GObject *object)
{
  LqExportDialog *self = (LqExportDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_EXPORT_DIALOG);
  self->project = NULL;

  G_OBJECT_CLASS (lq_export_dialog_parent_class)->dispose (object);
}

static void
lq_export_dialog_finalize (GObject *object)
{
  LqExportDialog *self = (LqExportDialog *)object;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (lq_export_dialog_parent_class)->finalize (object);
}

static void
lq_export_dialog_class_init (LqExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LqJobDialogClass *job_class = LQ_JOB_DIALOG_CLASS (klass);

  object_class->constructed = lq_export_dialog_constructed;
  object_class->dispose = lq_export_dialog_dispose;
  object_class->finalize = lq_export_dialog_finalize;
  job_class->start = lq_export_dialog_start_vfunc;
  job_class->update = lq_export_dialog_update_vfunc;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-export-dialog.ui");
  lq_job_dialog_class_bind_template (job_class);
  lq_job_dialog_class_add_job (job_class, "export", N_("Export To"));
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, destination_group);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, bits_row);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, rate_row);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, overwrite_switch);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, LqExportDialog, results_group);
  gtk_widget_class_bind_template_callback (widget_class, lq_export_dialog_settings_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_export_dialog_format_changed_cb);
}

static void
lq_export_dialog_init (LqExportDialog *self)
{
  self->result_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), LQ_EXPORT_NAME_TEMPLATE_DEFAULT);
}

LqExportDialog *
lq_export_dialog_new (GtkWindow *parent,
                      LqProject *project)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  return g_object_new (LQ_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

void
lq_export_dialog_set_folder (LqExportDialog *self,
                             const char     *path)
{
  g_return_if_fail (LQ_IS_EXPORT_DIALOG (self));

  lq_job_dialog_set_folder (LQ_JOB_DIALOG (self), path);
}

const char *
lq_export_dialog_get_folder (LqExportDialog *self)
{
  g_return_val_if_fail (LQ_IS_EXPORT_DIALOG (self), NULL);

  return lq_job_dialog_get_folder (LQ_JOB_DIALOG (self));
}

void
lq_export_dialog_start (LqExportDialog *self)
{
  LqJobDialog *job = LQ_JOB_DIALOG (self);
  const char *folder = lq_job_dialog_get_folder (job);
  LqExportOptions options;
  guint n_tracks;
  GCancellable *cancellable;
  g_autofree char *shown = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (LQ_IS_EXPORT_DIALOG (self));

  if (lq_job_dialog_get_running (job) || folder == NULL)
    return;

  lq_export_dialog_read_options (self, &options);
  if (!lq_render_format_supports (options.render.format, options.render.bits)
      || !lq_export_check_name_template (options.name_template, NULL))
    return;

  n_tracks = lq_project_get_n_tracks (self->project);
  shown = lq_display_path (folder);
  description = g_strdup_printf (ngettext ("%u track to %s", "%u tracks to %s", n_tracks), n_tracks, shown);
  cancellable = lq_job_dialog_begin (job, description);
  lq_export_dialog_update (self);
  lq_export_album_async (self->project, folder, &options, cancellable,
                         lq_export_progress_cb, self,
                         lq_export_dialog_done_cb, g_object_ref (self));
}

void
lq_export_dialog_cancel (LqExportDialog *self)
{
  g_return_if_fail (LQ_IS_EXPORT_DIALOG (self));

  lq_job_dialog_cancel (LQ_JOB_DIALOG (self));
}

gboolean
lq_export_dialog_get_running (LqExportDialog *self)
{
  g_return_val_if_fail (LQ_IS_EXPORT_DIALOG (self), FALSE);

  return lq_job_dialog_get_running (LQ_JOB_DIALOG (self));
}

const char *
_lq_export_dialog_get_page (LqExportDialog *self)
{
  g_return_val_if_fail (LQ_IS_EXPORT_DIALOG (self), NULL);

  return lq_job_dialog_get_page (LQ_JOB_DIALOG (self));
}

GPtrArray *
_lq_export_dialog_get_results (LqExportDialog *self)
{
  g_return_val_if_fail (LQ_IS_EXPORT_DIALOG (self), NULL);

  return self->results;
}

const char *
_lq_export_dialog_get_last_error (LqExportDialog *self)
{
  g_return_val_if_fail (LQ_IS_EXPORT_DIALOG (self), NULL);

  return self->last_error;
}

void
_lq_export_dialog_set_format (LqExportDialog *self,
                              guint           format,
                              guint           bits)
{
  g_return_if_fail (LQ_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i] == format)
      adw_combo_row_set_selected (self->format_row, i);
  for (guint i = 0; i < G_N_ELEMENTS (bit_depths); i++)
    if (bit_depths[i] == bits)
      adw_combo_row_set_selected (self->bits_row, i);
}
