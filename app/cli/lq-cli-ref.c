/* lq-cli-ref.c: `lacquer-cli ref`, the project's reference list: add (read,
 * hash and analyse the file, with the progress bar), list, remove, set-cue. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "lq-cli-common.h"
#include "lq-cli-progress.h"
#include "lq-cli-project-private.h"
#include "lq-cli-ref.h"
#include "lq-cli.h"
#include "lq-error.h"

static JsonNode *
references_to_json (LqProject *project)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) list = lq_project_list_references (project);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format_version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "references");
  json_builder_set_member_name (b, "project_path");
  json_builder_add_string_value (b, lq_project_get_path (project));
  json_builder_set_member_name (b, "references");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      LqReference *r = g_ptr_array_index (list, i);
      g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (project, r->index, NULL);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "index");
      json_builder_add_int_value (b, r->index);
      json_builder_set_member_name (b, "source_path");
      json_builder_add_string_value (b, r->path);
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, r->title);
      json_builder_set_member_name (b, "fingerprint");
      json_builder_add_string_value (b, r->fingerprint);
      json_builder_set_member_name (b, "duration_s");
      json_builder_add_double_value (b, r->duration_s);
      json_builder_set_member_name (b, "cue_s");
      json_builder_add_double_value (b, r->cue_s);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, lq_track_status_to_string (r->status));
      json_builder_set_member_name (b, "integrated_lufs");
      if (analysis != NULL && isfinite (lq_track_analysis_get_measures (analysis)->integrated_lufs))
        json_builder_add_double_value (b, lq_track_analysis_get_measures (analysis)->integrated_lufs);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_references (LqProject *project)
{
  g_autoptr(GPtrArray) list = lq_project_list_references (project);

  if (list->len == 0)
    {
      printf ("%s\n", _("No references: add one with lacquer-cli ref add PROJECT FILE"));
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      LqReference *r = g_ptr_array_index (list, i);
      g_autoptr(LqTrackAnalysis) analysis = lq_project_get_reference_analysis (project, r->index, NULL);
      g_autofree char *title = lq_cli_escape (r->title);
      g_autofree char *path = lq_cli_escape (r->path);
      g_autofree char *loudness = analysis != NULL
        ? g_strdup_printf ("%.1f LUFS", lq_track_analysis_get_measures (analysis)->integrated_lufs)
        : g_strdup ("—");

      /* TRANSLATORS: a reference line: its number, title, length, cue
       * point, loudness, status and file */
      printf (_("%u  %s  %.1f s, cue %.2f s, %s, %s  %s\n"), r->index, title, r->duration_s, r->cue_s,
              loudness, _lq_cli_status_label (r->status), path);
    }
}

/* Reference N, or the one whose file is @text. */
static guint
parse_reference (LqProject *project,
                 const char *text)
{
  guint64 n = 0;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &n, NULL))
    return (guint) n;
  return lq_project_find_reference (project, text);
}

static void
progress_cb (double fraction,
             gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

int
lq_cli_ref (int argc,
            char **argv)
{
  const char *usage = _("lacquer-cli ref add PROJECT FILE [--cue SECONDS] | list PROJECT | "
                        "remove PROJECT N|FILE | set-cue PROJECT N SECONDS [--json]");
  g_autofree char *cue_text = NULL;
  const GOptionEntry entries[] = {
    { "cue", 0, 0, G_OPTION_ARG_STRING, &cue_text,
      N_("Where the reference plays from when not in sync, in seconds (add)"), N_("SECONDS") },
    { NULL }
  };
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  const char *sub;
  gboolean json = FALSE;
  double cue = 0;
  guint n;
  int status = LQ_EXIT_OK;

  if (!lq_cli_parse ("ref", _("add|list|remove|set-cue PROJECT … — the project’s reference list"),
                     _("The audio files the album is compared with, in the order added.\n"
                       "add PROJECT FILE: reads, fingerprints and analyses FILE and adds it.\n"
                       "list PROJECT: each reference, its cue point, loudness and status.\n"
                       "remove PROJECT N|FILE, set-cue PROJECT N SECONDS: edits (undo with lacquer-cli undo)."),
                     usage, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (!lq_cli_option_number (usage, "--cue", cue_text, FALSE, &cue, &status))
    return status;
  n = lq_cli_n_operands (operands);
  if (n < 2)
    return lq_cli_usage_error (usage, n == 0 ? _("ref: no subcommand given") : _("ref: no project given"));
  sub = operands[0];
  if (!g_str_equal (sub, "add") && !g_str_equal (sub, "list") && !g_str_equal (sub, "remove")
      && !g_str_equal (sub, "set-cue"))
    {
      g_autofree char *shown = lq_cli_escape (sub);
      g_autofree char *message = g_strdup_printf (_("ref: unknown subcommand “%s”"), shown);

      return lq_cli_usage_error (usage, message);
    }
  if (cue_text != NULL && !g_str_equal (sub, "add"))
    return lq_cli_usage_error (usage, _("ref: --cue is for ref add"));
  if (n != (g_str_equal (sub, "list") ? 2u : g_str_equal (sub, "set-cue") ? 4u : 3u))
    return lq_cli_usage_error (usage, _("ref: wrong number of arguments"));

  project = lq_project_open (operands[1], g_str_equal (sub, "list"), &error);
  if (project == NULL)
    return lq_cli_fail (operands[1], error);
  hint = _lq_cli_undo_hint (operands[1]);

  if (g_str_equal (sub, "add"))
    {
      g_autoptr(LqCliProgress) bar = lq_cli_progress_new (_("Analyzing"));
      gboolean ok = lq_project_add_reference (project, operands[2], cue, NULL, progress_cb, bar, &error);

      g_clear_pointer (&bar, lq_cli_progress_free);
      if (!ok)
        return lq_cli_fail (operands[2], error);
      if (!json)
        {
          g_autoptr(GPtrArray) list = lq_project_list_references (project);
          LqReference *r = g_ptr_array_index (list, list->len - 1);
          g_autofree char *title = lq_cli_escape (r->title);

          printf (_("Added “%s” as reference %u"), title, r->index);
          printf (" %s\n", hint);
        }
    }
  else if (g_str_equal (sub, "remove") || g_str_equal (sub, "set-cue"))
    {
      guint index = parse_reference (project, operands[2]);
      gboolean remove = g_str_equal (sub, "remove");

      if (index == 0)
        {
          g_autofree char *shown = lq_cli_escape (operands[2]);

          g_set_error (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE, _("“%s” is not in the reference list"), shown);
          return lq_cli_fail (operands[1], error);
        }
      if (!remove && !lq_cli_option_number (usage, "SECONDS", operands[3], FALSE, &cue, &status))
        return status;
      if (remove ? !lq_project_remove_reference (project, index, &error)
                 : !lq_project_set_reference_cue (project, index, cue, &error))
        return lq_cli_fail (operands[1], error);
      if (!json)
        {
          if (remove)
            printf (_("Removed reference %u"), index);
          else
            printf (_("Reference %u now plays from %.2f s"), index, cue);
          printf (" %s\n", hint);
        }
    }
  else if (!json)
    print_references (project);

  if (json)
    lq_cli_print_json_take (references_to_json (project));
  return LQ_EXIT_OK;
}
