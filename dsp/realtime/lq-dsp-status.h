/* lq-dsp-status.h: the error codes of the realtime-safe DSP layer.
 *
 * dsp/ is plain C11 with no GLib: functions report failure through this enum,
 * never by printing.
 */
#pragma once

typedef enum
{
  LQ_OK = 0,
  LQ_ERR_NOMEM,
  LQ_ERR_INVALID,
} LqDspStatus;
