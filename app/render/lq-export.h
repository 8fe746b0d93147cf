/* lq-export.h: exports an album, one file per track, and checks the result.
 *
 * Every track is rendered (lq-render.h) to a file in DIR named from a
 * template (LQ_EXPORT_NAME_TEMPLATE_DEFAULT, "01 - Title.ext"), made safe as
 * a file name: no path separators, control characters or leading dots, at
 * most LQ_EXPORT_TITLE_MAX bytes a field and LQ_EXPORT_NAME_MAX in all; two
 * tracks named alike are refused before anything is written; the resolved path is
 * checked to lie directly in DIR, whatever the title contains. Existing
 * files are refused (before anything is written) unless options->render
 * .overwrite; a project's source never (lq-output-guard.h, checked again
 * right before each move into place). The export holds DIR's lock
 * (lq-output-folder.h) from the start until it is done: a second export
 * into DIR fails with LQ_ERROR_LOCKED. Rates outside LQ_RENDER_RATE_MIN..
 * LQ_RENDER_RATE_MAX, and AIFF files over 4 GiB, are refused
 * (LQ_ERROR_INVALID_VALUE) before anything is written.
 *
 * Each track is rendered to a unique temporary file in DIR, read back and
 * measured there (every rendered frame must read back, else the track
 * fails), and moved into place only when measuring succeeded: a track whose
 * file could not be verified leaves no file. Its integrated
 * loudness is compared with the level the album's match planned for it (or
 * the target's), its true peak with the ceiling (the target's, or the
 * match's lower one), its length with the trimmed source's, and its format
 * with the one the target requires (the CD's).
 *
 * Before anything is written, lq-export-checks.h refuses missing sources,
 * sources changed after their analysis (unless options->allow_changed),
 * an album matched for another loudness target, options the target does
 * not allow, and mono output of a stereo source.
 *
 * Channels: a mono source is written as dual mono in stereo output (the
 * default), or as mono with options->render.channels 1; its planned level
 * is that of what is written (lq-match-plan.h, "Mono sources").
 *
 * Tracks without a loudness (digital silence, or shorter than one 400 ms
 * gating block, as analysed) are not checked for loudness: the result says
 * why (loudness_note); their peak and length are.
 *
 * Blocking; call it on a worker thread in the GUI.
 */
#pragma once

#include <gio/gio.h>

#include "lq-delivery-target.h"
#include "lq-project.h"
#include "lq-render.h"

G_BEGIN_DECLS

#define LQ_EXPORT_TITLE_MAX 180
#define LQ_EXPORT_NAME_MAX 200
/* Fields in braces: {number} (with a width, {number:02}), {title},
 * {artist} (the track's, else the album's), {album}, {isrc}. */
#define LQ_EXPORT_NAME_TEMPLATE_DEFAULT "{number:02} - {title}"
/* The loudness check passes a matched track within this many LU of the
 * match's level: the render holds it within LQ_RENDER_LOUDNESS_TOLERANCE_LU
 * of it, so a wider miss is reported as one, with its figure. */
#define LQ_EXPORT_LOUDNESS_TOLERANCE_LU 0.2
/* A track without a match is rendered at its gains, the limiter's cost
 * uncorrected: it passes within this many LU of the target. */
#define LQ_EXPORT_UNMATCHED_TOLERANCE_LU 1.0

typedef struct
{
  LqRenderOptions render;
  /* What the files are checked against; its ceiling sets the limiter's.
   * has_target FALSE: only the limiter's ceiling (render.ceiling_dbtp) is
   * checked. */
  gboolean has_target;
  LqDeliveryTarget target;
  /* Export tracks whose source changed after its analysis (with the
   * settings made for the old audio) instead of refusing; their results
   * say so. Missing sources are refused all the same. */
  gboolean allow_changed;
  /* The files' names (see LQ_EXPORT_NAME_TEMPLATE_DEFAULT), NULL for the
   * default; read before lq_export_album() or _async() returns. */
  const char *name_template;
} LqExportOptions;

/* What a file name template is filled in with; NULL strings are empty. */
typedef struct
{
  guint number;
  const char *title;
  const char *artist;
  const char *album;
  const char *isrc;
} LqExportNameFields;

typedef struct
{
  guint position;
  char *title;
  char *path;                /* absolute */
  double integrated_lufs;    /* of the written file; NAN if not measured */
  double true_peak_dbtp;
  /* The level the track should have: its level in the album's stored match
   * (a track of a continuity-matched album sits off the target on purpose),
   * else the target's; NAN when the target has no loudness rule. */
  double expected_lufs;
  /* The render held the track at expected_lufs (a matched track): checked
   * within LQ_EXPORT_LOUDNESS_TOLERANCE_LU, else within
   * LQ_EXPORT_UNMATCHED_TOLERANCE_LU. */
  gboolean level_held;
  LqTrackAnalysis *analysis; /* of the written file, or NULL */
  gboolean loudness_ok;      /* TRUE when the target has no loudness rule */
  gboolean peak_ok;
  gboolean passed;
  GError *error;             /* rendering or measuring failed (then !passed) */

  /* The source changed after its analysis: exported with allow_changed. */
  gboolean changed;
  /* FALSE when the source has no loudness to check (loudness_ok is then
   * TRUE); loudness_note says why, translated. */
  gboolean loudness_checked;
  char *loudness_note;
  /* The written file's frames and the trimmed source's at the output rate;
   * -1 when unknown. */
  gint64 frames;
  gint64 expected_frames;
  gboolean length_ok;
  /* The written file's format against the target's (lq_export_check_format());
   * format_note says what is wrong, or NULL. */
  gboolean format_ok;
  char *format_note;
  /* The render passes used (0: not rendered); 1 when the gain solved
   * beforehand (lq-render-gain.h) was still valid and landed. */
  guint passes;
} LqExportResult;

void lq_export_result_free (LqExportResult *result);

/* Called with the track being rendered (0-based), the number of tracks and
 * the fraction of the whole export done (0..1). */
typedef void (*LqExportProgressFunc) (guint index, guint n_tracks, double fraction, gpointer user_data);

void lq_export_options_init (LqExportOptions *options);

/* The true-peak ceiling the files are limited to and checked against: the
 * target's (or options->render.ceiling_dbtp without one), or the lower one
 * the album's stored match asked for. */
double lq_export_get_ceiling (LqProject *project, const LqExportOptions *options);
/* The render options of the export the album's target makes (as
 * `lacquer-cli export` without options: channels, ceiling, limiter): the
 * ones lq_export_solve_gains() solves for and playback plays. */
void lq_export_get_default_render_options (LqProject *project,
                                           LqRenderOptions *options);
/* The level (LUFS) the album's default export holds each track at: the
 * stored match planned again (lq_render_spec's target_lufs), NAN for a
 * track it does not hold (no target or match, no measurable loudness).
 * One per track of @project, in order; g_free() it. */
double *lq_export_get_held_levels (LqProject *project);

/* The render specs lq_export_album() renders @project's tracks from with
 * @options: lq_render_spec_init(), the level the album's match holds each
 * track at (target_lufs) and, when still valid, the gain solved for it
 * (start_gain_db); @render gets the options they render with (the ceiling
 * in force). One per track, in order, @n_specs of them: clear each with
 * lq_render_spec_clear() and g_free() the array. Writes nothing; a track
 * rendered from its spec is bit for bit the file export writes. */
LqRenderSpec *lq_export_get_render_specs (LqProject *project,
                                          const LqExportOptions *options,
                                          LqRenderOptions *render,
                                          guint *n_specs);

/* Fails (LQ_ERROR_INVALID_VALUE, saying what is wrong) for an unknown field,
 * a format on another field than {number}, unmatched braces, or no field. */
gboolean lq_export_check_name_template (const char *name_template, GError **error);
/* @name_template (NULL: the default) filled in with @fields, made safe (see
 * above), with ".@extension"; NULL with @error for a bad template. */
char *lq_export_file_name (const char *name_template,
                           const LqExportNameFields *fields,
                           const char *extension,
                           GError **error);

/* Exports every track of @project to @directory (created if missing).
 * Returns the LqExportResult of each track (a track that failed carries its
 * error; the export goes on with the next one), or NULL with @error when
 * nothing could be exported (the folder, existing files, cancellation). */
GPtrArray *lq_export_album (LqProject *project,
                            const char *directory,
                            const LqExportOptions *options,
                            GCancellable *cancellable,
                            LqExportProgressFunc progress,
                            gpointer progress_data,
                            GError **error);

/* The same on a worker thread: the tracks' settings are read from @project
 * here, on the calling thread, before anything is rendered; @progress is
 * called on the calling thread's main context (the thread-default one).
 * Cancelling stops after the current block and removes the unfinished
 * file; the files finished before stay. */
void lq_export_album_async (LqProject *project,
                            const char *directory,
                            const LqExportOptions *options,
                            GCancellable *cancellable,
                            LqExportProgressFunc progress,
                            gpointer progress_data,
                            GAsyncReadyCallback callback,
                            gpointer user_data);
/* The results as lq_export_album() gives them (a GPtrArray of
 * LqExportResult), or NULL with an error. */
GPtrArray *lq_export_album_finish (LqProject *project,
                                   GAsyncResult *result,
                                   GError **error);

/* What a result with @changed says about it: "changed since analysis,
 * exported with --allow-changed". */
/* Solves the pre-limiter gain of every matched track for the export the
 * album's target would make (lq_render_solve_gain()) and stores it with the
 * project (lq_project_set_solved_gain()); tracks whose stored gain is still
 * valid are skipped. @progress gets (track index, tracks, fraction).
 * Blocking; call it on the project's thread (the CLI) or read the specs
 * there. */
gboolean lq_export_solve_gains (LqProject *project,
                                GCancellable *cancellable,
                                LqExportProgressFunc progress,
                                gpointer progress_data,
                                GError **error);

const char *lq_export_changed_note (void);

/* The album's integrated loudness, the written files gated as one
 * programme; NAN when none was measured. */
double lq_export_album_lufs (GPtrArray *results);

G_END_DECLS
