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

static const struct { const char *name; const char *label; } target_labels[] = {
  { "spotify", N_("Spotify") },
  { "apple", N_("Apple Music") },
  { "youtube", N_("YouTube") },
  { "tidal", N_("TIDAL") },
  { "amazon", N_("Amazon Music") },
  { "deezer", N_("Deezer") },
  { "td1008", N_("AES TD1008") },
  { "r128", N_("EBU R 128") },
  { "cd", N_("CD") },
};

const char *
lq_target_label (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (target_labels); i++)
    if (g_ascii_strcasecmp (target_labels[i].name, name) == 0)
      return _(target_labels[i].label);

  return name;
}

char *
lq_target_name_from_label (const char *label)
{
  g_return_val_if_fail (label != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (target_labels); i++)
    if (g_utf8_collate (_(target_labels[i].label), label) == 0
        || g_ascii_strcasecmp (target_labels[i].label, label) == 0)
      return g_strdup (target_labels[i].name);

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
