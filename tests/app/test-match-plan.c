/* test-match-plan.c: the loudness planner of album matching, on albums whose
 * answers are known: synthetic block energies, and generated files. */
#include <math.h>
#include <string.h>

#include "lq-analyzer.h"
#include "lq-delivery-target.h"
#include "lq-error.h"
#include "lq-loudness-gate.h"
#include "lq-loudness-meter.h"
#include "lq-match-plan.h"
#include "lq-test-audio.h"

/* One part of a synthetic track: @seconds of blocks at @lufs. */
typedef struct
{
  double lufs;
  double seconds;
} Part;

/* A track whose momentary blocks (one per 100 ms) are constant within each
 * part; the measures are those the gate gives. */
static LqTrackAnalysis *
make_track (const Part *parts,
            guint n_parts,
            double true_peak_dbtp)
{
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (double));
  LqTrackMeasures m = { 0 };
  LqEnergySpan span;
  double seconds = 0;

  for (guint p = 0; p < n_parts; p++)
    {
      double e = isfinite (parts[p].lufs) ? lq_loudness_to_energy (parts[p].lufs) : 0.0;
      guint n = (guint) lround (parts[p].seconds * 10);

      for (guint k = 0; k < n; k++)
        g_array_append_val (blocks, e);
      seconds += parts[p].seconds;
    }

  span.energies = (const double *) blocks->data;
  span.n = blocks->len;
  m.duration_s = seconds;
  m.sample_rate = 48000;
  m.channels = 2;
  m.integrated_lufs = lq_loudness_gate_integrated (&span, 1);
  if (!isfinite (m.integrated_lufs))
    m.integrated_lufs = NAN;
  m.true_peak_dbtp = true_peak_dbtp;
  m.sample_peak_dbfs = true_peak_dbtp;
  m.lra_lu = NAN;
  m.correlation = NAN;
  return lq_track_analysis_new ("/nowhere/track.wav", NULL, "WAV", &m, blocks, NULL);
}

static LqTrackAnalysis *
make_constant (double lufs,
               double seconds,
               double true_peak_dbtp)
{
  Part part = { lufs, seconds };

  return make_track (&part, 1, true_peak_dbtp);
}

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* An album of constant tracks; @tp may be NULL (every true peak -3 dBTP). */
static GPtrArray *
make_album (const double *lufs,
            const double *seconds,
            const double *tp,
            guint n)
{
  GPtrArray *tracks = g_ptr_array_new_with_free_func (unref_nullable);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (tracks, make_constant (lufs[i], seconds[i], tp != NULL ? tp[i] : -3.0));
  return tracks;
}

static LqDeliveryTarget
target (const char *name)
{
  g_autoptr(GError) error = NULL;
  LqDeliveryTarget t;

  g_assert_true (lq_delivery_target_lookup (name, &t, &error));
  g_assert_no_error (error);
  return t;
}

static LqMatchPlan *
plan (GPtrArray *tracks,
      const char *target_name,
      LqMatchMode mode,
      double keep,
      const double *user_gains)
{
  g_autoptr(GError) error = NULL;
  LqDeliveryTarget t = target (target_name);
  LqMatchPlan *p = lq_match_plan_new (tracks, &t, mode, keep, NAN, user_gains, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return p;
}

/* The test's own album measure: every track's blocks scaled by its user and
 * planned gains, gated together. */
static double
regate (GPtrArray *tracks,
        LqMatchPlan *p)
{
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree LqEnergySpan *spans = g_new0 (LqEnergySpan, tracks->len);
  guint n = 0;

  for (guint i = 0; i < tracks->len; i++)
    {
      LqTrackAnalysis *a = g_ptr_array_index (tracks, i);
      const LqMatchTrack *t = lq_match_plan_get_track (p, i);
      const GArray *e;
      GArray *copy;

      if (a == NULL)
        continue;
      e = lq_track_analysis_get_momentary_energies (a);
      copy = g_array_sized_new (FALSE, FALSE, sizeof (double), e->len);
      for (guint k = 0; k < e->len; k++)
        {
          double v = g_array_index (e, double, k) * pow (10.0, (t->user_gain_db + t->gain_db) / 10.0);
          g_array_append_val (copy, v);
        }
      g_ptr_array_add (copies, copy);
      spans[n].energies = (const double *) copy->data;
      spans[n].n = copy->len;
      n++;
    }
  return lq_loudness_gate_integrated (spans, n);
}

static const double album_lufs[] = { -9.0, -12.5, -16.0, -11.0, -20.0 };
static const double album_seconds[] = { 180.0, 240.5, 95.0, 300.0, 61.3 };
#define ALBUM_N G_N_ELEMENTS (album_lufs)

/* ---- delivery targets ---- */

static void
test_lookup_presets (void)
{
  LqDeliveryTarget t;
  const char *const *names = lq_delivery_target_presets ();
  guint n = 0;

  for (; names[n] != NULL; n++)
    {
      t = target (names[n]);
      g_assert_cmpstr (t.name, ==, names[n]);
      g_assert_nonnull (t.source);
      g_assert_cmpuint (strlen (t.source), >, 10);
      g_assert_true (t.true_peak_ceiling_dbtp < 0);
    }
  g_assert_cmpuint (n, ==, 9);

  t = target ("spotify");
  g_assert_cmpfloat (t.integrated_lufs, ==, -14.0);
  g_assert_cmpfloat (t.true_peak_ceiling_dbtp, ==, -1.0);
  g_assert_true (isnan (t.max_track_lufs));
  g_assert_cmpuint (t.bits, ==, 0);
  t = target ("Apple");
  g_assert_cmpstr (t.name, ==, "apple");
  g_assert_cmpfloat (t.integrated_lufs, ==, -16.0);
  t = target ("youtube");
  g_assert_cmpfloat (t.integrated_lufs, ==, -14.0);
  t = target ("tidal");
  g_assert_cmpfloat (t.integrated_lufs, ==, -14.0);
  t = target ("amazon");
  g_assert_cmpfloat (t.integrated_lufs, ==, -14.0);
  g_assert_cmpfloat (t.true_peak_ceiling_dbtp, ==, -2.0);
  t = target ("deezer");
  g_assert_cmpfloat (t.integrated_lufs, ==, -15.0);
  t = target ("td1008");
  g_assert_cmpfloat (t.integrated_lufs, ==, -16.0);
  g_assert_cmpfloat (t.max_track_lufs, ==, -14.0);
  t = target ("r128");
  g_assert_cmpfloat (t.integrated_lufs, ==, -23.0);
  g_assert_cmpfloat (t.true_peak_ceiling_dbtp, ==, -1.0);
  t = target ("cd");
  g_assert_true (isnan (t.integrated_lufs));
  g_assert_cmpfloat (t.true_peak_ceiling_dbtp, ==, -0.3);
  g_assert_cmpuint (t.bits, ==, 16);
}

static void
test_lookup_numbers (void)
{
  LqDeliveryTarget t = target ("-18.5");

  g_assert_cmpstr (t.name, ==, "-18.5");
  g_assert_cmpfloat (t.integrated_lufs, ==, -18.5);
  g_assert_cmpfloat (t.true_peak_ceiling_dbtp, ==, -1.0);
  g_assert_true (isnan (t.max_track_lufs));
  g_assert_nonnull (t.source);

  t = target (" -40 ");
  g_assert_cmpfloat (t.integrated_lufs, ==, -40.0);
  t = target ("0");
  g_assert_cmpfloat (t.integrated_lufs, ==, 0.0);
}

static void
test_lookup_errors (void)
{
  static const char *const bad[] = { "bandcamp", "", "-40.1", "1", "nan", "-inf", "-14 LUFS", "spotify2" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      LqDeliveryTarget t;

      g_assert_false (lq_delivery_target_lookup (bad[i], &t, &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      if (i == 0)
        for (const char *const *n = lq_delivery_target_presets (); *n != NULL; n++)
          g_assert_nonnull (strstr (error->message, *n));
    }
}

static void
test_modes_parse (void)
{
  g_autoptr(GError) error = NULL;
  LqMatchMode mode;

  g_assert_true (lq_match_mode_from_string ("Continuity", &mode, NULL));
  g_assert_cmpint (mode, ==, LQ_MATCH_MODE_CONTINUITY);
  g_assert_true (lq_match_mode_from_string ("track", &mode, NULL));
  g_assert_cmpint (mode, ==, LQ_MATCH_MODE_TRACK);
  g_assert_true (lq_match_mode_from_string ("album", &mode, NULL));
  g_assert_cmpint (mode, ==, LQ_MATCH_MODE_ALBUM);
  g_assert_cmpstr (lq_match_mode_to_string (LQ_MATCH_MODE_CONTINUITY), ==, "continuity");
  g_assert_false (lq_match_mode_from_string ("loud", &mode, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
}

/* ---- modes ---- */

static void
test_track_mode (void)
{
  static const char *const targets[] = { "spotify", "apple", "r128", "-18.5", "deezer" };
  g_autoptr(GPtrArray) tracks = make_album (album_lufs, album_seconds, NULL, ALBUM_N);

  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      g_autoptr(LqMatchPlan) p = plan (tracks, targets[k], LQ_MATCH_MODE_TRACK, 0.5, NULL);
      double goal = target (targets[k]).integrated_lufs;

      g_assert_cmpuint (lq_match_plan_get_n_tracks (p), ==, ALBUM_N);
      g_assert_cmpint (lq_match_plan_get_mode (p), ==, LQ_MATCH_MODE_TRACK);
      for (guint i = 0; i < ALBUM_N; i++)
        {
          const LqMatchTrack *t = lq_match_plan_get_track (p, i);

          g_assert_cmpfloat_with_epsilon (t->measured_lufs, album_lufs[i], 1e-9);
          g_assert_cmpfloat_with_epsilon (t->predicted_lufs, goal, 0.01);
          g_assert_cmpfloat_with_epsilon (t->target_lufs, goal, 1e-9);
          g_assert_cmpfloat_with_epsilon (t->gain_db, goal - album_lufs[i], 1e-9);
          g_assert_cmpint (t->flags & ~LQ_MATCH_TRACK_LIMITER_WARNING, ==, 0);
        }
      /* Every track at the same level: the album is that level too. */
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), goal, 0.01);
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), regate (tracks, p), 1e-9);
    }
}

static void
test_album_mode (void)
{
  static const char *const targets[] = { "spotify", "apple", "r128", "-9" };
  g_autoptr(GPtrArray) tracks = make_album (album_lufs, album_seconds, NULL, ALBUM_N);

  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      g_autoptr(LqMatchPlan) p = plan (tracks, targets[k], LQ_MATCH_MODE_ALBUM, 0.5, NULL);
      double goal = target (targets[k]).integrated_lufs;
      const LqMatchTrack *first = lq_match_plan_get_track (p, 0);

      for (guint i = 0; i < ALBUM_N; i++)
        {
          const LqMatchTrack *t = lq_match_plan_get_track (p, i);

          g_assert_cmpfloat (t->gain_db, ==, first->gain_db);
          for (guint j = 0; j < ALBUM_N; j++)
            {
              const LqMatchTrack *u = lq_match_plan_get_track (p, j);

              g_assert_cmpfloat_with_epsilon (t->predicted_lufs - u->predicted_lufs,
                                              album_lufs[i] - album_lufs[j], 1e-6);
            }
        }
      g_assert_cmpfloat_with_epsilon (first->gain_db, goal - lq_match_plan_get_measured_album_lufs (p), 1e-3);
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), goal, 0.01);
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), regate (tracks, p), 1e-9);
      g_assert_true (lq_match_plan_get_album_target_reached (p));
    }
}

/* Within continuity, the offset checks of the issue: against the predicted
 * album they hold to 0.05 LU when the tracks are within reach of each other;
 * between tracks they hold exactly. */
static void
check_continuity (GPtrArray *tracks,
                  const double *lufs,
                  guint n,
                  double keep,
                  const char *target_name)
{
  g_autoptr(LqMatchPlan) p = plan (tracks, target_name, LQ_MATCH_MODE_CONTINUITY, keep, NULL);
  double goal = target (target_name).integrated_lufs;
  double measured_album = lq_match_plan_get_measured_album_lufs (p);
  double predicted_album = lq_match_plan_get_predicted_album_lufs (p);

  g_assert_cmpfloat (lq_match_plan_get_keep (p), ==, keep);
  g_assert_cmpfloat_with_epsilon (predicted_album, goal, 0.01);
  g_assert_cmpfloat_with_epsilon (predicted_album, regate (tracks, p), 1e-9);
  for (guint i = 0; i < n; i++)
    {
      const LqMatchTrack *t = lq_match_plan_get_track (p, i);

      g_assert_cmpfloat_with_epsilon (t->predicted_lufs - predicted_album,
                                      keep * (lufs[i] - measured_album), 0.05);
      g_assert_cmpfloat_with_epsilon (t->predicted_lufs, t->target_lufs, 1e-6);
      for (guint j = 0; j < n; j++)
        g_assert_cmpfloat_with_epsilon (t->predicted_lufs - lq_match_plan_get_track (p, j)->predicted_lufs,
                                        keep * (lufs[i] - lufs[j]), 1e-6);
    }
}

static void
test_continuity_mode (void)
{
  /* Within 4 LU of each other: every block passes the relative gate. */
  static const double lufs[] = { -10.0, -12.0, -14.0, -11.5, -13.0 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, album_seconds, NULL, G_N_ELEMENTS (lufs));
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) p = NULL;
  LqDeliveryTarget t = target ("spotify");

  check_continuity (tracks, lufs, G_N_ELEMENTS (lufs), 0.5, "spotify");
  check_continuity (tracks, lufs, G_N_ELEMENTS (lufs), 0.5, "r128");
  check_continuity (tracks, lufs, G_N_ELEMENTS (lufs), 0.25, "apple");

  /* The defaults. */
  p = lq_match_plan_new (tracks, &t, LQ_MATCH_DEFAULT_MODE, LQ_MATCH_DEFAULT_KEEP, NAN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lq_match_plan_get_mode (p), ==, LQ_MATCH_MODE_CONTINUITY);
  g_assert_cmpfloat (lq_match_plan_get_keep (p), ==, 0.5);
  g_assert_cmpfloat (lq_match_plan_get_ceiling_dbtp (p), ==, -1.0);
  g_assert_cmpstr (lq_match_plan_get_target (p)->name, ==, "spotify");
  g_assert_finalize_object (g_steal_pointer (&p));
}

static void
test_continuity_limits (void)
{
  g_autoptr(GPtrArray) tracks = make_album (album_lufs, album_seconds, NULL, ALBUM_N);
  g_autoptr(LqMatchPlan) c0 = plan (tracks, "apple", LQ_MATCH_MODE_CONTINUITY, 0.0, NULL);
  g_autoptr(LqMatchPlan) c1 = plan (tracks, "apple", LQ_MATCH_MODE_CONTINUITY, 1.0, NULL);
  g_autoptr(LqMatchPlan) track = plan (tracks, "apple", LQ_MATCH_MODE_TRACK, 0.5, NULL);
  g_autoptr(LqMatchPlan) album = plan (tracks, "apple", LQ_MATCH_MODE_ALBUM, 0.5, NULL);

  for (guint i = 0; i < ALBUM_N; i++)
    {
      /* keep 0: every track at one level, the album at the target: track
       * mode's result shifted (here by nothing, the tracks being equal). */
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (c0, i)->predicted_lufs,
                                      lq_match_plan_get_track (c0, 0)->predicted_lufs, 1e-6);
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (c0, i)->gain_db
                                      - lq_match_plan_get_track (track, i)->gain_db,
                                      lq_match_plan_get_track (c0, 0)->gain_db
                                      - lq_match_plan_get_track (track, 0)->gain_db, 1e-6);
      /* keep 1: album mode. */
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (c1, i)->gain_db,
                                      lq_match_plan_get_track (album, i)->gain_db, 1e-3);
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (c1, i)->gain_db,
                                      lq_match_plan_get_track (c1, 0)->gain_db, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (c0), -16.0, 0.01);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (c1), -16.0, 0.01);
}

/* Gating is not linear: a quiet track falls under the relative gate of a
 * loud one, so the album is not the average of its tracks. */
static void
test_album_regated_not_averaged (void)
{
  static const double lufs[] = { -10.0, -30.0 };
  static const double seconds[] = { 60.0, 60.0 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, seconds, NULL, 2);
  g_autoptr(LqMatchPlan) album = plan (tracks, "spotify", LQ_MATCH_MODE_ALBUM, 0.5, NULL);
  g_autoptr(LqMatchPlan) cont = plan (tracks, "spotify", LQ_MATCH_MODE_CONTINUITY, 0.5, NULL);
  double predicted, mean_energy, naive;

  /* The quiet track is gated out: the album is the loud track. */
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_measured_album_lufs (album), -10.0, 1e-6);

  /* Album mode: -4 dB for both; the album is at -14 with the quiet track at
   * -34, still gated out. A duration-weighted energy average of the tracks'
   * loudness would say -17, an average of LUFS -24. */
  predicted = lq_match_plan_get_predicted_album_lufs (album);
  g_assert_cmpfloat_with_epsilon (predicted, -14.0, 0.01);
  g_assert_cmpfloat_with_epsilon (predicted, regate (tracks, album), 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (album, 0)->gain_db, -4.0, 1e-6);
  mean_energy = lq_loudness_from_energy (0.5 * lq_loudness_to_energy (lq_match_plan_get_track (album, 0)->predicted_lufs)
                                         + 0.5 * lq_loudness_to_energy (lq_match_plan_get_track (album, 1)->predicted_lufs));
  g_assert_cmpfloat (fabs (mean_energy - predicted), >, 2.5);

  /* Continuity 0.5: the quiet track comes to 10 LU under the loud one, now
   * inside the relative gate, so the album is no longer the loud track's
   * level: solving on the naive measure would miss the target. */
  predicted = lq_match_plan_get_predicted_album_lufs (cont);
  g_assert_cmpfloat_with_epsilon (predicted, -14.0, 0.01);
  g_assert_cmpfloat_with_epsilon (predicted, regate (tracks, cont), 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (cont, 0)->predicted_lufs
                                  - lq_match_plan_get_track (cont, 1)->predicted_lufs, 10.0, 1e-6);
  /* The naive plan (loud track at the target as album mode would put it)
   * would land the album over 2 LU low. */
  naive = lq_loudness_from_energy (0.5 * lq_loudness_to_energy (-14.0) + 0.5 * lq_loudness_to_energy (-24.0));
  g_assert_cmpfloat (fabs (naive - -14.0), >, 2.0);
  g_assert_cmpfloat (lq_match_plan_get_track (cont, 0)->predicted_lufs, >, -14.0 + 2.0);
}

/* A track loud in a short part and quiet for the rest: its blocks, not its
 * integrated number, decide how it weighs on the album. */
static void
test_album_regated_parts (void)
{
  static const Part loud_intro[] = { { -8.0, 20.0 }, { -22.0, 200.0 } };
  static const Part steady[] = { { -13.0, 180.0 } };
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(LqMatchPlan) p = NULL;

  g_ptr_array_add (tracks, make_track (loud_intro, G_N_ELEMENTS (loud_intro), -2.0));
  g_ptr_array_add (tracks, make_track (steady, G_N_ELEMENTS (steady), -2.0));
  p = plan (tracks, "spotify", LQ_MATCH_MODE_CONTINUITY, 0.5, NULL);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), -14.0, 0.01);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), regate (tracks, p), 1e-9);
}

static void
test_user_gains (void)
{
  static const double user[] = { -2.0, 1.5, 0.0, 3.0, -6.0 };
  g_autoptr(GPtrArray) tracks = make_album (album_lufs, album_seconds, NULL, ALBUM_N);
  g_autoptr(LqMatchPlan) album = plan (tracks, "spotify", LQ_MATCH_MODE_ALBUM, 0.5, user);
  g_autoptr(LqMatchPlan) track = plan (tracks, "spotify", LQ_MATCH_MODE_TRACK, 0.5, user);

  for (guint i = 0; i < ALBUM_N; i++)
    {
      const LqMatchTrack *t = lq_match_plan_get_track (album, i);

      g_assert_cmpfloat (t->user_gain_db, ==, user[i]);
      g_assert_cmpfloat (t->gain_db, ==, lq_match_plan_get_track (album, 0)->gain_db);
      g_assert_cmpfloat_with_epsilon (t->predicted_lufs - lq_match_plan_get_track (album, 0)->predicted_lufs,
                                      album_lufs[i] + user[i] - album_lufs[0] - user[0], 1e-6);
      g_assert_cmpfloat_with_epsilon (t->predicted_true_peak_dbtp, -3.0 + user[i] + t->gain_db, 1e-9);
      /* Track mode undoes the user's balance. */
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (track, i)->predicted_lufs, -14.0, 0.01);
    }
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (album), -14.0, 0.01);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (album), regate (tracks, album), 1e-9);
}

/* ---- peaks ---- */

static void
test_limiter_warning (void)
{
  static const double lufs[] = { -14.0, -20.0, -17.5, -18.0 };
  static const double seconds[] = { 60.0, 60.0, 60.0, 60.0 };
  static const double tp[] = { -0.5, -1.0, -2.0, -5.01 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, seconds, tp, G_N_ELEMENTS (lufs));
  g_autoptr(LqMatchPlan) p = plan (tracks, "spotify", LQ_MATCH_MODE_TRACK, 0.5, NULL);
  g_autoptr(LqMatchPlan) amazon = plan (tracks, "amazon", LQ_MATCH_MODE_TRACK, 0.5, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqMatchPlan) low = NULL;
  LqDeliveryTarget t = target ("spotify");
  const LqMatchTrack *m;

  /* gain 0, TP -0.5 over -1: 0.5 dB. */
  m = lq_match_plan_get_track (p, 0);
  g_assert_cmpfloat_with_epsilon (m->predicted_true_peak_dbtp, -0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->limiter_reduction_db, 0.5, 1e-9);
  g_assert_false (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING);
  /* +6 dB on a -1 dBTP peak: 6 dB of limiting. */
  m = lq_match_plan_get_track (p, 1);
  g_assert_cmpfloat_with_epsilon (m->predicted_true_peak_dbtp, 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->limiter_reduction_db, 6.0, 1e-9);
  g_assert_true (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING);
  /* +3.5 dB on -2: 2.5 dB, no warning. */
  m = lq_match_plan_get_track (p, 2);
  g_assert_cmpfloat_with_epsilon (m->limiter_reduction_db, 2.5, 1e-9);
  g_assert_false (m->flags & LQ_MATCH_TRACK_LIMITER_WARNING);
  /* +4 dB on -5.01: under the ceiling. */
  m = lq_match_plan_get_track (p, 3);
  g_assert_cmpfloat (m->limiter_reduction_db, ==, 0.0);
  g_assert_cmpuint (lq_match_plan_get_n_limiter_warnings (p), ==, 1);

  /* Amazon's -2 dBTP: one more dB on each. */
  g_assert_cmpfloat (lq_match_plan_get_ceiling_dbtp (amazon), ==, -2.0);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (amazon, 0)->limiter_reduction_db, 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (amazon, 2)->limiter_reduction_db, 3.5, 1e-9);
  g_assert_true (lq_match_plan_get_track (amazon, 2)->flags & LQ_MATCH_TRACK_LIMITER_WARNING);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (amazon, 3)->limiter_reduction_db, 0.99, 1e-9);
  g_assert_cmpuint (lq_match_plan_get_n_limiter_warnings (amazon), ==, 2);

  /* A ceiling given overrides the target's. */
  low = lq_match_plan_new (tracks, &t, LQ_MATCH_MODE_TRACK, 0.5, -6.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (lq_match_plan_get_ceiling_dbtp (low), ==, -6.0);
  g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (low, 0)->limiter_reduction_db, 5.5, 1e-9);
  g_assert_cmpuint (lq_match_plan_get_n_limiter_warnings (low), ==, 4);
}

static void
test_cd (void)
{
  static const double lufs[] = { -9.0, -15.0 };
  static const double seconds[] = { 60.0, 60.0 };
  static const double tp[] = { 0.0, -0.3 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, seconds, tp, 2);

  for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
    {
      g_autoptr(LqMatchPlan) p = plan (tracks, "cd", mode, 0.5, NULL);

      g_assert_cmpfloat (lq_match_plan_get_ceiling_dbtp (p), ==, -0.3);
      g_assert_cmpuint (lq_match_plan_get_target (p)->bits, ==, 16);
      g_assert_true (lq_match_plan_get_album_target_reached (p));
      g_assert_cmpfloat (lq_match_plan_get_predicted_album_lufs (p), ==,
                         lq_match_plan_get_measured_album_lufs (p));
      for (guint i = 0; i < 2; i++)
        {
          const LqMatchTrack *t = lq_match_plan_get_track (p, i);

          g_assert_cmpfloat (t->gain_db, ==, 0.0);
          g_assert_true (isnan (t->target_lufs));
          g_assert_cmpfloat_with_epsilon (t->predicted_lufs, lufs[i], 1e-9);
        }
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_track (p, 0)->limiter_reduction_db, 0.3, 1e-9);
      g_assert_cmpfloat (lq_match_plan_get_track (p, 1)->limiter_reduction_db, ==, 0.0);
    }
}

/* ---- AES TD1008 ---- */

static void
test_td1008_cap (void)
{
  static const double lufs[] = { -8.0, -18.0, -18.0 };
  static const double seconds[] = { 60.0, 60.0, 60.0 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, seconds, NULL, 3);

  for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
    for (double keep = 0.0; keep <= 1.0; keep += 0.5)
      {
        g_autoptr(LqMatchPlan) p = plan (tracks, "td1008", mode, keep, NULL);

        g_assert_true (lq_match_plan_get_album_target_reached (p));
        g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), -16.0, 0.01);
        g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), regate (tracks, p), 1e-9);
        for (guint i = 0; i < 3; i++)
          g_assert_cmpfloat (lq_match_plan_get_track (p, i)->predicted_lufs, <=, -14.0 + 1e-6);
      }

  {
    /* Album mode would put the loud track at about -11.5: it is held at -14
     * and the other two come up to about -17.5 to keep the album at -16. */
    g_autoptr(LqMatchPlan) p = plan (tracks, "td1008", LQ_MATCH_MODE_ALBUM, 0.5, NULL);
    const LqMatchTrack *loud = lq_match_plan_get_track (p, 0);
    double quiet_energy = (3 * lq_loudness_to_energy (-16.0) - lq_loudness_to_energy (-14.0)) / 2;

    g_assert_true (loud->flags & LQ_MATCH_TRACK_CAPPED);
    g_assert_cmpfloat_with_epsilon (loud->predicted_lufs, -14.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (loud->gain_db, -6.0, 1e-6);
    for (guint i = 1; i < 3; i++)
      {
        const LqMatchTrack *t = lq_match_plan_get_track (p, i);

        g_assert_false (t->flags & LQ_MATCH_TRACK_CAPPED);
        g_assert_cmpfloat_with_epsilon (t->predicted_lufs, lq_loudness_from_energy (quiet_energy), 0.01);
      }
  }

  {
    /* Nothing near the cap: td1008 is plain -16. */
    static const double calm[] = { -12.0, -13.0 };
    g_autoptr(GPtrArray) calm_tracks = make_album (calm, seconds, NULL, 2);
    g_autoptr(LqMatchPlan) p = plan (calm_tracks, "td1008", LQ_MATCH_MODE_ALBUM, 0.5, NULL);

    for (guint i = 0; i < 2; i++)
      g_assert_false (lq_match_plan_get_track (p, i)->flags & LQ_MATCH_TRACK_CAPPED);
    g_assert_cmpfloat (lq_match_plan_get_track (p, 0)->gain_db, ==, lq_match_plan_get_track (p, 1)->gain_db);
  }
}

/* ---- tracks without a loudness ---- */

static void
test_silent_and_missing (void)
{
  static const double lufs[] = { -10.0, -12.0 };
  static const double seconds[] = { 60.0, 90.0 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, seconds, NULL, 2);
  double silent_tp = -INFINITY;

  g_ptr_array_insert (tracks, 1, NULL);
  g_ptr_array_add (tracks, make_constant (NAN, 30.0, silent_tp));

  for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
    {
      g_autoptr(LqMatchPlan) p = plan (tracks, "apple", mode, 0.5, NULL);

      g_assert_cmpuint (lq_match_plan_get_n_tracks (p), ==, 4);
      for (guint i = 1; i < 4; i += 2)
        {
          const LqMatchTrack *t = lq_match_plan_get_track (p, i);

          g_assert_true (t->flags & LQ_MATCH_TRACK_NO_LOUDNESS);
          g_assert_cmpfloat (t->gain_db, ==, 0.0);
          g_assert_true (isnan (t->predicted_lufs));
          g_assert_true (isnan (t->target_lufs));
          g_assert_cmpfloat (t->limiter_reduction_db, ==, 0.0);
          g_assert_false (t->flags & LQ_MATCH_TRACK_LIMITER_WARNING);
        }
      g_assert_false (lq_match_plan_get_track (p, 0)->flags & LQ_MATCH_TRACK_NO_LOUDNESS);
      g_assert_true (lq_match_plan_get_album_target_reached (p));
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), -16.0, 0.01);
    }

  {
    /* Nothing but silence: a plan of zeros, not an error. */
    g_autoptr(GPtrArray) silent = g_ptr_array_new_with_free_func (unref_nullable);
    g_autoptr(LqMatchPlan) p = NULL;

    g_ptr_array_add (silent, make_constant (NAN, 10.0, silent_tp));
    g_ptr_array_add (silent, NULL);
    p = plan (silent, "spotify", LQ_MATCH_MODE_CONTINUITY, 0.5, NULL);
    g_assert_true (isnan (lq_match_plan_get_measured_album_lufs (p)));
    g_assert_true (isnan (lq_match_plan_get_predicted_album_lufs (p)));
    g_assert_false (lq_match_plan_get_album_target_reached (p));
    g_assert_cmpfloat (lq_match_plan_get_track (p, 0)->gain_db, ==, 0.0);
  }

  {
    /* An empty album. */
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    g_autoptr(LqMatchPlan) p = plan (none, "spotify", LQ_MATCH_MODE_ALBUM, 0.5, NULL);

    g_assert_cmpuint (lq_match_plan_get_n_tracks (p), ==, 0);
  }
}

/* Every preset and a number, every mode, on an album whose tracks differ in
 * dynamics: in TRACK mode the album gated as one programme is not at the
 * target although every track is, and that is the target reached. A target
 * without a max track loudness (NAN) has no cap: nothing is capped, and no
 * message names a "nan" cap. */
static void
test_every_target_every_mode (void)
{
  /* The second track's -33 LUFS part passes its own relative gate (its
   * ungated loudness is -23.2) but, raised with it, not the album's. */
  static const Part loud_quiet[] = { { -16.0, 20.0 }, { -6.0, 20.0 } };
  static const Part steady[] = { { -6.0, 20.0 } };
  static const Part three[] = { { -15.0, 20.0 }, { -37.0, 60.0 }, { -33.0, 60.0 } };
  const char *const *presets = lq_delivery_target_presets ();
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean album_off_in_track_mode = FALSE;

  g_ptr_array_add (tracks, make_track (steady, G_N_ELEMENTS (steady), -3.0));
  g_ptr_array_add (tracks, make_track (three, G_N_ELEMENTS (three), -6.0));
  g_ptr_array_add (tracks, make_track (loud_quiet, G_N_ELEMENTS (loud_quiet), -1.0));
  for (guint k = 0; presets[k] != NULL; k++)
    g_ptr_array_add (names, (gpointer) presets[k]);
  g_ptr_array_add (names, (gpointer) "-18.5");
  g_assert_cmpuint (names->len, >=, 9);

  for (guint k = 0; k < names->len; k++)
    for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
      {
        const char *name = g_ptr_array_index (names, k);
        LqDeliveryTarget t = target (name);
        g_autoptr(LqMatchPlan) p = plan (tracks, name, mode, 0.5, NULL);
        g_autofree char *miss = lq_match_plan_dup_miss_message (p);
        double album = lq_match_plan_get_predicted_album_lufs (p);

        g_test_message ("%s, %s: album %.3f LUFS", name, lq_match_mode_to_string (mode), album);
        g_assert_true (lq_match_plan_get_album_target_reached (p));
        g_assert_null (miss);
        for (guint i = 0; i < tracks->len; i++)
          {
            const LqMatchTrack *m = lq_match_plan_get_track (p, i);

            if (isnan (t.max_track_lufs))
              g_assert_false (m->flags & LQ_MATCH_TRACK_CAPPED);
            else
              g_assert_cmpfloat (m->predicted_lufs, <=, t.max_track_lufs + 0.01);
            if (isnan (t.integrated_lufs))
              g_assert_cmpfloat (m->gain_db, ==, 0.0);
            else if (mode == LQ_MATCH_MODE_TRACK)
              g_assert_cmpfloat_with_epsilon (m->predicted_lufs, t.integrated_lufs, 0.01);
          }
        if (isnan (t.integrated_lufs))
          continue;
        if (mode == LQ_MATCH_MODE_TRACK)
          album_off_in_track_mode |= fabs (album - t.integrated_lufs) > 0.1;
        else
          g_assert_cmpfloat_with_epsilon (album, t.integrated_lufs, 0.01);
      }
  /* The album chosen shows the case: gated together it lands off target. */
  g_assert_true (album_off_in_track_mode);
}

/* A target the album cannot reach says why, without a "nan". */
static void
test_miss_messages (void)
{
  static const double lufs[] = { -6.0, -30.0 };
  static const double seconds[] = { 100.0, 2.0 };
  g_autoptr(GPtrArray) tracks = make_album (lufs, seconds, NULL, 2);
  g_autoptr(GPtrArray) silent = g_ptr_array_new_with_free_func (unref_nullable);

  for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
    {
      g_autoptr(LqMatchPlan) p = plan (tracks, "spotify", mode, 0.5, NULL);

      g_assert_null (lq_match_plan_dup_miss_message (p));
    }

  g_ptr_array_add (silent, make_constant (NAN, 10.0, -INFINITY));
  g_ptr_array_add (silent, NULL);
  for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
    {
      g_autoptr(LqMatchPlan) p = plan (silent, "spotify", mode, 0.5, NULL);
      g_autofree char *miss = lq_match_plan_dup_miss_message (p);

      g_assert_false (lq_match_plan_get_album_target_reached (p));
      g_assert_nonnull (miss);
      g_assert_null (strstr (miss, "nan"));
      g_assert_nonnull (strstr (miss, "-14.0"));
    }
}

static void
test_invalid (void)
{
  static const double bad_gains[] = { 0.0, 30.0 };
  static const double keeps[] = { -0.1, 1.01, NAN };
  g_autoptr(GPtrArray) tracks = make_album (album_lufs, album_seconds, NULL, 2);
  LqDeliveryTarget t = target ("spotify");

  for (guint i = 0; i < G_N_ELEMENTS (keeps); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (lq_match_plan_new (tracks, &t, LQ_MATCH_MODE_CONTINUITY, keeps[i], NAN, NULL, &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (lq_match_plan_new (tracks, &t, LQ_MATCH_MODE_TRACK, 0.5, 1.0, NULL, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (lq_match_plan_new (tracks, &t, LQ_MATCH_MODE_TRACK, 0.5, NAN, bad_gains, &error));
    g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
  }
}

static void
test_new_destroy (void)
{
  g_autoptr(GPtrArray) tracks = make_album (album_lufs, album_seconds, NULL, ALBUM_N);
  LqMatchPlan *p = plan (tracks, "spotify", LQ_MATCH_MODE_CONTINUITY, 0.5, NULL);

  g_assert_true (LQ_IS_MATCH_PLAN (p));
  g_assert_finalize_object (p);
}

/* ---- from real files ---- */

static void
test_analysed_files (void)
{
  static const double levels[] = { -12.0, -20.0, -26.0 };
  static const double secs[] = { 6.0, 9.0, 4.0 };
  g_autofree char *dir = lq_test_tmpdir ();
  g_autoptr(GPtrArray) tracks = g_ptr_array_new_with_free_func (unref_nullable);

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autofree char *name = g_strdup_printf ("t%u.wav", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      double level = levels[i];
      LqTrackAnalysis *a;

      lq_test_write (path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 48000, 2, (guint64) (48000 * secs[i]),
                     lq_test_sine_1k, &level, NULL);
      a = lq_analyze_file (path, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_ptr_array_add (tracks, a);
    }

  for (LqMatchMode mode = LQ_MATCH_MODE_TRACK; mode <= LQ_MATCH_MODE_CONTINUITY; mode++)
    {
      g_autoptr(LqMatchPlan) p = plan (tracks, "r128", mode, 0.5, NULL);

      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), -23.0, 0.01);
      g_assert_cmpfloat_with_epsilon (lq_match_plan_get_predicted_album_lufs (p), regate (tracks, p), 1e-9);
      for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
        {
          const LqMatchTrack *t = lq_match_plan_get_track (p, i);
          const LqTrackMeasures *m = lq_track_analysis_get_measures (g_ptr_array_index (tracks, i));

          g_assert_cmpfloat_with_epsilon (t->predicted_true_peak_dbtp, m->true_peak_dbtp + t->gain_db, 1e-9);
          g_assert_cmpfloat_with_epsilon (t->predicted_lufs, m->integrated_lufs + t->gain_db, 0.001);
          if (mode == LQ_MATCH_MODE_TRACK)
            g_assert_cmpfloat_with_epsilon (t->predicted_lufs, -23.0, 0.01);
        }
    }
  lq_test_rmdir (dir);
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/match-plan/target/presets", test_lookup_presets);
  g_test_add_func ("/match-plan/target/numbers", test_lookup_numbers);
  g_test_add_func ("/match-plan/target/errors", test_lookup_errors);
  g_test_add_func ("/match-plan/modes/parse", test_modes_parse);
  g_test_add_func ("/match-plan/new-destroy", test_new_destroy);
  g_test_add_func ("/match-plan/every-target-every-mode", test_every_target_every_mode);
  g_test_add_func ("/match-plan/miss-messages", test_miss_messages);
  g_test_add_func ("/match-plan/track", test_track_mode);
  g_test_add_func ("/match-plan/album", test_album_mode);
  g_test_add_func ("/match-plan/continuity", test_continuity_mode);
  g_test_add_func ("/match-plan/continuity-limits", test_continuity_limits);
  g_test_add_func ("/match-plan/regated/not-averaged", test_album_regated_not_averaged);
  g_test_add_func ("/match-plan/regated/parts", test_album_regated_parts);
  g_test_add_func ("/match-plan/user-gains", test_user_gains);
  g_test_add_func ("/match-plan/limiter", test_limiter_warning);
  g_test_add_func ("/match-plan/cd", test_cd);
  g_test_add_func ("/match-plan/td1008", test_td1008_cap);
  g_test_add_func ("/match-plan/silent-and-missing", test_silent_and_missing);
  g_test_add_func ("/match-plan/invalid", test_invalid);
  g_test_add_func ("/match-plan/analysed-files", test_analysed_files);

  return g_test_run ();
}
