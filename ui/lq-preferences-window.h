/* lq-preferences-window.h: Lacquer's preferences.
 *
 * Playback: the output device (the caller's list of device names, and
 * "Default"), the output buffer and the default crossfade, each kept in
 * GSettings as soon as it changes ("playback-device", "playback-buffer",
 * "crossfade-ms"). Opened by app.preferences (Ctrl+comma).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LQ_TYPE_PREFERENCES_WINDOW (lq_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LqPreferencesWindow, lq_preferences_window, LQ, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The buffer sizes offered, in frames */
extern const guint lq_preferences_buffer_sizes[6];

/* @devices: a list of GtkStringObject, the outputs' names (NULL: none
 * known). */
LqPreferencesWindow *lq_preferences_window_new (GtkWindow  *parent,
                                                GSettings  *settings,
                                                GListModel *devices);

G_END_DECLS
