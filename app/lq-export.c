/* lq-export.c: album export: names, safety, rendering, checking. */
#include "config.h"

#include "lq-export.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lq-analysis-json.h"
#include "lq-analyzer.h"
#include "lq-error.h"

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
  g_clear_error (&result->error);
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

char *
lq_export_file_name (guint position,
                     const char *title,
                     const char *extension)
{
  g_autofree char *valid = g_utf8_make_valid (title != NULL ? title : "", -1);
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p;
  char *start;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\')
        g_string_append_c (clean, '-');
      else if (is_unsafe (c))
        g_string_append_c (clean, '_');
      else
        g_string_append_unichar (clean, c);
      if (clean->len > LQ_EXPORT_TITLE_MAX)
        {
          /* Cut at the last whole character within the cap. */
          const char *end = g_utf8_find_prev_char (clean->str, clean->str + LQ_EXPORT_TITLE_MAX + 1);

          g_string_truncate (clean, end != NULL ? (gsize) (end - clean->str) : 0);
          break;
        }
    }

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
    start = (char *) _("Track");

  return g_strdup_printf ("%02u - %s.%s", position, start, extension);
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
  if (options->has_target && isfinite (options->target.integrated_lufs))
    r->loudness_ok = isfinite (r->integrated_lufs)
                     && fabs (r->integrated_lufs - options->target.integrated_lufs)
                        <= LQ_EXPORT_LOUDNESS_TOLERANCE_LU;
  if (options->has_target && isfinite (options->target.max_track_lufs))
    r->loudness_ok = r->loudness_ok && isfinite (r->integrated_lufs)
                     && r->integrated_lufs <= options->target.max_track_lufs;
  /* Digital silence has a true peak of -inf: that passes. */
  r->peak_ok = !isnan (r->true_peak_dbtp) && r->true_peak_dbtp <= ceiling;
  r->passed = r->error == NULL && r->loudness_ok && r->peak_ok;
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
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) lq_export_result_free);
  g_autofree char *real_dir = NULL;
  LqRenderOptions render;
  ProgressState state = { progress, progress_data, 0, 0, 0.8 };
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);
  g_return_val_if_fail (directory != NULL && options != NULL, NULL);

  n = lq_project_get_n_tracks (project);
  state.n = MAX (n, 1);
  render = options->render;
  if (options->has_target)
    render.ceiling_dbtp = options->target.true_peak_ceiling_dbtp;
  if (!lq_render_format_supports (render.format, render.bits))
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   _("%s files cannot hold %u-bit audio"),
                   lq_render_format_extension (render.format), render.bits);
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

  /* Names first, and refuse existing files before writing anything. */
  for (guint i = 0; i < n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i + 1);
      g_autofree char *name = lq_export_file_name (i + 1, lq_track_get_display_name (track),
                                                   lq_render_format_extension (render.format));
      LqExportResult *r = g_new0 (LqExportResult, 1);

      r->position = i + 1;
      r->title = g_strdup (lq_track_get_display_name (track));
      r->integrated_lufs = NAN;
      r->true_peak_dbtp = NAN;
      r->path = safe_path (real_dir, name);
      g_ptr_array_add (results, r);
      if (r->path == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                       _("Track %u: “%s” is not a safe file name"), i + 1, name);
          return NULL;
        }
      if (!render.overwrite && g_file_test (r->path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_EXISTS,
                       _("%s: the file exists already (use --force to replace it)"), r->path);
          return NULL;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      LqExportResult *r = g_ptr_array_index (results, i);
      LqTrack *track = lq_project_get_track (project, i + 1);
      g_autoptr(LqTrackAnalysis) analysis = NULL;
      LqRenderSpec spec;
      gboolean ok;

      state.index = i;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      lq_render_spec_init (&spec, project, track);
      render.dither_seed = options->render.dither_seed;
      ok = lq_render_track (&spec, &render, r->path, cancellable,
                            render_progress_cb, &state, &r->error);
      lq_render_spec_clear (&spec);
      if (!ok)
        {
          if (g_error_matches (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&r->error));
              return NULL;
            }
          check_result (r, options);
          continue;
        }

      analysis = lq_analyze_file (r->path, cancellable, measure_progress_cb, &state, &r->error);
      if (analysis != NULL)
        {
          const LqTrackMeasures *m = lq_track_analysis_get_measures (analysis);

          r->integrated_lufs = m->integrated_lufs;
          r->true_peak_dbtp = m->true_peak_dbtp;
        }
      else
        g_prefix_error (&r->error, _("Measuring the written file failed: "));
      check_result (r, options);
    }

  if (progress != NULL)
    progress (n > 0 ? n - 1 : 0, state.n, 1.0, progress_data);
  return g_steal_pointer (&results);
}

JsonNode *
lq_export_results_to_json (GPtrArray *results,
                           const LqExportOptions *options)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean all = TRUE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "target");
  if (options->has_target)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, options->target.name);
      lq_json_add_number (b, "integrated_lufs", options->target.integrated_lufs);
      lq_json_add_number (b, "true_peak_ceiling_dbtp", options->target.true_peak_ceiling_dbtp);
      lq_json_add_number (b, "max_track_lufs", options->target.max_track_lufs);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, lq_render_format_extension (options->render.format));
  json_builder_set_member_name (b, "bits");
  json_builder_add_int_value (b, options->render.bits);
  json_builder_set_member_name (b, "float");
  json_builder_add_boolean_value (b, options->render.bits == 32);
  json_builder_set_member_name (b, "rate");
  if (options->render.rate != 0)
    json_builder_add_int_value (b, options->render.rate);
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < results->len; i++)
    {
      const LqExportResult *r = g_ptr_array_index (results, i);

      all = all && r->passed;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "position");
      json_builder_add_int_value (b, r->position);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, r->title);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, r->path);
      lq_json_add_number (b, "integrated_lufs", r->integrated_lufs);
      lq_json_add_number (b, "true_peak_dbtp", r->true_peak_dbtp);
      json_builder_set_member_name (b, "loudness_ok");
      json_builder_add_boolean_value (b, r->loudness_ok);
      json_builder_set_member_name (b, "true_peak_ok");
      json_builder_add_boolean_value (b, r->peak_ok);
      json_builder_set_member_name (b, "passed");
      json_builder_add_boolean_value (b, r->passed);
      json_builder_set_member_name (b, "error");
      if (r->error != NULL)
        json_builder_add_string_value (b, r->error->message);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "passed");
  json_builder_add_boolean_value (b, all);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
