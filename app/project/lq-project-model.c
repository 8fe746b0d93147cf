/* lq-project-model.c: the project file read into the objects.
 *
 * After every edit, undo or redo the model re-reads the album row and the
 * track rows (a 99-track album reads in well under a millisecond) and brings
 * its objects in step: changed properties are notified, and the track list
 * is spliced only when the order or the set of tracks changed. The file is
 * the single source of truth; the objects never hold an edit the file lacks.
 *
 * Also here: LqProject's properties (one per album field after the fixed
 * ones) and the getters that read the objects.
 *
 * May call: lq-project-sources.c (status and identity of a source),
 * lq-project-cache.c (a track's stored analysis), the store, fields, track.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lq-error.h"
#include "lq-project-private.h"
#include "lq-track-private.h"

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_ANALYSIS_PROGRESS,
  PROP_EXPORT_SERIAL,
  PROP_COVER_ID,
  N_FIXED_PROPS
  /* then one property per album field */
};

static GParamSpec **properties;
static guint n_properties;

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
  g_string_append (sql, ", cover_id FROM album WHERE id = 1");

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
  /* The cover's picture row: another one whenever the cover changes */
  if (self->cover_id != sqlite3_column_int64 (stmt, (int) n + 1))
    {
      self->cover_id = sqlite3_column_int64 (stmt, (int) n + 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVER_ID]);
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

/* Another connection's commits change it; this connection's do not. */
static gboolean
read_data_version (LqProject *self,
                   gint64 *version,
                   GError **error)
{
  sqlite3_stmt *stmt = lq_project_store_prepare (self->store, "PRAGMA data_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      lq_project_store_set_error (self->store, error, "PRAGMA data_version");
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

gboolean
_lq_project_reload (LqProject *self,
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
  /* Files still being added stay after the tracks, as they are. */
  guint old_n = lq_project_get_n_tracks (self);
  g_autoptr(GArray) refresh = g_array_new (FALSE, FALSE, sizeof (LqIdentityRefresh));
  gboolean same_order;
  int rc;

  g_array_set_clear_func (refresh, (GDestroyNotify) _lq_identity_refresh_clear);
  /* Whatever changed, the stored match is judged again when next asked. */
  self->match_state_known = FALSE;
  /* Before the rows: a commit between the two is read again next time. */
  if (!read_data_version (self, &self->data_version, error))
    return FALSE;
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
      g_autofree char *path = _lq_project_resolve_source (self, source != NULL ? source : "");
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
  _lq_project_refresh_identities (self, LQ_IDENTITY_TRACK, refresh);

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
    case PROP_EXPORT_SERIAL:
      g_value_set_uint (value, self->export_serial);
      break;
    case PROP_COVER_ID:
      g_value_set_int64 (value, self->cover_id);
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

void
_lq_project_install_properties (GObjectClass *object_class)
{
  const LqField *fields;
  guint n;

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
  /* Bumped whenever an export is recorded (lq_project_record_export()). */
  properties[PROP_EXPORT_SERIAL] =
    g_param_spec_uint ("export-serial", NULL, NULL, 0, G_MAXUINT, 0, RO);
  /* The stored cover's identity (0: none): changes whenever the cover does
   * (set, removed, undo, redo), so notify::cover-id follows it. */
  properties[PROP_COVER_ID] =
    g_param_spec_int64 ("cover-id", NULL, NULL, 0, G_MAXINT64, 0, RO);
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

const char *
lq_project_get_path (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);
  return self->path;
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
  return g_list_model_get_n_items (G_LIST_MODEL (self->tracks)) - self->n_pending;
}

void
_lq_project_notify_export (LqProject *self)
{
  self->export_serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORT_SERIAL]);
}

gboolean
lq_project_has_analysis (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    if (lq_track_get_analysis (lq_project_get_track (self, p)) != NULL)
      return TRUE;
  return FALSE;
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

gboolean
lq_project_reload_if_changed (LqProject *self,
                              gboolean *changed,
                              GError **error)
{
  gint64 version;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (!read_data_version (self, &version, error))
    return FALSE;
  if (version == self->data_version)
    return TRUE;
  if (changed != NULL)
    *changed = TRUE;
  return _lq_project_reload (self, error);
}

gboolean
lq_project_check_sources (LqProject *self,
                          GError **error)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);

  self->check_sources = TRUE;
  return _lq_project_reload (self, error);
}
