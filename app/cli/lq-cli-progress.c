/* lq-cli-progress.c */
#include "config.h"

#include "lq-cli-progress.h"

#include <stdio.h>
#include <unistd.h>

#define BAR_WIDTH 30

struct _LqCliProgress
{
  char *label;
  int last_permille;
};

LqCliProgress *
lq_cli_progress_new (const char *label)
{
  LqCliProgress *self;

  if (!isatty (STDERR_FILENO))
    return NULL;

  self = g_new0 (LqCliProgress, 1);
  self->label = g_strdup (label);
  self->last_permille = -1;
  lq_cli_progress_update (self, 0.0, NULL);
  return self;
}

void
lq_cli_progress_update (LqCliProgress *self,
                        double fraction,
                        const char *detail)
{
  char bar[BAR_WIDTH + 1];
  int permille;
  int filled;

  if (self == NULL)
    return;

  permille = (int) (CLAMP (fraction, 0.0, 1.0) * 1000.0);
  if (permille == self->last_permille && detail == NULL)
    return;
  self->last_permille = permille;

  filled = permille * BAR_WIDTH / 1000;
  for (int i = 0; i < BAR_WIDTH; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[BAR_WIDTH] = '\0';

  fprintf (stderr, "\r\033[K%s [%s] %3d%%%s%s", self->label, bar, permille / 10,
           detail != NULL ? "  " : "", detail != NULL ? detail : "");
  fflush (stderr);
}

void
lq_cli_progress_free (LqCliProgress *self)
{
  if (self == NULL)
    return;
  fprintf (stderr, "\r\033[K");
  fflush (stderr);
  g_free (self->label);
  g_free (self);
}
