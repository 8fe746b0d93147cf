/* lq-cli-ddp.c: `lacquer-cli ddp verify DIR [--json]` (every checksum,
 * record and the PQ sequence, by the independent reader; the problems,
 * then the tracks) and `lacquer-cli ddp extract DIR --out D` (each track
 * as a WAVE file). */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lq-analysis-json.h"
#include "lq-cli-common.h"
#include "lq-cli-ddp-play.h"
#include "lq-cli-progress.h"
#include "lq-cli-table.h"
#include "lq-cli.h"
#include "lq-ddp-reader.h"

#define FRAMES_PER_SECOND 75

static char *
msf (guint64 frames)
{
  guint64 seconds = frames / FRAMES_PER_SECOND;

  return g_strdup_printf ("%02" G_GUINT64_FORMAT ":%02u:%02u", seconds / 60,
                          (guint) (seconds % 60), (guint) (frames % FRAMES_PER_SECOND));
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static JsonNode *
to_json (LqDdpImage *image,
         GPtrArray  *problems)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *leadout = msf (image->leadout);

  json_builder_begin_object (b);
  add_int (b, "format_version", 1);
  json_builder_set_member_name (b, "document");
  json_builder_add_string_value (b, "ddp");
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, image->dir);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, problems->len == 0);
  lq_json_add_string (b, "level", image->level);
  lq_json_add_string (b, "catalog", image->catalog);
  lq_json_add_string (b, "title", image->title);
  lq_json_add_string (b, "performer", image->performer);
  lq_json_add_string (b, "image_file", image->image_file);
  add_int (b, "image_frames", (gint64) image->image_frames);
  add_int (b, "leadout_frame", (gint64) image->leadout);
  json_builder_set_member_name (b, "leadout");
  json_builder_add_string_value (b, leadout);

  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < image->tracks->len; i++)
    {
      LqDdpTrack *t = image->tracks->pdata[i];
      g_autofree char *start = msf (t->start);
      g_autofree char *length = msf (t->end - t->start);
      g_autofree char *pregap = msf (t->start - t->pregap);

      json_builder_begin_object (b);
      add_int (b, "number", t->number);
      add_int (b, "pregap_frame", (gint64) t->pregap);
      add_int (b, "start_frame", (gint64) t->start);
      add_int (b, "end_frame", (gint64) t->end);
      json_builder_set_member_name (b, "start");
      json_builder_add_string_value (b, start);
      json_builder_set_member_name (b, "length");
      json_builder_add_string_value (b, length);
      json_builder_set_member_name (b, "pregap");
      json_builder_add_string_value (b, pregap);
      json_builder_set_member_name (b, "index_frames");
      json_builder_begin_array (b);
      for (guint k = 0; k < t->n_indexes; k++)
        json_builder_add_int_value (b, (gint64) t->indexes[k]);
      json_builder_end_array (b);
      lq_json_add_string (b, "isrc", t->isrc);
      json_builder_set_member_name (b, "copy_permitted");
      json_builder_add_boolean_value (b, t->copy_permitted);
      json_builder_set_member_name (b, "pre_emphasis");
      json_builder_add_boolean_value (b, t->pre_emphasis);
      lq_json_add_string (b, "title", t->title);
      lq_json_add_string (b, "performer", t->performer);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "problems");
  json_builder_begin_array (b);
  for (guint i = 0; i < problems->len; i++)
    {
      const LqDdpProblem *p = problems->pdata[i];
      g_autofree char *text = lq_ddp_problem_to_string (p);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, p->file);
      json_builder_set_member_name (b, "offset");
      if (p->offset >= 0)
        json_builder_add_int_value (b, p->offset);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "record");
      if (p->record > 0)
        json_builder_add_int_value (b, p->record);
      else
        json_builder_add_null_value (b);
      lq_json_add_string (b, "unit", p->record > 0 ? p->unit : NULL);
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, p->message);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
print_problems (GPtrArray *problems,
                FILE      *out)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *text = lq_ddp_problem_to_string (problems->pdata[i]);
      g_autofree char *shown = lq_cli_escape (text);

      fprintf (out, "  %s\n", shown);
    }
}

void
lq_cli_ddp_print_tracks (LqDdpImage *image)
{
  g_autoptr(GString) s = g_string_new (NULL);

  lq_cli_table_put (s, "#", 3, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Start"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Length"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Pregap"), 8, TRUE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, "ISRC", 12, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Copy"), 4, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Title"), 24, FALSE);
  g_string_append_c (s, ' ');
  lq_cli_table_put (s, _("Performer"), 20, FALSE);
  g_string_append_c (s, '\n');

  for (guint i = 0; i < image->tracks->len; i++)
    {
      LqDdpTrack *t = image->tracks->pdata[i];
      g_autofree char *number = g_strdup_printf ("%u", t->number);
      g_autofree char *start = msf (t->start);
      g_autofree char *length = msf (t->end - t->start);
      g_autofree char *pregap = msf (t->start - t->pregap);

      lq_cli_table_put (s, number, 3, TRUE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, start, 8, TRUE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, length, 8, TRUE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, pregap, 8, TRUE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, t->isrc != NULL ? t->isrc : "—", 12, FALSE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, t->copy_permitted ? _("yes") : _("no"), 4, FALSE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, t->title != NULL ? t->title : "—", 24, FALSE);
      g_string_append_c (s, ' ');
      lq_cli_table_put (s, t->performer != NULL ? t->performer : "—", 20, FALSE);
      g_string_append_c (s, '\n');
    }
  fputs (s->str, stdout);
}

static int
verify (const char *dir,
        gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) image = lq_ddp_read (dir, &error);
  g_autoptr(GPtrArray) problems = NULL;
  gboolean ok;

  if (image == NULL)
    return lq_cli_fail (dir, error);
  ok = lq_ddp_verify (image, &problems);

  if (json)
    lq_cli_print_json_take (to_json (image, problems));
  else
    {
      g_autofree char *shown = lq_cli_escape (dir);
      g_autofree char *leadout = msf (image->leadout);
      g_autofree char *catalog = lq_cli_escape (image->catalog != NULL ? image->catalog : "—");
      g_autofree char *title = lq_cli_escape (image->title != NULL ? image->title : "—");

      printf (_("DDP: %s (%s)"), shown, image->level != NULL ? image->level : "?");
      printf ("\n");
      printf (_("Catalog (UPC/EAN): %s  Title: %s  Lead-out: %s"), catalog, title, leadout);
      printf ("\n\n");
      lq_cli_ddp_print_tracks (image);
      printf ("\n");
      if (ok)
        printf ("%s\n", _("Verified: every checksum, record and PQ position is right."));
      else
        {
          printf (g_dngettext (GETTEXT_PACKAGE, "%u problem:\n", "%u problems:\n", problems->len),
                  problems->len);
          print_problems (problems, stdout);
        }
    }
  return ok ? LQ_EXIT_OK : LQ_EXIT_FAILED;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  lq_cli_progress_update (user_data, fraction, NULL);
}

static int
extract (const char *dir,
         const char *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LqDdpImage) image = lq_ddp_read (dir, &error);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(LqCliProgress) bar = NULL;
  g_autofree char *shown = NULL;
  gboolean ok;

  if (image == NULL)
    return lq_cli_fail (dir, error);
  /* A damaged DDP is not extracted: what comes out would not be the disc */
  if (!lq_ddp_verify (image, &problems))
    {
      g_autofree char *escaped = lq_cli_escape (dir);
      fprintf (stderr, _("%s: the DDP has problems; nothing is extracted:"), escaped);
      fprintf (stderr, "\n");
      print_problems (problems, stderr);
      return LQ_EXIT_FAILED;
    }
  bar = lq_cli_progress_new (_("Extracting"));
  ok = lq_ddp_extract (image, out, NULL, bar != NULL ? progress_cb : NULL, bar, &error);
  g_clear_pointer (&bar, lq_cli_progress_free);
  if (!ok)
    return lq_cli_fail (out, error);
  shown = lq_cli_escape (out);
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u track to %s\n", "Wrote %u tracks to %s\n",
                       image->tracks->len), image->tracks->len, shown);
  return LQ_EXIT_OK;
}

int
lq_cli_ddp (int argc,
            char **argv)
{
  const char *usage = _("lacquer-cli ddp verify DIR [--json] | extract DIR --out FOLDER");
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("The folder the tracks are written into (extract)"), N_("FOLDER") },
    { NULL }
  };
  g_auto(GStrv) operands = NULL;
  gboolean json = FALSE;
  const char *sub;
  int status = LQ_EXIT_OK;

  if (!lq_cli_parse ("ddp", _("verify|extract DIR … — check a DDP 2.00 fileset, or extract its tracks"),
                     _("verify DIR: reads the DDP with a reader independent of Lacquer’s writer and\n"
                       "checks every checksum, every record and the PQ sequence; prints the problems\n"
                       "(file, record, byte) and the tracks; exits 1 on any problem.\n"
                       "extract DIR --out FOLDER: writes each track (INDEX 01 to the next track’s\n"
                       "pregap or the lead-out) as NN.wav, 16-bit 44.1 kHz, when the DDP verifies."),
                     usage, entries, &json, &argc, &argv, &operands, &status))
    return status;
  if (lq_cli_n_operands (operands) != 2)
    return lq_cli_usage_error (usage, lq_cli_n_operands (operands) == 0
                                      ? _("ddp: no subcommand given")
                                      : _("ddp: give a subcommand and one DDP folder"));
  sub = operands[0];
  if (g_str_equal (sub, "verify"))
    {
      if (out != NULL)
        return lq_cli_usage_error (usage, _("ddp: --out is for ddp extract"));
      return verify (operands[1], json);
    }
  if (g_str_equal (sub, "extract"))
    {
      if (json)
        return lq_cli_usage_error (usage, _("ddp: --json is for ddp verify"));
      if (out == NULL)
        return lq_cli_usage_error (usage, _("ddp extract: give the folder with --out"));
      return extract (operands[1], out);
    }
  {
    g_autofree char *shown = lq_cli_escape (sub);
    g_autofree char *message = g_strdup_printf (_("ddp: unknown subcommand “%s”"), shown);
    return lq_cli_usage_error (usage, message);
  }
}
