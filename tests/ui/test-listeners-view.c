/* test-listeners-view.c: LqListenersView, "What Listeners Hear", on an
 * album of three steady sines at -6, -12 and -20 dBFS (a loud, a middle
 * and a quiet track): its accessible name and description (the figures of
 * lq_platform_preview_new() for the platform and context shown), the
 * platform dropdown and the context buttons changing them (YouTube has no
 * album mode and only turns down; TIDAL has only album mode), the table's
 * rows, the tooltip's read-out at a bar's centre, following the project
 * through an edit, and screenshots in light and dark; Play as Heard: the
 * toggle says "play-changed" (again when the context shown changes while it
 * is on) and gives the gains of lq_platform_preview_new() by track number;
 * with nothing to play it stays off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "lq-listeners-view.h"
#include "lq-platform-plot.h"
#include "lq-test-ui.h"

static const double levels[] = { -6.0, -12.0, -20.0 };
static const char *const titles[] = { "Loud", "Middle", "Quiet" };

static LqProject *
make_album (const char *project_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, project_name, NULL);
  char *files[4] = { NULL };
  g_autoptr(LqProject) project = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("listeners-%u.wav", i);

      files[i] = g_build_filename (tmp_dir, name, NULL);
      write_sine (files[i], titles[i], levels[i]);
    }
  remove_tree (path);
  project = lq_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (lq_project_add_files (project, (const char *const *) files, 0, NULL, &error));
  g_assert_true (lq_project_analyze (project, 0, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_free (files[i]);
  return g_steal_pointer (&project);
}

/* One decimal, "+" on positive values, never "-0.0": as the view shows. */
static char *
signed_figure (double value)
{
  if (fabs (value) < 0.05)
    value = 0.0;
  return g_strdup_printf (value > 0.0 ? "%+.1f" : "%.1f", value);
}

/* The description the view must give for @platform_id in @context: its
 * counts and jump from a preview of the project built here. */
static void
assert_description (GtkWidget         *view,
                    LqProject         *project,
                    const char        *platform_id,
                    LqPlatformContext  context,
                    guint             *down_out,
                    guint             *up_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqPlatformPreview) preview = lq_platform_preview_new (project, platform_id, &error);
  const LqPlatformPlayback *expected, *shown;
  g_autofree char *description = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *jump = NULL;
  g_autofree char *head = NULL;
  g_autofree char *lu = NULL;
  guint down = 0, up = 0;

  g_assert_no_error (error);
  expected = lq_platform_preview_find (preview, platform_id, context);
  g_assert_nonnull (expected);
  shown = lq_listeners_view_get_playback (LQ_LISTENERS_VIEW (view));
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->platform->id, ==, platform_id);
  g_assert_cmpint (shown->context, ==, context);
  g_assert_cmpuint (shown->n_tracks, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpfloat_with_epsilon (shown->tracks[i].playback_gain_db, expected->tracks[i].playback_gain_db, 1e-9);
      g_assert_cmpfloat_with_epsilon (shown->tracks[i].listener_lufs, expected->tracks[i].listener_lufs, 1e-9);
      down += expected->tracks[i].playback_gain_db <= -0.05;
      up += expected->tracks[i].playback_gain_db >= 0.05;
    }

  description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_test_message ("%s", description);
  head = g_strdup_printf (context == LQ_PLATFORM_CONTEXT_ALBUM ? "%s playing the album: " : "%s in shuffle: ",
                          expected->platform->name);
  g_assert_true (g_str_has_prefix (description, head));
  counts = g_strdup_printf ("of 3 tracks, turns %u down and %u up", down, up);
  g_assert_nonnull (strstr (description, counts));
  g_assert_cmpuint (expected->max_jump_track, >, 0);
  lu = signed_figure (expected->max_jump_lu);
  jump = g_strdup_printf ("the largest jump %s LU, into track %u", lu, expected->max_jump_track);
  g_assert_true (g_str_has_suffix (description, jump));
  *down_out = down;
  *up_out = up;
}

static guint
platform_index (const char *id)
{
  guint n;
  const LqPlatform *all = lq_platform_get_all (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (all[i].id, id))
      return i;
  g_assert_not_reached ();
}

static gboolean
master_changed (gpointer data)
{
  const LqPlatformPlayback *p = lq_listeners_view_get_playback (((gpointer *) data)[0]);

  return p != NULL && fabs (p->tracks[1].master_lufs - *(double *) ((gpointer *) data)[1]) > 2.5;
}

static void
test_listeners_view (void)
{
  g_autoptr(LqProject) project = make_album ("listeners.lacquer");
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = lq_listeners_view_new ();
  GtkWidget *dropdown, *album, *shuffle;
  const LqPlatformPlayback *p;
  g_autofree char *label = NULL;
  g_autofree char *readout = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *heard = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  graphene_rect_t area;
  double bx, by, bw, bh, master_before;
  guint album_down, album_up, down, up;
  gpointer wait[2];

  gtk_window_set_default_size (GTK_WINDOW (window), 760, 520);
  gtk_window_set_child (GTK_WINDOW (window), view);
  lq_listeners_view_set_project (LQ_LISTENERS_VIEW (view), project);
  gtk_window_present (GTK_WINDOW (window));
  wait_paint (view);

  label = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_LABEL);
  g_assert_cmpstr (label, ==, "What Listeners Hear");

  /* Spotify (normal) first, the album in order: one gain for all. */
  g_assert_cmpstr (lq_listeners_view_get_platform (LQ_LISTENERS_VIEW (view)), ==, "spotify-normal");
  assert_description (view, project, "spotify-normal", LQ_PLATFORM_CONTEXT_ALBUM, &album_down, &album_up);
  p = lq_listeners_view_get_playback (LQ_LISTENERS_VIEW (view));
  g_assert_cmpfloat_with_epsilon (p->tracks[0].playback_gain_db, p->tracks[2].playback_gain_db, 1e-9);
  /* The loud track is heard louder than the quiet one by what the masters differ. */
  g_assert_cmpfloat_with_epsilon (p->tracks[0].listener_lufs - p->tracks[2].listener_lufs,
                                  p->tracks[0].master_lufs - p->tracks[2].master_lufs, 1e-9);
  g_assert_cmpfloat (p->tracks[0].master_lufs - p->tracks[2].master_lufs, >, 12.0);

  /* The table: a heading and a row per track, the heard loudness in it. */
  collect_labels (view, "numeric", labels);
  g_assert_cmpuint (labels->len, ==, 4 * 6);
  heard = g_strdup_printf ("%.1f", p->tracks[1].listener_lufs);
  g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (labels, 2 * 6 + 3)), ==, heard);
  save_screenshot (window, "listeners-view-light.png");

  /* The tooltip at the middle bar's centre names that track and what is heard. */
  lq_listeners_view_get_plot_area (LQ_LISTENERS_VIEW (view), &area);
  g_assert_cmpfloat (area.size.height, >=, 120.0);
  g_assert_true (lq_platform_plot_get_bar (p, area.size.width, area.size.height, 1, &bx, &by, &bw, &bh));
  readout = lq_listeners_view_dup_readout_at (LQ_LISTENERS_VIEW (view), area.origin.x + bx + bw / 2,
                                              area.origin.y + by + bh / 2);
  g_test_message ("%s", readout);
  expected = g_strdup_printf ("Track 2 “Middle”: heard at %.1f LUFS", p->tracks[1].listener_lufs);
  g_assert_true (g_str_has_prefix (readout, expected));
  /* Off the chart: nothing. */
  g_clear_pointer (&readout, g_free);
  readout = lq_listeners_view_dup_readout_at (LQ_LISTENERS_VIEW (view), 10, area.origin.y - 4);
  g_assert_null (readout);

  /* Shuffle: each track its own gain, the loud one turned down. */
  shuffle = GTK_WIDGET (find_toggle (view, "Shuffle"));
  album = GTK_WIDGET (find_toggle (view, "Album"));
  g_assert_nonnull (shuffle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (shuffle), TRUE);
  g_assert_cmpint (lq_listeners_view_get_context (LQ_LISTENERS_VIEW (view)), ==, LQ_PLATFORM_CONTEXT_TRACK);
  assert_description (view, project, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK, &down, &up);
  g_assert_cmpuint (down, >=, 1);
  g_assert_true (down != album_down || up != album_up);

  /* YouTube through the dropdown: shuffle only, it never raises. */
  dropdown = find_type (view, GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), platform_index ("youtube"));
  g_assert_cmpstr (lq_listeners_view_get_platform (LQ_LISTENERS_VIEW (view)), ==, "youtube");
  assert_description (view, project, "youtube", LQ_PLATFORM_CONTEXT_TRACK, &down, &up);
  g_assert_cmpuint (up, ==, 0);
  g_assert_false (gtk_widget_get_sensitive (album));

  /* TIDAL: album mode only; the view moves to it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), platform_index ("tidal"));
  assert_description (view, project, "tidal", LQ_PLATFORM_CONTEXT_ALBUM, &down, &up);
  g_assert_false (gtk_widget_get_sensitive (shuffle));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (album)));

  /* Back to Spotify in shuffle for the dark screenshot. */
  lq_listeners_view_set_platform (LQ_LISTENERS_VIEW (view), "spotify-normal");
  lq_listeners_view_set_context (LQ_LISTENERS_VIEW (view), LQ_PLATFORM_CONTEXT_TRACK);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown)), ==, platform_index ("spotify-normal"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_paint (view);
  save_screenshot (window, "listeners-view-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* An edit of the project: the view follows it by itself. */
  master_before = lq_listeners_view_get_playback (LQ_LISTENERS_VIEW (view))->tracks[1].master_lufs;
  g_assert_true (lq_project_set_track (project, 2, (const char *const[]) { "gain=-3", NULL }, &error));
  g_assert_no_error (error);
  wait[0] = view;
  wait[1] = &master_before;
  wait_until (master_changed, wait, "the view to follow the gain");
  assert_description (view, project, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK, &down, &up);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* The gains the view gives for playing equal the library's for the
 * platform and context shown, by track number. */
static void
assert_play_gains (GtkWidget         *view,
                   LqProject         *project,
                   const char        *platform,
                   LqPlatformContext  context)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqPlatformPreview) preview = lq_platform_preview_new (project, platform, &error);
  const LqPlatformPlayback *p;
  g_autofree double *gains = NULL;
  guint n = 0;

  g_assert_no_error (error);
  p = lq_platform_preview_find (preview, platform, context);
  g_assert_nonnull (p);
  gains = lq_listeners_view_dup_track_gains (LQ_LISTENERS_VIEW (view), &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < p->n_tracks; i++)
    g_assert_cmpfloat_with_epsilon (gains[p->tracks[i].number - 1],
                                    lq_platform_track_get_listening_gain_db (&p->tracks[i]), 1e-9);
}

static void
test_listeners_view_play (void)
{
  g_autoptr(LqProject) project = make_album ("listeners-play.lacquer");
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = lq_listeners_view_new ();
  GtkWidget *play;
  g_autofree double *gains = NULL;
  guint changed = 0, n = 0;

  gtk_window_set_child (GTK_WINDOW (window), view);
  g_signal_connect_swapped (view, "play-changed", G_CALLBACK (count_cb), &changed);
  lq_listeners_view_set_project (LQ_LISTENERS_VIEW (view), project);
  gtk_window_present (GTK_WINDOW (window));
  wait_paint (view);
  play = GTK_WIDGET (find_toggle (view, "_Play as Heard"));
  g_assert_nonnull (play);
  g_assert_true (gtk_widget_get_sensitive (play));
  g_assert_false (lq_listeners_view_get_playing (LQ_LISTENERS_VIEW (view)));
  g_assert_cmpuint (changed, ==, 0);

  /* On: Spotify's album gain for every track (the quiet one included). */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (play), TRUE);
  g_assert_true (lq_listeners_view_get_playing (LQ_LISTENERS_VIEW (view)));
  g_assert_cmpuint (changed, ==, 1);
  assert_play_gains (view, project, "spotify-normal", LQ_PLATFORM_CONTEXT_ALBUM);

  /* Shuffle while playing: told again, each track its own gain. */
  lq_listeners_view_set_context (LQ_LISTENERS_VIEW (view), LQ_PLATFORM_CONTEXT_TRACK);
  g_assert_cmpuint (changed, ==, 2);
  assert_play_gains (view, project, "spotify-normal", LQ_PLATFORM_CONTEXT_TRACK);
  gains = lq_listeners_view_dup_track_gains (LQ_LISTENERS_VIEW (view), &n);
  g_assert_cmpfloat (fabs (gains[0] - gains[2]), >, 1.0);

  /* Off. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (play), FALSE);
  g_assert_false (lq_listeners_view_get_playing (LQ_LISTENERS_VIEW (view)));
  g_assert_cmpuint (changed, ==, 3);

  /* Nothing to play: it stays off. */
  lq_listeners_view_set_project (LQ_LISTENERS_VIEW (view), NULL);
  g_assert_false (gtk_widget_get_sensitive (play));
  lq_listeners_view_set_playing (LQ_LISTENERS_VIEW (view), TRUE);
  g_assert_false (lq_listeners_view_get_playing (LQ_LISTENERS_VIEW (view)));
  g_assert_null (lq_listeners_view_dup_track_gains (LQ_LISTENERS_VIEW (view), &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (changed, ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_listeners_view_empty (void)
{
  GtkWidget *view = lq_listeners_view_new ();
  g_autofree char *description = NULL;

  g_object_ref_sink (view);
  g_assert_null (lq_listeners_view_get_playback (LQ_LISTENERS_VIEW (view)));
  g_assert_cmpstr (lq_listeners_view_get_message (LQ_LISTENERS_VIEW (view)), ==, "No album");
  description = accessible_text (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_assert_cmpstr (description, ==, "No album");
  g_object_unref (view);
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test backend keeps the accessible properties to read back */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!lq_test_ui_init (&argc, &argv))
    return 77;

  g_test_add_func ("/ui/listeners-view/album", test_listeners_view);
  g_test_add_func ("/ui/listeners-view/empty", test_listeners_view_empty);
  g_test_add_func ("/ui/listeners-view/play", test_listeners_view_play);
  return lq_test_ui_run ();
}
