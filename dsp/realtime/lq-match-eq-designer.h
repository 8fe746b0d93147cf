/* lq-match-eq-designer.h: match-EQ filters designed off the audio thread.
 *
 * Designing a match-EQ filter (lq-match-eq.h: sample the curve on a dense
 * grid, inverse FFT, window, transform the partitions) takes about a
 * millisecond: too long for an audio callback. A designer does it on the
 * control thread, with its own buffers and FFTW plans, into a kernel (the
 * filter's partition spectra, immutable once made); the callback hands the
 * kernel to lq_match_eq_set_kernel(), which only copies coefficients into
 * the filter's spare slot. Designer and LqMatchEq share no scratch memory
 * and no plan. A kernel is bit-identical to what lq_match_eq_set_curve()
 * designs inline for the same curve (it runs the same code), so both paths
 * give the same output.
 *
 * Kernels are reference counted so that successive parameter updates with
 * the same curve can share one: the designer keeps the kernels it made
 * and hands out a new reference when asked for the same curve again. Out
 * of a round it keeps the last one asked for; in a round
 * (lq_match_eq_designer_begin_round() .. _end_round(): an album's settings,
 * one curve per track) it keeps every one asked for in the round, so that
 * the next round (an edit to one track) designs only what changed, and
 * drops the others at its end.
 *
 * Threading: a designer is used by one thread at a time (the control
 * thread); new() and free() plan FFTs under lq-fft's lock. Kernel references
 * may be dropped on any thread but the audio thread (unref frees).
 */
#pragma once

#include <stdint.h>

#include "lq-dsp-status.h"

typedef struct _LqMatchEqDesigner LqMatchEqDesigner;
typedef struct _LqMatchEqKernel LqMatchEqKernel;

/* Filters for a match EQ at @sample_rate (8 kHz .. 768 kHz). NULL on a bad
 * rate or no memory. */
LqMatchEqDesigner *lq_match_eq_designer_new (uint32_t sample_rate);
/* Drops the designer's reference to its last kernel. */
void lq_match_eq_designer_free (LqMatchEqDesigner *self);

/* Designs the filters of lq_match_eq_set_curve() (same arguments, same
 * clamping, same validation) into a new kernel, or returns a new reference
 * to the last one when the arguments are bit for bit the same. *@kernel is
 * NULL on LQ_ERR_INVALID (bad bands) or LQ_ERR_NOMEM. */
LqDspStatus lq_match_eq_design (LqMatchEqDesigner *self,
                                const double *centres,
                                uint32_t n_bands,
                                const double *mid_db,
                                const double *side_db,
                                double strength,
                                double cap_db,
                                LqMatchEqKernel **kernel);

/* A round of designs (see above). */
void lq_match_eq_designer_begin_round (LqMatchEqDesigner *self);
void lq_match_eq_designer_end_round (LqMatchEqDesigner *self);
/* Filters designed (not found among the kept ones) since new(). */
uint64_t lq_match_eq_designer_get_n_designs (const LqMatchEqDesigner *self);

LqMatchEqKernel *lq_match_eq_kernel_ref (LqMatchEqKernel *kernel);
/* NULL is ignored. */
void lq_match_eq_kernel_unref (LqMatchEqKernel *kernel);
uint32_t lq_match_eq_kernel_get_sample_rate (const LqMatchEqKernel *kernel);

/* The magnitudes in dB the kernel's filter applies at the @n frequencies
 * @freq_hz to the mid (@channel 0) or side (1) signal, into @db: the
 * realised response, computed from the filter's own coefficients (the taps
 * recovered from its partitions' spectra by inverse FFT, then their
 * discrete-time Fourier transform at each frequency), not from the target
 * curve: what lq_match_eq_process() applies with this kernel, latency
 * aside. Off the audio thread (allocates and plans an FFT; about 8k
 * multiply-adds per frequency). -inf where the filter is 0, NaN for a
 * negative or NaN frequency. LQ_ERR_INVALID for a bad channel or NULL,
 * LQ_ERR_NOMEM. */
LqDspStatus lq_match_eq_kernel_response (const LqMatchEqKernel *kernel,
                                         uint32_t channel,
                                         const double *freq_hz,
                                         uint32_t n,
                                         double *db);
