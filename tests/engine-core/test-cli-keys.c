/* test-cli-keys.c: the terminal key decoder of `play` and `abx`
 * (app/cli/lq-cli-keys.c): single bytes, UTF-8, the escape sequences of
 * the arrow, Home and End keys in their common forms, each also split
 * across reads at every byte, unknown sequences dropped whole, a lone ESC. */
#include "config.h"

#include <string.h>

#include "lq-cli-keys.h"

/* Feeds @bytes in reads of @chunk bytes (the decoder keeps its state
 * between them, as between read() calls); the keys into @keys. */
static guint
decode (const char *bytes,
        gsize chunk,
        LqCliKey *keys,
        guint max_keys)
{
  LqCliKeyDecoder decoder;
  gsize n = strlen (bytes);
  guint n_keys = 0;

  lq_cli_key_decoder_init (&decoder);
  for (gsize start = 0; start < n; start += chunk)
    for (gsize i = start; i < MIN (n, start + chunk); i++)
      {
        LqCliKey got[2];
        guint k = lq_cli_key_decoder_feed (&decoder, (guchar) bytes[i], got);

        for (guint j = 0; j < k; j++)
          {
            g_assert_cmpuint (n_keys, <, max_keys);
            keys[n_keys++] = got[j];
          }
      }
  return n_keys;
}

static void
test_plain (void)
{
  LqCliKey keys[8];
  guint n = decode ("12aq ", 1, keys, G_N_ELEMENTS (keys));

  g_assert_cmpuint (n, ==, 5);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (keys[i].type, ==, LQ_CLI_KEY_CHAR);
      g_assert_cmpuint (keys[i].ch, ==, (gunichar) "12aq "[i]);
    }
}

static void
test_utf8 (void)
{
  LqCliKey keys[4];
  guint n = decode ("ä€x", 1, keys, G_N_ELEMENTS (keys));

  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (keys[0].ch, ==, 0xe4);
  g_assert_cmpuint (keys[1].ch, ==, 0x20ac);
  g_assert_cmpuint (keys[2].ch, ==, 'x');
}

static void
test_sequences (void)
{
  static const struct
  {
    const char *bytes;
    LqCliKeyType type;
  } cases[] = {
    { "\033[D", LQ_CLI_KEY_LEFT },
    { "\033[C", LQ_CLI_KEY_RIGHT },
    { "\033[A", LQ_CLI_KEY_UP },
    { "\033[B", LQ_CLI_KEY_DOWN },
    { "\033OD", LQ_CLI_KEY_LEFT },    /* application cursor mode */
    { "\033OC", LQ_CLI_KEY_RIGHT },
    { "\033[H", LQ_CLI_KEY_HOME },
    { "\033OH", LQ_CLI_KEY_HOME },
    { "\033[1~", LQ_CLI_KEY_HOME },
    { "\033[7~", LQ_CLI_KEY_HOME },   /* rxvt */
    { "\033[F", LQ_CLI_KEY_END },
    { "\033OF", LQ_CLI_KEY_END },
    { "\033[4~", LQ_CLI_KEY_END },
    { "\033[8~", LQ_CLI_KEY_END },
    { "\033[1;5C", LQ_CLI_KEY_RIGHT }, /* Ctrl+Right: the modifier is ignored */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (gsize chunk = 1; chunk <= strlen (cases[c].bytes); chunk++)
      {
        /* The key between two others, split into reads of every size. */
        g_autofree char *bytes = g_strdup_printf ("1%s2", cases[c].bytes);
        LqCliKey keys[4];
        guint n = decode (bytes, chunk, keys, G_N_ELEMENTS (keys));

        g_test_message ("%s in reads of %" G_GSIZE_FORMAT, cases[c].bytes + 1, chunk);
        g_assert_cmpuint (n, ==, 3);
        g_assert_cmpint (keys[0].type, ==, LQ_CLI_KEY_CHAR);
        g_assert_cmpuint (keys[0].ch, ==, '1');
        g_assert_cmpint (keys[1].type, ==, cases[c].type);
        g_assert_cmpint (keys[2].type, ==, LQ_CLI_KEY_CHAR);
        g_assert_cmpuint (keys[2].ch, ==, '2');
      }
}

static void
test_split_at_every_byte (void)
{
  /* Left, Right, q fed one byte per read: the decoder waits inside the
   * sequences and gives nothing early. */
  const char *bytes = "\033[D\033[Cq";
  LqCliKeyDecoder decoder;
  guint given[8] = { 0 };

  lq_cli_key_decoder_init (&decoder);
  for (guint i = 0; i < strlen (bytes); i++)
    {
      LqCliKey keys[2];

      given[i] = lq_cli_key_decoder_feed (&decoder, (guchar) bytes[i], keys);
      if (i == 2)
        g_assert_cmpint (keys[0].type, ==, LQ_CLI_KEY_LEFT);
      if (i == 5)
        g_assert_cmpint (keys[0].type, ==, LQ_CLI_KEY_RIGHT);
    }
  g_assert_cmpuint (given[0] + given[1], ==, 0);
  g_assert_cmpuint (given[2], ==, 1);
  g_assert_cmpuint (given[3] + given[4], ==, 0);
  g_assert_cmpuint (given[5], ==, 1);
  g_assert_cmpuint (given[6], ==, 1);
}

static void
test_unknown_dropped (void)
{
  LqCliKey keys[4];
  /* F5 (ESC [ 15 ~), a mouse-less unknown final, an over-long sequence. */
  guint n = decode ("\033[15~a\033[99zb\033[1;2;3;4;5;6;7;8;9;10Cc", 1, keys, G_N_ELEMENTS (keys));

  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (keys[0].ch, ==, 'a');
  g_assert_cmpuint (keys[1].ch, ==, 'b');
  g_assert_cmpuint (keys[2].ch, ==, 'c');
}

static void
test_escape (void)
{
  LqCliKeyDecoder decoder;
  LqCliKey keys[4];
  LqCliKey key;
  guint n;

  /* ESC then a plain key: both. */
  n = decode ("\033q", 1, keys, G_N_ELEMENTS (keys));
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (keys[0].type, ==, LQ_CLI_KEY_ESCAPE);
  g_assert_cmpint (keys[1].type, ==, LQ_CLI_KEY_CHAR);
  g_assert_cmpuint (keys[1].ch, ==, 'q');

  /* A lone ESC when the input pauses. */
  lq_cli_key_decoder_init (&decoder);
  g_assert_cmpuint (lq_cli_key_decoder_feed (&decoder, 0x1b, keys), ==, 0);
  g_assert_cmpuint (lq_cli_key_decoder_flush (&decoder, &key), ==, 1);
  g_assert_cmpint (key.type, ==, LQ_CLI_KEY_ESCAPE);
  g_assert_cmpuint (lq_cli_key_decoder_flush (&decoder, &key), ==, 0);
}

int
main (int argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-keys/plain", test_plain);
  g_test_add_func ("/cli-keys/utf8", test_utf8);
  g_test_add_func ("/cli-keys/sequences", test_sequences);
  g_test_add_func ("/cli-keys/split-at-every-byte", test_split_at_every_byte);
  g_test_add_func ("/cli-keys/unknown-dropped", test_unknown_dropped);
  g_test_add_func ("/cli-keys/escape", test_escape);
  return g_test_run ();
}
