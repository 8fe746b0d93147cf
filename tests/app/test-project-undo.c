/* test-project-undo.c: the project's undo history.
 *
 * Undo and redo across closing and reopening; random edit sequences, with
 * undo and redo among them, checked step by step against an in-test
 * reference model.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "test-project-common.h"

/* Undo and redo across close and reopen ------------------------------------ */

static void
test_undo_across_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  LqProject *p = lq_project_create (f->project, &error);

  g_assert_no_error (error);
  g_ptr_array_add (states, snapshot (p));
  add_ok (p, (const char *const *) f->sources, 0);
  g_ptr_array_add (states, snapshot (p));
  set_album_ok (p, "title=A");
  g_ptr_array_add (states, snapshot (p));
  g_assert_true (lq_project_move_track (p, 1, 4, &error));
  g_ptr_array_add (states, snapshot (p));
  g_assert_true (lq_project_remove_track (p, 2, &error));
  g_ptr_array_add (states, snapshot (p));
  set_track_ok (p, 1, "bypass=on");
  g_ptr_array_add (states, snapshot (p));
  g_assert_no_error (error);

  /* Undo everything, one step per session. */
  for (guint i = states->len - 1; i > 0; i--)
    {
      close_project (p);
      p = open_ok (f->project, FALSE);
      assert_snapshot (p, g_ptr_array_index (states, i));
      undo_ok (p);
      assert_snapshot (p, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (lq_project_can_undo (p));
  g_assert_false (lq_project_undo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* Redo everything, likewise. */
  for (guint i = 1; i < states->len; i++)
    {
      close_project (p);
      p = open_ok (f->project, FALSE);
      assert_snapshot (p, g_ptr_array_index (states, i - 1));
      redo_ok (p);
      assert_snapshot (p, g_ptr_array_index (states, i));
    }
  g_assert_false (lq_project_redo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOTHING_TO_UNDO);
  g_clear_error (&error);

  /* A new edit after undo drops the redo history, for good. */
  undo_ok (p);
  undo_ok (p);
  set_album_ok (p, "comment=branch");
  g_assert_false (lq_project_can_redo (p));
  close_project (p);
  p = open_ok (f->project, FALSE);
  g_assert_false (lq_project_can_redo (p));
  g_assert_cmpstr (lq_project_get_undo_label (p), ==, "Set Album Comment");
  undo_ok (p);
  assert_snapshot (p, g_ptr_array_index (states, states->len - 3));

  /* A read-only view sees the history but cannot replay it. */
  close_project (p);
  p = open_ok (f->project, TRUE);
  g_assert_true (lq_project_can_undo (p));
  g_assert_false (lq_project_undo (p, &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_READ_ONLY);
  g_clear_error (&error);
  assert_snapshot (p, g_ptr_array_index (states, states->len - 3));
  close_project (p);
}

/* Random edit sequences against a reference model --------------------------- */

typedef struct
{
  guint uid;       /* which track it is: two can look the same */
  char *source;
  char **values;   /* formatted, one per track field */
} RefTrack;

typedef struct
{
  char **album;      /* formatted, one per album field */
  GPtrArray *tracks; /* RefTrack */
} Ref;

static void
ref_track_free (RefTrack *t)
{
  g_free (t->source);
  g_strfreev (t->values);
  g_free (t);
}

static char *normal (const LqField *field, const char *text);

/* The documented default of a mastering-chain field (lq-chain-settings.h:
 * project format 4), as text; NULL for the album's and tracks' own fields. */
static const char *
chain_default (const LqField *field)
{
  static const char *const types[] = { "high-pass", "low-shelf", "bell", "bell", "bell", "bell",
                                       "high-shelf", "low-pass" };
  static const char *const freqs[] = { "30", "100", "250", "800", "2500", "6000", "10000", "20000" };
  static const struct { const char *suffix; const char *value; } common[] = {
    { "-gain", "0" }, { "-q", "0.71" }, { "-slope", "24" }, { "-channels", "stereo" },
    { "-threshold", "-18" }, { "-ratio", "2" }, { "-knee", "6" }, { "-attack", "10" },
    { "-release", "100" }, { "-makeup", "0" }, { "-detection", "rms" },
  };
  const char *key = field->key;

  /* The CD's copy flag (format 10): off unless set */
  if (g_str_equal (key, "cd-copy"))
    return "false";
  if (field->group == NULL)
    return NULL;
  if (g_str_equal (key, "match-eq-on") || g_str_equal (key, "limiter-auto-release"))
    return "true";
  if (g_str_has_suffix (key, "-on"))
    return "false";
  if (g_str_has_suffix (key, "comp-channels"))
    return "linked";
  if (g_str_equal (key, "width"))
    return "1";
  if (g_str_equal (key, "mono-below"))
    return "0";
  if (g_str_equal (key, "limiter-release"))
    return "100";
  if (field->band > 0 && g_str_has_suffix (key, "-type"))
    return types[field->band - 1];
  if (field->band > 0 && g_str_has_suffix (key, "-freq"))
    return freqs[field->band - 1];
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    if (g_str_has_suffix (key, common[i].suffix))
      return common[i].value;
  g_assert_not_reached ();
}

static Ref *
ref_new (void)
{
  Ref *r = g_new0 (Ref, 1);
  guint n;

  const LqField *fields = lq_project_fields_album (&n);

  r->album = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    r->album[i] = chain_default (&fields[i]) != NULL ? normal (&fields[i], chain_default (&fields[i]))
                                                     : g_strdup ("");
  r->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_track_free);
  return r;
}

static Ref *
ref_copy (const Ref *r)
{
  Ref *c = g_new0 (Ref, 1);

  c->album = g_strdupv (r->album);
  c->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) ref_track_free);
  for (guint i = 0; i < r->tracks->len; i++)
    {
      RefTrack *t = g_ptr_array_index (r->tracks, i);
      RefTrack *u = g_new0 (RefTrack, 1);

      u->uid = t->uid;
      u->source = g_strdup (t->source);
      u->values = g_strdupv (t->values);
      g_ptr_array_add (c->tracks, u);
    }
  return c;
}

static void
ref_free (Ref *r)
{
  g_strfreev (r->album);
  g_ptr_array_unref (r->tracks);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ref, ref_free)

static char *
ref_snapshot (const Ref *r)
{
  GString *s = g_string_new (NULL);
  guint n;
  const LqField *fields = lq_project_fields_album (&n);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "album %s=%s\n", fields[i].key, r->album[i]);
  fields = lq_project_fields_track (&n);
  for (guint p = 0; p < r->tracks->len; p++)
    {
      RefTrack *t = g_ptr_array_index (r->tracks, p);

      g_string_append_printf (s, "track %u source=%s", p + 1, t->source);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, " %s=%s", fields[i].key, t->values[i]);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* How the model stores @text for @field, as text. */
static char *
normal (const LqField *field, const char *text)
{
  g_auto(GValue) v = G_VALUE_INIT;

  g_assert_true (lq_field_parse (field, text, &v, NULL));
  return lq_field_format (field, &v);
}

static guint
field_index (const LqField *fields, const LqField *field)
{
  return (guint) (field - fields);
}

/* A valid value for @field, chosen by @rand; trims and fades stay small so
 * that any combination fits a 1 s track. */
static char *
random_value (const LqField *field, GRand *rand)
{
  static const char *const isrcs[] = { "GBABC2100001", "us-s1z-99-00001", "FRZ039800212", "" };
  static const char *const upcs[] = { "036000291452", "4006381333931", "", "0-12345-67890-5" };
  static const char *const targets[] = { "spotify", "apple", "r128", "-16", "-23.5", "" };
  static const char *const shapes[] = { "linear", "log", "scurve" };
  static const char *const texts[] = { "", "a", "Ünïcode ✓", "O'Brien; --", "  padded  " };
  static const char *const cd_indexes[] = { "", "0.5", "0.25 0.75" };

  if (g_str_equal (field->key, "isrc"))
    return g_strdup (isrcs[g_rand_int_range (rand, 0, G_N_ELEMENTS (isrcs))]);
  if (g_str_equal (field->key, "upc"))
    return g_strdup (upcs[g_rand_int_range (rand, 0, G_N_ELEMENTS (upcs))]);
  if (g_str_equal (field->key, "cd-indexes"))
    return g_strdup (cd_indexes[g_rand_int_range (rand, 0, G_N_ELEMENTS (cd_indexes))]);
  if (g_str_equal (field->key, "target"))
    return g_strdup (targets[g_rand_int_range (rand, 0, G_N_ELEMENTS (targets))]);
  if (g_str_equal (field->key, "year"))
    return g_rand_boolean (rand) ? g_strdup_printf ("%d", g_rand_int_range (rand, 1000, 10000)) : g_strdup ("");
  if (g_str_has_prefix (field->key, "trim-") || (g_str_has_prefix (field->key, "fade-")
                                                  && !g_str_has_suffix (field->key, "-shape")))
    return g_strdup_printf ("%g", 0.125 * g_rand_int_range (rand, 0, 3));
  switch (field->type)
    {
    case LQ_FIELD_TEXT:
      if (g_rand_boolean (rand))
        return g_strdup (texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))]);
      return g_strdup_printf ("t%u", g_rand_int (rand) % 1000);
    case LQ_FIELD_REAL:
      /* Nine steps over the range: the ends and values between. */
      return g_strdup_printf ("%g", field->min + (field->max - field->min) * g_rand_int_range (rand, 0, 9) / 8.0);
    case LQ_FIELD_CHOICE:
      if (g_str_has_suffix (field->key, "-shape"))
        return g_strdup (shapes[g_rand_int_range (rand, 0, G_N_ELEMENTS (shapes))]);
      return g_strdup (field->choices[g_rand_int_range (rand, 0, (gint32) g_strv_length ((char **) field->choices))]);
    case LQ_FIELD_BOOL:
      return g_strdup (g_rand_boolean (rand) ? "true" : "false");
    default:
      g_assert_not_reached ();
    }
}

static RefTrack *
ref_track_for_source (Fixture *f, guint k, gboolean first)
{
  static guint next_uid;
  RefTrack *t = g_new0 (RefTrack, 1);
  guint n;

  t->uid = ++next_uid;
  const LqField *fields = lq_project_fields_track (&n);

  t->source = g_strdup_printf ("audio/%02u.wav", k + 1);
  t->values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *key = fields[i].key;
      const char *text = "";

      if (chain_default (&fields[i]) != NULL)
        text = chain_default (&fields[i]);
      else if (g_str_equal (key, "title"))
        text = NULL;
      else if (g_str_equal (key, "gap"))
        text = first ? "2" : "0";
      else if (fields[i].type == LQ_FIELD_REAL)
        text = "0";
      else if (fields[i].type == LQ_FIELD_CHOICE)
        text = "linear";
      else if (fields[i].type == LQ_FIELD_BOOL)
        text = "false";
      t->values[i] = text != NULL ? normal (&fields[i], text) : g_strdup_printf ("Song %u", k + 1);
    }
  return t;
}

typedef struct
{
  Ref *ref;
  GPtrArray *undo;   /* Ref */
  GPtrArray *redo;   /* Ref */
} History;

/* Red Book: a track that becomes first with no gap gets the 2 s pregap. */
static void
ref_default_first_gap (Ref *r)
{
  guint n;
  const LqField *fields = lq_project_fields_track (&n);
  const LqField *gap = lq_project_fields_lookup (FALSE, "gap");
  RefTrack *first;
  guint i = gap - fields;

  if (r->tracks->len == 0)
    return;
  first = g_ptr_array_index (r->tracks, 0);
  if (g_strcmp0 (first->values[i], "0") == 0)
    {
      g_free (first->values[i]);
      first->values[i] = normal (gap, "2");
    }
}

/* The snapshot, and which track is where. */
static char *
ref_identity (const Ref *r)
{
  GString *s = g_string_new (NULL);
  char *snap = ref_snapshot (r);

  g_string_append (s, snap);
  g_free (snap);
  for (guint p = 0; p < r->tracks->len; p++)
    g_string_append_printf (s, " %u", ((RefTrack *) g_ptr_array_index (r->tracks, p))->uid);
  return g_string_free (s, FALSE);
}

/* After an edit that succeeded: a step exists if anything changed, even
 * just the order of two tracks that look the same. */
static void
history_edited (History *h, Ref *before)
{
  g_autofree char *a = ref_identity (before);
  g_autofree char *b = ref_identity (h->ref);

  if (g_str_equal (a, b))
    {
      ref_free (before);
      return;
    }
  g_ptr_array_add (h->undo, before);
  g_ptr_array_set_size (h->redo, 0);
}

static void
check_against (LqProject *p, History *h)
{
  g_autofree char *want = ref_snapshot (h->ref);

  assert_snapshot (p, want);
  g_assert_cmpint (lq_project_can_undo (p), ==, h->undo->len > 0);
  g_assert_cmpint (lq_project_can_redo (p), ==, h->redo->len > 0);
}

static void
random_step (Fixture *f, LqProject *p, History *h, GRand *rand)
{
  g_autoptr(GError) error = NULL;
  guint n = h->ref->tracks->len;
  guint r = g_rand_int_range (rand, 0, 100);
  Ref *before = ref_copy (h->ref);

  if (n == 0 || r < 15)
    {
      guint count = g_rand_int_range (rand, 1, 3);
      guint position = g_rand_int_range (rand, 0, n + 2);   /* 0: at the end */
      guint at = position == 0 ? n + 1 : position;
      const char *paths[3] = { NULL, NULL, NULL };

      for (guint i = 0; i < count; i++)
        {
          guint k = g_rand_int_range (rand, 0, N_SOURCES);

          paths[i] = f->sources[k];
          g_ptr_array_insert (h->ref->tracks, at - 1 + i, ref_track_for_source (f, k, at + i == 1));
        }
      add_ok (p, paths, position);
    }
  else if (r < 40)
    {
      guint from = g_rand_int_range (rand, 1, n + 1);
      guint to = g_rand_int_range (rand, 1, n + 1);
      RefTrack *t = g_ptr_array_steal_index (h->ref->tracks, from - 1);

      g_ptr_array_insert (h->ref->tracks, to - 1, t);
      if (from != to && (from == 1 || to == 1))
        ref_default_first_gap (h->ref);
      g_assert_true (lq_project_move_track (p, from, to, &error));
    }
  else if (r < 50)
    {
      guint position = g_rand_int_range (rand, 1, n + 1);

      g_ptr_array_remove_index (h->ref->tracks, position - 1);
      if (position == 1)
        ref_default_first_gap (h->ref);
      g_assert_true (lq_project_remove_track (p, position, &error));
    }
  else if (r < 75)
    {
      guint position = g_rand_int_range (rand, 1, n + 1);
      guint count = g_rand_int_range (rand, 1, 4), nf;
      const LqField *fields = lq_project_fields_track (&nf);
      g_autoptr(GPtrArray) assignments = g_ptr_array_new_with_free_func (g_free);
      RefTrack *t = g_ptr_array_index (h->ref->tracks, position - 1);

      /* Distinct keys: x=1 x=<old> in one call changes nothing yet is a step. */
      guint first = g_rand_int_range (rand, 0, nf);
      for (guint i = 0; i < count; i++)
        {
          const LqField *field = &fields[(first + i * 5) % nf];
          g_autofree char *value = random_value (field, rand);

          g_free (t->values[field_index (fields, field)]);
          t->values[field_index (fields, field)] = normal (field, value);
          g_ptr_array_add (assignments, g_strdup_printf ("%s=%s", field->key, value));
        }
      g_ptr_array_add (assignments, NULL);
      g_assert_true (lq_project_set_track (p, position, (const char *const *) assignments->pdata, &error));
    }
  else if (r < 88)
    {
      guint nf;
      const LqField *fields = lq_project_fields_album (&nf);
      const LqField *field = &fields[g_rand_int_range (rand, 0, nf)];
      g_autofree char *value = random_value (field, rand);
      g_autofree char *assignment = g_strdup_printf ("%s=%s", field->key, value);

      g_free (h->ref->album[field_index (fields, field)]);
      h->ref->album[field_index (fields, field)] = normal (field, value);
      set_album_ok (p, assignment);
    }
  else if (r < 95)
    {
      ref_free (before);
      if (h->undo->len == 0)
        return;
      undo_ok (p);
      g_ptr_array_add (h->redo, h->ref);
      h->ref = g_ptr_array_steal_index (h->undo, h->undo->len - 1);
      return;
    }
  else
    {
      ref_free (before);
      if (h->redo->len == 0)
        return;
      redo_ok (p);
      g_ptr_array_add (h->undo, h->ref);
      h->ref = g_ptr_array_steal_index (h->redo, h->redo->len - 1);
      return;
    }
  g_assert_no_error (error);
  history_edited (h, before);
}

static void
test_random_sequences (Fixture *f, gconstpointer data)
{
  const guint32 seeds[] = { 20240601, 7, 4242 };
  const guint n_steps = g_test_slow () ? 400 : 70;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[s]);
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_strdup_printf ("%s/random-%u.lacquer", f->dir, s);
      g_autofree char *empty = NULL;
      g_autofree char *final = NULL;
      History h = { ref_new (), g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free),
                    g_ptr_array_new_with_free_func ((GDestroyNotify) ref_free) };
      LqProject *p = lq_project_create (path, &error);
      guint reopen_at;

      g_assert_no_error (error);
      empty = ref_snapshot (h.ref);
      for (guint i = 0; i < n_steps; i++)
        {
          random_step (f, p, &h, rand);
          check_against (p, &h);
          if (i == n_steps / 2)
            {
              close_project (p);
              p = open_ok (path, FALSE);
              check_against (p, &h);
            }
        }
      final = ref_snapshot (h.ref);

      /* Undo everything, reopening halfway. */
      reopen_at = h.undo->len / 2;
      while (h.undo->len > 0)
        {
          undo_ok (p);
          g_ptr_array_add (h.redo, h.ref);
          h.ref = g_ptr_array_steal_index (h.undo, h.undo->len - 1);
          check_against (p, &h);
          if (h.undo->len == reopen_at)
            {
              close_project (p);
              p = open_ok (path, FALSE);
              check_against (p, &h);
            }
        }
      assert_snapshot (p, empty);
      g_assert_cmpuint (lq_project_get_n_tracks (p), ==, 0);

      /* Redo everything, likewise. */
      reopen_at = h.redo->len / 2;
      while (h.redo->len > 0)
        {
          redo_ok (p);
          g_ptr_array_add (h.undo, h.ref);
          h.ref = g_ptr_array_steal_index (h.redo, h.redo->len - 1);
          check_against (p, &h);
          if (h.redo->len == reopen_at)
            {
              close_project (p);
              p = open_ok (path, FALSE);
              check_against (p, &h);
            }
        }
      assert_snapshot (p, final);
      close_project (p);
      assert_integrity (path);

      ref_free (h.ref);
      g_ptr_array_unref (h.undo);
      g_ptr_array_unref (h.redo);
    }
}


int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/project/undo-across-reopen", Fixture, NULL, fixture_setup, test_undo_across_reopen, fixture_teardown);
  g_test_add ("/project/random-sequences", Fixture, NULL, fixture_setup, test_random_sequences, fixture_teardown);

  return g_test_run ();
}
