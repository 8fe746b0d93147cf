/* lq-abx-session.h: a blind ABX comparison of two sources.
 *
 * Each trial plays A, B and X, where X is A or B at random; the listener
 * says which. With n trials and k right, the one-sided binomial p-value
 * P(K >= k | n, 1/2) is the chance of doing at least that well by
 * guessing: small means the difference was heard. As in foobar2000's ABX
 * comparator, every trial (its time, X and the answer) is kept with the
 * two sources' fingerprints, so a result can be checked later and tied to
 * the exact audio compared. No audio here: the engine plays what
 * lq_abx_session_get_x() says.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LQ_ABX_DEFAULT_TRIALS 16
#define LQ_ABX_MAX_TRIALS 1000

typedef enum
{
  LQ_ABX_A,
  LQ_ABX_B,
} LqAbxChoice;

typedef struct
{
  gint64 time_us;     /* g_get_real_time() when answered */
  LqAbxChoice x;      /* what X was */
  LqAbxChoice answer; /* what the listener said */
} LqAbxTrial;

/* P(K >= @correct) for K ~ Binomial(@trials, 1/2), exact (log-space sums,
 * no overflow up to LQ_ABX_MAX_TRIALS); 1 for 0 correct. */
double lq_abx_p_value (guint correct,
                       guint trials);

#define LQ_TYPE_ABX_SESSION (lq_abx_session_get_type ())
G_DECLARE_FINAL_TYPE (LqAbxSession, lq_abx_session, LQ, ABX_SESSION, GObject)

/* @a and @b: the sources' names ("mix", "master", "reference"); the
 * fingerprints identify the audio compared. @seed: 0 for a random one. */
LqAbxSession *lq_abx_session_new (guint n_trials,
                                  guint32 seed,
                                  const char *a,
                                  const char *a_fingerprint,
                                  const char *b,
                                  const char *b_fingerprint);

guint lq_abx_session_get_n_trials (LqAbxSession *self);
/* Trials answered so far. */
guint lq_abx_session_get_n_answered (LqAbxSession *self);
gboolean lq_abx_session_is_finished (LqAbxSession *self);
/* What X is in the current (first unanswered) trial; only for the player. */
LqAbxChoice lq_abx_session_get_x (LqAbxSession *self);
/* Records the listener's answer to the current trial; returns whether it
 * was right. Not after the last trial. */
gboolean lq_abx_session_answer (LqAbxSession *self,
                                LqAbxChoice answer);

guint lq_abx_session_get_correct (LqAbxSession *self);
/* The p-value of the answers so far (lq_abx_p_value()). */
double lq_abx_session_get_p_value (LqAbxSession *self);
const LqAbxTrial *lq_abx_session_get_trials (LqAbxSession *self,
                                             guint *n_answered);
const char *lq_abx_session_get_source (LqAbxSession *self,
                                       LqAbxChoice which);
const char *lq_abx_session_get_fingerprint (LqAbxSession *self,
                                            LqAbxChoice which);

G_END_DECLS
