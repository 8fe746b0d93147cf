/* lq-track.c */
#include "config.h"

#include "lq-track-private.h"
#include "lq-text.h"

#include <string.h>

struct _LqTrack
{
  GObject parent_instance;

  gint64 id;
  guint position;
  char *source;
  char *path;
  char *fingerprint;
  char *display_name;
  double duration;
  LqTrackStatus status;
  LqTrackState state;
  char *state_message;
  LqTrackAnalysis *analysis;
  GValue *values;   /* one per track field */
};

G_DEFINE_FINAL_TYPE (LqTrack, lq_track, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_SOURCE,
  PROP_PATH,
  PROP_DURATION,
  PROP_STATUS,
  PROP_DISPLAY_NAME,
  PROP_ANALYSIS,
  PROP_STATE,
  PROP_STATE_MESSAGE,
  N_FIXED_PROPS
  /* then one property per track field */
};

static GParamSpec **properties;
static guint n_properties;

static void
lq_track_finalize (GObject *object)
{
  LqTrack *self = (LqTrack *) object;
  guint n;

  lq_project_fields_track (&n);
  for (guint i = 0; i < n; i++)
    if (G_IS_VALUE (&self->values[i]))
      g_value_unset (&self->values[i]);
  g_free (self->values);
  g_free (self->source);
  g_free (self->path);
  g_free (self->fingerprint);
  g_free (self->display_name);
  g_free (self->state_message);
  g_clear_object (&self->analysis);

  G_OBJECT_CLASS (lq_track_parent_class)->finalize (object);
}

static void
lq_track_get_property (GObject *object,
                       guint prop_id,
                       GValue *value,
                       GParamSpec *pspec)
{
  LqTrack *self = LQ_TRACK (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case PROP_STATUS:
      g_value_set_uint (value, self->status);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_ANALYSIS:
      g_value_set_object (value, self->analysis);
      break;
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    case PROP_STATE_MESSAGE:
      g_value_set_string (value, self->state_message);
      break;
    default:
      if (prop_id >= N_FIXED_PROPS && prop_id < n_properties)
        {
          const GValue *v = &self->values[prop_id - N_FIXED_PROPS];

          /* Unset nullable fields read as the type's zero value. */
          if (G_IS_VALUE (v) && G_VALUE_TYPE (v) == G_VALUE_TYPE (value))
            g_value_copy (v, value);
          break;
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_track_class_init (LqTrackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const LqField *fields;
  guint n;

  object_class->finalize = lq_track_finalize;
  object_class->get_property = lq_track_get_property;

  fields = lq_project_fields_track (&n);
  n_properties = N_FIXED_PROPS + n;
  properties = g_new0 (GParamSpec *, n_properties);

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, RO);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, RO);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, RO);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, RO);
  properties[PROP_STATUS] = g_param_spec_uint ("status", NULL, NULL, 0, LQ_TRACK_STATUS_CHANGED, 0, RO);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, RO);
  properties[PROP_ANALYSIS] = g_param_spec_object ("analysis", NULL, NULL, LQ_TYPE_TRACK_ANALYSIS, RO);
  properties[PROP_STATE] = g_param_spec_uint ("state", NULL, NULL, 0, LQ_TRACK_STATE_FAILED, 0, RO);
  properties[PROP_STATE_MESSAGE] = g_param_spec_string ("state-message", NULL, NULL, NULL, RO);

  for (guint i = 0; i < n; i++)
    {
      GType type = lq_field_get_gtype (&fields[i]);
      GParamSpec *pspec;

      if (type == G_TYPE_DOUBLE)
        pspec = g_param_spec_double (fields[i].key, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, RO);
      else if (type == G_TYPE_INT64)
        pspec = g_param_spec_int64 (fields[i].key, NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
      else if (type == G_TYPE_BOOLEAN)
        pspec = g_param_spec_boolean (fields[i].key, NULL, NULL, FALSE, RO);
      else
        pspec = g_param_spec_string (fields[i].key, NULL, NULL, NULL, RO);
      properties[N_FIXED_PROPS + i] = pspec;
    }
#undef RO

  g_object_class_install_properties (object_class, n_properties, properties);
}

static void
lq_track_init (LqTrack *self)
{
  guint n;

  lq_project_fields_track (&n);
  self->values = g_new0 (GValue, n);
}

LqTrack *
_lq_track_new (gint64 id)
{
  LqTrack *self = g_object_new (LQ_TYPE_TRACK, NULL);

  self->id = id;
  return self;
}

LqTrack *
_lq_track_new_pending (const char *path)
{
  LqTrack *self = g_object_new (LQ_TYPE_TRACK, NULL);

  self->path = g_canonicalize_filename (path, NULL);
  self->source = g_strdup (self->path);
  self->display_name = lq_track_title_from_file_name (self->path);
  self->state = LQ_TRACK_STATE_HASHING;
  return self;
}

void
_lq_track_set_state (LqTrack *self,
                     LqTrackState state,
                     const char *message)
{
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->state_message, message) != 0)
    {
      g_free (self->state_message);
      self->state_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_MESSAGE]);
    }
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  if (!G_IS_VALUE (a) || !G_IS_VALUE (b))
    return G_IS_VALUE (a) == G_IS_VALUE (b);
  if (G_VALUE_TYPE (a) != G_VALUE_TYPE (b))
    return FALSE;
  switch (G_VALUE_TYPE (a))
    {
    case G_TYPE_STRING: return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case G_TYPE_DOUBLE: return g_value_get_double (a) == g_value_get_double (b);
    case G_TYPE_INT64: return g_value_get_int64 (a) == g_value_get_int64 (b);
    case G_TYPE_BOOLEAN: return g_value_get_boolean (a) == g_value_get_boolean (b);
    default: return g_value_get_pointer (a) == g_value_get_pointer (b);
    }
}

static void
set_string (LqTrack *self,
            char **field,
            const char *value,
            guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_display_name (LqTrack *self)
{
  const LqField *title_field = lq_project_fields_lookup (FALSE, "title");
  const GValue *title = lq_track_get_value (self, title_field);
  g_autofree char *name = NULL;

  /* The name is shown, tagged and made a file name: valid UTF-8 on one
   * line, whatever an older project or the file system holds. */
  if (title != NULL && G_VALUE_HOLDS_STRING (title) && g_value_get_string (title) != NULL)
    name = lq_text_sanitize (g_value_get_string (title));
  if ((name == NULL || *name == '\0') && self->source != NULL)
    {
      g_free (name);
      name = lq_track_title_from_file_name (self->source);
    }
  set_string (self, &self->display_name, name, PROP_DISPLAY_NAME);
}

void
_lq_track_update (LqTrack *self,
                  guint position,
                  const char *source,
                  const char *path,
                  const char *fingerprint,
                  double duration,
                  const GValue *values)
{
  guint n;

  g_return_if_fail (LQ_IS_TRACK (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->position != position)
    {
      self->position = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
  set_string (self, &self->source, source, PROP_SOURCE);
  set_string (self, &self->path, path, PROP_PATH);
  g_free (self->fingerprint);
  self->fingerprint = g_strdup (fingerprint);
  if (self->duration != duration)
    {
      self->duration = duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }

  lq_project_fields_track (&n);
  for (guint i = 0; i < n; i++)
    if (!values_equal (&self->values[i], &values[i]))
      {
        if (G_IS_VALUE (&self->values[i]))
          g_value_unset (&self->values[i]);
        g_value_init (&self->values[i], G_VALUE_TYPE (&values[i]));
        g_value_copy (&values[i], &self->values[i]);
        g_object_notify_by_pspec (G_OBJECT (self), properties[N_FIXED_PROPS + i]);
      }

  update_display_name (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_lq_track_set_status (LqTrack *self,
                      LqTrackStatus status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_lq_track_set_analysis (LqTrack *self,
                        LqTrackAnalysis *analysis)
{
  if (g_set_object (&self->analysis, analysis))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS]);
}

gint64
lq_track_get_id (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), 0);
  return self->id;
}

guint
lq_track_get_position (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), 0);
  return self->position;
}

const char *
lq_track_get_source (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);
  return self->source;
}

const char *
lq_track_get_path (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);
  return self->path;
}

const char *
lq_track_get_fingerprint (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);
  return self->fingerprint;
}

double
lq_track_get_duration (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), 0.0);
  return self->duration;
}

LqTrackStatus
lq_track_get_status (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), LQ_TRACK_STATUS_MISSING);
  return self->status;
}

const char *
lq_track_status_to_string (LqTrackStatus status)
{
  switch (status)
    {
    case LQ_TRACK_STATUS_OK: return "ok";
    case LQ_TRACK_STATUS_MISSING: return "missing";
    case LQ_TRACK_STATUS_CHANGED: return "changed";
    default: return "unknown";
    }
}

LqTrackState
lq_track_get_state (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), LQ_TRACK_STATE_READY);
  return self->state;
}

const char *
lq_track_get_state_message (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);
  return self->state_message;
}

const char *
lq_track_state_to_string (LqTrackState state)
{
  switch (state)
    {
    case LQ_TRACK_STATE_READY: return "ready";
    case LQ_TRACK_STATE_HASHING: return "hashing";
    case LQ_TRACK_STATE_ANALYSING: return "analysing";
    case LQ_TRACK_STATE_FAILED: return "failed";
    default: return "unknown";
    }
}

const char *
lq_track_get_display_name (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);
  return self->display_name;
}

const GValue *
lq_track_get_value (LqTrack *self,
                    const LqField *field)
{
  const LqField *fields;
  guint n;

  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);

  fields = lq_project_fields_track (&n);
  g_return_val_if_fail (field >= fields && field < fields + n, NULL);
  return &self->values[field - fields];
}

LqTrackAnalysis *
lq_track_get_analysis (LqTrack *self)
{
  g_return_val_if_fail (LQ_IS_TRACK (self), NULL);
  return self->analysis;
}

static gboolean
is_title_separator (char c)
{
  return c == ' ' || c == '-' || c == '_' || c == '.';
}

char *
lq_track_title_from_file_name (const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;
  const char *p;
  guint digits = 0;

  g_return_val_if_fail (path != NULL, NULL);

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  name = lq_text_from_filename (base);

  /* A leading track number, only when separators and more follow it. */
  for (p = name; g_ascii_isdigit (*p); p++)
    digits++;
  if (digits >= 1 && digits <= 3 && is_title_separator (*p))
    {
      while (is_title_separator (*p))
        p++;
      if (*p != '\0')
        memmove (name, p, strlen (p) + 1);
    }
  g_strdelimit (name, "_", ' ');
  g_strstrip (name);
  return g_steal_pointer (&name);
}
