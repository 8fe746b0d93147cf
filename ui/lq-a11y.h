/* lq-a11y.h: what GTK 4.8 tells assistive technologies, made right.
 *
 * GTK 4.8 names a button that has a text label after both its "label"
 * accessible property, which GtkButton sets to the label as written (with
 * its mnemonic underscore), and its content: "_Apply Apply". Without the
 * property the name is the content's alone: "Apply".
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Lets every button below @root with a mnemonic label be named by its
 * content. Call it again after changing such a button's label. */
void lq_a11y_name_buttons_by_content (GtkWidget *root);

G_END_DECLS
