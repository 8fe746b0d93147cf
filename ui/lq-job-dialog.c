/* lq-job-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-a11y.h"
#include "lq-job-dialog.h"
#include "lq-ui-util.h"

typedef struct
{
  LqProject *project;
  char *folder;
  GCancellable *cancellable;   /* while the job runs */
  gboolean closing;
} LqJobDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (LqJobDialog, lq_job_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The subclass's template child @name; NULL once the template is disposed,
 * or when the template has none */
static gpointer
lq_job_dialog_child (LqJobDialog *self,
                     const char  *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (self), G_OBJECT_TYPE (self), name);
}

static void
lq_job_dialog_folder_response_cb (GtkNativeDialog *chooser,
                                  int              response,
                                  LqJobDialog     *self)
{
  g_autofree char *path = lq_folder_chooser_finish (chooser, response);

  if (path != NULL)
    lq_job_dialog_set_folder (self, path);
}

static void
lq_job_dialog_choose_folder_cb (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  const char *title = LQ_JOB_DIALOG_GET_CLASS (self)->folder_title;
  GtkFileChooserNative *chooser = lq_folder_chooser_new (GTK_WINDOW (self), title != NULL ? _(title) : NULL,
                                                         priv->folder);

  g_signal_connect_object (chooser, "response", G_CALLBACK (lq_job_dialog_folder_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
lq_job_dialog_open_folder_cb (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);

  lq_show_path (GTK_WINDOW (self), priv->folder);
}

static void
lq_job_dialog_start_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LqJobDialogClass *klass = LQ_JOB_DIALOG_GET_CLASS (widget);

  if (klass->start != NULL)
    klass->start (LQ_JOB_DIALOG (widget));
}

static void
lq_job_dialog_cancel_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  LqJobDialog *self = LQ_JOB_DIALOG (widget);

  if (lq_job_dialog_get_running (self))
    lq_job_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
lq_job_dialog_close_request (GtkWindow *window)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (LQ_JOB_DIALOG (window));

  priv->closing = TRUE;
  g_cancellable_cancel (priv->cancellable);

  return GTK_WINDOW_CLASS (lq_job_dialog_parent_class)->close_request (window);
}

static void
lq_job_dialog_constructed (GObject *object)
{
  LqJobDialog *self = LQ_JOB_DIALOG (object);
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  AdwWindowTitle *window_title = lq_job_dialog_child (self, "window_title");
  g_autofree char *title = NULL;

  G_OBJECT_CLASS (lq_job_dialog_parent_class)->constructed (object);

  g_assert (LQ_IS_PROJECT (priv->project));

  title = lq_project_dup_title (priv->project);
  if (window_title != NULL)
    adw_window_title_set_subtitle (window_title, title);
  lq_a11y_name_buttons_by_content (GTK_WIDGET (self));
}

static void
lq_job_dialog_dispose (GObject *object)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (LQ_JOB_DIALOG (object));

  priv->closing = TRUE;
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->project);

  G_OBJECT_CLASS (lq_job_dialog_parent_class)->dispose (object);
}

static void
lq_job_dialog_finalize (GObject *object)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (LQ_JOB_DIALOG (object));

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->folder, g_free);

  G_OBJECT_CLASS (lq_job_dialog_parent_class)->finalize (object);
}

static void
lq_job_dialog_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (LQ_JOB_DIALOG (object));

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, priv->project);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_job_dialog_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (LQ_JOB_DIALOG (object));

  switch (prop_id)
    {
    case PROP_PROJECT:
      priv->project = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_job_dialog_class_init (LqJobDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = lq_job_dialog_constructed;
  object_class->dispose = lq_job_dialog_dispose;
  object_class->finalize = lq_job_dialog_finalize;
  object_class->get_property = lq_job_dialog_get_property;
  object_class->set_property = lq_job_dialog_set_property;

  window_class->close_request = lq_job_dialog_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL,
                         LQ_TYPE_PROJECT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lq_job_dialog_init (LqJobDialog *self)
{
}

/**
 * lq_job_dialog_class_bind_template:
 *
 * Binds the template's "toast_overlay" and "window_title", once @klass has
 * its template; Escape closes the dialog.
 */
void
lq_job_dialog_class_bind_template (LqJobDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_return_if_fail (LQ_IS_JOB_DIALOG_CLASS (klass));

  gtk_widget_class_bind_template_child_full (widget_class, "toast_overlay", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "window_title", FALSE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/**
 * lq_job_dialog_class_add_job:
 * @name: the actions' group: "NAME.start" and "NAME.cancel"
 * @folder_title: (nullable): the folder chooser's title, marked with N_()
 *
 * Makes @klass a dialog that runs a long job: its template has the job's
 * pieces (see the header), after lq_job_dialog_class_bind_template().
 */
void
lq_job_dialog_class_add_job (LqJobDialogClass *klass,
                             const char       *name,
                             const char       *folder_title)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *const children[] = {
    "cancel_button", "start_button", "stack", "progress_page", "progress_bar", "folder_row",
  };

  g_return_if_fail (LQ_IS_JOB_DIALOG_CLASS (klass));
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, children[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, lq_job_dialog_choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_job_dialog_open_folder_cb);

  klass->start_action = g_strconcat (name, ".start", NULL);
  klass->cancel_action = g_strconcat (name, ".cancel", NULL);
  klass->folder_title = folder_title;
  gtk_widget_class_install_action (widget_class, klass->start_action, NULL, lq_job_dialog_start_action);
  gtk_widget_class_install_action (widget_class, klass->cancel_action, NULL, lq_job_dialog_cancel_action);
}

LqProject *
lq_job_dialog_get_project (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), NULL);

  return priv->project;
}

/* The album's delivery target into @target; FALSE when it has no valid one */
gboolean
lq_job_dialog_get_album_target (LqJobDialog      *self,
                                LqDeliveryTarget *target)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  const GValue *value;

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  value = lq_project_get_album_value (priv->project, lq_project_fields_lookup (TRUE, "target"));
  if (value == NULL || !G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL)
    return FALSE;

  return lq_delivery_target_lookup (g_value_get_string (value), target, NULL);
}

/* A toast over the dialog (a message for the user, not markup) */
void
lq_job_dialog_add_toast (LqJobDialog *self,
                         const char  *message)
{
  AdwToastOverlay *overlay;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));
  g_return_if_fail (message != NULL);

  overlay = lq_job_dialog_child (self, "toast_overlay");
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, lq_toast_new_plain (message));
}

/* A message dialog over this one, with Close */
void
lq_job_dialog_show_error (LqJobDialog *self,
                          const char  *heading,
                          const char  *body)
{
  GtkWidget *dialog;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The folder the job writes into: the folder row shows it, and the
 * subclass's update() follows */
void
lq_job_dialog_set_folder (LqJobDialog *self,
                          const char  *path)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  AdwActionRow *row;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_free (priv->folder);
  priv->folder = g_strdup (path);
  row = lq_job_dialog_child (self, "folder_row");
  if (row != NULL)
    {
      g_autofree char *shown = lq_display_path (path);

      adw_action_row_set_subtitle (row, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (row), path);
    }
  if (LQ_JOB_DIALOG_GET_CLASS (self)->update != NULL)
    LQ_JOB_DIALOG_GET_CLASS (self)->update (self);
}

const char *
lq_job_dialog_get_folder (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), NULL);

  return priv->folder;
}

/* "settings" (Start shown), "progress" or "results" (Cancel becomes Close) */
void
lq_job_dialog_set_page (LqJobDialog *self,
                        const char  *page)
{
  GtkStack *stack;
  GtkWidget *cancel_button;
  gboolean results;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));
  g_return_if_fail (page != NULL);

  stack = lq_job_dialog_child (self, "stack");
  cancel_button = lq_job_dialog_child (self, "cancel_button");
  if (stack == NULL || cancel_button == NULL)
    return;

  results = g_str_equal (page, "results");
  gtk_stack_set_visible_child_name (stack, page);
  gtk_widget_set_visible (lq_job_dialog_child (self, "start_button"), g_str_equal (page, "settings"));
  gtk_button_set_label (GTK_BUTTON (cancel_button), results ? _("_Close") : _("_Cancel"));
  lq_a11y_name_buttons_by_content (cancel_button);
  if (results)
    gtk_window_set_default_widget (GTK_WINDOW (self), cancel_button);
}

const char *
lq_job_dialog_get_page (LqJobDialog *self)
{
  GtkStack *stack;

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), NULL);

  stack = lq_job_dialog_child (self, "stack");
  return stack != NULL ? gtk_stack_get_visible_child_name (stack) : NULL;
}

/* Whether "NAME.start" can go ahead; @why_not is the Start button's tooltip */
void
lq_job_dialog_set_can_start (LqJobDialog *self,
                             gboolean     can_start,
                             const char  *why_not)
{
  GtkWidget *start_button;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));
  g_return_if_fail (LQ_JOB_DIALOG_GET_CLASS (self)->start_action != NULL);

  start_button = lq_job_dialog_child (self, "start_button");
  if (start_button != NULL)
    gtk_widget_set_tooltip_text (start_button, why_not);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), LQ_JOB_DIALOG_GET_CLASS (self)->start_action, can_start);
}

/**
 * lq_job_dialog_begin:
 * @description: the progress page's description
 *
 * Shows the progress page ("Preparing…").
 *
 * Returns: (transfer none): the cancellable to run the job with
 */
GCancellable *
lq_job_dialog_begin (LqJobDialog *self,
                     const char  *description)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  AdwStatusPage *progress_page;

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), NULL);
  g_return_val_if_fail (LQ_JOB_DIALOG_GET_CLASS (self)->cancel_action != NULL, NULL);
  g_return_val_if_fail (priv->cancellable == NULL, NULL);

  progress_page = lq_job_dialog_child (self, "progress_page");
  if (progress_page != NULL)
    adw_status_page_set_description (progress_page, description);
  priv->cancellable = g_cancellable_new ();
  lq_job_dialog_set_progress (self, NULL, 0.0);
  lq_job_dialog_set_page (self, "progress");

  return priv->cancellable;
}

/* What the job does now (NULL: "Preparing…"), and how much of it is done;
 * nothing unless it runs, once it is cancelled, or once the dialog is closed */
void
lq_job_dialog_set_progress (LqJobDialog *self,
                            const char  *text,
                            double       fraction)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  GtkProgressBar *progress_bar;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));

  progress_bar = lq_job_dialog_child (self, "progress_bar");
  if (progress_bar == NULL || priv->closing || priv->cancellable == NULL
      || g_cancellable_is_cancelled (priv->cancellable))
    return;

  gtk_progress_bar_set_text (progress_bar, text != NULL ? text : _("Preparing…"));
  gtk_progress_bar_set_fraction (progress_bar, CLAMP (fraction, 0.0, 1.0));
}

/**
 * lq_job_dialog_end:
 *
 * The job is done: Cancel can cancel again.
 *
 * Returns: %FALSE when the dialog was closed meanwhile (its pages gone)
 */
gboolean
lq_job_dialog_end (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), FALSE);

  g_clear_object (&priv->cancellable);
  if (priv->closing || lq_job_dialog_child (self, "stack") == NULL)
    return FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), LQ_JOB_DIALOG_GET_CLASS (self)->cancel_action, TRUE);
  return TRUE;
}

/* Asks the job to stop; lq_job_dialog_end() follows once it has */
void
lq_job_dialog_cancel (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);
  GtkProgressBar *progress_bar;

  g_return_if_fail (LQ_IS_JOB_DIALOG (self));

  if (priv->cancellable == NULL)
    return;

  g_cancellable_cancel (priv->cancellable);
  progress_bar = lq_job_dialog_child (self, "progress_bar");
  if (progress_bar != NULL)
    gtk_progress_bar_set_text (progress_bar, _("Cancelling…"));
  /* Until the job has stopped */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), LQ_JOB_DIALOG_GET_CLASS (self)->cancel_action, FALSE);
}

gboolean
lq_job_dialog_get_running (LqJobDialog *self)
{
  LqJobDialogPrivate *priv = lq_job_dialog_get_instance_private (self);

  g_return_val_if_fail (LQ_IS_JOB_DIALOG (self), FALSE);

  return priv->cancellable != NULL;
}
