/* lacquer-cli.c: the headless front end of Lacquer's engine. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "lq-cli-abx-results.h"
#include "lq-cli-abx.h"
#include "lq-cli-common.h"
#include "lq-cli-devices.h"
#include "lq-cli-play.h"
#include "lq-cli-preview.h"
#include "lq-cli-ref.h"
#include "lq-cli.h"

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "analyze", lq_cli_analyze_any, N_("Measure loudness, peaks and more of audio files and their album, "
                                      "or of a project’s tracks") },
  { "demo", lq_cli_demo, N_("Create the demo album (once) and analyze it") },
  { "new", lq_cli_new, N_("Create an album project") },
  { "add", lq_cli_add, N_("Add audio files to a project as tracks") },
  { "list", lq_cli_list, N_("Show a project’s tracks and album fields") },
  { "move", lq_cli_move, N_("Move a track to another position") },
  { "remove", lq_cli_remove, N_("Remove a track from a project") },
  { "set", lq_cli_set, N_("Edit album fields, or a track’s fields") },
  { "undo", lq_cli_undo, N_("Undo a project’s last edit") },
  { "redo", lq_cli_redo, N_("Redo a project’s last undone edit") },
  { "relink", lq_cli_relink, N_("Point tracks at their moved audio files") },
  { "export", lq_cli_export, N_("Render the album’s tracks to files and check them against the target") },
  { "match", lq_cli_match, N_("Plan and store the gains that match the album to a delivery target") },
  { "devices", lq_cli_devices, N_("List the audio output devices playback can use") },
  { "play", lq_cli_play, N_("Play a track on an audio output device") },
  { "abx", lq_cli_abx, N_("Tell two sources of a track apart in a blind test, on a terminal") },
  { "abx-results", lq_cli_abx_results, N_("Show the blind tests a project keeps") },
  { "ref", lq_cli_ref, N_("Add, list and remove the project’s reference files") },
  { "ddp", lq_cli_ddp, N_("Verify a DDP fileset, or extract its tracks as WAVE files") },
  { "preview", lq_cli_preview, N_("Show what lossy codecs do to each track’s master: true peak, overs, loudness") },
  { "release", lq_cli_release, N_("Deliver the album: the CD’s pre-flight, cue sheet, TOC and image") },
};

static void
usage (FILE *out)
{
  int width = 0;

  /* The summaries in one column, after the longest name. */
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    width = MAX (width, (int) strlen (commands[i].name));
  fprintf (out, "%s\n\n", _("Usage: lacquer-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-*s %s\n", width, commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “lacquer-cli COMMAND --help” for a command’s options."));
}

int
main (int argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("lacquer-cli");

  if (argc < 2)
    {
      usage (stderr);
      return LQ_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return LQ_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("lacquer-cli %s\n", PACKAGE_VERSION);
      return LQ_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  {
    g_autofree char *shown = lq_cli_escape (argv[1]);

    fprintf (stderr, _("lacquer-cli: unknown command “%s”"), shown);
  }
  fprintf (stderr, "\n\n");
  usage (stderr);
  return LQ_EXIT_USAGE;
}
