/* lq-project-match.c: the album's match: planning it from the stored
 * analyses, storing it as one undoable edit, reading it back; the target
 * that applies and whether the stored match is still current.
 *
 * May call: lq-project-commit.c (the edit core), lq-project-model.c
 * (getters), the store, fields, the matching library.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "lq-analysis-json.h"
#include "lq-error.h"
#include "lq-match-eq.h"
#include "lq-project-private.h"

void
lq_match_settings_init (LqMatchSettings *settings)
{
  g_return_if_fail (settings != NULL);

  *settings = (LqMatchSettings) {
    .target = NULL,
    .mode = LQ_MATCH_DEFAULT_MODE,
    .keep = LQ_MATCH_DEFAULT_KEEP,
    .tonal = LQ_TONAL_DEFAULT_STRENGTH,
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

/* Differences between the stored match gains and a fresh plan's below this
 * are rounding, not a change. */
#define STALE_DB 0.05

/* What a match's plan depends on, as text: the target, the stored settings,
 * and every track's id, source, analysis and gain, in album order. */
static char *
match_inputs (LqProject *self)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const LqField *gain_field = lq_project_fields_lookup (FALSE, "gain");
  const GValue *target = lq_project_get_album_value (self, lq_project_fields_lookup (TRUE, "target"));
  LqProjectMatch stored = { 0 };

  lq_project_get_match (self, &stored);
  g_string_append_printf (s, "%s|%d|%.17g|%.17g|%.17g|%.17g|%u|%s\n",
                          target != NULL && G_VALUE_HOLDS_STRING (target) ? g_value_get_string (target) : "",
                          stored.mode, stored.keep, stored.tonal, stored.tonal_cap_db, stored.ceiling_dbtp,
                          stored.anchor, stored.reference != NULL ? stored.reference : "");
  lq_project_match_clear (&stored);
  for (guint p = 1; p <= lq_project_get_n_tracks (self); p++)
    {
      LqTrack *track = lq_project_get_track (self, p);
      const GValue *gain = lq_track_get_value (track, gain_field);

      g_string_append_printf (s, "%" G_GINT64_FORMAT "|%s|%s|%d|%.17g\n", lq_track_get_id (track),
                              lq_track_get_fingerprint (track), lq_track_get_path (track),
                              lq_track_get_analysis (track) != NULL,
                              gain != NULL && G_VALUE_HOLDS_DOUBLE (gain) ? g_value_get_double (gain) : 0.0);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
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

  /* Translators: %s is a delivery target as people read it: "Spotify",
   * "EBU R 128", or a loudness: "-18" */
  label = g_strdup_printf (_("Match Album to %s"),
                           lq_delivery_target_preset_label (normal) != NULL
                           ? lq_delivery_target_preset_label (normal) : normal);
  if (!_lq_project_commit (self, label, match_edit, &d, error))
    return FALSE;
  g_clear_pointer (&self->match_inputs, g_free);
  if (d.reference != NULL)
    self->match_inputs = match_inputs (self);
  return TRUE;
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

gboolean
lq_project_get_effective_target (LqProject *self,
                                 LqDeliveryTarget *target)
{
  const GValue *value;

  g_return_val_if_fail (LQ_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  /* lq_project_store_match() writes the match's target into the album's
   * field: there is no other stored target to fall back on. */
  value = lq_project_get_album_value (self, lq_project_fields_lookup (TRUE, "target"));
  if (value == NULL || !G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL
      || g_value_get_string (value)[0] == '\0')
    return FALSE;
  return lq_delivery_target_lookup (g_value_get_string (value), target, NULL);
}

/* Plans the album as it is now: with a stored match, from its settings
 * (a reference match without its tonal part: the reference's audio is not
 * stored); without, in album mode. The target is the album's. Sets the
 * match state, comparing the stored gains with the plan's. */
static void
update_match_state (LqProject *self)
{
  LqProjectMatch stored = { 0 };
  LqMatchSettings settings;
  g_autoptr(GError) error = NULL;
  guint n = lq_project_get_n_tracks (self);
  gboolean matched;
  gboolean exact;

  g_clear_object (&self->match_plan);
  matched = lq_project_get_match (self, &stored);
  lq_match_settings_init (&settings);
  if (matched)
    {
      settings.mode = stored.mode;
      settings.keep = stored.keep;
      settings.tonal = stored.reference != NULL ? 0.0 : stored.tonal;
      settings.tonal_cap_db = stored.tonal_cap_db;
      settings.ceiling_dbtp = stored.ceiling_dbtp;
      settings.anchor = stored.anchor <= n ? stored.anchor : 0;
    }
  else
    settings.mode = LQ_MATCH_MODE_ALBUM;

  self->match_plan = lq_project_plan_match (self, &settings, &error);
  exact = self->match_plan != NULL;
  if (self->match_plan == NULL && settings.tonal > 0.0
      && g_error_matches (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE))
    {
      /* No tonal part can be planned (spectra missing): the loudness
       * without it still shows, but it is not what was stored. */
      settings.tonal = 0.0;
      self->match_plan = lq_project_plan_match (self, &settings, NULL);
    }

  if (!matched)
    self->match_state = LQ_PROJECT_MATCH_NONE;
  else if (stored.reference != NULL)
    {
      /* The reference's analysis is not stored: compare the inputs with
       * those the match was stored with (or had when first asked). */
      g_autofree char *inputs = match_inputs (self);

      if (self->match_inputs == NULL)
        self->match_inputs = g_strdup (inputs);
      self->match_state = g_str_equal (inputs, self->match_inputs)
                          ? LQ_PROJECT_MATCH_CURRENT : LQ_PROJECT_MATCH_STALE;
    }
  else
    {
      self->match_state = exact ? LQ_PROJECT_MATCH_CURRENT : LQ_PROJECT_MATCH_STALE;
      for (guint p = 1; exact && p <= n; p++)
        {
          double gain = lq_project_get_track_match_gain (self, lq_project_get_track (self, p));

          if (fabs (gain - lq_match_plan_get_track (self->match_plan, p - 1)->gain_db) > STALE_DB)
            self->match_state = LQ_PROJECT_MATCH_STALE;
        }
    }
  self->match_state_known = TRUE;
  lq_project_match_clear (&stored);
}

LqProjectMatchState
lq_project_get_match_state (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), LQ_PROJECT_MATCH_NONE);

  /* Forgotten by every reload, so planned once per change of the project. */
  if (!self->match_state_known)
    update_match_state (self);
  return self->match_state;
}

LqTonalPlan *
lq_project_get_stored_tonal_plan (LqProject *self,
                                  GError **error)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();
  g_autoptr(LqTrackAnalysis) reference = NULL;
  LqProjectMatch match;
  double strength = 0.0, cap = LQ_TONAL_DEFAULT_CAP_DB;
  int anchor = -1;
  guint n;
  LqTonalPlan *plan;

  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  n = lq_project_get_n_tracks (self);
  for (guint p = 1; p <= n; p++)
    g_ptr_array_add (analyses, lq_track_get_analysis (lq_project_get_track (self, p)));
  lq_project_get_match (self, &match);
  if (match.matched && match.tonal > 0.0)
    {
      strength = match.tonal;
      cap = match.tonal_cap_db;
      anchor = match.anchor > 0 && match.anchor <= n ? (int) match.anchor - 1 : -1;
      if (match.reference != NULL)
        {
          guint index = lq_project_find_reference (self, match.reference);

          if (index > 0)
            reference = lq_project_get_reference_analysis (self, index, NULL);
        }
    }
  lq_project_match_clear (&match);
  plan = lq_tonal_plan_new (analyses, strength, cap, anchor, reference, error);
  return plan;
}

LqMatchPlan *
lq_project_get_match_plan (LqProject *self)
{
  g_return_val_if_fail (LQ_IS_PROJECT (self), NULL);

  if (!self->match_state_known)
    update_match_state (self);
  return self->match_plan != NULL ? g_object_ref (self->match_plan) : NULL;
}
