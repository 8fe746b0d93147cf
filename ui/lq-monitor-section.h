/* lq-monitor-section.h: how to listen: mono, side only, polarity, swapped
 * channels, dimmed.
 *
 * Five toggles and a line saying that they change what is heard only,
 * never what is exported. Each is a boolean property; the owner passes
 * them on to the playback client (its set_monitor()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LQ_TYPE_MONITOR_SECTION (lq_monitor_section_get_type ())

G_DECLARE_FINAL_TYPE (LqMonitorSection, lq_monitor_section, LQ, MONITOR_SECTION, GtkWidget)

GtkWidget *lq_monitor_section_new (void);

/* Properties "mono", "side", "polarity", "swap", "dim", by name */
gboolean lq_monitor_section_get_flag (LqMonitorSection *self,
                                      const char       *name);
void lq_monitor_section_set_flag (LqMonitorSection *self,
                                  const char       *name,
                                  gboolean          active);
/* TRUE when any is on: listening differs from the export */
gboolean lq_monitor_section_get_any (LqMonitorSection *self);

G_END_DECLS
