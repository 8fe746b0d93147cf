/* lq-test-audio.h: writing test audio files for the app tests. */
#pragma once

#include <glib.h>
#include <stdarg.h>
#include <sndfile.h>

G_BEGIN_DECLS

/* Fills frame i of channel c. */
typedef double (*LqTestSignal) (guint64 i, guint c, guint rate, gpointer data);

/* Writes @frames frames of @signal to @path in @format; title may be NULL. */
void lq_test_write (const char *path,
                    int format,
                    guint rate,
                    guint channels,
                    guint64 frames,
                    LqTestSignal signal,
                    gpointer data,
                    const char *title);

/* A 1 kHz sine, amplitude in dBFS given as *(double *) data; right channel = left. */
double lq_test_sine_1k (guint64 i, guint c, guint rate, gpointer data);

/* Reproducible white noise in [-1, 1): a hash of frame @i and channel @c
 * (splitmix64), the same on every run and machine. */
double lq_test_noise (guint64 i, guint c);
/* Stereo noise of a tilt, for tonal tests: GINT_TO_POINTER (0) dark (a
 * moving average of 8 samples), 1 white, 2 bright (a first difference);
 * at 0.1 of lq_test_noise()'s scale. */
double lq_test_tilted_noise (guint64 i, guint c, guint rate, gpointer data);

/* Runs the built lacquer-cli ($LQ_CLI) in @dir with the arguments in @ap
 * (NULL-terminated); replaces *out and *err with what it printed and returns
 * its exit status. */
int lq_test_run_cli (const char *dir, char **out, char **err, va_list ap);
/* The same with the arguments in a NULL-terminated array. */
int lq_test_run_cli_argv (const char *dir, char **out, char **err, const char *const *args);

/* Integrated loudness (LUFS) and true peak (dBTP, the loudest channel) of
 * the file at @path by libebur128, the reference the tests hold Lacquer's
 * own figures against; @true_peak_db may be NULL. Fails the test when the
 * file cannot be read. */
double lq_test_ebur128 (const char *path, double *true_peak_db);

/* SHA-256 of a file's bytes. */
char *lq_test_checksum (const char *path);

/* A new temporary directory, removed with lq_test_rmdir. */
char *lq_test_tmpdir (void);
void lq_test_rmdir (const char *dir);

G_END_DECLS
