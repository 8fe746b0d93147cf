/* lq-cd-preflight.c: the Red Book pre-flight (see the header) */
#include "config.h"

#include "lq-cd-preflight.h"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "lq-cd-text.h"

static void
problem_free (gpointer data)
{
  LqCdProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

static void add (LqCdPreflight *self, LqCdProblemSeverity severity, guint track,
                 const char *rule, const char *format, ...) G_GNUC_PRINTF (5, 6);

static void
add (LqCdPreflight       *self,
     LqCdProblemSeverity  severity,
     guint                track,
     const char          *rule,
     const char          *format,
     ...)
{
  LqCdProblem *problem = g_new0 (LqCdProblem, 1);
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  problem->severity = severity;
  problem->track = track;
  problem->rule = rule;
  if (track > 0)
    problem->message = g_strdup_printf (_("Track %u: %s (%s)"), track, text, rule);
  else
    problem->message = g_strdup_printf (_("Disc: %s (%s)"), text, rule);
  g_ptr_array_add (self->problems, problem);
  if (severity == LQ_CD_PROBLEM_ERROR)
    self->n_errors++;
  else
    self->n_warnings++;
}

gboolean
lq_cd_isrc_is_valid (const char *isrc)
{
  if (isrc == NULL || strlen (isrc) != 12)
    return FALSE;
  if (!g_ascii_isupper (isrc[0]) || !g_ascii_isupper (isrc[1]))
    return FALSE;
  for (int i = 2; i < 5; i++)
    if (!g_ascii_isdigit (isrc[i]) && !g_ascii_isupper (isrc[i]))
      return FALSE;
  for (int i = 5; i < 12; i++)
    if (!g_ascii_isdigit (isrc[i]))
      return FALSE;
  return TRUE;
}

gboolean
lq_cd_catalog_is_valid (const char *catalog)
{
  int sum = 0;

  if (catalog == NULL || strlen (catalog) != 13)
    return FALSE;
  for (int i = 0; i < 13; i++)
    if (!g_ascii_isdigit (catalog[i]))
      return FALSE;
  /* EAN-13: weights 1, 3, 1, 3, ... from the left over the first 12 digits */
  for (int i = 0; i < 12; i++)
    sum += (catalog[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return (10 - sum % 10) % 10 == catalog[12] - '0';
}

static char *
msf (guint64 frames)
{
  guint64 seconds = frames / LQ_CD_FRAMES_PER_SECOND;

  return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u.%02u", seconds / 60, (guint) (seconds % 60),
                          (guint) (frames % LQ_CD_FRAMES_PER_SECOND));
}

static void
check_positions (LqCdPreflight    *self,
                 const LqCdLayout *layout)
{
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];
      guint64 length = t->end > t->start ? t->end - t->start : 0;

      if (i == 0 && t->start < LQ_CD_FIRST_TRACK_FRAMES)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "first-track",
             _("INDEX 01 at %.2f s; the first track starts at 2 s or later"),
             (double) t->start / LQ_CD_FRAMES_PER_SECOND);
      if (i == 0 && t->pregap != 0)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "first-track",
             _("INDEX 00 at frame %llu; the first track’s pregap starts the disc"),
             (unsigned long long) t->pregap);
      if (t->pregap > t->start)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "positions",
             _("INDEX 00 (frame %llu) comes after INDEX 01 (frame %llu); a pregap is at least "
               "one frame before INDEX 01"), (unsigned long long) t->pregap, (unsigned long long) t->start);
      if (i > 0 && t->pregap != layout->tracks[i - 1].end)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "positions",
             _("starts at frame %llu, not where track %u ends (frame %llu)"),
             (unsigned long long) t->pregap, layout->tracks[i - 1].number,
             (unsigned long long) layout->tracks[i - 1].end);
      if (t->end * LQ_CD_FRAME_SAMPLES < t->start * LQ_CD_FRAME_SAMPLES + t->samples)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "positions",
             _("ends at frame %llu, before its audio does"), (unsigned long long) t->end);
      if (length < LQ_CD_MIN_TRACK_FRAMES)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "track-length",
             _("%.2f s long from INDEX 01 to its end; a CD track is at least 4 s"),
             (double) length / LQ_CD_FRAMES_PER_SECOND);
      for (guint k = 0; k < t->n_indexes; k++)
        if (t->indexes[k] <= (k == 0 ? t->start : t->indexes[k - 1]) || t->indexes[k] >= t->end)
          add (self, LQ_CD_PROBLEM_ERROR, t->number, "positions",
               _("INDEX %02u (frame %llu) is not after the index before it and inside the track"),
               k + 2, (unsigned long long) t->indexes[k]);
      if (t->pre_emphasis)
        add (self, LQ_CD_PROBLEM_ERROR, t->number, "pre-emphasis",
             _("flagged with pre-emphasis, which Lacquer never applies"));
    }
  if (layout->n_tracks > 0 && layout->leadout < layout->tracks[layout->n_tracks - 1].end)
    add (self, LQ_CD_PROBLEM_ERROR, 0, "positions",
         _("the lead-out (frame %llu) comes before the last track ends"),
         (unsigned long long) layout->leadout);
}

static void
check_codes (LqCdPreflight    *self,
             const LqCdLayout *layout)
{
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];

      if (t->isrc == NULL)
        continue;
      if (!lq_cd_isrc_is_valid (t->isrc))
        {
          add (self, LQ_CD_PROBLEM_ERROR, t->number, "isrc",
               _("the ISRC “%s” is not 12 characters CCXXXYYNNNNN (country, registrant, year, "
                 "designation code)"), t->isrc);
          continue;
        }
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (layout->tracks[j].isrc, t->isrc) == 0)
          {
            add (self, LQ_CD_PROBLEM_ERROR, t->number, "isrc",
                 _("the ISRC %s is also track %u’s; each recording has its own"),
                 t->isrc, layout->tracks[j].number);
            break;
          }
    }
  if (layout->catalog != NULL && !lq_cd_catalog_is_valid (layout->catalog))
    add (self, LQ_CD_PROBLEM_ERROR, 0, "upc",
         _("the UPC/EAN “%s” is not 13 digits with a valid check digit"), layout->catalog);
}

static void
check_text (LqCdPreflight    *self,
            const LqCdLayout *layout)
{
  static const LqCdTextPackType types[] = {
    LQ_CD_TEXT_TITLE, LQ_CD_TEXT_PERFORMER, LQ_CD_TEXT_SONGWRITER,
    LQ_CD_TEXT_COMPOSER, LQ_CD_TEXT_ARRANGER, LQ_CD_TEXT_MESSAGE,
  };
  gboolean convertible = TRUE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) packs = NULL;

  for (guint track = 0; track <= layout->n_tracks; track++)
    for (guint k = 0; k < G_N_ELEMENTS (types); k++)
      {
        const LqCdText *text = track == 0 ? &layout->text : &layout->tracks[track - 1].text;
        const char *field = lq_cd_text_get_field (text, types[k]);
        g_autofree char *what = NULL;
        g_autofree char *latin1 = NULL;
        g_autoptr(GError) local = NULL;

        if (field == NULL)
          continue;
        what = lq_cd_text_describe_field (track, types[k]);
        latin1 = lq_cd_text_to_latin1 (field, what, &local);
        if (latin1 == NULL)
          {
            convertible = FALSE;
            add (self, LQ_CD_PROBLEM_ERROR, track, "cd-text-charset", "%s", local->message);
          }
      }
  if (!convertible)
    return;

  packs = lq_cd_text_encode (layout, &self->n_text_packs, &error);
  if (packs == NULL && self->n_text_packs > 0)
    add (self, LQ_CD_PROBLEM_ERROR, 0, "cd-text-size",
         _("the CD-Text needs %u text packs; a block holds at most %d (shorten titles and names)"),
         self->n_text_packs - 3, LQ_CD_TEXT_MAX_TEXT_PACKS);
}

LqCdPreflight *
lq_cd_preflight_run (const LqCdLayout *layout)
{
  LqCdPreflight *self = g_new0 (LqCdPreflight, 1);
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_val_if_fail (layout != NULL, NULL);

  self->problems = g_ptr_array_new_with_free_func (problem_free);
  if (layout->n_tracks == 0)
    add (self, LQ_CD_PROBLEM_ERROR, 0, "tracks", _("the album has no tracks"));
  if (layout->n_tracks > LQ_CD_MAX_TRACKS)
    add (self, LQ_CD_PROBLEM_ERROR, 0, "tracks",
         _("%u tracks; a CD holds at most %d"), layout->n_tracks, LQ_CD_MAX_TRACKS);
  check_positions (self, layout);
  check_codes (self, layout);
  check_text (self, layout);
  if (layout->leadout > LQ_CD_MAX_FRAMES)
    {
      g_autofree char *length = msf (layout->leadout);
      add (self, LQ_CD_PROBLEM_ERROR, 0, "playing-time",
           _("%s of playing time; a CD holds at most 79:57.00"), length);
    }
  else if (layout->leadout > LQ_CD_WARN_FRAMES)
    {
      g_autofree char *length = msf (layout->leadout);
      add (self, LQ_CD_PROBLEM_WARNING, 0, "playing-time",
           _("%s of playing time; over 74:00.00, some players and blanks do not reach the end"), length);
    }

  /* Errors first, then warnings, each in the order found */
  sorted = g_ptr_array_new_with_free_func (problem_free);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->problems->len; i++)
      {
        LqCdProblem *p = g_ptr_array_index (self->problems, i);
        if ((pass == 0) == (p->severity == LQ_CD_PROBLEM_ERROR))
          g_ptr_array_add (sorted, p);
      }
  g_ptr_array_set_free_func (self->problems, NULL);
  g_ptr_array_unref (self->problems);
  self->problems = g_steal_pointer (&sorted);
  return self;
}

void
lq_cd_preflight_free (LqCdPreflight *preflight)
{
  if (preflight == NULL)
    return;
  g_ptr_array_unref (preflight->problems);
  g_free (preflight);
}

gboolean
lq_cd_preflight_passed (const LqCdPreflight *preflight)
{
  return preflight->n_errors == 0;
}

const char *
lq_cd_problem_severity_to_string (LqCdProblemSeverity severity)
{
  return severity == LQ_CD_PROBLEM_ERROR ? "error" : "warning";
}
