/* lq-match-eq-private.h: what lq-match-eq.c and lq-match-eq-designer.c
 * share (the filter geometry and the design itself). */
#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "lq-fft.h"
#include "lq-match-eq-designer.h"

/* Partitions K of the uniformly partitioned convolution. */
#define LQ_MATCH_EQ_N_PART 2

typedef struct
{
  uint32_t rate;
  uint32_t t;         /* padded filter length T */
  uint32_t centre;    /* c = T/2 - 1 */
  uint32_t b;         /* partition B = T / K */
  uint32_t d;         /* design size 2T */
  uint32_t bins;      /* B + 1 */
} LqMatchEqGeometry;

struct _LqMatchEqKernel
{
  atomic_uint refs;
  LqMatchEqGeometry geo;
  fftw_complex *filt[2];      /* [M/S]: K * (B + 1), 1/F folded in */
};

/* false on a rate out of range. */
bool _lq_match_eq_geometry (uint32_t rate, LqMatchEqGeometry *geo);
const LqMatchEqGeometry *_lq_match_eq_designer_get_geometry (const LqMatchEqDesigner *self);

/* Designs the M and S filters of lq_match_eq_set_curve() into @dst[0] and
 * @dst[1] (K * (B + 1) bins each); LQ_ERR_INVALID on bad bands (@dst is then
 * untouched). */
LqDspStatus _lq_match_eq_designer_run (LqMatchEqDesigner *self,
                                       const double *centres,
                                       uint32_t n_bands,
                                       const double *mid_db,
                                       const double *side_db,
                                       double strength,
                                       double cap_db,
                                       fftw_complex *const *dst);
/* The flat filter (unity gain, the filter's delay) into @dst. */
void _lq_match_eq_designer_flat (LqMatchEqDesigner *self, fftw_complex *dst);
