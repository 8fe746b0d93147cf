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

/* How much memory one analysis took, for tests and benchmarks. Bytes filled
 * in the meters' buffers and the growing stores (capacity rounded up by the
 * allocator is not counted: pages never written take no memory). */
typedef struct
{
  /* The most held at once while the file was read (sampled after every
   * block of audio) and while the result was put together. */
  gsize peak_bytes;
  /* What the returned analysis keeps (lq_track_analysis_get_retained_size()). */
  gsize retained_bytes;
} LqAnalyzerMemory;

/* lq_analyze_file() that also reports its memory to @memory (may be NULL). */
LqTrackAnalysis *lq_analyze_file_with_memory (const char *path,
                                              GCancellable *cancellable,
                                              LqProgressFunc progress,
                                              gpointer progress_data,
                                              LqAnalyzerMemory *memory,
                                              GError **error);

G_END_DECLS
