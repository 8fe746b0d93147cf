/* lq-delivery-target.c */
#include "config.h"

#include "lq-delivery-target.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "lq-error.h"
#include "lq-text.h"

typedef struct
{
  const char *name;
  double integrated_lufs;
  double true_peak_ceiling_dbtp;
  double max_track_lufs;
  guint bits;
  guint rate;
  guint channels;
  const char *source;
} Preset;

/* The delivery targets the matching planner knows (or a number in LUFS). */
static const char *const targets[] = {
  "spotify", "apple", "youtube", "tidal", "amazon", "deezer", "td1008", "r128", "cd", NULL
};

char *
lq_delivery_target_normalize (const char *target,
                              GError **error)
{
  double lufs;

  for (guint i = 0; targets[i] != NULL; i++)
    if (g_ascii_strcasecmp (target, targets[i]) == 0)
      return g_strdup (targets[i]);

  if (lq_text_parse_double (target, &lufs) && lufs >= -40.0 && lufs <= 0.0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, lufs));
    }

  {
    g_autofree char *list = g_strjoinv (", ", (char **) targets);
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("“%s” is not a delivery target; choose one of %s, or a loudness in LUFS "
                   "from -40 to 0"), target, list);
  }
  return NULL;
}

/* Keep in step with the targets lq_delivery_target_normalize() accepts, and with the
 * table of sources in the README. */
static const Preset presets[] = {
  { "spotify", -14.0, -1.0, NAN, 0, 0, 0,
    "Spotify for Artists: Loudness normalization (−14 LUFS, −1 dBTP)" },
  { "apple", -16.0, -1.0, NAN, 0, 0, 0,
    "Apple Digital Masters / Sound Check; AES TD1008 (−16 LUFS, −1 dBTP)" },
  { "youtube", -14.0, -1.0, NAN, 0, 0, 0,
    "YouTube playback normalization; AES TD1008 (−14 LUFS, −1 dBTP)" },
  { "tidal", -14.0, -1.0, NAN, 0, 0, 0,
    "TIDAL loudness normalization; AES TD1008 (−14 LUFS, −1 dBTP)" },
  { "amazon", -14.0, -2.0, NAN, 0, 0, 0,
    "Amazon Music for Artists: audio specifications (−14 LUFS, −2 dBTP)" },
  { "deezer", -15.0, -1.0, NAN, 0, 0, 0,
    "Deezer: loudness normalization (−15 LUFS, −1 dBTP)" },
  { "td1008", -16.0, -1.0, -14.0, 0, 0, 0,
    "AES TD1008: album −16 LUFS, no track louder than −14 LUFS, −1 dBTP" },
  { "r128", -23.0, -1.0, NAN, 0, 0, 0,
    "EBU R 128 (−23 LUFS, −1 dBTP maximum true peak)" },
  { "cd", NAN, -0.3, NAN, 16, 44100, 2,
    "Red Book CD (IEC 60908): 44.1 kHz, 16-bit stereo, no loudness rule; −0.3 dBTP customary" },
};

static const char *const preset_names[] = {
  "spotify", "apple", "youtube", "tidal", "amazon", "deezer", "td1008", "r128", "cd", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (presets) + 1 == G_N_ELEMENTS (preset_names));

const char *const *
lq_delivery_target_presets (void)
{
  return preset_names;
}

gboolean
lq_delivery_target_lookup (const char *name_or_lufs,
                           LqDeliveryTarget *out,
                           GError **error)
{
  g_autofree char *normal = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (name_or_lufs != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = g_strstrip (g_strdup (name_or_lufs));
  normal = lq_delivery_target_normalize (text, error);
  if (normal == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (normal, presets[i].name))
      {
        g_strlcpy (out->name, presets[i].name, sizeof out->name);
        out->integrated_lufs = presets[i].integrated_lufs;
        out->true_peak_ceiling_dbtp = presets[i].true_peak_ceiling_dbtp;
        out->max_track_lufs = presets[i].max_track_lufs;
        out->bits = presets[i].bits;
        out->rate = presets[i].rate;
        out->channels = presets[i].channels;
        out->source = presets[i].source;
        return TRUE;
      }

  /* lq_delivery_target_normalize() accepted a number from -40 to 0 (a preset name
   * it knows but this table does not would be a bug: the assertion above
   * keeps both lists the same length). */
  g_strlcpy (out->name, normal, sizeof out->name);
  out->integrated_lufs = g_ascii_strtod (normal, NULL);
  out->true_peak_ceiling_dbtp = -1.0;
  out->max_track_lufs = NAN;
  out->bits = 0;
  out->rate = 0;
  out->channels = 0;
  out->source = "A loudness given in LUFS; −1 dBTP ceiling as EBU R 128 and AES TD1008 advise";
  g_assert (isfinite (out->integrated_lufs));
  return TRUE;
}

static const struct { const char *name; const char *label; } preset_labels[] = {
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
G_STATIC_ASSERT (G_N_ELEMENTS (preset_labels) == G_N_ELEMENTS (presets));

const char *
lq_delivery_target_preset_label (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (preset_labels); i++)
    if (g_ascii_strcasecmp (preset_labels[i].name, name) == 0)
      return _(preset_labels[i].label);
  return NULL;
}
