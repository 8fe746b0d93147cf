/* lq-cli-play-codec.c: `lacquer-cli play --track N --source codec --codec
 * ID`: the track's master as a codec delivers it (lq-codec-decoded.h),
 * played in the reference's place (app/engine/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lq-cli-common.h"
#include "lq-cli-play-codec.h"
#include "lq-cli.h"
#include "lq-codec-decoded.h"
#include "lq-error.h"

/* --source codec and --codec CODEC: one track, no --reference (the codec
 * source takes its place). LQ_EXIT_OK or the usage error's status. */
int
lq_cli_play_codec_check_options (const char *usage,
                                 const char *source_text,
                                 const char *codec_text,
                                 const char *reference,
                                 gboolean program,
                                 LqCodec *codec)
{
  gboolean codec_source = source_text != NULL && g_ascii_strcasecmp (source_text, "codec") == 0;

  if (codec_source && codec_text == NULL)
    return lq_cli_usage_error (usage, _("--source codec needs --codec CODEC"));
  if (codec_text == NULL)
    return LQ_EXIT_OK;
  if (!lq_codec_from_id (codec_text, codec))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a codec (mp3-320, mp3-128, opus-160, "
                                                    "opus-96, vorbis-q5, aac-256)"), codec_text);

      return lq_cli_usage_error (usage, message);
    }
  if (program)
    return lq_cli_usage_error (usage, _("--codec plays one track (--track N)"));
  if (reference != NULL)
    return lq_cli_usage_error (usage, _("--codec takes the reference’s place: give one of --codec and --reference"));
  return LQ_EXIT_OK;
}

/* The decoded file of @track's master through @codec (made now when it is
 * not cached: a line on stderr says so), loaded as the reference
 * (lq-codec-decoded.h: aligned with the master from its first frame). */
int
lq_cli_play_codec_load (LqProject *project,
                        LqTrack *track,
                        LqCodec codec,
                        LqEngine *engine,
                        gboolean json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCodecDecodedJob) job = lq_codec_decoded_job_new (project, track, codec, &error);
  g_autofree char *decoded = NULL;

  if (job == NULL)
    return lq_cli_fail (lq_track_get_path (track), error);
  if (!json && !g_file_test (lq_codec_decoded_job_get_path (job), G_FILE_TEST_IS_REGULAR))
    {
      /* TRANSLATORS: the codec's id; done once per master, then cached */
      fprintf (stderr, _("Encoding and decoding the master with %s (once: it is cached)…\n"),
               lq_codec_get_id (codec));
      fflush (stderr);
    }
  decoded = lq_codec_decoded_job_run (job, NULL, NULL, &error);
  if (decoded == NULL)
    return lq_cli_fail (lq_track_get_path (track), error);
  if (!lq_engine_set_reference (engine, decoded, &error))
    return lq_cli_fail (decoded, error);
  lq_engine_set_reference_offset (engine, 0.0);
  return LQ_EXIT_OK;
}
