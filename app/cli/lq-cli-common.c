/* lq-cli-common.c */
#include "config.h"

#include "lq-cli-common.h"
#include "lq-error.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "lq-cli.h"
#include "lq-text.h"
#include "lq-render.h"
#include "lq-export-checks.h"
#include "lq-project-fields.h"
#include "lq-release-job.h"

/* Calls @each for every character of @text: the code point, or -1 for a
 * byte that is not UTF-8 (then @len is 1). */
typedef void (*EachChar) (GString *out, const char *p, gsize len, gint64 c);

static void
each_char (GString *out,
           const char *text,
           EachChar each)
{
  const char *p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          each (out, p, 1, -1);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          each (out, p, next - p, c);
          p = next;
        }
    }
}

static void
escape_char (GString *out,
             const char *p,
             gsize len,
             gint64 c)
{
  if (c < 0)
    g_string_append_printf (out, "\\x%02x", (guint8) *p);
  else if (c < 0x80 && lq_text_is_control ((gunichar) c))
    g_string_append_printf (out, "\\x%02x", (guint) c);
  else if (lq_text_is_control ((gunichar) c))
    g_string_append_printf (out, "\\u%04x", (guint) c);
  else
    g_string_append_len (out, p, len);
}

static gboolean
needs_escape (const char *text)
{
  return !g_utf8_validate (text, -1, NULL) || lq_text_find_control (text, NULL) != 0;
}

char *
lq_cli_escape (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  if (!needs_escape (text))
    return g_strdup (text);
  out = g_string_sized_new (strlen (text) + 16);
  each_char (out, text, escape_char);
  return g_string_free (out, FALSE);
}

/* Inside $'…' (bash, zsh, ksh, POSIX 2024) every byte of a control
 * character or of bad UTF-8 is \xNN; ' and \ are backslashed. */
static void
dollar_quote_char (GString *out,
                   const char *p,
                   gsize len,
                   gint64 c)
{
  if (c < 0 || lq_text_is_control ((gunichar) c))
    for (gsize i = 0; i < len; i++)
      g_string_append_printf (out, "\\x%02x", (guint8) p[i]);
  else if (c == '\'' || c == '\\')
    g_string_append_printf (out, "\\%c", (char) c);
  else
    g_string_append_len (out, p, len);
}

char *
lq_cli_shell_word (const char *path)
{
  if (needs_escape (path))
    {
      GString *out = g_string_new ("$'");

      each_char (out, path, dollar_quote_char);
      g_string_append_c (out, '\'');
      return g_string_free (out, FALSE);
    }
  for (const char *p = path; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._/+-,:@%=", *p) == NULL)
      return g_shell_quote (path);
  return g_strdup (path);
}

int
lq_cli_fail (const char *file,
             const GError *error)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", file);
  g_autofree char *shown_file = lq_cli_escape (file);
  g_autofree char *shown_message = lq_cli_escape (error->message);

  if (g_str_has_prefix (error->message, prefix))
    fprintf (stderr, "lacquer-cli: %s\n", shown_message);
  else
    fprintf (stderr, "lacquer-cli: %s: %s\n", shown_file, shown_message);
  return LQ_EXIT_FAILED;
}

int
lq_cli_usage_error (const char *usage,
                    const char *message)
{
  if (message != NULL)
    {
      g_autofree char *shown = lq_cli_escape (message);

      fprintf (stderr, "lacquer-cli: %s\n", shown);
    }
  fprintf (stderr, "%s %s\n", _("Usage:"), usage);
  return LQ_EXIT_USAGE;
}

gboolean
lq_cli_option_number (const char *usage,
                      const char *option,
                      const char *text,
                      gboolean integer,
                      double *out,
                      int *status)
{
  g_autofree char *message = NULL;
  gint64 whole;
  double number;

  if (text == NULL)
    return TRUE;
  if (integer && lq_text_parse_int (text, &whole))
    {
      *out = (double) whole;
      return TRUE;
    }
  if (!integer && lq_text_parse_double (text, &number))
    {
      *out = number;
      return TRUE;
    }
  message = g_strdup_printf (integer ? _("%s: “%s” is not a whole number") : _("%s: “%s” is not a decimal number"),
                             option, text);
  *status = lq_cli_usage_error (usage, message);
  return FALSE;
}

void
lq_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *valid = NULL;
  g_autoptr(GString) out = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);

  /* json-glib escapes C0 controls and DEL; JSON must also be UTF-8 (a file
   * name that is not shows U+FFFD), and C1 controls, which a terminal may
   * obey, are escaped too. Outside strings JSON is ASCII, so both only
   * touch string contents and the document means the same. */
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid) + 1);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x80 && lq_text_is_control (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  printf ("%s\n", out->str);
  fflush (stdout);
}

gboolean
lq_cli_parse (const char *command,
              const char *parameters,
              const char *summary,
              const char *usage,
              const GOptionEntry *entries,
              gboolean *json,
              int *argc,
              char ***argv,
              char ***operands,
              int *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("lacquer-cli %s", command);
  const GOptionEntry json_entry[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json,
      N_("Print one JSON document instead of text (the contract: README, data/json-schema)"), NULL },
    { NULL }
  };
  const GOptionEntry remaining[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, operands, NULL, NULL },
    { NULL }
  };
  gboolean ok;

  /* --help's usage line names the command. */
  g_set_prgname (prgname);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (json != NULL)
    g_option_context_add_main_entries (context, json_entry, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, remaining, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);

  ok = g_option_context_parse (context, argc, argv, &error);
  g_set_prgname ("lacquer-cli");
  if (!ok)
    {
      if (usage != NULL)
        *status = lq_cli_usage_error (usage, error->message);
      else
        {
          g_autofree char *shown = lq_cli_escape (error->message);

          fprintf (stderr, "lacquer-cli: %s\n", shown);
          *status = LQ_EXIT_USAGE;
        }
      return FALSE;
    }
  return TRUE;
}

guint
lq_cli_n_operands (char **operands)
{
  return operands != NULL ? g_strv_length (operands) : 0;
}

void
lq_cli_print_json_take (JsonNode *root)
{
  lq_cli_print_json (root);
  json_node_unref (root);
}

static gboolean
file_option_error (const char *usage,
                   const char *message,
                   int *status)
{
  *status = lq_cli_usage_error (usage, message);
  return FALSE;
}

gboolean
lq_cli_parse_file_options (const char *usage,
                           const char *format,
                           const char *bits,
                           const char *rate_text,
                           const char *channels,
                           const char *name_template,
                           LqExportOptions *options,
                           int *status)
{
  double rate = 0;

  if (format != NULL && !lq_render_format_from_string (format, &options->render.format))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a format (wav, flac, aiff)"), format);

      return file_option_error (usage, message, status);
    }
  if (bits != NULL)
    {
      if (strcmp (bits, "16") == 0)
        options->render.bits = 16;
      else if (strcmp (bits, "24") == 0)
        options->render.bits = 24;
      else if (strcmp (bits, "32f") == 0 || strcmp (bits, "32") == 0)
        options->render.bits = 32;
      else
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a word length (16, 24, 32f)"), bits);

          return file_option_error (usage, message, status);
        }
    }
  if (!lq_render_format_supports (options->render.format, options->render.bits))
    return file_option_error (usage, _("FLAC cannot hold 32-bit float audio: use --bits 16 or 24"), status);
  if (!lq_cli_option_number (usage, "--rate", rate_text, TRUE, &rate, status))
    return FALSE;
  if (rate != 0 && (rate < LQ_RENDER_RATE_MIN || rate > LQ_RENDER_RATE_MAX))
    {
      g_autofree char *message = g_strdup_printf (_("--rate must be between %u and %u Hz "
                                                    "(the rates the export can verify)"),
                                                  LQ_RENDER_RATE_MIN, LQ_RENDER_RATE_MAX);

      return file_option_error (usage, message, status);
    }
  options->render.rate = (guint) rate;
  if (channels != NULL)
    {
      if (g_ascii_strcasecmp (channels, "mono") == 0)
        options->render.channels = 1;
      else if (g_ascii_strcasecmp (channels, "stereo") == 0)
        options->render.channels = 2;
      else
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a channel layout (stereo, mono)"), channels);

          return file_option_error (usage, message, status);
        }
    }
  if (name_template != NULL)
    {
      g_autoptr(GError) bad = NULL;

      if (!lq_export_check_name_template (name_template, &bad))
        return file_option_error (usage, bad->message, status);
      options->name_template = name_template;
    }
  return TRUE;
}

gboolean
lq_cli_apply_target (LqProject *project,
                     const char *target,
                     gboolean bits_given,
                     gboolean channels_given,
                     LqExportOptions *options,
                     GError **error)
{
  return lq_release_apply_target (project, target, bits_given, channels_given, options, error);
}

static gboolean
interrupt (LqCliInterrupt *self,
           int             signo)
{
  if (self->signal == 0)
    self->signal = signo;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigint_cb (gpointer user_data)
{
  return interrupt (user_data, SIGINT);
}

static gboolean
sigterm_cb (gpointer user_data)
{
  return interrupt (user_data, SIGTERM);
}

void
lq_cli_interrupt_begin (LqCliInterrupt *self,
                        GCancellable   *cancellable)
{
  self->cancellable = cancellable;
  self->signal = 0;
  self->sigint_id = g_unix_signal_add (SIGINT, sigint_cb, self);
  self->sigterm_id = g_unix_signal_add (SIGTERM, sigterm_cb, self);
}

void
lq_cli_interrupt_end (LqCliInterrupt *self)
{
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
}

LqProject *
lq_cli_open_project (const char *path,
                     GError    **error)
{
  g_autoptr(GError) local = NULL;
  LqProject *project = lq_project_open (path, TRUE, &local);

  if (project == NULL && g_error_matches (local, LQ_ERROR, LQ_ERROR_READ_ONLY))
    project = lq_project_open (path, FALSE, NULL);
  if (project == NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return project;
}
