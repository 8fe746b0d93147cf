/* test-cli-platform-table.c: the platform table that `lacquer-cli preview
 * --platform` and `lacquer-cli play --platform` print
 * (app/cli/lq-cli-platform-table.c), from a playback built here: the
 * headings with and without the jump column, the rows in the platform's
 * order and in a shuffle's, numbers the platform does not hold left out,
 * titles cut to the column, unknown figures as "—". */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <math.h>

#include "lq-cli-platform-table.h"

#define HEAD \
  "  #  Title                    Master    Gain    Heard  Limited"
#define UNITS \
  "                                LUFS      dB     LUFS       dB"

/* Three tracks: one raised, one without a loudness (no title), one turned
 * down with a title longer than the column and the limiter working. */
static LqPlatformTrack tracks[] = {
  { 1, (char *) "One", -15.1, -3.0, 1.1, -14.0, 0.0, NAN },
  { 2, NULL, NAN, NAN, 0.0, NAN, 0.0, NAN },
  { 3, (char *) "A title longer than the column", -8.6, -0.2, -5.4, -14.0, 1.8, 0.04 },
};

static LqPlatformPlayback
playback (void)
{
  LqPlatformPlayback pb = { 0 };

  pb.platform = lq_platform_find ("spotify-loud");
  g_assert_nonnull (pb.platform);
  pb.context = LQ_PLATFORM_CONTEXT_TRACK;
  pb.n_tracks = G_N_ELEMENTS (tracks);
  pb.tracks = tracks;
  return pb;
}

static void
test_find_track (void)
{
  LqPlatformPlayback pb = playback ();

  g_assert_true (lq_cli_platform_table_find_track (&pb, 1) == &tracks[0]);
  g_assert_true (lq_cli_platform_table_find_track (&pb, 3) == &tracks[2]);
  g_assert_null (lq_cli_platform_table_find_track (&pb, 0));
  g_assert_null (lq_cli_platform_table_find_track (&pb, 4));
}

/* The preview's table: the platform's order and the jumps. */
static void
test_jumps (void)
{
  LqPlatformPlayback pb = playback ();
  g_autoptr(GString) s = g_string_new ("before\n");

  lq_cli_platform_table_append (s, &pb, NULL, TRUE);
  g_assert_cmpstr (s->str, ==,
                   "before\n"
                   HEAD "    Jump\n"
                   UNITS "      LU\n"
                   "  1  One                       -15.1    +1.1    -14.0      0.0       —\n"
                   "  2                                —     0.0        —      0.0       —\n"
                   "  3  A title longer than t…     -8.6    -5.4    -14.0      1.8     0.0\n");
}

/* The player's table: a shuffle's order, no jumps, a number the platform
 * does not hold (0: an engine track outside the order) left out. */
static void
test_order (void)
{
  LqPlatformPlayback pb = playback ();
  g_autoptr(GString) s = g_string_new (NULL);
  const guint numbers[] = { 3, 0, 1, 7, 2 };
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_append_vals (order, numbers, G_N_ELEMENTS (numbers));
  lq_cli_platform_table_append (s, &pb, order, FALSE);
  g_assert_cmpstr (s->str, ==,
                   HEAD "\n"
                   UNITS "\n"
                   "  3  A title longer than t…     -8.6    -5.4    -14.0      1.8\n"
                   "  1  One                       -15.1    +1.1    -14.0      0.0\n"
                   "  2                                —     0.0        —      0.0\n");

  /* An empty order: the headings only */
  g_string_truncate (s, 0);
  g_array_set_size (order, 0);
  lq_cli_platform_table_append (s, &pb, order, FALSE);
  g_assert_cmpstr (s->str, ==, HEAD "\n" UNITS "\n");
}

int
main (int argc, char **argv)
{
  /* The untranslated headings */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-platform-table/find-track", test_find_track);
  g_test_add_func ("/cli-platform-table/jumps", test_jumps);
  g_test_add_func ("/cli-platform-table/order", test_order);
  return g_test_run ();
}
