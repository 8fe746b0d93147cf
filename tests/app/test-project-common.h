/* test-project-common.h: what the project model's tests share.
 *
 * The fixture: a temporary folder with four short WAV sources (checked
 * byte-identical at teardown: source audio is never written) and the path
 * of a project beside them. The helpers assert as they go: open_ok(),
 * set_album_ok() and the others fail the test on any error.
 */
#pragma once

#include <sqlite3.h>

#include "lq-error.h"
#include "lq-project-store.h"
#include "lq-project.h"
#include "lq-test-audio.h"
#include "lq-test-sql.h"

G_BEGIN_DECLS

#define N_SOURCES 4

typedef struct
{
  char *dir;
  char *project;                  /* DIR/album.lacquer */
  char *sources[N_SOURCES + 1];   /* DIR/audio/NN.wav, NULL-terminated */
  char *sums[N_SOURCES];
} Fixture;

void fixture_setup (Fixture *f, gconstpointer data);
void fixture_teardown (Fixture *f, gconstpointer data);

LqProject *open_ok (const char *path, gboolean read_only);
/* Drops the last reference, asserting that it was the last. */
void close_project (LqProject *project);
char *format_album (LqProject *p, const char *key);
char *format_track (LqProject *p, guint position, const char *key);
/* Everything an edit can change, as text: album fields, then each track's
 * source and fields in album order. */
char *snapshot (LqProject *p);
void set_album_ok (LqProject *p, const char *assignment);
void set_track_ok (LqProject *p, guint position, const char *assignment);
void add_ok (LqProject *p, const char *const *paths, guint position);
void undo_ok (LqProject *p);
void redo_ok (LqProject *p);
void assert_snapshot (LqProject *p, const char *expected);
void assert_contains (const char *haystack, const char *needle);
/* Runs PRAGMA integrity_check on @path with SQLite directly, read-only. */
void assert_integrity (const char *path);
void copy_file (const char *from, const char *to);
/* A closed project with four tracks and a few undoable edits. */
void make_project (Fixture *f, const char *path);

G_END_DECLS
