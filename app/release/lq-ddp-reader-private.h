/* lq-ddp-reader-private.h: what the DDP reader's files share (none of it
 * is lq-ddp-writer's) */
#pragma once

#include "lq-ddp-reader.h"

G_BEGIN_DECLS

void    _lq_ddp_add_problem  (GPtrArray  *problems,
                              const char *file,
                              gint64      offset,
                              gint        record,
                              const char *unit,
                              const char *format,
                              ...) G_GNUC_PRINTF (6, 7);
void    _lq_ddp_problem_free (gpointer    problem);
/* A small file of the set, or NULL with a problem ("missing (@why)") */
GBytes *_lq_ddp_read_small   (LqDdpImage *image,
                              const char *name,
                              const char *why);
/* The CD-Text stream: titles and performers into @image */
void    _lq_ddp_read_text    (LqDdpImage *image,
                              const char *file);

G_END_DECLS
