/* lq-spectrum.h: long-term average spectrum of the mid and side channels.
 *
 * The analyser forms M = (L + R) / 2 and S = (L - R) / 2, cuts them into
 * Hann-windowed FFT frames (8192 points at 44.1/48 kHz, scaled with the rate
 * so the bands stay in Hz; 50 % overlap) and sums each frame's power into
 * 1/3-octave bands on the ISO grid 1000 * 2^(k/3) Hz, from 20 Hz to 20 kHz
 * (bands reaching past Nyquist are left out). A bin is shared between two
 * bands in proportion to how much of its width falls into each, so a band
 * holds the power of the signal between its edges: pink noise reads flat,
 * white noise rises 1 dB per 1/3 octave (3 dB per octave).
 *
 * Only the loud sections count: alongside the FFT frames a BS.1770
 * loudness meter runs on L/R, and every frame takes the loudness of the
 * 400 ms block centred on it. At the end the blocks are gated as BS.1770
 * does (absolute -70 LUFS, relative -10 LU below the mean of the blocks above
 * the absolute gate) and only frames whose block passes are averaged. So
 * that memory does not grow with the length, the frames are summed as they
 * come into 0.1 LU bins of their block's loudness (see lq-spectrum.c): exact
 * but for the frames in the one bin the threshold falls inside, which all
 * pass or all fail together. Memory is bounded (about 0.5 MB at most, a few
 * hundred kB for music), however long the programme.
 * A caller that runs a meter (lq-loudness-meter.h) on the same audio anyway
 * makes the analyser with lq_spectrum_new_external_loudness() and hands it
 * the meter's blocks: the same gate without K-weighting the audio twice.
 *
 * Not realtime: lq_spectrum_process() and lq_spectrum_add_blocks() allocate
 * the histogram's bins on first use and queue the frames still waiting for
 * their block (and the blocks for their frames): a few, when audio and
 * blocks are handed in together; as many as the one runs ahead of the other.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lq-dsp-status.h"
#include "lq-loudness-meter.h"

#define LQ_SPECTRUM_MAX_CHANNELS 2
#define LQ_SPECTRUM_MAX_BANDS 31

/* Normalisation bands: their mean level (in dB) is the 0 dB reference. */
#define LQ_SPECTRUM_REF_LOW_HZ 100.0
#define LQ_SPECTRUM_REF_HIGH_HZ 10000.0

typedef enum
{
  /* Mean band power in dB re full-scale mean square (a band of a full-scale
   * sine reads -3 dB). */
  LQ_SPECTRUM_NORM_NONE,
  /* M and S each relative to their own mean over 100 Hz - 10 kHz: tonal
   * shape only, for matching. */
  LQ_SPECTRUM_NORM_EACH,
  /* M and S both relative to M's mean over 100 Hz - 10 kHz: keeps the
   * level of S against M (stereo width). */
  LQ_SPECTRUM_NORM_MID,
} LqSpectrumNorm;

typedef struct _LqSpectrum LqSpectrum;

/* @channels: 1 (S is then silent) or 2. NULL on bad arguments or no memory. */
LqSpectrum *lq_spectrum_new (uint32_t sample_rate, uint32_t channels);
/* Like lq_spectrum_new(), but without a loudness meter of its own: the
 * caller runs an LqLoudnessMeter of the same rate on the same audio from its
 * first sample and passes every block it emits to lq_spectrum_add_blocks(),
 * in order. The meter's blocks do not depend on how the stream is cut, so
 * the bands come out exactly as with lq_spectrum_new(). */
LqSpectrum *lq_spectrum_new_external_loudness (uint32_t sample_rate, uint32_t channels);
void lq_spectrum_free (LqSpectrum *self);
/* Forgets everything analysed so far (with external loudness, reset the
 * caller's meter alongside). */
void lq_spectrum_reset (LqSpectrum *self);

/* Gating is on by default; off, every frame counts (for comparisons). */
void lq_spectrum_set_gating (LqSpectrum *self, bool gating);

/* Analyses @n frames of planar audio. LQ_ERR_NOMEM when the frame store
 * cannot grow (what was analysed before stays valid). */
LqDspStatus lq_spectrum_process (LqSpectrum *self,
                                 const float *const *channels,
                                 uint32_t n);

/* Appends @n blocks of the caller's meter (only their momentary energies
 * count). Blocks and audio may be handed in in any interleaving: frames are
 * matched to blocks by position in the stream when the bands are read.
 * LQ_ERR_INVALID for an analyser made by lq_spectrum_new() (it meters the
 * audio itself); LQ_ERR_NOMEM when the block store cannot grow. */
LqDspStatus lq_spectrum_add_blocks (LqSpectrum *self,
                                    const LqLoudnessBlock *blocks,
                                    uint32_t n);

/* Bytes the analyser holds now (its buffers, queues and histogram; not
 * FFTW's plan), for tests and benchmarks of its memory. */
size_t lq_spectrum_get_allocated (const LqSpectrum *self);

uint32_t lq_spectrum_get_n_bands (const LqSpectrum *self);
/* Band centre frequencies in Hz, ascending (lq_spectrum_get_n_bands() of them). */
const double *lq_spectrum_get_centres (const LqSpectrum *self);
uint32_t lq_spectrum_get_fft_size (const LqSpectrum *self);

/* Writes the gated mean power per band, in dB, of M to @mid_db and of S to
 * @side_db (either may be NULL), lq_spectrum_get_n_bands() values each;
 * silent bands read -200 dB. @n_used (may be NULL) gets the number of frames
 * averaged. Returns LQ_ERR_INVALID when no frame passes the gates (silence,
 * or less audio than one FFT frame / one 400 ms block). May be called again
 * after more audio has been analysed. */
LqDspStatus lq_spectrum_get_bands (const LqSpectrum *self,
                                   LqSpectrumNorm norm,
                                   double *mid_db,
                                   double *side_db,
                                   uint32_t *n_used);

/* The mean of @db over the bands whose centre lies in 100 Hz - 10 kHz. */
double lq_spectrum_reference (const double *centres, const double *db, uint32_t n);
