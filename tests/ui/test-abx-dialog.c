/* test-abx-dialog.c: the window's blind test (LqAbxDialog) without a player.
 *
 * The dialog's "source-requested" signal stands for the player. A seeded
 * test answered from the same seed's X sequence gives n of n and its p, and
 * is stored with both sources' fingerprints as lacquer-cli abx stores
 * them; every text of the dialog (labels, buttons, tooltips, rows, the
 * title) is the same whether X is A or B until the end; the keys A, B, X,
 * 1 and 2 (real key presses, xdotool) listen and answer; a read-only
 * project shows the result, says so and stores nothing. Screenshots of a
 * trial and of the result land in the build directory. Run under
 * build-aux/with-gui-session.sh (meson test does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/x11/gdkx.h>

#include "lq-abx-dialog.h"
#include "lq-abx-sources.h"
#include "lq-test-ui.h"

#define SEED 20261206u

/* The sources the dialog asked for, in order: "mix master mix" */
typedef struct
{
  GString *log;
  guint n;
} Requests;

static void
source_requested_cb (LqAbxDialog     *dialog,
                     LqPlaybackSource source,
                     gpointer         user_data)
{
  Requests *requests = user_data;

  if (requests->log->len > 0)
    g_string_append_c (requests->log, ' ');
  g_string_append (requests->log, lq_abx_source_name (source));
  requests->n++;
}

/* A new writable project of the two sines in its own folder */
static LqProject *
project_new (const char *name,
             char      **path_out)
{
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *path = g_build_filename (dir, "album.lacquer", NULL);
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autoptr(GError) error = NULL;
  LqProject *project;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  one = copy_into (sine_paths[0], dir, "one.wav");
  two = copy_into (sine_paths[1], dir, "two.wav");
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const[]) { one, two, NULL }, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lq_project_get_n_tracks (project), ==, 2);
  if (path_out != NULL)
    *path_out = g_steal_pointer (&path);
  return project;
}

static LqAbxDialog *
dialog_new_presented (LqProject *project,
                      guint      track,
                      Requests  *requests)
{
  LqAbxDialog *dialog = lq_abx_dialog_new (NULL, project, track, NULL);

  g_signal_connect (dialog, "source-requested", G_CALLBACK (source_requested_cb), requests);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_until (is_drawn, dialog, "the dialog to show");
  return dialog;
}

static void
destroy_dialog (LqAbxDialog *dialog)
{
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static void
append_text (GString    *texts,
             const char *kind,
             const char *text)
{
  if (text != NULL && *text != '\0')
    g_string_append_printf (texts, "%s: %s\n", kind, text);
}

/* The accessible string property @property of @widget, when it has one */
static void
append_accessible (GString               *texts,
                   const char            *kind,
                   GtkWidget             *widget,
                   GtkAccessibleProperty  property)
{
  g_autofree char *value = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), property))
    return;
  value = accessible_text (widget, property);
  append_text (texts, kind, value);
}

/* Every text of @widget and below: names, tooltips, labels, titles, the
 * accessible labels and descriptions */
static void
collect_texts (GtkWidget *widget,
               GString   *texts)
{
  append_text (texts, "name", gtk_widget_get_name (widget));
  append_accessible (texts, "accessible label", widget, GTK_ACCESSIBLE_PROPERTY_LABEL);
  append_accessible (texts, "accessible description", widget, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  append_text (texts, "tooltip", gtk_widget_get_tooltip_text (widget));
  if (GTK_IS_LABEL (widget))
    append_text (texts, "label", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_BUTTON (widget))
    append_text (texts, "button", gtk_button_get_label (GTK_BUTTON (widget)));
  if (GTK_IS_EDITABLE (widget))
    append_text (texts, "text", gtk_editable_get_text (GTK_EDITABLE (widget)));
  if (ADW_IS_PREFERENCES_ROW (widget))
    append_text (texts, "row", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (ADW_IS_ACTION_ROW (widget))
    append_text (texts, "subtitle", adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));
  if (ADW_IS_PREFERENCES_GROUP (widget))
    {
      append_text (texts, "group", adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)));
      append_text (texts, "description", adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget)));
    }
  if (ADW_IS_WINDOW_TITLE (widget))
    {
      append_text (texts, "title", adw_window_title_get_title (ADW_WINDOW_TITLE (widget)));
      append_text (texts, "subtitle", adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts (child, texts);
}

/* The dialog's texts, the progress ("Trial 3 of 8") checked and made
 * the same for every trial */
static char *
dialog_texts (LqAbxDialog *dialog,
              guint        trial,
              guint        n_trials)
{
  GString *texts = g_string_new (NULL);
  GtkLabel *progress = GTK_LABEL (find_named (GTK_WIDGET (dialog), "abx-progress"));
  g_autofree char *shown = g_strdup_printf ("Trial %u of %u", trial, n_trials);
  g_autofree char *expected = g_strconcat (shown, "\n", NULL);

  g_assert_cmpstr (gtk_label_get_text (progress), ==, shown);
  append_text (texts, "window", gtk_window_get_title (GTK_WINDOW (dialog)));
  collect_texts (GTK_WIDGET (dialog), texts);
  /* The label's text and its accessible name */
  g_assert_cmpuint (g_string_replace (texts, expected, "Trial N\n", 0), ==, 2);
  return g_string_free (texts, FALSE);
}

static const char *
label_text (LqAbxDialog *dialog,
            const char  *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (dialog), name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* Defaults: Mix vs Master, 16 trials; the same source twice cannot start */
static void
test_abx_dialog_new (void)
{
  g_autoptr(LqProject) project = project_new ("New", NULL);
  Requests requests = { g_string_new (NULL), 0 };
  LqAbxDialog *dialog = dialog_new_presented (project, 1, &requests);
  GtkWidget *trials = find_named (GTK_WIDGET (dialog), "abx-trials");

  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (GTK_WIDGET (dialog), "abx-a"))), ==,
                    LQ_PLAYBACK_MIX);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (find_named (GTK_WIDGET (dialog), "abx-b"))), ==,
                    LQ_PLAYBACK_MASTER);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (trials)), ==, LQ_ABX_DEFAULT_TRIALS);
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (dialog), "abx-setup-message")));
  /* Nothing to listen to or answer before the start */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.answer-a", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.play-x", NULL);
  g_assert_null (_lq_abx_dialog_get_session (dialog));

  _lq_abx_dialog_set_sources (dialog, LQ_PLAYBACK_MASTER, LQ_PLAYBACK_MASTER);
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));
  g_assert_cmpstr (label_text (dialog, "abx-setup-message"), ==, "Choose two different sources.");
  /* No reference in the project */
  _lq_abx_dialog_set_sources (dialog, LQ_PLAYBACK_MIX, LQ_PLAYBACK_REFERENCE);
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));
  g_assert_nonnull (strstr (label_text (dialog, "abx-setup-message"), "no reference"));
  _lq_abx_dialog_set_sources (dialog, LQ_PLAYBACK_MIX, LQ_PLAYBACK_MASTER);
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));
  g_assert_cmpuint (requests.n, ==, 0);
  save_screenshot (GTK_WIDGET (dialog), "abx-dialog-setup.png");

  destroy_dialog (dialog);
  g_string_free (requests.log, TRUE);
}

/* A seeded test answered right from the seed's X sequence: n of n, its p,
 * stored with the fingerprints; nothing shows X before the end. */
static void
test_abx_dialog_correct (void)
{
  const guint n = 8;
  g_autoptr(LqProject) project = project_new ("Correct", NULL);
  LqTrack *track = lq_project_get_track (project, 2);
  g_autofree char *master = lq_project_get_export_inputs (project, track);
  g_autoptr(LqAbxSession) twin = lq_abx_session_new (n, SEED, "master", "", "mix", "");
  Requests requests = { g_string_new (NULL), 0 };
  g_autoptr(GString) expected = g_string_new ("master");
  LqAbxDialog *dialog = dialog_new_presented (project, 2, &requests);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_texts = NULL;
  g_autofree char *texts_x[2] = { NULL, NULL };
  LqAbxSession *session;
  LqAbxRecord *record;
  GtkListBox *history;

  _lq_abx_dialog_set_seed (dialog, SEED);
  _lq_abx_dialog_set_sources (dialog, LQ_PLAYBACK_MASTER, LQ_PLAYBACK_MIX);
  _lq_abx_dialog_set_trials (dialog, n);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.start", NULL));
  session = _lq_abx_dialog_get_session (dialog);
  g_assert_nonnull (session);
  g_assert_cmpstr (lq_abx_session_get_source (session, LQ_ABX_A), ==, "master");
  g_assert_cmpstr (lq_abx_session_get_source (session, LQ_ABX_B), ==, "mix");
  /* The fingerprints lacquer-cli abx stores */
  g_assert_cmpstr (lq_abx_session_get_fingerprint (session, LQ_ABX_A), ==, master);
  g_assert_cmpstr (lq_abx_session_get_fingerprint (session, LQ_ABX_B), ==, lq_track_get_fingerprint (track));
  g_assert_cmpstr (requests.log->str, ==, "master");
  g_assert_cmpstr (label_text (dialog, "abx-sources"), ==, "A is Master, B is Mix");

  for (guint i = 0; i < n; i++)
    {
      LqAbxChoice x = lq_abx_session_get_x (twin);
      g_autofree char *texts = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.play-b", NULL));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.play-x", NULL));
      g_string_append_printf (expected, " mix %s", x == LQ_ABX_A ? "master" : "mix");
      g_assert_cmpstr (label_text (dialog, "abx-listening"), ==, "Listening to X");
      /* The same texts whatever X is, and those of the first trial */
      texts = dialog_texts (dialog, i + 1, n);
      if (first_texts == NULL)
        first_texts = g_strdup (texts);
      g_assert_cmpstr (texts, ==, first_texts);
      if (texts_x[x] == NULL)
        texts_x[x] = g_strdup (texts);
      if (i == 2)
        save_screenshot (GTK_WIDGET (dialog), "abx-dialog-trial.png");

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog),
                                                 x == LQ_ABX_A ? "abx.answer-a" : "abx.answer-b", NULL));
      g_assert_true (lq_abx_session_answer (twin, x));
      /* Each next trial starts on A */
      if (i + 1 < n)
        g_string_append (expected, " master");
    }
  /* The seed gave both kinds of X, and their texts were the same */
  g_assert_nonnull (texts_x[LQ_ABX_A]);
  g_assert_nonnull (texts_x[LQ_ABX_B]);
  g_assert_cmpstr (texts_x[LQ_ABX_A], ==, texts_x[LQ_ABX_B]);
  /* The accessible names were walked too (the result's, empty yet) */
  g_assert_nonnull (strstr (first_texts, "accessible label: Result\n"));
  g_assert_null (strstr (first_texts, "right"));
  g_assert_null (strstr (first_texts, "wrong"));
  g_assert_cmpstr (requests.log->str, ==, expected->str);

  g_assert_true (lq_abx_session_is_finished (session));
  g_assert_cmpuint (lq_abx_session_get_correct (session), ==, n);
  g_assert_cmpfloat (lq_abx_session_get_p_value (session), ==, lq_abx_p_value (n, n));
  g_assert_cmpstr (label_text (dialog, "abx-score"), ==, "8 of 8 right");
  /* 1/256 */
  g_assert_cmpstr (label_text (dialog, "abx-verdict"), ==, "You could tell them apart (p = 0.0039)");
  g_assert_cmpstr (label_text (dialog, "abx-saved"), ==, "Saved in the project.");
  g_assert_cmpint (_lq_abx_dialog_get_saved_id (dialog), >, 0);
  /* Done: nothing more to answer */
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-answer-a")));
  save_screenshot (GTK_WIDGET (dialog), "abx-dialog-result.png");

  records = lq_project_list_abx (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->id, ==, _lq_abx_dialog_get_saved_id (dialog));
  g_assert_cmpint (record->track_id, ==, lq_track_get_id (track));
  g_assert_cmpstr (record->a_name, ==, "master");
  g_assert_cmpstr (record->a_fingerprint, ==, master);
  g_assert_cmpstr (record->b_name, ==, "mix");
  g_assert_cmpstr (record->b_fingerprint, ==, lq_track_get_fingerprint (track));
  g_assert_cmpuint (record->n_trials, ==, n);
  g_assert_cmpuint (record->correct, ==, n);
  g_assert_cmpuint (record->trials->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      guint twin_n;
      const LqAbxTrial *twin_trials = lq_abx_session_get_trials (twin, &twin_n);

      g_assert_cmpint (g_array_index (record->trials, LqAbxTrial, i).x, ==, twin_trials[i].x);
      g_assert_cmpint (g_array_index (record->trials, LqAbxTrial, i).answer, ==, twin_trials[i].x);
    }

  /* The past tests list it */
  history = GTK_LIST_BOX (find_named (GTK_WIDGET (dialog), "abx-history"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (history)));
  g_assert_nonnull (gtk_list_box_get_row_at_index (history, 0));
  g_assert_null (gtk_list_box_get_row_at_index (history, 1));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (history, 0))),
                   ==, "Master vs Mix");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_list_box_get_row_at_index (history, 0))),
                            "Track 2, "));

  /* A new test from the setup */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.again", NULL));
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));

  destroy_dialog (dialog);
  g_string_free (requests.log, TRUE);
}

/* The source Reference is the project's reference (the first, or the one
 * set), with the reference list's fingerprint */
static void
test_abx_dialog_reference (void)
{
  g_autoptr(LqProject) project = project_new ("Reference", NULL);
  g_autoptr(GPtrArray) references = NULL;
  g_autoptr(GError) error = NULL;
  Requests requests = { g_string_new (NULL), 0 };
  LqAbxDialog *dialog;
  LqAbxSession *session;
  LqReference *reference;

  g_assert_true (lq_project_add_reference (project, hot_path, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  references = lq_project_list_references (project);
  g_assert_cmpuint (references->len, ==, 1);
  reference = g_ptr_array_index (references, 0);
  dialog = dialog_new_presented (project, 1, &requests);

  _lq_abx_dialog_set_sources (dialog, LQ_PLAYBACK_REFERENCE, LQ_PLAYBACK_MIX);
  lq_abx_dialog_set_reference (dialog, 2);
  g_assert_false (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));
  lq_abx_dialog_set_reference (dialog, 1);
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.start", NULL));
  session = _lq_abx_dialog_get_session (dialog);
  g_assert_cmpstr (lq_abx_session_get_source (session, LQ_ABX_A), ==, "reference");
  g_assert_cmpstr (lq_abx_session_get_fingerprint (session, LQ_ABX_A), ==, reference->fingerprint);
  g_assert_cmpstr (lq_abx_session_get_fingerprint (session, LQ_ABX_B), ==,
                   lq_track_get_fingerprint (lq_project_get_track (project, 1)));
  g_assert_cmpstr (requests.log->str, ==, "reference");
  g_assert_cmpstr (label_text (dialog, "abx-sources"), ==, "A is Reference, B is Mix");

  destroy_dialog (dialog);
  g_string_free (requests.log, TRUE);
}

/* With a player (no helper: nothing opened): the player's source follows
 * A, B and X, and no helper is started */
static void
test_abx_dialog_player (void)
{
  g_autoptr(LqProject) project = project_new ("Player", NULL);
  g_autoptr(LqAbxSession) twin = lq_abx_session_new (2, SEED, "master", "", "mix", "");
  LqPlayer *player = lq_player_new ();
  LqAbxDialog *dialog = lq_abx_dialog_new (NULL, project, 1, player);

  gtk_window_present (GTK_WINDOW (dialog));
  _lq_abx_dialog_set_seed (dialog, SEED);
  _lq_abx_dialog_set_sources (dialog, LQ_PLAYBACK_MASTER, LQ_PLAYBACK_MIX);
  _lq_abx_dialog_set_trials (dialog, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.start", NULL));
  g_assert_cmpint (lq_player_get_source (player), ==, LQ_PLAYBACK_MASTER);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.play-b", NULL));
  g_assert_cmpint (lq_player_get_source (player), ==, LQ_PLAYBACK_MIX);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.play-x", NULL));
  g_assert_cmpint (lq_player_get_source (player), ==,
                   lq_abx_session_get_x (twin) == LQ_ABX_A ? LQ_PLAYBACK_MASTER : LQ_PLAYBACK_MIX);
  /* The next trial on A */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.answer-b", NULL));
  g_assert_cmpint (lq_player_get_source (player), ==, LQ_PLAYBACK_MASTER);
  g_assert_cmpint (lq_player_get_state (player), ==, LQ_PLAYER_STATE_NO_DEVICE);
  g_assert_cmpuint (lq_player_get_track (player), ==, 0);

  destroy_dialog (dialog);
  g_assert_finalize_object (player);
}

typedef struct
{
  Requests *requests;
  guint n;
} RequestsWait;

static gboolean
has_requests (gpointer data)
{
  RequestsWait *wait = data;

  return wait->requests->n >= wait->n;
}

/* Presses @key and waits for the dialog's request @n in all */
static void
press (LqAbxDialog *dialog,
       const char  *key,
       Requests    *requests,
       guint        n)
{
  g_autofree char *args = g_strdup_printf ("key %s", key);
  RequestsWait wait = { requests, n };

  lq_test_xdotool (GTK_WIDGET (dialog), args);
  wait_until (has_requests, &wait, key);
  g_assert_cmpuint (requests->n, ==, n);
}

static gboolean
is_finished (gpointer data)
{
  return lq_abx_session_is_finished (data);
}

/* A, B, X listen; 1 and 2 answer (and the next trial starts on A) */
static void
test_abx_dialog_keys (void)
{
  g_autoptr(LqProject) project = project_new ("Keys", NULL);
  g_autoptr(LqAbxSession) twin = lq_abx_session_new (3, SEED, "mix", "", "master", "");
  Requests requests = { g_string_new (NULL), 0 };
  LqAbxDialog *dialog = dialog_new_presented (project, 1, &requests);
  const LqAbxTrial *trials;
  LqAbxSession *session;
  const char *x_source;
  guint n;

  _lq_abx_dialog_set_seed (dialog, SEED);
  _lq_abx_dialog_set_trials (dialog, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.start", NULL));
  session = _lq_abx_dialog_get_session (dialog);
  x_source = lq_abx_session_get_x (twin) == LQ_ABX_A ? "mix" : "master";
  g_assert_cmpuint (requests.n, ==, 1);

  press (dialog, "b", &requests, 2);
  g_assert_cmpstr (label_text (dialog, "abx-listening"), ==, "Listening to B");
  press (dialog, "x", &requests, 3);
  g_assert_cmpstr (label_text (dialog, "abx-listening"), ==, "Listening to X");
  press (dialog, "a", &requests, 4);
  g_assert_cmpstr (label_text (dialog, "abx-listening"), ==, "Listening to A");
  {
    g_autofree char *expected = g_strdup_printf ("mix master %s mix", x_source);

    g_assert_cmpstr (requests.log->str, ==, expected);
  }
  press (dialog, "1", &requests, 5);
  g_assert_cmpuint (lq_abx_session_get_n_answered (session), ==, 1);
  g_assert_cmpstr (label_text (dialog, "abx-progress"), ==, "Trial 2 of 3");
  press (dialog, "2", &requests, 6);
  g_assert_cmpuint (lq_abx_session_get_n_answered (session), ==, 2);
  g_assert_cmpstr (label_text (dialog, "abx-progress"), ==, "Trial 3 of 3");
  trials = lq_abx_session_get_trials (session, &n);
  g_assert_cmpint (trials[0].answer, ==, LQ_ABX_A);
  g_assert_cmpint (trials[1].answer, ==, LQ_ABX_B);
  lq_test_xdotool (GTK_WIDGET (dialog), "key KP_1");
  wait_until (is_finished, session, "KP_1 to answer the last trial");
  g_assert_cmpuint (requests.n, ==, 6);
  g_assert_cmpint (lq_abx_session_get_trials (session, &n)[2].answer, ==, LQ_ABX_A);
  /* The result page, its sentence mapped */
  g_assert_true (gtk_widget_get_child_visible (gtk_widget_get_parent (find_named (GTK_WIDGET (dialog), "abx-verdict"))));

  destroy_dialog (dialog);
  g_string_free (requests.log, TRUE);
}

/* Read-only: the dialog says so before and after; nothing is stored */
static void
test_abx_dialog_read_only (void)
{
  g_autofree char *path = NULL;
  g_autoptr(LqProject) writable = project_new ("ReadOnly", &path);
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  Requests requests = { g_string_new (NULL), 0 };
  LqAbxDialog *dialog;

  g_clear_object (&writable);
  project = lq_project_open (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_get_read_only (project));
  dialog = dialog_new_presented (project, 1, &requests);
  g_assert_true (gtk_widget_get_visible (find_named (GTK_WIDGET (dialog), "abx-setup-message")));
  g_assert_cmpstr (label_text (dialog, "abx-setup-message"), ==,
                   "The project is open read-only: the result will be shown, not saved.");
  g_assert_true (gtk_widget_is_sensitive (find_named (GTK_WIDGET (dialog), "abx-start")));

  _lq_abx_dialog_set_trials (dialog, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.start", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.answer-a", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "abx.answer-a", NULL));
  g_assert_true (lq_abx_session_is_finished (_lq_abx_dialog_get_session (dialog)));
  g_assert_nonnull (strstr (label_text (dialog, "abx-score"), " of 2 right"));
  g_assert_nonnull (strstr (label_text (dialog, "abx-verdict"), "No evidence you could tell them apart (p = "));
  g_assert_cmpstr (label_text (dialog, "abx-saved"), ==, "Not saved: the project is open read-only.");
  g_assert_cmpint (_lq_abx_dialog_get_saved_id (dialog), ==, 0);

  records = lq_project_list_abx (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);

  destroy_dialog (dialog);
  g_string_free (requests.log, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test backend keeps the accessible properties to read back */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/abx-dialog/new", test_abx_dialog_new);
  g_test_add_func ("/ui/abx-dialog/correct", test_abx_dialog_correct);
  g_test_add_func ("/ui/abx-dialog/reference", test_abx_dialog_reference);
  g_test_add_func ("/ui/abx-dialog/player", test_abx_dialog_player);
  g_test_add_func ("/ui/abx-dialog/keys", test_abx_dialog_keys);
  g_test_add_func ("/ui/abx-dialog/read-only", test_abx_dialog_read_only);

  return lq_test_ui_run ();
}
