/* test-job-dialog.c: what the album's dialogs share (LqJobDialog), through
 * a subclass of its own with the smallest template a job dialog has.
 *
 * - new: the title bar's subtitle is the album's title; the settings page
 *   with Start and Cancel; the folder row shows the folder and update()
 *   follows; set_can_start() sets the action and Start's tooltip.
 * - pages: "test.start" runs start(); begin() shows the progress page
 *   ("Preparing…", 0, the description, Start hidden); the progress the
 *   job reports shows (clamped to 1); end() and the results page: Cancel
 *   reads Close and is the default; "test.cancel" then closes the dialog,
 *   which is finalized.
 * - cancel: "test.cancel" while the job runs cancels its cancellable
 *   ("cancelled" emitted once), says "Cancelling…", turns itself off until
 *   end(), and later progress no longer shows.
 * - close-running: closing the dialog while the job runs cancels it, and
 *   end() says the dialog is gone.
 *
 * Each test's dialog is finalized at its end (the fixture's tear-down).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-job-dialog.h"
#include "lq-test-ui.h"
#include "lq-ui-util.h"

#define LQ_TYPE_TEST_JOB_DIALOG (lq_test_job_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LqTestJobDialog, lq_test_job_dialog, LQ, TEST_JOB_DIALOG, LqJobDialog)

struct _LqTestJobDialog
{
  LqJobDialog parent_instance;

  guint n_starts;
  guint n_updates;
  GCancellable *cancellable;   /* the job's, while it runs */
};

G_DEFINE_FINAL_TYPE (LqTestJobDialog, lq_test_job_dialog, LQ_TYPE_JOB_DIALOG)

static const char template_ui[] =
  "<interface>"
  "  <template class='LqTestJobDialog' parent='LqJobDialog'>"
  "    <property name='title'>Test Job</property>"
  "    <property name='default-width'>400</property>"
  "    <property name='default-height'>300</property>"
  "    <property name='content'>"
  "      <object class='AdwToastOverlay' id='toast_overlay'>"
  "        <property name='child'>"
  "          <object class='GtkBox'>"
  "            <property name='orientation'>vertical</property>"
  "            <child>"
  "              <object class='AdwHeaderBar'>"
  "                <property name='title-widget'>"
  "                  <object class='AdwWindowTitle' id='window_title'/>"
  "                </property>"
  "                <child type='start'>"
  "                  <object class='GtkButton' id='cancel_button'>"
  "                    <property name='name'>test-cancel</property>"
  "                    <property name='label'>_Cancel</property>"
  "                    <property name='use-underline'>True</property>"
  "                    <property name='action-name'>test.cancel</property>"
  "                  </object>"
  "                </child>"
  "                <child type='end'>"
  "                  <object class='GtkButton' id='start_button'>"
  "                    <property name='name'>test-start</property>"
  "                    <property name='label'>_Start</property>"
  "                    <property name='use-underline'>True</property>"
  "                    <property name='action-name'>test.start</property>"
  "                  </object>"
  "                </child>"
  "              </object>"
  "            </child>"
  "            <child>"
  "              <object class='GtkStack' id='stack'>"
  "                <child>"
  "                  <object class='GtkStackPage'>"
  "                    <property name='name'>settings</property>"
  "                    <property name='child'>"
  "                      <object class='AdwPreferencesPage'>"
  "                        <child>"
  "                          <object class='AdwPreferencesGroup'>"
  "                            <child>"
  "                              <object class='AdwActionRow' id='folder_row'>"
  "                                <property name='title'>Folder</property>"
  "                              </object>"
  "                            </child>"
  "                          </object>"
  "                        </child>"
  "                      </object>"
  "                    </property>"
  "                  </object>"
  "                </child>"
  "                <child>"
  "                  <object class='GtkStackPage'>"
  "                    <property name='name'>progress</property>"
  "                    <property name='child'>"
  "                      <object class='AdwStatusPage' id='progress_page'>"
  "                        <property name='child'>"
  "                          <object class='GtkProgressBar' id='progress_bar'>"
  "                            <property name='show-text'>True</property>"
  "                          </object>"
  "                        </property>"
  "                      </object>"
  "                    </property>"
  "                  </object>"
  "                </child>"
  "                <child>"
  "                  <object class='GtkStackPage'>"
  "                    <property name='name'>results</property>"
  "                    <property name='child'>"
  "                      <object class='GtkButton'>"
  "                        <property name='label'>_Open Folder</property>"
  "                        <signal name='clicked' handler='lq_job_dialog_open_folder_cb' swapped='yes'/>"
  "                      </object>"
  "                    </property>"
  "                  </object>"
  "                </child>"
  "              </object>"
  "            </child>"
  "          </object>"
  "        </property>"
  "      </object>"
  "    </property>"
  "  </template>"
  "</interface>";

static void
lq_test_job_dialog_start (LqJobDialog *dialog)
{
  LqTestJobDialog *self = LQ_TEST_JOB_DIALOG (dialog);

  self->n_starts++;
  self->cancellable = g_object_ref (lq_job_dialog_begin (dialog, "Into the test folder"));
}

static void
lq_test_job_dialog_update (LqJobDialog *dialog)
{
  LQ_TEST_JOB_DIALOG (dialog)->n_updates++;
}

static void
lq_test_job_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LQ_TYPE_TEST_JOB_DIALOG);

  G_OBJECT_CLASS (lq_test_job_dialog_parent_class)->dispose (object);
}

static void
lq_test_job_dialog_finalize (GObject *object)
{
  g_clear_object (&LQ_TEST_JOB_DIALOG (object)->cancellable);

  G_OBJECT_CLASS (lq_test_job_dialog_parent_class)->finalize (object);
}

static void
lq_test_job_dialog_class_init (LqTestJobDialogClass *klass)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (template_ui, sizeof template_ui - 1);
  LqJobDialogClass *job_class = LQ_JOB_DIALOG_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = lq_test_job_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = lq_test_job_dialog_finalize;
  job_class->start = lq_test_job_dialog_start;
  job_class->update = lq_test_job_dialog_update;

  gtk_widget_class_set_template (GTK_WIDGET_CLASS (klass), bytes);
  lq_job_dialog_class_bind_template (job_class);
  lq_job_dialog_class_add_job (job_class, "test", "Test To");
}

static void
lq_test_job_dialog_init (LqTestJobDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A new project "Test Album" of no tracks, in tmp_dir/NAME */
static LqProject *
project_new (const char *name)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autoptr(GError) error = NULL;
  LqProject *project;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_set_album (project, (const char *const[]) { "title=Test Album", NULL }, &error));
  g_assert_no_error (error);
  return project;
}

/* Shown, with a reference of the test's own for g_assert_finalize_object() */
static LqTestJobDialog *
dialog_new_presented (LqProject *project)
{
  LqTestJobDialog *dialog = g_object_new (LQ_TYPE_TEST_JOB_DIALOG, "project", project, NULL);

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_until (is_drawn, dialog, "the dialog to show");
  return dialog;
}

typedef struct
{
  LqProject *project;
  LqTestJobDialog *dialog;
} Fixture;

/* A project in tmp_dir/<the test's last name>, and a dialog over it */
static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *name = g_path_get_basename (g_test_get_path ());

  f->project = project_new (name);
  f->dialog = dialog_new_presented (f->project);
}

/* The dialog destroyed (again, if the test closed it) and finalized */
static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_assert_finalize_object (f->dialog);
  g_clear_object (&f->project);
}

static const char *
progress_text (LqTestJobDialog *dialog)
{
  return gtk_progress_bar_get_text (GTK_PROGRESS_BAR (find_type (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR)));
}

static double
progress_fraction (LqTestJobDialog *dialog)
{
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (find_type (GTK_WIDGET (dialog), GTK_TYPE_PROGRESS_BAR)));
}

static gboolean
action_enabled (LqTestJobDialog *dialog,
                const char      *button_name)
{
  wait_paint (GTK_WIDGET (dialog));
  return gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), button_name));
}

static void
cancelled_cb (GCancellable *cancellable,
              guint        *n)
{
  (*n)++;
}

static void
test_job_dialog_new (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "new", "out", NULL);
  g_autofree char *shown = lq_display_path (folder);
  LqTestJobDialog *dialog = f->dialog;
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_type (GTK_WIDGET (dialog), ADW_TYPE_WINDOW_TITLE));
  AdwActionRow *folder_row = ADW_ACTION_ROW (find_type (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW));
  GtkWidget *start = find_named (GTK_WIDGET (dialog), "test-start");

  g_assert_true (lq_job_dialog_get_project (LQ_JOB_DIALOG (dialog)) == f->project);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Test Album");
  lq_job_dialog_set_page (LQ_JOB_DIALOG (dialog), "settings");
  g_assert_cmpstr (lq_job_dialog_get_page (LQ_JOB_DIALOG (dialog)), ==, "settings");
  g_assert_true (gtk_widget_get_visible (start));
  g_assert_false (lq_job_dialog_get_running (LQ_JOB_DIALOG (dialog)));

  /* The folder row follows the folder; update() runs */
  g_assert_null (lq_job_dialog_get_folder (LQ_JOB_DIALOG (dialog)));
  lq_job_dialog_set_folder (LQ_JOB_DIALOG (dialog), folder);
  g_assert_cmpstr (lq_job_dialog_get_folder (LQ_JOB_DIALOG (dialog)), ==, folder);
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, shown);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (folder_row)), ==, folder);
  g_assert_cmpuint (dialog->n_updates, ==, 1);

  /* Start off, and why; on again */
  lq_job_dialog_set_can_start (LQ_JOB_DIALOG (dialog), FALSE, "No folder is chosen");
  g_assert_false (action_enabled (dialog, "test-start"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (start), ==, "No folder is chosen");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "test.start", NULL);
  g_assert_cmpuint (dialog->n_starts, ==, 0);
  lq_job_dialog_set_can_start (LQ_JOB_DIALOG (dialog), TRUE, NULL);
  g_assert_true (action_enabled (dialog, "test-start"));
  g_assert_null (gtk_widget_get_tooltip_text (start));

  /* A toast does not disturb the pages */
  lq_job_dialog_add_toast (LQ_JOB_DIALOG (dialog), "A toast");
  g_assert_cmpstr (lq_job_dialog_get_page (LQ_JOB_DIALOG (dialog)), ==, "settings");
}

static void
test_job_dialog_pages (Fixture      *f,
                       gconstpointer data)
{
  LqTestJobDialog *dialog = f->dialog;
  LqJobDialog *job = LQ_JOB_DIALOG (dialog);
  GtkWidget *cancel = find_named (GTK_WIDGET (dialog), "test-cancel");
  AdwStatusPage *progress_page = ADW_STATUS_PAGE (find_type (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE));

  lq_job_dialog_set_page (job, "settings");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "test.start", NULL);
  g_assert_cmpuint (dialog->n_starts, ==, 1);
  g_assert_true (lq_job_dialog_get_running (job));
  g_assert_nonnull (dialog->cancellable);
  g_assert_cmpstr (lq_job_dialog_get_page (job), ==, "progress");
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (dialog), "test-start")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, "_Cancel");
  g_assert_cmpstr (adw_status_page_get_description (progress_page), ==, "Into the test folder");
  g_assert_cmpstr (progress_text (dialog), ==, "Preparing…");
  g_assert_cmpfloat (progress_fraction (dialog), ==, 0.0);

  /* What the job reports */
  lq_job_dialog_set_progress (job, "Track 1 of 2", 0.25);
  g_assert_cmpstr (progress_text (dialog), ==, "Track 1 of 2");
  g_assert_cmpfloat (progress_fraction (dialog), ==, 0.25);
  lq_job_dialog_set_progress (job, "Track 2 of 2", 1.5);
  g_assert_cmpstr (progress_text (dialog), ==, "Track 2 of 2");
  g_assert_cmpfloat (progress_fraction (dialog), ==, 1.0);

  /* Done: the results page, Cancel reads Close and is the default */
  g_assert_true (lq_job_dialog_end (job));
  g_assert_false (lq_job_dialog_get_running (job));
  g_assert_false (g_cancellable_is_cancelled (dialog->cancellable));
  lq_job_dialog_set_page (job, "results");
  g_assert_cmpstr (lq_job_dialog_get_page (job), ==, "results");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (cancel)), ==, "_Close");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == cancel);
  /* Progress after the end does not show */
  lq_job_dialog_set_progress (job, "Late", 0.5);
  g_assert_cmpstr (progress_text (dialog), ==, "Track 2 of 2");

  /* Close: no job, so the dialog closes */
  g_assert_true (action_enabled (dialog, "test-cancel"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "test.cancel", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
}

static void
test_job_dialog_cancel (Fixture      *f,
                        gconstpointer data)
{
  LqTestJobDialog *dialog = f->dialog;
  LqJobDialog *job = LQ_JOB_DIALOG (dialog);
  guint n_cancelled = 0;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "test.start", NULL);
  g_signal_connect (dialog->cancellable, "cancelled", G_CALLBACK (cancelled_cb), &n_cancelled);
  lq_job_dialog_set_progress (job, "Track 1 of 2", 0.5);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "test.cancel", NULL);
  g_assert_cmpuint (n_cancelled, ==, 1);
  g_assert_true (g_cancellable_is_cancelled (dialog->cancellable));
  g_assert_cmpstr (progress_text (dialog), ==, "Cancelling…");
  /* Still running until the job says it stopped; Cancel is off meanwhile */
  g_assert_true (lq_job_dialog_get_running (job));
  g_assert_false (action_enabled (dialog, "test-cancel"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  lq_job_dialog_set_progress (job, "Track 2 of 2", 0.75);
  g_assert_cmpstr (progress_text (dialog), ==, "Cancelling…");
  g_assert_cmpfloat (progress_fraction (dialog), ==, 0.5);

  g_assert_true (lq_job_dialog_end (job));
  g_assert_false (lq_job_dialog_get_running (job));
  g_assert_true (action_enabled (dialog, "test-cancel"));
  g_assert_cmpuint (n_cancelled, ==, 1);
}

static void
test_job_dialog_close_running (Fixture      *f,
                               gconstpointer data)
{
  LqTestJobDialog *dialog = f->dialog;
  g_autoptr(GCancellable) cancellable = NULL;
  guint n_cancelled = 0;

  gtk_widget_activate_action (GTK_WIDGET (dialog), "test.start", NULL);
  cancellable = g_object_ref (dialog->cancellable);
  g_signal_connect (cancellable, "cancelled", G_CALLBACK (cancelled_cb), &n_cancelled);

  /* The window's close button, Escape: window.close */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (n_cancelled, ==, 1);
  g_assert_true (g_cancellable_is_cancelled (cancellable));

  /* The job ends later: the dialog is gone, its result to be dropped */
  g_assert_false (lq_job_dialog_end (LQ_JOB_DIALOG (dialog)));
  g_assert_false (lq_job_dialog_get_running (LQ_JOB_DIALOG (dialog)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (n_cancelled, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add ("/ui/job-dialog/new", Fixture, NULL,
              fixture_set_up, test_job_dialog_new, fixture_tear_down);
  g_test_add ("/ui/job-dialog/pages", Fixture, NULL,
              fixture_set_up, test_job_dialog_pages, fixture_tear_down);
  g_test_add ("/ui/job-dialog/cancel", Fixture, NULL,
              fixture_set_up, test_job_dialog_cancel, fixture_tear_down);
  g_test_add ("/ui/job-dialog/close-running", Fixture, NULL,
              fixture_set_up, test_job_dialog_close_running, fixture_tear_down);

  return lq_test_ui_run ();
}
