/* lq-abx-dialog.c: the window's blind test (ABX) of two sources of a track.
 *
 * Three pages in a stack: the setup (sources, trials, Start), the trials
 * (Play A, B, X; X is A, X is B; "Trial 3 of 16") and the result; the past
 * tests below the setup and the result. What X is goes from the session
 * straight to "source-requested" and the player, never into a widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lq-abx-dialog.h"
#include "lq-abx-sources.h"

/* Below this p-value the listener could tell A from B (as lacquer-cli abx) */
#define ABX_SIGNIFICANCE 0.05

typedef enum
{
  LISTEN_A,
  LISTEN_B,
  LISTEN_X,
} Listen;

struct _LqAbxDialog
{
  AdwWindow parent_instance;

  LqProject *project;
  LqTrack *track;
  guint track_number;
  LqPlayer *player;
  guint reference;
  guint32 seed;
  LqAbxSession *session;
  LqPlaybackSource sources[2];   /* A, B of the session */
  gint64 saved_id;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  AdwComboRow *a_row;
  AdwComboRow *b_row;
  GtkSpinButton *trials_spin;
  GtkLabel *setup_message;
  GtkLabel *progress_label;
  GtkLabel *sources_label;
  GtkLabel *listening_label;
  GtkWidget *play_a_button;
  GtkLabel *verdict_label;
  GtkLabel *score_label;
  GtkLabel *saved_label;
  GtkWidget *again_button;
  GtkWidget *history_group;
  GtkListBox *history_list;
};

G_DEFINE_FINAL_TYPE (LqAbxDialog, lq_abx_dialog, ADW_TYPE_WINDOW)

enum
{
  SOURCE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
source_label (LqPlaybackSource source)
{
  switch (source)
    {
    case LQ_PLAYBACK_MIX:
      return _("Mix");
    case LQ_PLAYBACK_MASTER:
      return _("Master");
    case LQ_PLAYBACK_REFERENCE:
    default:
      return _("Reference");
    }
}

/* The p-value with two decimals, or two significant digits when smaller */
static char *
format_p (double p)
{
  return g_strdup_printf (p >= 0.01 ? "%.2f" : "%.2g", p);
}

static gboolean
uses_reference (LqAbxDialog *self)
{
  return adw_combo_row_get_selected (self->a_row) == LQ_PLAYBACK_REFERENCE
         || adw_combo_row_get_selected (self->b_row) == LQ_PLAYBACK_REFERENCE;
}

/* The fingerprint of the reference the source Reference is, or NULL */
static char *
reference_fingerprint (LqAbxDialog *self)
{
  g_autoptr(GPtrArray) references = lq_project_list_references (self->project);
  LqReference *reference;

  if (references == NULL || self->reference == 0 || self->reference > references->len)
    return NULL;
  reference = g_ptr_array_index (references, self->reference - 1);
  return g_strdup (reference->fingerprint);
}

/* Why the test cannot start, or NULL */
static char *
setup_problem (LqAbxDialog *self)
{
  if (self->track == NULL)
    return g_strdup (_("The project has no such track."));
  if (adw_combo_row_get_selected (self->a_row) == adw_combo_row_get_selected (self->b_row))
    return g_strdup (_("Choose two different sources."));
  if (uses_reference (self))
    {
      g_autofree char *fingerprint = reference_fingerprint (self);

      if (fingerprint == NULL)
        return g_strdup (_("The project has no reference to compare with: add one first."));
    }
  return NULL;
}

static void
update_actions (LqAbxDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean trial = g_strcmp0 (page, "trial") == 0;
  g_autofree char *problem = setup_problem (self);
  g_autoptr(GString) message = g_string_new (NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.start",
                                 g_strcmp0 (page, "setup") == 0 && problem == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.play-a", trial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.play-b", trial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.play-x", trial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.answer-a", trial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.answer-b", trial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "abx.again", g_strcmp0 (page, "result") == 0);
  gtk_widget_set_visible (self->history_group, !trial);

  if (problem != NULL)
    g_string_append (message, problem);
  if (lq_project_get_read_only (self->project))
    {
      if (message->len > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, _("The project is open read-only: the result will be shown, not saved."));
    }
  gtk_label_set_text (self->setup_message, message->str);
  gtk_widget_set_visible (GTK_WIDGET (self->setup_message), message->len > 0);
}

/* The position (1-based) of the track with @id, or 0 when it is gone */
static guint
track_position (LqAbxDialog *self,
                gint64 id)
{
  guint n = lq_project_get_n_tracks (self->project);

  for (guint i = 1; i <= n && id > 0; i++)
    if (lq_track_get_id (lq_project_get_track (self->project, i)) == id)
      return i;
  return 0;
}

static const char *
record_source_label (const char *name)
{
  LqPlaybackSource source;

  return lq_abx_source_from_name (name, &source) ? source_label (source) : name;
}

static GtkWidget *
history_row_new (LqAbxDialog *self,
                 const LqAbxRecord *record)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (record->time);
  g_autofree char *when = g_date_time_format (time, "%Y-%m-%d %H:%M");
  g_autofree char *p = format_p (record->p_value);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint position = track_position (self, record->track_id);
  GtkWidget *row = adw_action_row_new ();

  /* TRANSLATORS: a past blind test: source A versus source B */
  title = g_strdup_printf (_("%s vs %s"), record_source_label (record->a_name),
                           record_source_label (record->b_name));
  if (position > 0)
    /* TRANSLATORS: a past blind test: the track, when, right answers of
     * all, the p-value */
    subtitle = g_strdup_printf (_("Track %u, %s: %u of %u right, p = %s"), position, when, record->correct,
                                record->n_trials, p);
  else
    /* TRANSLATORS: a past blind test of a track since removed: when,
     * right answers of all, the p-value */
    subtitle = g_strdup_printf (_("%s: %u of %u right, p = %s"), when, record->correct, record->n_trials, p);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "abx-history-row");
  return row;
}

static void
refresh_history (LqAbxDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = lq_project_list_abx (self->project, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->history_list, child);
      else
        break;
    }
  if (records == NULL)
    {
      g_warning ("Cannot list the blind tests: %s", error->message);
      return;
    }
  /* Newest first */
  for (guint i = records->len; i > 0; i--)
    gtk_list_box_append (self->history_list, history_row_new (self, g_ptr_array_index (records, i - 1)));
}

/* Asks for @listen to be heard: the signal, and the player where it is */
static void
hear (LqAbxDialog *self,
      Listen listen)
{
  LqPlaybackSource source;

  g_assert (self->session != NULL);

  if (listen == LISTEN_X)
    source = self->sources[lq_abx_session_get_x (self->session)];
  else
    source = self->sources[listen == LISTEN_A ? LQ_ABX_A : LQ_ABX_B];
  switch (listen)
    {
    case LISTEN_A:
      gtk_label_set_text (self->listening_label, _("Listening to A"));
      break;
    case LISTEN_B:
      gtk_label_set_text (self->listening_label, _("Listening to B"));
      break;
    case LISTEN_X:
    default:
      gtk_label_set_text (self->listening_label, _("Listening to X"));
      break;
    }
  g_signal_emit (self, signals[SOURCE_REQUESTED], 0, source);
  if (self->player != NULL)
    {
      LqPlayerState state = lq_player_get_state (self->player);

      lq_player_set_source (self->player, source);
      if (state == LQ_PLAYER_STATE_STOPPED || state == LQ_PLAYER_STATE_PAUSED)
        lq_player_play (self->player);
    }
}

static void
show_trial (LqAbxDialog *self)
{
  g_autofree char *progress = NULL;

  /* TRANSLATORS: the blind test's progress: this trial, all trials */
  progress = g_strdup_printf (_("Trial %u of %u"), lq_abx_session_get_n_answered (self->session) + 1,
                              lq_abx_session_get_n_trials (self->session));
  gtk_label_set_text (self->progress_label, progress);
  /* Each trial starts on A: what is heard when it begins says nothing
   * about its X */
  hear (self, LISTEN_A);
}

static void
show_result (LqAbxDialog *self)
{
  guint correct = lq_abx_session_get_correct (self->session);
  guint n = lq_abx_session_get_n_answered (self->session);
  double p = lq_abx_session_get_p_value (self->session);
  g_autofree char *p_text = format_p (p);
  g_autofree char *verdict = NULL;
  g_autofree char *score = NULL;
  g_autoptr(GError) error = NULL;

  if (p < ABX_SIGNIFICANCE)
    /* TRANSLATORS: the blind test's result; %s: the p-value */
    verdict = g_strdup_printf (_("You could tell them apart (p = %s)"), p_text);
  else
    /* TRANSLATORS: the blind test's result; %s: the p-value */
    verdict = g_strdup_printf (_("No evidence you could tell them apart (p = %s)"), p_text);
  /* TRANSLATORS: the blind test's result: right answers, trials */
  score = g_strdup_printf (_("%u of %u right"), correct, n);
  gtk_label_set_text (self->verdict_label, verdict);
  gtk_label_set_text (self->score_label, score);

  self->saved_id = 0;
  if (lq_project_get_read_only (self->project))
    gtk_label_set_text (self->saved_label, _("Not saved: the project is open read-only."));
  else if ((self->saved_id = lq_project_save_abx (self->project, self->track, self->session, &error)) == 0)
    {
      /* TRANSLATORS: %s: why the result could not be saved */
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      gtk_label_set_text (self->saved_label, text);
    }
  else
    gtk_label_set_text (self->saved_label, _("Saved in the project."));

  gtk_stack_set_visible_child_name (self->stack, "result");
  refresh_history (self);
  update_actions (self);
  gtk_widget_grab_focus (self->again_button);
}

static void
lq_abx_dialog_setup_changed_cb (LqAbxDialog *self)
{
  update_actions (self);
}

static void
lq_abx_dialog_start_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LqAbxDialog *self = LQ_ABX_DIALOG (widget);
  g_autofree char *reference = NULL;
  g_autofree char *a_fingerprint = NULL;
  g_autofree char *b_fingerprint = NULL;
  g_autofree char *sources = NULL;
  g_autofree char *problem = setup_problem (self);
  const char *path = lq_project_get_path (self->project);

  if (problem != NULL)
    return;
  self->sources[LQ_ABX_A] = (LqPlaybackSource) adw_combo_row_get_selected (self->a_row);
  self->sources[LQ_ABX_B] = (LqPlaybackSource) adw_combo_row_get_selected (self->b_row);
  if (uses_reference (self))
    reference = reference_fingerprint (self);
  a_fingerprint = lq_abx_source_fingerprint (self->project, self->track, self->sources[LQ_ABX_A], reference);
  b_fingerprint = lq_abx_source_fingerprint (self->project, self->track, self->sources[LQ_ABX_B], reference);
  g_clear_object (&self->session);
  self->session = lq_abx_session_new ((guint) gtk_spin_button_get_value_as_int (self->trials_spin), self->seed,
                                      lq_abx_source_name (self->sources[LQ_ABX_A]), a_fingerprint,
                                      lq_abx_source_name (self->sources[LQ_ABX_B]), b_fingerprint);
  self->saved_id = 0;
  /* TRANSLATORS: the blind test's two sources (Mix, Master, Reference) */
  sources = g_strdup_printf (_("A is %s, B is %s"), source_label (self->sources[LQ_ABX_A]),
                             source_label (self->sources[LQ_ABX_B]));
  gtk_label_set_text (self->sources_label, sources);
  /* The track compared, when the player has a device and another track
   * (without a device, loading would start a helper the window did not) */
  if (self->player != NULL && path != NULL && lq_player_get_track (self->player) != self->track_number
      && lq_player_get_state (self->player) != LQ_PLAYER_STATE_NO_DEVICE
      && lq_player_get_state (self->player) != LQ_PLAYER_STATE_FAILED)
    lq_player_load_track (self->player, path, self->track_number);

  gtk_stack_set_visible_child_name (self->stack, "trial");
  update_actions (self);
  show_trial (self);
  gtk_widget_grab_focus (self->play_a_button);
}

static void
lq_abx_dialog_listen_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  LqAbxDialog *self = LQ_ABX_DIALOG (widget);

  if (g_str_equal (action_name, "abx.play-b"))
    hear (self, LISTEN_B);
  else if (g_str_equal (action_name, "abx.play-x"))
    hear (self, LISTEN_X);
  else
    hear (self, LISTEN_A);
}

static void
lq_abx_dialog_answer_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  LqAbxDialog *self = LQ_ABX_DIALOG (widget);

  if (self->session == NULL || lq_abx_session_is_finished (self->session))
    return;
  (void) lq_abx_session_answer (self->session, g_str_equal (action_name, "abx.answer-b") ? LQ_ABX_B : LQ_ABX_A);
  if (lq_abx_session_is_finished (self->session))
    show_result (self);
  else
    show_trial (self);
}

static void
lq_abx_dialog_again_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  LqAbxDialog *self = LQ_ABX_DIALOG (widget);

  gtk_stack_set_visible_child_name (self->stack, "setup");
  update_actions (self);
}

static void
lq_abx_dialog_dispose (GObject *object)
{
  LqAbxDialog *self = LQ_ABX_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_ABX_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->player);
  g_clear_object (&self->track);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (lq_abx_dialog_parent_class)->dispose (object);
}

static void
lq_abx_dialog_class_init (LqAbxDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct
  {
    guint keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_a, "abx.play-a" },
    { GDK_KEY_b, "abx.play-b" },
    { GDK_KEY_x, "abx.play-x" },
    { GDK_KEY_1, "abx.answer-a" },
    { GDK_KEY_KP_1, "abx.answer-a" },
    { GDK_KEY_2, "abx.answer-b" },
    { GDK_KEY_KP_2, "abx.answer-b" },
  };

  object_class->dispose = lq_abx_dialog_dispose;

  /**
   * LqAbxDialog::source-requested:
   * @source: the LqPlaybackSource to hear
   *
   * The dialog wants @source heard (the player, when there is one, is told
   * already).
   */
  signals[SOURCE_REQUESTED] = g_signal_new ("source-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, LQ_TYPE_PLAYBACK_SOURCE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-abx-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, a_row);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, b_row);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, trials_spin);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, setup_message);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, sources_label);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, listening_label);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, play_a_button);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, score_label);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, saved_label);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, again_button);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, history_group);
  gtk_widget_class_bind_template_child (widget_class, LqAbxDialog, history_list);
  gtk_widget_class_bind_template_callback (widget_class, lq_abx_dialog_setup_changed_cb);

  gtk_widget_class_install_action (widget_class, "abx.start", NULL, lq_abx_dialog_start_action);
  gtk_widget_class_install_action (widget_class, "abx.play-a", NULL, lq_abx_dialog_listen_action);
  gtk_widget_class_install_action (widget_class, "abx.play-b", NULL, lq_abx_dialog_listen_action);
  gtk_widget_class_install_action (widget_class, "abx.play-x", NULL, lq_abx_dialog_listen_action);
  gtk_widget_class_install_action (widget_class, "abx.answer-a", NULL, lq_abx_dialog_answer_action);
  gtk_widget_class_install_action (widget_class, "abx.answer-b", NULL, lq_abx_dialog_answer_action);
  gtk_widget_class_install_action (widget_class, "abx.again", NULL, lq_abx_dialog_again_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].keyval, 0, keys[i].action, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
lq_abx_dialog_init (LqAbxDialog *self)
{
  GtkWidget *placeholder;

  self->reference = 1;
  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No blind tests yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->history_list, placeholder);
}

LqAbxDialog *
lq_abx_dialog_new (GtkWindow *parent,
                   LqProject *project,
                   guint      track_number,
                   LqPlayer  *player)
{
  LqAbxDialog *self;
  LqTrack *track;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (player == NULL || LQ_IS_PLAYER (player), NULL);

  self = g_object_new (LQ_TYPE_ABX_DIALOG, "transient-for", parent, NULL);
  self->project = g_object_ref (project);
  self->track_number = track_number;
  track = track_number >= 1 && track_number <= lq_project_get_n_tracks (project)
          ? lq_project_get_track (project, track_number) : NULL;
  self->track = track != NULL ? g_object_ref (track) : NULL;
  self->player = player != NULL ? g_object_ref (player) : NULL;
  if (self->track != NULL)
    adw_window_title_set_subtitle (self->window_title, lq_track_get_display_name (self->track));
  refresh_history (self);
  update_actions (self);
  return self;
}

void
lq_abx_dialog_set_reference (LqAbxDialog *self,
                             guint        reference)
{
  g_return_if_fail (LQ_IS_ABX_DIALOG (self));

  self->reference = reference;
  update_actions (self);
}

void
_lq_abx_dialog_set_seed (LqAbxDialog *self,
                         guint32      seed)
{
  g_return_if_fail (LQ_IS_ABX_DIALOG (self));

  self->seed = seed;
}

void
_lq_abx_dialog_set_sources (LqAbxDialog     *self,
                            LqPlaybackSource a,
                            LqPlaybackSource b)
{
  g_return_if_fail (LQ_IS_ABX_DIALOG (self));

  adw_combo_row_set_selected (self->a_row, a);
  adw_combo_row_set_selected (self->b_row, b);
}

void
_lq_abx_dialog_set_trials (LqAbxDialog *self,
                           guint        n_trials)
{
  g_return_if_fail (LQ_IS_ABX_DIALOG (self));

  gtk_spin_button_set_value (self->trials_spin, n_trials);
}

LqAbxSession *
_lq_abx_dialog_get_session (LqAbxDialog *self)
{
  g_return_val_if_fail (LQ_IS_ABX_DIALOG (self), NULL);

  return self->session;
}

gint64
_lq_abx_dialog_get_saved_id (LqAbxDialog *self)
{
  g_return_val_if_fail (LQ_IS_ABX_DIALOG (self), 0);

  return self->saved_id;
}
