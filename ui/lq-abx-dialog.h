/* lq-abx-dialog.h: the window's blind test (ABX) of two sources of a track.
 *
 * The listener picks sources A and B (Mix, Master, Reference; Mix and
 * Master at first) and the number of trials (16), then, trial after trial,
 * listens to A, B and X (A or B at random, lq-abx-session.h) and says which
 * one X is. Keys: A, B, X listen; 1 says X is A, 2 says X is B. The player
 * switches source where it is (level-matched as it plays), so the same
 * passage is compared; each trial starts on A. Nothing tells what X was or
 * whether an answer was right before the end, neither on screen nor in
 * the accessible names. Then the result (right answers, the p-value, one
 * sentence), stored in the project with both sources' fingerprints as
 * `lacquer-cli abx` stores it (lq-abx-sources.h), or shown only when the
 * project is read-only (the dialog says so). Below: the project's past
 * blind tests.
 *
 * The player is optional: the dialog emits "source-requested" (an
 * LqPlaybackSource) whenever it wants a source heard, and with a player it
 * also sets the player's source and starts it playing (and, at the start,
 * loads the track when the player has a device and another track). The
 * player's "source" changes to X's: whoever shows it elsewhere (the
 * window's transport bar) must not while the dialog is open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "lq-abx-session.h"
#include "lq-player.h"
#include "lq-project.h"

G_BEGIN_DECLS

#define LQ_TYPE_ABX_DIALOG (lq_abx_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LqAbxDialog, lq_abx_dialog, LQ, ABX_DIALOG, AdwWindow)

/* @track_number: 1-based; @player: NULL to only emit "source-requested". */
LqAbxDialog *lq_abx_dialog_new (GtkWindow *parent,
                                LqProject *project,
                                guint      track_number,
                                LqPlayer  *player);

/* Which of the project's references (1-based, lq_project_list_references())
 * the source Reference is; 1 at first. */
void lq_abx_dialog_set_reference (LqAbxDialog *self,
                                  guint        reference);

/* For tests. The seed of the next test's X (0: a random one); the sources
 * and the number of trials, as the user would choose them. */
void _lq_abx_dialog_set_seed (LqAbxDialog *self,
                              guint32      seed);
void _lq_abx_dialog_set_sources (LqAbxDialog     *self,
                                 LqPlaybackSource a,
                                 LqPlaybackSource b);
void _lq_abx_dialog_set_trials (LqAbxDialog *self,
                                guint        n_trials);
/* The test under way or just finished, or NULL. */
LqAbxSession *_lq_abx_dialog_get_session (LqAbxDialog *self);
/* The id of the stored result, 0 when none was stored. */
gint64 _lq_abx_dialog_get_saved_id (LqAbxDialog *self);

G_END_DECLS
