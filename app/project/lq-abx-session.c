/* lq-abx-session.c */
#include "config.h"

#include "lq-abx-session.h"

#include <math.h>

struct _LqAbxSession
{
  GObject parent_instance;

  char *source[2];
  char *fingerprint[2];
  LqAbxChoice *x;        /* n_trials, drawn up front */
  LqAbxTrial *trials;    /* n_trials; the first n_answered are filled */
  guint n_trials;
  guint n_answered;
  guint correct;
};

G_DEFINE_FINAL_TYPE (LqAbxSession, lq_abx_session, G_TYPE_OBJECT)

double
lq_abx_p_value (guint correct,
                guint trials)
{
  double log_half_n, sum = 0.0, max_term = -INFINITY;

  g_return_val_if_fail (correct <= trials, NAN);
  g_return_val_if_fail (trials <= LQ_ABX_MAX_TRIALS, NAN);

  if (correct == 0)
    return 1.0;

  /* log C(n, i) + n log(1/2), summed as exp (term - max) for range. */
  log_half_n = trials * log (0.5);
  for (guint i = correct; i <= trials; i++)
    {
      double term = lgamma (trials + 1.0) - lgamma (i + 1.0) - lgamma (trials - i + 1.0) + log_half_n;
      max_term = MAX (max_term, term);
    }
  for (guint i = correct; i <= trials; i++)
    {
      double term = lgamma (trials + 1.0) - lgamma (i + 1.0) - lgamma (trials - i + 1.0) + log_half_n;
      sum += exp (term - max_term);
    }
  return MIN (1.0, exp (max_term + log (sum)));
}

static void
lq_abx_session_finalize (GObject *object)
{
  LqAbxSession *self = LQ_ABX_SESSION (object);

  for (guint i = 0; i < 2; i++)
    {
      g_free (self->source[i]);
      g_free (self->fingerprint[i]);
    }
  g_free (self->x);
  g_free (self->trials);

  G_OBJECT_CLASS (lq_abx_session_parent_class)->finalize (object);
}

static void
lq_abx_session_class_init (LqAbxSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lq_abx_session_finalize;
}

static void
lq_abx_session_init (LqAbxSession *self)
{
}

LqAbxSession *
lq_abx_session_new (guint       n_trials,
                    guint32     seed,
                    const char *a,
                    const char *a_fingerprint,
                    const char *b,
                    const char *b_fingerprint)
{
  LqAbxSession *self;
  g_autoptr(GRand) rand = NULL;

  g_return_val_if_fail (n_trials >= 1 && n_trials <= LQ_ABX_MAX_TRIALS, NULL);
  g_return_val_if_fail (a != NULL && b != NULL, NULL);

  self = g_object_new (LQ_TYPE_ABX_SESSION, NULL);
  self->n_trials = n_trials;
  self->source[LQ_ABX_A] = g_strdup (a);
  self->source[LQ_ABX_B] = g_strdup (b);
  self->fingerprint[LQ_ABX_A] = g_strdup (a_fingerprint);
  self->fingerprint[LQ_ABX_B] = g_strdup (b_fingerprint);
  self->x = g_new (LqAbxChoice, n_trials);
  self->trials = g_new0 (LqAbxTrial, n_trials);
  rand = seed != 0 ? g_rand_new_with_seed (seed) : g_rand_new ();
  for (guint i = 0; i < n_trials; i++)
    self->x[i] = g_rand_boolean (rand) ? LQ_ABX_B : LQ_ABX_A;
  return self;
}

guint
lq_abx_session_get_n_trials (LqAbxSession *self)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), 0);
  return self->n_trials;
}

guint
lq_abx_session_get_n_answered (LqAbxSession *self)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), 0);
  return self->n_answered;
}

gboolean
lq_abx_session_is_finished (LqAbxSession *self)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), TRUE);
  return self->n_answered == self->n_trials;
}

LqAbxChoice
lq_abx_session_get_x (LqAbxSession *self)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), LQ_ABX_A);
  g_return_val_if_fail (self->n_answered < self->n_trials, LQ_ABX_A);
  return self->x[self->n_answered];
}

gboolean
lq_abx_session_answer (LqAbxSession *self,
                       LqAbxChoice   answer)
{
  LqAbxTrial *trial;

  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), FALSE);
  g_return_val_if_fail (answer == LQ_ABX_A || answer == LQ_ABX_B, FALSE);
  g_return_val_if_fail (self->n_answered < self->n_trials, FALSE);

  trial = &self->trials[self->n_answered];
  trial->time_us = g_get_real_time ();
  trial->x = self->x[self->n_answered];
  trial->answer = answer;
  self->n_answered++;
  if (answer == trial->x)
    self->correct++;
  return answer == trial->x;
}

guint
lq_abx_session_get_correct (LqAbxSession *self)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), 0);
  return self->correct;
}

double
lq_abx_session_get_p_value (LqAbxSession *self)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), NAN);
  if (self->n_answered == 0)
    return 1.0;
  return lq_abx_p_value (self->correct, self->n_answered);
}

const LqAbxTrial *
lq_abx_session_get_trials (LqAbxSession *self,
                           guint        *n_answered)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), NULL);
  if (n_answered != NULL)
    *n_answered = self->n_answered;
  return self->trials;
}

const char *
lq_abx_session_get_source (LqAbxSession *self,
                           LqAbxChoice   which)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), NULL);
  g_return_val_if_fail (which == LQ_ABX_A || which == LQ_ABX_B, NULL);
  return self->source[which];
}

const char *
lq_abx_session_get_fingerprint (LqAbxSession *self,
                                LqAbxChoice   which)
{
  g_return_val_if_fail (LQ_IS_ABX_SESSION (self), NULL);
  g_return_val_if_fail (which == LQ_ABX_A || which == LQ_ABX_B, NULL);
  return self->fingerprint[which];
}
