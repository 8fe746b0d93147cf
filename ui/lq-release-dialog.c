/* lq-release-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lq-codec-preview.h"
#include "lq-demo-project.h"
#include "lq-error.h"
#include "lq-project-watch.h"
#include "lq-release-dialog.h"
#include "lq-ui-util.h"

/* The rows' choices, in the order of their models */
static const LqRenderFormat formats[] = { LQ_RENDER_WAV, LQ_RENDER_FLAC, LQ_RENDER_AIFF };
static const guint bit_depths[] = { 16, 24, 32 };
static const LqCdImageFormat image_formats[] = { LQ_CD_IMAGE_WAV, LQ_CD_IMAGE_BIN };

struct _LqReleaseDialog
{
  LqJobDialog parent_instance;

  /* Template children */
  AdwPreferencesGroup *blocked_group;
  AdwActionRow *blocked_row;
  GtkCheckButton *cd_check;
  GtkDropDown *image_format_drop;
  GtkCheckButton *ddp_check;
  AdwActionRow *files_row;
  GtkCheckButton *files_check;
  GtkDropDown *format_drop;
  GtkDropDown *bits_drop;
  GtkCheckButton *report_check;
  AdwActionRow *codecs_row;
  GtkCheckButton *codecs_check;
  AdwPreferencesGroup *preflight_group;
  AdwPreferencesGroup *paths_group;
  AdwActionRow *outcome_row;
  GtkImage *outcome_icon;
  AdwPreferencesGroup *results_group;
  GtkWidget *open_report_button;

  LqProject *project;          /* the dialog's, once constructed */
  LqProjectWatch *watch;       /* the plan again when the project changes */
  /* The album's target, when it has a valid one */
  gboolean has_target;
  LqDeliveryTarget target;
  /* The bit depth was chosen here: the target does not override it */
  gboolean bits_given;
  /* While the template's defaults are set: no plan yet */
  gboolean building;

  LqReleasePlan *plan;
  char *blocked;               /* why Release is insensitive, or NULL */
  GPtrArray *rows;             /* GtkWidget, added to preflight_group and paths_group */
  GPtrArray *result_rows;      /* GtkWidget, in results_group */

  LqReleaseResult *result;     /* once done */
  const char *state;           /* once done: "released", "failed" or "cancelled" */
  char *report_path;           /* report.html, when written */
};

G_DEFINE_FINAL_TYPE (LqReleaseDialog, lq_release_dialog, LQ_TYPE_JOB_DIALOG)

/* The paths a plan lists, in the order a release writes them */
static const struct
{
  const char *kind;
  LqReleaseParts parts;        /* 0: always written */
} plan_paths[] = {
  { "cue", LQ_RELEASE_CD },
  { "toc", LQ_RELEASE_CD },
  { "image", LQ_RELEASE_CD },
  { "ddp", LQ_RELEASE_DDP },
  { "files", LQ_RELEASE_FILES },
  { "manifest", 0 },
  { "report-html", LQ_RELEASE_REPORT },
  { "report-pdf", LQ_RELEASE_REPORT },
};

/* What a written file or folder is, for its row */
static const char *
kind_label (const char *kind)
{
  if (g_str_equal (kind, "cue"))
    return _("Cue sheet");
  if (g_str_equal (kind, "toc"))
    return _("cdrdao TOC");
  if (g_str_equal (kind, "image"))
    return _("CD image");
  if (g_str_equal (kind, "ddp"))
    return _("DDP image");
  if (g_str_equal (kind, "files"))
    return _("Streaming files");
  if (g_str_equal (kind, "track"))
    return _("Streaming file");
  if (g_str_equal (kind, "manifest"))
    return _("Manifest: what was written, with checksums");
  if (g_str_equal (kind, "report-html"))
    return _("Report (HTML)");
  if (g_str_equal (kind, "report-pdf"))
    return _("Report (PDF)");

  return kind;
}

static GtkWidget *
icon_new (const char *icon_name,
          const char *css_class)
{
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  if (css_class != NULL)
    gtk_widget_add_css_class (icon, css_class);

  return icon;
}

/* A row of @group, removed again by lq_release_dialog_clear_rows() */
static GtkWidget *
lq_release_dialog_add_row (LqReleaseDialog     *self,
                           AdwPreferencesGroup *group,
                           const char          *name,
                           const char          *title,
                           const char          *subtitle,
                           const char          *icon_name,
                           const char          *css_class)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon_new (icon_name, css_class));
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
lq_release_dialog_clear_rows (LqReleaseDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
lq_release_dialog_read_options (LqReleaseDialog  *self,
                                LqReleaseOptions *options)
{
  guint image = gtk_drop_down_get_selected (self->image_format_drop);
  guint format = gtk_drop_down_get_selected (self->format_drop);
  guint bits = gtk_drop_down_get_selected (self->bits_drop);

  lq_release_options_init (options);
  options->parts = lq_release_dialog_get_parts (self);
  options->image_format = image_formats[MIN (image, G_N_ELEMENTS (image_formats) - 1)];
  options->files.render.format = formats[MIN (format, G_N_ELEMENTS (formats) - 1)];
  options->files.render.bits = bit_depths[MIN (bits, G_N_ELEMENTS (bit_depths) - 1)];
  options->files_bits_given = self->bits_given;
  options->files.has_target = self->has_target;
  if (self->has_target)
    options->files.target = self->target;
}

/* The pre-flight's rows: one a problem, or "Passed"; the layout's notes;
 * the disc's tracks and length in the group's description. */
static void
lq_release_dialog_show_preflight (LqReleaseDialog *self,
                                  LqReleaseParts   parts)
{
  const LqCdLayout *layout = lq_release_plan_get_layout (self->plan);
  const LqCdPreflight *preflight = lq_release_plan_get_preflight (self->plan);
  guint64 seconds = layout->leadout / LQ_CD_FRAMES_PER_SECOND;
  /* minutes:seconds.frames, as the pre-flight writes lengths */
  g_autofree char *length = g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u.%02u", seconds / 60,
                                             (guint) (seconds % 60),
                                             (guint) (layout->leadout % LQ_CD_FRAMES_PER_SECOND));
  g_autofree char *description = NULL;

  /* Translators: the disc in the Release dialog's pre-flight: its track
   * count and its length (minutes:seconds.frames) */
  description = g_strdup_printf (ngettext ("%u track, %s on the disc", "%u tracks, %s on the disc",
                                           layout->n_tracks),
                                 layout->n_tracks, length);
  if ((parts & (LQ_RELEASE_CD | LQ_RELEASE_DDP)) == 0)
    {
      g_autofree char *more = g_strdup_printf ("%s. %s", description,
                                               _("It matters only for the CD and the DDP."));

      g_free (description);
      description = g_steal_pointer (&more);
    }
  adw_preferences_group_set_description (self->preflight_group, description);

  for (guint i = 0; i < preflight->problems->len; i++)
    {
      const LqCdProblem *problem = g_ptr_array_index (preflight->problems, i);
      gboolean error = problem->severity == LQ_CD_PROBLEM_ERROR;
      /* The message names the track (or the disc) and the rule */
      const char *subtitle = error ? _("Error: no plant takes the disc as it is")
                                   : _("Warning: some players may not play it all");

      lq_release_dialog_add_row (self, self->preflight_group,
                                 error ? "release-preflight-error" : "release-preflight-warning",
                                 problem->message, subtitle,
                                 error ? "dialog-error-symbolic" : "dialog-warning-symbolic",
                                 error ? "error" : "warning");
    }
  if (preflight->problems->len == 0)
    lq_release_dialog_add_row (self, self->preflight_group, "release-preflight-passed",
                               _("Passed"), _("The disc follows the Red Book"),
                               "emblem-ok-symbolic", "success");

  for (guint i = 0; layout->notes != NULL && i < layout->notes->len; i++)
    lq_release_dialog_add_row (self, self->preflight_group, "release-preflight-note",
                               g_ptr_array_index (layout->notes, i), NULL,
                               "dialog-information-symbolic", NULL);
}

/* What the release would write */
static void
lq_release_dialog_show_paths (LqReleaseDialog *self,
                              LqReleaseParts   parts)
{
  const char *out_dir = lq_release_plan_get_out_dir (self->plan);
  g_autofree char *shown = lq_display_path (out_dir);

  /* Translators: the folder the release writes into */
  {
    g_autofree char *description = g_strdup_printf (_("In %s"), shown);

    adw_preferences_group_set_description (self->paths_group, description);
  }

  for (guint i = 0; i < G_N_ELEMENTS (plan_paths); i++)
    {
      const char *path;
      g_autofree char *name = NULL;
      GtkWidget *row;

      if (plan_paths[i].parts != 0 && (parts & plan_paths[i].parts) == 0)
        continue;
      path = lq_release_plan_get_path (self->plan, plan_paths[i].kind);
      if (path == NULL)
        continue;

      if (g_str_has_prefix (path, out_dir) && path[strlen (out_dir)] == G_DIR_SEPARATOR)
        name = g_filename_display_name (path + strlen (out_dir) + 1);
      else
        name = g_filename_display_name (path);
      if (g_str_equal (plan_paths[i].kind, "ddp") || g_str_equal (plan_paths[i].kind, "files"))
        {
          char *folder = g_strconcat (name, G_DIR_SEPARATOR_S, NULL);

          g_free (name);
          name = folder;
        }
      row = lq_release_dialog_add_row (self, self->paths_group, "release-path", name,
                                       kind_label (plan_paths[i].kind),
                                       g_file_test (path, G_FILE_TEST_EXISTS) ? "dialog-warning-symbolic"
                                                                              : "document-new-symbolic",
                                       g_file_test (path, G_FILE_TEST_EXISTS) ? "warning" : "dim-label");
      gtk_widget_set_tooltip_text (row, path);
    }
}

static void
lq_release_dialog_set_blocked (LqReleaseDialog *self,
                               const char      *reason)
{
  g_free (self->blocked);
  self->blocked = g_strdup (reason);
}

/* The plan again, its rows, and whether Release can go ahead. */
static void
lq_release_dialog_update (LqReleaseDialog *self)
{
  LqReleaseOptions options;
  g_autoptr(GError) error = NULL;
  gboolean running = lq_job_dialog_get_running (LQ_JOB_DIALOG (self));
  const char *folder = lq_job_dialog_get_folder (LQ_JOB_DIALOG (self));
  gboolean files, report;

  /* Building the template */
  if (self->project == NULL || self->building)
    return;

  files = gtk_check_button_get_active (self->files_check);
  report = gtk_check_button_get_active (self->report_check);
  gtk_widget_set_sensitive (GTK_WIDGET (self->image_format_drop), gtk_check_button_get_active (self->cd_check));
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_drop), files);
  gtk_widget_set_sensitive (GTK_WIDGET (self->bits_drop), files);
  /* The preview goes into the report */
  gtk_widget_set_sensitive (GTK_WIDGET (self->codecs_row), report);

  if (running || self->state != NULL)
    {
      lq_job_dialog_set_can_start (LQ_JOB_DIALOG (self), FALSE, self->blocked);
      return;
    }

  lq_release_dialog_clear_rows (self);
  g_clear_pointer (&self->plan, lq_release_plan_free);
  lq_release_dialog_set_blocked (self, NULL);
  adw_preferences_group_set_description (self->preflight_group, NULL);
  adw_preferences_group_set_description (self->paths_group, NULL);

  lq_release_dialog_read_options (self, &options);
  if (!lq_render_format_supports (options.files.render.format, options.files.render.bits) && files)
    {
      adw_action_row_set_subtitle (self->files_row, _("FLAC cannot hold 32-bit float audio"));
      gtk_widget_add_css_class (GTK_WIDGET (self->bits_drop), "error");
      lq_release_dialog_set_blocked (self, _("FLAC cannot hold 32-bit float audio"));
    }
  else
    {
      adw_action_row_set_subtitle (self->files_row, _("One file a track, for distributors and stores"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->bits_drop), "error");
    }

  if (options.parts == 0)
    {
      /* LQ_RELEASE_ALL to the plan: not what nothing ticked means */
      lq_release_dialog_set_blocked (self, _("Nothing is ticked to deliver"));
    }
  else if (folder == NULL)
    lq_release_dialog_set_blocked (self, _("No folder is chosen"));
  else
    {
      self->plan = lq_release_plan_new (self->project, folder, &options, &error);
      if (self->plan == NULL)
        {
          lq_release_dialog_add_row (self, self->preflight_group, "release-preflight-error",
                                     error->message, NULL, "dialog-error-symbolic", "error");
          lq_release_dialog_set_blocked (self, error->message);
        }
      else
        {
          lq_release_dialog_show_preflight (self, options.parts);
          lq_release_dialog_show_paths (self, options.parts);
          if ((options.parts & (LQ_RELEASE_CD | LQ_RELEASE_DDP)) != 0
              && !lq_cd_preflight_passed (lq_release_plan_get_preflight (self->plan)))
            lq_release_dialog_set_blocked (self, _("The Red Book pre-flight failed (see its errors): "
                                                   "no CD image or DDP can be made of the album as it is. "
                                                   "Untick them to deliver the rest."));
          if (!lq_release_plan_check (self->plan, self->project, &error) && self->blocked == NULL)
            {
              g_autofree char *advice = NULL;

              /* A release never replaces anything */
              if (g_error_matches (error, LQ_ERROR, LQ_ERROR_EXISTS))
                advice = g_strdup_printf ("%s. %s", error->message,
                                          _("Choose another folder, or move what is there away."));
              lq_release_dialog_set_blocked (self, advice != NULL ? advice : error->message);
            }
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->blocked_group), self->blocked != NULL);
  adw_action_row_set_subtitle (self->blocked_row, self->blocked != NULL ? self->blocked : "");
  lq_job_dialog_set_can_start (LQ_JOB_DIALOG (self), self->blocked == NULL, self->blocked);
}

static void
lq_release_dialog_parts_changed_cb (LqReleaseDialog *self)
{
  lq_release_dialog_update (self);
}

static void
lq_release_dialog_project_changed_cb (LqReleaseDialog *self)
{
  lq_release_dialog_update (self);
}

static void
lq_release_dialog_bits_changed_cb (LqReleaseDialog *self)
{
  if (!self->building)
    self->bits_given = TRUE;
  lq_release_dialog_update (self);
}

static void
lq_release_dialog_format_changed_cb (LqReleaseDialog *self)
{
  /* FLAC has no float: 24 bits instead */
  if (formats[MIN (gtk_drop_down_get_selected (self->format_drop), G_N_ELEMENTS (formats) - 1)] == LQ_RENDER_FLAC
      && gtk_drop_down_get_selected (self->bits_drop) == 2)
    gtk_drop_down_set_selected (self->bits_drop, 1);

  lq_release_dialog_update (self);
}

static void
lq_release_dialog_open_report_cb (LqReleaseDialog *self)
{
  lq_show_path (GTK_WINDOW (self), self->report_path);
}

static void
lq_release_progress_cb (LqReleaseStep step,
                        double        step_fraction,
                        double        fraction,
                        gpointer      user_data)
{
  LqReleaseDialog *self = user_data;

  lq_job_dialog_set_progress (LQ_JOB_DIALOG (self), lq_release_step_get_label (step), fraction);
}

/* The codec preview's verdict on the results page, before the files: a
 * warning row a codec that takes a track over 0 dBTP (how much, and how
 * far to lower the ceiling), or one row saying none does */
static void
lq_release_dialog_add_codec_rows (LqReleaseDialog *self,
                                  const GPtrArray *tracks)
{
  guint n = 0;

  for (guint i = 0; i < tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index ((GPtrArray *) tracks, i);

      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);
          g_autofree char *title = NULL;
          g_autofree char *subtitle = NULL;
          GtkWidget *row;

          if (!lq_codec_result_is_over (r))
            continue;
          /* Translators: a track's number and title, then a codec ("MP3 128 kbit/s") */
          title = g_strdup_printf (_("Track %u “%s”: %s"), t->position, t->title != NULL ? t->title : "",
                                   lq_codec_get_label (r->codec));
          /* Translators: decibels over 0 dBTP, then the reduction of the export's ceiling */
          subtitle = g_strdup_printf (_("Over 0 dBTP by %.1f dB after encoding: lower the ceiling by %.1f dB"),
                                      r->true_peak_dbtp, r->ceiling_reduction_db);
          row = adw_action_row_new ();
          gtk_widget_set_name (row, "release-codec-warning");
          adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon_new ("dialog-warning-symbolic", "warning"));
          adw_preferences_group_add (self->results_group, row);
          g_ptr_array_add (self->result_rows, row);
          n++;
        }
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, "release-codec-passed");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Codec Preview"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No codec takes a track over 0 dBTP"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon_new ("emblem-ok-symbolic", "success"));
      adw_preferences_group_add (self->results_group, row);
      g_ptr_array_add (self->result_rows, row);
    }
}

/* The results page: how it went, and one row a file written */
static void
lq_release_dialog_show_results (LqReleaseDialog *self,
                                const char      *failure,
                                gboolean         cancelled)
{
  const LqReleaseResult *result = self->result;
  g_autofree char *folder = lq_display_path (lq_job_dialog_get_folder (LQ_JOB_DIALOG (self)));
  g_autofree char *description = NULL;
  guint n_files = result != NULL && result->written != NULL ? result->written->len / 2 : 0;

  for (guint i = 0; i < self->result_rows->len; i++)
    adw_preferences_group_remove (self->results_group, self->result_rows->pdata[i]);
  g_ptr_array_set_size (self->result_rows, 0);
  g_clear_pointer (&self->report_path, g_free);

  self->state = cancelled ? "cancelled" : failure != NULL ? "failed" : "released";
  if (cancelled)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Release Cancelled"));
      gtk_image_set_from_icon_name (self->outcome_icon, "dialog-warning-symbolic");
      gtk_widget_set_css_classes (GTK_WIDGET (self->outcome_icon), (const char *[]) { "warning", NULL });
    }
  else if (failure != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Release Failed"));
      gtk_image_set_from_icon_name (self->outcome_icon, "dialog-error-symbolic");
      gtk_widget_set_css_classes (GTK_WIDGET (self->outcome_icon), (const char *[]) { "error", NULL });
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), _("Released"));
      gtk_image_set_from_icon_name (self->outcome_icon, "emblem-ok-symbolic");
      gtk_widget_set_css_classes (GTK_WIDGET (self->outcome_icon), (const char *[]) { "success", NULL });
    }
  if (failure != NULL)
    adw_action_row_set_subtitle (self->outcome_row, failure);
  else
    {
      /* Translators: a release that wrote everything: how many files, where */
      description = g_strdup_printf (ngettext ("%u file written in %s", "%u files written in %s", n_files),
                                     n_files, folder);
      adw_action_row_set_subtitle (self->outcome_row, description);
    }

  if (result != NULL && result->codec_preview != NULL)
    lq_release_dialog_add_codec_rows (self, result->codec_preview);
  for (guint i = 0; i + 1 < n_files * 2; i += 2)
    {
      const char *kind = g_ptr_array_index (result->written, i);
      const char *path = g_ptr_array_index (result->written, i + 1);
      g_autofree char *name = g_filename_display_basename (path);
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, "release-written");
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind_label (kind));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon_new ("emblem-ok-symbolic", "success"));
      gtk_widget_set_tooltip_text (row, path);
      adw_preferences_group_add (self->results_group, row);
      g_ptr_array_add (self->result_rows, row);

      if (g_str_equal (kind, "report-html"))
        {
          g_free (self->report_path);
          self->report_path = g_strdup (path);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->results_group), n_files > 0);
  gtk_widget_set_visible (self->open_report_button, self->report_path != NULL);

  lq_job_dialog_set_page (LQ_JOB_DIALOG (self), "results");
}

static void
lq_release_dialog_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(LqReleaseDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  LqReleaseResult *done;

  done = lq_release_run_finish (LQ_PROJECT (object), result, &error);

  /* Closed meanwhile */
  if (!lq_job_dialog_end (LQ_JOB_DIALOG (self)))
    {
      g_clear_pointer (&done, lq_release_result_free);
      return;
    }

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  if (done == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled before the job could say what it had written */
      lq_release_dialog_show_results (self, error->message, TRUE);
      lq_release_dialog_update (self);
      return;
    }
  if (done == NULL)
    {
      /* Refused before anything was written */
      lq_job_dialog_set_page (LQ_JOB_DIALOG (self), "settings");
      lq_release_dialog_update (self);
      lq_job_dialog_show_error (LQ_JOB_DIALOG (self), _("Cannot Release the Album"), error->message);
      return;
    }

  g_clear_pointer (&self->result, lq_release_result_free);
  self->result = done;
  lq_release_dialog_show_results (self, done->failure, done->cancelled);
  lq_release_dialog_update (self);
}

static void
lq_release_dialog_start_vfunc (LqJobDialog *job)
{
  lq_release_dialog_start (LQ_RELEASE_DIALOG (job));
}

static void
lq_release_dialog_update_vfunc (LqJobDialog *job)
{
  lq_release_dialog_update (LQ_RELEASE_DIALOG (job));
}

/* "<album> release" beside the project (the demo's beside its exports,
 * not in the cache) */
static char *
lq_release_dialog_dup_default_folder (LqReleaseDialog *self)
{
  const char *project_path = lq_project_get_path (self->project);
  g_autofree char *demo = lq_demo_project_export_folder (project_path);
  g_autofree char *dir = demo != NULL ? g_path_get_dirname (demo) : g_path_get_dirname (project_path);
  g_autofree char *title = lq_project_dup_title (self->project);
  g_autofree char *name = NULL;
  g_autofree char *file_name = NULL;

  /* Translators: the folder an album is released into, by default; the
   * album's title comes first */
  name = g_strdup_printf (_("%s release"), title);
  g_strdelimit (name, G_DIR_SEPARATOR_S, '-');
  file_name = g_filename_from_utf8 (name, -1, NULL, NULL, NULL);
  if (file_name == NULL || name[0] == '.')
    {
      g_autofree char *base = lq_project_file_name (project_path);

      g_free (file_name);
      file_name = g_strdup_printf (_("%s release"), base);
    }

  return g_build_filename (dir, file_name, NULL);
}

static void
lq_release_dialog_constructed (GObject *object)
{
  LqReleaseDialog *self = LQ_RELEASE_DIALOG (object);
  g_autofree char *folder = NULL;

  G_OBJECT_CLASS (lq_release_dialog_parent_class)->constructed (object);

  self->project = lq_job_dialog_get_project (LQ_JOB_DIALOG (self));

  self->has_target = lq_job_dialog_get_album_target (LQ_JOB_DIALOG (self), &self->target);

  /* The files: FLAC at the target's word length (24 bits without one) */
  self->building = TRUE;
  gtk_drop_down_set_selected (self->format_drop, 1);
  gtk_drop_down_set_selected (self->bits_drop, self->has_target && self->target.bits == 16 ? 0 : 1);
  gtk_check_button_set_active (self->cd_check, TRUE);
  gtk_check_button_set_active (self->ddp_check, TRUE);
  gtk_check_button_set_active (self->files_check, TRUE);
  gtk_check_button_set_active (self->report_check, TRUE);
  self->building = FALSE;

  /* Edits, an analysis finishing: the plan again (not while running) */
  self->watch = lq_project_watch_new (TRUE);
  lq_project_watch_set_project (self->watch, self->project);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (lq_release_dialog_project_changed_cb), self,
                           G_CONNECT_SWAPPED);

  lq_job_dialog_set_page (LQ_JOB_DIALOG (self), "settings");
  folder = lq_release_dialog_dup_default_folder (self);
  lq_release_dialog_set_folder (self, folder);
}

static void
lq_release_dialog_dispose (GObject *object)
{
  LqReleaseDialog *self = (LqReleaseDialog *)object;

  if (self->watch != NULL)
    lq_project_watch_set_project (self->watch, NULL);
  g_clear_object (&self->watch);
  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_RELEASE_DIALOG);
  self->project = NULL;

  G_OBJECT_CLASS (lq_release_dialog_parent_class)->dispose (object);
}

static void
lq_release_dialog_finalize (GObject *object)
{
  LqReleaseDialog *self = (LqReleaseDialog *)object;

  g_clear_pointer (&self->plan, lq_release_plan_free);
  g_clear_pointer (&self->result, lq_release_result_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->result_rows, g_ptr_array_unref);
  g_clear_pointer (&self->blocked, g_free);
  g_clear_pointer (&self->report_path, g_free);

  G_OBJECT_CLASS (lq_release_dialog_parent_class)->finalize (object);
}

static void
lq_release_dialog_class_init (LqReleaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  LqJobDialogClass *job_class = LQ_JOB_DIALOG_CLASS (klass);

  object_class->constructed = lq_release_dialog_constructed;
  object_class->dispose = lq_release_dialog_dispose;
  object_class->finalize = lq_release_dialog_finalize;
  job_class->start = lq_release_dialog_start_vfunc;
  job_class->update = lq_release_dialog_update_vfunc;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-release-dialog.ui");
  lq_job_dialog_class_bind_template (job_class);
  lq_job_dialog_class_add_job (job_class, "release", N_("Release To"));
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, blocked_group);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, blocked_row);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, cd_check);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, image_format_drop);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, ddp_check);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, files_row);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, files_check);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, format_drop);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, bits_drop);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, report_check);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, codecs_row);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, codecs_check);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, preflight_group);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, paths_group);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, results_group);
  gtk_widget_class_bind_template_child (widget_class, LqReleaseDialog, open_report_button);
  gtk_widget_class_bind_template_callback (widget_class, lq_release_dialog_parts_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_release_dialog_bits_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_release_dialog_format_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_release_dialog_open_report_cb);
}

static void
lq_release_dialog_init (LqReleaseDialog *self)
{
  self->rows = g_ptr_array_new ();
  self->result_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

LqReleaseDialog *
lq_release_dialog_new (GtkWindow *parent,
                       LqProject *project)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  return g_object_new (LQ_TYPE_RELEASE_DIALOG,
                       "transient-for", parent,
                       "project", project,
                       NULL);
}

void
lq_release_dialog_set_folder (LqReleaseDialog *self,
                              const char      *path)
{
  g_return_if_fail (LQ_IS_RELEASE_DIALOG (self));

  lq_job_dialog_set_folder (LQ_JOB_DIALOG (self), path);
}

const char *
lq_release_dialog_get_folder (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), NULL);

  return lq_job_dialog_get_folder (LQ_JOB_DIALOG (self));
}

void
lq_release_dialog_set_parts (LqReleaseDialog *self,
                             LqReleaseParts   parts)
{
  g_return_if_fail (LQ_IS_RELEASE_DIALOG (self));

  /* One plan for all four */
  self->building = TRUE;
  gtk_check_button_set_active (self->cd_check, (parts & LQ_RELEASE_CD) != 0);
  gtk_check_button_set_active (self->ddp_check, (parts & LQ_RELEASE_DDP) != 0);
  gtk_check_button_set_active (self->files_check, (parts & LQ_RELEASE_FILES) != 0);
  gtk_check_button_set_active (self->report_check, (parts & LQ_RELEASE_REPORT) != 0);
  gtk_check_button_set_active (self->codecs_check, (parts & LQ_RELEASE_CODECS) != 0);
  self->building = FALSE;
  lq_release_dialog_update (self);
}

LqReleaseParts
lq_release_dialog_get_parts (LqReleaseDialog *self)
{
  LqReleaseParts parts = 0;

  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), 0);

  if (gtk_check_button_get_active (self->cd_check))
    parts |= LQ_RELEASE_CD;
  if (gtk_check_button_get_active (self->ddp_check))
    parts |= LQ_RELEASE_DDP;
  if (gtk_check_button_get_active (self->files_check))
    parts |= LQ_RELEASE_FILES;
  if (gtk_check_button_get_active (self->report_check))
    {
      parts |= LQ_RELEASE_REPORT;
      if (gtk_check_button_get_active (self->codecs_check))
        parts |= LQ_RELEASE_CODECS;
    }

  return parts;
}

void
lq_release_dialog_refresh (LqReleaseDialog *self)
{
  g_return_if_fail (LQ_IS_RELEASE_DIALOG (self));

  lq_release_dialog_update (self);
}

void
lq_release_dialog_start (LqReleaseDialog *self)
{
  LqJobDialog *job = LQ_JOB_DIALOG (self);
  GCancellable *cancellable;
  g_autofree char *description = NULL;
  g_autofree char *folder = NULL;

  g_return_if_fail (LQ_IS_RELEASE_DIALOG (self));

  if (lq_job_dialog_get_running (job) || self->state != NULL)
    return;

  /* The file system may have changed since the plan was made */
  lq_release_dialog_update (self);
  if (self->plan == NULL || self->blocked != NULL)
    return;

  folder = lq_display_path (lq_job_dialog_get_folder (job));
  /* Translators: the release's progress page: where it writes */
  description = g_strdup_printf (_("Into %s"), folder);
  cancellable = lq_job_dialog_begin (job, description);
  /* The project stays editable while the release runs from its copy */
  gtk_window_set_modal (GTK_WINDOW (self), FALSE);
  lq_job_dialog_set_can_start (job, FALSE, self->blocked);
  lq_release_run_async (self->project, self->plan, cancellable,
                        lq_release_progress_cb, g_object_ref (self), g_object_unref,
                        lq_release_dialog_done_cb, g_object_ref (self));
}

void
lq_release_dialog_cancel (LqReleaseDialog *self)
{
  g_return_if_fail (LQ_IS_RELEASE_DIALOG (self));

  lq_job_dialog_cancel (LQ_JOB_DIALOG (self));
}

gboolean
lq_release_dialog_get_running (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), FALSE);

  return lq_job_dialog_get_running (LQ_JOB_DIALOG (self));
}

const char *
_lq_release_dialog_get_page (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), NULL);

  return lq_job_dialog_get_page (LQ_JOB_DIALOG (self));
}

LqReleasePlan *
_lq_release_dialog_get_plan (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), NULL);

  return self->plan;
}

const char *
_lq_release_dialog_get_blocked_reason (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), NULL);

  return self->blocked;
}

const char *
_lq_release_dialog_get_state (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), NULL);

  return self->state;
}

const LqReleaseResult *
_lq_release_dialog_get_result (LqReleaseDialog *self)
{
  g_return_val_if_fail (LQ_IS_RELEASE_DIALOG (self), NULL);

  return self->result;
}
