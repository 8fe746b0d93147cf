/* lq-test-cd.h: small albums for the CD tests (issue 13). */
#pragma once

#include "lq-cd-layout.h"
#include "lq-project.h"

G_BEGIN_DECLS

/* A new project @dir/album.lacquer with one track per entry of @frames (a
 * quiet 1 kHz sine of that many frames at @rates[i], or 44,100 Hz when
 * @rates is NULL; files @dir/tN.wav). */
LqProject *lq_test_cd_project (const char    *dir,
                               guint          n_tracks,
                               const guint64 *frames,
                               const guint   *rates);
/* lq_project_set_album() / _set_track() of one "key=value"; fails the test on an error */
void lq_test_cd_set_album (LqProject *project, const char *assignment);
void lq_test_cd_set_track (LqProject *project, guint position, const char *assignment);
/* A layout of @n tracks of @seconds each, 2 s pregap, no gaps, no text */
LqCdLayout *lq_test_cd_plain_layout (guint n, guint seconds);
/* Writes a silent 16-bit stereo 44.1 kHz WAV of @frames CD frames */
void lq_test_cd_write_silence (const char *path, guint64 frames);

G_END_DECLS
