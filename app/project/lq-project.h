/* lq-project.h: an album project, one NAME.lacquer file.
 *
 * The album's fields are properties named by their keys (lq-project-fields.h);
 * the tracks are a GListModel of LqTrack in album order, which the GUI binds
 * to. Every edit is one transaction, durable on disk when the call returns,
 * and one undo step; undo and redo survive closing and reopening. Source
 * audio is referenced, never copied, never written.
 *
 * Use a project from one thread, the one that created it (the GTK main
 * thread in the GUI): its signals are emitted there. Edits are short
 * transactions. What reads audio (adding and relinking files, analysing) has
 * _async variants that read on worker threads and commit on the project's
 * thread; the blocking forms are for the CLI and tests.
 */
#pragma once

#include <gio/gio.h>

#include "lq-abx-session.h"
#include "lq-album-analysis.h"
#include "lq-analyzer.h"
#include "lq-match-plan.h"
#include "lq-project-cover.h"
#include "lq-project-fields.h"
#include "lq-track.h"

G_BEGIN_DECLS

#define LQ_TYPE_PROJECT (lq_project_get_type ())

G_DECLARE_FINAL_TYPE (LqProject, lq_project, LQ, PROJECT, GObject)

/* Creates @path (which must not exist) as an empty project. */
LqProject *lq_project_create (const char *path,
                              GError **error);
/* Opens a project; with @read_only nothing can be edited and no lock is
 * taken. A project open for writing elsewhere gives LQ_ERROR_LOCKED. A
 * project in a read-only folder opens only read-only (for writing:
 * LQ_ERROR_READ_ONLY, "The project’s folder is read-only"); a symbolic link
 * opens the project it leads to. */
LqProject *lq_project_open (const char *path,
                            gboolean read_only,
                            GError **error);

const char *lq_project_get_path (LqProject *self);
/* Writes a consistent copy of the project, with its undo history, to @path
 * (replacing a file there); the project itself stays open as it was. */
gboolean lq_project_save_copy (LqProject *self,
                               const char *path,
                               GError **error);
/* For a worker that reads the project while the user goes on editing: a
 * consistent copy (lq_project_save_copy()) in a new hidden file beside the
 * project, so that its relative sources resolve the same, named after
 * @purpose (".NAME.lacquer.PURPOSE-XXXXXX"); its path, or NULL with
 * @error. lq_project_remove_worker_copy() removes it and SQLite's files. */
char *lq_project_save_worker_copy (LqProject *self,
                                   const char *purpose,
                                   GError **error);
void lq_project_remove_worker_copy (const char *path);
gboolean lq_project_get_read_only (LqProject *self);
/* Read-only because the project's folder is (see lq_project_open()). */
gboolean lq_project_get_folder_read_only (LqProject *self);
/* LqTrack items, in album order, then the files lq_project_add_files_async()
 * is reading (state LQ_TRACK_STATE_HASHING, no position, not counted by
 * lq_project_get_n_tracks()). */
GListModel *lq_project_get_tracks (LqProject *self);
/* The album's tracks (positions 1..n), without files still being added. */
guint lq_project_get_n_tracks (LqProject *self);
/* Whether any track has an analysis. */
gboolean lq_project_has_analysis (LqProject *self);
/* 1-based, as the CLI numbers tracks. */
LqTrack *lq_project_get_track (LqProject *self, guint position);
const GValue *lq_project_get_album_value (LqProject *self, const LqField *field);
/* The album's front cover (lq-project-cover.h), a copy; NULL when it has
 * none. Set with lq_project_set_album (self, { "cover=PATH" }). The
 * project's "cover-id" property (gint64, 0 without a cover) changes, and
 * is notified, whenever the cover does (set, removed, undo, redo). */
LqCover *lq_project_get_cover (LqProject *self);

/* Edits. Each writes everything or nothing: a bad value or a failed write
 * leaves the project as it was, with an error saying why. */
gboolean lq_project_set_album (LqProject *self,
                               const char *const *assignments,   /* "key=value" */
                               GError **error);
gboolean lq_project_set_track (LqProject *self,
                               guint position,
                               const char *const *assignments,
                               GError **error);
/* Adds audio files before @position (0: at the end). */
gboolean lq_project_add_files (LqProject *self,
                               const char *const *paths,
                               guint position,
                               GCancellable *cancellable,
                               GError **error);
/* The files are in lq_project_get_tracks() at once, "hashing", while they
 * are read on a worker; then those that are usable audio are added as one
 * edit. A file that is not fails the result (the error names each such
 * file and why) without holding back the others. */
void lq_project_add_files_async (LqProject *self,
                                 const char *const *paths,
                                 guint position,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
gboolean lq_project_add_files_finish (LqProject *self,
                                      GAsyncResult *result,
                                      GError **error);
gboolean lq_project_move_track (LqProject *self,
                                guint from,
                                guint to,
                                GError **error);
gboolean lq_project_remove_track (LqProject *self,
                                  guint position,
                                  GError **error);
gboolean lq_project_relink (LqProject *self,
                            guint position,
                            const char *path,
                            GError **error);
void lq_project_relink_async (LqProject *self,
                              guint position,
                              const char *path,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean lq_project_relink_finish (LqProject *self,
                                   GAsyncResult *result,
                                   GError **error);
/* Relinks every missing or changed track to a file below @directory with the
 * content it had (same size and fingerprint). Returns how many, or -1. */
int lq_project_relink_search (LqProject *self,
                              const char *directory,
                              GCancellable *cancellable,
                              GError **error);
/* The same, looking and hashing on a worker thread. */
void lq_project_relink_search_async (LqProject *self,
                                     const char *directory,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
int lq_project_relink_search_finish (LqProject *self,
                                     GAsyncResult *result,
                                     GError **error);

/* Looks at every source file again (missing? changed?): opening a project
 * does, edits only look at the tracks whose source they changed. The GUI
 * calls this when its window regains focus. */
gboolean lq_project_check_sources (LqProject *self, GError **error);
/* Reloads the project when another connection (the window, another
 * command) committed to its file since this one last read it (SQLite's
 * PRAGMA data_version); *@changed (may be NULL) says whether it did. Cheap
 * enough to poll: a read-only player follows edits with it. */
gboolean lq_project_reload_if_changed (LqProject *self,
                                       gboolean *changed,
                                       GError **error);

gboolean lq_project_undo (LqProject *self, GError **error);
gboolean lq_project_redo (LqProject *self, GError **error);
/* Forgets the undo and redo history: for a project a program built (the
 * demo album), whose setting-up is not the user's to undo. */
gboolean lq_project_forget_history (LqProject *self,
                                    GError **error);
gboolean lq_project_can_undo (LqProject *self);
gboolean lq_project_can_redo (LqProject *self);
/* What undo/redo would revert ("Move Track 3"), or NULL. */
const char *lq_project_get_undo_label (LqProject *self);
const char *lq_project_get_redo_label (LqProject *self);

/* Measures every track whose source has no cached analysis and stores the
 * results, each track's as soon as it is done (an analysis interrupted
 * part-way keeps the tracks it finished); tracks whose files are missing or
 * changed are skipped. Each file is hashed in the pass that measures it and
 * its analysis is stored under that hash: a file replaced meanwhile makes
 * its track "changed", not the owner of another file's analysis. A
 * read-only project is measured into memory only. */
gboolean lq_project_analyze (LqProject *self,
                             guint n_workers,
                             GCancellable *cancellable,
                             LqProgressFunc progress,
                             gpointer progress_data,
                             GError **error);
typedef enum
{
  LQ_ANALYZE_DEFAULT = 0,
  /* Changed tracks are measured too and take their new file: one undoable
   * edit per track ("Accept Changed Source of Track N") updates its stored
   * fingerprint, identity and length; undo makes it "changed" again. */
  LQ_ANALYZE_ACCEPT_CHANGED = 1 << 0,
} LqAnalyzeFlags;

gboolean lq_project_analyze_full (LqProject *self,
                                  LqAnalyzeFlags flags,
                                  guint n_workers,
                                  GCancellable *cancellable,
                                  LqProgressFunc progress,
                                  gpointer progress_data,
                                  GError **error);
/* The same, analysing on worker threads and storing the results on the
 * project's thread; "analysis-progress" (0..1) follows it. */
void lq_project_analyze_async (LqProject *self,
                               guint n_workers,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data);
gboolean lq_project_analyze_finish (LqProject *self,
                                    GAsyncResult *result,
                                    GError **error);

/* The pre-limiter gain solved for @track (lq-render-gain.h computes it and
 * its @key: what it was solved for, opaque here). Stored without an undo
 * step, as a cache; a read-only project keeps it in memory. Callable from
 * any thread: off the project's thread the file is written later on it. */
void lq_project_set_solved_gain (LqProject *self,
                                 LqTrack *track,
                                 const char *key,
                                 double gain_db);
/* The gain stored for @track when it was solved for @key; FALSE when none
 * was or it was for another key. Callable from any thread. */
gboolean lq_project_get_solved_gain (LqProject *self,
                                     LqTrack *track,
                                     const char *key,
                                     double *gain_db);

/* The cached waveform overview of @track (see lq-waveform.h) with at most
 * @max_peaks peaks if such a level exists (else the coarsest), or NULL. */
GBytes *lq_project_get_waveform (LqProject *self,
                                 LqTrack *track,
                                 guint max_peaks,
                                 guint *frames_per_peak);
/* The cached overview level of @track that suits a view drawing
 * @frames_per_pixel frames of the file per pixel: the coarsest level with
 * at most that many frames per peak (so each pixel has a peak of its own),
 * else the finest (zoomed in further than that, read the file on a worker:
 * lq-waveform-span.h). Gives @peaks (min and max per channel per peak,
 * int8, lq-waveform.h), @rms (one uint8 per channel per peak on the scale
 * lq-waveform.h states; as many peaks) and @frames_per_peak; each may be
 * NULL. FALSE (NULLs) when the track has no cached overview with RMS. Reads
 * the project file: call it when the zoom or the track changes, not for
 * every frame drawn. */
gboolean lq_project_get_waveform_level (LqProject *self,
                                        LqTrack *track,
                                        double frames_per_pixel,
                                        GBytes **peaks,
                                        GBytes **rms,
                                        guint *frames_per_peak);

/* The album gated as one programme from the cached analyses of its tracks. */
LqAlbumAnalysis *lq_project_get_album_analysis (LqProject *self);

/* What to match the album to, and how (lacquer-cli match's options, the
 * Match dialog's fields). */
typedef struct
{
  const char *target;        /* a preset name or a loudness; NULL: the album's target */
  LqMatchMode mode;
  double keep;               /* 0 to 1, continuity mode */
  double tonal;              /* tonal match strength, 0 (off) to 1 */
  double tonal_cap_db;       /* 0 to LQ_TONAL_MAX_CAP_DB */
  double ceiling_dbtp;       /* -20 to 0, or NAN for the target's */
  guint anchor;              /* 1-based track the others are matched to; 0: the album's mean */
  LqTrackAnalysis *reference;/* an external file's analysis to match to, or NULL */
} LqMatchSettings;

/* Defaults: no target, continuity, keep 0.5, tonal LQ_TONAL_DEFAULT_STRENGTH (0), cap 6 dB, the
 * target's ceiling, no anchor or reference. */
void lq_match_settings_init (LqMatchSettings *settings);

/* Plans the match from the cached analyses (no audio is read; quick enough
 * for the main thread): the loudness plan with, when settings->tonal > 0,
 * its tonal plan (lq_match_plan_get_tonal()), from the tracks' "gain"
 * fields as they are. Fails with LQ_ERROR_NOT_ANALYSED naming the tracks
 * that have no analysis, or LQ_ERROR_INVALID_VALUE for a bad setting. */
LqMatchPlan *lq_project_plan_match (LqProject *self,
                                    const LqMatchSettings *settings,
                                    GError **error);

/* The album's stored match: the settings of the last plan stored with
 * lq_project_store_match() (the target is the album's "target" field). */
typedef struct
{
  gboolean matched;       /* FALSE: never matched (or undone): the rest is unset */
  LqMatchMode mode;
  double keep;
  double tonal;           /* 0 to 1 */
  double tonal_cap_db;
  double ceiling_dbtp;    /* the ceiling override; NAN: the target's */
  guint anchor;           /* 1-based track, 0 for none */
  char *reference;        /* the reference file's path, or NULL */
} LqProjectMatch;

void lq_project_match_clear (LqProjectMatch *match);

/* Stores @plan as one undoable edit, "Match Album to TARGET": the album's
 * target (@target_name, normalised; NULL for the plan's), the plan's
 * settings and each track's planned gain and match-EQ correction (flat
 * without a tonal plan). @plan must have one track per track of the album,
 * in album order. @reference_path: the file the tonal plan's reference was
 * analysed from, or NULL. */
gboolean lq_project_store_match (LqProject *self,
                                 LqMatchPlan *plan,
                                 const char *target_name,
                                 const char *reference_path,
                                 GError **error);
/* Fills @out from the file (clear it with lq_project_match_clear());
 * returns @out->matched. */
gboolean lq_project_get_match (LqProject *self,
                               LqProjectMatch *out);
/* The stored match gain of @track in dB (0 when never matched), applied on
 * top of its "gain" field. */
double lq_project_get_track_match_gain (LqProject *self,
                                        LqTrack *track);
/* The stored match-EQ correction of @track: band centres and mid/side dB
 * (before strength and cap, which are the album's match settings), as
 * newly allocated arrays; FALSE when it has none (flat). */
gboolean lq_project_get_track_match_eq (LqProject *self,
                                        LqTrack *track,
                                        guint *n_bands,
                                        double **centres,
                                        double **mid_db,
                                        double **side_db);

/* The delivery target that applies to the album: its "target" field. A
 * stored match keeps its target there (lq_project_store_match() sets it), so
 * this is also the stored match's target. FALSE, with @target untouched,
 * when the album has none (or one no longer known): there is no default
 * target; what would be matched to is then for the user to choose. */
gboolean lq_project_get_effective_target (LqProject *self,
                                          LqDeliveryTarget *target);

typedef enum
{
  LQ_PROJECT_MATCH_NONE,      /* never matched, or the match was undone */
  LQ_PROJECT_MATCH_CURRENT,   /* the stored gains are what matching again would give */
  LQ_PROJECT_MATCH_STALE,     /* they are not: see lq_project_get_match_state() */
} LqProjectMatchState;

/* Whether the stored match still holds for the album as it is now.
 *
 * The match is planned again from the stored settings (its target is the
 * album's, its tracks and their "gain" fields as they are now, from their
 * stored analyses) and compared with the match gains stored: it is STALE
 * when any track's gain would differ by more than 0.05 dB (rounding) or
 * when it cannot be planned any more (a track without analysis, no target).
 * So adding, removing or relinking a track, changing a gain or the target,
 * or an analysis that changed all make it STALE; an undo that brings the
 * inputs back makes it CURRENT again, and undoing the match itself NONE.
 * Renaming or reordering tracks changes nothing the plan depends on in
 * album mode, and leaves it CURRENT.
 *
 * A match to a reference file cannot be planned again without that file: it
 * is STALE when its inputs (the tracks, their sources and analyses, their
 * gains, the target and the stored settings) differ from what they were
 * when it was stored in this session, or, after opening, when first asked.
 *
 * The answer is computed once after each change of the project (an edit,
 * undo, redo, analysis, a look at the sources) and kept until the next:
 * asking again, as on every redraw, costs nothing. */
LqProjectMatchState lq_project_get_match_state (LqProject *self);
/* The album as it is now, planned (a new reference), for showing: with a
 * stored match, planned again from its settings (the plan
 * lq_project_get_match_state() compares with; a match to a reference file
 * without its tonal part, as the reference's audio is not stored); never
 * matched, in album mode. NULL when there is no effective target or a track
 * has no analysis. Planned with the match state, once per change. */
LqMatchPlan *lq_project_get_match_plan (LqProject *self);
/* The tonal plan of the stored match's settings (strength, cap, anchor, the
 * reference from the list), as `lacquer-cli match` planned it; never
 * matched tonally: strength 0 (after = before). Its tonal spread before
 * and after is what `match --show` and the Tonal Balance view say. NULL
 * with @error when it cannot be planned (lq_tonal_plan_new()). */
LqTonalPlan *lq_project_get_stored_tonal_plan (LqProject *self,
                                               GError **error);

/* Exports ------------------------------------------------------------------ */

/* What an export wrote for one track (lq_project_get_last_export()). */
typedef struct
{
  char *path;                /* the file written, absolute */
  gint64 time;               /* when, Unix time in seconds */
  double integrated_lufs;    /* measured in the written file; NAN: none */
  double true_peak_dbtp;     /* measured in the written file; NAN: none */
  double album_lufs;         /* all the files of that export as one programme; NAN: none */
  char *target;              /* the target's name it was checked against, or NULL */
  char *source_fingerprint;  /* of the source it was rendered from */
  char *inputs;              /* lq_project_get_export_inputs() when it was rendered */
  /* Set by lq_project_get_last_export(): the track was edited, or its
   * source changed, since: the figures are not those of the album now. */
  gboolean stale;
} LqExportRecord;

void lq_export_record_free (LqExportRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqExportRecord, lq_export_record_free)

/* A digest of everything of @track (and the album) a render reads, except
 * where its source is: an export takes it when it starts, and a record
 * whose digest differs from the track's now is stale. */
char *lq_project_get_export_inputs (LqProject *self,
                                    LqTrack *track);
/* Stores @record as the newest export of track @track_id (replacing the
 * one before). Not an album edit: no undo step; a read-only project keeps
 * it in memory. A track removed meanwhile is skipped (TRUE). Notifies
 * "export-serial". */
gboolean lq_project_record_export (LqProject *self,
                                   gint64 track_id,
                                   const LqExportRecord *record,
                                   GError **error);
/* The newest export of @track, with ->stale set, or NULL when it was
 * never exported. */
LqExportRecord *lq_project_get_last_export (LqProject *self,
                                            LqTrack *track);

/* Which tracks the album's figures leave out (the tracks without an
 * analysis: missing, changed or not measured yet), said for the user,
 * translated ("Track 3 is missing", "Track 2 is missing; Track 4 is not
 * measured yet"); NULL when none is. */
char *lq_project_dup_left_out (LqProject *self);

/* References (lq-project-references.c) ---------------------------------- */

/* One file of the project's reference list: audio to compare the album
 * with (never rendered). The list is the one place references live:
 * matching to a reference and the tonal views take one of them. */
typedef struct
{
  guint index;               /* 1-based, in the order they were added */
  gint64 id;
  char *source;              /* as stored */
  char *path;                /* absolute */
  char *title;               /* the file's title tag, or its name */
  char *fingerprint;         /* SHA-256 of the file, as a track's source */
  double duration_s;
  double cue_s;              /* where it plays from when not in sync */
  LqTrackStatus status;      /* looked at when listed: ok, missing, changed */
} LqReference;

void lq_reference_free (LqReference *reference);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqReference, lq_reference_free)

/* Adds the audio file @path to the reference list as one undoable edit
 * ("Add Reference “TITLE”"), with @cue_s its cue point (0 to its length).
 * The file is read, hashed and, unless its analysis is cached, analysed
 * first (@progress, 0..1, may be NULL); the analysis is cached under its
 * fingerprint. A file already in the list (the same content) or one that
 * is not audio Lacquer can read is refused. */
gboolean lq_project_add_reference (LqProject *self,
                                   const char *path,
                                   double cue_s,
                                   GCancellable *cancellable,
                                   LqProgressFunc progress,
                                   gpointer progress_data,
                                   GError **error);
/* lq_project_add_reference() with the file read and analysed on a worker
 * thread, so the caller's (the window's) thread never decodes: @progress
 * is called on the caller's thread (its thread-default main context).
 * The edit is committed in _finish(), which checks again what may have
 * changed meanwhile (the list, read-only). */
void lq_project_add_reference_async (LqProject *self,
                                     const char *path,
                                     double cue_s,
                                     GCancellable *cancellable,
                                     LqProgressFunc progress,
                                     gpointer progress_data,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean lq_project_add_reference_finish (LqProject *self,
                                          GAsyncResult *result,
                                          GError **error);
/* The reference list (LqReference), in the order added, each file looked
 * at now (missing? changed?). */
GPtrArray *lq_project_list_references (LqProject *self);
/* The 1-based index of the reference whose file is @path (resolved as
 * given on the command line), or 0. */
guint lq_project_find_reference (LqProject *self,
                                 const char *path);
/* The cue point (s) of the reference whose file is @path; 0 when it is not
 * in the list. Playback plays a reference from it. */
double lq_project_get_reference_cue (LqProject *self,
                                     const char *path);
/* Removes reference @index (1-based) as one undoable edit. */
gboolean lq_project_remove_reference (LqProject *self,
                                      guint index,
                                      GError **error);
/* Sets reference @index's cue point, 0 to its length, as one undoable edit. */
gboolean lq_project_set_reference_cue (LqProject *self,
                                       guint index,
                                       double cue_s,
                                       GError **error);
/* The cached analysis of reference @index, or NULL with an error when it
 * has none or its file is missing or changed (LQ_ERROR_NOT_FOUND, or
 * LQ_ERROR_NOT_ANALYSED naming what changed). */
LqTrackAnalysis *lq_project_get_reference_analysis (LqProject *self,
                                                    guint index,
                                                    GError **error);

/* Blind tests (lq-project-abx.c) ------------------------------------------ */

/* A finished ABX test as stored. */
typedef struct
{
  gint64 id;
  gint64 time;               /* when saved, Unix time in seconds */
  gint64 track_id;           /* the track compared, 0 for none */
  char *a_name;
  char *a_fingerprint;
  char *b_name;
  char *b_fingerprint;
  guint n_trials;
  guint correct;
  double p_value;
  GArray *trials;            /* LqAbxTrial, in order */
} LqAbxRecord;

void lq_abx_record_free (LqAbxRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqAbxRecord, lq_abx_record_free)

/* Stores the finished @session (every trial, both sources' names and
 * fingerprints, the result) of @track (NULL: none). Not an album edit: no
 * undo step; a read-only project refuses (LQ_ERROR_READ_ONLY). Returns
 * the test's id, or 0. */
gint64 lq_project_save_abx (LqProject *self,
                            LqTrack *track,
                            LqAbxSession *session,
                            GError **error);
/* The stored tests (LqAbxRecord), oldest first, or NULL with @error. */
GPtrArray *lq_project_list_abx (LqProject *self,
                                GError **error);

G_END_DECLS
