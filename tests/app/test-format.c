/* test-format.c: how the command line and the window write measures
 * (app/core/lq-format): signs, rounding, missing values and lengths. */
#include <math.h>

#include "lq-format.h"

typedef struct
{
  double value;
  int decimals;
  const char *text;
} Number;

static void
test_number (void)
{
  static const Number numbers[] = {
    { -14.0, 1, "-14.0" },
    { -14.04, 1, "-14.0" },
    { -8.6, 1, "-8.6" },
    { 5.1, 1, "5.1" },
    { 0.0, 1, "0.0" },
    /* no "-0.0": a value that rounds to zero has no sign */
    { -0.0, 1, "0.0" },
    { -0.04, 1, "0.0" },
    { -0.004, 2, "0.00" },
    { -0.4, 0, "0" },
    /* an exact tie goes to the even digit, here zero: no sign either */
    { -0.5, 0, "0" },
    { -1.5, 0, "-2" },
    { -0.996, 2, "-1.00" },
    { -36.6, 0, "-37" },
    { 0.98, 2, "0.98" },
    { 2975.0, 0, "2975" },
    { 1e6, 1, "1000000.0" },
    /* rounding at .x5 is that of the double's exact value (printf's):
     * 0.05 is 0.05000…03, 0.35 is 0.34999…98, 0.45 is 0.45000…01, -14.05 is
     * -14.05000…07, 2.675 is 2.67499…98; 0.25, -14.25, -14.75 and 0.125 are
     * exact ties and go to the even digit */
    { 0.05, 1, "0.1" },
    { -0.05, 1, "-0.1" },
    { 0.35, 1, "0.3" },
    { 0.45, 1, "0.5" },
    { -14.05, 1, "-14.1" },
    { 2.675, 2, "2.67" },
    { 0.25, 1, "0.2" },
    { -14.25, 1, "-14.2" },
    { -14.75, 1, "-14.8" },
    { 0.125, 2, "0.12" },
    /* no measure, or the -inf of digital silence */
    { NAN, 1, "—" },
    { -NAN, 0, "—" },
    { -INFINITY, 1, "—" },
    { INFINITY, 2, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = lq_format_number (numbers[i].value, numbers[i].decimals);

      g_test_message ("%g to %d decimals", numbers[i].value, numbers[i].decimals);
      g_assert_cmpstr (text, ==, numbers[i].text);
    }

  g_assert_cmpstr (LQ_FORMAT_NO_VALUE, ==, "—");
}

static void
test_signed (void)
{
  static const Number numbers[] = {
    { 1.25, 2, "+1.25" },
    { 1.25, 1, "+1.2" },
    { 2.95, 1, "+3.0" },
    { 12.0, 2, "+12.00" },
    { -0.7, 2, "-0.70" },
    { -3.333, 1, "-3.3" },
    { 0.0, 2, "0.00" },
    { -0.0, 2, "0.00" },
    { 0.004, 2, "0.00" },
    { -0.004, 2, "0.00" },
    { 0.04, 1, "0.0" },
    { 0.05, 1, "+0.1" },
    { 0.4, 0, "0" },
    { 0.6, 0, "+1" },
    { NAN, 2, "—" },
    { INFINITY, 1, "—" },
    { -INFINITY, 1, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = lq_format_signed (numbers[i].value, numbers[i].decimals);

      g_test_message ("%g to %d decimals, signed", numbers[i].value, numbers[i].decimals);
      g_assert_cmpstr (text, ==, numbers[i].text);
    }
}

static void
test_value_and_offset (void)
{
  g_autofree char *lufs = lq_format_value (-14.0);
  g_autofree char *quiet = lq_format_value (-23.04);
  g_autofree char *silence = lq_format_value (-INFINITY);
  g_autofree char *zero = lq_format_value (-0.02);
  g_autofree char *up = lq_format_offset (2.9);
  g_autofree char *down = lq_format_offset (-0.7);
  g_autofree char *level = lq_format_offset (-0.04);
  g_autofree char *tie = lq_format_offset (1.25);
  g_autofree char *none = lq_format_offset (NAN);

  g_assert_cmpstr (lufs, ==, "-14.0");
  g_assert_cmpstr (quiet, ==, "-23.0");
  g_assert_cmpstr (silence, ==, "—");
  g_assert_cmpstr (zero, ==, "0.0");
  g_assert_cmpstr (up, ==, "+2.9");
  g_assert_cmpstr (down, ==, "-0.7");
  g_assert_cmpstr (level, ==, "0.0");
  g_assert_cmpstr (tie, ==, "+1.2");
  g_assert_cmpstr (none, ==, "—");
}

static void
test_value_with_unit (void)
{
  g_autofree char *lufs = lq_format_value_with_unit (-14.2, "LUFS");
  g_autofree char *peak = lq_format_value_with_unit (-0.03, "dBFS");
  g_autofree char *silence = lq_format_value_with_unit (-INFINITY, "dBFS");
  g_autofree char *none = lq_format_value_with_unit (NAN, "LU");

  g_assert_cmpstr (lufs, ==, "-14.2 LUFS");
  g_assert_cmpstr (peak, ==, "0.0 dBFS");
  /* the dash stands alone: no unit for a measure that does not exist */
  g_assert_cmpstr (silence, ==, "—");
  g_assert_cmpstr (none, ==, "—");
}

static void
test_duration (void)
{
  static const struct { double seconds; const char *text; } durations[] = {
    { 0.0, "0:00" },
    { -0.0, "0:00" },
    { 0.49, "0:00" },
    /* to the nearest second, half up */
    { 0.5, "0:01" },
    { 4.49, "0:04" },
    { 4.5, "0:05" },
    { 20.0, "0:20" },
    { 59.5, "1:00" },
    { 204.0, "3:24" },
    { 599.6, "10:00" },
    { 3599.4, "59:59" },
    { 3599.5, "1:00:00" },
    { 3723.0, "1:02:03" },
    { 3725.0, "1:02:05" },
    { 86399.0, "23:59:59" },
    { 360000.0, "100:00:00" },
    { 1e15, "277777777777:46:40" },
    { 9.2e18, "2555555555555555:33:20" },
    /* rounds to zero: still a length */
    { -0.4, "0:00" },
    /* not a length */
    { -0.6, "—" },
    { -60.0, "—" },
    { 1e19, "—" },
    { 1e300, "—" },
    { NAN, "—" },
    { INFINITY, "—" },
    { -INFINITY, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (durations); i++)
    {
      g_autofree char *text = lq_format_duration (durations[i].seconds);

      g_test_message ("%g s", durations[i].seconds);
      g_assert_cmpstr (text, ==, durations[i].text);
    }
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/number", test_number);
  g_test_add_func ("/format/signed", test_signed);
  g_test_add_func ("/format/value-and-offset", test_value_and_offset);
  g_test_add_func ("/format/value-with-unit", test_value_with_unit);
  g_test_add_func ("/format/duration", test_duration);

  return g_test_run ();
}
