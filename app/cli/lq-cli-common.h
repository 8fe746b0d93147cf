/* lq-cli-common.h: what every lacquer-cli command says and prints the same way. */
#pragma once

#include <json-glib/json-glib.h>

#include "lq-export.h"

G_BEGIN_DECLS

/* @text (any bytes, may be NULL) safe to print on a terminal: C0 controls
 * and DEL as \xNN, C1 controls as \u00NN, bytes that are not UTF-8 as \xNN;
 * everything else as it is. Every string from a file, a tag, a path, an
 * argument or a project goes through this before it is printed as text
 * (JSON output is escaped by json-glib instead). */
char *lq_cli_escape (const char *text);
/* The path as a shell word, quoted only when it needs to be; one with
 * control characters or bytes that are not UTF-8 as $'…' with \xNN. */
char *lq_cli_shell_word (const char *path);
/* One line on stderr naming @file and the reason; returns LQ_EXIT_FAILED.
 * A message that already starts with the file's name is not prefixed again. */
int lq_cli_fail (const char *file, const GError *error);
/* @message (may be NULL) and the usage line on stderr; returns LQ_EXIT_USAGE. */
int lq_cli_usage_error (const char *usage, const char *message);
/* The value @text of @option (NULL: not given, *out is left alone) as a
 * decimal number, a whole one with @integer: digits with an optional sign,
 * point and exponent; no hex, inf, nan or spaces. On failure prints why
 * and @usage and sets *status to LQ_EXIT_USAGE. */
gboolean lq_cli_option_number (const char *usage,
                               const char *option,
                               const char *text,
                               gboolean integer,
                               double *out,
                               int *status);
/* Parses a command's options the one way every command does: @entries
 * (may be NULL), --json into *@json (when @json is not NULL) and --help,
 * with the operands into *@operands (NULL when none). --help prints
 * "Usage: lacquer-cli COMMAND [OPTION…] @parameters", @summary and the
 * options on stdout and exits 0. A wrong option prints why and @usage on
 * stderr and returns FALSE with *status LQ_EXIT_USAGE. */
gboolean lq_cli_parse (const char *command,
                       const char *parameters,
                       const char *summary,
                       const char *usage,
                       const GOptionEntry *entries,
                       gboolean *json,
                       int *argc,
                       char ***argv,
                       char ***operands,
                       int *status);
/* The per-track files' options export and release share: --format,
 * --bits, --rate, --channels and --name as given (each may be NULL) into
 * @options (the template is borrowed from @name_template). A bad one
 * prints why and @usage and sets *status to LQ_EXIT_USAGE. */
gboolean lq_cli_parse_file_options (const char *usage,
                                    const char *format,
                                    const char *bits,
                                    const char *rate,
                                    const char *channels,
                                    const char *name_template,
                                    LqExportOptions *options,
                                    int *status);
/* The delivery target export's files are checked against: @target, or
 * when NULL the album's (none: options->has_target stays FALSE), with
 * its format (the CD's) where --bits, --rate or --channels gave none.
 * FALSE with @error for an unknown target, or options the target does not
 * allow (a usage error). */
gboolean lq_cli_apply_target (LqProject *project,
                              const char *target,
                              gboolean bits_given,
                              gboolean channels_given,
                              LqExportOptions *options,
                              GError **error);
/* The number of @operands (may be NULL). */
guint lq_cli_n_operands (char **operands);
/* @root, pretty-printed, on stdout; the caller's reference is dropped. */
void lq_cli_print_json_take (JsonNode *root);
/* @root, pretty-printed, on stdout. */
void lq_cli_print_json (JsonNode *root);

/* Opens the project at @path to read it. One made by an older Lacquer is
 * upgraded first (opened for writing once, as `list` or the window would),
 * so that reading commands work on it; when that cannot be done (its folder
 * is read-only, another Lacquer holds it) the read-only open's error stands. */
LqProject *lq_cli_open_project (const char *path,
                                GError    **error);

/* SIGINT and SIGTERM cancel @cancellable while a long job runs on a worker
 * and the main loop waits: the first signal is kept (the exit status is
 * 128 + it) and the job ends at its next block, removing what it had not
 * finished. Between lq_cli_interrupt_begin() and _end(). */
typedef struct
{
  GCancellable *cancellable;
  int signal;
  guint sigint_id;
  guint sigterm_id;
} LqCliInterrupt;

void lq_cli_interrupt_begin (LqCliInterrupt *self,
                             GCancellable   *cancellable);
void lq_cli_interrupt_end   (LqCliInterrupt *self);

G_END_DECLS
