/* lq-cd-layout.c: a compact disc's layout (see the header) */
#include "lq-cd-layout.h"

#include <stdarg.h>

#include "lq-export.h"

static void
lq_cd_text_clear (LqCdText *text)
{
  g_clear_pointer (&text->title, g_free);
  g_clear_pointer (&text->performer, g_free);
  g_clear_pointer (&text->songwriter, g_free);
  g_clear_pointer (&text->composer, g_free);
  g_clear_pointer (&text->arranger, g_free);
  g_clear_pointer (&text->message, g_free);
}

LqCdLayout *
lq_cd_layout_new (guint n_tracks)
{
  LqCdLayout *layout = g_new0 (LqCdLayout, 1);

  layout->n_tracks = n_tracks;
  layout->tracks = g_new0 (LqCdTrack, MAX (n_tracks, 1));
  for (guint i = 0; i < n_tracks; i++)
    layout->tracks[i].number = i + 1;
  layout->notes = g_ptr_array_new_with_free_func (g_free);

  return layout;
}

void
lq_cd_layout_free (LqCdLayout *layout)
{
  if (layout == NULL)
    return;

  for (guint i = 0; i < layout->n_tracks; i++)
    {
      lq_cd_text_clear (&layout->tracks[i].text);
      g_free (layout->tracks[i].isrc);
      g_free (layout->tracks[i].indexes);
    }
  g_free (layout->tracks);
  lq_cd_text_clear (&layout->text);
  g_free (layout->catalog);
  g_ptr_array_unref (layout->notes);
  g_free (layout);
}

void
lq_cd_layout_add_note (LqCdLayout *layout,
                       const char *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (layout->notes, g_strdup_vprintf (format, args));
  va_end (args);
}

char *
lq_cd_frames_to_msf (guint64 frames)
{
  guint64 seconds = frames / LQ_CD_FRAMES_PER_SECOND;

  return g_strdup_printf ("%02" G_GUINT64_FORMAT ":%02u:%02u",
                          seconds / 60, (guint) (seconds % 60),
                          (guint) (frames % LQ_CD_FRAMES_PER_SECOND));
}

void
lq_cd_render_options_init (LqProject       *project,
                           LqRenderOptions *options)
{
  lq_export_get_default_render_options (project, options);
  options->format = LQ_RENDER_WAV;
  options->rate = LQ_CD_SAMPLE_RATE;
  options->bits = 16;
  options->channels = 2;
}
