/* lq-cli-abx.c: `lacquer-cli abx`, a blind ABX test of two sources of a
 * track on a terminal.
 *
 * An LqAbxSession (lq-abx-session.h) says what X is; the engine plays the
 * part of the track asked for (--from, --duration) over and over,
 * level-matched (--match, lq-playback-levels.h), switching between A, B
 * and X with a crossfade as `play` does. Every trial starts on A from the
 * start of the part, so nothing heard at a trial's start tells what its X
 * is; the status line names only A, B or X and the position, not the
 * source or its levels. Each answer is logged (time, what X was, the
 * answer); at the end the result is printed and kept in the project with
 * both sources' fingerprints (lq_project_save_abx(); `abx-results` lists
 * it), or only printed when the project cannot be written. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "lq-abx-sources.h"
#include "lq-audio-system.h"
#include "lq-cli-abx.h"
#include "lq-cli-common.h"
#include "lq-cli-playback.h"
#include "lq-playback-levels.h"
#include "lq-cli-play-terminal.h"
#include "lq-cli.h"
#include "lq-engine-stream.h"
#include "lq-error.h"

/* Below this p-value the listener could tell A from B. */
#define ABX_SIGNIFICANCE 0.05
/* How long before the end of the part playback goes back to its start. */
#define LOOP_MARGIN_S 0.3

typedef enum
{
  LISTEN_A,
  LISTEN_B,
  LISTEN_X,
} Listen;

typedef struct
{
  LqAbxSession *session;
  LqEngine *engine;
  LqEngineStream *stream;
  const LqAudioDevice *device;
  gulong buffer;
  LqPlaybackSource sources[2];   /* A, B */
  Listen listen;
  gint64 from, end;
  guint rate;
  gboolean quit;
  GError *error;                  /* playback failed */
} AbxRun;

static const char *
usage_text (void)
{
  return _("lacquer-cli abx PROJECT --a SOURCE --b SOURCE [--track N] [--trials N] [--seed S] "
           "[--from SECONDS] [--duration SECONDS] [--reference N|FILE] "
           "[--match integrated|loudest|loop|off] [--device NAME] [--buffer FRAMES]");
}

static int
usage_error (const char *message)
{
  return lq_cli_usage_error (usage_text (), message);
}

static LqPlaybackSource
heard_source (AbxRun *run)
{
  switch (run->listen)
    {
    case LISTEN_A:
      return run->sources[LQ_ABX_A];
    case LISTEN_B:
      return run->sources[LQ_ABX_B];
    case LISTEN_X:
    default:
      return run->sources[lq_abx_session_get_x (run->session)];
    }
}

static void
abx_tick_cb (LqCliTerminal *terminal,
             gpointer user_data)
{
  AbxRun *run = user_data;
  static const char *const labels[] = { "A", "B", "X" };
  gint64 margin = MIN ((gint64) (LOOP_MARGIN_S * run->rate), (run->end - run->from) / 2);
  g_autofree char *position = NULL;
  g_autofree char *line = NULL;
  double pos;

  /* The part again from its start, before the stream reaches its end. */
  if (lq_engine_stream_is_running (run->stream) && lq_engine_get_position (run->engine) >= run->end - margin)
    lq_engine_seek (run->engine, run->from);
  if (!lq_engine_stream_is_running (run->stream))
    {
      /* It ended all the same (or the device was lost): start it again,
       * or stop with the device's error. */
      (void) lq_engine_stream_finish (run->stream, NULL);
      lq_engine_set_source (run->engine, heard_source (run));
      if (!lq_engine_stream_start (run->stream, run->device, run->buffer, run->from, run->end, &run->error))
        {
          lq_cli_terminal_quit (terminal);
          return;
        }
    }
  pos = (double) (lq_engine_get_position (run->engine) - run->from) / run->rate;
  /* TRANSLATORS: the ABX status line: the trial of all, what is heard
   * (A, B or X), the position in the part played in seconds */
  line = g_strdup_printf (_("Trial %u of %u  listening to %s  %5.1f s%s"),
                          lq_abx_session_get_n_answered (run->session) + 1,
                          lq_abx_session_get_n_trials (run->session), labels[run->listen], MAX (pos, 0.0),
                          lq_engine_get_playing (run->engine) ? "" : _("  (paused)"));
  lq_cli_terminal_status (terminal, line);
}

static void
listen (AbxRun *run,
        Listen listen)
{
  run->listen = listen;
  lq_engine_set_source (run->engine, heard_source (run));
}

static void
answer (LqCliTerminal *terminal,
        AbxRun *run,
        LqAbxChoice said)
{
  guint n;
  const LqAbxTrial *trials;
  const LqAbxTrial *trial;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *when = NULL;
  g_autofree char *line = NULL;
  gboolean right = lq_abx_session_answer (run->session, said);

  trials = lq_abx_session_get_trials (run->session, &n);
  trial = &trials[n - 1];
  time = g_date_time_new_from_unix_local (trial->time_us / G_USEC_PER_SEC);
  when = g_date_time_format (time, "%H:%M:%S");
  /* TRANSLATORS: one answered ABX trial: its number, the number of
   * trials, the time, what X was (A or B), the answer (A or B), right or
   * wrong */
  line = g_strdup_printf (_("Trial %u of %u at %s: X was %s, you said %s: %s"), n,
                          lq_abx_session_get_n_trials (run->session), when,
                          trial->x == LQ_ABX_A ? "A" : "B", trial->answer == LQ_ABX_A ? "A" : "B",
                          right ? _("right") : _("wrong"));
  lq_cli_terminal_print (terminal, line);
  if (lq_abx_session_is_finished (run->session))
    {
      lq_cli_terminal_quit (terminal);
      return;
    }
  /* The next trial from A at the start: what is heard when it begins says
   * nothing about its X. */
  listen (run, LISTEN_A);
  lq_engine_seek (run->engine, run->from);
}

static void
abx_key_cb (LqCliTerminal *terminal,
            const LqCliKey *key,
            gpointer user_data)
{
  AbxRun *run = user_data;

  if (key->type != LQ_CLI_KEY_CHAR)
    return;
  switch (key->ch)
    {
    case 'a':
    case 'A':
      listen (run, LISTEN_A);
      break;
    case 'b':
    case 'B':
      listen (run, LISTEN_B);
      break;
    case 'x':
    case 'X':
      listen (run, LISTEN_X);
      break;
    case '1':
      answer (terminal, run, LQ_ABX_A);
      break;
    case '2':
      answer (terminal, run, LQ_ABX_B);
      break;
    case ' ':
      if (lq_engine_get_playing (run->engine))
        lq_engine_pause (run->engine);
      else
        lq_engine_play (run->engine);
      break;
    case 'q':
    case 'Q':
      run->quit = TRUE;
      lq_cli_terminal_quit (terminal);
      return;
    default:
      return;
    }
  if (!lq_abx_session_is_finished (run->session))
    abx_tick_cb (terminal, run);
}

static void
print_result (LqAbxSession *session)
{
  guint correct = lq_abx_session_get_correct (session);
  guint n = lq_abx_session_get_n_answered (session);
  double p = lq_abx_session_get_p_value (session);

  /* TRANSLATORS: the ABX result: right answers, trials, the p-value */
  printf (_("%u of %u right, p = %.4f\n"), correct, n, p);
  if (p < ABX_SIGNIFICANCE)
    /* TRANSLATORS: %.2g: the p-value */
    printf (_("You could tell them apart (p = %.2g)\n"), p);
  else
    printf ("%s\n", _("No evidence you could tell them apart"));
}

/* The project for writing, or read-only when it cannot be written (its
 * folder is read-only, or the window holds it): *@why says so. */
static LqProject *
open_project (const char *path,
              char **why,
              GError **error)
{
  g_autoptr(GError) writable_error = NULL;
  LqProject *project = lq_project_open (path, FALSE, &writable_error);

  if (project != NULL)
    return project;
  if (!g_error_matches (writable_error, LQ_ERROR, LQ_ERROR_READ_ONLY)
      && !g_error_matches (writable_error, LQ_ERROR, LQ_ERROR_LOCKED))
    {
      g_propagate_error (error, g_steal_pointer (&writable_error));
      return NULL;
    }
  project = lq_project_open (path, TRUE, error);
  if (project != NULL)
    *why = g_strdup (writable_error->message);
  return project;
}

int
lq_cli_abx (int argc,
            char **argv)
{
  g_autofree char *track_text = NULL, *trials_text = NULL, *seed_text = NULL;
  g_autofree char *from_text = NULL, *duration_text = NULL, *a_text = NULL, *b_text = NULL;
  g_autofree char *reference_arg = NULL, *match_text = NULL, *device_name = NULL, *buffer_text = NULL;
  g_auto(GStrv) operands = NULL;
  int status = LQ_EXIT_OK;
  const GOptionEntry entries[] = {
    { "track", 0, 0, G_OPTION_ARG_STRING, &track_text, N_("Compare in track N (default 1)"), N_("N") },
    { "a", 0, 0, G_OPTION_ARG_STRING, &a_text, N_("Source A: mix, master or reference"), N_("SOURCE") },
    { "b", 0, 0, G_OPTION_ARG_STRING, &b_text, N_("Source B: mix, master or reference"), N_("SOURCE") },
    { "trials", 0, 0, G_OPTION_ARG_STRING, &trials_text, N_("Number of trials (default 16)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the random choice of X (default: a new one each time)"), N_("S") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text,
      N_("Start of the part played, SECONDS into the track (default 0)"), N_("SECONDS") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration_text,
      N_("Length of the part played, played over and over (default: to the end of the track)"),
      N_("SECONDS") },
    { "reference", 0, 0, G_OPTION_ARG_FILENAME, &reference_arg,
      N_("The reference (its number or file in “lacquer-cli ref list”) for the source reference"),
      N_("N|FILE") },
    { "match", 0, 0, G_OPTION_ARG_STRING, &match_text,
      N_("Level-match the sources by their integrated loudness (the default), their loudest 3 s, "
         "the part played (loop), or not (off)"), N_("MODE") },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device_name,
      N_("The output device: any part of “host API: device” (see “lacquer-cli devices”)"), N_("NAME") },
    { "buffer", 0, 0, G_OPTION_ARG_STRING, &buffer_text,
      N_("Frames per audio callback (default 512)"), N_("FRAMES") },
    { NULL }
  };
  double track_n = 1, trials = LQ_ABX_DEFAULT_TRIALS, seed = 0, from_s = 0, duration_s = INFINITY;
  double buffer = LQ_AUDIO_DEFAULT_BUFFER_FRAMES;
  LqPlaybackSource a, b;
  LqLevelMatchMode match = LQ_LEVEL_MATCH_INTEGRATED;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autofree char *read_only_why = NULL;
  g_autoptr(LqEngine) engine = NULL;
  g_autoptr(LqAudioSystem) audio = NULL;
  g_autoptr(LqAudioDevice) device = NULL;
  g_autoptr(LqEngineStream) stream = NULL;
  g_autoptr(LqAbxSession) session = NULL;
  g_autoptr(LqTrackAnalysis) reference_analysis = NULL;
  g_autoptr(LqCliTerminal) terminal = NULL;
  g_autofree char *reference_path = NULL, *reference_fingerprint = NULL;
  g_autofree char *a_fingerprint = NULL, *b_fingerprint = NULL;
  LqPlaybackLevels levels;
  LqTrack *track;
  AbxRun run = { 0 };
  double chain_gain_db, trim_in_s;
  gint64 length;
  int interrupted;

  if (!lq_cli_parse ("abx", _("PROJECT"),
                     _("A blind test on the terminal: listen to A, B and X (A or B at random) and say\n"
                       "which X is, trial after trial. The result is kept in the project\n"
                       "(“lacquer-cli abx-results” lists it)."),
                     usage_text (), entries, NULL, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return usage_error (_("abx: give one project"));
  if (!lq_cli_option_number (usage_text (), "--track", track_text, TRUE, &track_n, &status)
      || !lq_cli_option_number (usage_text (), "--trials", trials_text, TRUE, &trials, &status)
      || !lq_cli_option_number (usage_text (), "--seed", seed_text, TRUE, &seed, &status)
      || !lq_cli_option_number (usage_text (), "--from", from_text, FALSE, &from_s, &status)
      || !lq_cli_option_number (usage_text (), "--duration", duration_text, FALSE, &duration_s, &status)
      || !lq_cli_option_number (usage_text (), "--buffer", buffer_text, TRUE, &buffer, &status))
    return status;
  if (a_text == NULL || b_text == NULL)
    return usage_error (_("abx: give the two sources with --a and --b"));
  if (!lq_abx_source_from_name (a_text, &a) || !lq_abx_source_from_name (b_text, &b))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a source (mix, master, reference)"),
                                                  lq_abx_source_from_name (a_text, &a) ? b_text : a_text);

      return usage_error (message);
    }
  if (a == b)
    return usage_error (_("abx: --a and --b must be two different sources"));
  if ((a == LQ_PLAYBACK_REFERENCE || b == LQ_PLAYBACK_REFERENCE) != (reference_arg != NULL))
    return usage_error (reference_arg != NULL ? _("abx: --reference is for the source reference")
                                              : _("abx: the source reference needs --reference N|FILE"));
  if (track_n < 1)
    return usage_error (_("--track must be 1 or more"));
  if (trials < 1 || trials > LQ_ABX_MAX_TRIALS)
    return usage_error (_("--trials must be between 1 and 1000"));
  if (seed < 0 || seed > G_MAXUINT32)
    return usage_error (_("--seed must be between 0 and 4294967295"));
  if (from_s < 0)
    return usage_error (_("--from must not be negative"));
  if (!(duration_s >= 1))
    return usage_error (_("--duration must be 1 s or more"));
  if (buffer < 16 || buffer > 8192)
    return usage_error (_("--buffer must be between 16 and 8192 frames"));
  if (match_text != NULL && !lq_level_match_mode_from_string (match_text, &match))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a match mode (integrated, loudest, loop, off)"),
                                                  match_text);

      return usage_error (message);
    }
  if (!lq_cli_terminal_wanted (FALSE))
    {
      fprintf (stderr, "lacquer-cli: %s\n", _("abx needs a terminal"));
      return LQ_EXIT_USAGE;
    }

  project = open_project (operands[0], &read_only_why, &error);
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  if (reference_arg != NULL)
    {
      g_autoptr(GPtrArray) references = lq_project_list_references (project);
      guint64 number;
      guint index = g_ascii_string_to_unsigned (reference_arg, 10, 1, G_MAXUINT, &number, NULL)
                    ? (guint) number : lq_project_find_reference (project, reference_arg);
      LqReference *r;

      if (index == 0 || index > references->len)
        {
          g_autofree char *shown = lq_cli_escape (reference_arg);

          fprintf (stderr, _("lacquer-cli: %s is not in the project’s reference list: add it with "
                             "“lacquer-cli ref add”"), shown);
          fprintf (stderr, "\n");
          return LQ_EXIT_FAILED;
        }
      r = g_ptr_array_index (references, index - 1);
      reference_path = g_strdup (r->path);
      reference_fingerprint = g_strdup (r->fingerprint);
      reference_analysis = lq_project_get_reference_analysis (project, index, NULL);
    }

  engine = lq_engine_new ();
  status = lq_cli_playback_load_track (project, operands[0], track_n, engine, &track,
                                       &chain_gain_db, &trim_in_s);
  if (status != LQ_EXIT_OK)
    return status;
  if (reference_path != NULL && !lq_engine_set_reference (engine, reference_path, &error))
    return lq_cli_fail (reference_path, error);
  run.rate = lq_engine_get_sample_rate (engine);
  length = lq_engine_get_length (engine);
  run.from = (gint64) llround (from_s * run.rate);
  run.end = isinf (duration_s) ? length : MIN (length, run.from + (gint64) llround (duration_s * run.rate));
  if (run.end - run.from < run.rate)
    return usage_error (_("abx: the part played must be 1 s or more of the track"));
  lq_playback_levels_compute (project, track, chain_gain_db, reference_analysis, reference_path != NULL,
                              trim_in_s + from_s, trim_in_s + (double) run.end / run.rate, &levels);
  lq_playback_levels_apply (&levels, match, engine);

  a_fingerprint = lq_abx_source_fingerprint (project, track, a, reference_fingerprint);
  b_fingerprint = lq_abx_source_fingerprint (project, track, b, reference_fingerprint);
  session = lq_abx_session_new ((guint) trials, (guint32) seed, lq_abx_source_name (a), a_fingerprint,
                                lq_abx_source_name (b), b_fingerprint);

  device = lq_cli_playback_open_output (device_name, &audio);
  if (device == NULL)
    return LQ_EXIT_FAILED;

  {
    g_autofree char *line = lq_playback_levels_describe (&levels, match);

    printf ("%s\n", line);
  }
  if (read_only_why != NULL)
    {
      g_autofree char *shown = lq_cli_escape (read_only_why);

      /* TRANSLATORS: %s: why the project cannot be written */
      printf (_("The project cannot be written (%s): the result will be shown, not saved\n"), shown);
    }
  /* TRANSLATORS: the keys of the ABX test; %s: source A's and B's names */
  printf (_("A is %s, B is %s. Keys: a, b, x listen to A, B, X; 1 X is A, 2 X is B; "
            "space pause; q quit\n"), lq_abx_source_name (a), lq_abx_source_name (b));
  fflush (stdout);

  run.session = session;
  run.engine = engine;
  run.device = device;
  run.buffer = (gulong) buffer;
  run.sources[LQ_ABX_A] = a;
  run.sources[LQ_ABX_B] = b;
  run.listen = LISTEN_A;
  lq_engine_set_source (engine, a);
  stream = lq_engine_stream_new (engine, audio);
  run.stream = stream;
  if (!lq_engine_stream_start (stream, device, run.buffer, run.from, run.end, &error))
    {
      g_autofree char *shown = lq_cli_escape (error->message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
      return LQ_EXIT_FAILED;
    }
  terminal = lq_cli_terminal_new (&error);
  if (terminal == NULL)
    {
      fprintf (stderr, "lacquer-cli: %s\n", error->message);
      return LQ_EXIT_FAILED;
    }
  interrupted = lq_cli_terminal_run (terminal, abx_key_cb, abx_tick_cb, &run);
  g_clear_pointer (&terminal, lq_cli_terminal_free);
  (void) lq_engine_stream_finish (stream, NULL);
  if (run.error != NULL)
    {
      g_autofree char *shown = lq_cli_escape (run.error->message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
      g_clear_error (&run.error);
      return LQ_EXIT_FAILED;
    }
  if (!lq_abx_session_is_finished (session))
    {
      /* TRANSLATORS: the test was stopped after %u of %u trials */
      printf (_("Stopped after %u of %u trials: nothing saved\n"), lq_abx_session_get_n_answered (session),
              lq_abx_session_get_n_trials (session));
      return interrupted != 0 ? interrupted : LQ_EXIT_OK;
    }

  print_result (session);
  if (read_only_why != NULL)
    {
      printf ("%s\n", _("Not saved: the project cannot be written"));
      return LQ_EXIT_OK;
    }
  if (lq_project_save_abx (project, track, session, &error) == 0)
    return lq_cli_fail (operands[0], error);
  printf ("%s\n", _("Saved in the project (lacquer-cli abx-results lists it)"));
  return LQ_EXIT_OK;
}
