/* lq-cli-progress.h: a one-line progress bar on a terminal's stderr. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LqCliProgress LqCliProgress;

/* Returns NULL (and draws nothing) when stderr is not a terminal. */
LqCliProgress *lq_cli_progress_new (const char *label);
void lq_cli_progress_update (LqCliProgress *self, double fraction, const char *detail);
/* Erases the bar. NULL-safe. */
void lq_cli_progress_free (LqCliProgress *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqCliProgress, lq_cli_progress_free)

G_END_DECLS
