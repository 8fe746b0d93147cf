/* test-level-match.c: the level-match gains of the mix, master and
 * reference, from the block energies real analyses cache. The tracks are
 * generated with known level differences; the answers are those
 * differences, not figures read from the code. */
#include <math.h>

#include "lq-analyzer.h"
#include "lq-level-match.h"
#include "lq-test-audio.h"

#define RATE 44100

/* A 1 kHz sine whose level (dBFS) changes at given times. */
typedef struct
{
  double level_db[3];
  double until_s[3];   /* each level lasts until this time */
} Steps;

static double
steps_signal (guint64 i,
              guint c,
              guint rate,
              gpointer data)
{
  const Steps *s = data;
  double t = (double) i / rate;
  guint k = 0;

  while (k < 2 && t >= s->until_s[k])
    k++;
  if (!isfinite (s->level_db[k]))
    return 0.0;
  return pow (10.0, s->level_db[k] / 20.0) * sin (2.0 * G_PI * 1000.0 * (double) i / rate);
}

static LqTrackAnalysis *
analyse (const char *dir,
         const char *name,
         const Steps *steps,
         double seconds)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  LqTrackAnalysis *a;

  lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, RATE, 2, (guint64) (seconds * RATE),
                 steps_signal, (gpointer) steps, NULL);
  a = lq_analyze_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return a;
}

static LqLevelMatchSource
source_of (LqTrackAnalysis *a)
{
  LqLevelMatchSource s = {
    lq_track_analysis_get_momentary_energies (a),
    lq_track_analysis_get_short_term_energies (a),
    NAN,
  };
  return s;
}

typedef struct
{
  char *dir;
  LqTrackAnalysis *varied;   /* 8 s at -30 dBFS, then 4 s at -18 dBFS */
  LqTrackAnalysis *steady;   /* 12 s at -24 dBFS */
  LqTrackAnalysis *quiet;    /* 12 s at -30 dBFS */
  LqTrackAnalysis *silent;   /* 5 s of digital silence */
  LqTrackAnalysis *tiny;     /* 2 s at -20 dBFS: no 3 s window */
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  const Steps varied = { { -30, -18, -18 }, { 8, 1e9, 1e9 } };
  const Steps steady = { { -24, -24, -24 }, { 1e9, 1e9, 1e9 } };
  const Steps quiet = { { -30, -30, -30 }, { 1e9, 1e9, 1e9 } };
  const Steps silent = { { -HUGE_VAL, -HUGE_VAL, -HUGE_VAL }, { 1e9, 1e9, 1e9 } };
  const Steps tiny = { { -20, -20, -20 }, { 1e9, 1e9, 1e9 } };

  f->dir = lq_test_tmpdir ();
  f->varied = analyse (f->dir, "varied.wav", &varied, 12);
  f->steady = analyse (f->dir, "steady.wav", &steady, 12);
  f->quiet = analyse (f->dir, "quiet.wav", &quiet, 12);
  f->silent = analyse (f->dir, "silent.wav", &silent, 5);
  f->tiny = analyse (f->dir, "tiny.wav", &tiny, 2);
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  g_clear_object (&f->varied);
  g_clear_object (&f->steady);
  g_clear_object (&f->quiet);
  g_clear_object (&f->silent);
  g_clear_object (&f->tiny);
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

/* Integrated: the gain is the difference of the tracks' integrated
 * loudness, and the source matched to gets 0 dB. */
static void
test_integrated (Fixture *f,
                 gconstpointer data)
{
  LqLevelMatchSource s[2] = { source_of (f->steady), source_of (f->quiet) };
  LqLevelMatchResult r[2];

  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpfloat (r[0].gain_db, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, 6.0, 0.05);
  g_assert_cmpfloat_with_epsilon (r[0].statistic_lufs,
                                  lq_track_analysis_get_measures (f->steady)->integrated_lufs, 1e-9);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_NONE);

  /* Matched the other way round, the sign flips. */
  lq_level_match_compute (s, 2, 1, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpfloat_with_epsilon (r[0].gain_db, -6.0, 0.05);
  g_assert_cmpfloat (r[1].gain_db, ==, 0.0);
}

/* Loudest 3 s: the varied track is matched on its loud 4 s (-18 dBFS),
 * not its quieter integrated loudness. */
static void
test_loudest (Fixture *f,
              gconstpointer data)
{
  LqLevelMatchSource s[2] = { source_of (f->steady), source_of (f->varied) };
  LqLevelMatchResult r[2];

  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOUDEST, 0, 0, r);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, -6.0, 0.05);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_NONE);

  /* Integrated matching of the same pair says otherwise: the statistics differ. */
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpfloat (fabs (r[1].gain_db + 6.0), >, 1.0);

  /* Under 3 s there is no short-term window: the loudest momentary block. */
  s[1] = source_of (f->tiny);
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOUDEST, 0, 0, r);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_SHORT);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, -4.0, 0.05);
}

/* Loop: only the blocks inside the loop count. */
static void
test_loop (Fixture *f,
           gconstpointer data)
{
  LqLevelMatchSource s[2] = { source_of (f->steady), source_of (f->varied) };
  LqLevelMatchResult r[2];

  /* The quiet part of the varied track (-30 dBFS) against the steady -24. */
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOOP, 1.0, 7.0, r);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, 6.0, 0.05);
  /* Its loud part. */
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOOP, 8.5, 11.5, r);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, -6.0, 0.05);

  /* A loop shorter than one block measures nothing: 0 dB, with the reason. */
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOOP, 3.0, 3.3, r);
  g_assert_cmpint (r[0].note, ==, LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT);
  g_assert_cmpfloat (r[1].gain_db, ==, 0.0);
  /* Reversed or beyond the end: the same. */
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOOP, 5.0, 2.0, r);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT);
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOOP, 100.0, 110.0, r);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_LOOP_TOO_SHORT);
  g_assert_true (isfinite (r[0].gain_db) && isfinite (r[1].gain_db));
}

/* The master's loudness is what the export will have: integrated is that
 * figure exactly; the other statistics are the mix's, shifted by the same
 * amount. */
static void
test_known_loudness (Fixture *f,
                     gconstpointer data)
{
  LqLevelMatchSource mix = source_of (f->varied);
  LqLevelMatchSource master = source_of (f->varied);
  LqLevelMatchSource s[2];
  LqLevelMatchResult r[2];
  double own = lq_track_analysis_get_measures (f->varied)->integrated_lufs;

  master.known_lufs = own + 7.5;
  s[0] = master;
  s[1] = mix;
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpfloat (r[0].statistic_lufs, ==, own + 7.5);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, 7.5, 1e-6);
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOUDEST, 0, 0, r);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, 7.5, 1e-6);
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOOP, 1.0, 7.0, r);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, 7.5, 1e-6);

  /* A known loudness alone answers integrated matching only. */
  s[0].momentary = s[0].short_term = NULL;
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpfloat_with_epsilon (r[1].gain_db, 7.5, 1e-6);
  lq_level_match_compute (s, 2, 0, LQ_LEVEL_MATCH_LOUDEST, 0, 0, r);
  g_assert_cmpint (r[0].note, ==, LQ_LEVEL_MATCH_NOTE_NO_DATA);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_TARGET_UNKNOWN);
  g_assert_cmpfloat (r[1].gain_db, ==, 0.0);
}

/* Silence, off, and clamping: never NaN. */
static void
test_edges (Fixture *f,
            gconstpointer data)
{
  LqLevelMatchSource s[3] = { source_of (f->steady), source_of (f->silent), source_of (f->quiet) };
  LqLevelMatchResult r[3];

  lq_level_match_compute (s, 3, 0, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpint (r[1].note, ==, LQ_LEVEL_MATCH_NOTE_SILENT);
  g_assert_cmpfloat (r[1].gain_db, ==, 0.0);
  g_assert_cmpfloat_with_epsilon (r[2].gain_db, 6.0, 0.05);

  /* Matched to silence: nobody can be matched. */
  lq_level_match_compute (s, 3, 1, LQ_LEVEL_MATCH_LOUDEST, 0, 0, r);
  g_assert_cmpint (r[0].note, ==, LQ_LEVEL_MATCH_NOTE_TARGET_UNKNOWN);
  g_assert_cmpfloat (r[0].gain_db, ==, 0.0);
  g_assert_cmpfloat (r[2].gain_db, ==, 0.0);

  lq_level_match_compute (s, 3, 0, LQ_LEVEL_MATCH_OFF, 0, 0, r);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (r[i].gain_db, ==, 0.0);

  /* A master 40 LU louder than the mix: clamped to 24 dB and said so. */
  s[0].known_lufs = lq_track_analysis_get_measures (f->quiet)->integrated_lufs + 40.0;
  lq_level_match_compute (s, 3, 0, LQ_LEVEL_MATCH_INTEGRATED, 0, 0, r);
  g_assert_cmpfloat (r[2].gain_db, ==, LQ_LEVEL_MATCH_MAX_GAIN_DB);
  g_assert_cmpint (r[2].note, ==, LQ_LEVEL_MATCH_NOTE_CLAMPED);
  g_assert_nonnull (lq_level_match_note_describe (r[2].note));
}

static void
test_mode_names (void)
{
  LqLevelMatchMode mode;

  for (LqLevelMatchMode m = LQ_LEVEL_MATCH_OFF; m <= LQ_LEVEL_MATCH_LOOP; m++)
    {
      g_assert_true (lq_level_match_mode_from_string (lq_level_match_mode_to_string (m), &mode));
      g_assert_cmpint (mode, ==, m);
    }
  g_assert_false (lq_level_match_mode_from_string ("rms", &mode));
  g_assert_false (lq_level_match_mode_from_string (NULL, &mode));
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/level-match/integrated", Fixture, NULL, fixture_setup, test_integrated, fixture_teardown);
  g_test_add ("/level-match/loudest", Fixture, NULL, fixture_setup, test_loudest, fixture_teardown);
  g_test_add ("/level-match/loop", Fixture, NULL, fixture_setup, test_loop, fixture_teardown);
  g_test_add ("/level-match/known-loudness", Fixture, NULL, fixture_setup, test_known_loudness, fixture_teardown);
  g_test_add ("/level-match/edges", Fixture, NULL, fixture_setup, test_edges, fixture_teardown);
  g_test_add_func ("/level-match/mode-names", test_mode_names);
  return g_test_run ();
}
