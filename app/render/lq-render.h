/* lq-render.h: renders one track of an album to an audio file.
 *
 * Source -> trims -> fades (lq-source-stage.h) -> the mastering chain (dsp/lq-chain.h, with the
 * track's settings from lq-chain-settings.h) -> sample-rate conversion (soxr, very high
 * quality) when the output rate differs, then a second true-peak
 * limiter at the output rate and the same ceiling (resampling can lift the
 * inter-sample peaks the chain's limiter held) -> TPDF dither (two uniform
 * generators of 1 LSB peak to peak each, reproducible) when the output word
 * is shorter than the float processing -> libsndfile, to a hidden temporary
 * file in the destination's folder, renamed into place when complete.
 *
 * The limiter lowers the loudness of what it limits, so a track planned at
 * a level (spec->target_lufs) is measured as it is rendered (the chain's
 * output, BS.1770) and, when it misses the level by more than
 * LQ_RENDER_LOUDNESS_TOLERANCE_LU, rendered again with the gain before the
 * limiter corrected (lq_render_next_gain(): extrapolation until a short and
 * a loud pass bracket the level, then Illinois regula falsi on the measured
 * loudness, at most LQ_RENDER_MAX_PASSES passes); a track the limiter
 * leaves alone is rendered once. Tracks that need up to 6 dB of limiting
 * land within the tolerance (tests/app/test-export-level.c).
 *
 * The output has exactly the trimmed length (source frames - trims), times
 * the rate ratio rounded to the nearest frame: the chain's latency is
 * flushed with silence and dropped.
 *
 * Channels. The chain is stereo. A mono source goes through it as dual mono
 * (both channels the same) and is written so, both channels exactly equal
 * (the same dither on both), when the output is stereo (options->channels
 * 2, the default, as in the player), or written as one channel with
 * options->channels 1. A stereo source cannot be written as mono
 * (LQ_ERROR_UNSUPPORTED_CHANNELS): Lacquer does not fold a mix down. The
 * loudness the render loop holds is measured on what is written: dual mono
 * reads LQ_DUAL_MONO_DB (lq-match-plan.h) above the same signal as one
 * channel.
 *
 * Blocking; call it on a worker thread in the GUI. Source audio is opened
 * read-only and never written.
 */
#pragma once

#include <gio/gio.h>

#include "lq-analyzer.h"
#include "lq-chain.h"
#include "lq-output-guard.h"
#include "lq-project.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_RENDER_WAV,
  LQ_RENDER_FLAC,
  LQ_RENDER_AIFF,
} LqRenderFormat;

typedef enum
{
  LQ_FADE_LINEAR,   /* gain = t */
  LQ_FADE_LOG,      /* gain = t * 10^(-3 (1 - t)): -60 dB -> 0 dB linear in dB, tapered to 0 */
  LQ_FADE_SCURVE,   /* gain = (1 - cos (pi t)) / 2, a raised cosine */
} LqFadeShape;

/* What to render: one track's source, edits and tags. */
typedef struct
{
  char *source;          /* absolute path */
  double gap_s;          /* silence before the track: the player's, never exported */
  double trim_in_s;
  double trim_out_s;     /* seconds removed from the end */
  double fade_in_s;
  double fade_out_s;
  LqFadeShape fade_in_shape;
  LqFadeShape fade_out_shape;
  /* The mastering chain (lq-chain-settings.h); the options decide the
   * limiter's ceiling and whether it runs. */
  LqChainSettings chain;

  char *title;
  char *artist;
  char *album_artist;   /* the album's artist */
  char *album;
  char *date;
  char *composer;
  char *genre;
  char *isrc;
  guint track_number;
  guint n_tracks;

  /* The loudness the track should come out at (the album's match), or NAN.
   * When the limiter's work lowers it by more than the tolerance, the gain
   * before the limiter is corrected and the track rendered again. */
  double target_lufs;
  /* has_start_gain: the pre-limiter gain to start the passes from is
   * start_gain_db (a gain solved before, lq-render-gain.h) instead of
   * chain.match_gain_db, the planned one. The passes still measure and
   * correct: it only saves them. */
  gboolean has_start_gain;
  double start_gain_db;
} LqRenderSpec;

/* Tighter than export's band (LQ_EXPORT_LOUDNESS_TOLERANCE_LU): the render
 * measures the chain's output, export the file as written (dithered,
 * resampled, read by other meters). */
#define LQ_RENDER_LOUDNESS_TOLERANCE_LU 0.05
#define LQ_RENDER_MAX_PASSES 8
#define LQ_RENDER_MAX_GAIN_CORRECTION_DB 12.0

/* The gain correction's state over the passes (lq-render.c). */
typedef struct
{
  gboolean have_low, have_high;   /* a pass that came out short, loud */
  double low_gain, low_miss;      /* its gain (dB) and miss (LU, < 0) */
  double high_gain, high_miss;    /* (miss >= 0) */
  int last_side;                  /* -1 short, 1 loud, 0 none yet */
} LqRenderGainSolver;

void lq_render_gain_solver_init (LqRenderGainSolver *solver);
/* The gain before the limiter to try next, after a pass at @gain_db came
 * out @miss_lu (measured - target) off. */
double lq_render_next_gain (LqRenderGainSolver *solver,
                            double gain_db,
                            double miss_lu);

typedef struct
{
  LqRenderFormat format;
  guint bits;            /* 16, 24 or 32 (32-bit float) */
  guint rate;            /* 0: the source's */
  double ceiling_dbtp;   /* the true-peak limiter's ceiling */
  gboolean limiter;      /* FALSE: no limiter (tests) */
  gboolean overwrite;    /* replace an existing file at the destination */
  guint32 dither_seed;   /* the dither is reproducible for a given seed */
  guint channels;        /* 2 (default): stereo, a mono source as dual mono;
                            1: mono, from mono sources only */
} LqRenderOptions;

/* The gain (0..1) of @shape at @t (0 = silent end, 1 = full level). */
double lq_fade_gain (LqFadeShape shape, double t);
/* "linear", "log", "scurve" (anything else reads as linear). */
LqFadeShape lq_fade_shape_from_string (const char *name);

/* "wav", "flac", "aiff" (and the extensions "aif"); FALSE for others. */
gboolean lq_render_format_from_string (const char *name, LqRenderFormat *format);
const char *lq_render_format_extension (LqRenderFormat format);
/* Whether @format can hold @bits (FLAC has no float). */
gboolean lq_render_format_supports (LqRenderFormat format, guint bits);

/* The output rates Lacquer can verify: what lq-audio-reader reads back (and
 * so what the export's check can measure). Others are refused
 * (LQ_ERROR_INVALID_VALUE) before anything is written. */
#define LQ_RENDER_RATE_MIN 8000
#define LQ_RENDER_RATE_MAX 384000

/* The most audio bytes a WAV (RIFF) or AIFF file may hold: the 32-bit chunk
 * sizes count the whole file, so 1 MiB is kept for the header and tags. */
#define LQ_RENDER_MAX_32BIT_DATA (G_GUINT64_CONSTANT (0xFFFFFFFF) - 1024 * 1024)

/* The libsndfile format (major | minor) for @frames frames of @channels
 * channels of @bits-bit audio in @format: a WAV too large for RIFF's 32-bit
 * sizes becomes RF64 (SF_FORMAT_RF64, same audio, 64-bit sizes); an AIFF
 * that large cannot be written and gives 0 with LQ_ERROR_INVALID_VALUE. */
int lq_render_choose_sf_format (LqRenderFormat format,
                                guint bits,
                                guint channels,
                                gint64 frames,
                                GError **error);

/* Fills @spec from @track of @project (position, tags, trims, fades, chain). */
void lq_render_spec_init (LqRenderSpec *spec, LqProject *project, LqTrack *track);
void lq_render_spec_clear (LqRenderSpec *spec);

void lq_render_options_init (LqRenderOptions *options);

/* The frames (the trimmed length at the output rate) and channels
 * lq_render_track() writes for @spec with @options, read from the source's
 * header; FALSE with @error when the source cannot be opened or the trims
 * leave nothing. */
gboolean lq_render_get_output (const LqRenderSpec *spec,
                                    const LqRenderOptions *options,
                                    gint64 *frames,
                                    guint *channels,
                                    GError **error);

/* A finished file under its temporary name (lq-output-folder.h), not yet
 * at its destination: measure it there, then commit or clear it. */
typedef struct
{
  char *path;        /* the destination */
  char *temp_path;   /* NULL once committed (or cleared) */
  gint64 frames;     /* the frames rendered, per channel */
  int sf_format;     /* as written */
  guint64 dev;       /* identity of the file as written */
  guint64 ino;
  guint passes;      /* the passes rendered (1: no correction needed) */
  double gain_db;    /* the pre-limiter gain of the last pass */
} LqRenderedFile;

/* Renders @spec to a new temporary file next to @path (a unique name) and
 * fills @out. A file already at @path, or @path being @spec's source,
 * gives an error before anything is written (LQ_ERROR_EXISTS unless
 * options->overwrite); nothing is left behind on failure or cancellation.
 * Error messages do not name @path (callers add it). */
gboolean lq_render_track_to_temp (const LqRenderSpec *spec,
                                  const LqRenderOptions *options,
                                  const char *path,
                                  GCancellable *cancellable,
                                  LqProgressFunc progress,
                                  gpointer progress_data,
                                  LqRenderedFile *out,
                                  GError **error);
/* Moves @file into place, atomically, once more checked against @guard
 * (may be NULL) and that the temporary file is still the one written;
 * without replacing a file there unless @overwrite. */
gboolean lq_rendered_file_commit (LqRenderedFile *file,
                                  const LqOutputGuard *guard,
                                  gboolean overwrite,
                                  GError **error);
/* Removes the temporary file if it was not committed; frees the names. */
void lq_rendered_file_clear (LqRenderedFile *file);

/* The render loop's passes without writing anything: the source stage and
 * the chain only (no resampling, dither or file), measured where
 * lq_render_track_to_temp() measures (the chain's output, on
 * options->channels channels), starting from spec->start_gain_db when set.
 * Gives the pre-limiter gain the render's last pass would use, so a render
 * started from it lands in one pass; @passes (may be NULL) the passes run.
 * Blocking; for a worker thread. */
gboolean lq_render_solve_gain (const LqRenderSpec *spec,
                               const LqRenderOptions *options,
                               double *gain_db,
                               guint *passes,
                               LqProgressFunc progress,
                               gpointer progress_data,
                               GCancellable *cancellable,
                               GError **error);

/* lq_render_track_to_temp() and lq_rendered_file_commit() (guarded against
 * @spec's source) in one: renders @spec to @path. */
gboolean lq_render_track (const LqRenderSpec *spec,
                          const LqRenderOptions *options,
                          const char *path,
                          GCancellable *cancellable,
                          LqProgressFunc progress,
                          gpointer progress_data,
                          GError **error);

G_END_DECLS
