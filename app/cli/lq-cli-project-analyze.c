/* lq-cli-project-analyze.c: `lacquer-cli analyze PROJECT`, and `analyze`
 * choosing between a project and audio files by its first operand. */
#include "config.h"

#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lq-cli-common.h"
#include "lq-cli-progress.h"
#include "lq-cli-project-private.h"
#include "lq-cli.h"
#include "lq-error.h"
#include "lq-project-json.h"
#include "lq-project-store.h"
#include "lq-project.h"

/* analyze PROJECT ----------------------------------------------------------- */

static void
analyze_progress_cb (double fraction,
                     gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

static int
analyze_project (int argc,
                 char **argv)
{
  const char *usage = _("lacquer-cli analyze [--json] [--jobs N] [--accept-changed] PROJECT");
  gboolean json = FALSE;
  g_autofree char *jobs_text = NULL;
  double jobs = 0;
  gboolean accept_changed = FALSE;
  const GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_text, N_("Analyze N files at a time (default: one per core)"), "N" },
    { "accept-changed", 0, 0, G_OPTION_ARG_NONE, &accept_changed,
      N_("Measure changed tracks too and keep their new files (one undoable edit per track)"), NULL },
    { NULL }
  };
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqCliProgress) bar = NULL;
  guint todo = 0, skipped = 0, accepted = 0;
  int status = LQ_EXIT_OK;
  g_autofree char *word = NULL;
  g_autoptr(GArray) had = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) was_changed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) analyzed = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) accepted_positions = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!lq_cli_parse ("analyze", _("PROJECT — measure the album’s tracks"),
                      _("Measures every track not measured yet and keeps the results in the project,\n"
                        "each track’s as soon as it is done. A track whose file changed is left\n"
                        "alone unless --accept-changed is given. A project in a read-only folder\n"
                       "is measured and shown, but nothing is stored."),
                     usage, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 1)
    return lq_cli_usage_error (usage, _("analyze: give one project, or audio files"));
  if (!lq_cli_option_number (usage, "--jobs", jobs_text, TRUE, &jobs, &status))
    return status;
  if (jobs < 0 || jobs > 256)
    return lq_cli_usage_error (usage, _("--jobs must be between 1 and 256 (0: one per core)"));

  project = lq_project_open (operands[0], FALSE, &error);
  /* In a read-only folder: measure into memory, show, store nothing. */
  if (project == NULL && g_error_matches (error, LQ_ERROR, LQ_ERROR_READ_ONLY))
    {
      g_autoptr(GError) ro_error = NULL;

      project = lq_project_open (operands[0], TRUE, &ro_error);
      if (project != NULL && lq_project_get_folder_read_only (project))
        {
          _lq_cli_note_read_only (operands[0], project, error->message);
          g_clear_error (&error);
        }
      else
        g_clear_object (&project);
    }
  if (project == NULL)
    return lq_cli_fail (operands[0], error);
  word = lq_cli_shell_word (operands[0]);

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      LqTrack *track = lq_project_get_track (project, p);
      LqTrackStatus track_status = lq_track_get_status (track);
      /* For --json: which tracks this call measures (and accepts). */
      gboolean measured = track_status == LQ_TRACK_STATUS_OK && lq_track_get_analysis (track) != NULL;
      gboolean changed = track_status == LQ_TRACK_STATUS_CHANGED;

      g_array_append_val (had, measured);
      g_array_append_val (was_changed, changed);
      if (track_status == LQ_TRACK_STATUS_CHANGED && accept_changed)
        {
          todo++;
          accepted++;
        }
      else if (track_status != LQ_TRACK_STATUS_OK)
        skipped++;
      else if (lq_track_get_analysis (track) == NULL)
        todo++;
    }
  if (!json)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u track to analyze", "%u tracks to analyze", todo), todo);
      printf ("\n");
      fflush (stdout);
    }

  if (todo > 0)
    bar = lq_cli_progress_new (_("Analyzing"));
  if (!lq_project_analyze_full (project, accept_changed ? LQ_ANALYZE_ACCEPT_CHANGED : LQ_ANALYZE_DEFAULT,
                                (int) jobs, NULL, analyze_progress_cb, bar, &error))
    {
      g_clear_pointer (&bar, lq_cli_progress_free);
      return lq_cli_fail (operands[0], error);
    }
  g_clear_pointer (&bar, lq_cli_progress_free);

  skipped = 0;
  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      LqTrack *track = lq_project_get_track (project, p);
      g_autofree char *shown_project = NULL;
      g_autofree char *shown_name = NULL;

      if (lq_track_get_status (track) == LQ_TRACK_STATUS_OK)
        continue;
      skipped++;
      if (accept_changed && lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED && accepted > 0)
        accepted--;   /* its new file could not be measured */
      shown_project = lq_cli_escape (operands[0]);
      shown_name = lq_cli_escape (lq_track_get_display_name (track));
      fprintf (stderr, "lacquer-cli: %s: ", shown_project);
      if (lq_track_get_status (track) == LQ_TRACK_STATUS_CHANGED)
        fprintf (stderr, _("track %u (“%s”) is changed, not analyzed; "
                           "if you replaced the file on purpose: lacquer-cli relink %s %u FILE, "
                           "or lacquer-cli analyze %s --accept-changed"),
                 p, shown_name, word, p, word);
      else
        fprintf (stderr, _("track %u (“%s”) is missing, not analyzed; find it with: "
                           "lacquer-cli relink %s --search DIR, or lacquer-cli relink %s %u FILE"),
                 p, shown_name, word, word, p);
      fprintf (stderr, "\n");
    }
  if (lq_project_get_read_only (project) && todo > 0)
    {
      fprintf (stderr, "lacquer-cli: %s: ", operands[0]);
      fprintf (stderr, "%s", _("measured but not stored: the project is open read-only"));
      fprintf (stderr, "\n");
    }
  else if (accepted > 0 && !json)
    {
      g_autofree char *hint = _lq_cli_undo_hint (operands[0]);

      printf (g_dngettext (GETTEXT_PACKAGE, "Accepted the new file of %u changed track",
                           "Accepted the new files of %u changed tracks", accepted), accepted);
      printf (" %s\n", hint);
    }

  if (json)
    {
      LqProjectChange change = { 0 };

      for (guint p = 1; p <= lq_project_get_n_tracks (project) && p <= had->len; p++)
        {
          LqTrack *track = lq_project_get_track (project, p);

          if (g_array_index (had, gboolean, p - 1) || lq_track_get_analysis (track) == NULL
              || lq_track_get_status (track) != LQ_TRACK_STATUS_OK)
            continue;
          g_array_append_val (analyzed, p);
          if (g_array_index (was_changed, gboolean, p - 1))
            g_array_append_val (accepted_positions, p);
        }
      change.edited = analyzed->len > 0 && !lq_project_get_read_only (project);
      change.positions = (const guint *) analyzed->data;
      change.n_positions = analyzed->len;
      change.accepted = (const guint *) accepted_positions->data;
      change.n_accepted = accepted_positions->len;
      lq_cli_print_json_take (lq_project_change_to_json (project, "analyze", &change));
    }
  else
    {
      printf ("\n");
      _lq_cli_print_project_table (project, FALSE);
    }
  return skipped > 0 ? LQ_EXIT_FAILED : LQ_EXIT_OK;
}

/* A Lacquer project by its name or its header (SQLite, our application id). */
static gboolean
is_project (const char *path)
{
  guint8 header[100];
  gssize got;
  int fd;

  if (g_str_has_suffix (path, ".lacquer"))
    return TRUE;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  got = read (fd, header, sizeof header);
  close (fd);
  return got == sizeof header && memcmp (header, "SQLite format 3", 16) == 0
         && ((guint32) header[68] << 24 | header[69] << 16 | header[70] << 8 | header[71])
            == LQ_PROJECT_APPLICATION_ID;
}

int
lq_cli_analyze_any (int argc,
                    char **argv)
{
  /* The first operand decides: skip the options (and --jobs' value). */
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        return i + 1 < argc && is_project (argv[i + 1]) ? analyze_project (argc, argv)
                                                        : lq_cli_analyze (argc, argv);
      if (arg[0] == '-' && arg[1] != '\0')
        {
          if (strcmp (arg, "--jobs") == 0 || strcmp (arg, "-j") == 0)
            i++;
          continue;
        }
      return is_project (arg) ? analyze_project (argc, argv) : lq_cli_analyze (argc, argv);
    }
  return lq_cli_analyze (argc, argv);
}
