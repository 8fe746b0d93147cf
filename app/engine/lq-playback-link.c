/* lq-playback-link.c: one running playback helper process. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lq-playback-link.h"

/* Reference counted: every pending callback holds one, and a detached link
 * lives on until they have all run. */
struct _LqPlaybackLink
{
  LqPlaybackLinkLineFunc line_func;   /* NULL once detached */
  LqPlaybackLinkExitFunc exit_func;
  gpointer user_data;
  GSubprocess *process;
  GSocketConnection *connection;      /* its stdin and stdout */
  GOutputStream *input;
  GDataInputStream *output;
  GCancellable *cancellable;
  GQueue pending;                     /* lines not written yet */
  char *writing;                      /* the line being written */
};

static void read_next (LqPlaybackLink *self);
static void write_next (LqPlaybackLink *self);

static void
link_clear (gpointer data)
{
  LqPlaybackLink *self = data;

  g_clear_object (&self->process);
  g_clear_object (&self->connection);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->cancellable);
  g_queue_clear_full (&self->pending, g_free);
  g_free (self->writing);
}

static LqPlaybackLink *
link_ref (LqPlaybackLink *self)
{
  return g_rc_box_acquire (self);
}

static void
link_unref (LqPlaybackLink *self)
{
  g_rc_box_release_full (self, link_clear);
}

static void
shutdown_input (LqPlaybackLink *self)
{
  (void) g_socket_shutdown (g_socket_connection_get_socket (self->connection), FALSE, TRUE, NULL);
}

static gboolean
kill_cb (gpointer data)
{
  GSubprocess *process = data;

  if (g_subprocess_get_identifier (process) != NULL)
    g_subprocess_force_exit (process);
  return G_SOURCE_REMOVE;
}

static void
wait_cb (GObject *object,
         GAsyncResult *result,
         gpointer user_data)
{
  LqPlaybackLink *self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);

  if (g_subprocess_wait_finish (process, result, NULL) && self->exit_func != NULL)
    self->exit_func (process, self->user_data);
  link_unref (self);
}

static void
read_line_cb (GObject *object,
              GAsyncResult *result,
              gpointer user_data)
{
  LqPlaybackLink *self = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                     result, NULL, NULL);

  if (self->line_func != NULL)
    {
      if (line != NULL)
        {
          self->line_func (line, self->user_data);
          if (self->line_func != NULL)
            read_next (self);
        }
      else
        {
          /* EOF: the helper is gone (or going); its exit says how. */
          g_subprocess_wait_async (self->process, NULL, wait_cb, link_ref (self));
        }
    }
  link_unref (self);
}

static void
read_next (LqPlaybackLink *self)
{
  g_data_input_stream_read_line_async (self->output, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, link_ref (self));
}

static void
write_cb (GObject *object,
          GAsyncResult *result,
          gpointer user_data)
{
  LqPlaybackLink *self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed write is a helper that died: the read side reports it. */
  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    g_debug ("playback helper: %s", error->message);
  g_clear_pointer (&self->writing, g_free);
  if (self->line_func == NULL)
    shutdown_input (self);
  else if (error == NULL)
    write_next (self);
  link_unref (self);
}

static void
write_next (LqPlaybackLink *self)
{
  if (self->writing != NULL || g_queue_is_empty (&self->pending))
    return;
  self->writing = g_queue_pop_head (&self->pending);
  g_output_stream_write_all_async (self->input, self->writing, strlen (self->writing),
                                   G_PRIORITY_DEFAULT, NULL, write_cb, link_ref (self));
}

static void
set_errno_error (GError **error)
{
  int errsv = errno;

  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
}

LqPlaybackLink *
lq_playback_link_spawn (const char *path,
                        LqPlaybackLinkLineFunc line_func,
                        LqPlaybackLinkExitFunc exit_func,
                        gpointer user_data,
                        GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSocket) socket = NULL;
  LqPlaybackLink *self;
  int sv[2], out;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (line_func != NULL && exit_func != NULL, NULL);

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      set_errno_error (error);
      return NULL;
    }
  out = fcntl (sv[1], F_DUPFD_CLOEXEC, 3);
  if (out < 0)
    {
      set_errno_error (error);
      close (sv[0]);
      close (sv[1]);
      return NULL;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_stdin_fd (launcher, sv[1]);
  g_subprocess_launcher_take_stdout_fd (launcher, out);
  process = g_subprocess_launcher_spawn (launcher, error, path, NULL);
  if (process == NULL)
    {
      close (sv[0]);
      return NULL;
    }
  socket = g_socket_new_from_fd (sv[0], error);
  if (socket == NULL)
    {
      close (sv[0]);
      g_subprocess_force_exit (process);
      return NULL;
    }

  self = g_rc_box_new0 (LqPlaybackLink);
  self->line_func = line_func;
  self->exit_func = exit_func;
  self->user_data = user_data;
  self->process = g_steal_pointer (&process);
  self->connection = g_socket_connection_factory_create_connection (socket);
  self->input = g_object_ref (g_io_stream_get_output_stream (G_IO_STREAM (self->connection)));
  self->output = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (self->connection)));
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pending);
  read_next (self);
  return self;
}

void
lq_playback_link_send (LqPlaybackLink *self,
                       char *line)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (line != NULL);

  g_queue_push_tail (&self->pending, line);
  write_next (self);
}

void
lq_playback_link_kill (LqPlaybackLink *self)
{
  g_return_if_fail (self != NULL);
  g_subprocess_force_exit (self->process);
}

const char *
lq_playback_link_get_identifier (LqPlaybackLink *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_subprocess_get_identifier (self->process);
}

void
lq_playback_link_detach (LqPlaybackLink *self)
{
  static const char quit[] = "{\"cmd\":\"quit\"}\n";

  g_return_if_fail (self != NULL);

  self->line_func = NULL;
  self->exit_func = NULL;
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->pending, g_free);
  /* With a write under way, write_cb shuts the input when it is done. */
  if (self->writing == NULL)
    {
      (void) g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (self->input),
                                                         quit, sizeof quit - 1, NULL, NULL);
      shutdown_input (self);
    }
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, LQ_PLAYBACK_LINK_QUIT_GRACE_S, kill_cb,
                              g_object_ref (self->process), g_object_unref);
  link_unref (self);
}
