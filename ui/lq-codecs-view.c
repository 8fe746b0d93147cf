/* lq-codecs-view.c: the Codecs view (see lq-codecs-view.h).
 *
 * The widget holds one vertical box: the explanation, the toolbar (the
 * Preview Codecs / Cancel button, the progress bar and what is being
 * done), the summary, the stale and error lines, and the table (a scrolled
 * GtkGrid rebuilt from the results). Nothing is computed here: the figures
 * are LqCodecResult's, the summary lq_codec_preview_get_summary()'s, the
 * warning lq_codec_result_get_warning()'s.
 *
 * A preview is a Run: it holds the view while the worker runs, and the
 * view's current run is the only one whose result is shown (one cancelled,
 * or replaced by another project, is dropped when it comes back).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-codecs-view.h"
#include "lq-project-watch.h"

#include <glib/gi18n.h>
#include <math.h>

struct _LqCodecsView
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *button;
  GtkWidget *progress;
  GtkWidget *status;
  GtkWidget *summary;
  GtkWidget *stale_label;
  GtkWidget *error_label;
  GtkWidget *scrolled;
  GtkWidget *grid;            /* the table, or NULL */

  LqProjectWatch *watch;
  LqProject *project;         /* the watch's */
  guint codecs;

  struct Run *run;            /* the preview running, or NULL */
  GPtrArray *tracks;          /* shown, or NULL */
  char *summary_text;
  char *error;
  gboolean stale;
};

G_DEFINE_FINAL_TYPE (LqCodecsView, lq_codecs_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CODECS,
  PROP_RUNNING,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  LISTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct Run
{
  LqCodecsView *view;         /* a reference */
  GCancellable *cancellable;
  gboolean changed;           /* the project changed while it ran */
} Run;

static void
run_free (Run *run)
{
  g_object_unref (run->view);
  g_object_unref (run->cancellable);
  g_free (run);
}

/* Figures ---------------------------------------------------------------- */

/* @text with a leading "-" as a minus sign. */
static char *
with_minus (char *text)
{
  char *out;

  if (text[0] != '-')
    return text;
  out = g_strconcat ("−", text + 1, NULL);
  g_free (text);
  return out;
}

static char *
format_peak (double dbtp)
{
  if (isnan (dbtp))
    return g_strdup ("—");
  if (isinf (dbtp))
    return g_strdup (_("silent"));
  /* Translators: a true peak, e.g. "-0.4 dBTP", "+1.2 dBTP" */
  if (fabs (dbtp) < 0.05)
    dbtp = 0.0;
  return with_minus (g_strdup_printf (dbtp > 0.0 ? _("+%.1f dBTP") : _("%.1f dBTP"), dbtp));
}

static char *
format_change (double lu)
{
  if (!isfinite (lu))
    return g_strdup ("—");
  /* Translators: a loudness change, e.g. "+0.02 LU" */
  return with_minus (g_strdup_printf (_("%+.2f LU"), fabs (lu) < 0.005 ? 0.0 : lu));
}

/* The table -------------------------------------------------------------- */

static GtkWidget *
header_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  return label;
}

static void
cell_clicked_cb (GtkButton *button,
                 LqCodecsView *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "lq-position"));
  guint codec = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "lq-codec"));

  g_signal_emit (self, signals[LISTEN], 0, position, codec);
}

static GtkWidget *
build_cell (LqCodecsView *self,
            const LqCodecPreviewTrack *t,
            const LqCodecResult *r)
{
  const char *label_text = lq_codec_get_label (r->codec);
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label;
  g_autofree char *accessible = NULL;
  g_autofree char *tooltip = NULL;

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "codec-cell");
  g_object_set_data (G_OBJECT (button), "lq-position", GUINT_TO_POINTER (t->position));
  g_object_set_data (G_OBJECT (button), "lq-codec", GUINT_TO_POINTER (r->codec));
  gtk_button_set_child (GTK_BUTTON (button), box);

  if (r->skipped != NULL)
    {
      label = gtk_label_new (_("Not available"));
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_set_sensitive (button, FALSE);
      tooltip = g_strdup_printf ("%s: %s", label_text, r->skipped);
      /* Translators: a cell's accessible label: "Track 2, AAC 256 kbit/s: not available: …" */
      accessible = g_strdup_printf (_("Track %u, %s: %s"), t->position, label_text, r->skipped);
    }
  else
    {
      g_autofree char *peak = format_peak (r->true_peak_dbtp);
      g_autofree char *change = format_change (r->loudness_change_lu);
      g_autofree char *text = g_strdup_printf ("%s\n%s", peak, change);
      g_autofree char *warning = lq_codec_result_get_warning (r);
      gboolean over = lq_codec_result_is_over (r);

      if (over)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Over 0 dBTP"), -1);
          gtk_box_append (GTK_BOX (box), icon);
          gtk_widget_add_css_class (button, "over");
        }
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (box), label);
      if (over)
        /* Translators: a cell's accessible label: "Track 2, MP3 128 kbit/s: −0.4 dBTP, −0.47 LU, over 0 dBTP" */
        accessible = g_strdup_printf (_("Track %u, %s: %s, %s, over 0 dBTP"), t->position, label_text, peak,
                                      change);
      else
        accessible = g_strdup_printf (_("Track %u, %s: %s, %s"), t->position, label_text, peak, change);
      tooltip = g_strdup_printf ("%s: %s, %s%s%s\n%s", label_text, peak, change, warning != NULL ? "\n" : "",
                                 warning != NULL ? warning : "",
                                 _("Click to listen: the track through this codec as the reference"));
      g_signal_connect (button, "clicked", G_CALLBACK (cell_clicked_cb), self);
    }
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  r->skipped == NULL ? _("Listen: select the track and play it through this codec as the reference") : "",
                                  -1);
  return button;
}

static void
rebuild_table (LqCodecsView *self)
{
  const LqCodecPreviewTrack *first;
  GtkWidget *grid;

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), NULL);
  self->grid = NULL;
  if (self->tracks == NULL || self->tracks->len == 0)
    {
      gtk_widget_set_visible (self->scrolled, FALSE);
      return;
    }
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_add_css_class (grid, "codecs-table");
  gtk_grid_attach (GTK_GRID (grid), header_label (_("Track")), 0, 0, 1, 1);
  first = g_ptr_array_index (self->tracks, 0);
  for (guint j = 0; j < first->results->len; j++)
    {
      const LqCodecResult *r = &g_array_index (first->results, LqCodecResult, j);
      GtkWidget *label = header_label (lq_codec_get_label (r->codec));

      if (r->skipped != NULL)
        gtk_widget_set_tooltip_text (label, r->skipped);
      gtk_grid_attach (GTK_GRID (grid), label, (int) j + 1, 0, 1, 1);
    }
  for (guint i = 0; i < self->tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (self->tracks, i);
      g_autofree char *name = g_strdup_printf ("%u. %s", t->position, t->title != NULL ? t->title : "");
      GtkWidget *label = gtk_label_new (name);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
      gtk_widget_set_tooltip_text (label, t->title);
      gtk_grid_attach (GTK_GRID (grid), label, 0, (int) i + 1, 1, 1);
      for (guint j = 0; j < t->results->len; j++)
        gtk_grid_attach (GTK_GRID (grid),
                         build_cell (self, t, &g_array_index (t->results, LqCodecResult, j)),
                         (int) j + 1, (int) i + 1, 1, 1);
    }
  self->grid = grid;
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), grid);
  gtk_widget_set_visible (self->scrolled, TRUE);
}

/* State ------------------------------------------------------------------ */

static void
update_state (LqCodecsView *self)
{
  gboolean running = self->run != NULL;

  gtk_button_set_label (GTK_BUTTON (self->button), running ? _("Cancel") : _("Preview Codecs"));
  gtk_widget_set_sensitive (self->button, running || self->project != NULL);
  gtk_widget_set_visible (self->progress, running);
  gtk_widget_set_visible (self->status, running);
  gtk_label_set_text (GTK_LABEL (self->summary), self->summary_text != NULL ? self->summary_text : "");
  gtk_widget_set_visible (self->summary, self->summary_text != NULL);
  gtk_widget_set_visible (self->stale_label, self->stale && self->tracks != NULL);
  if (self->stale)
    gtk_widget_add_css_class (self->scrolled, "dim-label");
  else
    gtk_widget_remove_css_class (self->scrolled, "dim-label");
  gtk_label_set_text (GTK_LABEL (self->error_label), self->error != NULL ? self->error : "");
  gtk_widget_set_visible (self->error_label, self->error != NULL);
}

static void
set_stale (LqCodecsView *self,
           gboolean stale)
{
  if (self->stale == stale)
    return;
  self->stale = stale;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

/* Drops the run (its result will be ignored). */
static void
drop_run (LqCodecsView *self)
{
  if (self->run == NULL)
    return;
  g_cancellable_cancel (self->run->cancellable);
  self->run = NULL;
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
project_changed_cb (LqCodecsView *self)
{
  if (self->run != NULL)
    self->run->changed = TRUE;
  if (self->tracks != NULL)
    set_stale (self, TRUE);
}

static void
progress_cb (double fraction,
             gpointer user_data)
{
  Run *run = user_data;
  LqCodecsView *self = run->view;

  if (self->run != run)
    return;
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), fraction);
}

static void
done_cb (GObject *source,
         GAsyncResult *result,
         gpointer user_data)
{
  Run *run = user_data;
  LqCodecsView *self = run->view;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tracks = lq_codec_preview_project_finish (LQ_PROJECT (source), result, &error);

  if (self->run != run)
    {
      run_free (run);
      return;
    }
  self->run = NULL;
  g_clear_pointer (&self->error, g_free);
  if (tracks != NULL)
    {
      g_clear_pointer (&self->tracks, g_ptr_array_unref);
      self->tracks = g_steal_pointer (&tracks);
      g_free (self->summary_text);
      self->summary_text = lq_codec_preview_get_summary (self->tracks);
      self->stale = run->changed;
      rebuild_table (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    self->error = g_strdup (error->message);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  run_free (run);
}

static void
button_clicked_cb (LqCodecsView *self)
{
  if (self->run != NULL)
    lq_codecs_view_cancel (self);
  else
    lq_codecs_view_start (self);
}

/* GObject ---------------------------------------------------------------- */

static void
lq_codecs_view_dispose (GObject *object)
{
  LqCodecsView *self = LQ_CODECS_VIEW (object);

  lq_codecs_view_set_project (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (lq_codecs_view_parent_class)->dispose (object);
}

static void
lq_codecs_view_finalize (GObject *object)
{
  LqCodecsView *self = LQ_CODECS_VIEW (object);

  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  g_free (self->summary_text);
  g_free (self->error);
  g_object_unref (self->watch);

  G_OBJECT_CLASS (lq_codecs_view_parent_class)->finalize (object);
}

static void
lq_codecs_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LqCodecsView *self = LQ_CODECS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CODECS:
      g_value_set_uint (value, self->codecs);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->run != NULL);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_codecs_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LqCodecsView *self = LQ_CODECS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CODECS:
      lq_codecs_view_set_codecs (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_codecs_view_class_init (LqCodecsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_codecs_view_dispose;
  object_class->finalize = lq_codecs_view_finalize;
  object_class->get_property = lq_codecs_view_get_property;
  object_class->set_property = lq_codecs_view_set_property;

  properties[PROP_CODECS] =
    g_param_spec_uint ("codecs", NULL, NULL, 0, LQ_CODEC_ALL, LQ_CODEC_ALL,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* A cell activated: (position, codec) */
  signals[LISTEN] = g_signal_new ("listen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "codecs-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
lq_codecs_view_init (LqCodecsView *self)
{
  GtkWidget *toolbar;

  self->codecs = LQ_CODEC_ALL;
  self->watch = lq_project_watch_new (TRUE);
  g_signal_connect_swapped (self->watch, "changed", G_CALLBACK (project_changed_cb), self);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (self->box, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box),
                  wrapped_label (_("What the lossy codecs listeners get do to each master: the decoded true peak "
                                   "and the loudness change. A warning marks a track a codec takes over 0 dBTP; "
                                   "click a cell to listen to it."), "dim-label"));

  toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (toolbar, 12);
  gtk_widget_set_margin_end (toolbar, 12);
  self->button = gtk_button_new_with_label (_("Preview Codecs"));
  gtk_widget_add_css_class (self->button, "codecs-button");
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (button_clicked_cb), self);
  gtk_box_append (GTK_BOX (toolbar), self->button);
  self->progress = gtk_progress_bar_new ();
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (self->progress, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Codec preview progress"), -1);
  gtk_box_append (GTK_BOX (toolbar), self->progress);
  gtk_box_append (GTK_BOX (self->box), toolbar);
  self->status = wrapped_label (NULL, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->status);

  self->summary = wrapped_label (NULL, "codecs-summary");
  gtk_label_set_selectable (GTK_LABEL (self->summary), FALSE);
  gtk_box_append (GTK_BOX (self->box), self->summary);
  self->stale_label = wrapped_label (_("The project changed since this preview: preview again."), "warning");
  gtk_box_append (GTK_BOX (self->box), self->stale_label);
  self->error_label = wrapped_label (NULL, "error");
  gtk_box_append (GTK_BOX (self->box), self->error_label);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->scrolled);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Codecs"), -1);
  update_state (self);
  gtk_widget_set_visible (self->scrolled, FALSE);
}

/* Public API ------------------------------------------------------------- */

GtkWidget *
lq_codecs_view_new (void)
{
  return g_object_new (LQ_TYPE_CODECS_VIEW, NULL);
}

void
lq_codecs_view_set_project (LqCodecsView *self,
                            LqProject    *project)
{
  g_return_if_fail (LQ_IS_CODECS_VIEW (self));
  g_return_if_fail (project == NULL || LQ_IS_PROJECT (project));

  if (self->project == project)
    return;
  drop_run (self);
  lq_project_watch_set_project (self->watch, project);
  self->project = project;
  g_clear_pointer (&self->tracks, g_ptr_array_unref);
  g_clear_pointer (&self->summary_text, g_free);
  g_clear_pointer (&self->error, g_free);
  self->stale = FALSE;
  if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      rebuild_table (self);
      update_state (self);
    }
}

LqProject *
lq_codecs_view_get_project (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), NULL);

  return self->project;
}

void
lq_codecs_view_set_codecs (LqCodecsView *self,
                           guint         codecs)
{
  g_return_if_fail (LQ_IS_CODECS_VIEW (self));

  codecs &= LQ_CODEC_ALL;
  if (codecs == 0)
    codecs = LQ_CODEC_ALL;
  if (self->codecs == codecs)
    return;
  self->codecs = codecs;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODECS]);
}

guint
lq_codecs_view_get_codecs (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), 0);

  return self->codecs;
}

void
lq_codecs_view_start (LqCodecsView *self)
{
  LqCodecPreviewOptions options;
  guint n_codecs = 0;
  guint n_tracks;
  g_autofree char *status = NULL;
  Run *run;

  g_return_if_fail (LQ_IS_CODECS_VIEW (self));

  if (self->run != NULL || self->project == NULL)
    return;
  for (guint c = 0; c < LQ_CODEC_N; c++)
    n_codecs += (self->codecs >> c) & 1u;
  n_tracks = lq_project_get_n_tracks (self->project);
  lq_codec_preview_options_init (&options);
  options.codecs = self->codecs;

  run = g_new0 (Run, 1);
  run->view = g_object_ref (self);
  run->cancellable = g_cancellable_new ();
  self->run = run;
  g_clear_pointer (&self->error, g_free);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0.0);
  /* Translators: what the Codecs view's preview is doing, e.g. "2 tracks: rendering each master, encoding it with 5 codecs, decoding and measuring" */
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u track: rendering each master, encoding it with %u codecs, decoding and measuring…",
                                         "%u tracks: rendering each master, encoding it with %u codecs, decoding and measuring…",
                                         n_tracks),
                            n_tracks, n_codecs);
  gtk_label_set_text (GTK_LABEL (self->status), status);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  lq_codec_preview_project_async (self->project, &options, run->cancellable, progress_cb, run, done_cb, run);
}

void
lq_codecs_view_cancel (LqCodecsView *self)
{
  g_return_if_fail (LQ_IS_CODECS_VIEW (self));

  drop_run (self);
}

gboolean
lq_codecs_view_get_running (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), FALSE);

  return self->run != NULL;
}

gboolean
lq_codecs_view_get_stale (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), FALSE);

  return self->stale;
}

GPtrArray *
lq_codecs_view_get_tracks (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), NULL);

  return self->tracks;
}

const char *
lq_codecs_view_get_summary (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), NULL);

  return self->summary_text;
}

const char *
lq_codecs_view_get_error (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), NULL);

  return self->error;
}

GtkWidget *
lq_codecs_view_get_cell (LqCodecsView *self,
                         guint         position,
                         LqCodec       codec)
{
  const LqCodecPreviewTrack *first;

  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), NULL);

  if (self->grid == NULL || self->tracks == NULL || position == 0 || position > self->tracks->len)
    return NULL;
  first = g_ptr_array_index (self->tracks, 0);
  for (guint j = 0; j < first->results->len; j++)
    if (g_array_index (first->results, LqCodecResult, j).codec == codec)
      return gtk_grid_get_child_at (GTK_GRID (self->grid), (int) j + 1, (int) position);
  return NULL;
}

GtkWidget *
lq_codecs_view_get_button (LqCodecsView *self)
{
  g_return_val_if_fail (LQ_IS_CODECS_VIEW (self), NULL);

  return self->button;
}
