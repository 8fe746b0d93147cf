/* lq-cli-devices.h: `lacquer-cli devices`, the audio output devices. */
#pragma once

G_BEGIN_DECLS

int lq_cli_devices (int argc, char **argv);

G_END_DECLS
