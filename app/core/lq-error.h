/* lq-error.h: Lacquer's error domain for the domain layer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LQ_ERROR (lq_error_quark ())

typedef enum
{
  LQ_ERROR_FAILED,
  LQ_ERROR_NOT_FOUND,            /* the file does not exist */
  LQ_ERROR_NOT_REGULAR,          /* a directory, a device, ... */
  LQ_ERROR_NOT_AUDIO,            /* not a format libsndfile can decode */
  LQ_ERROR_EMPTY,                /* a valid file with no audio frames */
  LQ_ERROR_TRUNCATED,            /* fewer frames than the header promises */
  LQ_ERROR_UNSUPPORTED_CHANNELS, /* more than two channels */
  LQ_ERROR_NONFINITE,            /* NaN or infinite samples */
  LQ_ERROR_IO,                   /* a read failed */
  LQ_ERROR_NOT_PROJECT,          /* not a Lacquer project file */
  LQ_ERROR_NEWER_FORMAT,         /* a project from a newer Lacquer */
  LQ_ERROR_CORRUPT,              /* a damaged project file */
  LQ_ERROR_LOCKED,               /* open for writing in another process */
  LQ_ERROR_READ_ONLY,            /* the project or its disk is read-only */
  LQ_ERROR_DISK_FULL,            /* no space left for the edit */
  LQ_ERROR_EXISTS,               /* a file that must not exist yet does */
  LQ_ERROR_INVALID_VALUE,        /* an edit's value is not allowed */
  LQ_ERROR_NOTHING_TO_UNDO,      /* undo/redo with an empty history */
  LQ_ERROR_NOT_ANALYSED,         /* a track has no analysis yet */
} LqError;

GQuark lq_error_quark (void);

G_END_DECLS
