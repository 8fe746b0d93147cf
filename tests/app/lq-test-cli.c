/* lq-test-cli.c */
#include "lq-test-cli.h"

#include <string.h>

#include "lq-test-audio.h"

void
lq_test_cli_setup (LqTestCli *cli)
{
  memset (cli, 0, sizeof *cli);
  cli->dir = lq_test_tmpdir ();
}

void
lq_test_cli_teardown (LqTestCli *cli)
{
  if (cli->dir != NULL)
    lq_test_rmdir (cli->dir);
  g_clear_pointer (&cli->dir, g_free);
  g_clear_pointer (&cli->out, g_free);
  g_clear_pointer (&cli->err, g_free);
}

int
lq_test_cli_runv (LqTestCli *cli,
                  va_list    ap)
{
  cli->status = lq_test_run_cli (cli->dir, &cli->out, &cli->err, ap);
  return cli->status;
}

int
lq_test_cli_run (LqTestCli *cli,
                 ...)
{
  va_list ap;

  va_start (ap, cli);
  lq_test_cli_runv (cli, ap);
  va_end (ap);
  return cli->status;
}

char *
lq_test_cli_path (LqTestCli  *cli,
                  const char *name)
{
  return g_build_filename (cli->dir, name, NULL);
}

void
lq_test_cli_assert_ok (LqTestCli *cli)
{
  if (cli->status != 0)
    g_test_message ("stderr: %s", cli->err);
  g_assert_cmpint (cli->status, ==, 0);
}

JsonNode *
lq_test_cli_parse_stdout (LqTestCli *cli)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (cli->out, &error);

  if (error != NULL)
    g_test_message ("stdout: %s", cli->out);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

void
lq_test_assert_contains (const char *text,
                         const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” not in:\n%s", part, text != NULL ? text : "(null)");
}
