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
} LqError;

GQuark lq_error_quark (void);

G_END_DECLS
