/* lq-cli-project.c: the project commands of lacquer-cli.
 *
 * new, add, list, move, remove, set, undo, redo, relink, and `analyze` when
 * its argument is a project. Each command opens the project, makes at most
 * one edit through LqProject (durable on disk when the call returns), says
 * what it did and closes: every call is a fresh process, so undo and redo
 * work across calls because the history lives in the file.
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-analysis-json.h"
#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli-common.h"
#include "lq-cli.h"
#include "lq-cli-project-private.h"
#include "lq-error.h"
#include "lq-project-json.h"
#include "lq-project-store.h"
#include "lq-project.h"
#include "lq-text.h"

/* Helpers ---------------------------------------------------------------- */



/* "(undo with: lacquer-cli undo P)" */
char *
_lq_cli_undo_hint (const char *project)
{
  g_autofree char *word = lq_cli_shell_word (project);

  return g_strdup_printf (_("(undo with: lacquer-cli undo %s)"), word);
}

/* A 1-based track number as the user typed it: decimal digits only. 0 and
 * numbers past the end are left for the model to refuse with the album's
 * range. */
static gboolean
parse_position (const char *text,
                guint *position)
{
  gint64 value;

  if (!g_ascii_isdigit (text[0]) || !lq_text_parse_int (text, &value) || value > G_MAXUINT)
    return FALSE;
  *position = (guint) value;
  return TRUE;
}

static int
bad_position (const char *usage,
              const char *text)
{
  g_autofree char *message = g_strdup_printf (_("“%s” is not a track number"), text);

  return lq_cli_usage_error (usage, message);
}

/* Opens for an edit: a project open for writing elsewhere is an error. */
static LqProject *
open_writable (const char *path,
               int *status)
{
  g_autoptr(GError) error = NULL;
  LqProject *project = lq_project_open (path, FALSE, &error);

  if (project == NULL)
    *status = lq_cli_fail (path, error);
  return project;
}

/* Says why @project was opened read-only: its folder is, or @reason. */
void
_lq_cli_note_read_only (const char *path,
                LqProject *project,
                const char *reason)
{
  if (lq_project_get_folder_read_only (project))
    {
      g_autofree char *shown = lq_cli_escape (path);

      fprintf (stderr, "lacquer-cli: %s: ", shown);
      fprintf (stderr, "%s", _("the folder is read-only; opened read-only, changes cannot be saved"));
      fprintf (stderr, "\n");
    }
  else
    {
      g_autofree char *shown = lq_cli_escape (reason);

      fprintf (stderr, "lacquer-cli: %s (%s)\n", shown, _("shown read-only"));
    }
}

/* JSON --------------------------------------------------------------------- */

static void
print_project_json (LqProject *project)
{
  lq_cli_print_json_take (lq_project_json_document (project));
}

static void
print_change_json (LqProject *project,
                   const char *command,
                   const LqProjectChange *change)
{
  lq_cli_print_json_take (lq_project_change_to_json (project, command, change));
}

/* Commands --------------------------------------------------------------- */

int
lq_cli_new (int argc,
            char **argv)
{
  const char *usage = _("lacquer-cli new PROJECT [--title T] [--artist A] [--year Y] … (see --help)");
  guint n;
  const LqField *fields = lq_project_fields_album (&n);
  g_autofree char **values = g_new0 (char *, n);
  g_autofree GOptionEntry *entries = g_new0 (GOptionEntry, n + 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) operands = NULL;
  g_auto(GStrv) assignments = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  int status = LQ_EXIT_OK;
  gboolean json = FALSE;
  gboolean ok;

  /* One option per album field: a field added to the table is one here too. */
  for (guint i = 0; i < n; i++)
    entries[i] = (GOptionEntry) { fields[i].key, 0, 0, G_OPTION_ARG_STRING, &values[i],
                                  fields[i].label, N_("VALUE") };

  ok = lq_cli_parse ("new", _("PROJECT — create an empty album project"),
                     _("Creates PROJECT (conventionally NAME.lacquer), which must not exist yet,\n"
                       "with the album fields given."),
                     usage, entries, &json, &argc, &argv, &operands, &status);
  if (!ok)
    goto out;
  if (lq_cli_n_operands (operands) != 1)
    {
      status = lq_cli_usage_error (usage, lq_cli_n_operands (operands) == 0 ? _("new: no project given")
                                                              : _("new: give one project"));
      goto out;
    }
  path = operands[0];

  /* Every value is checked before the file is created. */
  for (guint i = 0; i < n; i++)
    if (values[i] != NULL)
      {
        g_auto(GValue) v = G_VALUE_INIT;
        g_autofree char *assignment = NULL;

        if (!lq_field_parse (&fields[i], values[i], &v, &error))
          {
            status = lq_cli_fail (path, error);
            goto out;
          }
        assignment = g_strdup_printf ("%s=%s", fields[i].key, values[i]);
        g_strv_builder_add (builder, assignment);
      }
  assignments = g_strv_builder_end (builder);

  project = lq_project_create (path, &error);
  if (project == NULL)
    {
      status = lq_cli_fail (path, error);
      goto out;
    }
  if (assignments[0] != NULL && !lq_project_set_album (project, (const char *const *) assignments, &error))
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      /* The file is ours, just made: leave nothing half-made behind. */
      g_clear_object (&project);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      status = lq_cli_fail (path, error);
      goto out;
    }

  if (json)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      LqProjectChange change = { .edited = TRUE };

      for (guint i = 0; i < n; i++)
        if (values[i] != NULL)
          g_ptr_array_add (keys, (gpointer) fields[i].key);
      g_ptr_array_add (keys, NULL);
      change.keys = (const char *const *) keys->pdata;
      print_change_json (project, "new", &change);
    }
  else
    {
      g_autofree char *shown = lq_cli_escape (path);

      printf (_("Created %s"), shown);
      printf ("\n");
    }

out:
  for (guint i = 0; i < n; i++)
    g_free (values[i]);
  return status;
}

int
lq_cli_add (int argc,
            char **argv)
{
  const char *usage = _("lacquer-cli add PROJECT FILE… [--at N]");
  g_autofree char *at_text = NULL;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("Insert before track N (default: at the end)"), "N" },
    { NULL }
  };
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  guint at = 0, n_before, added;
  int status = LQ_EXIT_OK;
  gboolean json = FALSE;

  if (!lq_cli_parse ("add", _("PROJECT FILE… — add audio files to the album"),
                     _("Adds the files as tracks, in the order given. The files are referenced,\n"
                       "never copied or changed."),
                     usage, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) < 2)
    return lq_cli_usage_error (usage, lq_cli_n_operands (operands) == 0 ? _("add: no project given")
                                                          : _("add: no files given"));
  if (at_text != NULL && !parse_position (at_text, &at))
    return bad_position (usage, at_text);

  project = open_writable (operands[0], &status);
  if (project == NULL)
    return status;

  n_before = lq_project_get_n_tracks (project);
  if (at_text != NULL && (at < 1 || at > n_before + 1))
    {
      g_set_error (&error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Cannot add at position %u: the album has %u track (positions 1 to %u)",
                                "Cannot add at position %u: the album has %u tracks (positions 1 to %u)",
                                n_before),
                   at, n_before, n_before + 1);
      return lq_cli_fail (operands[0], error);
    }
  if (!lq_project_add_files (project, (const char *const *) operands + 1, at, NULL, &error))
    return lq_cli_fail (operands[0], error);

  added = lq_project_get_n_tracks (project) - n_before;
  if (at == 0)
    at = n_before + 1;
  if (json)
    {
      g_autofree guint *positions = g_new (guint, added + 1);
      LqProjectChange change = { .edited = added > 0, .positions = positions, .n_positions = added };

      for (guint i = 0; i < added; i++)
        positions[i] = at + i;
      print_change_json (project, "add", &change);
      return LQ_EXIT_OK;
    }
  hint = _lq_cli_undo_hint (operands[0]);
  if (added == 1)
    printf (_("Added 1 track as track %u"), at);
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "Added %u track as tracks %u to %u",
                         "Added %u tracks as tracks %u to %u", added), added, at, at + added - 1);
  printf (" %s\n", hint);
  return LQ_EXIT_OK;
}

int
lq_cli_list (int argc,
             char **argv)
{
  const char *usage = _("lacquer-cli list PROJECT [--all] [--json]");
  gboolean json = FALSE;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Show every field and chain setting, also those at their defaults"), NULL },
    { NULL }
  };
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  int status = LQ_EXIT_OK;

  if (!lq_cli_parse ("list", _("PROJECT — show the album’s tracks and fields"),
                     _("Shows the album’s title, length and loudness, its tracks, and the fields\n"
                       "and chain settings that are not at their defaults (all of them with --all)."),
                     usage, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage, lq_cli_n_operands (operands) == 0 ? _("list: no project given")
                                                          : _("list: give one project"));

  project = lq_project_open (operands[0], FALSE, &error);
  /* Open in another Lacquer, or not ours to write: show it as it is. */
  if (project == NULL && (g_error_matches (error, LQ_ERROR, LQ_ERROR_LOCKED)
                          || g_error_matches (error, LQ_ERROR, LQ_ERROR_READ_ONLY)))
    {
      g_autofree char *reason = g_strdup (error->message);

      g_clear_error (&error);
      project = lq_project_open (operands[0], TRUE, &error);
      if (project != NULL)
        _lq_cli_note_read_only (operands[0], project, reason);
    }
  if (project == NULL)
    return lq_cli_fail (operands[0], error);

  if (json)
    print_project_json (project);
  else
    _lq_cli_print_project_table (project, all);
  return LQ_EXIT_OK;
}

int
lq_cli_move (int argc,
             char **argv)
{
  const char *usage = _("lacquer-cli move PROJECT FROM TO");
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  guint from, to;
  int status = LQ_EXIT_OK;
  gboolean json = FALSE;

  if (!lq_cli_parse ("move", _("PROJECT FROM TO — move a track"),
                     _("Moves track FROM to position TO; the tracks between shift by one."),
                     usage, NULL, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 3)
    return lq_cli_usage_error (usage, _("move: give the project, the track and where to move it"));
  if (!parse_position (operands[1], &from))
    return bad_position (usage, operands[1]);
  if (!parse_position (operands[2], &to))
    return bad_position (usage, operands[2]);

  project = open_writable (operands[0], &status);
  if (project == NULL)
    return status;
  if (!lq_project_move_track (project, from, to, &error))
    return lq_cli_fail (operands[0], error);
  if (json)
    {
      LqProjectChange change = { .edited = from != to, .from = from, .to = to };

      print_change_json (project, "move", &change);
      return LQ_EXIT_OK;
    }

  if (from == to)
    {
      printf (_("Track %u stays where it is"), from);
      printf ("\n");
      return LQ_EXIT_OK;
    }
  hint = _lq_cli_undo_hint (operands[0]);
  printf (_("Moved track %u to %u"), from, to);
  printf (" %s\n", hint);
  return LQ_EXIT_OK;
}

int
lq_cli_remove (int argc,
               char **argv)
{
  const char *usage = _("lacquer-cli remove PROJECT N");
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *source_path = NULL;
  guint position;
  int status = LQ_EXIT_OK;
  gboolean json = FALSE;

  if (!lq_cli_parse ("remove", _("PROJECT N — remove track N from the album"),
                     _("Removes the track from the album; its audio file is left alone."),
                     usage, NULL, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 2)
    return lq_cli_usage_error (usage, _("remove: give the project and the track"));
  if (!parse_position (operands[1], &position))
    return bad_position (usage, operands[1]);

  project = open_writable (operands[0], &status);
  if (project == NULL)
    return status;
  if (lq_project_get_track (project, position) != NULL)
    {
      LqTrack *track = lq_project_get_track (project, position);

      title = g_strdup (lq_track_get_display_name (track));
      source_path = g_strdup (lq_track_get_path (track));
      name = lq_cli_escape (title);
    }
  if (!lq_project_remove_track (project, position, &error))
    return lq_cli_fail (operands[0], error);
  if (json)
    {
      LqProjectChange change = { .edited = TRUE, .position = position, .title = title,
                                 .source_path = source_path };

      print_change_json (project, "remove", &change);
      return LQ_EXIT_OK;
    }

  hint = _lq_cli_undo_hint (operands[0]);
  printf (_("Removed track %u (“%s”)"), position, name);
  printf (" %s\n", hint);
  return LQ_EXIT_OK;
}

/* The value of the field @assignment names, as `set` takes it back; NULL
 * for a key or a track that does not exist. @position 0: the album. */
static char *
assigned_value (LqProject *project,
                guint position,
                const char *assignment,
                const LqField **field_out)
{
  g_autofree char *key = g_strndup (assignment, strchr (assignment, '=') - assignment);
  const LqField *field = lq_project_fields_lookup (position == 0, g_strstrip (key));
  LqTrack *track = position > 0 ? lq_project_get_track (project, position) : NULL;

  /* The cover (no field of its own): what is stored, as list shows it. */
  if (position == 0 && field == NULL && g_str_equal (key, LQ_COVER_KEY))
    {
      g_autoptr(LqCover) cover = lq_project_get_cover (project);

      if (field_out != NULL)
        *field_out = NULL;
      if (cover == NULL)
        return g_strdup ("");
      return g_strdup_printf ("%s %u×%u %" G_GSIZE_FORMAT, cover->mime, cover->width, cover->height,
                              g_bytes_get_size (cover->data));
    }
  if (field == NULL || (position > 0 && track == NULL))
    return NULL;
  if (field_out != NULL)
    *field_out = field;
  return lq_field_format (field, position == 0 ? lq_project_get_album_value (project, field)
                                               : lq_track_get_value (track, field));
}

static void
free_value (gpointer data)
{
  GValue *value = data;

  if (G_IS_VALUE (value))
    g_value_unset (value);
  g_free (value);
}

/* The keys of @fields for `set --help`, one line per processor under its
 * name, wrapped at 100 columns; an EQ's bands once, as "eqB-gain". */
static void
append_keys (GString *s,
             const LqField *fields,
             guint n)
{
  guint n_bands = 0;
  gsize line = 0;

  for (guint i = 0; i < n; i++)
    n_bands = MAX (n_bands, fields[i].band);
  for (guint i = 0; i < n; i++)
    {
      const LqField *field = &fields[i];
      g_autofree char *key = g_strdup (field->key);

      if (field->band > 1)
        continue;
      if (i == 0 || g_strcmp0 (field->group, fields[i - 1].group) != 0)
        {
          g_string_append_c (s, '\n');
          line = s->len;
          g_string_append (s, "  ");
          if (field->group == NULL)
            g_string_append_printf (s, "%s:", _("Fields"));
          else if (field->band == 1)
            /* Translators: "EQ Band B (B: 1 to 8):", a heading in `set --help` */
            g_string_append_printf (s, _("%s B (B: 1 to %u):"), _(field->group), n_bands);
          else
            g_string_append_printf (s, "%s:", _(field->group));
        }
      if (field->band == 1)
        {
          char *one = strstr (key, "1-");

          g_assert (one != NULL);
          *one = 'B';
        }
      if (s->len - line + 1 + strlen (key) > 100)
        {
          g_string_append_c (s, '\n');
          line = s->len;
          g_string_append (s, "   ");
        }
      g_string_append_printf (s, " %s", key);
    }
}

int
lq_cli_set (int argc,
            char **argv)
{
  const char *usage = _("lacquer-cli set PROJECT [N] KEY=VALUE…");
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *hint = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  const char *const *assignments;
  gboolean changed = FALSE;
  gboolean album;
  g_autoptr(GPtrArray) before_values = g_ptr_array_new_with_free_func (free_value);
  g_autoptr(GPtrArray) set_keys = g_ptr_array_new_with_free_func (g_free);
  guint position = 0;
  int status = LQ_EXIT_OK;
  gboolean json = FALSE;
  g_autofree char *help = NULL;

  {
    guint n_album, n_track;
    const LqField *album_fields = lq_project_fields_album (&n_album);
    const LqField *track_fields = lq_project_fields_track (&n_track);
    g_autoptr(GString) keys = g_string_new (_("Without N, sets album fields:"));

    append_keys (keys, album_fields, n_album);
    g_string_append_printf (keys, "\n  %s", _("cover=PATH: the album’s front cover, a PNG or JPEG of at most 16 MiB\n"
                                             "  (stored in the project; cover= removes it)"));
    g_string_append_printf (keys, "\n%s", _("With N, sets fields of track N:"));
    append_keys (keys, track_fields, n_track);
    g_string_append_printf (keys, "\n%s", _("Several KEY=VALUE in one call are one edit, undone together;\n"
                                            "an empty VALUE clears a field."));
    help = g_string_free (g_steal_pointer (&keys), FALSE);
  }

  if (!lq_cli_parse ("set", _("PROJECT [N] KEY=VALUE… — edit album or track fields"), help,
                     usage, NULL, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) < 2)
    return lq_cli_usage_error (usage, _("set: give the project and KEY=VALUE"));

  album = strchr (operands[1], '=') != NULL;
  if (!album && !parse_position (operands[1], &position))
    return bad_position (usage, operands[1]);
  assignments = (const char *const *) operands + (album ? 1 : 2);
  if (assignments[0] == NULL)
    return lq_cli_usage_error (usage, _("set: nothing to set; give KEY=VALUE"));
  for (guint i = 0; assignments[i] != NULL; i++)
    if (strchr (assignments[i], '=') == NULL)
      {
        g_autofree char *message = g_strdup_printf (_("set: “%s” is not KEY=VALUE"), assignments[i]);
        return lq_cli_usage_error (usage, message);
      }

  project = open_writable (operands[0], &status);
  if (project == NULL)
    return status;
  for (guint i = 0; assignments[i] != NULL; i++)
    {
      g_autofree char *key = g_strndup (assignments[i], strchr (assignments[i], '=') - assignments[i]);
      const LqField *field = lq_project_fields_lookup (album, g_strstrip (key));
      LqTrack *track = album ? NULL : lq_project_get_track (project, position);
      const GValue *value = NULL;
      GValue *copy = g_new0 (GValue, 1);

      g_ptr_array_add (before, assigned_value (project, position, assignments[i], NULL));
      if (field != NULL && (album || track != NULL))
        value = album ? lq_project_get_album_value (project, field) : lq_track_get_value (track, field);
      if (value != NULL && G_IS_VALUE (value))
        {
          g_value_init (copy, G_VALUE_TYPE (value));
          g_value_copy (value, copy);
        }
      g_ptr_array_add (before_values, copy);
      g_ptr_array_add (set_keys, g_strdup (key));
    }
  g_ptr_array_add (set_keys, NULL);
  if (album ? !lq_project_set_album (project, assignments, &error)
            : !lq_project_set_track (project, position, assignments, &error))
    return lq_cli_fail (operands[0], error);

  /* Echo the values as stored: normalised, the way `set` takes them back. */
  for (guint i = 0; assignments[i] != NULL; i++)
    {
      const LqField *field = NULL;
      g_autofree char *value = assigned_value (project, position, assignments[i], &field);
      g_autofree char *shown = NULL;

      g_assert (value != NULL);
      changed |= g_strcmp0 (value, g_ptr_array_index (before, i)) != 0;
      shown = lq_cli_escape (value);
      g_string_append_printf (summary, "%s%s=%s", i > 0 ? " " : "",
                              field != NULL ? field->key : LQ_COVER_KEY, shown);
    }

  if (json)
    {
      LqProjectChange change = { .edited = changed, .position = position,
                                 .keys = (const char *const *) set_keys->pdata,
                                 .before = (const GValue *const *) before_values->pdata };

      print_change_json (project, "set", &change);
      return LQ_EXIT_OK;
    }
  /* Setting what a field already holds is no edit: nothing to undo. */
  if (!changed)
    {
      if (album)
        printf (_("Nothing changed: the album already has %s"), summary->str);
      else
        printf (_("Nothing changed: track %u already has %s"), position, summary->str);
      printf ("\n");
      return LQ_EXIT_OK;
    }
  hint = _lq_cli_undo_hint (operands[0]);
  if (album)
    printf (_("Set %s for the album"), summary->str);
  else
    printf (_("Set %s for track %u"), summary->str, position);
  printf (" %s\n", hint);
  return LQ_EXIT_OK;
}

static int
undo_redo (int argc,
           char **argv,
           gboolean redo)
{
  const char *usage = redo ? _("lacquer-cli redo PROJECT") : _("lacquer-cli undo PROJECT");
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  g_autofree char *word = NULL;
  g_autofree char *raw_label = NULL;
  int status = LQ_EXIT_OK;
  gboolean json = FALSE;

  if (!lq_cli_parse (redo ? "redo" : "undo",
                     redo ? _("PROJECT — redo the last undone edit") : _("PROJECT — undo the last edit"),
                     _("The edit history is kept in the project file: it survives closing it."),
                     usage, NULL, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage, lq_cli_n_operands (operands) == 0 ? _("no project given") : _("give one project"));

  project = open_writable (operands[0], &status);
  if (project == NULL)
    return status;
  raw_label = g_strdup (redo ? lq_project_get_redo_label (project) : lq_project_get_undo_label (project));
  label = lq_cli_escape (raw_label);
  if (!(redo ? lq_project_redo (project, &error) : lq_project_undo (project, &error)))
    return lq_cli_fail (operands[0], error);
  if (json)
    {
      LqProjectChange change = { .edited = TRUE, .label = raw_label };

      print_change_json (project, redo ? "redo" : "undo", &change);
      return LQ_EXIT_OK;
    }

  word = lq_cli_shell_word (operands[0]);
  if (redo)
    printf (_("Redid: %s"), label != NULL ? label : "");
  else
    printf (_("Undid: %s"), label != NULL ? label : "");
  printf (" ");
  if (redo)
    printf (_("(undo with: lacquer-cli undo %s)"), word);
  else
    printf (_("(redo with: lacquer-cli redo %s)"), word);
  printf ("\n");
  return LQ_EXIT_OK;
}

int
lq_cli_undo (int argc,
             char **argv)
{
  return undo_redo (argc, argv, FALSE);
}

int
lq_cli_redo (int argc,
             char **argv)
{
  return undo_redo (argc, argv, TRUE);
}

int
lq_cli_relink (int argc,
               char **argv)
{
  const char *usage = _("lacquer-cli relink PROJECT N NEWFILE, or lacquer-cli relink PROJECT --search DIR");
  g_autofree char *search = NULL;
  const GOptionEntry entries[] = {
    { "search", 0, 0, G_OPTION_ARG_FILENAME, &search,
      N_("Find every missing or changed track’s file below DIR by its content"), N_("DIR") },
    { NULL }
  };
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  guint position = 0;
  int status = LQ_EXIT_OK;
  int relinked;
  guint left = 0;
  gboolean json = FALSE;
  g_autoptr(GArray) was_ok = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!lq_cli_parse ("relink", _("PROJECT N NEWFILE — point a track at its moved file"),
                     _("With --search DIR, looks below DIR for the files of every missing or\n"
                       "changed track (same size and content as when it was added)."),
                     usage, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (search != NULL ? lq_cli_n_operands (operands) != 1 : lq_cli_n_operands (operands) != 3)
    return lq_cli_usage_error (usage, search != NULL ? _("relink --search: give the project and DIR only")
                                              : _("relink: give the project, the track and its new file"));
  if (search == NULL && !parse_position (operands[1], &position))
    return bad_position (usage, operands[1]);

  project = open_writable (operands[0], &status);
  if (project == NULL)
    return status;
  hint = _lq_cli_undo_hint (operands[0]);

  if (search == NULL)
    {
      if (!lq_project_relink (project, position, operands[2], &error))
        return lq_cli_fail (operands[0], error);
      if (json)
        {
          LqProjectChange change = { .edited = TRUE, .positions = &position, .n_positions = 1 };

          print_change_json (project, "relink", &change);
          return LQ_EXIT_OK;
        }
      g_autofree char *shown = lq_cli_escape (lq_track_get_source (lq_project_get_track (project, position)));

      printf (_("Relinked track %u to %s"), position, shown);
      printf (" %s\n", hint);
      return LQ_EXIT_OK;
    }

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      gboolean ok = lq_track_get_status (lq_project_get_track (project, p)) == LQ_TRACK_STATUS_OK;

      g_array_append_val (was_ok, ok);
    }
  relinked = lq_project_relink_search (project, search, NULL, &error);
  if (relinked < 0)
    return lq_cli_fail (operands[0], error);

  if (json)
    {
      LqProjectChange change = { .edited = relinked > 0 };

      /* The tracks that were not found before and are now. */
      for (guint p = 1; p <= lq_project_get_n_tracks (project) && p <= was_ok->len; p++)
        if (!g_array_index (was_ok, gboolean, p - 1)
            && lq_track_get_status (lq_project_get_track (project, p)) == LQ_TRACK_STATUS_OK)
          g_array_append_val (positions, p);
      change.positions = (const guint *) positions->data;
      change.n_positions = positions->len;
      print_change_json (project, "relink", &change);
    }
  else
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "Relinked %d track", "Relinked %d tracks", relinked), relinked);
      printf ("%s%s\n", relinked > 0 ? " " : "", relinked > 0 ? hint : "");
    }
  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      LqTrack *track = lq_project_get_track (project, p);
      g_autofree char *shown_project = NULL;
      g_autofree char *shown_name = NULL;
      g_autofree char *shown_search = NULL;

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK)
        continue;
      shown_project = lq_cli_escape (operands[0]);
      shown_name = lq_cli_escape (lq_track_get_display_name (track));
      shown_search = lq_cli_escape (search);
      fprintf (stderr, "lacquer-cli: %s: ", shown_project);
      fprintf (stderr, _("track %u (“%s”) is still %s: no file below %s has its content"),
               p, shown_name, _lq_cli_status_label (lq_track_get_status (track)), shown_search);
      if (lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED)
        {
          g_autofree char *word = lq_cli_shell_word (operands[0]);

          fprintf (stderr, "; ");
          fprintf (stderr, _("if its file was edited on purpose: lacquer-cli relink %s %u FILE, "
                             "or lacquer-cli analyze %s --accept-changed"), word, p, word);
        }
      fprintf (stderr, "\n");
      left++;
    }
  return left > 0 ? LQ_EXIT_FAILED : LQ_EXIT_OK;
}
