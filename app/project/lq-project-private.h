/* lq-project-private.h: what lq-project.c shares with lq-project-sources.c
 * (source status and identity) and lq-project-analyze.c (measuring). */
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
  GListStore *tracks;
  GHashTable *by_id;     /* id -> LqTrack (borrowed from tracks) */
  GHashTable *status_cache;  /* "path|identity|fingerprint" -> status */
  GHashTable *checked;       /* track id -> the source row its status was checked for */
  gboolean check_sources;    /* stat every source on the next reload */
  sqlite3_stmt *select_tracks;  /* kept prepared: every edit reloads */
  GValue *album_values;
  char *undo_label;
  char *redo_label;
  double analysis_progress;   /* of lq_project_analyze_async() */
};

/* lq-project.c */
/* Brings the objects in step with the file after an edit (@ok) or a failed
 * one; returns @ok, or FALSE if re-reading failed. */
gboolean _lq_project_finish_edit (LqProject *self, gboolean ok, GError **error);
void _lq_project_set_analysis_progress (LqProject *self, double progress);
LqTrackAnalysis *_lq_project_load_cached_analysis (LqProject *self,
                                                   const char *fingerprint,
                                                   const char *path);

/* lq-project-sources.c */

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
/* A track whose file was found unchanged under a new identity. */
typedef struct
{
  gint64 id;
  char *fingerprint;
  LqSourceStat stat;
} LqIdentityRefresh;
/* Stores the new identities of @refresh (LqIdentityRefresh) without an undo
 * step: it is no edit of the album, only what Lacquer knows of the disk. A
 * read-only project keeps them in memory (the status cache). */
void _lq_project_refresh_identities (LqProject *self,
                                     GArray *refresh);
void _lq_identity_refresh_clear (LqIdentityRefresh *r);
/* Binds size, mtime (s), mtime (ns), ctime (ns), inode to @first.. +4. */
void _lq_project_bind_identity (sqlite3_stmt *stmt,
                                int first,
                                const LqSourceStat *st);
/* Forgets the checked state of track @id: the next reload looks at its file. */
void _lq_project_recheck (LqProject *self, gint64 id);

G_END_DECLS
