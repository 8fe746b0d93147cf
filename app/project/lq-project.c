/* lq-project.c: the album model over LqProjectStore.
 *
 * After every edit, undo or redo the model re-reads the album row and the
 * track rows (a 99-track album reads in well under a millisecond) and brings
 * its objects in step: changed properties are notified, and the track list
 * is spliced only when the order or the set of tracks changed. The file is
 * the single source of truth; the objects never hold an edit the file lacks.
 */
#include "config.h"

#include "lq-project.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "lq-analysis-job.h"
#include "lq-analysis-json.h"
#include "lq-audio-reader.h"
#include "lq-error.h"
#include "lq-match-eq.h"
#include "lq-project-private.h"
#include "lq-project-store.h"
#include "lq-source-file.h"
#include "lq-track-private.h"
#include "lq-waveform.h"

G_DEFINE_FINAL_TYPE (LqProject, lq_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_ANALYSIS_PROGRESS,
  N_FIXED_PROPS
  /* then one property per album field */
};

static GParamSpec **properties;
static guint n_properties;

typedef struct
{
  char *source;        /* as stored */
  char *path;          /* absolute */
  LqSourceStat stat;
  char *fingerprint;
  double duration;
  char *title;
  char *artist;
} SourceInfo;

static void
source_info_free (SourceInfo *info)
{
  g_free (info->source);
  g_free (info->path);
  g_free (info->fingerprint);
  g_free (info->title);
  g_free (info->artist);
  g_free (info);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SourceInfo, source_info_free)

/* Helpers ---------------------------------------------------------------- */

static char *
resolve_source (LqProject *self,
                const char *source)
{
  if (g_path_is_absolute (source))
    return g_strdup (source);
  return g_canonicalize_filename (source, self->directory);
}

/* Relative to the project's folder when below it, absolute otherwise. */
static char *
store_source (LqProject *self,
              const char *absolute)
{
  gsize len = strlen (self->directory);

  if (strncmp (absolute, self->directory, len) == 0 && absolute[len] == G_DIR_SEPARATOR
      && absolute[len + 1] != '\0')
    return g_strdup (absolute + len + 1);
  return g_strdup (absolute);
}

/* Everything the project stores about a source file; fails, naming the file,
 * when it is not audio Lacquer can master. */
static SourceInfo *
read_source (LqProject *self,
             const char *given,
             GCancellable *cancellable,
             GError **error)
{
  g_autoptr(SourceInfo) info = g_new0 (SourceInfo, 1);
  g_autoptr(LqAudioReader) reader = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *same_file = NULL;
  int fd;

  /* Opened once: the identity, the hash and the header all come from the
   * one file this descriptor holds, whatever happens to its name. Anything
   * but a regular file (/dev/stdin, a FIFO, a device, a folder) is refused. */
  info->path = g_canonicalize_filename (given, NULL);
  fd = lq_source_open (info->path, &info->stat, &local);
  if (fd < 0)
    {
      g_set_error (error, LQ_ERROR, local->code, "%s: %s", given, local->message);
      return NULL;
    }
  info->fingerprint = lq_source_hash_fd (fd, cancellable, &local);
  if (info->fingerprint != NULL)
    {
      same_file = lq_source_fd_path (fd);
      reader = lq_audio_reader_open (same_file != NULL ? same_file : info->path, &local);
    }
  close (fd);
  if (reader == NULL)
    {
      g_set_error (error, LQ_ERROR, local->code, "%s: %s", given, local->message);
      return NULL;
    }
  info->duration = (double) lq_audio_reader_get_frames (reader) / lq_audio_reader_get_sample_rate (reader);
  info->title = g_strdup (lq_audio_reader_get_title (reader));
  info->artist = g_strdup (lq_audio_reader_get_artist (reader));
  info->source = store_source (self, info->path);
  return g_steal_pointer (&info);
}

static void
read_value (sqlite3_stmt *stmt,
            int col,
            const LqField *field,
            GValue *value)
{
  gboolean null = sqlite3_column_type (stmt, col) == SQLITE_NULL;

  if (null && (field->type == LQ_FIELD_CODE || field->type == LQ_FIELD_INT))
    {
      g_value_init (value, G_TYPE_POINTER);
      return;
    }
  g_value_init (value, lq_field_get_gtype (field));
  switch (field->type)
    {
    case LQ_FIELD_INT:
      g_value_set_int64 (value, sqlite3_column_int64 (stmt, col));
      break;
    case LQ_FIELD_REAL:
      g_value_set_double (value, sqlite3_column_double (stmt, col));
      break;
    case LQ_FIELD_BOOL:
      g_value_set_boolean (value, sqlite3_column_int (stmt, col) != 0);
      break;
    default:
      g_value_set_string (value, null ? "" : (const char *) sqlite3_column_text (stmt, col));
    }
}

/* Whether column @col holds what @have holds, read as read_value() would. */
static gboolean
column_matches (sqlite3_stmt *stmt,
                int col,
                const LqField *field,
                const GValue *have)
{
  gboolean null = sqlite3_column_type (stmt, col) == SQLITE_NULL;

  if (have == NULL || !G_IS_VALUE (have))
    return FALSE;
  if (null && (field->type == LQ_FIELD_CODE || field->type == LQ_FIELD_INT))
    return G_VALUE_HOLDS_POINTER (have);
  switch (field->type)
    {
    case LQ_FIELD_INT:
      return G_VALUE_HOLDS_INT64 (have) && g_value_get_int64 (have) == sqlite3_column_int64 (stmt, col);
    case LQ_FIELD_REAL:
      return G_VALUE_HOLDS_DOUBLE (have) && g_value_get_double (have) == sqlite3_column_double (stmt, col);
    case LQ_FIELD_BOOL:
      return G_VALUE_HOLDS_BOOLEAN (have)
             && g_value_get_boolean (have) == (sqlite3_column_int (stmt, col) != 0);
    default:
      return G_VALUE_HOLDS_STRING (have)
             && g_strcmp0 (g_value_get_string (have),
                           null ? "" : (const char *) sqlite3_column_text (stmt, col)) == 0;
    }
}

/* Whether @track already holds the row (position, source and every field). */
static gboolean
row_unchanged (sqlite3_stmt *stmt,
               LqTrack *track,
               guint position,
               const char *source,
               const char *path,
               const char *fingerprint,
               const LqField *fields,
               guint n)
{
  if (lq_track_get_position (track) != position
      || g_strcmp0 (lq_track_get_source (track), source) != 0
      || g_strcmp0 (lq_track_get_path (track), path) != 0
      || g_strcmp0 (lq_track_get_fingerprint (track), fingerprint) != 0
      || lq_track_get_duration (track) != sqlite3_column_double (stmt, 5))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!column_matches (stmt, 6 + (int) i, &fields[i], lq_track_get_value (track, &fields[i])))
      return FALSE;
  return TRUE;
}

static void
bind_value (sqlite3_stmt *stmt,
            int index,
            const GValue *value)
{
  if (!G_IS_VALUE (value) || G_VALUE_HOLDS_POINTER (value))
    sqlite3_bind_null (stmt, index);
  else if (G_VALUE_HOLDS_STRING (value))
    {
      if (g_value_get_string (value) == NULL)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_text (stmt, index, g_value_get_string (value), -1, SQLITE_TRANSIENT);
    }
  else if (G_VALUE_HOLDS_DOUBLE (value))
    sqlite3_bind_double (stmt, index, g_value_get_double (value));
  else if (G_VALUE_HOLDS_INT64 (value))
    sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    sqlite3_bind_int (stmt, index, g_value_get_boolean (value) ? 1 : 0);
}

static GArray *
blob_to_doubles (const void *blob,
                 int bytes)
{
  guint n = bytes > 0 ? (guint) bytes / sizeof (guint64) : 0;
  GArray *a = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  const guint8 *p = blob;

  for (guint i = 0; i < n; i++)
    {
      guint64 bits;
      double d;

      memcpy (&bits, p + i * sizeof bits, sizeof bits);
      bits = GUINT64_FROM_LE (bits);
      memcpy (&d, &bits, sizeof d);
      g_array_append_val (a, d);
    }
  return a;
}

LqTrackAnalysis *
_lq_project_load_cached_analysis (LqProject *self,
                      const char *fingerprint,
                      const char *path)
{
  sqlite3 *db = lq_project_store_get_db (self->store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT analysis, momentary, short_term FROM analysis_cache "
                              "WHERE fingerprint = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, fingerprint, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL))
    return NULL;
  {
    JsonNode *root = json_parser_get_root (parser);
    JsonObject *o = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

    if (o == NULL || json_object_get_int_member_with_default (o, "analyser_version", 0) != ANALYSER_VERSION)
      return NULL;
    return lq_track_analysis_from_json (root, path,
                                        blob_to_doubles (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1)),
                                        blob_to_doubles (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2)));
  }
}

/* Reading the file into the objects ---------------------------------------- */

static GString *
field_columns (const LqField *fields,
               guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, ", %s.%s", g_str_equal (fields[i].table, "track") ? "t" : "p",
                            fields[i].column);
  return s;
}

static gboolean
reload_album (LqProject *self,
              GError **error)
{
  guint n;
  const LqField *fields = lq_project_fields_album (&n);
  g_autoptr(GString) sql = g_string_new ("SELECT 0");
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, ", %s", fields[i].column);
  g_string_append (sql, " FROM album WHERE id = 1");

  stmt = lq_project_store_prepare (self->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_CORRUPT, _("The project has no album row"));
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) v = G_VALUE_INIT;
      g_autofree char *before = NULL, *after = NULL;

      read_value (stmt, i + 1, &fields[i], &v);
      before = lq_field_format (&fields[i], &self->album_values[i]);
      after = lq_field_format (&fields[i], &v);
      if (!G_IS_VALUE (&self->album_values[i]) || g_strcmp0 (before, after) != 0
          || G_VALUE_TYPE (&v) != G_VALUE_TYPE (&self->album_values[i]))
        {
          if (G_IS_VALUE (&self->album_values[i]))
            g_value_unset (&self->album_values[i]);
          g_value_init (&self->album_values[i], G_VALUE_TYPE (&v));
          g_value_copy (&v, &self->album_values[i]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[N_FIXED_PROPS + i]);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

static void
set_label (LqProject *self,
           char **label,
           char *value,
           guint can_prop,
           guint label_prop)
{
  gboolean had = *label != NULL;

  if (g_strcmp0 (*label, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*label);
  *label = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[label_prop]);
  if (had != (value != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[can_prop]);
}

static gboolean
reload (LqProject *self,
        GError **error)
{
  guint n;
  const LqField *fields = lq_project_fields_track (&n);
  g_autoptr(GString) cols = field_columns (fields, n);
  g_autofree char *sql = g_strdup_printf (
    "SELECT t.id, t.source_path, t.source_size, t.source_mtime, t.source_fingerprint, t.duration_s%s, "
    "t.source_mtime_ns, t.source_ctime_ns, t.source_inode FROM track t LEFT JOIN track_processing p ON p.track_id = t.id ORDER BY t.position, t.id",
    cols->str);
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree GValue *values = g_new0 (GValue, n);
  guint old_n = g_list_model_get_n_items (G_LIST_MODEL (self->tracks));
  g_autoptr(GArray) refresh = g_array_new (FALSE, FALSE, sizeof (LqIdentityRefresh));
  gboolean same_order;
  int rc;

  g_array_set_clear_func (refresh, (GDestroyNotify) _lq_identity_refresh_clear);
  if (!reload_album (self, error))
    return FALSE;

  if (self->select_tracks == NULL
      && sqlite3_prepare_v3 (lq_project_store_get_db (self->store), sql, -1, SQLITE_PREPARE_PERSISTENT,
                             &self->select_tracks, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self->store, error, _("Cannot read the project"));
      return FALSE;
    }
  stmt = self->select_tracks;
  sqlite3_reset (stmt);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *source = (const char *) sqlite3_column_text (stmt, 1);
      const char *fingerprint = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *path = resolve_source (self, source != NULL ? source : "");
      LqTrack *track = g_hash_table_lookup (self->by_id, &id);
      LqTrackStatus status;

      if (track == NULL)
        track = _lq_track_new (id);
      else
        g_object_ref (track);

      /* Most rows are as they were: an edit changes one track or two. */
      if (!row_unchanged (stmt, track, order->len + 1, source, path, fingerprint, fields, n))
        {
          for (guint i = 0; i < n; i++)
            read_value (stmt, 6 + i, &fields[i], &values[i]);
          _lq_track_update (track, order->len + 1, source, path, fingerprint,
                            sqlite3_column_double (stmt, 5), values);
          for (guint i = 0; i < n; i++)
            g_value_unset (&values[i]);
        }

      /* Sources are looked at on open and on lq_project_check_sources(),
       * and whenever an edit changed the track's source row; otherwise an
       * edit does not touch the disk beyond the project file. */
      {
        LqSourceStat stored, now;
        g_autofree char *row = NULL;
        const char *before = g_hash_table_lookup (self->checked, &id);
        gboolean stale = FALSE;

        _lq_project_row_identity (stmt, 2, 6 + n, 7 + n, 8 + n, &stored);
        row = g_strdup_printf ("%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT
                               "|%" G_GUINT64_FORMAT "|%s", path, stored.size, stored.mtime_ns,
                               stored.ctime_ns, stored.inode, fingerprint);
        if (self->check_sources || g_strcmp0 (before, row) != 0)
          {
            gint64 *key = g_new (gint64, 1);

            *key = id;
            status = _lq_project_source_status (self, path, &stored, fingerprint, &now, &stale);
            if (stale)
              {
                LqIdentityRefresh r = { id, g_strdup (fingerprint), now };

                g_array_append_val (refresh, r);
              }
            _lq_track_set_status (track, status);
            g_hash_table_insert (self->checked, key, g_steal_pointer (&row));
          }
        else
          status = lq_track_get_status (track);
      }

      if (status == LQ_TRACK_STATUS_OK)
        {
          LqTrackAnalysis *have = lq_track_get_analysis (track);

          /* Reused while the fingerprint is the same; the path may move. */
          if (have == NULL || g_strcmp0 (lq_track_analysis_get_path (have), path) != 0)
            {
              g_autoptr(LqTrackAnalysis) cached = _lq_project_load_cached_analysis (self, fingerprint, path);
              _lq_track_set_analysis (track, cached);
            }
        }
      else
        _lq_track_set_analysis (track, NULL);

      g_ptr_array_add (order, track);
      g_hash_table_add (seen, &((gint64 *) &id)[0]);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      lq_project_store_set_error (self->store, error, _("Cannot read the project"));
      return FALSE;
    }
  self->check_sources = FALSE;
  _lq_project_refresh_identities (self, refresh);

  same_order = old_n == order->len;
  for (guint i = 0; same_order && i < old_n; i++)
    {
      g_autoptr(LqTrack) item = g_list_model_get_item (G_LIST_MODEL (self->tracks), i);
      same_order = item == g_ptr_array_index (order, i);
    }
  if (!same_order)
    {
      g_hash_table_remove_all (self->by_id);
      for (guint i = 0; i < order->len; i++)
        {
          LqTrack *t = g_ptr_array_index (order, i);
          gint64 *key = g_new (gint64, 1);

          *key = lq_track_get_id (t);
          g_hash_table_insert (self->by_id, key, t);
        }
      g_list_store_splice (self->tracks, 0, old_n, order->pdata, order->len);
    }

  set_label (self, &self->undo_label, lq_project_store_get_undo_label (self->store),
             PROP_CAN_UNDO, PROP_UNDO_LABEL);
  set_label (self, &self->redo_label, lq_project_store_get_redo_label (self->store),
             PROP_CAN_REDO, PROP_REDO_LABEL);
  return TRUE;
}

/* GObject --------------------------------------------------------------- */

static void
lq_project_dispose (GObject *object)
{
  LqProject *self = (LqProject *) object;

  if (self->tracks != NULL)
    g_list_store_remove_all (self->tracks);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->tracks);

  G_OBJECT_CLASS (lq_project_parent_class)->dispose (object);
}

static void
lq_project_finalize (GObject *object)
{
  LqProject *self = (LqProject *) object;
  guint n;

  lq_project_fields_album (&n);
  for (guint i = 0; i < n; i++)
    if (G_IS_VALUE (&self->album_values[i]))
      g_value_unset (&self->album_values[i]);
  g_free (self->album_values);
  g_clear_pointer (&self->select_tracks, sqlite3_finalize);
  g_clear_pointer (&self->checked, g_hash_table_unref);
  g_clear_pointer (&self->store, lq_project_store_free);
  g_clear_pointer (&self->status_cache, g_hash_table_unref);
  g_free (self->path);
  g_free (self->directory);
  g_free (self->undo_label);
  g_free (self->redo_label);

  G_OBJECT_CLASS (lq_project_parent_class)->finalize (object);
}

static void
lq_project_get_property (GObject *object,
                         guint prop_id,
                         GValue *value,
                         GParamSpec *pspec)
{
  LqProject *self = LQ_PROJECT (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, lq_project_get_read_only (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->undo_label != NULL);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->redo_label != NULL);
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, self->undo_label);
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, self->redo_label);
      break;
    case PROP_ANALYSIS_PROGRESS:
      g_value_set_double (value, self->analysis_progress);
      break;
    default:
      if (prop_id >= N_FIXED_PROPS && prop_id < n_properties)
        {
          const GValue *v = &self->album_values[prop_id - N_FIXED_PROPS];

          if (G_IS_VALUE (v) && G_VALUE_TYPE (v) == G_VALUE_TYPE (value))
            g_value_copy (v, value);
          break;
        }
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_project_class_init (LqProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const LqField *fields;
  guint n;

  object_class->dispose = lq_project_dispose;
  object_class->finalize = lq_project_finalize;
  object_class->get_property = lq_project_get_property;

  fields = lq_project_fields_album (&n);
  n_properties = N_FIXED_PROPS + n;
  properties = g_new0 (GParamSpec *, n_properties);

#define RO (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, RO);
  properties[PROP_READ_ONLY] = g_param_spec_boolean ("read-only", NULL, NULL, FALSE, RO);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, RO);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, RO);
  properties[PROP_UNDO_LABEL] = g_param_spec_string ("undo-label", NULL, NULL, NULL, RO);
  properties[PROP_REDO_LABEL] = g_param_spec_string ("redo-label", NULL, NULL, NULL, RO);
  properties[PROP_ANALYSIS_PROGRESS] =
    g_param_spec_double ("analysis-progress", NULL, NULL, 0.0, 1.0, 0.0, RO);
  for (guint i = 0; i < n; i++)
    {
      GType type = lq_field_get_gtype (&fields[i]);

      if (type == G_TYPE_INT64)
        properties[N_FIXED_PROPS + i] =
          g_param_spec_int64 (fields[i].key, NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
      else
        properties[N_FIXED_PROPS + i] = g_param_spec_string (fields[i].key, NULL, NULL, NULL, RO);
    }
#undef RO

  g_object_class_install_properties (object_class, n_properties, properties);
}

static void
lq_project_init (LqProject *self)
{
  guint n;

  lq_project_fields_album (&n);
  self->album_values = g_new0 (GValue, n);
  self->tracks = g_list_store_new (LQ_TYPE_TRACK);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->status_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->check_sources = TRUE;
}

/* @path: as the caller named it; the store's is where a link leads, whose
 * folder relative sources are in. */
static LqProject *
project_new (LqProjectStore *store,
             const char *path,
             GError **error)
{
  g_autoptr(LqProject) self = g_object_new (LQ_TYPE_PROJECT, NULL);
  g_autofree char *absolute = g_canonicalize_filename (lq_project_store_get_path (store), NULL);

  self->store = store;
  self->path = g_strdup (path);
  self->directory = g_path_get_dirname (absolute);
  if (!reload (self, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }
  return g_steal_pointer (&self);
}

LqProject *
lq_project_create (const char *path,
                   GError **error)
{
  LqProjectStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  store = lq_project_store_create (path, error);
  if (store == NULL)
    return NULL;
  return project_new (store, path, error);
}

LqProject *
lq_project_open (const char *path,
                 gboolean read_only,
                 GError **error)
{
  LqProjectStore *store;

  g_return_val_if_fail (path != NULL, NULL);

  store = lq_project_store_open (path, read_only, error);
  if (store == NULL)
    {
      if (error != NULL && *error != NULL && !g_str_has_prefix ((*error)->message, path))
        g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  return project_new (store, path, error);
}

const char *
lq_project_get_path (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  return self->path;
}

gboolean
lq_project_save_copy (LqProject *self,
                      const char *path,
                      GError **error)
{
  sqlite3 *db;
  g_autofree char *absolute = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int limit, rc;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  mine = g_canonicalize_filename (self->path, NULL);
  if (g_str_equal (absolute, mine))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS, _("%s: this is the project itself"), path);
      return FALSE;
    }

  /* The file alone may lack the last edits (they can still be in its WAL):
   * let SQLite write a consistent copy, next to the target, then move it
   * into place. VACUUM INTO attaches the new file: allow that one. */
  db = lq_project_store_get_db (self->store);
  tmp = g_strdup_printf ("%s.%08x.part", absolute, g_random_int ());
  if (sqlite3_prepare_v2 (db, "VACUUM INTO ?", -1, &stmt, NULL) != SQLITE_OK)
    {
      lq_project_store_set_error (self->store, error, _("Cannot save a copy"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, tmp, -1, SQLITE_STATIC);
  limit = sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 1);
  rc = sqlite3_step (stmt);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, limit);
  if (rc != SQLITE_DONE)
    {
      lq_project_store_set_error (self->store, error, _("Cannot save a copy"));
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, absolute) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, saved == ENOSPC ? LQ_ERROR_DISK_FULL : LQ_ERROR_IO,
                   "%s: %s", path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_project_get_read_only (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), TRUE);
  return lq_project_store_is_read_only (self->store);
}

gboolean
lq_project_get_folder_read_only (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return lq_project_store_is_folder_read_only (self->store);
}

GListModel *
lq_project_get_tracks (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->tracks);
}

guint
lq_project_get_n_tracks (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->tracks));
}

LqTrack *
lq_project_get_track (LqProject *self,
                      guint position)
{
  g_autoptr(LqTrack) track = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  if (position < 1 || position > lq_project_get_n_tracks (self))
    return NULL;
  track = g_list_model_get_item (G_LIST_MODEL (self->tracks), position - 1);
  return track;   /* the store keeps its reference */
}

const GValue *
lq_project_get_album_value (LqProject *self,
                            const LqField *field)
{
  guint n;
  const LqField *fields = lq_project_fields_album (&n);

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (field >= fields && field < fields + n, NULL);
  return &self->album_values[field - fields];
}

/* Edits ------------------------------------------------------------------ */

static gboolean
check_position (LqProject *self,
                guint position,
                GError **error)
{
  guint n = lq_project_get_n_tracks (self);

  if (position >= 1 && position <= n)
    return TRUE;
  if (n == 0)
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("There is no track %u: the album is empty"), position);
  else
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("There is no track %u: the album has tracks 1 to %u"), position, n);
  return FALSE;
}

typedef struct
{
  const LqField *field;
  GValue value;
} Assignment;

static void
assignments_free (GArray *a)
{
  for (guint i = 0; i < a->len; i++)
    g_value_unset (&g_array_index (a, Assignment, i).value);
  g_array_unref (a);
}

typedef GArray LqAssignments;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqAssignments, assignments_free)

/* Parses every "key=value" before anything is written. */
static GArray *
parse_assignments (const char *const *assignments,
                   gboolean album,
                   GError **error)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Assignment));

  if (assignments == NULL || assignments[0] == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("Nothing to set: give key=value"));
      assignments_free (out);
      return NULL;
    }

  for (guint i = 0; assignments[i] != NULL; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *key = eq != NULL ? g_strndup (assignments[i], eq - assignments[i]) : NULL;
      const LqField *field = key != NULL ? lq_project_fields_lookup (album, g_strstrip (key)) : NULL;
      Assignment a = { field, G_VALUE_INIT };

      if (eq == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("“%s” is not key=value"), assignments[i]);
          assignments_free (out);
          return NULL;
        }
      if (field == NULL)
        {
          guint n;
          const LqField *fields = album ? lq_project_fields_album (&n) : lq_project_fields_track (&n);
          g_autoptr(GString) keys = g_string_new (NULL);

          for (guint k = 0; k < n; k++)
            g_string_append_printf (keys, "%s%s", k > 0 ? ", " : "", fields[k].key);
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       album ? _("Unknown album key “%s”; album keys are: %s")
                             : _("Unknown track key “%s”; track keys are: %s"),
                       key, keys->str);
          assignments_free (out);
          return NULL;
        }
      if (!lq_field_parse (field, eq + 1, &a.value, error))
        {
          assignments_free (out);
          return NULL;
        }
      g_array_append_val (out, a);
    }
  return out;
}

typedef struct
{
  GArray *assignments;
  gint64 track_id;   /* 0 for the album */
} SetData;

static gboolean
check_track_times (LqProjectStore *store,
                   gint64 id,
                   GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    lq_project_store_prepare (store, "SELECT duration_s, trim_in_s, trim_out_s, fade_in_s, fade_out_s "
                                     "FROM track WHERE id = ?", error);
  double duration, trim_in, trim_out, fade_in, fade_out, left;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;
  duration = sqlite3_column_double (stmt, 0);
  trim_in = sqlite3_column_double (stmt, 1);
  trim_out = sqlite3_column_double (stmt, 2);
  fade_in = sqlite3_column_double (stmt, 3);
  fade_out = sqlite3_column_double (stmt, 4);
  left = duration - trim_in - trim_out;

  if (left < 0.1)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("trim-in plus trim-out (%.2f s) must leave at least 0.1 s of the %.2f s track"),
                   trim_in + trim_out, duration);
      return FALSE;
    }
  if (fade_in + fade_out > left + 1e-9)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("fade-in plus fade-out (%.2f s) is longer than the trimmed track (%.2f s)"),
                   fade_in + fade_out, left);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_edit (LqProjectStore *store,
          gpointer user_data,
          GError **error)
{
  SetData *d = user_data;

  for (guint i = 0; i < d->assignments->len; i++)
    {
      Assignment *a = &g_array_index (d->assignments, Assignment, i);
      g_autofree char *sql = NULL;
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* Only a value that differs is written: setting a field to what it
       * holds records nothing, so it is no undo step and keeps the redo history. */
      if (d->track_id == 0)
        sql = g_strdup_printf ("UPDATE album SET %s = ?1 WHERE id = 1 AND %s IS NOT ?1",
                               a->field->column, a->field->column);
      else if (g_str_equal (a->field->table, "track"))
        sql = g_strdup_printf ("UPDATE track SET %s = ?1 WHERE id = ?2 AND %s IS NOT ?1",
                               a->field->column, a->field->column);
      else
        {
          /* A track a format-1 history brought back has no row here yet. */
          g_autofree char *ensure = g_strdup_printf ("INSERT OR IGNORE INTO %s (track_id) VALUES (?)",
                                                     a->field->table);
          g_autoptr(sqlite3_stmt) insert = lq_project_store_prepare (store, ensure, error);

          if (insert == NULL)
            return FALSE;
          sqlite3_bind_int64 (insert, 1, d->track_id);
          if (sqlite3_step (insert) != SQLITE_DONE)
            {
              lq_project_store_set_error (store, error, _("Cannot save the edit"));
              return FALSE;
            }
          sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE track_id = ?2 AND %s IS NOT ?1",
                                 a->field->table, a->field->column, a->field->column);
        }

      stmt = lq_project_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      bind_value (stmt, 1, &a->value);
      if (d->track_id != 0)
        sqlite3_bind_int64 (stmt, 2, d->track_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          lq_project_store_set_error (store, error, _("Cannot save the edit"));
          return FALSE;
        }
    }
  return d->track_id == 0 || check_track_times (store, d->track_id, error);
}

gboolean
_lq_project_finish_edit (LqProject *self,
                         gboolean ok,
                         GError **error)
{
  g_autoptr(GError) reload_error = NULL;

  /* Whatever happened, the objects follow the file. */
  if (!reload (self, ok ? error : &reload_error))
    return FALSE;
  return ok;
}

gboolean
lq_project_set_album (LqProject *self,
                      const char *const *assignments,
                      GError **error)
{
  g_autoptr(LqAssignments) parsed = NULL;
  g_autofree char *label = NULL;
  SetData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  parsed = parse_assignments (assignments, TRUE, error);
  if (parsed == NULL)
    return FALSE;
  label = parsed->len == 1
    ? g_strdup_printf (_("Set Album %s"), _(g_array_index (parsed, Assignment, 0).field->label))
    : g_strdup (_("Edit Album"));
  d.assignments = parsed;
  d.track_id = 0;
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, set_edit, &d, error), error);
}

gboolean
lq_project_set_track (LqProject *self,
                      guint position,
                      const char *const *assignments,
                      GError **error)
{
  g_autoptr(LqAssignments) parsed = NULL;
  g_autofree char *label = NULL;
  SetData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (!check_position (self, position, error))
    return FALSE;
  parsed = parse_assignments (assignments, FALSE, error);
  if (parsed == NULL)
    return FALSE;
  label = parsed->len == 1
    ? g_strdup_printf (_("Set %s of Track %u"), _(g_array_index (parsed, Assignment, 0).field->label), position)
    : g_strdup_printf (_("Edit Track %u"), position);
  d.assignments = parsed;
  d.track_id = lq_track_get_id (lq_project_get_track (self, position));
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, set_edit, &d, error), error);
}

typedef struct
{
  GPtrArray *infos;
  guint position;   /* 1-based insertion point */
} AddData;

static gboolean
add_edit (LqProjectStore *store,
          gpointer user_data,
          GError **error)
{
  AddData *d = user_data;
  g_autoptr(sqlite3_stmt) shift = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) processing = NULL;

  shift = lq_project_store_prepare (store, "UPDATE track SET position = position + ? WHERE position >= ?", error);
  insert = lq_project_store_prepare (store,
    "INSERT INTO track (position, source_path, source_size, source_mtime, source_mtime_ns, "
    "source_ctime_ns, source_inode, source_fingerprint, duration_s, title, artist, gap_s) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  processing = lq_project_store_prepare (store, "INSERT INTO track_processing (track_id) VALUES (?)", error);
  if (shift == NULL || insert == NULL || processing == NULL)
    return FALSE;

  sqlite3_bind_int (shift, 1, d->infos->len);
  sqlite3_bind_int (shift, 2, d->position);
  if (sqlite3_step (shift) != SQLITE_DONE)
    goto fail;

  for (guint i = 0; i < d->infos->len; i++)
    {
      SourceInfo *info = g_ptr_array_index (d->infos, i);
      guint position = d->position + i;

      sqlite3_reset (insert);
      sqlite3_bind_int (insert, 1, position);
      sqlite3_bind_text (insert, 2, info->source, -1, SQLITE_STATIC);
      _lq_project_bind_identity (insert, 3, &info->stat);
      sqlite3_bind_text (insert, 8, info->fingerprint, -1, SQLITE_STATIC);
      sqlite3_bind_double (insert, 9, info->duration);
      sqlite3_bind_text (insert, 10, info->title != NULL ? info->title : "", -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 11, info->artist != NULL ? info->artist : "", -1, SQLITE_STATIC);
      /* Red Book: the first track's pregap is 2 s. */
      sqlite3_bind_double (insert, 12, position == 1 ? 2.0 : 0.0);
      if (sqlite3_step (insert) != SQLITE_DONE)
        goto fail;

      sqlite3_reset (processing);
      sqlite3_bind_int64 (processing, 1, sqlite3_last_insert_rowid (lq_project_store_get_db (store)));
      if (sqlite3_step (processing) != SQLITE_DONE)
        goto fail;
    }
  return TRUE;

fail:
  lq_project_store_set_error (store, error, _("Cannot save the edit"));
  return FALSE;
}

/* Reads every file (on any thread: only self->directory is used); one that
 * is not usable audio fails the whole set. */
static GPtrArray *
read_sources (LqProject *self,
              const char *const *paths,
              GCancellable *cancellable,
              GError **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) source_info_free);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      SourceInfo *info = read_source (self, paths[i], cancellable, error);

      if (info == NULL)
        return NULL;
      g_ptr_array_add (infos, info);
    }
  return g_steal_pointer (&infos);
}

static gboolean
check_insert_position (LqProject *self,
                       guint *position,
                       GError **error)
{
  guint n = lq_project_get_n_tracks (self);

  if (*position == 0)
    *position = n + 1;
  if (*position > n + 1)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("Cannot add at position %u: the album has %u tracks (positions 1 to %u)"),
                   *position, n, n + 1);
      return FALSE;
    }
  if (lq_project_get_read_only (self))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY, _("The project is open read-only"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
commit_add (LqProject *self,
            GPtrArray *infos,
            guint position,
            GError **error)
{
  g_autofree char *label = NULL;
  AddData d;

  if (!check_insert_position (self, &position, error))
    return FALSE;
  if (infos->len == 0)
    return TRUE;
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %u Track", "Add %u Tracks", infos->len),
                           infos->len);
  d.infos = infos;
  d.position = position;
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, add_edit, &d, error), error);
}

/* The shape of every audio-reading edit done asynchronously: the sources are
 * read (and hashed) on a worker thread, then @commit runs on the project's
 * thread, where the project lives and emits its signals. */
typedef gboolean (*CommitFunc) (LqProject *self,
                                GPtrArray *infos,
                                guint position,
                                GError **error);

typedef struct
{
  GStrv paths;
  guint position;
  CommitFunc commit;
  GPtrArray *infos;
} ReadTaskData;

static void
read_task_data_free (ReadTaskData *d)
{
  g_strfreev (d->paths);
  g_clear_pointer (&d->infos, g_ptr_array_unref);
  g_free (d);
}

static void
read_thread (GTask *task,
             gpointer source_object,
             gpointer task_data,
             GCancellable *cancellable)
{
  ReadTaskData *d = task_data;
  GError *error = NULL;

  d->infos = read_sources (source_object, (const char *const *) d->paths, cancellable, &error);
  if (d->infos == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  ReadTaskData *d = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || !d->commit (LQ_PROJECT (object), d->infos, d->position, &error))
    g_task_return_error (outer, error);
  else
    g_task_return_boolean (outer, TRUE);
}

static void
read_then_commit_async (LqProject *self,
                        const char *const *paths,
                        guint position,
                        CommitFunc commit,
                        gpointer source_tag,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = g_task_new (self, cancellable, read_done_cb, outer);
  ReadTaskData *d = g_new0 (ReadTaskData, 1);

  g_task_set_source_tag (outer, source_tag);
  d->paths = g_strdupv ((char **) paths);
  d->position = position;
  d->commit = commit;
  g_task_set_task_data (inner, d, (GDestroyNotify) read_task_data_free);
  g_task_run_in_thread (inner, read_thread);
}

gboolean
lq_project_add_files (LqProject *self,
                      const char *const *paths,
                      guint position,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autoptr(GPtrArray) infos = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  /* Check first: a bad position should not wait for files to be read. */
  if (!check_insert_position (self, &(guint) { position }, error))
    return FALSE;
  infos = read_sources (self, paths, cancellable, error);
  if (infos == NULL)
    return FALSE;
  return commit_add (self, infos, position, error);
}

void
lq_project_add_files_async (LqProject *self,
                            const char *const *paths,
                            guint position,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (paths != NULL);

  read_then_commit_async (self, paths, position, commit_add, lq_project_add_files_async,
                          cancellable, callback, user_data);
}

gboolean
lq_project_add_files_finish (LqProject *self,
                             GAsyncResult *result,
                             GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint from;
  guint to;
} MoveData;

/* Red Book: track 1 has a 2 s pregap. A track that has just become first
 * with no gap of its own gets that default (part of the same edit). */
static gboolean
default_first_gap (LqProjectStore *store,
                   GError **error)
{
  return lq_project_store_exec (store, "UPDATE track SET gap_s = 2.0 WHERE position = 1 AND gap_s = 0", error);
}

static gboolean
move_edit (LqProjectStore *store,
           gpointer user_data,
           GError **error)
{
  MoveData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "UPDATE track SET position = CASE"
    "  WHEN position = ?1 THEN ?2"
    "  WHEN ?1 < ?2 AND position > ?1 AND position <= ?2 THEN position - 1"
    "  WHEN ?1 > ?2 AND position >= ?2 AND position < ?1 THEN position + 1"
    "  ELSE position END"
    " WHERE position BETWEEN min(?1, ?2) AND max(?1, ?2)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, d->from);
  sqlite3_bind_int (stmt, 2, d->to);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return d->from != 1 && d->to != 1 ? TRUE : default_first_gap (store, error);
}

gboolean
lq_project_move_track (LqProject *self,
                       guint from,
                       guint to,
                       GError **error)
{
  g_autofree char *label = NULL;
  MoveData d = { from, to };

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (!check_position (self, from, error) || !check_position (self, to, error))
    return FALSE;
  if (from == to)
    return TRUE;
  label = g_strdup_printf (_("Move Track %u to %u"), from, to);
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, move_edit, &d, error), error);
}

static gboolean
remove_edit (LqProjectStore *store,
             gpointer user_data,
             GError **error)
{
  guint position = GPOINTER_TO_UINT (user_data);
  g_autoptr(sqlite3_stmt) del = lq_project_store_prepare (store, "DELETE FROM track WHERE position = ?", error);
  g_autoptr(sqlite3_stmt) shift = lq_project_store_prepare (store,
    "UPDATE track SET position = position - 1 WHERE position > ?", error);

  if (del == NULL || shift == NULL)
    return FALSE;
  sqlite3_bind_int (del, 1, position);
  sqlite3_bind_int (shift, 1, position);
  if (sqlite3_step (del) != SQLITE_DONE || sqlite3_step (shift) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return position != 1 ? TRUE : default_first_gap (store, error);
}

gboolean
lq_project_remove_track (LqProject *self,
                         guint position,
                         GError **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (!check_position (self, position, error))
    return FALSE;
  label = g_strdup_printf (_("Remove Track %u"), position);
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, remove_edit,
                                                   GUINT_TO_POINTER (position), error), error);
}

typedef struct
{
  gint64 id;
  SourceInfo *info;
} RelinkData;

static gboolean
relink_edit (LqProjectStore *store,
             gpointer user_data,
             GError **error)
{
  RelinkData *d = user_data;
  g_autoptr(sqlite3_stmt) stmt = lq_project_store_prepare (store,
    "UPDATE track SET source_path = ?1, source_size = ?2, source_mtime = ?3, source_mtime_ns = ?4, "
    "source_ctime_ns = ?5, source_inode = ?6, source_fingerprint = ?7, duration_s = ?8 WHERE id = ?9", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->info->source, -1, SQLITE_STATIC);
  _lq_project_bind_identity (stmt, 2, &d->info->stat);
  sqlite3_bind_text (stmt, 7, d->info->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_double (stmt, 8, d->info->duration);
  sqlite3_bind_int64 (stmt, 9, d->id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }
  return check_track_times (store, d->id, error);
}

static gboolean
commit_relink (LqProject *self,
               guint position,
               SourceInfo *info,
               GError **error)
{
  g_autofree char *label = NULL;
  RelinkData d;

  if (!check_position (self, position, error))
    return FALSE;
  label = g_strdup_printf (_("Relink Track %u"), position);
  d.id = lq_track_get_id (lq_project_get_track (self, position));
  d.info = info;
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, relink_edit, &d, error), error);
}

gboolean
lq_project_relink (LqProject *self,
                   guint position,
                   const char *path,
                   GError **error)
{
  g_autoptr(SourceInfo) info = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!check_position (self, position, error))
    return FALSE;
  info = read_source (self, path, NULL, error);
  if (info == NULL)
    return FALSE;
  return commit_relink (self, position, info, error);
}

static gboolean
commit_relink_first (LqProject *self,
                     GPtrArray *infos,
                     guint position,
                     GError **error)
{
  return commit_relink (self, position, g_ptr_array_index (infos, 0), error);
}

void
lq_project_relink_async (LqProject *self,
                         guint position,
                         const char *path,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  const char *paths[] = { path, NULL };

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (path != NULL);

  read_then_commit_async (self, paths, position, commit_relink_first, lq_project_relink_async,
                          cancellable, callback, user_data);
}

gboolean
lq_project_relink_finish (LqProject *self,
                          GAsyncResult *result,
                          GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
collect_files (const char *directory,
               guint depth,
               GHashTable *by_size,
               GCancellable *cancellable)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  if (dir == NULL || depth > 16 || g_cancellable_is_cancelled (cancellable))
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;
      if (S_ISDIR (st.st_mode))
        collect_files (path, depth + 1, by_size, cancellable);
      else if (S_ISREG (st.st_mode))
        {
          gint64 *key = g_new (gint64, 1);
          GPtrArray *list;

          *key = st.st_size;
          list = g_hash_table_lookup (by_size, key);
          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (by_size, key, list);
            }
          else
            g_free (key);
          g_ptr_array_add (list, g_steal_pointer (&path));
        }
    }
}

typedef struct
{
  guint position;
  gint64 size;
  char *fingerprint;
  SourceInfo *found;
} Wanted;

static void
wanted_free (Wanted *w)
{
  g_free (w->fingerprint);
  g_clear_pointer (&w->found, source_info_free);
  g_free (w);
}

/* On the project's thread: the tracks whose source is missing or changed. */
static GPtrArray *
wanted_sources (LqProject *self,
                GError **error)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) wanted_free);
  sqlite3 *db = lq_project_store_get_db (self->store);

  /* Which files are missing now, not at the last look. */
  if (!lq_project_check_sources (self, error))
    return NULL;

  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    {
      LqTrack *track = lq_project_get_track (self, p);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      Wanted *w;

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK)
        continue;
      if (sqlite3_prepare_v2 (db, "SELECT source_size FROM track WHERE id = ?", -1, &stmt, NULL) != SQLITE_OK)
        continue;
      sqlite3_bind_int64 (stmt, 1, lq_track_get_id (track));
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      w = g_new0 (Wanted, 1);
      w->position = p;
      w->size = sqlite3_column_int64 (stmt, 0);
      w->fingerprint = g_strdup (lq_track_get_fingerprint (track));
      g_ptr_array_add (wanted, w);
    }
  return g_steal_pointer (&wanted);
}

/* On any thread: looks below @directory for files with the wanted sizes and
 * fingerprints; sets each Wanted's found. */
static gboolean
find_moved (LqProject *self,
            GPtrArray *wanted,
            const char *directory,
            GCancellable *cancellable,
            GError **error)
{
  g_autoptr(GHashTable) by_size = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_FOUND, _("%s: not a folder"), directory);
      return FALSE;
    }
  collect_files (directory, 0, by_size, cancellable);

  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *w = g_ptr_array_index (wanted, i);
      GPtrArray *candidates = g_hash_table_lookup (by_size, &w->size);

      for (guint c = 0; candidates != NULL && c < candidates->len; c++)
        {
          const char *path = g_ptr_array_index (candidates, c);
          g_autofree char *fp = lq_source_hash_path (path, cancellable, NULL, NULL);

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (g_strcmp0 (fp, w->fingerprint) == 0)
            {
              w->found = read_source (self, path, cancellable, NULL);
              if (w->found != NULL)
                break;
            }
        }
    }
  return TRUE;
}

/* On the project's thread: one relink edit per track found. */
static int
commit_found (LqProject *self,
              GPtrArray *wanted,
              GError **error)
{
  int relinked = 0;

  for (guint i = 0; i < wanted->len; i++)
    {
      Wanted *w = g_ptr_array_index (wanted, i);

      if (w->found == NULL)
        continue;
      if (!commit_relink (self, w->position, w->found, error))
        return -1;
      relinked++;
    }
  return relinked;
}

int
lq_project_relink_search (LqProject *self,
                          const char *directory,
                          GCancellable *cancellable,
                          GError **error)
{
  g_autoptr(GPtrArray) wanted = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), -1);
  g_return_val_if_fail (directory != NULL, -1);

  wanted = wanted_sources (self, error);
  if (wanted == NULL || !find_moved (self, wanted, directory, cancellable, error))
    return -1;
  return commit_found (self, wanted, error);
}

typedef struct
{
  GPtrArray *wanted;
  char *directory;
} SearchTaskData;

static void
search_task_data_free (SearchTaskData *d)
{
  g_clear_pointer (&d->wanted, g_ptr_array_unref);
  g_free (d->directory);
  g_free (d);
}

static void
search_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  SearchTaskData *d = task_data;
  GError *error = NULL;

  if (!find_moved (source_object, d->wanted, d->directory, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
search_done_cb (GObject *object,
                GAsyncResult *result,
                gpointer user_data)
{
  g_autoptr(GTask) outer = user_data;
  SearchTaskData *d = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  int relinked;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || (relinked = commit_found (LQ_PROJECT (object), d->wanted, &error)) < 0)
    g_task_return_error (outer, error);
  else
    g_task_return_int (outer, relinked);
}

void
lq_project_relink_search_async (LqProject *self,
                                const char *directory,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  SearchTaskData *d;
  GError *error = NULL;

  g_return_if_fail (LQ_IS_PROJECT (self));
  g_return_if_fail (directory != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, lq_project_relink_search_async);
  d = g_new0 (SearchTaskData, 1);
  d->directory = g_strdup (directory);
  d->wanted = wanted_sources (self, &error);
  if (d->wanted == NULL)
    {
      search_task_data_free (d);
      g_task_return_error (outer, error);
      g_object_unref (outer);
      return;
    }
  inner = g_task_new (self, cancellable, search_done_cb, outer);
  g_task_set_task_data (inner, d, (GDestroyNotify) search_task_data_free);
  g_task_run_in_thread (inner, search_thread);
}

int
lq_project_relink_search_finish (LqProject *self,
                                 GAsyncResult *result,
                                 GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return (int) g_task_propagate_int (G_TASK (result), error);
}

gboolean
lq_project_undo (LqProject *self,
                 GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return _lq_project_finish_edit (self, lq_project_store_undo (self->store, error), error);
}

gboolean
lq_project_redo (LqProject *self,
                 GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return _lq_project_finish_edit (self, lq_project_store_redo (self->store, error), error);
}

gboolean
lq_project_can_undo (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return self->undo_label != NULL;
}

gboolean
lq_project_can_redo (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  return self->redo_label != NULL;
}

const char *
lq_project_get_undo_label (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  return self->undo_label;
}

const char *
lq_project_get_redo_label (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  return self->redo_label;
}

void
_lq_project_set_analysis_progress (LqProject *self,
                                   double progress)
{
  if (self->analysis_progress == progress)
    return;
  self->analysis_progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANALYSIS_PROGRESS]);
}

LqAlbumAnalysis *
lq_project_get_album_analysis (LqProject *self)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    g_ptr_array_add (analyses, lq_track_get_analysis (lq_project_get_track (self, p)));
  return lq_album_analysis_new (analyses);
}

GBytes *
lq_project_get_waveform (LqProject *self,
                         LqTrack *track,
                         guint max_peaks,
                         guint *frames_per_peak)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (LQ_IS_TRACK (track), NULL);

  db = lq_project_store_get_db (self->store);
  /* The finest level with at most max_peaks peaks, else the coarsest. */
  if (sqlite3_prepare_v2 (db,
        "SELECT frames_per_peak, peaks FROM waveform WHERE fingerprint = ?1 "
        "ORDER BY (length(peaks) / ?3 > ?2), frames_per_peak LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, lq_track_get_fingerprint (track), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, max_peaks);
  sqlite3_bind_int (stmt, 3, lq_track_get_analysis (track) != NULL
                             ? 2 * lq_track_analysis_get_measures (lq_track_get_analysis (track))->channels : 4);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (frames_per_peak != NULL)
    *frames_per_peak = (guint) sqlite3_column_int64 (stmt, 0);
  return g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
}

gboolean
lq_project_check_sources (LqProject *self,
                          GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  self->check_sources = TRUE;
  return reload (self, error);
}

/* Matching --------------------------------------------------------------- */

void
lq_match_settings_init (LqMatchSettings *settings)
{
  g_return_if_fail (settings != NULL);

  *settings = (LqMatchSettings) {
    .target = NULL,
    .mode = LQ_MATCH_DEFAULT_MODE,
    .keep = LQ_MATCH_DEFAULT_KEEP,
    .tonal = 0.0,
    .tonal_cap_db = LQ_TONAL_DEFAULT_CAP_DB,
    .ceiling_dbtp = NAN,
    .anchor = 0,
    .reference = NULL,
  };
}

/* "1, 3, 4": track numbers in a message. */
static char *
positions_text (GArray *positions)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < positions->len; i++)
    g_string_append_printf (s, "%s%u", i > 0 ? ", " : "", g_array_index (positions, guint, i));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

LqMatchPlan *
lq_project_plan_match (LqProject *self,
                       const LqMatchSettings *settings,
                       GError **error)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(LqTonalPlan) tonal = NULL;
  g_autofree double *user_gains = NULL;
  g_autofree char *album_target = NULL;
  const LqField *gain_field = lq_project_fields_lookup (FALSE, "gain");
  const char *target_name = settings->target;
  LqDeliveryTarget target;
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (target_name == NULL)
    {
      const GValue *v = lq_project_get_album_value (self, lq_project_fields_lookup (TRUE, "target"));

      if (v != NULL && G_VALUE_HOLDS_STRING (v))
        target_name = album_target = g_value_dup_string (v);
    }
  if (target_name == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("No delivery target: choose one to match to"));
      return NULL;
    }
  if (!lq_delivery_target_lookup (target_name, &target, error))
    return NULL;

  n = lq_project_get_n_tracks (self);
  if (n == 0)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("The album has no tracks to match"));
      return NULL;
    }
  if (settings->anchor > n)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("There is no track %u: the album has tracks 1 to %u"), settings->anchor, n);
      return NULL;
    }

  user_gains = g_new0 (double, n);
  for (guint p = 1; p <= n; p++)
    {
      LqTrack *track = lq_project_get_track (self, p);
      LqTrackAnalysis *analysis = lq_track_get_analysis (track);
      const GValue *gain = lq_track_get_value (track, gain_field);

      if (analysis == NULL)
        g_array_append_val (missing, p);
      g_ptr_array_add (analyses, analysis);
      user_gains[p - 1] = gain != NULL && G_VALUE_HOLDS_DOUBLE (gain) ? g_value_get_double (gain) : 0.0;
    }
  if (missing->len > 0)
    {
      g_autofree char *list = positions_text (missing);

      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED,
                   g_dngettext (GETTEXT_PACKAGE, "Track %s has no analysis yet: analyse the album first",
                                "Tracks %s have no analysis yet: analyse the album first", missing->len),
                   list);
      return NULL;
    }

  if (settings->tonal > 0.0 || settings->reference != NULL)
    {
      tonal = lq_tonal_plan_new (analyses, settings->tonal, settings->tonal_cap_db,
                                 (int) settings->anchor - 1, settings->reference, error);
      if (tonal == NULL)
        return NULL;
    }
  return lq_match_plan_new_with_tonal (analyses, &target, settings->mode, settings->keep,
                                       settings->ceiling_dbtp, user_gains, tonal, error);
}

typedef struct
{
  const char *target;
  const char *mode;
  double keep;
  double tonal;
  double tonal_cap_db;
  double ceiling_dbtp;   /* NAN: stored as NULL, the target's */
  guint anchor;          /* 0: stored as NULL */
  const char *reference; /* NULL: stored as NULL */
  GArray *ids;           /* gint64 track ids, album order */
  GArray *gains;         /* double, one per id */
  GPtrArray *curves;     /* JSON text or NULL, one per id */
} MatchData;

static gboolean
match_edit (LqProjectStore *store,
            gpointer user_data,
            GError **error)
{
  MatchData *d = user_data;
  g_autoptr(sqlite3_stmt) album = NULL;
  g_autoptr(sqlite3_stmt) ensure = NULL;
  g_autoptr(sqlite3_stmt) gain = NULL;

  /* IS NOT: only what changes is written, and so recorded for undo. */
  album = lq_project_store_prepare (store,
    "UPDATE album SET target = ?1, match_mode = ?2, match_keep = ?3, match_tonal = ?4,"
    "  match_ceiling_dbtp = ?5, match_anchor = ?6, match_tonal_cap_db = ?7, match_reference = ?8"
    " WHERE id = 1 AND (target IS NOT ?1 OR match_mode IS NOT ?2 OR match_keep IS NOT ?3"
    "  OR match_tonal IS NOT ?4 OR match_ceiling_dbtp IS NOT ?5 OR match_anchor IS NOT ?6"
    "  OR match_tonal_cap_db IS NOT ?7 OR match_reference IS NOT ?8)", error);
  if (album == NULL)
    return FALSE;
  sqlite3_bind_text (album, 1, d->target, -1, SQLITE_STATIC);
  sqlite3_bind_text (album, 2, d->mode, -1, SQLITE_STATIC);
  sqlite3_bind_double (album, 3, d->keep);
  sqlite3_bind_double (album, 4, d->tonal);
  if (isfinite (d->ceiling_dbtp))
    sqlite3_bind_double (album, 5, d->ceiling_dbtp);
  else
    sqlite3_bind_null (album, 5);
  if (d->anchor > 0)
    sqlite3_bind_int64 (album, 6, d->anchor);
  else
    sqlite3_bind_null (album, 6);
  sqlite3_bind_double (album, 7, d->tonal_cap_db);
  if (d->reference != NULL)
    sqlite3_bind_text (album, 8, d->reference, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (album, 8);
  if (sqlite3_step (album) != SQLITE_DONE)
    {
      lq_project_store_set_error (store, error, _("Cannot save the edit"));
      return FALSE;
    }

  /* A track a format-1 history brought back has no processing row yet. */
  ensure = lq_project_store_prepare (store, "INSERT OR IGNORE INTO track_processing (track_id) VALUES (?)",
                                     error);
  gain = lq_project_store_prepare (store, "UPDATE track_processing SET match_gain_db = ?1, match_eq = ?3"
                                          " WHERE track_id = ?2"
                                          "  AND (match_gain_db IS NOT ?1 OR match_eq IS NOT ?3)", error);
  if (ensure == NULL || gain == NULL)
    return FALSE;
  for (guint i = 0; i < d->ids->len; i++)
    {
      gint64 id = g_array_index (d->ids, gint64, i);
      const char *curve = g_ptr_array_index (d->curves, i);

      sqlite3_reset (ensure);
      sqlite3_bind_int64 (ensure, 1, id);
      sqlite3_reset (gain);
      sqlite3_bind_double (gain, 1, g_array_index (d->gains, double, i));
      sqlite3_bind_int64 (gain, 2, id);
      if (curve != NULL)
        sqlite3_bind_text (gain, 3, curve, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (gain, 3);
      if (sqlite3_step (ensure) != SQLITE_DONE || sqlite3_step (gain) != SQLITE_DONE)
        {
          lq_project_store_set_error (store, error, _("Cannot save the edit"));
          return FALSE;
        }
    }
  return TRUE;
}

/* {"correction": bands (lq_json_add_bands())}, or NULL for none. */
static char *
curve_to_json (LqTonalPlan *tonal,
               guint i)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(JsonNode) root = NULL;
  const double *mid;
  const double *side;

  if (tonal == NULL || !lq_tonal_plan_get_correction (tonal, i, &mid, &side))
    return NULL;
  b = json_builder_new ();
  json_builder_begin_object (b);
  lq_json_add_bands (b, "correction", lq_tonal_plan_get_n_bands (tonal), lq_tonal_plan_get_centres (tonal),
                     mid, side);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gen = json_generator_new ();
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

gboolean
lq_project_store_match (LqProject *self,
                        LqMatchPlan *plan,
                        const char *target_name,
                        const char *reference_path,
                        GError **error)
{
  const LqDeliveryTarget *target;
  LqTonalPlan *tonal;
  g_autofree char *normal = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) gains = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  guint n;
  MatchData d;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (LQ_IS_MATCH_PLAN (plan), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = lq_project_get_n_tracks (self);
  target = lq_match_plan_get_target (plan);
  tonal = lq_match_plan_get_tonal (plan);
  normal = lq_delivery_target_normalize (target_name != NULL ? target_name : target->name, error);
  if (normal == NULL)
    return FALSE;
  if (lq_match_plan_get_n_tracks (plan) != n
      || (tonal != NULL && lq_tonal_plan_get_n_tracks (tonal) != n))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The plan has %u tracks, the album %u: plan it again"),
                   lq_match_plan_get_n_tracks (plan), n);
      return FALSE;
    }
  if (reference_path != NULL && !g_utf8_validate (reference_path, -1, NULL))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("The reference file’s name is not valid UTF-8"));
      return FALSE;
    }

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);
  gains = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  curves = g_ptr_array_new_with_free_func (g_free);
  for (guint p = 1; p <= n; p++)
    {
      gint64 id = lq_track_get_id (lq_project_get_track (self, p));
      double gain = lq_match_plan_get_track (plan, p - 1)->gain_db;

      g_array_append_val (ids, id);
      g_array_append_val (gains, gain);
      g_ptr_array_add (curves, curve_to_json (tonal, p - 1));
    }

  d.target = normal;
  d.mode = lq_match_mode_to_string (lq_match_plan_get_mode (plan));
  d.keep = lq_match_plan_get_keep (plan);
  d.tonal = tonal != NULL ? lq_tonal_plan_get_strength (tonal) : 0.0;
  d.tonal_cap_db = tonal != NULL ? lq_tonal_plan_get_cap_db (tonal) : LQ_TONAL_DEFAULT_CAP_DB;
  /* Kept as an override only: the target's own ceiling follows the target. */
  d.ceiling_dbtp = lq_match_plan_get_ceiling_dbtp (plan) != target->true_peak_ceiling_dbtp
                   ? lq_match_plan_get_ceiling_dbtp (plan) : NAN;
  d.anchor = tonal != NULL && lq_tonal_plan_get_anchor (tonal) >= 0
             ? (guint) lq_tonal_plan_get_anchor (tonal) + 1 : 0;
  d.reference = tonal != NULL ? reference_path : NULL;
  d.ids = ids;
  d.gains = gains;
  d.curves = curves;

  /* Translators: %s is a delivery target: "spotify", "r128", "-18" */
  label = g_strdup_printf (_("Match Album to %s"), normal);
  return _lq_project_finish_edit (self, lq_project_store_edit (self->store, label, match_edit, &d, error), error);
}

void
lq_project_match_clear (LqProjectMatch *match)
{
  g_return_if_fail (match != NULL);

  g_clear_pointer (&match->reference, g_free);
}

gboolean
lq_project_get_match (LqProject *self,
                      LqProjectMatch *out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *mode;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  *out = (LqProjectMatch) { FALSE, LQ_MATCH_DEFAULT_MODE, LQ_MATCH_DEFAULT_KEEP, 0.0,
                            LQ_TONAL_DEFAULT_CAP_DB, NAN, 0, NULL };
  if (sqlite3_prepare_v2 (lq_project_store_get_db (self->store),
                          "SELECT match_mode, match_keep, match_tonal, match_ceiling_dbtp, match_anchor,"
                          "  match_tonal_cap_db, match_reference"
                          " FROM album WHERE id = 1", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (mode == NULL || !lq_match_mode_from_string (mode, &out->mode, NULL))
    return FALSE;

  out->matched = TRUE;
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    out->keep = CLAMP (sqlite3_column_double (stmt, 1), 0.0, 1.0);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    out->tonal = CLAMP (sqlite3_column_double (stmt, 2), 0.0, 1.0);
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    out->ceiling_dbtp = CLAMP (sqlite3_column_double (stmt, 3), -20.0, 0.0);
  if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
    out->anchor = (guint) CLAMP (sqlite3_column_int64 (stmt, 4), 0, G_MAXUINT);
  if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
    out->tonal_cap_db = CLAMP (sqlite3_column_double (stmt, 5), 0.0, LQ_TONAL_MAX_CAP_DB);
  if (sqlite3_column_type (stmt, 6) == SQLITE_TEXT)
    out->reference = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  return TRUE;
}

double
lq_project_get_track_match_gain (LqProject *self,
                                 LqTrack *track)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (LQ_IS_PROJECT (self), 0.0);
  g_return_val_if_fail (LQ_IS_TRACK (track), 0.0);

  if (sqlite3_prepare_v2 (lq_project_store_get_db (self->store),
                          "SELECT match_gain_db FROM track_processing WHERE track_id = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return 0.0;
  sqlite3_bind_int64 (stmt, 1, lq_track_get_id (track));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0.0;
  return sqlite3_column_double (stmt, 0);
}

gboolean
lq_project_get_track_match_eq (LqProject *self,
                               LqTrack *track,
                               guint *n_bands,
                               double **centres,
                               double **mid_db,
                               double **side_db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;
  double c[LQ_MATCH_EQ_MAX_BANDS], m[LQ_MATCH_EQ_MAX_BANDS], s[LQ_MATCH_EQ_MAX_BANDS];
  JsonNode *root;
  guint n = 0;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (LQ_IS_TRACK (track), FALSE);

  *n_bands = 0;
  *centres = *mid_db = *side_db = NULL;
  if (sqlite3_prepare_v2 (lq_project_store_get_db (self->store),
                          "SELECT match_eq FROM track_processing WHERE track_id = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, lq_track_get_id (track));
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_TEXT)
    return FALSE;

  /* A damaged curve reads as flat: the file is not trusted further. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !lq_json_read_bands (json_object_get_member (json_node_get_object (root), "correction"),
                              LQ_MATCH_EQ_MAX_BANDS, &n, c, m, s)
      || n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (fabs (m[i]) > 100.0 || fabs (s[i]) > 100.0)
      return FALSE;

  *n_bands = n;
  *centres = g_memdup2 (c, n * sizeof (double));
  *mid_db = g_memdup2 (m, n * sizeof (double));
  *side_db = g_memdup2 (s, n * sizeof (double));
  return TRUE;
}
