/* lq-tags-private.h: what lq-tags.c shares with lq-tags-extra.c. */
#pragma once

#include <FLAC/metadata.h>

/* FLAC__IOCallbacks over a stdio FILE *. */
extern const FLAC__IOCallbacks _lq_tags_flac_io;
