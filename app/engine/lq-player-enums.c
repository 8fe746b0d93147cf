/* lq-player-enums.c: the GTypes of LqPlayer's enumerations (its
 * properties' types: lq-player.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "lq-player.h"

G_DEFINE_ENUM_TYPE (LqPlayerState, lq_player_state,
  G_DEFINE_ENUM_VALUE (LQ_PLAYER_STATE_NO_DEVICE, "no-device"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYER_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYER_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYER_STATE_PLAYING, "playing"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYER_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYER_STATE_FAILED, "failed"))

G_DEFINE_ENUM_TYPE (LqPlaybackSource, lq_playback_source,
  G_DEFINE_ENUM_VALUE (LQ_PLAYBACK_MIX, "mix"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYBACK_MASTER, "master"),
  G_DEFINE_ENUM_VALUE (LQ_PLAYBACK_REFERENCE, "reference"))

G_DEFINE_ENUM_TYPE (LqLevelMatchMode, lq_level_match_mode,
  G_DEFINE_ENUM_VALUE (LQ_LEVEL_MATCH_OFF, "off"),
  G_DEFINE_ENUM_VALUE (LQ_LEVEL_MATCH_INTEGRATED, "integrated"),
  G_DEFINE_ENUM_VALUE (LQ_LEVEL_MATCH_LOUDEST, "loudest"),
  G_DEFINE_ENUM_VALUE (LQ_LEVEL_MATCH_LOOP, "loop"))

G_DEFINE_ENUM_TYPE (LqEngineMode, lq_engine_mode,
  G_DEFINE_ENUM_VALUE (LQ_ENGINE_MODE_TRACK, "track"),
  G_DEFINE_ENUM_VALUE (LQ_ENGINE_MODE_ALBUM, "album"),
  G_DEFINE_ENUM_VALUE (LQ_ENGINE_MODE_TRANSITIONS, "transitions"),
  G_DEFINE_ENUM_VALUE (LQ_ENGINE_MODE_IMAGE, "image"))

G_DEFINE_FLAGS_TYPE (LqMonitorFlags, lq_monitor_flags,
  G_DEFINE_ENUM_VALUE (LQ_MONITOR_NONE, "none"),
  G_DEFINE_ENUM_VALUE (LQ_MONITOR_MONO, "mono"),
  G_DEFINE_ENUM_VALUE (LQ_MONITOR_SIDE, "side"),
  G_DEFINE_ENUM_VALUE (LQ_MONITOR_POLARITY, "polarity"),
  G_DEFINE_ENUM_VALUE (LQ_MONITOR_SWAP, "swap"),
  G_DEFINE_ENUM_VALUE (LQ_MONITOR_DIM, "dim"))
