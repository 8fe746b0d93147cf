/* lq-window-actions.h: the window's actions (win.*), their shortcuts, and
 * what their file choosers do with the files chosen.
 *
 * The actions reach the window through its public API, its properties and
 * its actions only (lq-window.h).
 */
#pragma once

#include "lq-window.h"

G_BEGIN_DECLS

/* From lq_window_class_init(): installs the actions and their shortcuts. */
void _lq_window_actions_install (GtkWidgetClass *widget_class);
/* From lq_window_init() */
void _lq_window_actions_init (LqWindow *self);
/* Enables what the project shown, its selected track and the window's
 * busy state allow. */
void _lq_window_actions_update (LqWindow *self);

G_END_DECLS
