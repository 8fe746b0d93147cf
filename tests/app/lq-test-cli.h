/* lq-test-cli.h: the fixture every command-line test shares.
 *
 * An LqTestCli is a temporary folder and the last lacquer-cli run in it:
 * its exit status and what it printed. Tests embed one in their own
 * fixture and add the files they need.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdarg.h>

G_BEGIN_DECLS

typedef struct
{
  char *dir;   /* the temporary folder the commands run in */
  char *out;   /* the last run's stdout */
  char *err;   /* the last run's stderr */
  int status;  /* the last run's exit status */
} LqTestCli;

void lq_test_cli_setup (LqTestCli *cli);
/* Removes the folder and frees what the fixture holds. */
void lq_test_cli_teardown (LqTestCli *cli);

/* Runs lacquer-cli in the folder with the NULL-terminated arguments;
 * returns (and keeps) its exit status. */
int lq_test_cli_run (LqTestCli *cli, ...) G_GNUC_NULL_TERMINATED;
int lq_test_cli_runv (LqTestCli *cli, va_list ap);

/* A path inside the folder. */
char *lq_test_cli_path (LqTestCli *cli, const char *name);

/* Fails the test, showing stderr, unless the last run exited 0. */
void lq_test_cli_assert_ok (LqTestCli *cli);

/* The last run's stdout as JSON; fails the test if it is not JSON. */
JsonNode *lq_test_cli_parse_stdout (LqTestCli *cli);

/* Fails the test, showing @text, unless @part occurs in it. */
void lq_test_assert_contains (const char *text, const char *part);

G_END_DECLS
