/* lq-window-private.h: what the UI tests may look at inside LqWindow. */
#pragma once

#include "lq-window.h"

G_BEGIN_DECLS

/* The rows shown: LqTrackItem, in album order. */
GListModel *_lq_window_get_tracks (LqWindow *self);
/* The number of toasts shown so far, and the text of the last one. */
guint _lq_window_get_n_toasts (LqWindow *self);
const char *_lq_window_get_last_toast (LqWindow *self);
/* "empty", "busy" or "tracks". */
const char *_lq_window_get_page (LqWindow *self);

G_END_DECLS
