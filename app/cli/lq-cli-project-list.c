/* lq-cli-project-list.c: what `lacquer-cli list PROJECT` and `analyze
 * PROJECT` print.
 *
 * First what a user reads first: the album's title and artist, its tracks
 * and length, its loudness and its delivery target with the state of its
 * match. Then the track table, the album's other fields and the chain's
 * settings grouped under their processors' headings. Fields and settings
 * are shown only where they differ from a new project's (the columns'
 * defaults, read from the project format itself), every one with --all;
 * numbers are rounded as the window's editors round them.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "lq-cli-common.h"
#include "lq-cli-project-private.h"
#include "lq-cli-table.h"
#include "lq-delivery-target.h"
#include "lq-format.h"
#include "lq-project-store.h"
#include "lq-project.h"

#define TITLE_WIDTH 24

/* Values ----------------------------------------------------------------- */

/* How many decimals the window's editor shows a number with. */
static int
field_digits (const LqField *field)
{
  guint digits;

  lq_field_get_steps (field, NULL, NULL, &digits);
  return (int) digits;
}

/* @value as the user reads it, escaped; "—" when empty. */
static char *
field_text (const LqField *field,
            const GValue *value)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  if (field->type == LQ_FIELD_REAL && value != NULL && G_VALUE_HOLDS_DOUBLE (value))
    return lq_format_number (g_value_get_double (value), field_digits (field));
  text = lq_field_format (field, value);
  shown = lq_cli_escape (text);
  return g_strdup (*shown != '\0' ? shown : "—");
}

static char *
track_field_text (LqTrack *track,
                  const char *key)
{
  const LqField *field = lq_project_fields_lookup (FALSE, key);

  return lq_field_format (field, lq_track_get_value (track, field));
}

/* The first lines ------------------------------------------------------------ */

static const char *
album_text (LqProject *project,
            const char *key)
{
  const GValue *v = lq_project_get_album_value (project, lq_project_fields_lookup (TRUE, key));

  return v != NULL && G_VALUE_HOLDS_STRING (v) && g_value_get_string (v) != NULL ? g_value_get_string (v) : "";
}

static void
put_summary (GString *s,
             LqProject *project)
{
  guint n = lq_project_get_n_tracks (project);
  g_autofree char *title = lq_cli_escape (album_text (project, "title"));
  g_autofree char *artist = lq_cli_escape (album_text (project, "artist"));
  g_autofree char *shown_path = lq_cli_escape (lq_project_get_path (project));
  LqDeliveryTarget target;
  double total = 0.0;

  g_string_append (s, *title != '\0' ? title : _("Untitled album"));
  if (*artist != '\0')
    g_string_append_printf (s, " — %s", artist);
  g_string_append_c (s, '\n');

  for (guint p = 1; p <= n; p++)
    total += lq_track_get_duration (lq_project_get_track (project, p));
  if (n == 0)
    {
      g_autofree char *word = lq_cli_shell_word (lq_project_get_path (project));

      g_string_append_printf (s, _("%s: no tracks yet; add some with: lacquer-cli add %s FILE…"),
                              shown_path, word);
      g_string_append_c (s, '\n');
    }
  else
    {
      g_autofree char *length = lq_cli_table_format_duration (total);
      g_autofree char *tracks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u track", "%u tracks", n), n);

      g_string_append_printf (s, "%s: %s, %s\n", shown_path, tracks, length);
    }

  if (lq_project_has_analysis (project))
    {
      g_autoptr(LqAlbumAnalysis) album = lq_project_get_album_analysis (project);

      g_string_append_printf (s, "%s: ", _("Loudness"));
      /* Translators: the album's integrated loudness, loudness range and true peak */
      g_string_append_printf (s, _("%.1f LUFS integrated, LRA %.1f LU, true peak %.1f dBTP"),
                              lq_album_analysis_get_integrated_lufs (album),
                              lq_album_analysis_get_lra_lu (album),
                              lq_album_analysis_get_true_peak_dbtp (album));
      g_string_append_c (s, '\n');
    }

  if (lq_project_get_effective_target (project, &target))
    {
      g_autofree char *name = lq_cli_escape (target.name);
      const char *state;

      switch (lq_project_get_match_state (project))
        {
        case LQ_PROJECT_MATCH_CURRENT: state = _("matched"); break;
        case LQ_PROJECT_MATCH_STALE: state = _("matched, out of date: match again"); break;
        case LQ_PROJECT_MATCH_NONE:
        default: state = _("not matched yet"); break;
        }
      g_string_append_printf (s, "%s: %s (%s)\n", _("Delivery Target"), name, state);
    }
}

/* The track table ------------------------------------------------------------ */

const char *
_lq_cli_status_label (LqTrackStatus status)
{
  switch (status)
    {
    case LQ_TRACK_STATUS_OK: return C_("track status", "ok");
    case LQ_TRACK_STATUS_MISSING: return C_("track status", "missing");
    case LQ_TRACK_STATUS_CHANGED: return C_("track status", "changed");
    default: return "?";
    }
}

/* The Source column is as wide as its longest source: never cut. */
static int
source_width (LqProject *project)
{
  glong width = g_utf8_strlen (_("Source"), -1);

  for (guint p = 1; p <= lq_project_get_n_tracks (project); p++)
    {
      g_autofree char *shown = lq_cli_escape (lq_track_get_source (lq_project_get_track (project, p)));

      width = MAX (width, g_utf8_strlen (shown, -1));
    }
  return (int) width;
}

static void
put_table_header (GString *s,
                  int source)
{
  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Title"), TITLE_WIDTH, FALSE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Source"), source, FALSE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("Status"), 7, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Length"), 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Gap"), 5, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Gain"), 6, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _("ISRC"), 12, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Integrated"), 10, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("True peak"), 9, TRUE);
  g_string_append_c (s, '\n');

  lq_cli_table_put (s, "", 3 + 2 + TITLE_WIDTH + 2 + source + 2 + 7, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "", 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "s", 5, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dB", 6, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, "", 12, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "LUFS", 10, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "dBTP", 9, TRUE);
  g_string_append_c (s, '\n');
}

static void
put_track_row (GString *s,
               LqTrack *track,
               int source)
{
  LqTrackAnalysis *analysis = lq_track_get_analysis (track);
  g_autofree char *num = g_strdup_printf ("%u", lq_track_get_position (track));
  g_autofree char *length = lq_cli_table_format_duration (lq_track_get_duration (track));
  g_autofree char *gap = track_field_text (track, "gap");
  g_autofree char *gain = track_field_text (track, "gain");
  g_autofree char *isrc = track_field_text (track, "isrc");

  lq_cli_table_put (s, num, 3, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, lq_track_get_display_name (track), TITLE_WIDTH, FALSE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, lq_track_get_source (track), source, FALSE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, _lq_cli_status_label (lq_track_get_status (track)), 7, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, length, 7, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, gap, 5, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, gain, 6, TRUE);
  g_string_append (s, "  ");
  lq_cli_table_put (s, *isrc != '\0' ? isrc : "—", 12, FALSE);
  if (analysis != NULL)
    {
      const LqTrackMeasures *m = lq_track_analysis_get_measures (analysis);

      lq_cli_table_put_number (s, m->integrated_lufs, 10, 1, FALSE);
      lq_cli_table_put_number (s, m->true_peak_dbtp, 9, 1, FALSE);
    }
  else
    {
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, "—", 10, TRUE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, "—", 9, TRUE);
    }
  g_string_append_c (s, '\n');
}

/* Fields under headings ------------------------------------------------------- */

/* The fields shown in the first lines and the table, not again below. */
static gboolean
shown_above (const LqField *field,
             gboolean album)
{
  static const char *const album_keys[] = { "title", "artist", "target", NULL };
  static const char *const track_keys[] = { "title", "gap", "gain", "isrc", NULL };

  return g_strv_contains (album ? album_keys : track_keys, field->key);
}

/* The heading a field is shown under: its processor (and band), for a
 * track after the track's number; @fallback for the rest. */
static char *
field_heading (const LqField *field,
               guint position,
               const char *fallback)
{
  g_autofree char *group = NULL;

  if (field->group == NULL)
    return g_strdup (fallback);
  group = field->band > 0 ? g_strdup_printf ("%s %u", _(field->group), field->band)
                          : g_strdup (_(field->group));
  if (position == 0)
    return g_steal_pointer (&group);
  /* Translators: a heading, "Track 2: EQ Band 1" */
  return g_strdup_printf (_("Track %u: %s"), position, group);
}

/* Appends the fields of the album (@track NULL) or of @track in @fields
 * whose @chain is theirs (a processor's, or not), under their headings:
 * those not at their defaults, or all with @all. Returns how many. */
static guint
put_fields (GString *s,
            LqProject *project,
            LqTrack *track,
            gboolean chain,
            gboolean all)
{
  guint n, shown = 0;
  gboolean album = track == NULL;
  const LqField *fields = album ? lq_project_fields_album (&n) : lq_project_fields_track (&n);
  guint position = album ? 0 : lq_track_get_position (track);
  g_autofree char *fallback = album ? g_strdup (_("Album")) : g_strdup_printf (_("Track %u"), position);
  g_autofree char *last = NULL;

  for (guint i = 0; i < n; i++)
    {
      const LqField *field = &fields[i];
      const GValue *value = album ? lq_project_get_album_value (project, field) : lq_track_get_value (track, field);
      g_autofree char *heading = NULL;
      g_autofree char *label = NULL;
      g_autofree char *text = NULL;

      if ((field->group != NULL) != chain || (!all && shown_above (field, album))
          || (!all && lq_field_is_default (field, value)))
        continue;
      heading = field_heading (field, position, fallback);
      if (g_strcmp0 (heading, last) != 0)
        {
          g_string_append_printf (s, "%s%s\n", chain ? "  " : "", heading);
          g_free (last);
          last = g_steal_pointer (&heading);
        }
      label = g_strdup_printf ("%s:", _(field->label));
      text = field_text (field, value);
      g_string_append (s, chain ? "    " : "  ");
      lq_cli_table_put (s, label, 26, FALSE);
      g_string_append_printf (s, " %s\n", text);
      shown++;
    }
  return shown;
}

void
_lq_cli_print_project_table (LqProject *project,
                             gboolean all)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GString) chain = g_string_new (NULL);
  guint n = lq_project_get_n_tracks (project);
  guint n_chain = 0;

  put_summary (s, project);
  g_string_append_c (s, '\n');
  if (n > 0)
    {
      int source = source_width (project);

      put_table_header (s, source);
      for (guint p = 1; p <= n; p++)
        put_track_row (s, lq_project_get_track (project, p), source);
      g_string_append_c (s, '\n');
    }

  if (put_fields (s, project, NULL, FALSE, all) > 0)
    g_string_append_c (s, '\n');
  for (guint p = 1, shown = 0; p <= n; p++)
    {
      shown += put_fields (s, project, lq_project_get_track (project, p), FALSE, all);
      if (p == n && shown > 0)
        g_string_append_c (s, '\n');
    }

  n_chain += put_fields (chain, project, NULL, TRUE, all);
  for (guint p = 1; p <= n; p++)
    n_chain += put_fields (chain, project, lq_project_get_track (project, p), TRUE, all);
  if (n_chain > 0)
    g_string_append_printf (s, "%s\n%s", _("Chain settings"), chain->str);
  else
    {
      g_autofree char *word = lq_cli_shell_word (lq_project_get_path (project));

      g_string_append_printf (s, _("Chain settings: all at their defaults (every setting: lacquer-cli list %s --all)"),
                              word);
      g_string_append_c (s, '\n');
    }

  fputs (s->str, stdout);
  fflush (stdout);
}
