/* lq-window-player.h: the window plays through an LqPlayer (the helper
 * process's client, app/engine/lq-player.h). Private to ui/ and the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lq-meter-panel.h"
#include "lq-player.h"
#include "lq-transport-bar.h"
#include "lq-window.h"

G_BEGIN_DECLS

typedef struct _LqWindowPlayer LqWindowPlayer;

/* lq-window.c: made in init, freed in dispose */
LqWindowPlayer *_lq_window_player_new (LqWindow *window);
void _lq_window_player_free (LqWindowPlayer *self);

/* The player of the project shown, or NULL (no project, loose files) */
LqPlayer *_lq_window_get_player (LqWindow *self);
/* The output devices' labels, as the player last listed them (a list of
 * GtkStringObject, updated in place: the preferences window follows it) */
GListModel *_lq_window_get_playback_devices (LqWindow *self);

/* "Listen to a DDP…": reads and verifies the DDP folder @dir on a worker
 * thread, then plays its image through the project's player from the
 * start (a toast says why when it cannot: no album open, or the
 * verifier's first problem, naming the file and record). */
void _lq_window_player_play_ddp (LqWindow   *window,
                                 const char *dir);

/* The mappings between the window's widgets and the player */
LqPlaybackSource _lq_window_player_source_to_player (LqTransportSource source);
LqTransportSource _lq_window_player_source_from_player (LqPlaybackSource source);
LqLevelMatchMode _lq_window_player_mode_to_player (LqTransportMatchMode mode);
LqTransportMatchMode _lq_window_player_mode_from_player (LqLevelMatchMode mode);
void _lq_window_player_meter_to_values (const LqPlayerMeter *meter,
                                        LqMeterValues       *values);
LqMonitorFlags _lq_window_player_monitor_flags (LqMonitorSection *section);

G_END_DECLS
