/* test-chain-golden.c: the chain's output for fixed inputs and settings,
 * checked against stored SHA-256 checksums, so that any change in sound is
 * noticed.
 *
 * Each case runs a generated stereo signal (a detuned chord, noise and
 * bursts that drive the compressors and the limiter hard) through a fresh
 * chain at 44.1 and 48 kHz and hashes the float output, bit for bit (the
 * little-endian bytes of L, then of R). The cases turn every processor on
 * (parametric EQ, match EQ, compressor in both modes and detections, width
 * with mono bass, bus EQ and compressor, limiter with and without automatic
 * release), and one of them changes settings and bypasses while it plays,
 * so glides, crossfades and warm-ups are pinned too. Each case also runs
 * cut into irregular blocks and must give the same bytes.
 *
 * The checksums live in tests/dsp/golden/chain.sha256. When a change of
 * sound is intended, regenerate them with
 *   build-aux/regenerate-golden.sh "why the sound changed"
 * which runs this test with LQ_GOLDEN_WRITE set to the file to write, and
 * records the reason in the file's header.
 *
 * Exactness: liblq-dsp is built with -O3 in ISO C mode (no FMA contraction)
 * and picks its AVX2 clones at run time; FFTW plans with FFTW_ESTIMATE. The
 * normal and the sanitizer builds give the same bytes on one machine; a
 * machine whose FFTW picks other codelets may differ in the last bits, and
 * then the file says which machine made it (see the script).
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lq-chain.h"

#define SECONDS 2.5
#define BLOCK 512

typedef enum
{
  CASE_NEUTRAL,
  CASE_FULL_A,
  CASE_FULL_B,
  CASE_AUTOMATION,
  N_CASES
} GoldenCase;

static const char *const case_names[N_CASES] = {
  "neutral", "full-a", "full-b", "automation",
};

static const uint32_t rates[] = { 44100, 48000 };

/* xorshift64*: the same numbers on every platform. */
static double
uniform (guint64 *state)
{
  guint64 x = *state;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return (double) ((x * 0x2545F4914F6CDD1Dull) >> 11) / 9007199254740992.0 * 2.0 - 1.0;
}

/* A chord (110, 220.5, 331, 440.7, 1234, 5555 Hz) with a beat envelope, a
 * noise bed wider on the side, loud bursts every 0.4 s, and some silence. */
static void
make_input (uint32_t rate, guint n, float *l, float *r)
{
  static const double freqs[] = { 110.0, 220.5, 331.0, 440.7, 1234.0, 5555.0 };
  guint64 state = 0x9E3779B97F4A7C15ull ^ rate;
  double lp_l = 0.0, lp_r = 0.0;

  for (guint i = 0; i < n; i++)
    {
      double t = (double) i / rate;
      double env = 0.5 + 0.5 * sin (2.0 * M_PI * 2.0 * t);
      double burst = fmod (t, 0.4) < 0.05 ? 3.0 : 1.0;
      double chord_l = 0.0, chord_r = 0.0;

      for (guint k = 0; k < G_N_ELEMENTS (freqs); k++)
        {
          chord_l += sin (2.0 * M_PI * freqs[k] * t) / (k + 1.0);
          chord_r += sin (2.0 * M_PI * freqs[k] * 1.003 * t + 0.3 * k) / (k + 1.0);
        }
      lp_l = 0.9 * lp_l + 0.1 * uniform (&state);
      lp_r = 0.9 * lp_r + 0.1 * uniform (&state);
      l[i] = (float) (burst * (0.15 * env * chord_l + 0.3 * lp_l + 0.02 * uniform (&state)));
      r[i] = (float) (burst * (0.15 * env * chord_r + 0.3 * lp_r + 0.02 * uniform (&state)));
      if (t > 1.8 && t < 1.9)
        l[i] = r[i] = 0.0f;
    }
}

static LqEqBand
band (LqEqType type, double freq, double gain, double q, uint32_t slope, LqEqChannels channels)
{
  LqEqBand b = { true, type, freq, gain, q, slope, channels };

  return b;
}

static void
settings_full_a (LqChainSettings *s)
{
  static const double centres[] = { 31.5, 63, 125, 250, 500, 1000, 2000, 4000, 8000, 16000 };
  static const double mid[] = { 2.0, 1.5, 0.5, -1.0, -0.5, 0.0, 1.0, 2.0, 1.0, -1.0 };
  static const double side[] = { -6.0, -4.0, -2.0, 0.0, 0.5, 1.0, 1.5, 2.5, 3.0, 2.0 };

  lq_chain_settings_init (s);
  s->input_trim_db = -1.0;
  s->eq[0] = band (LQ_EQ_HIGH_PASS, 30.0, 0.0, 0.707, 24, LQ_EQ_STEREO);
  s->eq[1] = band (LQ_EQ_LOW_SHELF, 120.0, 2.0, 0.7, 12, LQ_EQ_MID);
  s->eq[2] = band (LQ_EQ_BELL, 2500.0, -3.0, 1.4, 12, LQ_EQ_STEREO);
  s->eq[3] = band (LQ_EQ_HIGH_SHELF, 9000.0, 2.5, 0.7, 12, LQ_EQ_SIDE);

  s->match_eq_enabled = true;
  s->match_n_bands = G_N_ELEMENTS (centres);
  memcpy (s->match_centres, centres, sizeof centres);
  memcpy (s->match_mid_db, mid, sizeof mid);
  memcpy (s->match_side_db, side, sizeof side);
  s->match_strength = 0.8;
  s->match_cap_db = 6.0;

  s->compressor.enabled = true;
  s->compressor.threshold_db = -20.0;
  s->compressor.ratio = 3.0;
  s->compressor.knee_db = 6.0;
  s->compressor.attack_ms = 5.0;
  s->compressor.release_ms = 80.0;
  s->compressor.makeup_db = 2.0;
  s->compressor.detection = LQ_COMPRESSOR_DETECT_PEAK;
  s->compressor.mode = LQ_COMPRESSOR_STEREO_LINKED;

  s->width_enabled = true;
  s->width = 1.4;
  s->mono_below_hz = 120.0;

  s->match_gain_db = 3.0;

  s->bus_eq[0] = band (LQ_EQ_LOW_PASS, 18000.0, 0.0, 0.707, 12, LQ_EQ_STEREO);
  s->bus_eq[1] = band (LQ_EQ_BELL, 60.0, 1.5, 0.9, 12, LQ_EQ_MID);

  s->bus_compressor.enabled = true;
  s->bus_compressor.threshold_db = -12.0;
  s->bus_compressor.ratio = 1.8;
  s->bus_compressor.knee_db = 10.0;
  s->bus_compressor.attack_ms = 30.0;
  s->bus_compressor.release_ms = 300.0;
  s->bus_compressor.makeup_db = 1.0;
  s->bus_compressor.detection = LQ_COMPRESSOR_DETECT_RMS;
  s->bus_compressor.mode = LQ_COMPRESSOR_MID_SIDE;

  s->limiter_enabled = true;
  s->limiter_ceiling_dbtp = -1.0;
  s->limiter_release_ms = 100.0;
  s->limiter_auto_release = false;
}

static void
settings_full_b (LqChainSettings *s)
{
  settings_full_a (s);
  s->input_trim_db = 4.0;
  s->eq[2].gain_db = 4.0;
  s->eq[2].freq_hz = 800.0;
  s->match_mid_db[0] = -3.0;
  s->match_strength = 1.0;
  s->compressor.detection = LQ_COMPRESSOR_DETECT_RMS;
  s->compressor.mode = LQ_COMPRESSOR_MID_SIDE;
  s->compressor.knee_db = 0.0;
  s->compressor.ratio = 8.0;
  s->width = 0.6;
  s->mono_below_hz = 0.0;
  s->bus_compressor.detection = LQ_COMPRESSOR_DETECT_PEAK;
  s->bus_compressor.mode = LQ_COMPRESSOR_STEREO_LINKED;
  s->limiter_ceiling_dbtp = -0.3;
  s->limiter_auto_release = true;
}

/* A change of settings at a frame. */
typedef struct
{
  double at_s;
  void (*edit) (LqChainSettings *s);
} Edit;

static void
edit_b (LqChainSettings *s)
{
  settings_full_b (s);
}

static void
edit_bypass (LqChainSettings *s)
{
  s->compressor.enabled = false;
  s->width_enabled = false;
  s->limiter_enabled = false;
  s->match_eq_enabled = false;
  s->bus_compressor.enabled = false;
}

static void
edit_resume (LqChainSettings *s)
{
  s->compressor.enabled = true;
  s->width_enabled = true;
  s->limiter_enabled = true;
  s->match_eq_enabled = true;
  s->bus_compressor.enabled = true;
  s->width = 1.8;
  s->mono_below_hz = 200.0;
}

static const Edit automation[] = {
  { 0.5, edit_b },
  { 1.0, edit_bypass },
  { 1.5, edit_resume },
};

/* Runs case @c at @rate in blocks of @block (0: irregular) and returns the
 * SHA-256 of the output. */
static char *
run_case (GoldenCase c, uint32_t rate, guint block)
{
  guint n = (guint) (SECONDS * rate);
  g_autofree float *l = g_new (float, n);
  g_autofree float *r = g_new (float, n);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  LqChain *chain = lq_chain_new (rate, BLOCK);
  LqChainSettings s;
  guint64 state = 12345;
  guint done = 0, next_edit = 0;
  guint n_edits = c == CASE_AUTOMATION ? G_N_ELEMENTS (automation) : 0;

  g_assert_nonnull (chain);
  make_input (rate, n, l, r);
  if (c == CASE_NEUTRAL)
    lq_chain_settings_init (&s);
  else if (c == CASE_FULL_B)
    settings_full_b (&s);
  else
    settings_full_a (&s);
  g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
  lq_chain_reset (chain);

  while (done < n)
    {
      guint len = block != 0 ? block : 1 + (guint) ((uniform (&state) + 1.0) * 0.5 * (2 * BLOCK - 1));
      float *ch[2];

      if (next_edit < n_edits)
        {
          guint at = (guint) (automation[next_edit].at_s * rate);

          if (done == at)
            {
              automation[next_edit].edit (&s);
              g_assert_cmpint (lq_chain_apply_settings (chain, &s), ==, LQ_OK);
              next_edit++;
              continue;
            }
          len = MIN (len, at - done);
        }
      len = MIN (len, n - done);
      ch[0] = l + done;
      ch[1] = r + done;
      lq_chain_process (chain, ch, len);
      done += len;
    }
  lq_chain_free (chain);

  /* Something to pin: finite, not silent. */
  {
    double energy = 0.0;

    for (guint i = 0; i < n; i++)
      {
        g_assert_true (isfinite (l[i]) && isfinite (r[i]));
        energy += (double) l[i] * l[i] + (double) r[i] * r[i];
      }
    g_assert_cmpfloat (energy, >, 1.0);
  }

  /* Little-endian float bytes; the tests only run on little-endian hosts. */
  G_STATIC_ASSERT (G_BYTE_ORDER == G_LITTLE_ENDIAN);
  g_checksum_update (sum, (const guchar *) l, n * sizeof (float));
  g_checksum_update (sum, (const guchar *) r, n * sizeof (float));
  return g_strdup (g_checksum_get_string (sum));
}

static char *
case_key (GoldenCase c, uint32_t rate)
{
  return g_strdup_printf ("%s-%u", case_names[c], rate);
}

/* name -> checksum, from the golden file. */
static GHashTable *
load_golden (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_file_get_contents (GOLDEN_FILE, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      fields = g_strsplit_set (lines[i], " ", -1);
      /* "<sha256>  <name>" (two spaces, as sha256sum writes). */
      g_assert_cmpuint (g_strv_length (fields), ==, 3);
      g_assert_cmpuint (strlen (fields[0]), ==, 64);
      g_hash_table_insert (table, g_strdup (fields[2]), g_strdup (fields[0]));
    }
  return table;
}

typedef struct
{
  GoldenCase c;
  uint32_t rate;
} CaseData;

static void
test_golden (gconstpointer data)
{
  const CaseData *d = data;
  g_autoptr(GHashTable) golden = load_golden ();
  g_autofree char *key = case_key (d->c, d->rate);
  g_autofree char *got = run_case (d->c, d->rate, BLOCK);
  g_autofree char *got_irregular = run_case (d->c, d->rate, 0);
  const char *want = g_hash_table_lookup (golden, key);

  /* The same bytes whatever the block size. */
  g_assert_cmpstr (got_irregular, ==, got);
  if (want == NULL)
    g_test_message ("%s: no checksum stored (regenerate-golden.sh?)", key);
  else if (g_strcmp0 (got, want) != 0)
    g_test_message ("%s: the chain's output changed. If that is intended, run "
                    "build-aux/regenerate-golden.sh \"<why>\"", key);
  g_assert_cmpstr (got, ==, want);
}

/* LQ_GOLDEN_WRITE=<file>: writes every case's checksum there ("<sum>  <name>"
 * lines, the script adds the header) instead of testing. */
static int
write_golden (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint c = 0; c < N_CASES; c++)
    for (guint k = 0; k < G_N_ELEMENTS (rates); k++)
      {
        g_autofree char *key = case_key (c, rates[k]);
        g_autofree char *got = run_case (c, rates[k], BLOCK);
        g_autofree char *got_irregular = run_case (c, rates[k], 0);

        if (g_strcmp0 (got, got_irregular) != 0)
          {
            g_printerr ("%s: output depends on the block size; not written\n", key);
            return 1;
          }
        g_string_append_printf (out, "%s  %s\n", got, key);
      }
  if (!g_file_set_contents (path, out->str, (gssize) out->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  static CaseData cases[N_CASES * G_N_ELEMENTS (rates)];
  const char *write_path = g_getenv ("LQ_GOLDEN_WRITE");

  if (write_path != NULL && write_path[0] != '\0')
    return write_golden (write_path);

  g_test_init (&argc, &argv, NULL);
  for (guint c = 0; c < N_CASES; c++)
    for (guint k = 0; k < G_N_ELEMENTS (rates); k++)
      {
        CaseData *d = &cases[c * G_N_ELEMENTS (rates) + k];
        g_autofree char *path = g_strdup_printf ("/chain-golden/%s/%u", case_names[c], rates[k]);

        d->c = (GoldenCase) c;
        d->rate = rates[k];
        g_test_add_data_func (path, d, test_golden);
      }
  return g_test_run ();
}
