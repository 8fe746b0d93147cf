/* test-cli-codec-warnings.c: the codec preview's warnings as `preview
 * --codecs` and `release --codecs` print them
 * (app/cli/lq-cli-codec-warnings.c, compiled in): one line a codec that
 * takes a track over 0 dBTP, naming the track, the codec, by how much and
 * how far to lower the ceiling; none for a codec under 0 dBTP, silence or
 * a codec that was skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "lq-cli-codec-warnings.h"
#include "lq-codec-preview.h"

static LqCodecPreviewTrack *
track_new (guint position,
           const char *title)
{
  LqCodecPreviewTrack *t = g_new0 (LqCodecPreviewTrack, 1);

  t->position = position;
  t->title = g_strdup (title);
  t->master_true_peak_dbtp = -1.0;
  t->results = g_array_new (FALSE, TRUE, sizeof (LqCodecResult));
  return t;
}

static void
add_result (LqCodecPreviewTrack *t,
            LqCodec codec,
            double true_peak,
            double reduction,
            const char *skipped)
{
  LqCodecResult r = { 0 };

  r.codec = codec;
  r.true_peak_dbtp = true_peak;
  r.ceiling_reduction_db = reduction;
  r.skipped = skipped;
  g_array_append_val (t->results, r);
}

static GPtrArray *
tracks_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) lq_codec_preview_track_free);
}

static void
test_warnings (void)
{
  g_autoptr(GPtrArray) tracks = tracks_new ();
  g_autoptr(GString) s = g_string_new ("before\n");
  LqCodecPreviewTrack *a = track_new (1, "Intro"), *b = track_new (2, "Loud \"One\"");

  add_result (a, LQ_CODEC_MP3_320, -1.2, 0.0, NULL);
  add_result (a, LQ_CODEC_MP3_128, 0.4, 1.4, NULL);
  add_result (b, LQ_CODEC_OPUS_96, 0.0, 0.0, NULL);            /* at 0 dBTP: not over */
  add_result (b, LQ_CODEC_VORBIS_Q5, -INFINITY, 0.0, NULL);    /* silence */
  add_result (b, LQ_CODEC_AAC_256, NAN, 0.0, "not available"); /* skipped */
  add_result (b, LQ_CODEC_OPUS_160, 2.54, 3.6, NULL);
  g_ptr_array_add (tracks, a);
  g_ptr_array_add (tracks, b);
  g_assert_true (lq_codec_result_is_over (&g_array_index (a->results, LqCodecResult, 1)));

  g_assert_cmpuint (lq_cli_codec_warnings_append (s, tracks), ==, 2);
  /* Appended, in track then codec order, one line each */
  g_assert_cmpstr (s->str, ==,
                   "before\n"
                   "Track 1 \xe2\x80\x9cIntro\xe2\x80\x9d: mp3-128 over 0 dBTP by 0.4 dB; lower the ceiling by 1.4 dB\n"
                   "Track 2 \xe2\x80\x9cLoud \"One\"\xe2\x80\x9d: opus-160 over 0 dBTP by 2.5 dB; lower the ceiling by 3.6 dB\n");
}

static void
test_none (void)
{
  g_autoptr(GPtrArray) tracks = tracks_new ();
  g_autoptr(GString) s = g_string_new (NULL);
  LqCodecPreviewTrack *a = track_new (1, "Quiet");

  g_assert_cmpuint (lq_cli_codec_warnings_append (s, tracks), ==, 0);
  add_result (a, LQ_CODEC_MP3_128, -0.1, 0.0, NULL);
  /* A skipped codec is never over, whatever its figures hold */
  add_result (a, LQ_CODEC_AAC_256, 1.0, 0.0, "not available");
  g_ptr_array_add (tracks, a);
  g_assert_false (lq_codec_result_is_over (&g_array_index (a->results, LqCodecResult, 0)));
  g_assert_false (lq_codec_result_is_over (&g_array_index (a->results, LqCodecResult, 1)));
  g_assert_cmpuint (lq_cli_codec_warnings_append (s, tracks), ==, 0);
  g_assert_cmpuint (s->len, ==, 0);
}

/* A title with a control character is shown escaped, as every title the
 * command line prints: no terminal escape reaches the terminal. */
static void
test_escaped (void)
{
  g_autoptr(GPtrArray) tracks = tracks_new ();
  g_autoptr(GString) s = g_string_new (NULL);
  LqCodecPreviewTrack *a = track_new (3, "Bad\x1b[2JTitle");

  add_result (a, LQ_CODEC_MP3_128, 0.1, 0.6, NULL);
  g_ptr_array_add (tracks, a);
  g_assert_cmpuint (lq_cli_codec_warnings_append (s, tracks), ==, 1);
  g_assert_null (strchr (s->str, '\x1b'));
  g_assert_true (g_str_has_prefix (s->str, "Track 3 "));
}

int
main (int argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-codec-warnings/warnings", test_warnings);
  g_test_add_func ("/cli-codec-warnings/none", test_none);
  g_test_add_func ("/cli-codec-warnings/escaped", test_escaped);
  return g_test_run ();
}
