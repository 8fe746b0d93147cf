/* lq-cli-common.c */
#include "config.h"

#include "lq-cli-common.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "lq-cli.h"

char *
lq_cli_shell_word (const char *path)
{
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

  if (g_str_has_prefix (error->message, prefix))
    fprintf (stderr, "lacquer-cli: %s\n", error->message);
  else
    fprintf (stderr, "lacquer-cli: %s%s\n", prefix, error->message);
  return LQ_EXIT_FAILED;
}

int
lq_cli_usage_error (const char *usage,
                    const char *message)
{
  if (message != NULL)
    fprintf (stderr, "lacquer-cli: %s\n", message);
  fprintf (stderr, "%s %s\n", _("Usage:"), usage);
  return LQ_EXIT_USAGE;
}

void
lq_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
  fflush (stdout);
}
