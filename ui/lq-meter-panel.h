/* lq-meter-panel.h: the live meters of what is playing.
 *
 * Momentary, short-term and integrated loudness, true peak with its hold,
 * the stereo correlation and the peak-to-loudness ratio, each drawn as a bar
 * with its scale ticks and written out beside it. The values come as one
 * plain struct (the playback client's last meter snapshot), so the panel
 * knows nothing of where they come from. A value that does not exist is an
 * em dash (NaN) or "−∞" (the -inf of silence).
 *
 * Each bar is a meter to assistive technologies (its value and its text);
 * those are brought up to date at most four times a second, so a screen
 * reader is not flooded while the meters move.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Mirrors the playback client's meter snapshot. */
typedef struct
{
  double momentary;      /* LUFS */
  double short_term;     /* LUFS */
  double integrated;     /* LUFS */
  double true_peak;      /* dBTP */
  double true_peak_hold; /* dBTP */
  double correlation;    /* -1 to 1 */
  double plr;            /* dB */
} LqMeterValues;

typedef enum
{
  LQ_METER_MOMENTARY,
  LQ_METER_SHORT_TERM,
  LQ_METER_INTEGRATED,
  LQ_METER_TRUE_PEAK,
  LQ_METER_CORRELATION,
  LQ_METER_PLR,
  LQ_METER_N_KINDS
} LqMeterKind;

/* Every value NaN: nothing measured yet. */
void lq_meter_values_init (LqMeterValues *values);

#define LQ_TYPE_METER_PANEL (lq_meter_panel_get_type ())

G_DECLARE_FINAL_TYPE (LqMeterPanel, lq_meter_panel, LQ, METER_PANEL, GtkWidget)

GtkWidget *lq_meter_panel_new (void);

void lq_meter_panel_set_values (LqMeterPanel        *self,
                                const LqMeterValues *values);
void lq_meter_panel_get_values (LqMeterPanel  *self,
                                LqMeterValues *values);
/* Back to nothing measured (a new track, or playback stopped). */
void lq_meter_panel_clear (LqMeterPanel *self);

/* The text shown for @kind: "-14.2 LUFS", "−∞", "—", "0.87"; the true peak
 * says its hold too: "-1.2 dBTP (hold -0.8)". */
char *lq_meter_panel_dup_text (LqMeterPanel *self,
                               LqMeterKind   kind);
/* The bar that shows @kind (a GTK_ACCESSIBLE_ROLE_METER). */
GtkWidget *lq_meter_panel_get_bar (LqMeterPanel *self,
                                   LqMeterKind   kind);

G_END_DECLS
