/* lq-output-guard.c: destinations checked against the sources by identity. */
#include "config.h"

#include "lq-output-guard.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "lq-error.h"

typedef struct
{
  guint64 dev;
  guint64 ino;
  char *source;
  char *owner;
} Protected;

struct _LqOutputGuard
{
  gint ref_count;
  GArray *files;   /* Protected */
};

static void
protected_clear (Protected *p)
{
  g_free (p->source);
  g_free (p->owner);
}

LqOutputGuard *
lq_output_guard_new (void)
{
  LqOutputGuard *guard = g_new0 (LqOutputGuard, 1);

  guard->ref_count = 1;
  guard->files = g_array_new (FALSE, FALSE, sizeof (Protected));
  g_array_set_clear_func (guard->files, (GDestroyNotify) protected_clear);
  return guard;
}

LqOutputGuard *
lq_output_guard_new_for_project (LqProject *project)
{
  LqOutputGuard *guard;
  guint n;

  g_return_val_if_fail (LQ_IS_PROJECT (project), NULL);

  guard = lq_output_guard_new ();
  n = lq_project_get_n_tracks (project);
  for (guint i = 1; i <= n; i++)
    {
      LqTrack *track = lq_project_get_track (project, i);
      g_autofree char *owner = NULL;

      if (track == NULL || lq_track_get_path (track) == NULL)
        continue;
      /* Translators: whose source a file is, as in "the source of track 2 “Hell”" */
      owner = g_strdup_printf (_("track %u “%s”"), i, lq_track_get_display_name (track));
      lq_output_guard_add (guard, lq_track_get_path (track), owner);
    }
  return guard;
}

LqOutputGuard *
lq_output_guard_ref (LqOutputGuard *guard)
{
  g_return_val_if_fail (guard != NULL, NULL);
  g_atomic_int_inc (&guard->ref_count);
  return guard;
}

void
lq_output_guard_unref (LqOutputGuard *guard)
{
  if (guard == NULL || !g_atomic_int_dec_and_test (&guard->ref_count))
    return;
  g_array_unref (guard->files);
  g_free (guard);
}

static void
add_identity (LqOutputGuard *guard,
              const struct stat *st,
              const char *source,
              const char *owner)
{
  Protected p = { (guint64) st->st_dev, (guint64) st->st_ino, g_strdup (source), g_strdup (owner) };

  g_array_append_val (guard->files, p);
}

void
lq_output_guard_add (LqOutputGuard *guard,
                     const char *source,
                     const char *owner)
{
  struct stat st;

  g_return_if_fail (guard != NULL && source != NULL);

  /* The link itself (renaming onto it would change what the project
   * reads), and the file it leads to. */
  if (lstat (source, &st) == 0)
    add_identity (guard, &st, source, owner);
  if (stat (source, &st) == 0)
    add_identity (guard, &st, source, owner);
}

static const Protected *
find (const LqOutputGuard *guard,
      const struct stat *st)
{
  for (guint i = 0; i < guard->files->len; i++)
    {
      const Protected *p = &g_array_index (guard->files, Protected, i);

      if (p->dev == (guint64) st->st_dev && p->ino == (guint64) st->st_ino)
        return p;
    }
  return NULL;
}

gboolean
lq_output_guard_check (const LqOutputGuard *guard,
                       const char *destination,
                       GError **error)
{
  const Protected *hit = NULL;
  struct stat st;

  g_return_val_if_fail (guard != NULL && destination != NULL, FALSE);

  /* The name itself (a hard link of a source is the same inode), then
   * what a symbolic link there leads to. */
  if (lstat (destination, &st) != 0)
    return TRUE;
  hit = find (guard, &st);
  if (hit == NULL && S_ISLNK (st.st_mode) && stat (destination, &st) == 0)
    hit = find (guard, &st);
  if (hit == NULL)
    return TRUE;

  if (hit->owner != NULL)
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("%s: this file is the source audio of %s (%s). Lacquer never overwrites a "
                   "source: choose another folder"),
                 destination, hit->owner, hit->source);
  else
    g_set_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE,
                 _("%s: this file is the source audio %s. Lacquer never overwrites a source: "
                   "choose another folder"),
                 destination, hit->source);
  return FALSE;
}
