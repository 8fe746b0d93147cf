/* lq-cli-keys.h: the keys a terminal sends, decoded from its bytes.
 *
 * A key press arrives as one byte ("q"), a UTF-8 sequence, or an escape
 * sequence (Left is ESC [ D, or ESC O D in application mode; Home is
 * ESC [ H, ESC O H, ESC [ 1 ~ or ESC [ 7 ~). A read() may end anywhere
 * inside a sequence: the decoder keeps what it has and carries on with the
 * next read. Sequences it does not know are dropped whole. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LQ_CLI_KEY_CHAR,     /* ch: a character (also control characters) */
  LQ_CLI_KEY_ESCAPE,   /* a lone ESC */
  LQ_CLI_KEY_UP,
  LQ_CLI_KEY_DOWN,
  LQ_CLI_KEY_LEFT,
  LQ_CLI_KEY_RIGHT,
  LQ_CLI_KEY_HOME,
  LQ_CLI_KEY_END,
} LqCliKeyType;

typedef struct
{
  LqCliKeyType type;
  gunichar ch;
} LqCliKey;

#define LQ_CLI_KEY_SEQUENCE_MAX 16

typedef struct
{
  guchar pending[LQ_CLI_KEY_SEQUENCE_MAX];
  guint n_pending;
} LqCliKeyDecoder;

void lq_cli_key_decoder_init (LqCliKeyDecoder *self);
/* Takes one byte; returns how many keys it completed (0 to 2: an ESC
 * followed by a byte that starts no sequence gives ESC and that key) into
 * @keys, which has room for two. */
guint lq_cli_key_decoder_feed (LqCliKeyDecoder *self,
                               guchar byte,
                               LqCliKey *keys);
/* The input paused: a lone ESC waiting for more is ESC. Returns 0 or 1. */
guint lq_cli_key_decoder_flush (LqCliKeyDecoder *self,
                                LqCliKey *key);

G_END_DECLS
