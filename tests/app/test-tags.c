/* test-tags.c: release tags in WAV, FLAC and AIFF, written as lq-render
 * writes a file (libsndfile on a new file descriptor, lq_tags_write_header()
 * before the audio, lq_tags_finish_file() after sf_close()), read back by
 * lq_tags_read() and by real readers: ffprobe, metaflac and flac -t. The
 * audio must decode to the same samples as the same file without tags. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sndfile.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lq-error.h"
#include "lq-tags.h"
#include "lq-test-audio.h"

#define RATE 44100
#define FRAMES 30000
#define ISRC "GBAYE0601498"
#define UNICODE_TITLE "Ünïcødé — 東京"
#define QUOTED_TITLE "She said \"stop\" —\nand 'left'\r\n\tback\\slash"

typedef struct
{
  const char *name;
  const char *ext;
  int format;
} Format;

static const Format formats[] = {
  { "wav-16", "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16 },
  { "wav-24", "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24 },
  { "wav-32f", "wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT },
  { "flac-16", "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
  { "flac-24", "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24 },
  { "aiff-16", "aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16 },
  { "aiff-24", "aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24 },
};

static const LqTags full_tags = {
  .title = UNICODE_TITLE,
  .artist = "Ärtist & Friends",
  .album_artist = "The Älbum Artist",
  .album = "Album «Zwei»",
  .composer = "Cömposer",
  .genre = "Post-Rock",
  .date = "2024-05-17",
  .isrc = ISRC,
  .comment = "Mastered with Lacquer",
  .track_number = 3,
  .n_tracks = 12,
};

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f,
               gconstpointer data)
{
  f->dir = lq_test_tmpdir ();
}

static void
fixture_teardown (Fixture *f,
                  gconstpointer data)
{
  lq_test_rmdir (f->dir);
  g_free (f->dir);
}

static int
sample (guint64 i,
        guint c)
{
  guint64 z = (i * 2 + c + 1) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z ^= z >> 27;
  /* An eighth of full scale in 16-bit steps: every format holds it exactly. */
  return (int) (((gint64) (z >> 50) - 8192) * 65536);
}

/* Writes @path the way lq-render.c does; @tags NULL: no tags at all.
 * FALSE with @error when lq-tags refuses. */
static gboolean
write_file (const char *path,
            int format,
            const LqTags *tags,
            GError **error)
{
  SF_INFO info = { .samplerate = RATE, .channels = 2, .format = format };
  g_autofree int *buf = g_new (int, FRAMES * 2);
  SNDFILE *file;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  g_assert_cmpint (fd, >=, 0);
  file = sf_open_fd (fd, SFM_WRITE, &info, FALSE);
  g_assert_nonnull (file);
  if (tags != NULL && !lq_tags_write_header (file, format, tags, error))
    {
      sf_close (file);
      close (fd);
      return FALSE;
    }
  for (guint64 i = 0; i < FRAMES; i++)
    for (guint c = 0; c < 2; c++)
      buf[i * 2 + c] = sample (i, c);
  g_assert_cmpint (sf_writef_int (file, buf, FRAMES), ==, FRAMES);
  g_assert_cmpint (sf_close (file), ==, 0);
  g_assert_cmpint (fsync (fd), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);
  if (tags != NULL)
    return lq_tags_finish_file (path, format, tags, error);
  return TRUE;
}

static char *
write_tagged (Fixture *f,
              const Format *fmt,
              const char *name,
              const LqTags *tags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_strdup_printf ("%s.%s", name, fmt->ext);
  char *path = g_build_filename (f->dir, base, NULL);

  g_assert_true (write_file (path, fmt->format, tags, &error));
  g_assert_no_error (error);
  return path;
}

/* Every sample, as 32-bit integers. */
static GArray *
decode (const char *path)
{
  SF_INFO info = { 0 };
  SNDFILE *file = sf_open (path, SFM_READ, &info);
  GArray *samples;

  g_assert_nonnull (file);
  g_assert_cmpint (info.channels, ==, 2);
  g_assert_cmpint (info.samplerate, ==, RATE);
  samples = g_array_sized_new (FALSE, TRUE, sizeof (int), (guint) info.frames * 2);
  g_array_set_size (samples, (guint) info.frames * 2);
  g_assert_cmpint (sf_readf_int (file, (int *) samples->data, info.frames), ==, info.frames);
  sf_close (file);
  return samples;
}

static void
assert_same_audio (const char *a,
                   const char *b)
{
  g_autoptr(GArray) x = decode (a);
  g_autoptr(GArray) y = decode (b);

  g_assert_cmpuint (x->len, ==, FRAMES * 2);
  g_assert_cmpuint (x->len, ==, y->len);
  g_assert_cmpmem (x->data, x->len * sizeof (int), y->data, y->len * sizeof (int));
  for (guint64 i = 0; i < 100; i++)
    g_assert_cmpint (g_array_index (x, int, i * 2 + 1), ==, sample (i, 1));
}

static void
assert_tags_equal (const LqTags *got,
                   const LqTags *want)
{
  g_assert_cmpstr (got->title, ==, want->title);
  g_assert_cmpstr (got->artist, ==, want->artist);
  g_assert_cmpstr (got->album_artist, ==, want->album_artist);
  g_assert_cmpstr (got->album, ==, want->album);
  g_assert_cmpstr (got->composer, ==, want->composer);
  g_assert_cmpstr (got->genre, ==, want->genre);
  g_assert_cmpstr (got->date, ==, want->date);
  g_assert_cmpstr (got->isrc, ==, want->isrc);
  g_assert_cmpstr (got->comment, ==, want->comment);
  g_assert_cmpuint (got->track_number, ==, want->track_number);
  g_assert_cmpuint (got->n_tracks, ==, want->n_tracks);
}

/* Runs @argv; TRUE and its output when it exited with 0. */
static gboolean
run (const char *const *argv,
     char **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_test_message ("%s failed: %s", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

/* Whether @tool is on the PATH. build-aux/install-deps.sh installs it (Debian
 * package @package), so a missing one is no reason to skip: the test fails
 * and says what to install. */
static gboolean
have_tool (const char *tool,
           const char *package)
{
  g_autofree char *path = g_find_program_in_path (tool);

  if (path != NULL)
    return TRUE;
  g_test_fail_printf ("%s is not installed: build-aux/install-deps.sh installs it "
                      "(Debian package %s)", tool, package);
  return FALSE;
}

/* ffprobe's format tags, or NULL (and the test failed) without ffprobe. */
static JsonObject *
ffprobe (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "format_tags",
                         "-of", "json", path, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *format;

  if (!have_tool ("ffprobe", "ffmpeg"))
    return NULL;
  g_assert_true (run (argv, &out));
  g_test_message ("ffprobe %s: %s", path, out);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  format = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "format");
  g_assert_nonnull (format);
  if (!json_object_has_member (format, "tags"))
    return json_object_new ();
  return json_object_ref (json_object_get_object_member (format, "tags"));
}

/* The tag named one of @names (NULL-terminated, any case), or NULL. */
static const char *
probe_get (JsonObject *tags,
           const char *const *names)
{
  g_autoptr(GList) members = json_object_get_members (tags);

  for (guint i = 0; names[i] != NULL; i++)
    for (GList *l = members; l != NULL; l = l->next)
      if (g_ascii_strcasecmp (l->data, names[i]) == 0)
        return json_object_get_string_member (tags, l->data);
  return NULL;
}

#define PROBE(tags, ...) probe_get ((tags), (const char *const[]) { __VA_ARGS__, NULL })

static const Format *
format_of (gconstpointer data)
{
  return data;
}

static void
test_round_trip (Fixture *f,
                 gconstpointer data)
{
  const Format *fmt = format_of (data);
  g_autofree char *plain = write_tagged (f, fmt, "plain", NULL);
  g_autofree char *path = write_tagged (f, fmt, "full", &full_tags);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTags) got = lq_tags_read (path, &error);

  g_assert_no_error (error);
  assert_tags_equal (got, &full_tags);
  assert_same_audio (path, plain);

  /* libsndfile's own reader (lq-audio-reader's titles): the Vorbis
   * comments of FLAC, NAME and AUTH of AIFF; WAV has no INFO chunk. */
  {
    SF_INFO info = { 0 };
    SNDFILE *file = sf_open (path, SFM_READ, &info);
    gboolean wav = g_str_equal (fmt->ext, "wav");

    g_assert_nonnull (file);
    g_assert_cmpstr (sf_get_string (file, SF_STR_TITLE), ==, wav ? NULL : UNICODE_TITLE);
    g_assert_cmpstr (sf_get_string (file, SF_STR_ARTIST), ==, wav ? NULL : full_tags.artist);
    if (g_str_equal (fmt->ext, "flac"))
      g_assert_cmpstr (sf_get_string (file, SF_STR_TRACKNUMBER), ==, "3");
    sf_close (file);
  }

  /* A file without tags reads as empty. */
  {
    g_autoptr(LqTags) none = lq_tags_read (plain, &error);
    const LqTags empty = { 0 };

    g_assert_no_error (error);
    assert_tags_equal (none, &empty);
  }
}

static void
test_ffprobe (Fixture *f,
              gconstpointer data)
{
  const Format *fmt = format_of (data);
  g_autofree char *path = write_tagged (f, fmt, "full", &full_tags);
  g_autoptr(JsonObject) tags = ffprobe (path);
  const char *track;

  if (tags == NULL)
    return;
  g_assert_cmpstr (PROBE (tags, "title"), ==, UNICODE_TITLE);
  g_assert_cmpstr (PROBE (tags, "artist"), ==, full_tags.artist);
  g_assert_cmpstr (PROBE (tags, "album"), ==, full_tags.album);
  g_assert_cmpstr (PROBE (tags, "album_artist", "ALBUMARTIST"), ==, full_tags.album_artist);
  g_assert_cmpstr (PROBE (tags, "composer"), ==, full_tags.composer);
  g_assert_cmpstr (PROBE (tags, "genre"), ==, full_tags.genre);
  g_assert_cmpstr (PROBE (tags, "date"), ==, full_tags.date);
  g_assert_cmpstr (PROBE (tags, "comment"), ==, full_tags.comment);
  /* ID3 TSRC in WAV and AIFF, the ISRC Vorbis comment in FLAC. */
  g_assert_cmpstr (PROBE (tags, g_str_equal (fmt->ext, "flac") ? "ISRC" : "TSRC"), ==, ISRC);
  track = PROBE (tags, "track");
  g_assert_nonnull (track);
  g_assert_true (g_str_equal (track, "3/12") || g_str_equal (track, "3"));
  if (g_str_equal (fmt->ext, "flac"))
    g_assert_cmpstr (PROBE (tags, "TRACKTOTAL"), ==, "12");
  else
    g_assert_cmpstr (track, ==, "3/12");
}

static void
test_special_text (Fixture *f,
                   gconstpointer data)
{
  const Format *fmt = format_of (data);
  const LqTags tags = {
    .title = QUOTED_TITLE,
    .artist = "\"Quoted\" 'Artist'",
    .comment = "line 1\nline 2\n",
    .isrc = "gb-aye-06-01498",   /* normalised */
  };
  g_autofree char *path = write_tagged (f, fmt, "quoted", &tags);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTags) got = lq_tags_read (path, &error);
  g_autoptr(JsonObject) probed = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (got->title, ==, QUOTED_TITLE);
  g_assert_cmpstr (got->artist, ==, tags.artist);
  g_assert_cmpstr (got->comment, ==, tags.comment);
  g_assert_cmpstr (got->isrc, ==, ISRC);

  probed = ffprobe (path);
  if (probed == NULL)
    return;
  g_assert_cmpstr (PROBE (probed, "title"), ==, QUOTED_TITLE);
  g_assert_cmpstr (PROBE (probed, "artist"), ==, tags.artist);
  g_assert_cmpstr (PROBE (probed, "ISRC", "TSRC"), ==, ISRC);
}

static void
test_absent (Fixture *f,
             gconstpointer data)
{
  const Format *fmt = format_of (data);
  const LqTags some = { .title = "Only a Title", .album = "", .track_number = 7 };
  const LqTags none = { 0 };
  g_autofree char *plain = write_tagged (f, fmt, "plain", NULL);
  g_autofree char *path = write_tagged (f, fmt, "some", &some);
  g_autofree char *empty = write_tagged (f, fmt, "empty", &none);
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTags) got = lq_tags_read (path, &error);
  g_autoptr(LqTags) got_none = NULL;
  g_autoptr(JsonObject) probed = NULL;

  g_assert_no_error (error);
  assert_tags_equal (got, &(LqTags) { .title = "Only a Title", .track_number = 7 });
  got_none = lq_tags_read (empty, &error);
  g_assert_no_error (error);
  assert_tags_equal (got_none, &none);
  assert_same_audio (path, plain);
  assert_same_audio (empty, plain);

  probed = ffprobe (path);
  if (probed == NULL)
    return;
  g_assert_cmpstr (PROBE (probed, "title"), ==, "Only a Title");
  g_assert_cmpstr (PROBE (probed, "track"), ==, "7");
  g_assert_null (PROBE (probed, "album"));
  g_assert_null (PROBE (probed, "artist"));
  g_assert_null (PROBE (probed, "date"));
  g_assert_null (PROBE (probed, "ISRC", "TSRC"));
  g_assert_null (PROBE (probed, "TRACKTOTAL"));
}

static guint
count_lines (const char *text,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (g_strstrip (lines[i]), prefix);
  return n;
}

/* metaflac and the reference decoder; a second lq_tags_finish_file() on
 * the same file changes the tags in place, in the padding, and does not
 * duplicate them. */
static void
test_flac_tools (Fixture *f,
                 gconstpointer data)
{
  const Format *fmt = format_of (data);
  g_autofree char *path = write_tagged (f, fmt, "full", &full_tags);
  g_autofree char *plain = write_tagged (f, fmt, "plain", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_strconcat (path, ".tags", NULL);
  LqTags retag = full_tags;
  struct stat before, after;

  if (!have_tool ("metaflac", "flac") || !have_tool ("flac", "flac"))
    return;
  g_assert_true (run ((const char *[]) { "metaflac", "--list", path, NULL }, &out));
  g_test_message ("%s", out);
  g_assert_cmpuint (count_lines (out, "comment["), ==, 12);
  /* Keys in upper case, the encoder as ENCODER (not libsndfile's "software"). */
  g_assert_nonnull (strstr (out, ": ENCODER=Lacquer "));
  g_assert_null (strstr (out, "software="));
  g_assert_nonnull (strstr (out, ": ALBUMARTIST=The Älbum Artist\n"));
  {
    g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      {
        const char *key = strstr (lines[i], "]: ");
        const char *eq = key != NULL ? strchr (key, '=') : NULL;

        if (strstr (lines[i], "comment[") == NULL || key == NULL || eq == NULL)
          continue;
        for (const char *c = key + 3; c < eq; c++)
          g_assert_false (g_ascii_islower (*c));
      }
  }
  g_assert_nonnull (strstr (out, ": TITLE=" UNICODE_TITLE "\n"));
  g_assert_nonnull (strstr (out, ": ARTIST=Ärtist & Friends\n"));
  g_assert_nonnull (strstr (out, ": ALBUM=Album «Zwei»\n"));
  g_assert_nonnull (strstr (out, ": COMPOSER=Cömposer\n"));
  g_assert_nonnull (strstr (out, ": GENRE=Post-Rock\n"));
  g_assert_nonnull (strstr (out, ": DATE=2024-05-17\n"));
  g_assert_nonnull (strstr (out, ": TRACKNUMBER=3\n"));
  g_assert_nonnull (strstr (out, ": TRACKTOTAL=12\n"));
  g_assert_nonnull (strstr (out, ": ISRC=" ISRC "\n"));
  g_assert_nonnull (strstr (out, ": COMMENT=Mastered with Lacquer\n"));
  g_assert_nonnull (strstr (out, "type: 1 (PADDING)"));
  g_assert_true (run ((const char *[]) { "flac", "-t", "-s", path, NULL }, NULL));

  g_assert_cmpint (g_stat (path, &before), ==, 0);
  retag.title = "Second Title";
  retag.isrc = "USRC17607839";
  retag.composer = NULL;
  g_assert_true (lq_tags_finish_file (path, fmt->format, &retag, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  g_assert_cmpint (before.st_size, ==, after.st_size);

  g_clear_pointer (&out, g_free);
  g_assert_true (run ((const char *[]) { "metaflac", "--list", path, NULL }, &out));
  g_assert_cmpuint (count_lines (out, "comment["), ==, 11);
  g_assert_nonnull (strstr (out, ": TITLE=Second Title\n"));
  g_assert_nonnull (strstr (out, ": ISRC=USRC17607839\n"));
  g_assert_null (strstr (out, "COMPOSER="));
  g_assert_null (strstr (out, UNICODE_TITLE));
  g_assert_true (run ((const char *[]) { "flac", "-t", "-s", path, NULL }, NULL));
  assert_same_audio (path, plain);
  g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
}

/* Values that are not allowed are refused before anything is written. */
static void
test_invalid (Fixture *f,
              gconstpointer data)
{
  const Format *fmt = format_of (data);
  g_autofree char *long_text = g_strnfill (LQ_TAGS_MAX_TEXT + 1, 'x');
  g_autofree char *longest = g_strnfill (LQ_TAGS_MAX_TEXT, 'x');
  const LqTags bad[] = {
    { .title = "Bad \xff\xfe UTF-8" },
    { .artist = "\xc3" },
    { .isrc = "GB-AYE-06-0149" },
    { .isrc = "1BAYE0601498" },
    { .date = "17/05/2024" },
    { .date = "2024-13" },
    { .date = "2024-05-32" },
    { .date = "24" },
    { .track_number = 13, .n_tracks = 12 },
    { .comment = long_text },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *base = g_strdup_printf ("bad-%u.%s", i, fmt->ext);
      g_autofree char *path = g_build_filename (f->dir, base, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_false (write_file (path, fmt->format, &bad[i], &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
      g_test_message ("%s", error->message);
      g_clear_error (&error);
      g_assert_false (lq_tags_finish_file (path, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, &bad[i],
                                           &error));
      g_assert_error (error, LQ_ERROR, LQ_ERROR_INVALID_VALUE);
    }

  /* The limit itself is allowed, in every field at once. */
  {
    const LqTags big = { .title = longest, .artist = longest, .album = longest,
                         .composer = longest, .genre = longest, .comment = longest,
                         .date = "2024", .isrc = ISRC, .track_number = 1 };
    g_autofree char *plain = write_tagged (f, fmt, "plain", NULL);
    g_autofree char *path = write_tagged (f, fmt, "big", &big);
    g_autoptr(GError) error = NULL;
    g_autoptr(LqTags) got = lq_tags_read (path, &error);

    g_assert_no_error (error);
    assert_tags_equal (got, &big);
    assert_same_audio (path, plain);
  }
}

static void
test_finish_errors (Fixture *f,
                    gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.flac", NULL);
  g_autofree char *text = g_build_filename (f->dir, "text.flac", NULL);
  g_autofree char *wav = g_build_filename (f->dir, "a.wav", NULL);
  g_autofree char *sum = NULL;
  g_autofree char *sum_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LqTags) got = NULL;

  g_assert_false (lq_tags_finish_file (missing, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, &full_tags,
                                       &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* Not a FLAC file: refused, left as it was. */
  g_assert_true (g_file_set_contents (text, "not audio at all\n", -1, NULL));
  sum = lq_test_checksum (text);
  g_assert_false (lq_tags_finish_file (text, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, &full_tags,
                                       &error));
  g_assert_error (error, LQ_ERROR, LQ_ERROR_IO);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  sum_after = lq_test_checksum (text);
  g_assert_cmpstr (sum, ==, sum_after);

  got = lq_tags_read (text, &error);
  g_assert_null (got);
  g_assert_error (error, LQ_ERROR, LQ_ERROR_NOT_AUDIO);
  g_clear_error (&error);

  /* Nothing to do after the fact for WAV and AIFF. */
  g_assert_true (write_file (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, NULL, NULL));
  g_free (sum);
  sum = lq_test_checksum (wav);
  g_assert_true (lq_tags_finish_file (wav, SF_FORMAT_WAV | SF_FORMAT_PCM_16, &full_tags, &error));
  g_assert_no_error (error);
  g_free (sum_after);
  sum_after = lq_test_checksum (wav);
  g_assert_cmpstr (sum, ==, sum_after);
}

/* Damaged ID3 chunks (sizes past the end, bad encodings, an unterminated
 * comment) are read without crashing; the INFO title is used instead. */
static void
test_damaged_id3 (Fixture *f,
                  gconstpointer data)
{
  static const guint8 tags[][40] = {
    /* tag size past the chunk, frame size past the tag */
    { 'I', 'D', '3', 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f, 'T', 'I', 'T', '2', 0x7f, 0x7f, 0x7f, 0x7f, 0, 0, 3, 'x' },
    /* encoding 9, an unterminated comment, an odd UTF-16 text */
    { 'I', 'D', '3', 4, 0, 0, 0, 0, 0, 30, 'T', 'P', 'E', '1', 0, 0, 0, 2, 0, 0, 9, 'x',
      'C', 'O', 'M', 'M', 0, 0, 0, 4, 0, 0, 3, 'e', 'n', 'g' },
    /* ID3v2.2, not read */
    { 'I', 'D', '3', 2, 0, 0, 0, 0, 0, 12, 'T', 'T', '2', 0, 0, 5, 0, 'a', 'b', 'c', 'd' },
    /* an extended header larger than the tag */
    { 'I', 'D', '3', 4, 0, 0x40, 0, 0, 0, 20, 0, 0, 0x7f, 0x7f },
    /* UTF-16 with an odd length, a truncated TRCK */
    { 'I', 'D', '3', 3, 0, 0, 0, 0, 0, 24, 'T', 'A', 'L', 'B', 0, 0, 0, 4, 0, 0, 1, 0xff, 0xfe, 'a',
      'T', 'R', 'C', 'K', 0, 0, 0, 1, 0, 0, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_autofree char *base = g_strdup_printf ("damaged-%u.wav", i);
      g_autofree char *path = g_build_filename (f->dir, base, NULL);
      SF_INFO info = { .samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
      SF_CHUNK_INFO chunk = { .id = "id3 ", .id_size = 4, .datalen = sizeof tags[i],
                              .data = (void *) tags[i] };
      int buf[4] = { 0 };
      SNDFILE *file = sf_open (path, SFM_WRITE, &info);
      g_autoptr(GError) error = NULL;
      g_autoptr(LqTags) got = NULL;

      g_assert_nonnull (file);
      g_assert_cmpint (sf_set_string (file, SF_STR_TITLE, "Info Title"), ==, 0);
      g_assert_cmpint (sf_set_chunk (file, &chunk), ==, 0);
      g_assert_cmpint (sf_writef_int (file, buf, 2), ==, 2);
      g_assert_cmpint (sf_close (file), ==, 0);

      got = lq_tags_read (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (got->title, ==, "Info Title");
      g_assert_null (got->artist);
      g_assert_null (got->album);
      g_assert_null (got->comment);
      g_assert_cmpuint (got->track_number, ==, 0);
    }
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      const char *n = formats[i].name;
      g_autofree char *round_trip = g_strdup_printf ("/tags/%s/round-trip", n);
      g_autofree char *probe = g_strdup_printf ("/tags/%s/ffprobe", n);
      g_autofree char *special = g_strdup_printf ("/tags/%s/special-text", n);
      g_autofree char *absent = g_strdup_printf ("/tags/%s/absent", n);
      g_autofree char *invalid = g_strdup_printf ("/tags/%s/invalid", n);

      g_test_add (round_trip, Fixture, &formats[i], fixture_setup, test_round_trip,
                  fixture_teardown);
      g_test_add (probe, Fixture, &formats[i], fixture_setup, test_ffprobe, fixture_teardown);
      g_test_add (special, Fixture, &formats[i], fixture_setup, test_special_text,
                  fixture_teardown);
      g_test_add (absent, Fixture, &formats[i], fixture_setup, test_absent, fixture_teardown);
      g_test_add (invalid, Fixture, &formats[i], fixture_setup, test_invalid, fixture_teardown);
      if (g_str_equal (formats[i].ext, "flac"))
        {
          g_autofree char *tools = g_strdup_printf ("/tags/%s/metaflac", n);

          g_test_add (tools, Fixture, &formats[i], fixture_setup, test_flac_tools,
                      fixture_teardown);
        }
    }
  g_test_add ("/tags/finish-errors", Fixture, NULL, fixture_setup, test_finish_errors,
              fixture_teardown);
  g_test_add ("/tags/damaged-id3", Fixture, NULL, fixture_setup, test_damaged_id3,
              fixture_teardown);

  return g_test_run ();
}
