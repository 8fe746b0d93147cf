/* lq-cli-devices.h: `lacquer-cli devices`, the audio output devices. */
#pragma once

#include "lq-audio-system.h"

G_BEGIN_DECLS

int lq_cli_devices (int argc, char **argv);

/* Starts PortAudio and lists its output devices into *@devices; NULL, after
 * printing one line (no device at all, or PortAudio failing), otherwise. */
LqAudioSystem *lq_cli_open_audio (GPtrArray **devices);

G_END_DECLS
