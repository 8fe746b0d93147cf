/* lq-release-report.c: the report's content, from the project, the disc's
 * layout, the pre-flight and the previews; lq-release-report-html.c and
 * -pdf.c write it. */
#include "config.h"

#include "lq-release-report.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "lq-codec-preview.h"
#include "lq-dynamics-plot.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-platform-plot.h"
#include "lq-project-fields.h"
#include "lq-release-report-private.h"
#include "lq-timeline-plot.h"
#include "lq-tonal-plot.h"
#include "lq-track-view-plot.h"

#define PLOT_HEIGHT 200.0
#define TRACK_PLOT_HEIGHT 160.0

void
_lq_report_style_init (LqPlotStyle *style)
{
  lq_plot_style_init_light (style);
  g_strlcpy (style->font, "Sans 8", sizeof style->font);
}

static void
block_free (gpointer data)
{
  LqReportBlock *block = data;

  g_free (block->text);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_free (block);
}

static void
report_free (LqReport *report)
{
  g_free (report->title);
  g_ptr_array_unref (report->blocks);
  g_ptr_array_unref (report->owned);
  g_free (report);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqReport, report_free)

static LqReportBlock *
add_block (LqReport *report,
           LqReportBlockType type,
           const char *text)
{
  LqReportBlock *block = g_new0 (LqReportBlock, 1);

  block->type = type;
  block->text = g_strdup (text);
  g_ptr_array_add (report->blocks, block);
  return block;
}

static void
add_heading (LqReport *report,
             const char *text)
{
  add_block (report, LQ_REPORT_HEADING, text)->level = 1;
}

static void
add_paragraph (LqReport *report,
               const char *text)
{
  add_block (report, LQ_REPORT_PARAGRAPH, text);
}

/* A table: add rows with add_row(), the first the header. */
static GPtrArray *
add_table (LqReport *report)
{
  LqReportBlock *block = add_block (report, LQ_REPORT_TABLE, NULL);

  block->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return block->rows;
}

/* Takes the strings (NULL-terminated). */
static void add_row (GPtrArray *rows,
                     ...) G_GNUC_NULL_TERMINATED;

static void
add_row (GPtrArray *rows,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list ap;
  char *cell;

  va_start (ap, rows);
  while ((cell = va_arg (ap, char *)) != NULL)
    {
      g_strv_builder_add (builder, cell);
      g_free (cell);
    }
  va_end (ap);
  g_ptr_array_add (rows, g_strv_builder_end (builder));
}

static void
add_plot (LqReport *report,
          const char *caption,
          double height,
          LqReportDrawFunc draw,
          gconstpointer data)
{
  LqReportBlock *block = add_block (report, LQ_REPORT_PLOT, caption);

  block->width = LQ_REPORT_CONTENT_WIDTH;
  block->height = height;
  block->draw = draw;
  block->data = data;
}

/* @value with @digits decimals, in the C locale; "–" when unknown. */
static char *
number (double value,
        guint digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  if (!isfinite (value))
    return g_strdup ("–");
  /* What rounds to zero is "0.0", never "-0.0" */
  if (fabs (value) < 0.5 * pow (10.0, -(double) digits))
    value = 0.0;
  g_snprintf (format, sizeof format, "%%.%uf", digits);
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
}

static char *
msf (guint64 frames)
{
  return lq_cd_frames_to_msf (frames);
}

/* The PQ sheet ------------------------------------------------------------ */

static void
add_pq_sheet (LqReport *report,
              const LqCdLayout *layout)
{
  GPtrArray *rows;
  g_autofree char *length = msf (layout->leadout);
  g_autofree char *summary = NULL;

  add_heading (report, _("PQ sheet"));
  summary = g_strdup_printf (_("%u tracks, %s (MM:SS:FF, 75 frames a second); catalog %s"),
                             layout->n_tracks, length, layout->catalog != NULL ? layout->catalog : "–");
  add_paragraph (report, summary);
  rows = add_table (report);
  add_row (rows, g_strdup (_("Track")), g_strdup (_("Title")), g_strdup ("ISRC"), g_strdup (_("Start")),
           g_strdup (_("Length")), g_strdup (_("Pregap")), NULL);
  for (guint i = 0; i < layout->n_tracks; i++)
    {
      const LqCdTrack *t = &layout->tracks[i];

      add_row (rows, g_strdup_printf ("%02u", t->number), g_strdup (t->text.title != NULL ? t->text.title : ""),
               g_strdup (t->isrc != NULL ? t->isrc : "–"), msf (t->start), msf (t->end - t->start),
               msf (t->start - t->pregap), NULL);
    }
  add_row (rows, g_strdup ("AA"), g_strdup (_("Lead-out")), g_strdup (""), msf (layout->leadout),
           g_strdup (""), g_strdup (""), NULL);
  for (guint i = 0; i < layout->notes->len; i++)
    add_paragraph (report, g_ptr_array_index (layout->notes, i));
}

static void
add_preflight (LqReport *report,
               const LqCdPreflight *preflight)
{
  GPtrArray *rows;
  g_autofree char *packs = NULL;

  add_heading (report, _("Red Book pre-flight"));
  add_paragraph (report, lq_cd_preflight_passed (preflight) ? _("Passed: the disc can be written.")
                                                          : _("Failed: the disc cannot be written."));
  packs = g_strdup_printf (_("CD-Text: %u packs"), preflight->n_text_packs);
  add_paragraph (report, packs);
  if (preflight->problems->len == 0)
    return;
  rows = add_table (report);
  add_row (rows, g_strdup (_("Severity")), g_strdup (_("Rule")), g_strdup (_("Problem")), NULL);
  for (guint i = 0; i < preflight->problems->len; i++)
    {
      const LqCdProblem *p = g_ptr_array_index (preflight->problems, i);

      add_row (rows, g_strdup (p->severity == LQ_CD_PROBLEM_ERROR ? _("error") : _("warning")),
               g_strdup (p->rule), g_strdup (p->message), NULL);
    }
}

/* Loudness ------------------------------------------------------------------ */

static const char *
track_title (LqTrack *track)
{
  const GValue *v = lq_track_get_value (track, lq_project_fields_lookup (FALSE, "title"));

  if (v != NULL && G_VALUE_HOLDS_STRING (v) && g_value_get_string (v) != NULL
      && *g_value_get_string (v) != '\0')
    return g_value_get_string (v);
  return lq_track_get_display_name (track);
}

static gboolean
add_loudness (LqReport *report,
              const LqReleaseReportInput *input,
              GError **error)
{
  LqProject *project = input->project;
  guint n = lq_project_get_n_tracks (project);
  gboolean masters = input->masters != NULL && input->masters->len == n;
  g_autofree double *held = masters ? NULL : lq_export_get_held_levels (project);
  GPtrArray *rows;

  add_heading (report, _("Loudness"));
  if (masters)
    {
      g_autofree char *text =
        g_strdup_printf (_("Each track’s master as delivered (%s), measured (ITU-R BS.1770-4 / EBU R 128): "
                           "integrated loudness (LUFS), loudness range (LU), true peak (dBTP), peak to "
                           "loudness ratio (dB), the loudest momentary and short-term loudness (LUFS). Mix: "
                           "the source’s integrated loudness."),
                         input->masters_label != NULL ? input->masters_label : _("the files"));
      add_paragraph (report, text);
    }
  else
    add_paragraph (report, _("This release delivered no files to measure: each track’s mix as analysed "
                             "(ITU-R BS.1770-4 / EBU R 128): integrated loudness (LUFS), loudness range (LU), "
                             "true peak (dBTP), peak to loudness ratio (dB), the loudest momentary and "
                             "short-term loudness (LUFS). Master: the level the export holds the track at "
                             "(the album’s match), “–” where it holds none."));
  rows = add_table (report);
  add_row (rows, g_strdup (_("Track")), g_strdup (_("Title")),
           g_strdup (masters ? _("Mix") : _("Master")), g_strdup (_("Integrated")), g_strdup ("LRA"),
           g_strdup (_("True peak")), g_strdup ("PLR"), g_strdup (_("Max momentary")),
           g_strdup (_("Max short-term")), NULL);
  for (guint i = 1; i <= n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i);
      LqTrackAnalysis *analysis = lq_track_get_analysis (track);
      LqTrackAnalysis *shown = analysis;
      const LqTrackMeasures *m;
      double other;

      if (analysis == NULL)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_NOT_ANALYSED, _("“%s”: track %u has no analysis"),
                       input->project_path != NULL ? input->project_path : lq_project_get_path (project), i);
          return FALSE;
        }
      if (masters)
        {
          other = lq_track_analysis_get_measures (analysis)->integrated_lufs;
          shown = g_ptr_array_index (input->masters, i - 1);
        }
      else
        other = held[i - 1];
      if (shown == NULL)
        {
          add_row (rows, g_strdup_printf ("%02u", i), g_strdup (track_title (track)), number (other, 1),
                   g_strdup ("–"), g_strdup ("–"), g_strdup ("–"), g_strdup ("–"), g_strdup ("–"),
                   g_strdup ("–"), NULL);
          continue;
        }
      m = lq_track_analysis_get_measures (shown);
      add_row (rows, g_strdup_printf ("%02u", i), g_strdup (track_title (track)), number (other, 1),
               number (m->integrated_lufs, 1), number (m->lra_lu, 1), number (m->true_peak_dbtp, 1),
               number (m->plr_db, 1), number (m->max_momentary_lufs, 1),
               number (m->max_short_term_lufs, 1), NULL);
    }
  return TRUE;
}

/* Plots ------------------------------------------------------------------- */

static void
draw_timeline (cairo_t *cr,
               const LqPlotStyle *style,
               double width,
               double height,
               gconstpointer data)
{
  const LqTimelineModel *model = data;
  LqTimelinePlotView view = { 0, MAX (lq_timeline_model_get_length (model), 1.0), 0 };

  lq_timeline_plot_draw (cr, model, style, width, height, &view);
}

static void
draw_dynamics (cairo_t *cr,
               const LqPlotStyle *style,
               double width,
               double height,
               gconstpointer data)
{
  LqDynamicsPlotView view;

  lq_dynamics_plot_view_init (&view);
  lq_dynamics_plot_draw (cr, data, style, width, height, &view);
}

static void
draw_track (cairo_t *cr,
            const LqPlotStyle *style,
            double width,
            double height,
            gconstpointer data)
{
  const LqTrackViewModel *model = data;
  LqTrackViewPlotView view = { 0, MAX (model->length_s, 0.1), NAN, NULL };

  lq_track_view_plot_draw (cr, model, style, width, height, &view);
}

static void
draw_tonal (cairo_t *cr,
            const LqPlotStyle *style,
            double width,
            double height,
            gconstpointer data)
{
  LqTonalPlotView view;

  lq_tonal_plot_view_init (&view);
  view.track = LQ_TONAL_PLOT_ALL_TRACKS;
  lq_tonal_plot_draw (cr, data, style, width, height, &view);
}

static void
draw_platform (cairo_t *cr,
               const LqPlotStyle *style,
               double width,
               double height,
               gconstpointer data)
{
  lq_platform_plot_draw (cr, data, style, width, height);
}

static void
add_plots (LqReport *report,
           LqProject *project)
{
  guint n = lq_project_get_n_tracks (project);
  LqTimelineModel *timeline = lq_timeline_model_new (project);
  LqDynamicsModel *dynamics = lq_dynamics_model_new_from_project (project);
  LqTonalModel *tonal;
  g_autoptr(GError) tonal_error = NULL;

  add_heading (report, _("The album’s loudness"));
  if (timeline != NULL)
    {
      g_ptr_array_add (report->owned, timeline);
      g_ptr_array_add (report->owned, lq_timeline_model_free);
      add_plot (report, _("The album’s short-term loudness, track by track, with the gaps"), PLOT_HEIGHT,
                draw_timeline, timeline);
    }
  if (dynamics != NULL)
    {
      g_ptr_array_add (report->owned, dynamics);
      g_ptr_array_add (report->owned, lq_dynamics_model_free);
      add_plot (report, _("Each track’s loudness and dynamics"), PLOT_HEIGHT, draw_dynamics, dynamics);
    }

  add_heading (report, _("Each track’s short-term loudness"));
  for (guint i = 1; i <= n; i++)
    {
      LqTrackViewModel *model = lq_track_view_model_new_from_project (project, i);
      g_autofree char *caption = NULL;

      if (model == NULL)
        continue;
      g_ptr_array_add (report->owned, model);
      g_ptr_array_add (report->owned, lq_track_view_model_free);
      caption = g_strdup_printf (_("Track %u: %s"), i, track_title (lq_project_get_track (project, i)));
      add_plot (report, caption, TRACK_PLOT_HEIGHT, draw_track, model);
    }

  add_heading (report, _("Tonal balance"));
  tonal = lq_tonal_model_new (project, LQ_TONAL_COMPARE_CENTROID, 0, &tonal_error);
  if (tonal != NULL)
    {
      g_ptr_array_add (report->owned, tonal);
      g_ptr_array_add (report->owned, lq_tonal_model_free);
      add_plot (report, _("Each track’s tonal balance (mid) against the album’s mean"), PLOT_HEIGHT,
                draw_tonal, tonal);
    }
  else
    add_paragraph (report, tonal_error->message);
}

/* Previews ------------------------------------------------------------------ */

static void
add_platforms (LqReport *report,
               LqProject *project)
{
  g_autoptr(GError) error = NULL;
  LqPlatformPreview *preview = lq_platform_preview_new (project, NULL, &error);
  const LqPlatformPlayback *spotify;

  add_heading (report, _("Platform preview"));
  if (preview == NULL)
    {
      add_paragraph (report, error->message);
      return;
    }
  g_ptr_array_add (report->owned, preview);
  g_ptr_array_add (report->owned, lq_platform_preview_free);
  add_paragraph (report, _("What listeners hear on each platform after its loudness normalisation: the "
                           "master’s loudness (LUFS), the player’s gain (dB), the level heard (LUFS), what "
                           "a player limiter takes off (dB) and the jump from the previous track (LU)."));
  spotify = lq_platform_preview_find (preview, "spotify-normal", LQ_PLATFORM_CONTEXT_ALBUM);
  if (spotify != NULL)
    add_plot (report, _("Spotify (normal), the album played in order"), PLOT_HEIGHT, draw_platform, spotify);
  for (guint p = 0; p < lq_platform_preview_get_n_playbacks (preview); p++)
    {
      const LqPlatformPlayback *pb = lq_platform_preview_get_playback (preview, p);
      g_autofree char *title = g_strdup_printf ("%s, %s", pb->platform->name,
                                                pb->context == LQ_PLATFORM_CONTEXT_ALBUM ? _("album")
                                                                                         : _("shuffle"));
      GPtrArray *rows;

      add_block (report, LQ_REPORT_HEADING, title)->level = 2;
      rows = add_table (report);
      add_row (rows, g_strdup (_("Track")), g_strdup (_("Title")), g_strdup (_("Master")), g_strdup (_("Gain")),
               g_strdup (_("Heard")), g_strdup (_("Limited")), g_strdup (_("Jump")), NULL);
      for (guint i = 0; i < pb->n_tracks; i++)
        {
          const LqPlatformTrack *t = &pb->tracks[i];

          add_row (rows, g_strdup_printf ("%02u", t->number), g_strdup (t->title != NULL ? t->title : ""),
                   number (t->master_lufs, 1), number (t->playback_gain_db, 1), number (t->listener_lufs, 1),
                   number (t->limited_db, 1), number (t->jump_lu, 1), NULL);
        }
    }
}

static void
add_codecs (LqReport *report,
            GPtrArray *tracks,
            gboolean of_files)
{
  GPtrArray *rows;

  add_heading (report, _("Codec preview"));
  if (tracks == NULL)
    {
      add_paragraph (report, _("Not run (lacquer-cli release --codecs runs it)."));
      return;
    }
  add_paragraph (report, _("Each track encoded and decoded again: the decoded true peak (dBTP), its "
                           "samples over 0 dBTP, the change of loudness (LU) and the bit rate (kbit/s)."));
  add_paragraph (report, of_files ? _("Measured on the delivered files, as a distributor encodes them.")
                                  : _("Measured on the masters rendered as export renders them."));
  rows = add_table (report);
  add_row (rows, g_strdup (_("Track")), g_strdup (_("Codec")), g_strdup (_("True peak")),
           g_strdup (_("Overs")), g_strdup (_("Loudness change")), g_strdup (_("Bit rate")), NULL);
  for (guint i = 0; i < tracks->len; i++)
    {
      const LqCodecPreviewTrack *t = g_ptr_array_index (tracks, i);

      for (guint k = 0; k < t->results->len; k++)
        {
          const LqCodecResult *r = &g_array_index (t->results, LqCodecResult, k);

          add_row (rows, g_strdup_printf ("%02u", t->position), g_strdup (lq_codec_get_label (r->codec)),
                   number (r->true_peak_dbtp, 1), g_strdup_printf ("%u", r->overs_0dbtp),
                   number (r->loudness_change_lu, 1), number (r->bitrate_kbps, 0), NULL);
        }
    }
}

static void
owned_free (GPtrArray *owned)
{
  for (guint i = 0; i + 1 < owned->len; i += 2)
    ((GDestroyNotify) g_ptr_array_index (owned, i + 1)) (g_ptr_array_index (owned, i));
  g_ptr_array_set_size (owned, 0);
}

gboolean
lq_release_report_write (const LqReleaseReportInput *input,
                         const char *html_path,
                         const char *pdf_path,
                         GError **error)
{
  g_autoptr(LqReport) report = g_new0 (LqReport, 1);
  const GValue *title = lq_project_get_album_value (input->project, lq_project_fields_lookup (TRUE, "title"));
  const char *album = title != NULL && G_VALUE_HOLDS_STRING (title) ? g_value_get_string (title) : NULL;
  gboolean ok;

  g_return_val_if_fail (input != NULL && LQ_IS_PROJECT (input->project), FALSE);
  g_return_val_if_fail (input->layout != NULL && input->preflight != NULL, FALSE);

  report->title = g_strdup_printf (_("Release report: %s"), album != NULL && *album != '\0' ? album : _("Untitled"));
  report->blocks = g_ptr_array_new_with_free_func (block_free);
  report->owned = g_ptr_array_new ();
  {
    g_autofree char *version = g_strdup_printf (_("Lacquer %s"), PACKAGE_VERSION);

    add_paragraph (report, version);
  }
  add_pq_sheet (report, input->layout);
  add_preflight (report, input->preflight);
  ok = add_loudness (report, input, error);
  if (ok)
    {
      add_plots (report, input->project);
      add_platforms (report, input->project);
      add_codecs (report, input->codec_preview, input->codec_preview_of_files);
      ok = (html_path == NULL || _lq_report_write_html (report, html_path, error))
           && (pdf_path == NULL || _lq_report_write_pdf (report, pdf_path, error));
    }
  owned_free (report->owned);
  return ok;
}
