/* lq-analyzer.h: measures one audio file, streaming, on the calling thread. */
#pragma once

#include <gio/gio.h>

#include "lq-track-analysis.h"

G_BEGIN_DECLS

/* Called now and then with the fraction of the file done (0..1). */
typedef void (*LqProgressFunc) (double fraction, gpointer user_data);

/* Decodes and measures @path. On failure returns NULL with @error set; the
 * message names the reason but not the file (callers add it). Never call on
 * the GTK main thread: it blocks for as long as decoding takes. */
LqTrackAnalysis *lq_analyze_file (const char *path,
                                  GCancellable *cancellable,
                                  LqProgressFunc progress,
                                  gpointer progress_data,
                                  GError **error);

G_END_DECLS
