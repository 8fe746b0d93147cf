/* abx-x-sequence.c: what X is in each trial of an ABX session with a seed,
 * as LqAbxSession draws it (the test answers `lacquer-cli abx --seed S`
 * with it).
 *
 * usage: abx-x-sequence SEED TRIALS
 * Prints one letter per trial, A or B, on one line. */
#include <stdio.h>
#include <stdlib.h>

#include "lq-abx-session.h"

int
main (int argc,
      char **argv)
{
  g_autoptr(LqAbxSession) session = NULL;
  guint64 seed, trials;

  if (argc != 3 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXUINT32, &seed, NULL)
      || !g_ascii_string_to_unsigned (argv[2], 10, 1, LQ_ABX_MAX_TRIALS, &trials, NULL))
    {
      fprintf (stderr, "usage: abx-x-sequence SEED TRIALS\n");
      return 2;
    }
  session = lq_abx_session_new ((guint) trials, (guint32) seed, "a", "", "b", "");
  while (!lq_abx_session_is_finished (session))
    {
      LqAbxChoice x = lq_abx_session_get_x (session);

      putchar (x == LQ_ABX_A ? 'A' : 'B');
      lq_abx_session_answer (session, x);
    }
  putchar ('\n');
  return 0;
}
