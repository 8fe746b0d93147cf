/* lq-player.c: the client of the playback helper process. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "lq-crossfade.h"
#include "lq-playback-link.h"
#include "lq-playback-protocol.h"
#include "lq-player-private.h"

/* A helper that says nothing for this long while playing (it writes its
 * state at 12.5 Hz) is stuck, inside a driver or stopped: it is killed. */
#define STALL_S 3

struct _LqPlayer
{
  GObject parent_instance;

  LqPlaybackLink *link;         /* the helper running, or NULL */
  gint64 last_event_us;
  guint watchdog_id;

  LqPlayerState state;
  gboolean have_device;
  double position;
  double length;
  guint track;
  LqPlaybackSource source;
  LqLevelMatchMode mode;
  double crossfade_ms;
  LqMonitorFlags monitor;
  char *device_label;
  guint rate;
  double latency;
  double gains[3];
  LqPlayerMeter meter;

  /* What to open and load again in a new helper. */
  gboolean opened;
  char *device;
  guint buffer_frames;
  char *project_path;
  guint load_track;
  char *reference;

  /* The outputs the last "devices" event listed ("host API: device") */
  GStrv devices;
  /* Album, transitions, loops: what was loaded and the loop asked for
   * (loaded again in a new helper), and the helper's state of them. */
  LqEngineMode load_mode;
  double load_seconds;
  double loop_start;           /* loop_end > loop_start: a loop */
  double loop_end;
  LqEngineMode program_mode;
  double heard_loop_start;
  double heard_loop_end;
  /* lq_player_set_track_gains()'s (sent again to a new helper), or NULL */
  GArray *track_gains;
  LqEngineImage *image;        /* load_mode IMAGE: the disc image */
};

static gboolean on_program_state (LqPlayer *self, JsonObject *event);
static void send_load_program (LqPlayer *self);
static void send_loop (LqPlayer *self);

G_DEFINE_FINAL_TYPE (LqPlayer, lq_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION,
  PROP_LENGTH,
  PROP_TRACK,
  PROP_SOURCE,
  PROP_LEVEL_MATCH_MODE,
  PROP_CROSSFADE_MS,
  PROP_MONITOR,
  PROP_DEVICE_LABEL,
  PROP_RATE,
  PROP_LATENCY,
  PROP_MODE,
  PROP_LOOP_START,
  PROP_LOOP_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_METER_CHANGED,
  SIGNAL_GAINS_CHANGED,
  SIGNAL_ENDED,
  SIGNAL_ERROR,
  SIGNAL_DEVICES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const monitor_names[LQ_MONITOR_N_FLAGS] = { "mono", "side", "polarity", "swap", "dim" };

/* Properties -------------------------------------------------------------- */

static void
set_state (LqPlayer *self, LqPlayerState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_double (LqPlayer *self, double *field, double value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (LqPlayer *self, guint *field, guint value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
fail (LqPlayer *self, const char *code, const char *message)
{
  if (self->state == LQ_PLAYER_STATE_FAILED)
    return;
  set_state (self, LQ_PLAYER_STATE_FAILED);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, code, message);
}

/* Events ------------------------------------------------------------------ */

static void
on_ready (LqPlayer *self, JsonObject *event)
{
  const char *label = json_object_get_string_member_with_default (event, "device", "");

  self->have_device = TRUE;
  if (g_strcmp0 (self->device_label, label) != 0)
    {
      g_free (self->device_label);
      self->device_label = g_strdup (label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_LABEL]);
    }
  set_uint (self, &self->rate, (guint) json_object_get_int_member_with_default (event, "rate", 0), PROP_RATE);
  set_double (self, &self->latency, lq_playback_protocol_get_double (event, "latency"), PROP_LATENCY);
  if (self->state == LQ_PLAYER_STATE_NO_DEVICE)
    set_state (self, LQ_PLAYER_STATE_STOPPED);
}

static void
on_state (LqPlayer *self, JsonObject *event)
{
  gboolean playing = json_object_get_boolean_member_with_default (event, "playing", FALSE);
  guint track = (guint) json_object_get_int_member_with_default (event, "track", 0);
  LqPlaybackSource source;

  set_double (self, &self->position, lq_playback_protocol_get_double (event, "position"), PROP_POSITION);
  set_double (self, &self->length, lq_playback_protocol_get_double (event, "length"), PROP_LENGTH);
  set_uint (self, &self->track, track, PROP_TRACK);
  set_uint (self, &self->rate, (guint) json_object_get_int_member_with_default (event, "rate", 0), PROP_RATE);
  if (lq_playback_source_from_string (json_object_get_string_member_with_default (event, "source", NULL), &source)
      && source != self->source)
    {
      self->source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  if (!self->have_device || self->state == LQ_PLAYER_STATE_FAILED)
    return;
  /* A state from before the load was taken is not its answer. */
  if (!on_program_state (self, event))
    return;
  if (self->state == LQ_PLAYER_STATE_LOADING && self->load_mode == LQ_ENGINE_MODE_TRACK
      && track != self->load_track)
    return;
  if (playing)
    set_state (self, LQ_PLAYER_STATE_PLAYING);
  else if (track > 0 && self->position > 0)
    set_state (self, LQ_PLAYER_STATE_PAUSED);
  else
    set_state (self, LQ_PLAYER_STATE_STOPPED);
}

static void
on_meter (LqPlayer *self, JsonObject *event)
{
  self->meter.momentary = lq_playback_protocol_get_double (event, "momentary");
  self->meter.short_term = lq_playback_protocol_get_double (event, "short_term");
  self->meter.integrated = lq_playback_protocol_get_double (event, "integrated");
  self->meter.true_peak = lq_playback_protocol_get_double (event, "true_peak");
  self->meter.true_peak_hold = lq_playback_protocol_get_double (event, "true_peak_hold");
  self->meter.correlation = lq_playback_protocol_get_double (event, "correlation");
  self->meter.plr = lq_playback_protocol_get_double (event, "plr");
  g_signal_emit (self, signals[SIGNAL_METER_CHANGED], 0);
}

static void
on_gains (LqPlayer *self, JsonObject *event)
{
  LqLevelMatchMode mode;

  for (guint s = 0; s < 3; s++)
    self->gains[s] = lq_playback_protocol_get_double (event, lq_playback_source_to_string (s));
  if (lq_level_match_mode_from_string (json_object_get_string_member_with_default (event, "mode", ""), &mode)
      && mode != self->mode)
    {
      self->mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_MATCH_MODE]);
    }
  g_signal_emit (self, signals[SIGNAL_GAINS_CHANGED], 0);
}

static void
on_error (LqPlayer *self, JsonObject *event)
{
  const char *code = json_object_get_string_member_with_default (event, "code", LQ_PLAYBACK_ERROR_BAD_COMMAND);
  const char *message = json_object_get_string_member_with_default (event, "message", "");

  if (g_str_equal (code, LQ_PLAYBACK_ERROR_DEVICE_LOST))
    {
      fail (self, code, message);
      return;
    }
  if (g_str_equal (code, LQ_PLAYBACK_ERROR_NO_DEVICE))
    {
      self->have_device = FALSE;
      set_state (self, LQ_PLAYER_STATE_NO_DEVICE);
    }
  else if (self->state == LQ_PLAYER_STATE_LOADING
           && (g_str_equal (code, LQ_PLAYBACK_ERROR_PROJECT) || g_str_equal (code, LQ_PLAYBACK_ERROR_BAD_COMMAND)))
    set_state (self, LQ_PLAYER_STATE_STOPPED);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, code, message);
}

static void
on_devices (LqPlayer *self, JsonObject *event)
{
  JsonNode *node = json_object_get_member (event, "devices");
  JsonArray *list = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *device = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *label = device != NULL ? json_object_get_string_member_with_default (device, "label", NULL) : NULL;

      if (label != NULL)
        g_strv_builder_add (builder, label);
    }
  g_strfreev (self->devices);
  self->devices = g_strv_builder_end (builder);
  g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0);
}

static void
handle_line (LqPlayer *self, const char *line)
{
  g_autoptr(JsonObject) event = lq_playback_protocol_parse (line, NULL);
  const char *name;

  if (event == NULL)
    {
      g_debug ("playback helper: not an event: %s", line);
      return;
    }
  name = json_object_get_string_member_with_default (event, "event", "");
  if (g_str_equal (name, "ready"))
    on_ready (self, event);
  else if (g_str_equal (name, "state"))
    on_state (self, event);
  else if (g_str_equal (name, "meter"))
    on_meter (self, event);
  else if (g_str_equal (name, "gains"))
    on_gains (self, event);
  else if (g_str_equal (name, "error"))
    on_error (self, event);
  else if (g_str_equal (name, "ended"))
    g_signal_emit (self, signals[SIGNAL_ENDED], 0);
  else if (g_str_equal (name, "devices"))
    on_devices (self, event);
  else
    g_debug ("playback helper: unknown event %s", name);
}

/* Callbacks --------------------------------------------------------------- */

static void
helper_line_cb (const char *line,
                gpointer user_data)
{
  g_autoptr(LqPlayer) self = g_object_ref (user_data);

  self->last_event_us = g_get_monotonic_time ();
  handle_line (self, line);
}

static void
helper_exit_cb (GSubprocess *process,
                gpointer user_data)
{
  LqPlayer *self = user_data;

  if (g_subprocess_get_if_signaled (process))
    g_debug ("playback helper killed by signal %d", g_subprocess_get_term_sig (process));
  else
    g_debug ("playback helper exited with status %d", g_subprocess_get_exit_status (process));
  fail (self, LQ_PLAYBACK_ERROR_DEVICE_LOST, _("The audio device went away"));
}

static gboolean
watchdog_cb (gpointer data)
{
  LqPlayer *self = data;

  if (self->link != NULL && self->state == LQ_PLAYER_STATE_PLAYING
      && g_get_monotonic_time () - self->last_event_us > STALL_S * G_USEC_PER_SEC)
    {
      g_debug ("playback helper: silent for %d s while playing: killed", STALL_S);
      /* Its end is then reported as any other (helper_exit_cb). */
      lq_playback_link_kill (self->link);
    }
  return G_SOURCE_CONTINUE;
}

static void
detach_helper (LqPlayer *self)
{
  if (self->link != NULL)
    lq_playback_link_detach (g_steal_pointer (&self->link));
}

/* $LACQUER_PLAYBACK_HELPER; else, for a program run from the build tree
 * (build-aux/run.sh: not installed), the helper built there; else the
 * installed one. */
static char *
helper_path (void)
{
  const char *path = g_getenv ("LACQUER_PLAYBACK_HELPER");
  g_autofree char *exe = NULL;

  if (path != NULL && *path != '\0')
    return g_strdup (path);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL && g_str_has_prefix (exe, LQ_BUILD_ROOT G_DIR_SEPARATOR_S)
      && g_file_test (LQ_BUILD_PLAYBACK_HELPER, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (LQ_BUILD_PLAYBACK_HELPER);
  return g_strdup (LQ_PLAYBACK_HELPER);
}

static gboolean
spawn_helper (LqPlayer *self)
{
  g_autofree char *path = helper_path ();
  g_autoptr(GError) error = NULL;

  self->link = lq_playback_link_spawn (path, helper_line_cb, helper_exit_cb, self, &error);
  if (self->link == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The playback helper %s cannot start: %s"),
                                                  path, error->message);

      fail (self, LQ_PLAYBACK_ERROR_NO_DEVICE, message);
      return FALSE;
    }
  self->have_device = FALSE;
  self->last_event_us = g_get_monotonic_time ();
  if (self->watchdog_id == 0)
    self->watchdog_id = g_timeout_add_seconds (1, watchdog_cb, self);
  return TRUE;
}

/* Queues the command @b built (its object still open). */
static void
send_command (LqPlayer *self, JsonBuilder *b)
{
  g_autoptr(JsonNode) node = NULL;

  json_builder_end_object (b);
  node = json_builder_get_root (b);
  if (self->link == NULL || self->state == LQ_PLAYER_STATE_FAILED)
    return;
  lq_playback_link_send (self->link, lq_playback_protocol_line (node));
}

static JsonBuilder *
begin_command (const char *name)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cmd");
  json_builder_add_string_value (b, name);
  return b;
}

static void
send_simple (LqPlayer *self, const char *name)
{
  g_autoptr(JsonBuilder) b = begin_command (name);

  send_command (self, b);
}

static void
send_nullable_string (LqPlayer *self, const char *command, const char *member, const char *value)
{
  g_autoptr(JsonBuilder) b = begin_command (command);

  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
  send_command (self, b);
}

static void
send_open (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = begin_command ("open");

  json_builder_set_member_name (b, "device");
  if (self->device != NULL)
    json_builder_add_string_value (b, self->device);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "buffer");
  json_builder_add_int_value (b, self->buffer_frames);
  send_command (self, b);
}

static void
send_load (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = NULL;

  if (self->load_mode == LQ_ENGINE_MODE_IMAGE && self->link != NULL && self->state != LQ_PLAYER_STATE_FAILED)
    {
      g_autoptr(JsonNode) node = lq_playback_protocol_load_image (self->image);

      lq_playback_link_send (self->link, lq_playback_protocol_line (node));
    }
  if (self->load_mode != LQ_ENGINE_MODE_TRACK)
    {
      if (self->load_mode != LQ_ENGINE_MODE_IMAGE)
        send_load_program (self);
      else if (self->have_device || self->state != LQ_PLAYER_STATE_NO_DEVICE)
        set_state (self, LQ_PLAYER_STATE_LOADING);
      return;
    }
  b = begin_command ("load");

  json_builder_set_member_name (b, "project");
  json_builder_add_string_value (b, self->project_path);
  json_builder_set_member_name (b, "track");
  json_builder_add_int_value (b, self->load_track);
  send_command (self, b);
  if (self->have_device || self->state != LQ_PLAYER_STATE_NO_DEVICE)
    set_state (self, LQ_PLAYER_STATE_LOADING);
}

static void
send_source (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = begin_command ("source");

  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, lq_playback_source_to_string (self->source));
  send_command (self, b);
}

static void
send_level_match (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = begin_command ("level-match");

  json_builder_set_member_name (b, "mode");
  json_builder_add_string_value (b, lq_level_match_mode_to_string (self->mode));
  send_command (self, b);
}

static void
send_crossfade (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = begin_command ("crossfade");

  json_builder_set_member_name (b, "ms");
  json_builder_add_double_value (b, self->crossfade_ms);
  send_command (self, b);
}

static void
send_monitor (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = begin_command ("monitor");

  for (guint i = 0; i < G_N_ELEMENTS (monitor_names); i++)
    {
      json_builder_set_member_name (b, monitor_names[i]);
      json_builder_add_boolean_value (b, (self->monitor & (1u << i)) != 0);
    }
  send_command (self, b);
}

/* Overrides --------------------------------------------------------------- */

static void
lq_player_dispose (GObject *object)
{
  LqPlayer *self = LQ_PLAYER (object);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  detach_helper (self);
  G_OBJECT_CLASS (lq_player_parent_class)->dispose (object);
}

static void
lq_player_finalize (GObject *object)
{
  LqPlayer *self = LQ_PLAYER (object);

  g_free (self->device_label);
  g_free (self->device);
  g_free (self->project_path);
  g_free (self->reference);
  g_strfreev (self->devices);
  g_clear_pointer (&self->track_gains, g_array_unref);
  g_clear_pointer (&self->image, lq_engine_image_unref);
  G_OBJECT_CLASS (lq_player_parent_class)->finalize (object);
}

static void
lq_player_get_property (GObject *object,
                        guint prop_id,
                        GValue *value,
                        GParamSpec *pspec)
{
  LqPlayer *self = LQ_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case PROP_LENGTH:
      g_value_set_double (value, self->length);
      break;
    case PROP_TRACK:
      g_value_set_uint (value, self->track);
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_LEVEL_MATCH_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_CROSSFADE_MS:
      g_value_set_double (value, self->crossfade_ms);
      break;
    case PROP_MONITOR:
      g_value_set_flags (value, self->monitor);
      break;
    case PROP_DEVICE_LABEL:
      g_value_set_string (value, self->device_label);
      break;
    case PROP_RATE:
      g_value_set_uint (value, self->rate);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->program_mode);
      break;
    case PROP_LOOP_START:
      g_value_set_double (value, self->heard_loop_start);
      break;
    case PROP_LOOP_END:
      g_value_set_double (value, self->heard_loop_end);
      break;
    case PROP_LATENCY:
      g_value_set_double (value, self->latency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_player_set_property (GObject *object,
                        guint prop_id,
                        const GValue *value,
                        GParamSpec *pspec)
{
  LqPlayer *self = LQ_PLAYER (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      lq_player_set_source (self, g_value_get_enum (value));
      break;
    case PROP_LEVEL_MATCH_MODE:
      lq_player_set_level_match_mode (self, g_value_get_enum (value));
      break;
    case PROP_CROSSFADE_MS:
      lq_player_set_crossfade_ms (self, g_value_get_double (value));
      break;
    case PROP_MONITOR:
      lq_player_set_monitor (self, g_value_get_flags (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_player_class_init (LqPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = lq_player_dispose;
  object_class->finalize = lq_player_finalize;
  object_class->get_property = lq_player_get_property;
  object_class->set_property = lq_player_set_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, LQ_TYPE_PLAYER_STATE,
                                              LQ_PLAYER_STATE_NO_DEVICE, ro);
  properties[PROP_POSITION] = g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_LENGTH] = g_param_spec_double ("length", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_TRACK] = g_param_spec_uint ("track", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_SOURCE] = g_param_spec_enum ("source", NULL, NULL, LQ_TYPE_PLAYBACK_SOURCE,
                                               LQ_PLAYBACK_MASTER, rw);
  properties[PROP_LEVEL_MATCH_MODE] = g_param_spec_enum ("level-match-mode", NULL, NULL,
                                                         LQ_TYPE_LEVEL_MATCH_MODE,
                                                         LQ_LEVEL_MATCH_INTEGRATED, rw);
  properties[PROP_CROSSFADE_MS] = g_param_spec_double ("crossfade-ms", NULL, NULL, 0, LQ_CROSSFADE_MAX_MS,
                                                       LQ_CROSSFADE_DEFAULT_MS, rw);
  properties[PROP_MONITOR] = g_param_spec_flags ("monitor", NULL, NULL, LQ_TYPE_MONITOR_FLAGS,
                                                 LQ_MONITOR_NONE, rw);
  properties[PROP_DEVICE_LABEL] = g_param_spec_string ("device-label", NULL, NULL, NULL, ro);
  properties[PROP_RATE] = g_param_spec_uint ("rate", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LATENCY] = g_param_spec_double ("latency", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, LQ_TYPE_ENGINE_MODE,
                                             LQ_ENGINE_MODE_TRACK, ro);
  properties[PROP_LOOP_START] = g_param_spec_double ("loop-start", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  properties[PROP_LOOP_END] = g_param_spec_double ("loop-end", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_METER_CHANGED] = g_signal_new ("meter-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_GAINS_CHANGED] = g_signal_new ("gains-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ENDED] = g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_DEVICES_CHANGED] = g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lq_player_init (LqPlayer *self)
{
  self->state = LQ_PLAYER_STATE_NO_DEVICE;
  self->source = LQ_PLAYBACK_MASTER;
  self->mode = LQ_LEVEL_MATCH_INTEGRATED;
  self->crossfade_ms = LQ_CROSSFADE_DEFAULT_MS;
  self->meter.momentary = self->meter.short_term = self->meter.integrated = NAN;
  self->meter.true_peak = self->meter.true_peak_hold = self->meter.correlation = self->meter.plr = NAN;
}

/* Public API -------------------------------------------------------------- */

LqPlayer *
lq_player_new (void)
{
  return g_object_new (LQ_TYPE_PLAYER, NULL);
}

LqPlayerState
lq_player_get_state (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), LQ_PLAYER_STATE_FAILED);
  return self->state;
}

double
lq_player_get_position (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  return self->position;
}

double
lq_player_get_length (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  return self->length;
}

guint
lq_player_get_track (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  return self->track;
}

LqPlaybackSource
lq_player_get_source (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), LQ_PLAYBACK_MASTER);
  return self->source;
}

LqLevelMatchMode
lq_player_get_level_match_mode (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), LQ_LEVEL_MATCH_OFF);
  return self->mode;
}

double
lq_player_get_crossfade_ms (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  return self->crossfade_ms;
}

LqMonitorFlags
lq_player_get_monitor (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), LQ_MONITOR_NONE);
  return self->monitor;
}

const char *
lq_player_get_device_label (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), NULL);
  return self->device_label;
}

guint
lq_player_get_rate (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  return self->rate;
}

double
lq_player_get_latency (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  return self->latency;
}

double
lq_player_get_level_match_gain (LqPlayer *self,
                                LqPlaybackSource source)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), 0);
  g_return_val_if_fail (source <= LQ_PLAYBACK_REFERENCE, 0);
  return self->gains[source];
}

void
lq_player_get_meter (LqPlayer *self,
                     LqPlayerMeter *meter)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (meter != NULL);
  *meter = self->meter;
}

void
lq_player_open (LqPlayer *self,
                const char *device,
                guint buffer_frames)
{
  g_return_if_fail (LQ_IS_PLAYER (self));

  g_free (self->device);
  self->device = g_strdup (device);
  self->buffer_frames = buffer_frames ? buffer_frames : 512;
  self->opened = TRUE;
  if (self->link == NULL && !spawn_helper (self))
    return;
  send_open (self);
}

void
lq_player_load_track (LqPlayer *self,
                      const char *project_path,
                      guint track)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (project_path != NULL);
  g_return_if_fail (track >= 1);

  self->load_mode = LQ_ENGINE_MODE_TRACK;
  self->loop_start = self->loop_end = 0;
  g_clear_pointer (&self->image, lq_engine_image_unref);
  g_free (self->project_path);
  self->project_path = g_strdup (project_path);
  self->load_track = track;
  if (self->link == NULL && !spawn_helper (self))
    return;
  send_load (self);
}

void
lq_player_play (LqPlayer *self)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  send_simple (self, "play");
}

void
lq_player_pause (LqPlayer *self)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  send_simple (self, "pause");
}

void
lq_player_toggle (LqPlayer *self)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  if (self->state == LQ_PLAYER_STATE_PLAYING)
    lq_player_pause (self);
  else
    lq_player_play (self);
}

void
lq_player_seek (LqPlayer *self,
                double seconds)
{
  g_autoptr(JsonBuilder) b = NULL;

  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (isfinite (seconds));

  b = begin_command ("seek");
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, MAX (seconds, 0));
  send_command (self, b);
}

void
lq_player_seek_relative (LqPlayer *self,
                         double seconds)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  lq_player_seek (self, CLAMP (self->position + seconds, 0, MAX (self->length, 0)));
}

void
lq_player_set_source (LqPlayer *self,
                      LqPlaybackSource source)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (source <= LQ_PLAYBACK_REFERENCE);
  if (self->source != source)
    {
      self->source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  send_source (self);
}

void
lq_player_set_level_match_mode (LqPlayer *self,
                                LqLevelMatchMode mode)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (mode <= LQ_LEVEL_MATCH_LOOP);
  if (self->mode != mode)
    {
      self->mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL_MATCH_MODE]);
    }
  send_level_match (self);
}

void
lq_player_set_crossfade_ms (LqPlayer *self,
                            double ms)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  ms = CLAMP (ms, 0, LQ_CROSSFADE_MAX_MS);
  if (self->crossfade_ms == ms)
    return;
  self->crossfade_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CROSSFADE_MS]);
  send_crossfade (self);
}

void
lq_player_set_monitor (LqPlayer *self,
                       LqMonitorFlags flags)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  if (self->monitor == flags)
    return;
  self->monitor = flags;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
  send_monitor (self);
}

void
lq_player_set_reference (LqPlayer *self,
                         const char *path)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_free (self->reference);
  self->reference = g_strdup (path);
  send_nullable_string (self, "reference", "path", path);
}

const char *
lq_player_get_reference (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), NULL);

  return self->reference;
}

void
lq_player_restart (LqPlayer *self)
{
  g_return_if_fail (LQ_IS_PLAYER (self));

  detach_helper (self);
  set_state (self, LQ_PLAYER_STATE_NO_DEVICE);
  if (!spawn_helper (self))
    return;
  if (self->opened)
    send_open (self);
  if (self->project_path != NULL || self->image != NULL)
    {
      send_load (self);
      if (self->reference != NULL && self->image == NULL)
        send_nullable_string (self, "reference", "path", self->reference);
      send_source (self);
      if (self->loop_end > self->loop_start)
        send_loop (self);
    }
  send_level_match (self);
  if (self->track_gains != NULL)
    _lq_player_send_track_gains (self);
  send_crossfade (self);
  send_monitor (self);
}

void
lq_player_list_devices (LqPlayer *self)
{
  g_return_if_fail (LQ_IS_PLAYER (self));

  if (self->link == NULL && !spawn_helper (self))
    return;
  send_simple (self, "devices");
}

const char *const *
lq_player_get_devices (LqPlayer *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (LQ_IS_PLAYER (self), none);
  return self->devices != NULL ? (const char *const *) self->devices : none;
}

void
_lq_player_send_raw (LqPlayer *self,
                     const char *line)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  if (self->link != NULL)
    lq_playback_link_send (self->link, g_strconcat (line, "\n", NULL));
}

GArray **
_lq_player_track_gains (LqPlayer *self)
{
  return &self->track_gains;
}

const char *
_lq_player_get_helper_id (LqPlayer *self)
{
  const char *id;

  g_return_val_if_fail (LQ_IS_PLAYER (self), "");
  id = self->link != NULL ? lq_playback_link_get_identifier (self->link) : NULL;
  return id != NULL ? id : "";
}

/* Album, transitions, loops ------------------------------------------------ */

static void
set_loop (LqPlayer *self, double start, double end)
{
  set_double (self, &self->heard_loop_start, start, PROP_LOOP_START);
  set_double (self, &self->heard_loop_end, end, PROP_LOOP_END);
}

/* The state's "mode" and "loop"; FALSE when the state is one from before
 * the program load asked for (not its answer). */
static gboolean
on_program_state (LqPlayer *self, JsonObject *event)
{
  const char *name = json_object_get_string_member_with_default (event, "mode", "track");
  LqEngineMode mode = g_str_equal (name, "album") ? LQ_ENGINE_MODE_ALBUM
                      : g_str_equal (name, "transitions") ? LQ_ENGINE_MODE_TRANSITIONS
                      : g_str_equal (name, "image") ? LQ_ENGINE_MODE_IMAGE : LQ_ENGINE_MODE_TRACK;
  JsonNode *loop = json_object_get_member (event, "loop");
  JsonArray *range = loop != NULL && JSON_NODE_HOLDS_ARRAY (loop) ? json_node_get_array (loop) : NULL;

  if (mode != self->program_mode)
    {
      self->program_mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
    }
  if (range != NULL && json_array_get_length (range) == 2)
    set_loop (self, json_array_get_double_element (range, 0), json_array_get_double_element (range, 1));
  else
    set_loop (self, 0, 0);
  return !(self->state == LQ_PLAYER_STATE_LOADING && mode != self->load_mode);
}

static void
send_load_program (LqPlayer *self)
{
  gboolean album = self->load_mode == LQ_ENGINE_MODE_ALBUM;
  g_autoptr(JsonBuilder) b = begin_command (album ? "album" : "transitions");

  json_builder_set_member_name (b, "project");
  json_builder_add_string_value (b, self->project_path);
  if (!album)
    {
      json_builder_set_member_name (b, "seconds");
      json_builder_add_double_value (b, self->load_seconds);
    }
  send_command (self, b);
  if (self->have_device || self->state != LQ_PLAYER_STATE_NO_DEVICE)
    set_state (self, LQ_PLAYER_STATE_LOADING);
}

static void
send_loop (LqPlayer *self)
{
  g_autoptr(JsonBuilder) b = begin_command ("loop");

  if (self->loop_end > self->loop_start)
    {
      json_builder_set_member_name (b, "start");
      json_builder_add_double_value (b, self->loop_start);
      json_builder_set_member_name (b, "end");
      json_builder_add_double_value (b, self->loop_end);
    }
  else
    {
      json_builder_set_member_name (b, "clear");
      json_builder_add_boolean_value (b, TRUE);
    }
  send_command (self, b);
}

static void
load_program (LqPlayer *self,
              const char *project_path,
              LqEngineMode mode,
              double seconds)
{
  g_clear_pointer (&self->image, lq_engine_image_unref);
  g_free (self->project_path);
  self->project_path = g_strdup (project_path);
  self->load_track = 0;
  self->load_mode = mode;
  self->load_seconds = seconds;
  self->loop_start = self->loop_end = 0;
  if (self->link == NULL && !spawn_helper (self))
    return;
  send_load_program (self);
}

LqEngineMode
lq_player_get_mode (LqPlayer *self)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), LQ_ENGINE_MODE_TRACK);
  return self->program_mode;
}

gboolean
lq_player_get_loop (LqPlayer *self,
                    double *start,
                    double *end)
{
  g_return_val_if_fail (LQ_IS_PLAYER (self), FALSE);
  if (start != NULL)
    *start = self->heard_loop_start;
  if (end != NULL)
    *end = self->heard_loop_end;
  return self->heard_loop_end > self->heard_loop_start;
}

void
lq_player_load_album (LqPlayer *self,
                      const char *project_path)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (project_path != NULL);
  load_program (self, project_path, LQ_ENGINE_MODE_ALBUM, 0);
}

void
lq_player_load_transitions (LqPlayer *self,
                            const char *project_path,
                            double seconds)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (project_path != NULL);
  g_return_if_fail (seconds > 0);
  load_program (self, project_path, LQ_ENGINE_MODE_TRANSITIONS, seconds);
}

void
lq_player_set_loop (LqPlayer *self,
                    double start,
                    double end)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (start >= 0 && end > start);
  self->loop_start = start;
  self->loop_end = end;
  send_loop (self);
}

void
lq_player_clear_loop (LqPlayer *self)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  self->loop_start = self->loop_end = 0;
  send_loop (self);
}

void
lq_player_load_image (LqPlayer *self,
                      LqEngineImage *image)
{
  g_return_if_fail (LQ_IS_PLAYER (self));
  g_return_if_fail (image != NULL);

  lq_engine_image_ref (image);
  g_clear_pointer (&self->image, lq_engine_image_unref);
  self->image = image;
  g_clear_pointer (&self->project_path, g_free);
  self->load_track = 0;
  self->load_mode = LQ_ENGINE_MODE_IMAGE;
  self->loop_start = self->loop_end = 0;
  if (self->link == NULL && !spawn_helper (self))
    return;
  send_load (self);
}
