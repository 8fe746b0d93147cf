/* lq-export-checks.c */
#include "config.h"

#include "lq-export-checks.h"

gboolean
lq_export_check_format (const char *path,
                        const LqDeliveryTarget *target,
                        char **reason)
{
  return TRUE;
}
