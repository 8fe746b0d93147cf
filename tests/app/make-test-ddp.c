/* make-test-ddp: writes the DDP tests' small disc (lq-test-ddp.h), with
 * its CD-Text, as a DDP fileset into OUT_DIR through lq_ddp_write(), for
 * tests outside C (check-json-contract.py). */
#include <glib/gstdio.h>
#include <stdio.h>

#include "lq-ddp-writer.h"
#include "lq-test-ddp.h"

int
main (int argc,
      char **argv)
{
  g_autoptr(LqCdLayout) layout = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) cd_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *image_path = NULL;
  gboolean ok;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: make-test-ddp OUT_DIR\n");
      return 2;
    }
  layout = lq_test_ddp_layout ();
  image = lq_test_ddp_image (layout);
  cd_text = lq_test_ddp_cd_text ();
  image_path = g_strconcat (argv[1], ".bin", NULL);
  if (!g_file_set_contents (image_path, g_bytes_get_data (image, NULL),
                            g_bytes_get_size (image), &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  ok = lq_ddp_write (layout, image_path, cd_text, argv[1], NULL, NULL, NULL, &error);
  g_unlink (image_path);
  if (!ok)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  return 0;
}
