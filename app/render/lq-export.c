/* lq-export.c: album export: names, safety, rendering, checking. */
#include "config.h"

#include "lq-export.h"
#include "lq-render-gain.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-album-analysis.h"
#include "lq-tags-extra.h"
#include "lq-analyzer.h"
#include "lq-error.h"
#include "lq-export-checks.h"
#include "lq-output-folder.h"
#include "lq-output-guard.h"
#include "lq-progress-relay.h"

typedef struct
{
  LqExportProgressFunc func;
  gpointer data;
  guint index;
  guint n;
  double weight_render;   /* of one track's share; the rest is measuring */
} ProgressState;

void
lq_export_result_free (LqExportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->title);
  g_free (result->path);
  g_free (result->loudness_note);
  g_free (result->format_note);
  g_clear_error (&result->error);
  g_clear_object (&result->analysis);
  g_free (result);
}

void
lq_export_options_init (LqExportOptions *options)
{
  memset (options, 0, sizeof *options);
  lq_render_options_init (&options->render);
  options->has_target = FALSE;
}

/* Characters that have no place in a file name on any common file system. */
static gboolean
is_unsafe (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '/' || c == '\\'
         || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|';
}

/* @text made safe inside a file name: separators become "-", other unsafe
 * characters "_", at most @max bytes (whole characters). */
static void
append_safe (GString *out,
             const char *text,
             gsize max)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  gsize start = out->len;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\')
        g_string_append_c (out, '-');
      else if (is_unsafe (c))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
      if (out->len - start > max)
        {
          /* Cut at the last whole character within the cap. */
          const char *end = g_utf8_find_prev_char (out->str + start, out->str + start + max + 1);

          g_string_truncate (out, end != NULL ? (gsize) (end - out->str) : start);
          break;
        }
    }
}

/* Expands one "{field}" or "{number:0N}" (@field, @len bytes, without the
 * braces) into @out, or fails naming it. */
static gboolean
expand_field (GString *out,
              const char *field,
              gsize len,
              const LqExportNameFields *fields,
              GError **error)
{
  g_autofree char *name = g_strndup (field, len);
  char *format = strchr (name, ':');
  const char *value = NULL;

  if (format != NULL)
    *format++ = '\0';
  if (strcmp (name, "number") == 0)
    {
      guint width = 0;

      if (format != NULL)
        {
          char *end = NULL;
          guint64 w;

          if (format[0] != '0' || !g_ascii_isdigit (format[1]))
            goto bad;
          w = g_ascii_strtoull (format, &end, 10);
          if (*end != '\0' || w > 9)
            goto bad;
          width = (guint) w;
        }
      if (out != NULL)
        g_string_append_printf (out, "%0*u", (int) width, fields->number);
      return TRUE;
    }
  if (format != NULL)
    goto bad;
  if (strcmp (name, "title") == 0)
    value = fields != NULL && fields->title != NULL && *fields->title != '\0' ? fields->title : _("Track");
  else if (strcmp (name, "artist") == 0)
    value = fields != NULL ? fields->artist : NULL;
  else if (strcmp (name, "album") == 0)
    value = fields != NULL ? fields->album : NULL;
  else if (strcmp (name, "isrc") == 0)
    value = fields != NULL ? fields->isrc : NULL;
  else
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The file name template has an unknown field “{%s}”: use {number}, {number:02}, "
                     "{title}, {artist}, {album} or {isrc}"), name);
      return FALSE;
    }
  if (out != NULL)
    append_safe (out, value, LQ_EXPORT_TITLE_MAX);
  return TRUE;

bad:
  g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
               _("The file name template’s “{%.*s}” has a format only {number} takes, as {number:02}"),
               (int) len, field);
  return FALSE;
}

/* Expands @name_template into @out (NULL: only checks it). */
static gboolean
expand_template (const char *name_template,
                 const LqExportNameFields *fields,
                 GString *out,
                 GError **error)
{
  const char *p = name_template;
  gboolean any = FALSE;

  while (*p != '\0')
    {
      if (*p == '{')
        {
          const char *close = strchr (p + 1, '}');
          const char *open = strchr (p + 1, '{');

          if (close == NULL || (open != NULL && open < close))
            {
              g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                           _("The file name template has a “{” without its “}”"));
              return FALSE;
            }
          if (!expand_field (out, p + 1, close - p - 1, fields, error))
            return FALSE;
          any = TRUE;
          p = close + 1;
        }
      else if (*p == '}')
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("The file name template has a “}” without its “{”"));
          return FALSE;
        }
      else
        {
          if (out != NULL)
            g_string_append_c (out, *p);
          p++;
        }
    }
  if (!any)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("The file name template has no field: give at least {number} or {title}"));
      return FALSE;
    }
  return TRUE;
}

gboolean
lq_export_check_name_template (const char *name_template,
                               GError **error)
{
  g_return_val_if_fail (name_template != NULL, FALSE);

  return expand_template (name_template, NULL, NULL, error);
}

char *
lq_export_file_name (const char *name_template,
                     const LqExportNameFields *fields,
                     const char *extension,
                     GError **error)
{
  g_autoptr(GString) expanded = g_string_new (NULL);
  g_autoptr(GString) clean = g_string_new (NULL);
  char *start;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  if (name_template == NULL)
    name_template = LQ_EXPORT_NAME_TEMPLATE_DEFAULT;
  if (!expand_template (name_template, fields, expanded, error))
    return NULL;
  /* The template's own text is made safe too, and the whole name capped. */
  append_safe (clean, expanded->str, LQ_EXPORT_NAME_MAX);

  /* No leading dots or blanks (hidden files, "..") nor trailing ones. */
  start = clean->str;
  while (*start == '.' || *start == ' ')
    start++;
  g_strchomp (start);
  while (*start != '\0' && start[strlen (start) - 1] == '.')
    {
      start[strlen (start) - 1] = '\0';
      g_strchomp (start);
    }
  if (*start == '\0')
    return g_strdup_printf ("%s %02u.%s", _("Track"), fields->number, extension);

  return g_strdup_printf ("%s.%s", start, extension);
}

static void
render_progress_cb (double fraction,
                    gpointer user_data)
{
  ProgressState *state = user_data;

  if (state->func != NULL)
    state->func (state->index, state->n,
                 (state->index + fraction * state->weight_render) / state->n, state->data);
}

static void
measure_progress_cb (double fraction,
                     gpointer user_data)
{
  ProgressState *state = user_data;

  if (state->func != NULL)
    state->func (state->index, state->n,
                 (state->index + state->weight_render + fraction * (1.0 - state->weight_render))
                 / state->n, state->data);
}

/* The absolute path for @name in @real_dir, or NULL if it would not lie
 * directly in it. */
static char *
safe_path (const char *real_dir,
           const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *parent = NULL;

  if (strchr (name, G_DIR_SEPARATOR) != NULL || strcmp (name, ".") == 0
      || strcmp (name, "..") == 0 || name[0] == '.' || name[0] == '\0')
    return NULL;
  path = g_build_filename (real_dir, name, NULL);
  parent = g_path_get_dirname (path);
  if (strcmp (parent, real_dir) != 0)
    return NULL;
  return g_steal_pointer (&path);
}

static void
check_result (LqExportResult *r,
              const LqExportOptions *options)
{
  double ceiling = options->has_target ? options->target.true_peak_ceiling_dbtp
                                       : options->render.ceiling_dbtp;

  r->loudness_ok = TRUE;
  if (r->loudness_checked && isfinite (r->expected_lufs))
    r->loudness_ok = isfinite (r->integrated_lufs)
                     && fabs (r->integrated_lufs - r->expected_lufs)
                        <= (r->level_held ? LQ_EXPORT_LOUDNESS_TOLERANCE_LU : LQ_EXPORT_UNMATCHED_TOLERANCE_LU);
  if (r->loudness_checked && options->has_target && isfinite (options->target.max_track_lufs))
    r->loudness_ok = r->loudness_ok && isfinite (r->integrated_lufs)
                     && r->integrated_lufs <= options->target.max_track_lufs;
  /* Digital silence has a true peak of -inf: that passes. */
  r->peak_ok = !isnan (r->true_peak_dbtp) && r->true_peak_dbtp <= ceiling;
  r->length_ok = r->frames >= 0 && r->frames == r->expected_frames;
  g_clear_pointer (&r->format_note, g_free);
  r->format_ok = r->error != NULL || !options->has_target
                 || lq_export_check_format (r->path, &options->target, &r->format_note);
  r->passed = r->error == NULL && r->loudness_ok && r->peak_ok && r->length_ok && r->format_ok;
}

double
lq_export_get_ceiling (LqProject *project,
                       const LqExportOptions *options)
{
  LqProjectMatch stored;
  double ceiling = options->has_target ? options->target.true_peak_ceiling_dbtp : options->render.ceiling_dbtp;

  g_return_val_if_fail (LQ_IS_PROJECT (project), ceiling);

  if (lq_project_get_match (project, &stored) && isfinite (stored.ceiling_dbtp))
    ceiling = MIN (ceiling, stored.ceiling_dbtp);
  lq_project_match_clear (&stored);
  return ceiling;
}

/* Everything an export needs, read from the project on its thread. */
typedef struct
{
  LqExportOptions options;   /* with the ceiling in force */
  LqRenderOptions render;
  GPtrArray *results;        /* LqExportResult */
  LqRenderSpec *specs;
  guint n;
  LqOutputLock *lock;        /* the folder's, for the whole export */
  LqOutputGuard *guard;      /* the project's sources */
  /* Each track's id, source fingerprint and render inputs when the export
   * started: what is recorded in the project for each file written. */
  gint64 *track_ids;
  char **fingerprints;
  char **inputs;
  LqCover *cover;            /* the album's front cover, or NULL */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  for (guint i = 0; i < job->n; i++)
    lq_render_spec_clear (&job->specs[i]);
  g_free (job->specs);
  g_free (job->track_ids);
  g_strfreev (job->fingerprints);
  g_strfreev (job->inputs);
  g_clear_pointer (&job->cover, lq_cover_free);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_clear_pointer (&job->guard, lq_output_guard_unref);
  /* Last: the unfinished temporary files are gone by now. */
  g_clear_pointer (&job->lock, lq_output_lock_release);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

static void default_options (LqProject *project, LqExportOptions *options);

/* The album's stored match planned again for @options' target (the same
 * gains while nothing changed), or NULL: no target, no match, or a match
 * to a reference file (not read again). */
static LqMatchPlan *
replan (LqProject *project,
        const LqExportOptions *options)
{
  LqProjectMatch stored = { 0 };
  LqMatchSettings settings;
  LqMatchPlan *plan = NULL;

  if (!options->has_target || !isfinite (options->target.integrated_lufs)
      || !lq_project_get_match (project, &stored))
    {
      lq_project_match_clear (&stored);
      return NULL;
    }
  lq_match_settings_init (&settings);
  settings.target = options->target.name;
  settings.mode = stored.mode;
  settings.keep = stored.keep;
  settings.tonal = stored.tonal;
  settings.tonal_cap_db = stored.tonal_cap_db;
  settings.ceiling_dbtp = stored.ceiling_dbtp;
  settings.anchor = stored.anchor;
  /* A reference file is not read again here: its curves are stored, and
   * the loudness the plan aims at does not depend on where they came from. */
  if (stored.reference == NULL)
    plan = lq_project_plan_match (project, &settings, NULL);
  lq_project_match_clear (&stored);
  if (plan != NULL && lq_match_plan_get_n_tracks (plan) != lq_project_get_n_tracks (project))
    g_clear_object (&plan);
  return plan;
}

/* Whether the renderer can hold @track at a level: BS.1770 gives it a
 * loudness (not silence, not under 0.4 s, not under the gate). */
static gboolean
has_loudness (LqTrack *track)
{
  LqTrackAnalysis *analysis = lq_track_get_analysis (track);

  return analysis == NULL || isfinite (lq_track_analysis_get_measures (analysis)->integrated_lufs);
}

double *
lq_export_get_held_levels (LqProject *project)
{
  LqExportOptions options;
  g_autoptr(LqMatchPlan) plan = NULL;
  guint n;
  double *levels;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  n = lq_project_get_n_tracks (project);
  levels = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    levels[i] = NAN;
  default_options (project, &options);
  plan = replan (project, &options);
  for (guint i = 0; plan != NULL && i < n; i++)
    if (has_loudness (lq_project_get_track (project, i + 1)))
      levels[i] = lq_match_plan_get_track (plan, i)->target_lufs;
  return levels;
}

/* The level each track is planned at: the album's stored match planned
 * again (the same gains while nothing changed), else the target. The
 * renderer holds matched tracks at their level. */
static void
expected_levels (LqProject *project,
                 ExportJob *job)
{
  g_autoptr(LqMatchPlan) plan = NULL;

  for (guint i = 0; i < job->n; i++)
    {
      LqExportResult *r = g_ptr_array_index (job->results, i);
      LqTrack *track = lq_project_get_track (project, i + 1);
      LqTrackAnalysis *analysis = lq_track_get_analysis (track);

      r->expected_lufs = job->options.has_target ? job->options.target.integrated_lufs : NAN;
      r->changed = lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED;
      r->frames = r->expected_frames = -1;
      r->loudness_checked = TRUE;
      r->length_ok = r->format_ok = TRUE;
      if (analysis != NULL && !isfinite (lq_track_analysis_get_measures (analysis)->integrated_lufs))
        {
          const LqTrackMeasures *m = lq_track_analysis_get_measures (analysis);

          /* Nothing to hold the level of, nothing to check: BS.1770 gives
           * no loudness for these. */
          r->loudness_checked = FALSE;
          r->expected_lufs = NAN;
          g_free (r->loudness_note);
          if (m->duration_s < 0.4)
            r->loudness_note = g_strdup (_("shorter than 0.4 s: no loudness can be measured"));
          else if (!isfinite (m->sample_peak_dbfs))
            r->loudness_note = g_strdup (_("digital silence: no loudness to check"));
          else
            r->loudness_note = g_strdup (_("below the −70 LUFS gate: no loudness to check"));
        }
    }
  plan = replan (project, &job->options);
  if (plan == NULL || lq_match_plan_get_n_tracks (plan) != job->n)
    return;
  for (guint i = 0; i < job->n; i++)
    {
      LqExportResult *r = g_ptr_array_index (job->results, i);
      const LqMatchTrack *t = lq_match_plan_get_track (plan, i);

      /* A matched track is held at its level, whatever the limiter takes
       * (lq-render.h); without a match the level is only checked. */
      if (isfinite (t->target_lufs) && r->loudness_checked)
        {
          r->expected_lufs = job->specs[i].target_lufs = t->target_lufs;
          r->level_held = TRUE;
          /* The plan is made for dual mono (lq-match-plan.h): a mono file
           * needs that much more gain to have the planned loudness. */
          if (job->options.render.channels == 1)
            job->specs[i].chain.match_gain_db += t->dual_mono_db;
        }
    }
}

static ExportJob *
export_prepare (LqProject *project,
                const char *directory,
                const LqExportOptions *options,
                GError **error)
{
  g_autoptr(ExportJob) job = g_new0 (ExportJob, 1);
  g_autofree char *real_dir = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n;

  n = lq_project_get_n_tracks (project);
  job->options = *options;
  /* Used here only: the caller's string need not outlive the call. */
  job->options.name_template = NULL;
  job->render = options->render;
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_export_result_free);

  job->render.ceiling_dbtp = lq_export_get_ceiling (project, options);
  job->options.render.ceiling_dbtp = job->render.ceiling_dbtp;
  if (job->options.has_target)
    job->options.target.true_peak_ceiling_dbtp = job->render.ceiling_dbtp;

  if (!lq_render_format_supports (job->render.format, job->render.bits))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s files cannot hold %u-bit audio"),
                   lq_render_format_extension (job->render.format), job->render.bits);
      return NULL;
    }
  if (job->render.rate != 0
      && (job->render.rate < LQ_RENDER_RATE_MIN || job->render.rate > LQ_RENDER_RATE_MAX))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%u Hz cannot be verified: the rate must be between %u and %u Hz"),
                   job->render.rate, LQ_RENDER_RATE_MIN, LQ_RENDER_RATE_MAX);
      return NULL;
    }

  if (g_mkdir_with_parents (directory, 0777) != 0)
    {
      int saved = errno;

      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("%s: cannot create the folder: %s"),
                   directory, g_strerror (saved));
      return NULL;
    }
  real_dir = realpath (directory, NULL);
  if (real_dir == NULL || !g_file_test (real_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_REGULAR, _("%s: not a folder"), directory);
      free (g_steal_pointer (&real_dir));
      return NULL;
    }
  /* One export per folder: held until the job is freed, before any name
   * is checked; stale temporary files of a killed export go now. */
  job->lock = lq_output_lock_acquire (directory, error);
  if (job->lock == NULL)
    return NULL;
  job->guard = lq_output_guard_new_for_project (project);
  job->cover = lq_project_get_cover (project);

  /* Names first, and refuse existing files before writing anything. */
  job->specs = g_new0 (LqRenderSpec, MAX (n, 1));
  job->track_ids = g_new0 (gint64, MAX (n, 1));
  job->fingerprints = g_new0 (char *, n + 1);
  job->inputs = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i + 1);
      LqRenderSpec *spec = &job->specs[i];
      g_autofree char *name = NULL;
      LqExportResult *r;

      job->track_ids[i] = lq_track_get_id (track);
      job->fingerprints[i] = g_strdup (lq_track_get_fingerprint (track));
      job->inputs[i] = lq_project_get_export_inputs (project, track);

      lq_render_spec_init (spec, project, track);
      job->n = i + 1;
      name = lq_export_file_name (options->name_template,
                                  &(LqExportNameFields) {
                                    .number = i + 1, .title = spec->title, .artist = spec->artist,
                                    .album = spec->album, .isrc = spec->isrc },
                                  lq_render_format_extension (job->render.format), error);
      if (name == NULL)
        return NULL;
      /* Two tracks must not be written to one file. */
      if (g_hash_table_contains (names, name))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("Tracks %u and %u would both be written to “%s”: "
                         "give the file name template a field that tells them apart, as {number}"),
                       GPOINTER_TO_UINT (g_hash_table_lookup (names, name)), i + 1, name);
          return NULL;
        }
      g_hash_table_insert (names, g_strdup (name), GUINT_TO_POINTER (i + 1));
      r = g_new0 (LqExportResult, 1);

      r->position = i + 1;
      r->title = g_strdup (lq_track_get_display_name (track));
      r->integrated_lufs = NAN;
      r->true_peak_dbtp = NAN;
      r->expected_lufs = NAN;
      r->path = safe_path (real_dir, name);
      g_ptr_array_add (job->results, r);
      if (r->path == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("Track %u: “%s” is not a safe file name"), i + 1, name);
          return NULL;
        }
      /* Never over a source, whatever render.overwrite says. */
      if (!lq_output_guard_check (job->guard, r->path, error))
        return NULL;
      if (!job->render.overwrite && g_file_test (r->path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS,
                       _("%s: the file exists already"), r->path);
          return NULL;
        }
    }
  /* What the format cannot hold (an AIFF over 4 GiB) is refused before
   * anything is rendered. A source that cannot be read fails its track
   * when it is rendered. */
  for (guint i = 0; i < job->n; i++)
    {
      g_autoptr(GError) unreadable = NULL;
      gint64 frames;
      guint channels;

      if (lq_render_get_output (&job->specs[i], &job->render, &frames, &channels, &unreadable)
          && lq_render_choose_sf_format (job->render.format, job->render.bits, channels, frames,
                                         error) == 0)
        {
          const LqExportResult *r = g_ptr_array_index (job->results, i);

          g_prefix_error (error, _("Track %u “%s”: "), i + 1, r->title);
          return NULL;
        }
    }
  expected_levels (project, job);
  /* The gain solved with the plan, when it still holds: one pass. */
  for (guint i = 0; i < job->n; i++)
    if (isfinite (job->specs[i].target_lufs))
      lq_render_spec_use_solved_gain (&job->specs[i], project, lq_project_get_track (project, i + 1),
                                      &job->render);
  return g_steal_pointer (&job);
}

/* Once every file is written: the album's cover and the ReplayGain 2.0
 * tags (lq-tags-extra.h), from what was measured on each file as written
 * and on the album's files gated together (lq_export_album_lufs()). The
 * audio is not touched, so the measures stay those of the file. A file
 * whose tags cannot be written fails its track; it stays. */
static void
write_extra_tags (ExportJob *job)
{
  double album_lufs = lq_export_album_lufs (job->results);
  double album_peak = -INFINITY;

  for (guint i = 0; i < job->n; i++)
    {
      const LqExportResult *r = g_ptr_array_index (job->results, i);

      if (r->error == NULL && r->analysis != NULL && !isnan (r->true_peak_dbtp))
        album_peak = MAX (album_peak, r->true_peak_dbtp);
    }
  for (guint i = 0; i < job->n; i++)
    {
      LqExportResult *r = g_ptr_array_index (job->results, i);
      LqTagsExtra extra;

      if (r->error != NULL || r->analysis == NULL)
        continue;
      lq_tags_extra_init (&extra, r->integrated_lufs, r->true_peak_dbtp, album_lufs, album_peak);
      extra.cover = job->cover;
      if (!lq_tags_write_extra (r->path, &extra, &r->error))
        check_result (r, &job->options);
    }
}

/* Renders and measures: touches no project, any thread. */
static GPtrArray *
export_run (ExportJob *job,
            GCancellable *cancellable,
            LqExportProgressFunc progress,
            gpointer progress_data,
            GError **error)
{
  ProgressState state = { progress, progress_data, 0, MAX (job->n, 1), 0.8 };

  for (guint i = 0; i < job->n; i++)
    {
      LqExportResult *r = g_ptr_array_index (job->results, i);
      LqRenderedFile file;

      state.index = i;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!lq_render_get_output (&job->specs[i], &job->render, &r->expected_frames, NULL, NULL))
        r->expected_frames = -1;

      /* Rendered under a temporary name of its own, measured there, and
       * moved into place only when the measuring succeeded: no unverified
       * file under a final name, and the check reads what this export
       * wrote. */
      if (!lq_render_track_to_temp (&job->specs[i], &job->render, r->path, cancellable,
                                    render_progress_cb, &state, &file, &r->error))
        {
          r->passes = 0;
          if (g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&r->error));
              return NULL;
            }
          check_result (r, &job->options);
          continue;
        }

      r->passes = file.passes;
      r->analysis = lq_analyze_file (file.temp_path, cancellable, measure_progress_cb, &state, &r->error);
      if (r->analysis != NULL)
        {
          const LqTrackMeasures *m = lq_track_analysis_get_measures (r->analysis);
          guint rate, channels, bits;

          if (!lq_export_read_format (file.temp_path, &rate, &channels, &bits, &r->frames, NULL))
            r->frames = -1;

          r->integrated_lufs = m->integrated_lufs;
          r->true_peak_dbtp = m->true_peak_dbtp;
          /* A header that cannot count the frames (a size overflow) reads
           * back short. */
          if (r->frames != file.frames)
            g_set_error (&r->error, LQ_ERROR, LQ_ERROR_TRUNCATED,
                         _("The written file reads back as %lld frames, but %lld were rendered"),
                         (long long) r->frames, (long long) file.frames);
        }
      else if (g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          lq_rendered_file_clear (&file);
          g_propagate_error (error, g_steal_pointer (&r->error));
          return NULL;
        }
      else
        g_prefix_error (&r->error, _("Measuring the written file failed: "));
      if (r->error == NULL)
        lq_rendered_file_commit (&file, job->guard, job->render.overwrite, &r->error);
      lq_rendered_file_clear (&file);
      check_result (r, &job->options);
    }

  write_extra_tags (job);
  if (progress != NULL)
    progress (job->n > 0 ? job->n - 1 : 0, state.n, 1.0, progress_data);
  return g_ptr_array_ref (job->results);
}

/* On the project's thread, after the files are written: records each file
 * written in the project (lq_project_record_export()). A record that cannot
 * be stored loses only what the table shows, not the export. */
static void
export_record (LqProject *project,
               ExportJob *job)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double album_lufs = lq_export_album_lufs (job->results);

  for (guint i = 0; i < job->n && i < job->results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (job->results, i);
      g_autoptr(GError) error = NULL;
      LqExportRecord record = {
        .path = r->path, .time = now,
        .integrated_lufs = r->integrated_lufs, .true_peak_dbtp = r->true_peak_dbtp,
        .album_lufs = album_lufs,
        .target = job->options.has_target ? job->options.target.name : NULL,
        .source_fingerprint = job->fingerprints[i], .inputs = job->inputs[i],
      };

      if (r->error != NULL || r->analysis == NULL || r->path == NULL)
        continue;
      if (!lq_project_record_export (project, job->track_ids[i], &record, &error))
        g_warning ("Cannot record the export of track %u: %s", i + 1, error->message);
    }
}

GPtrArray *
lq_export_album (LqProject *project,
                 const char *directory,
                 const LqExportOptions *options,
                 GCancellable *cancellable,
                 LqExportProgressFunc progress,
                 gpointer progress_data,
                 GError **error)
{
  g_autoptr(ExportJob) job = NULL;
  GPtrArray *results;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (directory != NULL && options != NULL, NULL);

  if (!lq_export_preflight (project, options, error))
    return NULL;
  job = export_prepare (project, directory, options, error);
  if (job == NULL)
    return NULL;
  results = export_run (job, cancellable, progress, progress_data, error);
  if (results != NULL)
    export_record (project, job);
  return results;
}

/* Asynchronous export ----------------------------------------------------- */

/* What the worker posts to the caller's context (lq-progress-relay.h), and
 * whom the relay hands it to: the relay owns the listener, so a delivery
 * never reads the task's data. */
typedef struct
{
  guint index;
  guint n;
  double fraction;
} ExportProgress;

typedef struct
{
  LqExportProgressFunc func;
  gpointer data;
} ExportListener;

typedef struct
{
  ExportJob *job;
  LqProgressRelay *relay;   /* NULL without progress */
} AsyncExport;

static void
async_export_free (AsyncExport *a)
{
  g_clear_pointer (&a->relay, lq_progress_relay_free);
  g_clear_pointer (&a->job, export_job_free);
  g_free (a);
}

static void
async_progress_deliver (gconstpointer values,
                        gpointer user_data)
{
  const ExportProgress *p = values;
  const ExportListener *l = user_data;

  l->func (p->index, p->n, p->fraction, l->data);
}

static void
async_progress_cb (guint index,
                   guint n,
                   double fraction,
                   gpointer user_data)
{
  AsyncExport *a = user_data;
  ExportProgress p = { index, n, fraction };

  lq_progress_relay_post (a->relay, &p);
}

static void
export_thread (GTask *task,
               gpointer source_object,
               gpointer task_data,
               GCancellable *cancellable)
{
  AsyncExport *a = task_data;
  GError *error = NULL;
  GPtrArray *results;

  results = export_run (a->job, cancellable, a->relay != NULL ? async_progress_cb : NULL, a, &error);
  /* The folder is free when the callback runs, not when the task happens
   * to be finalised (maybe after the caller exited). */
  g_clear_pointer (&a->job->lock, lq_output_lock_release);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
lq_export_album_async (LqProject *project,
                       const char *directory,
                       const LqExportOptions *options,
                       GCancellable *cancellable,
                       LqExportProgressFunc progress,
                       gpointer progress_data,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  ExportJob *job;
  AsyncExport *a;

  g_return_if_fail (LQ_IS_PROJECT (project));
  g_return_if_fail (directory != NULL && options != NULL);

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, lq_export_album_async);
  job = NULL;
  if (lq_export_preflight (project, options, &error))
    job = export_prepare (project, directory, options, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  a = g_new0 (AsyncExport, 1);
  a->job = job;
  if (progress != NULL)
    {
      ExportListener *l = g_new (ExportListener, 1);

      l->func = progress;
      l->data = progress_data;
      a->relay = lq_progress_relay_new (NULL, sizeof (ExportProgress), async_progress_deliver, l, g_free);
    }
  g_task_set_task_data (task, a, (GDestroyNotify) async_export_free);
  g_task_run_in_thread (task, export_thread);
}

GPtrArray *
lq_export_album_finish (LqProject *project,
                        GAsyncResult *result,
                        GError **error)
{
  AsyncExport *a;
  GPtrArray *results;

  g_return_val_if_fail (g_task_is_valid (result, project), NULL);
  a = g_task_get_task_data (G_TASK (result));
  /* The worker's last progress before its results */
  if (a != NULL && a->relay != NULL)
    lq_progress_relay_flush (a->relay);
  results = g_task_propagate_pointer (G_TASK (result), error);
  if (results != NULL && a != NULL && a->job != NULL)
    export_record (project, a->job);
  return results;
}

const char *
lq_export_changed_note (void)
{
  return _("changed since analysis, exported with --allow-changed");
}

double
lq_export_album_lufs (GPtrArray *results)
{
  g_autoptr(GPtrArray) analyses = g_ptr_array_new ();
  g_autoptr(LqAlbumAnalysis) album = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      if (r->analysis != NULL)
        g_ptr_array_add (analyses, r->analysis);
    }
  if (analyses->len == 0)
    return NAN;
  album = lq_album_analysis_new (analyses);
  return lq_album_analysis_get_integrated_lufs (album);
}

/* The export the album's target makes (as lacquer-cli export without
 * options): its format, channels and ceiling. */
static void
default_options (LqProject *project,
                 LqExportOptions *options)
{
  lq_export_options_init (options);
  if (lq_project_get_effective_target (project, &options->target))
    {
      options->has_target = TRUE;
      if (options->target.channels != 0)
        options->render.channels = options->target.channels;
    }
  options->render.ceiling_dbtp = lq_export_get_ceiling (project, options);
  if (options->has_target)
    options->target.true_peak_ceiling_dbtp = options->render.ceiling_dbtp;
}

void
lq_export_get_default_render_options (LqProject *project,
                                      LqRenderOptions *options)
{
  LqExportOptions defaults;

  g_return_if_fail (LQ_IS_PROJECT (project));

  default_options (project, &defaults);
  *options = defaults.render;
}

gboolean
lq_export_solve_gains (LqProject *project,
                       GCancellable *cancellable,
                       LqExportProgressFunc progress,
                       gpointer progress_data,
                       GError **error)
{
  g_autoptr(ExportJob) job = g_new0 (ExportJob, 1);
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), FALSE);

  default_options (project, &job->options);
  job->render = job->options.render;

  n = lq_project_get_n_tracks (project);
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_export_result_free);
  job->specs = g_new0 (LqRenderSpec, MAX (n, 1));
  job->n = n;
  for (guint i = 0; i < n; i++)
    {
      LqExportResult *r = g_new0 (LqExportResult, 1);

      r->position = i + 1;
      g_ptr_array_add (job->results, r);
      lq_render_spec_init (&job->specs[i], project, lq_project_get_track (project, i + 1));
    }
  expected_levels (project, job);

  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i + 1);
      ProgressState state = { progress, progress_data, i, MAX (n, 1), 1.0 };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (i, n, 0.0, progress_data);
      if (!isfinite (job->specs[i].target_lufs) || !job->render.limiter)
        continue;
      if (!lq_render_get_corrected_spec (project, track, &job->specs[i], &job->render, cancellable,
                                         error))
        {
          g_prefix_error (error, "%s: ", lq_track_get_path (track));
          return FALSE;
        }
      (void) state;
    }
  if (progress != NULL && n > 0)
    progress (n - 1, n, 1.0, progress_data);
  return TRUE;
}

LqRenderSpec *
lq_export_get_render_specs (LqProject *project,
                            const LqExportOptions *options,
                            LqRenderOptions *render,
                            guint *n_specs)
{
  g_autoptr(ExportJob) job = g_new0 (ExportJob, 1);
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (options != NULL && render != NULL && n_specs != NULL, NULL);

  /* As export_prepare() sets a job up, without its folder and names. */
  job->options = *options;
  job->options.name_template = NULL;
  job->render = options->render;
  job->render.ceiling_dbtp = lq_export_get_ceiling (project, options);
  job->options.render.ceiling_dbtp = job->render.ceiling_dbtp;
  if (job->options.has_target)
    job->options.target.true_peak_ceiling_dbtp = job->render.ceiling_dbtp;

  n = lq_project_get_n_tracks (project);
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_export_result_free);
  job->specs = g_new0 (LqRenderSpec, MAX (n, 1));
  job->n = n;
  for (guint i = 0; i < n; i++)
    {
      LqExportResult *r = g_new0 (LqExportResult, 1);

      r->position = i + 1;
      g_ptr_array_add (job->results, r);
      lq_render_spec_init (&job->specs[i], project, lq_project_get_track (project, i + 1));
    }
  expected_levels (project, job);
  for (guint i = 0; i < n; i++)
    if (isfinite (job->specs[i].target_lufs))
      lq_render_spec_use_solved_gain (&job->specs[i], project, lq_project_get_track (project, i + 1),
                                      &job->render);

  *render = job->render;
  *n_specs = n;
  /* The job's free clears job->n specs: hand them over instead. */
  job->n = 0;
  return g_steal_pointer (&job->specs);
}
