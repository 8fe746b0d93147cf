/* dsp-test-util.h: signal generators and meter drivers shared by the dsp tests.
 *
 * Signals are produced in chunks by a fill callback so that a test of several
 * minutes of audio never holds more than one chunk in memory.
 */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "lq-loudness-meter.h"

G_BEGIN_DECLS

/* Writes up to @n frames of planar audio to @ch[0..channels-1]; returns the
 * number of frames written, 0 at the end of the signal. */
typedef uint32_t (*DspTestFill) (gpointer data, float *const *ch, uint32_t channels, uint32_t n);

/* One piece of an EBU-style tone sequence: @seconds of a sine whose peak
 * level is @dbfs (per channel), or of silence when @dbfs is -INFINITY. */
typedef struct
{
  double seconds;
  double dbfs;
} DspTestSegment;

/* A sine of @freq Hz running through @segments with continuous phase, the
 * same on every channel (in phase, as EBU Tech 3341 asks). */
typedef struct
{
  uint32_t rate;
  double freq;
  const DspTestSegment *segments;
  size_t n_segments;
  uint64_t pos;
  size_t seg;
  uint64_t seg_end;
} DspTestToneSeq;

void dsp_test_tone_seq_init (DspTestToneSeq *gen,
                             uint32_t rate,
                             double freq,
                             const DspTestSegment *segments,
                             size_t n_segments);
uint32_t dsp_test_tone_seq_fill (gpointer data, float *const *ch, uint32_t channels, uint32_t n);
/* Total length in frames, with the same rounding as the generator. */
uint64_t dsp_test_tone_seq_length (uint32_t rate,
                                   const DspTestSegment *segments,
                                   size_t n_segments);

/* Runs a fresh meter over the whole signal, feeding it @chunk frames at a time,
 * and returns every emitted block (an array of LqLoudnessBlock) in order. */
GArray *dsp_test_run_meter (uint32_t rate,
                            uint32_t channels,
                            DspTestFill fill,
                            gpointer data,
                            uint32_t chunk);

/* The energies of the blocks whose momentary (resp. short-term) value is valid. */
GArray *dsp_test_momentary_energies (GArray *blocks);
GArray *dsp_test_short_term_energies (GArray *blocks);

/* Integrated loudness of the valid momentary energies of @blocks, as one span. */
double dsp_test_integrated (GArray *blocks);

/* Gaussian noise, deterministic for a given seed. */
double dsp_test_gauss (GRand *rand);

double dsp_test_db (double linear);
double dsp_test_from_db (double db);

/* Records "label: got X, expected Y" in the test log and fails the test
 * (without stopping it, so every reading gets logged) unless
 * expected - @below <= got <= expected + @above. Returns whether it passed. */
gboolean dsp_test_check (const char *label,
                         double got,
                         double expected,
                         double below,
                         double above);

G_END_DECLS
