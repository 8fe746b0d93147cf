/* lq-cli-common.h: what every lacquer-cli command says and prints the same way. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The path as a shell word, quoted only when it needs to be. */
char *lq_cli_shell_word (const char *path);
/* One line on stderr naming @file and the reason; returns LQ_EXIT_FAILED.
 * A message that already starts with the file's name is not prefixed again. */
int lq_cli_fail (const char *file, const GError *error);
/* @message (may be NULL) and the usage line on stderr; returns LQ_EXIT_USAGE. */
int lq_cli_usage_error (const char *usage, const char *message);
/* @root, pretty-printed, on stdout. */
void lq_cli_print_json (JsonNode *root);

G_END_DECLS
