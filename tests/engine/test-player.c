/* test-player.c: LqPlayer and its helper process, `lacquer-playback`.
 *
 * Run by player.sh (under a private JACK server on the dummy driver, or with
 * no device at all), which makes the project and sets:
 *   LACQUER_PLAYBACK_HELPER  the helper in the build tree
 *   LQ_TEST_PROJECT          a 2-track project (4 s sines at 48 kHz, track 1
 *                            at gain -6 dB, analysed)
 *   LQ_TEST_JACKD_PID        the JACK server to kill (/player/jack-dies)
 * The waits below are bounded so that a hang fails instead of blocking;
 * nothing asserts on how long anything took.
 *
 * usage: test-player --make OUT.wav SECONDS RATE FREQ DBFS: writes a stereo
 * float sine (the same on both channels). */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "lq-player-private.h"
#include "lq-project.h"
#include "lq-track-analysis.h"

#define JACK_DEVICE "jack audio connection kit: system"
#define WAIT_S 15

typedef struct
{
  LqPlayer *player;
  guint errors;
  char *error_code;
  char *error_message;
  guint meters;
  guint gains;
  guint ended;
} Fixture;

typedef gboolean (*Condition) (Fixture *f, gconstpointer data);

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @condition holds; FALSE after WAIT_S. */
static gboolean
wait_for (Fixture *f, Condition condition, gconstpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_S, timeout_cb, &timed_out);

  while (!condition (f, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static gboolean
state_is (Fixture *f, gconstpointer data)
{
  return lq_player_get_state (f->player) == (LqPlayerState) GPOINTER_TO_INT (data);
}

static gboolean
has_errors (Fixture *f, gconstpointer data)
{
  return f->errors >= GPOINTER_TO_UINT (data);
}

static gboolean
has_meters (Fixture *f, gconstpointer data)
{
  return f->meters >= GPOINTER_TO_UINT (data);
}

static gboolean
has_gains (Fixture *f, gconstpointer data)
{
  return f->gains >= GPOINTER_TO_UINT (data);
}

static gboolean
has_ended (Fixture *f, gconstpointer data)
{
  return f->ended > 0;
}

static gboolean
position_past (Fixture *f, gconstpointer data)
{
  return lq_player_get_position (f->player) >= *(const double *) data;
}

static gboolean
loaded (Fixture *f, gconstpointer data)
{
  LqPlayerState state = lq_player_get_state (f->player);

  return lq_player_get_track (f->player) == GPOINTER_TO_UINT (data)
         && (state == LQ_PLAYER_STATE_STOPPED || state == LQ_PLAYER_STATE_PAUSED);
}

static void
error_cb (LqPlayer *player, const char *code, const char *message, Fixture *f)
{
  g_test_message ("error %s: %s", code, message);
  f->errors++;
  g_free (f->error_code);
  g_free (f->error_message);
  f->error_code = g_strdup (code);
  f->error_message = g_strdup (message);
}

static void
meter_changed_cb (LqPlayer *player, Fixture *f)
{
  f->meters++;
}

static void
gains_changed_cb (LqPlayer *player, Fixture *f)
{
  f->gains++;
}

static void
ended_cb (LqPlayer *player, Fixture *f)
{
  f->ended++;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->player = lq_player_new ();
  g_signal_connect (f->player, "error", G_CALLBACK (error_cb), f);
  g_signal_connect (f->player, "meter-changed", G_CALLBACK (meter_changed_cb), f);
  g_signal_connect (f->player, "gains-changed", G_CALLBACK (gains_changed_cb), f);
  g_signal_connect (f->player, "ended", G_CALLBACK (ended_cb), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->player);
  g_free (f->error_code);
  g_free (f->error_message);
}

static const char *
project_path (void)
{
  const char *path = g_getenv ("LQ_TEST_PROJECT");

  g_assert_nonnull (path);
  return path;
}

/* Opens the JACK device and loads track 1. */
static void
open_and_load (Fixture *f)
{
  lq_player_open (f->player, JACK_DEVICE, 1024);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_STOPPED)));
  g_assert_cmpstr (lq_player_get_device_label (f->player), ==, "JACK Audio Connection Kit: system");
  g_assert_cmpuint (lq_player_get_rate (f->player), ==, 48000);
  g_assert_cmpfloat (lq_player_get_latency (f->player), >, 0);
  lq_player_load_track (f->player, project_path (), 1);
  g_assert_true (wait_for (f, loaded, GUINT_TO_POINTER (1)));
  g_assert_cmpfloat_with_epsilon (lq_player_get_length (f->player), 4.0, 1e-6);
}

static double
analysed_loudness (guint track)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqProject) project = lq_project_open (project_path (), TRUE, &error);
  LqTrackAnalysis *a;

  g_assert_no_error (error);
  a = lq_track_get_analysis (lq_project_get_track (project, track));
  g_assert_nonnull (a);
  return lq_track_analysis_get_measures (a)->integrated_lufs;
}

/* Plays, meters, level matching, seeking, the end, a bad command. */
static void
test_play (Fixture *f, gconstpointer data)
{
  double analysed = analysed_loudness (1);
  double past = 1.5, seek_to = 3.0;
  LqPlayerMeter meter;
  guint gains;

  open_and_load (f);
  g_assert_cmpuint (f->errors, ==, 0);

  /* The mix at 0 dB: the meter reads the sine as the analysis did. */
  lq_player_set_level_match_mode (f->player, LQ_LEVEL_MATCH_OFF);
  lq_player_set_source (f->player, LQ_PLAYBACK_MIX);
  g_assert_true (wait_for (f, has_gains, GUINT_TO_POINTER (f->gains + 1)));
  g_assert_cmpfloat (lq_player_get_level_match_gain (f->player, LQ_PLAYBACK_MIX), ==, 0);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_PLAYING)));
  g_assert_true (wait_for (f, position_past, &past));
  g_assert_true (wait_for (f, has_meters, GUINT_TO_POINTER (f->meters + 2)));
  lq_player_get_meter (f->player, &meter);
  g_test_message ("momentary %.2f LUFS, analysis %.2f LUFS", meter.momentary, analysed);
  g_assert_cmpfloat (fabs (meter.momentary - analysed), <, 0.5);
  g_assert_cmpfloat (meter.true_peak, <, 0);
  g_assert_cmpfloat_with_epsilon (meter.correlation, 1.0, 0.01);

  /* The master, matched: the track's gain is -6 dB, so the mix is brought
   * down 6 dB to the master's loudness. */
  gains = f->gains;
  lq_player_set_level_match_mode (f->player, LQ_LEVEL_MATCH_INTEGRATED);
  lq_player_set_source (f->player, LQ_PLAYBACK_MASTER);
  g_assert_true (wait_for (f, has_gains, GUINT_TO_POINTER (gains + 2)));
  g_assert_cmpint (lq_player_get_source (f->player), ==, LQ_PLAYBACK_MASTER);
  g_assert_cmpint (lq_player_get_level_match_mode (f->player), ==, LQ_LEVEL_MATCH_INTEGRATED);
  g_assert_cmpfloat_with_epsilon (lq_player_get_level_match_gain (f->player, LQ_PLAYBACK_MASTER), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (lq_player_get_level_match_gain (f->player, LQ_PLAYBACK_MIX), -6, 0.05);

  /* Seek ahead, then play to the end. */
  lq_player_seek (f->player, seek_to);
  g_assert_true (wait_for (f, position_past, &seek_to));
  g_assert_cmpfloat (lq_player_get_position (f->player), <, 3.9);
  g_assert_true (wait_for (f, has_ended, NULL));
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_PAUSED)));
  g_assert_cmpfloat_with_epsilon (lq_player_get_position (f->player), 4.0, 1e-6);
  g_assert_cmpuint (f->errors, ==, 0);

  /* A bad command: an error event, and the helper goes on. */
  _lq_player_send_raw (f->player, "{\"cmd\":\"frobnicate\"}");
  g_assert_true (wait_for (f, has_errors, GUINT_TO_POINTER (1)));
  g_assert_cmpstr (f->error_code, ==, "bad-command");
  g_assert_nonnull (strstr (f->error_message, "frobnicate"));
  _lq_player_send_raw (f->player, "not json");
  g_assert_true (wait_for (f, has_errors, GUINT_TO_POINTER (2)));
  g_assert_cmpstr (f->error_code, ==, "bad-command");
  lq_player_load_track (f->player, project_path (), 2);
  g_assert_true (wait_for (f, loaded, GUINT_TO_POINTER (2)));
  g_assert_cmpint (lq_player_get_state (f->player), !=, LQ_PLAYER_STATE_FAILED);
  g_assert_cmpuint (f->errors, ==, 2);
}

/* The helper killed mid-play: "device-lost", failed, and a restart plays
 * again. */
static void
test_killed (Fixture *f, gconstpointer data)
{
  double past = 0.5;
  guint64 pid;

  open_and_load (f);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, position_past, &past));
  pid = g_ascii_strtoull (_lq_player_get_helper_id (f->player), NULL, 10);
  g_assert_cmpuint (pid, >, 1);
  g_assert_cmpint (kill ((pid_t) pid, SIGKILL), ==, 0);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_FAILED)));
  g_assert_cmpuint (f->errors, ==, 1);
  g_assert_cmpstr (f->error_code, ==, "device-lost");
  g_assert_cmpstr (f->error_message, ==, "The audio device went away");

  /* A new helper opens and loads what the old one had. */
  lq_player_restart (f->player);
  g_assert_true (wait_for (f, loaded, GUINT_TO_POINTER (1)));
  g_assert_cmpuint (g_ascii_strtoull (_lq_player_get_helper_id (f->player), NULL, 10), !=, pid);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_PLAYING)));
  g_assert_cmpuint (f->errors, ==, 1);
}

/* The JACK server killed mid-play: the helper dies or reports, and the
 * player says the device went away. */
static void
test_jack_dies (Fixture *f, gconstpointer data)
{
  const char *jackd = g_getenv ("LQ_TEST_JACKD_PID");
  double past = 0.5;

  g_assert_nonnull (jackd);
  open_and_load (f);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, position_past, &past));
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoull (jackd, NULL, 10), SIGKILL), ==, 0);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_FAILED)));
  g_assert_cmpuint (f->errors, ==, 1);
  g_assert_cmpstr (f->error_code, ==, "device-lost");
}

/* The helper stuck mid-play (stopped, as inside a driver that hangs): the
 * player kills it and says the device went away. */
static void
test_stuck (Fixture *f, gconstpointer data)
{
  double past = 0.5;
  guint64 pid;

  open_and_load (f);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, position_past, &past));
  pid = g_ascii_strtoull (_lq_player_get_helper_id (f->player), NULL, 10);
  g_assert_cmpuint (pid, >, 1);
  /* player.sh kills it if this test fails before the player does. */
  if (g_getenv ("LQ_TEST_STUCK_PID_FILE") != NULL)
    g_assert_true (g_file_set_contents (g_getenv ("LQ_TEST_STUCK_PID_FILE"),
                                        _lq_player_get_helper_id (f->player), -1, NULL));
  g_assert_cmpint (kill ((pid_t) pid, SIGSTOP), ==, 0);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_FAILED)));
  g_assert_cmpuint (f->errors, ==, 1);
  g_assert_cmpstr (f->error_code, ==, "device-lost");
  g_assert_cmpstr (f->error_message, ==, "The audio device went away");
}

/* No sound card, no server: no-device, one error, nothing else. */
static void
test_no_device (Fixture *f, gconstpointer data)
{
  lq_player_open (f->player, NULL, 512);
  g_assert_true (wait_for (f, has_errors, GUINT_TO_POINTER (1)));
  g_assert_cmpint (lq_player_get_state (f->player), ==, LQ_PLAYER_STATE_NO_DEVICE);
  g_assert_cmpstr (f->error_code, ==, "no-device");
  g_assert_cmpstr (f->error_message, ==,
                   "No audio output device: PortAudio found no sound card and no running sound server");
  /* Play without a device: one more clear error, still no device. */
  lq_player_play (f->player);
  g_assert_true (wait_for (f, has_errors, GUINT_TO_POINTER (2)));
  g_assert_cmpstr (f->error_code, ==, "bad-command");
  g_assert_cmpint (lq_player_get_state (f->player), ==, LQ_PLAYER_STATE_NO_DEVICE);
}

/* Run from the build tree with no $LACQUER_PLAYBACK_HELPER (a developer's
 * build-aux/run.sh): the helper built there starts (and says there is no
 * device), not "cannot start" for want of an installed one. */
static void
test_build_tree (Fixture *f, gconstpointer data)
{
  g_unsetenv ("LACQUER_PLAYBACK_HELPER");
  test_no_device (f, data);
}

/* A new player starts no helper: its defaults, and it goes away whole. */
static void
test_new (Fixture *f, gconstpointer data)
{
  LqPlayerState state;
  LqPlaybackSource source;
  LqLevelMatchMode mode;
  LqMonitorFlags monitor;
  double crossfade;
  LqPlayerMeter meter;

  g_object_get (f->player, "state", &state, "source", &source, "level-match-mode", &mode,
                "monitor", &monitor, "crossfade-ms", &crossfade, NULL);
  g_assert_cmpint (state, ==, LQ_PLAYER_STATE_NO_DEVICE);
  g_assert_cmpint (source, ==, LQ_PLAYBACK_MASTER);
  g_assert_cmpint (mode, ==, LQ_LEVEL_MATCH_INTEGRATED);
  g_assert_cmpint (monitor, ==, LQ_MONITOR_NONE);
  g_assert_cmpfloat (crossfade, ==, 20);
  g_assert_cmpstr (_lq_player_get_helper_id (f->player), ==, "");
  lq_player_get_meter (f->player, &meter);
  g_assert_true (isnan (meter.momentary));
  /* Settings made before a helper runs are kept for it. */
  g_object_set (f->player, "monitor", LQ_MONITOR_MONO | LQ_MONITOR_DIM, "crossfade-ms", 100.0, NULL);
  g_assert_cmpint (lq_player_get_monitor (f->player), ==, LQ_MONITOR_MONO | LQ_MONITOR_DIM);
  g_assert_cmpfloat (lq_player_get_crossfade_ms (f->player), ==, 100);
  g_assert_cmpuint (f->errors, ==, 0);
}

/* No helper to start: failed, one error naming it, and commands after it
 * are dropped quietly. */
static void
test_no_helper (Fixture *f, gconstpointer data)
{
  g_setenv ("LACQUER_PLAYBACK_HELPER", "/nonexistent/lacquer-playback", TRUE);
  lq_player_open (f->player, NULL, 0);
  g_assert_cmpint (lq_player_get_state (f->player), ==, LQ_PLAYER_STATE_FAILED);
  g_assert_cmpuint (f->errors, ==, 1);
  g_assert_cmpstr (f->error_code, ==, "no-device");
  g_assert_nonnull (strstr (f->error_message, "/nonexistent/lacquer-playback"));
  lq_player_play (f->player);
  lq_player_seek (f->player, 1);
  lq_player_set_source (f->player, LQ_PLAYBACK_MIX);
  g_assert_cmpint (lq_player_get_source (f->player), ==, LQ_PLAYBACK_MIX);
  g_assert_cmpuint (f->errors, ==, 1);
}

static int
make_sine (const char *path, double seconds, int rate, double freq, double dbfs)
{
  SF_INFO info = { .samplerate = rate, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_FLOAT };
  SNDFILE *file = sf_open (path, SFM_WRITE, &info);
  gsize n = (gsize) llround (seconds * rate);
  g_autofree float *buf = g_new (float, 2 * n);
  double a = pow (10.0, dbfs / 20.0);

  if (file == NULL)
    return 1;
  for (gsize i = 0; i < n; i++)
    buf[2 * i] = buf[2 * i + 1] = (float) (a * sin (2 * G_PI * freq * (double) i / rate));
  if (sf_writef_float (file, buf, (sf_count_t) n) != (sf_count_t) n)
    return 1;
  return sf_close (file) != 0;
}

static gboolean
program_loaded (Fixture *f, gconstpointer data)
{
  LqPlayerState state = lq_player_get_state (f->player);

  return lq_player_get_mode (f->player) == (LqEngineMode) GPOINTER_TO_INT (data)
         && (state == LQ_PLAYER_STATE_STOPPED || state == LQ_PLAYER_STATE_PAUSED);
}

static gboolean
loop_is (Fixture *f, gconstpointer data)
{
  double end;

  return lq_player_get_loop (f->player, NULL, &end) ? end == *(const double *) data
                                                    : *(const double *) data == 0;
}

/* The album, a loop in it (kept by a restart), the transitions
 * (playback-program.sh: two 2 s tracks, no gaps). */
static void
test_program (Fixture *f, gconstpointer data)
{
  const double end = 1.0, none = 0;
  double start, loop_end;
  LqEngineMode mode;

  lq_player_open (f->player, JACK_DEVICE, 1024);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_STOPPED)));
  lq_player_load_album (f->player, project_path ());
  g_assert_true (wait_for (f, program_loaded, GINT_TO_POINTER (LQ_ENGINE_MODE_ALBUM)));
  g_assert_cmpfloat_with_epsilon (lq_player_get_length (f->player), 4.0, 1e-6);
  g_assert_cmpuint (lq_player_get_track (f->player), ==, 1);
  g_assert_false (lq_player_get_loop (f->player, NULL, NULL));

  lq_player_set_loop (f->player, 0.5, end);
  g_assert_true (wait_for (f, loop_is, &end));
  g_object_get (f->player, "mode", &mode, "loop-start", &start, "loop-end", &loop_end, NULL);
  g_assert_cmpint (mode, ==, LQ_ENGINE_MODE_ALBUM);
  g_assert_cmpfloat (start, ==, 0.5);
  g_assert_cmpfloat (loop_end, ==, 1.0);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, has_meters, GUINT_TO_POINTER (30)));
  g_assert_cmpfloat (lq_player_get_position (f->player), >=, 0.5);
  g_assert_cmpfloat (lq_player_get_position (f->player), <, 1.0);

  /* A new helper loads the album and sets the loop again. */
  lq_player_restart (f->player);
  g_assert_true (wait_for (f, program_loaded, GINT_TO_POINTER (LQ_ENGINE_MODE_ALBUM)));
  g_assert_true (wait_for (f, loop_is, &end));
  lq_player_clear_loop (f->player);
  g_assert_true (wait_for (f, loop_is, &none));

  lq_player_load_transitions (f->player, project_path (), 1.0);
  g_assert_true (wait_for (f, program_loaded, GINT_TO_POINTER (LQ_ENGINE_MODE_TRANSITIONS)));
  g_assert_cmpfloat_with_epsilon (lq_player_get_length (f->player), 2.0, 1e-6);
  lq_player_load_track (f->player, project_path (), 2);
  g_assert_true (wait_for (f, loaded, GUINT_TO_POINTER (2)));
  g_assert_cmpint (lq_player_get_mode (f->player), ==, LQ_ENGINE_MODE_TRACK);
  g_assert_cmpuint (f->errors, ==, 0);
}

static gboolean
track_is (Fixture *f, gconstpointer data)
{
  return lq_player_get_track (f->player) == GPOINTER_TO_UINT (data);
}

/* A disc image (lq_player_load_image()): 1 s of a 1 kHz sine at 44.1 kHz,
 * 16-bit little-endian after a 64-byte header, CD track 1 to 0.5 s, track 2
 * (pregap 0.5 s, INDEX 01 0.6 s) to the end; played at the server's 48 kHz,
 * across the boundary (the track heard: 2), to its end; a restart loads it
 * again; a track load afterwards is a track again. */
static void
test_image (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_dir_make_tmp ("lq-player-image-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "IMAGE.DAT", NULL);
  g_autofree guint8 *bytes = g_malloc0 (64 + 44100 * 4);
  g_autoptr (LqEngineImage) image = NULL;
  const double past_boundary = 0.55, end = 1.0;

  for (guint k = 0; k < 44100; k++)
    {
      gint16 v = (gint16) lround (3277 * sin (2 * G_PI * 1000 * k / 44100.0));

      for (guint c = 0; c < 2; c++)
        {
          bytes[64 + 4 * k + 2 * c] = (guint8) ((guint16) v & 0xff);
          bytes[64 + 4 * k + 2 * c + 1] = (guint8) ((guint16) v >> 8);
        }
    }
  g_assert_true (g_file_set_contents (path, (const char *) bytes, 64 + 44100 * 4, NULL));
  image = lq_engine_image_new (path, 64, LQ_ENGINE_IMAGE_LITTLE_ENDIAN, 0);
  lq_engine_image_add_track (image, 1, 0, 0, 22050, "One");
  lq_engine_image_add_track (image, 2, 22050, 26460, 17640, "Two");

  lq_player_open (f->player, JACK_DEVICE, 1024);
  g_assert_true (wait_for (f, state_is, GINT_TO_POINTER (LQ_PLAYER_STATE_STOPPED)));
  lq_player_load_image (f->player, image);
  g_assert_true (wait_for (f, program_loaded, GINT_TO_POINTER (LQ_ENGINE_MODE_IMAGE)));
  g_assert_cmpfloat_with_epsilon (lq_player_get_length (f->player), 1.0, 1e-6);
  g_assert_cmpuint (lq_player_get_track (f->player), ==, 1);
  g_assert_cmpint (lq_player_get_source (f->player), ==, LQ_PLAYBACK_MIX);
  lq_player_seek (f->player, 0.4);
  lq_player_play (f->player);
  g_assert_true (wait_for (f, position_past, &past_boundary));
  g_assert_true (wait_for (f, track_is, GUINT_TO_POINTER (2)));
  g_assert_true (wait_for (f, has_ended, NULL));
  /* The paused state at the end follows "ended". */
  g_assert_true (wait_for (f, position_past, &end));
  g_assert_cmpfloat_with_epsilon (lq_player_get_position (f->player), 1.0, 1e-6);

  /* A new helper loads the image again, at its start. */
  lq_player_restart (f->player);
  g_assert_true (wait_for (f, program_loaded, GINT_TO_POINTER (LQ_ENGINE_MODE_IMAGE)));
  g_assert_true (wait_for (f, track_is, GUINT_TO_POINTER (1)));
  g_assert_cmpfloat_with_epsilon (lq_player_get_length (f->player), 1.0, 1e-6);

  lq_player_load_track (f->player, project_path (), 2);
  g_assert_true (wait_for (f, loaded, GUINT_TO_POINTER (2)));
  g_assert_cmpint (lq_player_get_mode (f->player), ==, LQ_ENGINE_MODE_TRACK);
  g_assert_cmpuint (f->errors, ==, 0);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  if (argc == 7 && strcmp (argv[1], "--make") == 0)
    return make_sine (argv[2], atof (argv[3]), atoi (argv[4]), atof (argv[5]), atof (argv[6]));

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/player/play", Fixture, NULL, fixture_set_up, test_play, fixture_tear_down);
  g_test_add ("/player/killed", Fixture, NULL, fixture_set_up, test_killed, fixture_tear_down);
  g_test_add ("/player/jack-dies", Fixture, NULL, fixture_set_up, test_jack_dies, fixture_tear_down);
  g_test_add ("/player/stuck", Fixture, NULL, fixture_set_up, test_stuck, fixture_tear_down);
  g_test_add ("/player/new", Fixture, NULL, fixture_set_up, test_new, fixture_tear_down);
  g_test_add ("/player/no-helper", Fixture, NULL, fixture_set_up, test_no_helper, fixture_tear_down);
  g_test_add ("/player/no-device", Fixture, NULL, fixture_set_up, test_no_device, fixture_tear_down);
  g_test_add ("/player/build-tree", Fixture, NULL, fixture_set_up, test_build_tree, fixture_tear_down);
  g_test_add ("/player/program", Fixture, NULL, fixture_set_up, test_program, fixture_tear_down);
  g_test_add ("/player/image", Fixture, NULL, fixture_set_up, test_image, fixture_tear_down);
  return g_test_run ();
}
