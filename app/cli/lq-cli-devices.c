/* lq-cli-devices.c: `lacquer-cli devices`, the audio output devices
 * PortAudio sees, as playback would choose among them. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "lq-audio-system.h"
#include "lq-cli-common.h"
#include "lq-cli-devices.h"
#include "lq-cli.h"
#include "lq-engine-json.h"

LqAudioSystem *
lq_cli_open_audio (GPtrArray **devices)
{
  g_autoptr(LqAudioSystem) audio = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  audio = lq_audio_system_new (&error);
  if (audio == NULL)
    {
      fprintf (stderr, "lacquer-cli: %s\n", error->message);
      return NULL;
    }
  list = lq_audio_system_list_outputs (audio);
  if (list->len == 0)
    {
      fprintf (stderr, "lacquer-cli: %s\n",
               _("No audio output device: PortAudio found no sound card and no running sound server"));
      return NULL;
    }
  *devices = g_steal_pointer (&list);
  return g_steal_pointer (&audio);
}

int
lq_cli_devices (int argc,
                char **argv)
{
  const char *usage = _("lacquer-cli devices [--json]");
  g_auto(GStrv) operands = NULL;
  g_autoptr(LqAudioSystem) audio = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status = LQ_EXIT_OK;

  if (!lq_cli_parse ("devices", "", _("Lists the audio output devices playback can use: their host API, "
                                       "output channels and default sample rate;\n"
                                       "* marks the default. A device is chosen by any part of "
                                       "“host API: device”."),
                     usage, NULL, &json, &argc, &argv, &operands, &status))
    return status;
  if (operands != NULL)
    return lq_cli_usage_error (usage, _("devices: takes no arguments"));

  audio = lq_cli_open_audio (&devices);
  if (audio == NULL)
    return LQ_EXIT_FAILED;

  if (json)
    {
      lq_cli_print_json_take (lq_engine_devices_to_json (devices));
      return LQ_EXIT_OK;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      const LqAudioDevice *d = g_ptr_array_index (devices, i);
      g_autofree char *label = lq_audio_device_label (d);
      g_autofree char *shown = lq_cli_escape (label);

      /* TRANSLATORS: a device line: the default mark, "host API: device",
       * its output channels and its default sample rate */
      printf (_("%s %s — %d channels, %.0f Hz\n"), d->is_default ? "*" : " ", shown,
              d->max_output_channels, d->default_sample_rate);
    }
  return LQ_EXIT_OK;
}
