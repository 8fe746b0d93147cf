/* lq-simd.h: the SIMD definitions the processors share.
 *
 * LQ_SIMD_CLONES: on x86-64 with GCC, a function is built twice, for AVX2
 * and for the baseline, and the loader picks one by the CPU (target_clones).
 * In ISO C mode (-std=c11: no FMA contraction) both clones compute the same
 * results, bit for bit; only the speed differs.
 *
 * LQ_SIMD_VECTORS: 1 where GCC vector extensions are available (GCC and
 * clang). Then lq_v8sf / lq_v8si are eight floats / int32s, and the LQ_V_*
 * macros load and store them unaligned and take a lane-wise |v| and max
 * (a > b ? a : b, written with masks so it needs no blend instruction).
 * Code using them keeps a plain C fallback under #if !LQ_SIMD_VECTORS.
 */
#pragma once

#include <stdint.h>
#include <string.h>

#define LQ_SIMD_LANES 8          /* floats per vector */

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LQ_SIMD_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define LQ_SIMD_CLONES
#endif

#if defined(__GNUC__)
#define LQ_SIMD_VECTORS 1
typedef float lq_v8sf __attribute__ ((vector_size (LQ_SIMD_LANES * sizeof (float))));
typedef int32_t lq_v8si __attribute__ ((vector_size (LQ_SIMD_LANES * sizeof (float))));
#define LQ_V_LOAD(dst, p) memcpy (&(dst), (p), sizeof (lq_v8sf))
#define LQ_V_STORE(p, v) memcpy ((p), &(v), sizeof (lq_v8sf))
#define LQ_V_ABS(v) ((lq_v8sf) ((lq_v8si) (v) & 0x7fffffff))
#define LQ_V_MAX(d, a, b)                                               \
  do {                                                                  \
    lq_v8si m_ = (lq_v8si) ((a) > (b));                                 \
    (d) = (lq_v8sf) ((m_ & (lq_v8si) (a)) | (~m_ & (lq_v8si) (b)));     \
  } while (0)
#else
#define LQ_SIMD_VECTORS 0
#endif
