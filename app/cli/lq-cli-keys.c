/* lq-cli-keys.c: a terminal's bytes to keys (see lq-cli-keys.h). */
#include "config.h"

#include "lq-cli-keys.h"

#define ESC 0x1b

void
lq_cli_key_decoder_init (LqCliKeyDecoder *self)
{
  self->n_pending = 0;
}

/* The length of the UTF-8 sequence led by @byte, 1 for a byte that leads
 * none (taken as it is). */
static guint
utf8_length (guchar byte)
{
  if (byte >= 0xf0)
    return byte < 0xf8 ? 4 : 1;
  if (byte >= 0xe0)
    return 3;
  if (byte >= 0xc0)
    return 2;
  return 1;
}

/* A complete CSI (ESC [ ...) or SS3 (ESC O x) sequence @s of @n bytes as a
 * key; FALSE for one this does not know. The parameters after a ';'
 * (modifiers, as in ESC [ 1 ; 5 C) are ignored. */
static gboolean
sequence_key (const guchar *s,
              guint n,
              LqCliKey *key)
{
  guint number = 0;

  key->ch = 0;
  switch (s[n - 1])
    {
    case 'A': key->type = LQ_CLI_KEY_UP; return TRUE;
    case 'B': key->type = LQ_CLI_KEY_DOWN; return TRUE;
    case 'C': key->type = LQ_CLI_KEY_RIGHT; return TRUE;
    case 'D': key->type = LQ_CLI_KEY_LEFT; return TRUE;
    case 'H': key->type = LQ_CLI_KEY_HOME; return TRUE;
    case 'F': key->type = LQ_CLI_KEY_END; return TRUE;
    case '~':
      for (guint i = 2; i < n - 1 && g_ascii_isdigit (s[i]); i++)
        number = number * 10 + (guint) (s[i] - '0');
      if (number == 1 || number == 7)
        key->type = LQ_CLI_KEY_HOME;
      else if (number == 4 || number == 8)
        key->type = LQ_CLI_KEY_END;
      else
        return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

guint
lq_cli_key_decoder_feed (LqCliKeyDecoder *self,
                         guchar byte,
                         LqCliKey *keys)
{
  if (self->n_pending == 0)
    {
      if (byte == ESC || utf8_length (byte) > 1)
        {
          self->pending[self->n_pending++] = byte;
          return 0;
        }
      keys[0].type = LQ_CLI_KEY_CHAR;
      keys[0].ch = byte;
      return 1;
    }

  if (self->pending[0] != ESC)
    {
      /* Inside a UTF-8 character. */
      guint length = utf8_length (self->pending[0]);

      if ((byte & 0xc0) != 0x80)
        {
          /* Broken: drop what was there and start again with @byte. */
          self->n_pending = 0;
          return lq_cli_key_decoder_feed (self, byte, keys);
        }
      self->pending[self->n_pending++] = byte;
      if (self->n_pending < length)
        return 0;
      self->n_pending = 0;
      keys[0].type = LQ_CLI_KEY_CHAR;
      keys[0].ch = g_utf8_get_char_validated ((const char *) self->pending, (gssize) length);
      return keys[0].ch < 0x110000 ? 1 : 0;
    }

  if (self->n_pending == 1)
    {
      if (byte == '[' || byte == 'O')
        {
          self->pending[self->n_pending++] = byte;
          return 0;
        }
      /* ESC, then a key of its own. */
      self->n_pending = 0;
      keys[0].type = LQ_CLI_KEY_ESCAPE;
      keys[0].ch = ESC;
      if (byte == ESC)
        {
          self->pending[self->n_pending++] = byte;
          return 1;
        }
      return 1 + lq_cli_key_decoder_feed (self, byte, keys + 1);
    }

  /* ESC [ parameters (0x30-0x3f), intermediates (0x20-0x2f), a final byte
   * (0x40-0x7e); ESC O is followed by the final byte alone. A sequence too
   * long to keep is read to its end and dropped. */
  if (self->n_pending < LQ_CLI_KEY_SEQUENCE_MAX)
    self->pending[self->n_pending] = byte;
  self->n_pending++;
  if (byte >= 0x40 && byte <= 0x7e)
    {
      gboolean known = self->n_pending <= LQ_CLI_KEY_SEQUENCE_MAX
                       && sequence_key (self->pending, self->n_pending, &keys[0]);

      self->n_pending = 0;
      return known ? 1 : 0;
    }
  if (self->pending[1] == 'O' || byte < 0x20 || byte > 0x3f)
    {
      /* Not a sequence after all: drop it. */
      self->n_pending = 0;
      return 0;
    }
  self->n_pending = MIN (self->n_pending, LQ_CLI_KEY_SEQUENCE_MAX + 1);
  return 0;
}

guint
lq_cli_key_decoder_flush (LqCliKeyDecoder *self,
                          LqCliKey *key)
{
  gboolean lone_escape = self->n_pending == 1 && self->pending[0] == ESC;

  if (lone_escape)
    {
      key->type = LQ_CLI_KEY_ESCAPE;
      key->ch = ESC;
    }
  self->n_pending = 0;
  return lone_escape ? 1 : 0;
}
