/* lq-demo-album.c: four synthesized tracks that need mastering.
 *
 * They differ the way real mixes from different sessions do: one bright and
 * loud, one dark and quiet, one with a quiet verse and a loud chorus, and one
 * driven into clipping with a DC offset. Everything is generated from a fixed
 * seed, so the demo measures the same on every machine.
 */
#include "config.h"

#include "lq-demo-album.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sndfile.h>

#include "lq-error.h"

#define RATE 44100
#define SECONDS 20
#define CHUNK 4410

typedef struct
{
  guint64 state;
  double lp[2], hp[2], hp_in[2];
} Voice;

static double
noise (Voice *v)
{
  /* xorshift64*: deterministic everywhere. */
  v->state ^= v->state >> 12;
  v->state ^= v->state << 25;
  v->state ^= v->state >> 27;
  return (double) ((v->state * 2685821657736338717ULL) >> 11) / (double) (1ULL << 53) * 2.0 - 1.0;
}

/* One-pole low-pass and high-pass, per channel: enough for a tonal tilt. */
static double
lowpass (Voice *v, int c, double x, double hz)
{
  double a = 1.0 - exp (-2.0 * G_PI * hz / RATE);
  v->lp[c] += a * (x - v->lp[c]);
  return v->lp[c];
}

static double
highpass (Voice *v, int c, double x, double hz)
{
  double a = exp (-2.0 * G_PI * hz / RATE);
  double y = a * (v->hp[c] + x - v->hp_in[c]);
  v->hp_in[c] = x;
  v->hp[c] = y;
  return y;
}

typedef void (*SynthFunc) (Voice *v, gint64 n, double *l, double *r);

static void
synth_morning_light (Voice *v, gint64 n, double *l, double *r)
{
  double t = (double) n / RATE;
  static const double chord[] = { 220.0, 277.18, 329.63, 440.0 };
  double tone = 0.0, hat;
  double beat = fmod (t, 0.5);

  for (guint k = 0; k < G_N_ELEMENTS (chord); k++)
    tone += sin (2 * G_PI * chord[k] * t + k) * (0.8 + 0.2 * sin (2 * G_PI * 0.25 * t + k));
  tone *= 0.12;
  hat = highpass (v, 0, noise (v), 6000.0) * exp (-beat * 30.0) * 0.5;
  *l = tone + hat;
  *r = tone * 0.9 + highpass (v, 1, noise (v), 6000.0) * exp (-beat * 30.0) * 0.45;
}

static void
synth_deep_water (Voice *v, gint64 n, double *l, double *r)
{
  double t = (double) n / RATE;
  double bass = 0.2 * sin (2 * G_PI * 55.0 * t) + 0.1 * sin (2 * G_PI * 110.0 * t);
  double swell = 0.5 + 0.5 * sin (2 * G_PI * 0.1 * t);

  *l = 0.35 * (bass + 0.6 * swell * lowpass (v, 0, noise (v), 300.0));
  *r = 0.35 * (bass + 0.6 * swell * lowpass (v, 1, noise (v), 300.0));
}

static void
synth_paper_boats (Voice *v, gint64 n, double *l, double *r)
{
  double t = (double) n / RATE;
  static const double notes[] = { 392.0, 440.0, 523.25, 587.33, 659.25, 523.25, 440.0, 349.23 };
  double pos = fmod (t, 0.4);
  double note = notes[(gint64) (t / 0.4) % G_N_ELEMENTS (notes)];
  double pluck = sin (2 * G_PI * note * t) * exp (-pos * 8.0);
  double level = t < SECONDS / 2.0 ? 0.08 : 0.4;   /* verse, then chorus */
  double pad = lowpass (v, 0, noise (v), 2000.0) * (t < SECONDS / 2.0 ? 0.02 : 0.15);

  *l = level * pluck + pad;
  *r = level * pluck * 0.8 + pad;
}

static void
synth_overdrive (Voice *v, gint64 n, double *l, double *r)
{
  double t = (double) n / RATE;
  double beat = fmod (t, 0.5);
  double saw = 2.0 * fmod (t * 82.41, 1.0) - 1.0;
  double kick = 0.9 * sin (2 * G_PI * 50.0 * beat) * exp (-beat * 10.0);
  /* Pushed so the kicks hit the rails, and +0.01: a DC offset. */
  double mix = 0.35 * saw + 0.2 * noise (v) + kick + 0.01;

  *l = CLAMP (mix, -1.0, 1.0);
  *r = CLAMP (mix * 0.97 + 0.05 * noise (v), -1.0, 1.0);
}

static const struct
{
  const char *file;
  const char *title;
  SynthFunc synth;
} tracks[] = {
  { "01 Morning Light.wav", "Morning Light", synth_morning_light },
  { "02 Deep Water.wav", "Deep Water", synth_deep_water },
  { "03 Paper Boats.wav", "Paper Boats", synth_paper_boats },
  { "04 Overdrive.wav", "Overdrive", synth_overdrive },
};

static gboolean
write_track (const char *path,
             guint index,
             GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".part", NULL);
  SF_INFO info = { .samplerate = RATE, .channels = 2,
                   .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
  Voice v = { .state = 0x9E3779B97F4A7C15ULL + index };
  float buf[2 * CHUNK];
  SNDFILE *file;

  file = sf_open (tmp, SFM_WRITE, &info);
  if (file == NULL)
    {
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"),
                   tmp, sf_strerror (NULL));
      return FALSE;
    }
  sf_set_string (file, SF_STR_TITLE, tracks[index].title);
  sf_set_string (file, SF_STR_ARTIST, LQ_DEMO_ALBUM_ARTIST);
  sf_set_string (file, SF_STR_ALBUM, LQ_DEMO_ALBUM_TITLE);

  for (gint64 n = 0; n < (gint64) RATE * SECONDS; n += CHUNK)
    {
      for (guint i = 0; i < CHUNK; i++)
        {
          double l, r;
          /* Short fades so the tracks start and end cleanly. */
          double t = (double) (n + i) / RATE;
          double fade = MIN (1.0, MIN (t / 0.05, (SECONDS - t) / 0.5));

          tracks[index].synth (&v, n + i, &l, &r);
          buf[2 * i] = (float) (l * fade);
          buf[2 * i + 1] = (float) (r * fade);
        }
      if (sf_writef_float (file, buf, CHUNK) != CHUNK)
        {
          g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"),
                       tmp, sf_strerror (file));
          sf_close (file);
          g_unlink (tmp);
          return FALSE;
        }
    }

  if (sf_close (file) != 0 || g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot write “%s”: %s"),
                   path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}

char *
lq_demo_album_default_directory (void)
{
  return g_build_filename (g_get_user_cache_dir (), "lacquer", "demo", NULL);
}

guint
lq_demo_album_get_n_tracks (void)
{
  return G_N_ELEMENTS (tracks);
}

const char *
lq_demo_album_get_file_name (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (tracks), NULL);
  return tracks[index].file;
}

const char *
lq_demo_album_get_title (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (tracks), NULL);
  return tracks[index].title;
}

char **
lq_demo_album_ensure (const char *directory,
                      GError **error)
{
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();

  g_return_val_if_fail (directory != NULL, NULL);

  if (g_mkdir_with_parents (directory, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, LQ_ERROR, LQ_ERROR_IO, _("Cannot create “%s”: %s"),
                   directory, g_strerror (saved));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (tracks); i++)
    {
      g_autofree char *path = g_build_filename (directory, tracks[i].file, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) && !write_track (path, i, error))
        return NULL;
      g_strv_builder_add (files, path);
    }

  return g_strv_builder_end (files);
}
