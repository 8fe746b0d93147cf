/* lq-playback-link.h: one running playback helper process, as LqPlayer
 * talks to it.
 *
 * Spawns `lacquer-playback` with its stdin and stdout on one end of a
 * socket pair (a write to a helper that died is an error, never a SIGPIPE
 * in the calling process), writes the lines queued with
 * lq_playback_link_send() asynchronously and in order, and hands every line
 * the helper writes to @line_func, then its end (EOF and its exit status)
 * to @exit_func, on the thread-default main context of the caller. Nothing
 * blocks.
 *
 * A link is dropped with lq_playback_link_detach(): no callback runs after
 * it; the helper is told to quit (its stdin closes) and killed if it has
 * not gone LQ_PLAYBACK_LINK_QUIT_GRACE_S later. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LQ_PLAYBACK_LINK_QUIT_GRACE_S 2

typedef struct _LqPlaybackLink LqPlaybackLink;

/* @line: one line, without its newline. */
typedef void (*LqPlaybackLinkLineFunc) (const char *line,
                                        gpointer user_data);
/* The helper's stdout closed and it exited (@process says how). */
typedef void (*LqPlaybackLinkExitFunc) (GSubprocess *process,
                                        gpointer user_data);

LqPlaybackLink *lq_playback_link_spawn (const char *path,
                                        LqPlaybackLinkLineFunc line_func,
                                        LqPlaybackLinkExitFunc exit_func,
                                        gpointer user_data,
                                        GError **error);
/* Queues @line (taken; "\n" ended). */
void lq_playback_link_send (LqPlaybackLink *self,
                            char *line);
/* SIGKILL now: its end then reaches @exit_func as any other. */
void lq_playback_link_kill (LqPlaybackLink *self);
/* The process id as a string, NULL once it exited. */
const char *lq_playback_link_get_identifier (LqPlaybackLink *self);
/* Drops the link (and the caller's reference): see above. */
void lq_playback_link_detach (LqPlaybackLink *self);

G_END_DECLS
