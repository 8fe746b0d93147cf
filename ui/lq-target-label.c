/* lq-target-label.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lq-delivery-target.h"
#include "lq-format.h"
#include "lq-target-label.h"


const char *
lq_target_label (const char *name)
{
  const char *label;

  g_return_val_if_fail (name != NULL, NULL);

  label = lq_delivery_target_preset_label (name);
  return label != NULL ? label : name;
}

char *
lq_target_name_from_label (const char *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  for (const char *const *p = lq_delivery_target_presets (); *p != NULL; p++)
    if (g_utf8_collate (lq_delivery_target_preset_label (*p), label) == 0
        || g_ascii_strcasecmp (*p, label) == 0)
      return g_strdup (*p);

  return g_strdup (label);
}

char *
lq_target_describe (const char *name)
{
  LqDeliveryTarget target;
  g_autofree char *ceiling = NULL;
  g_autofree char *lufs = NULL;
  const char *label;

  g_return_val_if_fail (name != NULL, NULL);

  if (!lq_delivery_target_lookup (name, &target, NULL))
    return g_strdup (name);

  ceiling = lq_format_value (target.true_peak_ceiling_dbtp);
  label = lq_target_label (target.name);
  if (!isfinite (target.integrated_lufs))
    /* Translators: a delivery target without a loudness rule, and its peak ceiling */
    return g_strdup_printf (_("%s: no loudness rule, %s dBTP"), label, ceiling);

  lufs = lq_format_value (target.integrated_lufs);
  if (g_strcmp0 (label, target.name) == 0)
    /* Translators: a delivery target given as a loudness: its loudness and peak ceiling */
    return g_strdup_printf (_("%s LUFS, %s dBTP"), lufs, ceiling);

  if (isfinite (target.max_track_lufs))
    {
      g_autofree char *max = lq_format_value (target.max_track_lufs);

      /* Translators: a delivery target, its album loudness, the loudest a
       * track may be, and its peak ceiling */
      return g_strdup_printf (_("%s: %s LUFS, no track above %s, %s dBTP"), label, lufs, max, ceiling);
    }

  /* Translators: a delivery target, its loudness and its peak ceiling */
  return g_strdup_printf (_("%s: %s LUFS, %s dBTP"), label, lufs, ceiling);
}
