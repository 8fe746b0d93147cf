/* test-stereo-history.c: the compressor's and the width's shared input
 * history: its size, the ring wrapping, and the replay's passes (on the
 * caller's grid, split where asked, the grid position restored). */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "lq-stereo-history.h"

#define PASS 32

typedef struct
{
  uint32_t *phase;      /* the processor's grid position, advanced per pass */
  uint32_t n_passes;
  uint32_t frames;
  uint32_t starts[64];
  uint32_t lengths[64];
  float first_l, last_r;
} Replay;

static void
record_pass (void *data, float *l, float *r, uint32_t m, uint32_t done)
{
  Replay *rp = data;

  g_assert_cmpuint (m, >, 0);
  g_assert_cmpuint (m, <=, PASS);
  /* Never across the grid. */
  g_assert_cmpuint (*rp->phase + m, <=, PASS);
  g_assert_cmpuint (done, ==, rp->frames);
  if (rp->n_passes == 0)
    rp->first_l = l[0];
  rp->last_r = r[m - 1];
  g_assert_cmpuint (rp->n_passes, <, G_N_ELEMENTS (rp->starts));
  rp->starts[rp->n_passes] = done;
  rp->lengths[rp->n_passes] = m;
  rp->n_passes++;
  rp->frames += m;
  *rp->phase = (*rp->phase + m) % PASS;
}

static void
test_history_replay (void)
{
  LqStereoHistory h;
  float l[100], r[100];
  Replay rp = { 0 };
  uint32_t phase;

  /* 10 ms at 8 kHz: 80 frames, rounded up to 96 (3 passes), ring of 128. */
  g_assert_cmpint (lq_stereo_history_init (&h, 8000, 10.0, PASS), ==, LQ_OK);
  g_assert_cmpuint (h.warm, ==, 96);
  g_assert_cmpuint (h.mask, ==, 127);
  g_assert_true (lq_stereo_history_from_reset (&h));

  /* 250 frames numbered 0..249 pushed in pieces of 100, 100, 50: the ring
   * wraps and the history is the last 96. */
  for (uint32_t k = 0; k < 250; k += 100)
    {
      uint32_t m = MIN (100, 250 - k);

      for (uint32_t i = 0; i < m; i++)
        {
          l[i] = (float) (k + i);
          r[i] = -(float) (k + i);
        }
      lq_stereo_history_push (&h, l, r, m);
    }
  g_assert_cmpuint (h.count, ==, 96);
  g_assert_false (lq_stereo_history_from_reset (&h));
  g_assert_cmpfloat (lq_stereo_history_get (&h, 0, 0), ==, 154.0f);
  g_assert_cmpfloat (lq_stereo_history_get (&h, 1, 95), ==, -249.0f);

  /* The processor stands 250 frames after its reset: phase 250 % 32 = 26.
   * The replay starts 96 frames earlier, at phase 26 again (96 = 3 * 32),
   * split at frame 50: passes 6 (to the grid), 32, 12 (split), 20, 26. */
  phase = 250 % PASS;
  rp.phase = &phase;
  lq_stereo_history_replay (&h, PASS, &phase, 50, record_pass, &rp);
  g_assert_cmpuint (phase, ==, 250 % PASS);
  g_assert_cmpuint (rp.frames, ==, 96);
  g_assert_cmpuint (rp.n_passes, ==, 5);
  g_assert_cmpuint (rp.lengths[0], ==, 6);
  g_assert_cmpuint (rp.lengths[1], ==, 32);
  g_assert_cmpuint (rp.lengths[2], ==, 12);
  g_assert_cmpuint (rp.starts[3], ==, 50);
  g_assert_cmpuint (rp.lengths[3], ==, 20);
  g_assert_cmpuint (rp.lengths[4], ==, 26);
  g_assert_cmpfloat (rp.first_l, ==, 154.0f);
  g_assert_cmpfloat (rp.last_r, ==, -249.0f);

  /* After a reset, silence and nothing to replay. */
  lq_stereo_history_reset (&h);
  g_assert_cmpuint (h.count, ==, 0);
  g_assert_true (lq_stereo_history_from_reset (&h));
  memset (&rp, 0, sizeof rp);
  rp.phase = &phase;
  lq_stereo_history_replay (&h, PASS, &phase, 0, record_pass, &rp);
  g_assert_cmpuint (rp.n_passes, ==, 0);
  lq_stereo_history_clear (&h);
  lq_stereo_history_clear (&h);  /* twice is safe */
}

static void
test_history_dry (void)
{
  float l[4] = { 0.5f, NAN, INFINITY, -1e-40f };
  float r[4] = { -INFINITY, 0.25f, -0.0f, 1.0f };
  LqRamp wet;

  lq_stereo_history_pass_dry (l, r, 4);
  g_assert_cmpfloat (l[0], ==, 0.5f);
  g_assert_cmpfloat (l[1], ==, 0.0f);
  g_assert_cmpfloat (l[2], ==, 0.0f);
  g_assert_cmpfloat (l[3], ==, -1e-40f);  /* finite: kept */
  g_assert_cmpfloat (r[0], ==, 0.0f);
  g_assert_cmpfloat (r[1], ==, 0.25f);
  g_assert_cmpfloat (r[3], ==, 1.0f);

  /* Bypass is done only once the fade has reached dry. */
  lq_ramp_init (&wet, 1.0);
  g_assert_false (lq_stereo_history_bypass_done (&wet));
  lq_ramp_set_target (&wet, 0.0, 10);
  g_assert_false (lq_stereo_history_bypass_done (&wet));
  for (int i = 0; i < 10; i++)
    lq_ramp_next (&wet);
  g_assert_true (lq_stereo_history_bypass_done (&wet));
}

static void
test_history_bad_pass (void)
{
  LqStereoHistory h;

  g_assert_cmpint (lq_stereo_history_init (&h, 48000, 100.0, 0), ==, LQ_ERR_INVALID);
  lq_stereo_history_clear (&h);
  g_assert_cmpint (lq_stereo_history_init (&h, 48000, 100.0, LQ_STEREO_HISTORY_MAX_PASS + 1),
                   ==, LQ_ERR_INVALID);
  lq_stereo_history_clear (&h);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stereo-history/replay", test_history_replay);
  g_test_add_func ("/stereo-history/dry", test_history_dry);
  g_test_add_func ("/stereo-history/bad-pass", test_history_bad_pass);
  return g_test_run ();
}
