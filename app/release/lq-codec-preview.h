/* lq-codec-preview.h: what the lossy codecs listeners get do to the master.
 *
 * Every track's master, as the album's default export renders it
 * (lq_export_get_default_render_options(), the level it holds each track
 * at, 32-bit float WAV at the export's rate), is encoded with each codec
 * through libsndfile, decoded back, aligned with the master and measured
 * with the project's meters (dsp/lq-true-peak.h, dsp/lq-loudness-meter.h
 * gated by dsp/lq-loudness-gate.h: BS.1770-4, as the analysis measures):
 *
 *   mp3-320, mp3-128  LAME, constant bit rate. libsndfile 1.2 maps
 *                     SFC_SET_COMPRESSION_LEVEL c to 320 - c (320 - 32)
 *                     kbit/s (truncated) at 32 kHz and above; the level
 *                     asked for is the one giving the bit rate exactly.
 *   opus-160, opus-96 libopus (its default VBR) at 48 kHz: the master is
 *                     resampled with soxr first (very high quality, as
 *                     the render). libsndfile maps c to ((1 - c) 250000
 *                     + 6000) bit/s per channel.
 *   vorbis-q5         libvorbis VBR quality 0.5 (oggenc's -q 5):
 *                     libsndfile's quality is 1 - c.
 *
 *   aac-256           libavcodec's native AAC encoder at 256 kbit/s (its
 *                     ABR), through the ffmpeg program run as a
 *                     subprocess (lq-codec-aac.c: `ffmpeg -i MASTER -c:a
 *                     aac -b:a 256k OUT.m4a`, decoded by ffmpeg again to
 *                     32-bit float WAV: libsndfile has no AAC). At the
 *                     master's rate when it is 44.1 or 48 kHz, else
 *                     resampled with soxr to 48 kHz first, as for Opus.
 *                     The program is $LACQUER_FFMPEG when set, else ffmpeg
 *                     in PATH; without it AAC is skipped: its result has
 *                     skipped set (lq_codec_get_unavailable_reason()) and
 *                     NAN figures, and the other codecs run as before.
 *                     Cancelling kills the subprocess.
 *
 * Alignment. Codecs delay the audio (LAME's encoder delay and padding, the
 * MP3 decoder's delay, Opus's pre-skip): libsndfile removes what the
 * files' headers declare (mpg123's gapless mode reads LAME's tag; the Opus
 * reader skips the pre-skip), but nothing is assumed: the offset is
 * measured as the lag (-LQ_CODEC_MAX_LEAD .. LQ_CODEC_MAX_DELAY frames)
 * of the largest normalised cross-correlation between the master (at the
 * decoded rate) and the decoded audio over a window of
 * LQ_CODEC_ALIGN_WINDOW frames starting a quarter window before the
 * master's first signal (-60 dBFS) in its first 10 s, so an onset is in
 * it; lags within 0.005 of the best correlation count as equal and the
 * smallest wins (periodic music correlates at every period, and the
 * delays libsndfile leaves are 0 in every test). The correlations are
 * computed with one FFTW transform pair (dsp/realtime/lq-fft.h). The decoded audio is
 * measured from that offset on, for the master's length.
 *
 * Overs. An over is a run of consecutive frames whose true peak (the
 * largest 4x-oversampled value the frame completes, on any channel, as
 * lq_true_peak_process_frames_max() gives it) exceeds the threshold: 0
 * dBTP for overs_0dbtp, the export's ceiling for overs_ceiling. Runs less
 * than LQ_ANALYSIS_RUN_MERGE_S apart count as one, as the analysis merges
 * its overs.
 *
 * The ceiling rule. A codec's overshoot (decoded true peak - master true
 * peak) follows the master's level (the codecs are close to linear): to
 * keep the decoded peak at or below 0 dBTP, the master's true peak must
 * be at most -overshoot. The limiter's ceiling has to come down by
 * ceiling - (master true peak - decoded true peak), rounded up to 0.1 dB
 * (ceiling_reduction_db; 0 when the decoded audio stays at or below 0
 * dBTP).
 *
 * Tracks run in parallel (one worker per core unless asked): each track's
 * render first, then the read that measures the master and, when an Opus
 * codec is asked for and the master is not at 48 kHz, writes it resampled
 * to 48 kHz (32-bit float WAV, next to it) for both Opus codecs: one soxr
 * pass a track, fed as each encode would feed it, so the same samples;
 * then its codecs, each its own job; codec jobs go before
 * renders still waiting, so a master is removed (after its codecs) before
 * many more are written: the temporary folder holds about one master per
 * worker, not the album. Every temporary file
 * lives in one private folder (under options->temp_dir, else the system's)
 * removed before the call returns, whatever happened. Blocking: call it on
 * a worker thread in the GUI; @progress is called on the calling thread.
 */
#pragma once

#include <gio/gio.h>

#include "lq-project.h"

G_BEGIN_DECLS

typedef enum
{
  LQ_CODEC_MP3_320,
  LQ_CODEC_MP3_128,
  LQ_CODEC_OPUS_160,
  LQ_CODEC_OPUS_96,
  LQ_CODEC_VORBIS_Q5,
  LQ_CODEC_AAC_256,
  LQ_CODEC_N
} LqCodec;

/* Every codec. */
#define LQ_CODEC_ALL ((1u << LQ_CODEC_N) - 1)

#define LQ_CODEC_ALIGN_WINDOW 8192
#define LQ_CODEC_MAX_DELAY 4096
#define LQ_CODEC_MAX_LEAD 1024

/* "mp3-320", "mp3-128", "opus-160", "opus-96", "vorbis-q5", "aac-256". */
const char *lq_codec_get_id (LqCodec codec);
/* "MP3 320 kbit/s", … (translated). */
const char *lq_codec_get_label (LqCodec codec);
/* The codec's nominal bit rate in kbit/s; 0 for a quality (Vorbis). */
guint lq_codec_get_kbps (LqCodec codec);
/* The rate the codec encodes at for a master at @rate: 48000 for Opus;
 * for AAC @rate when it is 44100 or 48000, else 48000. */
guint lq_codec_get_rate (LqCodec codec, guint rate);
/* NULL when @codec can be encoded here, else why not (translated, e.g.
 * "not available: the ffmpeg program is not installed" for AAC). */
const char *lq_codec_get_unavailable_reason (LqCodec codec);
/* FALSE for an unknown id. */
gboolean lq_codec_from_id (const char *id, LqCodec *codec);

typedef struct
{
  LqCodec codec;
  double true_peak_dbtp;       /* decoded; -inf for silence */
  guint overs_0dbtp;
  guint overs_ceiling;
  double integrated_lufs;      /* decoded; NAN without a loudness */
  double loudness_change_lu;   /* decoded - master; NAN without a loudness */
  double ceiling_reduction_db; /* see "The ceiling rule"; 0 when not over */
  gint64 delay_frames;         /* the offset measured, at @rate */
  guint rate;                  /* decoded */
  gint64 frames;               /* decoded frames, as libsndfile gives them */
  goffset encoded_bytes;
  double bitrate_kbps;         /* encoded_bytes * 8 / the master's duration */
  const char *skipped;         /* NULL, or why the codec was not previewed
                                * (lq_codec_get_unavailable_reason()): then
                                * the figures are NAN and the counts 0 */
} LqCodecResult;

typedef struct
{
  guint position;              /* 1-based */
  char *title;
  double master_true_peak_dbtp;
  double master_lufs;          /* NAN without a loudness */
  guint master_rate;
  gint64 master_frames;
  GArray *results;             /* of LqCodecResult, in LqCodec order */
} LqCodecPreviewTrack;

void lq_codec_preview_track_free (LqCodecPreviewTrack *track);

typedef struct
{
  guint codecs;                /* a mask of 1 << LqCodec; 0: all */
  double ceiling_dbtp;         /* overs_ceiling; the project's run: the export's */
  guint n_workers;             /* 0: one per core */
  const char *temp_dir;        /* NULL: g_get_tmp_dir () */
} LqCodecPreviewOptions;

void lq_codec_preview_options_init (LqCodecPreviewOptions *options);

/* Called on the calling thread with the fraction done (0..1). */
typedef void (*LqCodecPreviewProgressFunc) (double fraction, gpointer user_data);

/* Previews the masters at @paths (any file libsndfile reads, mono or
 * stereo; position i + 1, titled by their base names). A GPtrArray of
 * LqCodecPreviewTrack, one per path in order, or NULL with @error (naming
 * the file and the reason; G_IO_ERROR_CANCELLED when cancelled). */
GPtrArray *lq_codec_preview_files (const char *const *paths,
                                   guint n_paths,
                                   const LqCodecPreviewOptions *options,
                                   GCancellable *cancellable,
                                   LqCodecPreviewProgressFunc progress,
                                   gpointer progress_data,
                                   GError **error);

/* Every track of @project, rendered as the default export renders it
 * (32-bit float WAV in the private folder), or the file @rendered[i] when
 * @rendered (may be NULL) gives one (NULL entries are rendered).
 * options->ceiling_dbtp is replaced by the export's
 * (lq_export_get_ceiling()). The project is read on the calling thread
 * only, before anything runs. */
GPtrArray *lq_codec_preview_project (LqProject *project,
                                     const char *const *rendered,
                                     const LqCodecPreviewOptions *options,
                                     GCancellable *cancellable,
                                     LqCodecPreviewProgressFunc progress,
                                     gpointer progress_data,
                                     GError **error);

/* lq_codec_preview_project() (without rendered files) off the calling
 * thread (lq-codec-preview-async.c): a project open for writing is copied
 * (lq_project_save_copy(), beside it) on the calling thread, a worker
 * thread opens the copy read-only and previews it, and the copy is
 * removed, so @project may be edited meanwhile. @progress (may be NULL)
 * runs on the calling thread's thread-default main context, never
 * decreasing, ending at 1 on success. @options is copied. */
void lq_codec_preview_project_async (LqProject *project,
                                     const LqCodecPreviewOptions *options,
                                     GCancellable *cancellable,
                                     LqCodecPreviewProgressFunc progress,
                                     gpointer progress_data,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
/* The GPtrArray of LqCodecPreviewTrack, or NULL with @error
 * (G_IO_ERROR_CANCELLED when cancelled). */
GPtrArray *lq_codec_preview_project_finish (LqProject *project,
                                            GAsyncResult *result,
                                            GError **error);

/* One line per codec that takes a track of @tracks (of
 * LqCodecPreviewTrack) over 0 dBTP, in LqCodec order, with the number of
 * such tracks and the largest ceiling_reduction_db among them ("MP3 128
 * kbit/s takes 2 tracks over 0 dBTP: lower the ceiling by 0.6 dB"),
 * joined by newlines; "No codec takes a track over 0 dBTP" when none does.
 * Translated. */
char *lq_codec_preview_get_summary (GPtrArray *tracks);

/* Encodes the audio file @master with @codec to @out (a new file;
 * resampled with soxr to lq_codec_get_rate(); for AAC an MP4 file, made
 * by the ffmpeg program). The error names @master or @out and the reason
 * (for AAC without ffmpeg: LQ_ERROR_NOT_FOUND). */
gboolean lq_codec_encode_file (LqCodec codec,
                               const char *master,
                               const char *out,
                               GCancellable *cancellable,
                               GError **error);
/* The offset of @decoded against @master (see "Alignment"): @decoded's
 * frame *delay + i is @master's frame i (at @decoded's rate: @master is
 * resampled when its rate differs). 0 when the master has no signal in its
 * first 10 s. */
gboolean lq_codec_find_delay (const char *master,
                              const char *decoded,
                              gint64 *delay,
                              GCancellable *cancellable,
                              GError **error);

/* "mp3-128 over 0 dBTP by 0.4 dB; lower the ceiling by 1.4 dB", translated,
 * or NULL when @result stays at or below 0 dBTP. */
/* TRUE when the codec takes the track over 0 dBTP (never for a codec that
 * was skipped): the one rule every warning of the preview follows. */
gboolean lq_codec_result_is_over (const LqCodecResult *result);
char *lq_codec_result_get_warning (const LqCodecResult *result);

G_END_DECLS
