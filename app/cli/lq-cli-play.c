/* lq-cli-play.c: `lacquer-cli play`, one track of a project through the
 * realtime engine (app/engine) on an audio output device.
 *
 * Opens the project read-only, loads the track into an LqEngine as the
 * export renders it (its gap is not played), plays it from --from to its
 * end or for --duration on the device PortAudio opens at the track's rate
 * (or at the device's, resampled, when it does not take the track's),
 * and with --json prints one "play" document at the end: the device, the
 * buffer, the frames played, the xruns and underruns, and the callback's
 * own time. --album plays every track after its gap on one timeline,
 * --transitions [--seconds S] the ends and starts around each gap, --loop
 * A-B a region over and over (lq-engine.h); tracks that cannot play are
 * skipped with a line each. The sources are level-matched (--match,
 * lq-playback-levels.h; an album's each track on its own), or with --album
 * --platform NAME [--context] each track at the gain that streaming platform
 * applies to it (lq-cli-play-platform.c). On a terminal (stdin one, no --json) keys switch the
 * sources and a one-line meter is shown (lq-cli-play-terminal.c). One
 * track follows edits committed to the project while it plays
 * (LqProjectFollower: its chain settings), and play ends with one line and
 * status 1 when the device goes away. --ddp DIR plays a DDP as a CD player
 * does (lq-cli-ddp-play.c): verified first, from track 1's INDEX 01 (or
 * --track N's) across the track boundaries to the end, its samples only. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-audio-system.h"
#include "lq-cli-common.h"
#include "lq-cli-ddp-play.h"
#include "lq-cli-playback.h"
#include "lq-playback-levels.h"
#include "lq-cli-play-codec.h"
#include "lq-cli-play-platform.h"
#include "lq-cli-play-terminal.h"
#include "lq-cli-play.h"
#include "lq-cli.h"
#include "lq-engine-stream.h"
#include "lq-engine.h"
#include "lq-error.h"
#include "lq-project-follower.h"
#include "lq-project.h"

#define PROGRESS_INTERVAL_US (100 * 1000)
#define POLL_US (10 * 1000)
/* No callback for this long: the device went away (a buffer is < 0.2 s). */

/* The one line `play` prints when the device goes away, prepared before
 * the stream starts: the SIGABRT handler may only write(2) it. */
static char device_lost_line[256];
static size_t device_lost_len;
/* The progress line is on stderr: the line goes after a line break. */
static volatile sig_atomic_t progress_shown;

static void
set_device_lost_line (void)
{
  g_autofree char *shown = lq_cli_escape (_("The audio device went away while playing "
                                            "(its sound server stopped, or it was unplugged)"));

  g_snprintf (device_lost_line, sizeof device_lost_line, "\nlacquer-cli: %s\n", shown);
  device_lost_len = strlen (device_lost_line);
}

/* PortAudio 19.6's JACK back end calls abort() when the server dies under
 * a stream at the wrong moment (PortAudio issue 819; README.md). Then
 * `play` still ends with its one line and exit status 1: async-signal-safe,
 * write(2) and _exit(2) only. */
static void
device_lost_abort_cb (int signum)
{
  ssize_t ignored = write (STDERR_FILENO, device_lost_line + !progress_shown,
                           device_lost_len - !progress_shown);

  (void) ignored;
  _exit (LQ_EXIT_FAILED);
}

/* A device that stopped calling back: the line, and out without closing
 * the stream (closing it can hang or abort, PortAudio issue 819); the
 * project is open read-only, nothing is lost. */
static void
leave_device_lost (void)
{
  device_lost_abort_cb (SIGABRT);
}

static const char *const source_names[] = { "mix", "master", "reference" };

static const char *
usage_text (void)
{
  return _("lacquer-cli play PROJECT [--track N | --album | --transitions [--seconds S]] "
           "[--loop A-B] [--from SECONDS] [--duration SECONDS] "
           "[--source mix|master|reference|codec] [--reference FILE] [--codec CODEC] "
           "[--match integrated|loudest|loop|off] "
           "[--platform NAME [--context album|track] [--shuffle SEED]] "
           "[--device NAME] [--buffer FRAMES] [--json] | play --ddp DIR [--track N] [--from SECONDS] "
           "[--duration SECONDS] [--device NAME] [--buffer FRAMES] [--json]");
}

static int
usage_error (const char *message)
{
  return lq_cli_usage_error (usage_text (), message);
}

static const char *const mode_names[] = { "track", "album", "transitions", "image" };

/* [{"name", "level_match_db"}] of @results (one track's). */
static void
add_sources (JsonBuilder *b,
             const LqPlaybackLevels *levels,
             const LqPlaybackLevelResults results,
             LqLevelMatchMode match)
{
  json_builder_begin_array (b);
  for (guint s = 0; s < G_N_ELEMENTS (source_names); s++)
    {
      double db = results[match][s].gain_db;

      if (s == LQ_PLAYBACK_REFERENCE && !levels->has_reference)
        continue;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, source_names[s]);
      json_builder_set_member_name (b, "level_match_db");
      json_builder_add_double_value (b, isfinite (db) ? db : 0.0);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static JsonNode *
play_to_json (const char *device_label,
              guint rate,
              guint track_rate,
              LqEngineStream *stream,
              LqEngine *engine,
              gint64 frames_played,
              const LqPlaybackLevels *levels,
              LqLevelMatchMode match)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  LqCallbackStats stats;

  lq_engine_stream_get_callback_stats (stream, &stats);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "play");
  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, mode_names[lq_engine_get_mode (engine)]);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, device_label);
  json_builder_set_member_name (b, "sample_rate");
  json_builder_add_int_value (b, rate);
  json_builder_set_member_name (b, "resampled_from");
  if (track_rate != rate)
    json_builder_add_int_value (b, track_rate);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "buffer_frames");
  json_builder_add_int_value (b, (gint64) lq_engine_stream_get_buffer_frames (stream));
  json_builder_set_member_name (b, "latency_s");
  json_builder_add_double_value (b, lq_engine_stream_get_latency (stream));
  json_builder_set_member_name (b, "frames_played");
  json_builder_add_int_value (b, frames_played);
  json_builder_set_member_name (b, "xruns");
  json_builder_add_int_value (b, lq_engine_stream_get_xruns (stream));
  json_builder_set_member_name (b, "underruns");
  json_builder_add_int_value (b, (gint64) lq_engine_get_underruns (engine));
  json_builder_set_member_name (b, "callback_us");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "callbacks");
  json_builder_add_int_value (b, (gint64) stats.callbacks);
  json_builder_set_member_name (b, "median");
  json_builder_add_double_value (b, stats.median_us);
  json_builder_set_member_name (b, "p99");
  json_builder_add_double_value (b, stats.p99_us);
  json_builder_set_member_name (b, "max");
  json_builder_add_double_value (b, stats.max_us);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "match");
  json_builder_add_string_value (b, lq_level_match_mode_to_string (match));
  json_builder_set_member_name (b, "sources");
  add_sources (b, levels, levels->results, match);
  /* An album's or its transitions': each track's own. */
  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < levels->n_tracks; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "track");
      json_builder_add_int_value (b, lq_engine_get_track_number (engine, i));
      json_builder_set_member_name (b, "sources");
      add_sources (b, levels, levels->tracks[i], match);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* One line on stderr, rewritten in place: the position heard. */
static void
print_progress (LqEngineStream *stream,
                LqEngine *engine,
                guint rate,
                gint64 end)
{
  double pos = (double) lq_engine_stream_get_position (stream) / rate;

  /* A DDP: the CD track and its time, as a CD player shows them. */
  if (lq_engine_get_image (engine) != NULL)
    {
      g_autofree char *status = lq_cli_ddp_play_status (engine, lq_engine_stream_get_position (stream));

      /* TRANSLATORS: the progress line of a DDP: the CD track and its time, then the disc's */
      fprintf (stderr, _("\rPlaying %s  (%6.1f s / %.1f s)"), status, pos, (double) end / rate);
      fflush (stderr);
      return;
    }
  /* TRANSLATORS: the playback progress line: position / end in seconds */
  fprintf (stderr, _("\rPlaying %6.1f s / %.1f s"), pos, (double) end / rate);
  fflush (stderr);
}

static gboolean
parse_source (const char *text,
              LqPlaybackSource *source)
{
  for (guint s = 0; s < G_N_ELEMENTS (source_names); s++)
    if (g_ascii_strcasecmp (text, source_names[s]) == 0)
      {
        *source = (LqPlaybackSource) s;
        return TRUE;
      }
  return FALSE;
}

/* "A-B" in seconds, 0 <= A < B. */
static gboolean
parse_loop (const char *text, double *a, double *b)
{
  const char *dash = text != NULL ? strchr (text + (text[0] == '-'), '-') : NULL;
  g_autofree char *first = NULL;
  char *end;

  if (dash == NULL)
    return FALSE;
  first = g_strndup (text, (gsize) (dash - text));
  *a = g_ascii_strtod (first, &end);
  if (end == first || *end != '\0')
    return FALSE;
  *b = g_ascii_strtod (dash + 1, &end);
  if (end == dash + 1 || *end != '\0')
    return FALSE;
  return isfinite (*a) && isfinite (*b) && *a >= 0 && *b > *a;
}

/* The tracks a load left out: one line each. */
static void
print_skipped (LqEngine *engine)
{
  GPtrArray *skipped = lq_engine_get_skipped (engine);

  for (guint i = 0; skipped != NULL && i < skipped->len; i++)
    {
      const GError *e = g_ptr_array_index (skipped, i);
      g_autofree char *shown = lq_cli_escape (e->message);

      /* TRANSLATORS: a track album playback leaves out, and why */
      fprintf (stderr, _("lacquer-cli: skipped: %s\n"), shown);
    }
}

int
lq_cli_play (int argc,
             char **argv)
{
  g_autofree char *track_text = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *source_text = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *device_name = NULL;
  g_autofree char *buffer_text = NULL;
  g_autofree char *match_text = NULL;
  g_autofree char *seconds_text = NULL;
  g_autofree char *loop_text = NULL;
  g_autofree char *platform_text = NULL;
  g_autofree char *codec_text = NULL;
  g_autofree char *shuffle_text = NULL;
  g_autoptr(GArray) shuffled = NULL;
  double shuffle_seed = 0;
  LqCodec codec = LQ_CODEC_MP3_128;
  g_autofree char *context_text = NULL;
  LqPlatformContext platform_context = LQ_PLATFORM_CONTEXT_ALBUM;
  g_autofree char *ddp_dir = NULL;
  g_auto(GStrv) operands = NULL;
  gboolean json = FALSE, album = FALSE, transitions = FALSE;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "track", 0, 0, G_OPTION_ARG_STRING, &track_text, N_("Play track N (default 1)"), N_("N") },
    { "ddp", 0, 0, G_OPTION_ARG_FILENAME, &ddp_dir,
      N_("Play a DDP folder as a CD player does, once it verifies: from track 1’s INDEX 01 (its "
         "pregap is skipped, as from stop), or --track N’s, across the track boundaries to the end; "
         "--from counts from that INDEX 01"), N_("DIR") },
    { "album", 0, 0, G_OPTION_ARG_NONE, &album,
      N_("Play the album: every track after its gap, in order, on one timeline"), NULL },
    { "transitions", 0, 0, G_OPTION_ARG_NONE, &transitions,
      N_("Play every transition: the end of each track, the gap and the start of the next"), NULL },
    { "seconds", 0, 0, G_OPTION_ARG_STRING, &seconds_text,
      N_("Seconds of each side of a transition (default 6)"), N_("S") },
    { "loop", 0, 0, G_OPTION_ARG_STRING, &loop_text,
      N_("Play from A to B seconds over and over (until --duration)"), N_("A-B") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("Start SECONDS into the track (default 0, its first exported frame)"), N_("SECONDS") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration_text,
      N_("Stop after SECONDS (default: at the end of the track)"), N_("SECONDS") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_text,
      N_("What is heard: mix (the track with its trims and fades), master (through the chain, "
         "the default) or reference"), N_("SOURCE") },
    { "reference", 0, 0, G_OPTION_ARG_FILENAME, &reference,
      N_("A reference recording (at any sample rate)"), N_("FILE") },
    { "match", 0, 0, G_OPTION_ARG_STRING, &match_text,
      N_("Level-match the sources to the master’s loudness by their integrated loudness (the "
         "default), their loudest 3 s, the part played (loop), or not (off)"), N_("MODE") },
    { "codec", 0, 0, G_OPTION_ARG_STRING, &codec_text,
      N_("The codec source (--source codec): the master as a codec delivers it, encoded and decoded "
         "once and then cached (mp3-320, mp3-128, opus-160, opus-96, vorbis-q5, aac-256)"), N_("CODEC") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform_text,
      N_("With --album: play each track at the gain a streaming platform applies to it (as "
         "“lacquer-cli preview --platform” names them), without level matching"), N_("NAME") },
    { "context", 0, 0, G_OPTION_ARG_STRING, &context_text,
      N_("With --platform: album (one gain for the album; the default when the platform has it) "
         "or track (shuffle and playlists: each track its own)"), N_("CONTEXT") },
    { "shuffle", 0, 0, G_OPTION_ARG_STRING, &shuffle_text,
      N_("With --platform: play the tracks in an order shuffled by SEED (printed; the same seed, "
         "the same order), each at its own gain (track context)"), N_("SEED") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device_name,
      N_("The output device: any part of “host API: device” (see “lacquer-cli devices”)"), N_("NAME") },
    { "buffer", 0, 0, G_OPTION_ARG_STRING, &buffer_text,
      N_("Frames per audio callback (default 512)"), N_("FRAMES") },
    { NULL }
  };
  double track_n = 1, from_s = 0, duration_s = INFINITY, buffer = LQ_AUDIO_DEFAULT_BUFFER_FRAMES;
  double seconds = LQ_ENGINE_TRANSITION_DEFAULT_S, loop_a = 0, loop_b = 0;
  guint64 heard_at_start = 0;
  LqPlaybackSource source = LQ_PLAYBACK_MASTER;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(LqEngine) engine = NULL;
  g_autoptr(LqAudioSystem) audio = NULL;
  g_autoptr(LqAudioDevice) device = NULL;
  g_autoptr(LqEngineStream) stream = NULL;
  g_autoptr(LqProjectFollower) follower = NULL;
  g_autofree char *label = NULL;
  LqTrack *track = NULL;
  gboolean loaded, progress, interactive;
  gint64 from, end, length, from_base = 0;
  guint rate, track_rate;
  LqLevelMatchMode match = LQ_LEVEL_MATCH_INTEGRATED;
  g_auto (LqPlaybackLevels) levels = { 0 };
  double chain_gain_db, trim_in_s;
  int interrupted = 0;

  if (!lq_cli_parse ("play", _("PROJECT"),
                     _("Plays one track of a project on an audio output device, as the export renders it,\n"
                       "at the track’s sample rate, from --from to its end or for --duration.\n"
                       "With --ddp DIR it plays a DDP as a CD player does (see --ddp)."),
                     usage_text (), entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != (ddp_dir != NULL ? 0 : 1))
    return usage_error (ddp_dir != NULL ? _("play --ddp: give the DDP folder only")
                                        : _("play: give one project"));
  if (ddp_dir != NULL && (album || transitions || loop_text != NULL || source_text != NULL
                          || reference != NULL || match_text != NULL || platform_text != NULL
                          || codec_text != NULL || shuffle_text != NULL || context_text != NULL))
    return usage_error (_("--ddp plays the DDP’s samples only: give --track, --from, --duration, "
                          "--device and --buffer with it"));
  if (!lq_cli_option_number (usage_text (), "--track", track_text, TRUE, &track_n, &status)
      || !lq_cli_option_number (usage_text (), "--from", from_text, FALSE, &from_s, &status)
      || !lq_cli_option_number (usage_text (), "--duration", duration_text, FALSE, &duration_s, &status)
      || !lq_cli_option_number (usage_text (), "--buffer", buffer_text, TRUE, &buffer, &status)
      || !lq_cli_option_number (usage_text (), "--seconds", seconds_text, FALSE, &seconds, &status))
    return status;
  if ((track_text != NULL) + album + transitions > 1)
    return usage_error (_("give one of --track, --album and --transitions"));
  if (seconds_text != NULL && !transitions)
    return usage_error (_("--seconds goes with --transitions"));
  if (!(seconds > 0))
    return usage_error (_("--seconds must be more than 0"));
  if (loop_text != NULL && !parse_loop (loop_text, &loop_a, &loop_b))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a loop: give A-B in seconds, A before B"),
                                                  loop_text);

      return usage_error (message);
    }
  if (loop_text != NULL && loop_b - loop_a < LQ_ENGINE_LOOP_MIN_S)
    return usage_error (_("the loop must be at least 0.05 s long"));
  if (track_n < 1)
    return usage_error (_("--track must be 1 or more"));
  if (from_s < 0)
    return usage_error (_("--from must not be negative"));
  if (!(duration_s > 0))
    return usage_error (_("--duration must be more than 0"));
  if (buffer < 16 || buffer > 8192)
    return usage_error (_("--buffer must be between 16 and 8192 frames"));
  if (source_text != NULL && g_ascii_strcasecmp (source_text, "codec") == 0)
    source = LQ_PLAYBACK_REFERENCE;
  else if (source_text != NULL && !parse_source (source_text, &source))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a source (mix, master, reference)"), source_text);

      return usage_error (message);
    }
  if (match_text != NULL && !lq_level_match_mode_from_string (match_text, &match))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a match mode (integrated, loudest, loop, off)"),
                                                  match_text);

      return usage_error (message);
    }
  status = lq_cli_play_codec_check_options (usage_text (), source_text, codec_text, reference,
                                            album || transitions, &codec);
  if (status != LQ_EXIT_OK)
    return status;
  if (source == LQ_PLAYBACK_REFERENCE && reference == NULL && codec_text == NULL)
    return usage_error (_("--source reference needs --reference FILE"));
  status = lq_cli_play_platform_check_options (usage_text (), platform_text, context_text, album, match_text,
                                               &platform_context);
  if (status != LQ_EXIT_OK)
    return status;
  if (shuffle_text != NULL)
    {
      if (!lq_cli_option_number (usage_text (), "--shuffle", shuffle_text, TRUE, &shuffle_seed, &status))
        return status;
      if (platform_text == NULL)
        return usage_error (_("--shuffle goes with --platform"));
      if (context_text != NULL && platform_context != LQ_PLATFORM_CONTEXT_TRACK)
        return usage_error (_("--shuffle plays each track at its own gain: it does not go with --context album"));
      if (shuffle_seed < 0 || shuffle_seed > G_MAXUINT32)
        return usage_error (_("--shuffle: the seed is 0 to 4294967295"));
      platform_context = LQ_PLATFORM_CONTEXT_TRACK;
      if (!lq_platform_find (platform_text)->has_track_mode)
        {
          g_autofree char *message = g_strdup_printf (_("%s has no %s context"), platform_text, "track");

          return usage_error (message);
        }
    }
  /* The platform's gains and nothing else. */
  if (platform_text != NULL)
    match = LQ_LEVEL_MATCH_OFF;

  if (ddp_dir == NULL)
    project = lq_cli_open_project (operands[0], &error);
  if (project == NULL && ddp_dir == NULL)
    return lq_cli_fail (operands[0], error);
  engine = lq_engine_new ();
  if (ddp_dir != NULL)
    {
      status = lq_cli_ddp_play_load (ddp_dir, track_text != NULL ? (guint) track_n : 0, json, engine,
                                     &from_base);
      if (status != LQ_EXIT_OK)
        return status;
      match = LQ_LEVEL_MATCH_OFF;    /* the image's samples as they are */
    }
  else if (album || transitions)
    {
      g_autoptr(GPtrArray) tracks = g_ptr_array_new ();

      for (guint i = 1; i <= lq_project_get_n_tracks (project); i++)
        if (lq_track_get_status (lq_project_get_track (project, i)) == LQ_TRACK_STATUS_OK)
          g_ptr_array_add (tracks, lq_project_get_track (project, i));
      status = lq_cli_playback_solve (project, tracks);
      if (status != LQ_EXIT_OK)
        return status;
      loaded = shuffle_text != NULL
               ? lq_cli_play_platform_load_shuffled (project, engine, (guint32) shuffle_seed, !json, &shuffled,
                                                     &error)
               : album ? lq_engine_load_album (engine, project, &error)
                       : lq_engine_load_transitions (engine, project, seconds, &error);
      print_skipped (engine);
      if (!loaded)
        return lq_cli_fail (operands[0], error);
    }
  else
    {
      status = lq_cli_playback_load_track (project, operands[0], track_n, engine, &track,
                                           &chain_gain_db, &trim_in_s);
      if (status != LQ_EXIT_OK)
        return status;
    }
  if (reference != NULL && !lq_engine_set_reference (engine, reference, &error))
    return lq_cli_fail (reference, error);
  /* The codec source plays in the reference's place, from the same frame. */
  if (codec_text != NULL)
    {
      status = lq_cli_play_codec_load (project, track, codec, engine, json);
      if (status != LQ_EXIT_OK)
        return status;
    }
  /* A reference in the project's list plays from its cue point. */
  if (reference != NULL)
    lq_engine_set_reference_offset (engine, lq_project_get_reference_cue (project, reference));
  lq_engine_set_source (engine, source);
  rate = lq_engine_get_sample_rate (engine);
  length = lq_engine_get_length (engine);
  if (loop_text != NULL)
    {
      gint64 a = (gint64) llround (loop_a * rate), b = (gint64) llround (loop_b * rate);

      if (b > length)
        {
          g_autofree char *message = g_strdup_printf (_("--loop %s ends past the end (%.3f s)"),
                                                      loop_text, (double) length / rate);

          return usage_error (message);
        }
      /* From the loop's start unless --from is inside it. */
      if (from_text == NULL || from_s < loop_a || from_s >= loop_b)
        from_s = loop_a;
      lq_engine_set_loop (engine, a, b);
    }
  from = from_base + (gint64) llround (from_s * rate);
  if (from >= length)
    {
      g_autofree char *message = g_strdup_printf (_("--from %s is past the end of the track (%.3f s)"),
                                                  from_text, (double) length / rate);

      return usage_error (message);
    }
  end = isinf (duration_s) ? length : MIN (length, from + (gint64) llround (duration_s * rate));
  end = MAX (end, from + 1);
  /* Looping, the position never gets there: --duration counts the frames
   * heard, and the end is a seek to it (below). */
  if (loop_text != NULL)
    end = length;
  if (track != NULL)
    {
      g_autoptr(LqTrackAnalysis) ref_analysis = lq_playback_levels_reference_analysis (project, reference);

      /* LOOP: the loop, else the part played, on the source's timeline
       * the analysis has. */
      if (loop_text != NULL)
        lq_playback_levels_compute_loaded (project, track, engine, ref_analysis,
                                           reference != NULL || codec_text != NULL, &levels);
      else
        lq_playback_levels_compute (project, track, chain_gain_db, ref_analysis,
                                    reference != NULL || codec_text != NULL,
                                    trim_in_s + (double) from / rate, trim_in_s + (double) end / rate,
                                    &levels);
      lq_playback_levels_apply (&levels, match, engine);
    }
  else if (ddp_dir == NULL)
    {
      g_autoptr(LqTrackAnalysis) ref_analysis = lq_playback_levels_reference_analysis (project, reference);
      gint64 a = 0, b = 0;

      /* Each track of the album at its own gains (LOOP: the loop's track). */
      (void) lq_engine_get_loop (engine, &a, &b);
      /* A shuffled program's numbers are its order: its levels are the platform's alone. */
      if (shuffled == NULL)
        lq_playback_levels_compute_program (project, engine, ref_analysis, reference != NULL,
                                            a, b, &levels);
      lq_playback_levels_apply (&levels, match, engine);
      if (platform_text != NULL
          && !lq_cli_play_platform_apply (project, engine, platform_text, platform_context, shuffled, !json,
                                          &error))
        return lq_cli_fail (operands[0], error);
    }

  device = lq_cli_playback_open_output (device_name, &audio);
  if (device == NULL)
    return LQ_EXIT_FAILED;
  label = lq_audio_device_label (device);

  /* While the stream is open (issue 819 may also strike when it closes). */
  set_device_lost_line ();
  signal (SIGABRT, device_lost_abort_cb);
  stream = lq_engine_stream_new (engine, audio);
  if (!lq_engine_stream_start (stream, device, (gulong) buffer, from, end, &error))
    {
      g_autofree char *shown = lq_cli_escape (error->message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
      return LQ_EXIT_FAILED;
    }
  /* The device's rate when it did not take the track's. */
  track_rate = rate;
  rate = lq_engine_get_sample_rate (engine);
  end = lq_engine_stream_get_end (stream);
  if (rate != track_rate && !json)
    fprintf (stderr, _("Playing at %u Hz (the track is %u Hz): resampled; not bit-identical to the export\n"),
             rate, track_rate);
  if (!json && platform_text == NULL && ddp_dir == NULL)
    {
      g_autofree char *line = lq_playback_levels_describe (&levels, match);

      printf ("%s\n", line);
      fflush (stdout);
    }
  /* The terminal's m key would put level matching back on top of a
   * platform's gains; a DDP has no sources to switch: the progress line
   * shows its CD track. */
  interactive = ddp_dir == NULL && platform_text == NULL && lq_cli_terminal_wanted (json);
  progress = !interactive && !json && isatty (STDERR_FILENO);
  progress_shown = progress;
  heard_at_start = lq_engine_get_frames_heard (engine);
  /* Edits committed while it plays (the window, `lacquer-cli set`) are heard. */
  if (track != NULL)
    {
      follower = lq_project_follower_new (project, track, engine);
      lq_project_follower_start (follower, 0);
    }
  if (interactive)
    {
      LqCliPlayTerminal terminal = {
        .engine = engine, .stream = stream, .levels = &levels, .mode = match, .end = end, .rate = rate,
        .codec = codec_text != NULL ? lq_codec_get_id (codec) : NULL,
      };

      interrupted = lq_cli_play_terminal_run (&terminal);
      /* The terminal is itself again: now the one line. */
      if (terminal.device_lost)
        leave_device_lost ();
      /* Stopped by q or a signal: the early end is what was asked for. */
      if (terminal.quit || interrupted != 0)
        (void) lq_engine_stream_finish (stream, NULL);
    }
  {
    gint64 last = 0;

    while (lq_engine_stream_is_running (stream))
      {
        g_usleep (POLL_US);
        lq_engine_stream_test_stall_from_env (stream);
        if (lq_engine_stream_device_lost (stream, LQ_CLI_PLAY_DEVICE_LOST_S))
          leave_device_lost ();
        while (g_main_context_iteration (NULL, FALSE))
          ;
        if (loop_text != NULL && !isinf (duration_s)
            && lq_engine_get_frames_heard (engine) - heard_at_start
               >= (guint64) llround (duration_s * rate))
          {
            lq_engine_clear_loop (engine);
            lq_engine_seek (engine, end);
          }
        if (progress && g_get_monotonic_time () - last >= PROGRESS_INTERVAL_US)
          {
            print_progress (stream, engine, rate, end);
            last = g_get_monotonic_time ();
          }
      }
  }
  if (lq_engine_stream_device_lost (stream, LQ_CLI_PLAY_DEVICE_LOST_S))
    leave_device_lost ();
  if (progress)
    fprintf (stderr, "\n");
  progress_shown = FALSE;
  if (!lq_engine_stream_finish (stream, &error))
    {
      g_autofree char *shown = lq_cli_escape (error->message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
      return LQ_EXIT_FAILED;
    }
  if (interrupted != 0)
    return interrupted;
  /* Past the stream: an abort is a bug again, not the device. */
  signal (SIGABRT, SIG_DFL);
  if (json)
    lq_cli_print_json_take (play_to_json (label, rate, track_rate, stream, engine,
                                          loop_text != NULL
                                          ? (gint64) (lq_engine_get_frames_heard (engine) - heard_at_start)
                                          : lq_engine_stream_get_frames_played (stream),
                                          &levels, match));
  return LQ_EXIT_OK;
}
