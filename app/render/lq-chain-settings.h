/* lq-chain-settings.h: a track's mastering chain, as its project says.
 *
 * The project stores the chain's settings as fields (lq-project-fields.h:
 * the track's EQ bands, match-EQ switch, compressor and stereo width; the
 * album bus's EQ bands and compressor; the limiter's release) and the
 * album's match (each track's match gain and match-EQ correction, the
 * tonal strength and cap, the ceiling). This turns them into the
 * dsp/lq-chain.h settings the offline renderer and the live engine run, so
 * both hear the same thing.
 *
 *  - input trim: the "input-trim" field;
 *  - match gain: the "gain" field plus the stored match gain;
 *  - match EQ: the stored correction with the album's tonal strength and
 *    cap, on when the track's "match-eq-on" is and the strength is above 0;
 *  - "bypass": the track's own processors (EQ, match EQ, compressor, width)
 *    are off; gains, album bus and limiter stay, so a bypassed track keeps
 *    its level and its ceiling;
 *  - limiter: on, at lq_chain_settings_project_ceiling().
 *
 * Defaults (the columns' defaults in project format 4): EQ bands off
 * (high-pass 30 Hz, low shelf 100 Hz, bells at 250 Hz, 800 Hz, 2.5 kHz and
 * 6 kHz, high shelf 10 kHz, low-pass 20 kHz; 0 dB, Q 0.71, 24 dB/oct,
 * stereo), compressors off (-18 dB, 2:1, 6 dB knee, 10/100 ms, 0 dB
 * makeup, RMS, linked), width off (1.0, no mono bass), match EQ on,
 * limiter release 100 ms with auto release.
 *
 * Use from the project's thread.
 */
#pragma once

#include "lq-chain.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* The ceiling a matched album is limited to: the stored match's ceiling
 * override, else the album target's ceiling, else -1 dBTP. */
double lq_chain_settings_project_ceiling (LqProject *project);

void lq_chain_settings_from_project (LqChainSettings *settings,
                                     LqProject *project,
                                     LqTrack *track);

G_END_DECLS
