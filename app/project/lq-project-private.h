/* lq-project-private.h: what the files of LqProject share, and which of
 * them may call which.
 *
 * LqProject is one type in several files. They form layers: a file calls
 * only the files below it (and the store, fields and track types under all
 * of them), never one beside or above it, so no two files call each other.
 *
 *   lq-project.c           the type: construction, create, open, save a
 *                          copy, undo and redo
 *   ------------------------------------------------------------------
 *   lq-project-edits.c     set album and track fields, add, move, remove
 *   lq-project-relink.c    relink a track, search a folder for moved files
 *   lq-project-analyze.c   measure the tracks, the album's analysis
 *   lq-project-match.c     plan, store and read the match; the effective
 *                          target and whether the stored match is current
 *   lq-project-exports.c   what each export wrote (outside the undo history),
 *                          which tracks the album's figures leave out
 *   lq-project-references.c  the reference list (add, remove, cue points)
 *   lq-project-abx.c       the blind tests kept (outside the undo history)
 *                          (these seven are side by side: none calls another)
 *   ------------------------------------------------------------------
 *   lq-project-commit.c    the edit core: one edit as one transaction and
 *                          the reload after it; track positions, trim and
 *                          fade checks, binding values, the Red Book gap
 *   ------------------------------------------------------------------
 *   lq-project-model.c     the file read into the objects (reload), the
 *                          properties and their notification, the getters
 *   ------------------------------------------------------------------
 *   lq-project-sources.c   source files: reading one, its status (missing,
 *                          changed), its identity; reading on a worker
 *   lq-project-cache.c     the stored analyses and waveforms
 *   ------------------------------------------------------------------
 *   lq-project-store.c (and lq-project-store-open.c above it, sharing
 *   lq-project-store-private.h), lq-project-fields.c, lq-project-schema.c,
 *   lq-track.c
 *
 * The type check in g_return_if_fail (LQ_IS_PROJECT) is the only thing the
 * lower files use of lq-project.c. Functions here have a leading underscore
 * and are grouped by the file that defines them.
 */
#pragma once

#include <sqlite3.h>

#include "lq-project.h"
#include "lq-project-store.h"
#include "lq-source-file.h"

G_BEGIN_DECLS

/* Bump when the analyzer's results change, so old cache rows are redone. */
/* 2: the long-term spectrum (tonal matching); older caches are measured again. */
#define ANALYSER_VERSION 2

struct _LqProject
{
  GObject parent_instance;

  LqProjectStore *store;
  char *path;
  char *directory;       /* the project's folder, for relative sources */
  GListStore *tracks;   /* the project's tracks, then the files being added */
  guint n_pending;       /* files being added: the last items of tracks */
  GHashTable *by_id;     /* id -> LqTrack (borrowed from tracks) */
  GHashTable *status_cache;  /* "path|identity|fingerprint" -> status */
  GHashTable *checked;       /* track id -> the source row its status was checked for */
  gboolean check_sources;    /* stat every source on the next reload */
  gint64 data_version;       /* PRAGMA data_version when last reloaded */
  sqlite3_stmt *select_tracks;  /* kept prepared: every edit reloads */
  GValue *album_values;
  char *undo_label;
  char *redo_label;
  double analysis_progress;   /* of lq_project_analyze_async() */
  /* lq_project_get_match_state()'s answer and lq_project_get_match_plan()'s
   * plan, until the next reload */
  gboolean match_state_known;
  LqProjectMatchState match_state;
  LqMatchPlan *match_plan;
  char *match_inputs;   /* a reference match's inputs when stored (or first asked) */
  guint export_serial;  /* bumped by each recorded export */
  gint64 cover_id;      /* album.cover_id (0: no cover), the "cover-id" property */
  /* The solved pre-limiter gains (lq-project-cache.c): track id -> key and
   * gain, read from the file when opened; any thread, under the lock. */
  GMutex solved_lock;
  GHashTable *solved_gains;
  GMainContext *context;   /* the project's thread: where the file is written */
};

/* lq-project-commit.c: the edit core ------------------------------------ */

/* Brings the objects in step with the file after an edit (@ok) or a failed
 * one; returns @ok, or FALSE if re-reading failed. */
gboolean _lq_project_finish_edit (LqProject *self, gboolean ok, GError **error);
/* Runs @func as one edit (an undo step named @label; see
 * lq_project_store_edit()), then brings the objects in step. */
gboolean _lq_project_commit (LqProject *self,
                             const char *label,
                             LqStoreEditFunc func,
                             gpointer data,
                             GError **error);
/* Whether track @position (1-based) exists; the error names the range. */
gboolean _lq_project_check_position (LqProject *self,
                                     guint position,
                                     GError **error);
/* Whether tracks can be added before *@position (0: at the end, which it
 * becomes) in a writable project. */
gboolean _lq_project_check_insert_position (LqProject *self,
                                            guint *position,
                                            GError **error);
/* Whether track @id's trims leave 0.1 s and its fades fit what is left. */
/* lq-project-cover.c: the "cover" album key (not one of
 * lq_project_fields_album()), and the edit that stores @cover (NULL:
 * removes it) as the album's. */
const LqField *_lq_project_cover_field (void);
gboolean _lq_project_cover_edit (LqProjectStore *store,
                                 const LqCover *cover,
                                 GError **error);

gboolean _lq_project_check_track_times (LqProjectStore *store,
                                        gint64 id,
                                        GError **error);
void _lq_project_bind_value (sqlite3_stmt *stmt,
                             int index,
                             const GValue *value);
/* Red Book: track 1 has a 2 s pregap. A track that has just become first
 * with no gap of its own gets that default (part of the same edit). */
gboolean _lq_project_default_first_gap (LqProjectStore *store,
                                        GError **error);

/* lq-project-model.c: the file read into the objects -------------------- */

/* Re-reads the album and track rows and brings the objects in step
 * (notifying what changed); looks at the sources whose rows changed, or all
 * of them after lq_project_check_sources(). Forgets the match state. */
gboolean _lq_project_reload (LqProject *self, GError **error);
/* Installs LqProject's properties (one per album field after the fixed
 * ones) and its get_property. */
void _lq_project_install_properties (GObjectClass *object_class);
void _lq_project_set_analysis_progress (LqProject *self, double progress);
/* Bumps "export-serial": an export was recorded. */
void _lq_project_notify_export (LqProject *self);

/* lq-project-sources.c: source files ------------------------------------ */

/* Everything the project stores about a source file. */
typedef struct
{
  char *source;        /* as stored */
  char *path;          /* absolute */
  LqSourceStat stat;
  char *fingerprint;
  double duration;
  char *title;
  char *artist;
} LqSourceInfo;

void _lq_source_info_free (LqSourceInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LqSourceInfo, _lq_source_info_free)

/* A stored source's absolute path (relative ones are below the project). */
char *_lq_project_resolve_source (LqProject *self,
                                  const char *source);
/* Reads @given (on any thread: only self->directory is used); fails, naming
 * the file, when it is not audio Lacquer can master. */
LqSourceInfo *_lq_project_read_source (LqProject *self,
                                       const char *given,
                                       GCancellable *cancellable,
                                       GError **error);
/* Reads every file (LqSourceInfo); one that is not usable audio fails the
 * whole set. */
GPtrArray *_lq_project_read_sources (LqProject *self,
                                     const char *const *paths,
                                     GCancellable *cancellable,
                                     GError **error);
/* The shape of every audio-reading edit done asynchronously: the sources are
 * read (and hashed) on a worker thread, then @commit runs on the project's
 * thread, where the project lives and emits its signals. */
typedef gboolean (*LqProjectCommitFunc) (LqProject *self,
                                         GPtrArray *infos,
                                         guint position,
                                         GError **error);
void _lq_project_read_then_commit_async (LqProject *self,
                                         const char *const *paths,
                                         guint position,
                                         LqProjectCommitFunc commit,
                                         gpointer source_tag,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback,
                                         gpointer user_data);

/* A track row's stored identity; a migrated row's unknown fields never equal
 * a file's. */
void _lq_project_row_identity (sqlite3_stmt *stmt,
                               int size_col,
                               int mtime_ns_col,
                               int ctime_ns_col,
                               int inode_col,
                               LqSourceStat *out);
/* Whether the file at @path is the source the track stored: missing, ok, or
 * changed. Hashes only when the identity differs (once per state of the
 * file); when the content is the same, *@refresh is set and @now holds the
 * identity to store. */
LqTrackStatus _lq_project_source_status (LqProject *self,
                                         const char *path,
                                         const LqSourceStat *stored,
                                         const char *fingerprint,
                                         LqSourceStat *now,
                                         gboolean *refresh);
/* A track's (or a reference's) file found unchanged under a new identity. */
typedef enum
{
  LQ_IDENTITY_TRACK,
  LQ_IDENTITY_REFERENCE,
} LqIdentityTable;
typedef struct
{
  gint64 id;
  char *fingerprint;
  LqSourceStat stat;
} LqIdentityRefresh;
/* Stores the new identities of @refresh (LqIdentityRefresh) in the rows of
 * @table without an undo step: it is no edit of the album, only what Lacquer
 * knows of the disk. A read-only project stores nothing (the tracks' status
 * cache keeps them in memory). */
void _lq_project_refresh_identities (LqProject *self,
                                     LqIdentityTable table,
                                     GArray *refresh);
void _lq_identity_refresh_clear (LqIdentityRefresh *r);
/* Binds size, mtime (s), mtime (ns), ctime (ns), inode to @first.. +4. */
void _lq_project_bind_identity (sqlite3_stmt *stmt,
                                int first,
                                const LqSourceStat *st);
/* Forgets the checked state of track @id: the next reload looks at its file. */
void _lq_project_recheck (LqProject *self, gint64 id);

/* lq-project-cache.c: stored analyses ------------------------------------ */

/* Reads the solved gains stored in the file into memory (at open). */
void _lq_project_load_solved_gains (LqProject *self);
/* Frees a solved_gains value. */
void _lq_solved_gain_free (gpointer data);

/* The analysis cached for @fingerprint by this analyser version, with
 * @path as its file, or NULL. */
LqTrackAnalysis *_lq_project_load_cached_analysis (LqProject *self,
                                                   const char *fingerprint,
                                                   const char *path);
/* The same, also when the row lacks what format 9 added (the clipped runs
 * and overs: a row migrated from an older format): for references, which
 * the views do not mark. */
LqTrackAnalysis *_lq_project_load_cached_analysis_any (LqProject *self,
                                                       const char *fingerprint,
                                                       const char *path);
/* An analysis to cache under the fingerprint of the audio it measured. */
typedef struct
{
  LqTrackAnalysis *analysis;
  const char *fingerprint;
} LqCacheData;
/* An LqStoreEditFunc (no undo step) caching @data (LqCacheData): the
 * analysis and its waveform overview. */
gboolean _lq_project_cache_edit (LqProjectStore *store,
                                 gpointer data,
                                 GError **error);

G_END_DECLS
