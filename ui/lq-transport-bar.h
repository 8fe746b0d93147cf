/* lq-transport-bar.h: the controls of playback, at the bottom of the window.
 *
 * Play/pause and stop, where playback is ("1:02.3 / 3:07.0"), the track
 * playing, which source is heard (Mix, Master or Reference, each with the
 * gain that matches its loudness: "Master -2.1 dB"), how the sources are
 * level-matched, the crossfade between them, looping, and the monitor
 * section (LqMonitorSection, in a popover).
 *
 * It holds state and says what the user asked for; it plays nothing. Its
 * owner sets the properties from the playback client and listens:
 * "play-pause" and "stop" are signals; a change of source, mode,
 * crossfade or loop by the user is a notification of that property (as is
 * a change from the owner: compare with the client's own state before
 * passing it on).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "lq-monitor-section.h"

G_BEGIN_DECLS

/* In the playback client's order */
typedef enum
{
  LQ_TRANSPORT_SOURCE_MIX,
  LQ_TRANSPORT_SOURCE_MASTER,
  LQ_TRANSPORT_SOURCE_REFERENCE,
  LQ_TRANSPORT_N_SOURCES
} LqTransportSource;

typedef enum
{
  LQ_TRANSPORT_MATCH_INTEGRATED,
  LQ_TRANSPORT_MATCH_LOUDEST,
  LQ_TRANSPORT_MATCH_LOOP,
  LQ_TRANSPORT_MATCH_OFF,
  LQ_TRANSPORT_N_MATCH_MODES
} LqTransportMatchMode;

#define LQ_TRANSPORT_CROSSFADE_MAX_MS 500.0

#define LQ_TYPE_TRANSPORT_BAR (lq_transport_bar_get_type ())

G_DECLARE_FINAL_TYPE (LqTransportBar, lq_transport_bar, LQ, TRANSPORT_BAR, GtkWidget)

GtkWidget *lq_transport_bar_new (void);

/* "1:02.3", "62:05.0" (minutes, seconds and tenths, truncated); "—" when
 * not finite or negative. */
char *lq_transport_bar_format_time (double seconds);

/* "playing" */
void lq_transport_bar_set_playing (LqTransportBar *self,
                                   gboolean        playing);
gboolean lq_transport_bar_get_playing (LqTransportBar *self);
/* "position", "length" (seconds) */
void lq_transport_bar_set_position (LqTransportBar *self,
                                    double          position);
double lq_transport_bar_get_position (LqTransportBar *self);
void lq_transport_bar_set_length (LqTransportBar *self,
                                  double          length);
double lq_transport_bar_get_length (LqTransportBar *self);
/* "track-title" (NULL: nothing loaded) */
void lq_transport_bar_set_track_title (LqTransportBar *self,
                                       const char     *title);
const char *lq_transport_bar_get_track_title (LqTransportBar *self);
/* "source" */
void lq_transport_bar_set_source (LqTransportBar    *self,
                                  LqTransportSource  source);
LqTransportSource lq_transport_bar_get_source (LqTransportBar *self);
/* "mix-gain", "master-gain", "reference-gain": the level-match gain of
 * each source in dB (NAN: none shown) */
void lq_transport_bar_set_gains (LqTransportBar *self,
                                 double          mix_db,
                                 double          master_db,
                                 double          reference_db);
double lq_transport_bar_get_gain (LqTransportBar    *self,
                                  LqTransportSource  source);
/* "mode" */
void lq_transport_bar_set_mode (LqTransportBar       *self,
                                LqTransportMatchMode  mode);
LqTransportMatchMode lq_transport_bar_get_mode (LqTransportBar *self);
/* "crossfade-ms", 0 to 500 */
void lq_transport_bar_set_crossfade_ms (LqTransportBar *self,
                                        double          ms);
double lq_transport_bar_get_crossfade_ms (LqTransportBar *self);
/* "loop-active" */
void lq_transport_bar_set_loop_active (LqTransportBar *self,
                                       gboolean        active);
gboolean lq_transport_bar_get_loop_active (LqTransportBar *self);
/* "can-play": play, stop and the position work (a player and a track) */
void lq_transport_bar_set_can_play (LqTransportBar *self,
                                    gboolean        can_play);
gboolean lq_transport_bar_get_can_play (LqTransportBar *self);
/* "has-master", "has-reference": those sources can be chosen */
void lq_transport_bar_set_has_master (LqTransportBar *self,
                                      gboolean        has_master);
void lq_transport_bar_set_has_reference (LqTransportBar *self,
                                         gboolean        has_reference);

LqMonitorSection *lq_transport_bar_get_monitor_section (LqTransportBar *self);
/* The reference chooser: its model and choice are the window's (item 0:
 * none, then the album's references in order). */
GtkDropDown *lq_transport_bar_get_reference_dropdown (LqTransportBar *self);
/* What the Reference button says instead of "Reference" (a codec, or
 * "Encoding…" while its file is made), or NULL for "Reference". */
void lq_transport_bar_set_reference_name (LqTransportBar *self,
                                          const char     *name);
const char *lq_transport_bar_get_reference_name (LqTransportBar *self);
/* The label of @source's toggle: "Master -2.1 dB" */
char *lq_transport_bar_dup_source_label (LqTransportBar    *self,
                                         LqTransportSource  source);
/* The position label's text: "1:02.3 / 3:07.0" */
const char *lq_transport_bar_get_time_text (LqTransportBar *self);

G_END_DECLS
