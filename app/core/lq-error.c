/* lq-error.c */
#include "lq-error.h"

G_DEFINE_QUARK (lq-error-quark, lq_error)
