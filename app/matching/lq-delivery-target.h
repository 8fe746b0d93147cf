/* lq-delivery-target.h: where an album is going, in numbers.
 *
 * A delivery target is the loudness and peak rules of one destination: a
 * streaming service's normalisation level, a broadcast standard, the CD. The
 * matching planner (lq-match-plan.h) aims at one. The names are those
 * lq_delivery_target_normalize() accepts for the album's
 * "target" field; any number from -40 to 0 is a loudness in LUFS.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  /* The normalised name: a preset ("spotify") or the number ("-18"). */
  char name[G_ASCII_DTOSTR_BUF_SIZE];
  /* Integrated loudness in LUFS the album aims at; NAN when the destination
   * has no loudness rule (cd). */
  double integrated_lufs;
  /* Highest true peak allowed, dBTP. */
  double true_peak_ceiling_dbtp;
  /* No track may be louder than this (LUFS); NAN when there is no such rule.
   * Only AES TD1008 has one (-14). */
  double max_track_lufs;
  /* The file format the delivery requires, each 0 for any: the CD's is
   * 44100 Hz, 16-bit, 2 channels. Export defaults to it and fails files
   * that are not in it (lq-export-checks.h). */
  guint bits;
  guint rate;
  guint channels;
  /* Where the numbers come from: a short citation, not translated. */
  const char *source;
} LqDeliveryTarget;

/* Fills @out from a preset name (case-insensitive) or a loudness in LUFS from
 * -40 to 0 (ceiling -1 dBTP). Returns FALSE with LQ_ERROR_INVALID_VALUE, and
 * a message listing the presets, for anything else. */
gboolean lq_delivery_target_lookup (const char *name_or_lufs,
                                    LqDeliveryTarget *out,
                                    GError **error);

/* The preset names, NULL-terminated, in the order the CLI lists them. */
const char *const *lq_delivery_target_presets (void);

/* The preset's name as people read it ("Spotify" for "spotify", "EBU R 128"
 * for "r128"), translated; NULL for anything that is not a preset (a
 * loudness such as "-18"). */
const char *lq_delivery_target_preset_label (const char *name);

/* @target as stored: a preset's key (any case), or a loudness in LUFS from
 * -40 to 0 written as a number; NULL with @error for anything else. */
char *lq_delivery_target_normalize (const char *target, GError **error);

G_END_DECLS
