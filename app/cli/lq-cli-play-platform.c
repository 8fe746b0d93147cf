/* lq-cli-play-platform.c: the album as a streaming platform plays it.
 *
 * The platform's gains come from app/release (lq-platform.h: the same
 * preview `lacquer-cli preview --platform` prints) and reach the engine as
 * per-track level-match gains: the engine cannot see app/release, so the
 * command line computes and hands them over. The platform's limiter (Spotify
 * "loud") is not played: a track it would limit plays that much quieter
 * (lq_platform_track_get_listening_gain_db()), and a line says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "lq-cli-common.h"
#include "lq-cli-platform-table.h"
#include "lq-cli-play-platform.h"
#include "lq-cli.h"
#include "lq-error.h"
#include "lq-render-gain.h"

gboolean
lq_cli_play_platform_parse_context (const char *text,
                                    LqPlatformContext *context)
{
  if (g_ascii_strcasecmp (text, "album") == 0)
    *context = LQ_PLATFORM_CONTEXT_ALBUM;
  else if (g_ascii_strcasecmp (text, "track") == 0 || g_ascii_strcasecmp (text, "shuffle") == 0
           || g_ascii_strcasecmp (text, "playlist") == 0)
    *context = LQ_PLATFORM_CONTEXT_TRACK;
  else
    return FALSE;
  return TRUE;
}

/* --platform NAME [--context album|track]: with --album, a known
 * platform, no --match. LQ_EXIT_OK or the usage error's status. */
int
lq_cli_play_platform_check_options (const char *usage,
                                    const char *platform,
                                    const char *context_text,
                                    gboolean album,
                                    const char *match_text,
                                    LqPlatformContext *context)
{
  if (platform == NULL)
    return context_text == NULL ? LQ_EXIT_OK : lq_cli_usage_error (usage, _("--context goes with --platform"));
  if (!album)
    return lq_cli_usage_error (usage, _("--platform goes with --album"));
  if (match_text != NULL)
    return lq_cli_usage_error (usage, _("--platform plays the platform’s gains: it does not go with --match"));
  if (lq_platform_find (platform) == NULL)
    {
      g_autofree char *ids = lq_platform_dup_ids ();
      g_autofree char *message = g_strdup_printf (_("unknown platform “%s”; the platforms are %s"),
                                                  platform, ids);

      return lq_cli_usage_error (usage, message);
    }
  /* By default the album's when the platform has one. */
  *context = lq_platform_find (platform)->has_album_mode ? LQ_PLATFORM_CONTEXT_ALBUM : LQ_PLATFORM_CONTEXT_TRACK;
  if (context_text != NULL && !lq_cli_play_platform_parse_context (context_text, context))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a context (album, track)"), context_text);

      return lq_cli_usage_error (usage, message);
    }
  if ((*context == LQ_PLATFORM_CONTEXT_ALBUM && !lq_platform_find (platform)->has_album_mode)
      || (*context == LQ_PLATFORM_CONTEXT_TRACK && !lq_platform_find (platform)->has_track_mode))
    {
      /* TRANSLATORS: a platform without that context, e.g. no album mode */
      g_autofree char *message = g_strdup_printf (_("%s has no %s context"), platform,
                                                  lq_platform_context_to_string (*context));

      return lq_cli_usage_error (usage, message);
    }
  return LQ_EXIT_OK;
}

/* The project's number of engine track @index. */
static guint
track_number (LqEngine *engine,
              const GArray *order,
              guint index)
{
  guint n = lq_engine_get_track_number (engine, index);

  if (order == NULL)
    return n;
  return n >= 1 && n <= order->len ? g_array_index (order, guint, n - 1) : 0;
}

static void
print_table (const LqPlatformPlayback *pb,
             LqEngine *engine,
             const GArray *order)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));

  /* The project's track numbers in the order played. */
  for (guint i = 0; i < lq_engine_get_n_tracks (engine); i++)
    {
      guint number = track_number (engine, order, i);

      g_array_append_val (numbers, number);
    }
  /* TRANSLATORS: the platform's name, "album" or "shuffle", its target */
  g_string_append_printf (s, _("Playing as %s plays it, %s: %.1f LUFS (no level matching on top)"),
                          pb->platform->name,
                          pb->context == LQ_PLATFORM_CONTEXT_ALBUM ? _("album") : _("shuffle"),
                          pb->platform->target_lufs);
  g_string_append_c (s, '\n');
  lq_cli_platform_table_append (s, pb, numbers, FALSE);
  for (guint i = 0; i < numbers->len; i++)
    {
      const LqPlatformTrack *tr = lq_cli_platform_table_find_track (pb, g_array_index (numbers, guint, i));

      if (tr != NULL && tr->limited_db > 0)
        /* TRANSLATORS: a track the platform's player limiter would act on */
        g_string_append_printf (s, _("Track %u: %s’s limiter would take %.1f dB off its peaks; "
                                     "this playback has no limiter and plays the track that much "
                                     "quieter, its peaks where the limiter would hold them\n"),
                                tr->number, pb->platform->name, tr->limited_db);
    }
  fputs (s->str, stdout);
  fflush (stdout);
}

gboolean
lq_cli_play_platform_load_shuffled (LqProject *project,
                                    LqEngine *engine,
                                    guint32 seed,
                                    gboolean print,
                                    GArray **order,
                                    GError **error)
{
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree LqRenderSpec *specs = NULL;
  gboolean loaded;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (LQ_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (order != NULL, FALSE);

  for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
    if (lq_track_get_status (lq_project_get_track (project, i)) == LQ_TRACK_STATUS_OK)
      g_array_append_val (numbers, i);
  /* Fisher-Yates. */
  for (guint i = numbers->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint t = g_array_index (numbers, guint, i - 1);

      g_array_index (numbers, guint, i - 1) = g_array_index (numbers, guint, j);
      g_array_index (numbers, guint, j) = t;
    }
  specs = g_new0 (LqRenderSpec, MAX (numbers->len, 1));
  for (guint i = 0; i < numbers->len; i++)
    (void) lq_render_spec_init_playback (&specs[i], project,
                                         lq_project_get_track (project, g_array_index (numbers, guint, i)));
  loaded = lq_engine_load_specs (engine, LQ_ENGINE_MODE_ALBUM, specs, numbers->len, 0, error);
  for (guint i = 0; i < numbers->len; i++)
    lq_render_spec_clear (&specs[i]);
  if (!loaded)
    return FALSE;
  if (print)
    {
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; i < numbers->len; i++)
        g_string_append_printf (s, i == 0 ? "%u" : ", %u", g_array_index (numbers, guint, i));
      /* TRANSLATORS: the seed, then the track numbers in the order played */
      printf (_("Shuffled (seed %u): %s\n"), seed, s->str);
      fflush (stdout);
    }
  *order = g_steal_pointer (&numbers);
  return TRUE;
}

gboolean
lq_cli_play_platform_apply (LqProject *project,
                            LqEngine *engine,
                            const char *platform_id,
                            LqPlatformContext context,
                            const GArray *order,
                            gboolean print,
                            GError **error)
{
  g_autoptr(LqPlatformPreview) preview = NULL;
  const LqPlatformPlayback *pb;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (LQ_IS_ENGINE (engine), FALSE);
  g_return_val_if_fail (platform_id != NULL, FALSE);

  preview = lq_platform_preview_new (project, platform_id, error);
  if (preview == NULL)
    return FALSE;
  pb = lq_platform_preview_find (preview, platform_id, context);
  if (pb == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   /* TRANSLATORS: a platform without that context, e.g. no album mode */
                   _("%s has no %s context"), platform_id, lq_platform_context_to_string (context));
      return FALSE;
    }
  for (guint s = LQ_PLAYBACK_MIX; s <= LQ_PLAYBACK_REFERENCE; s++)
    lq_engine_set_match_gain_db (engine, (LqPlaybackSource) s, 0.0);
  for (guint i = 0; i < lq_engine_get_n_tracks (engine); i++)
    {
      const LqPlatformTrack *tr = lq_cli_platform_table_find_track (pb, track_number (engine, order, i));
      double db = tr != NULL ? lq_platform_track_get_listening_gain_db (tr) : 0.0;

      lq_engine_set_track_match_gains (engine, i, db, db, db);
    }
  if (print)
    print_table (pb, engine, order);
  return TRUE;
}
