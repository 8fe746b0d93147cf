/* lq-workspace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lq-workspace.h"

typedef struct
{
  char *name;
  char *title;
  char *icon;
  GtkWidget *view;   /* owned */
  int rank;
} LqWorkspacePage;

struct _LqWorkspace
{
  GtkWidget parent_instance;

  /* Template children */
  GtkPaned *vpaned;
  GtkPaned *hpaned;
  AdwBin *timeline_slot;
  AdwBin *table_slot;
  GtkWidget *views_box;
  GtkWidget *switcher_squeezer;
  GtkWidget *switcher;
  AdwViewStack *view_stack;

  GPtrArray *pages;      /* LqWorkspacePage, in the switcher's order */
  char *visible_view;    /* wanted, even before its page exists */
  gboolean timeline_visible;
  gboolean rebuilding;
};

static void lq_workspace_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LqWorkspace, lq_workspace, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, lq_workspace_buildable_init))

enum {
  PROP_0,
  PROP_TIMELINE_VISIBLE,
  PROP_TIMELINE_POSITION,
  PROP_VIEWS_POSITION,
  PROP_VISIBLE_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static GtkBuildableIface *parent_buildable_iface;

/* The known pages, in their order */
static const struct
{
  const char *name;
  const char *title;
  const char *icon;
} known_pages[] = {
  { "track", N_("Track"), "audio-x-generic-symbolic" },
  { "tonal", N_("Tonal Balance"), "applications-graphics-symbolic" },
  { "dynamics", N_("Dynamics"), "audio-volume-high-symbolic" },
  { "loudness", N_("Loudness"), "audio-speakers-symbolic" },
  { "listeners", N_("Listeners"), "audio-headphones-symbolic" },
};

static int
lq_workspace_rank (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_pages); i++)
    if (g_strcmp0 (known_pages[i].name, name) == 0)
      return (int) i;

  return (int) G_N_ELEMENTS (known_pages);
}

static void
lq_workspace_page_free (gpointer data)
{
  LqWorkspacePage *page = data;

  g_free (page->name);
  g_free (page->title);
  g_free (page->icon);
  g_clear_object (&page->view);
  g_free (page);
}

static int
lq_workspace_page_compare (gconstpointer a,
                           gconstpointer b)
{
  const LqWorkspacePage *pa = *(LqWorkspacePage * const *) a;
  const LqWorkspacePage *pb = *(LqWorkspacePage * const *) b;

  return pa->rank - pb->rank;
}

static LqWorkspacePage *
lq_workspace_find_page (LqWorkspace *self,
                        const char  *name,
                        guint       *index)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      LqWorkspacePage *page = g_ptr_array_index (self->pages, i);

      if (g_strcmp0 (page->name, name) == 0)
        {
          if (index != NULL)
            *index = i;
          return page;
        }
    }

  return NULL;
}

/* Shown when wanted and its widget is (a timeline hides without a project) */
static void
lq_workspace_update_timeline (LqWorkspace *self)
{
  GtkWidget *child = adw_bin_get_child (self->timeline_slot);
  gboolean shown = self->timeline_visible && child != NULL && gtk_widget_get_visible (child);

  gtk_widget_set_visible (GTK_WIDGET (self->timeline_slot), shown);
}

/* The views' side is there while a page has something to show (the
 * loudness chart only shows a project's) */
static void
lq_workspace_update_views (LqWorkspace *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->pages->len && !any; i++)
    any = gtk_widget_get_visible (((LqWorkspacePage *) g_ptr_array_index (self->pages, i))->view);

  gtk_widget_set_visible (self->views_box, any);
  gtk_widget_set_visible (self->switcher, self->pages->len > 1);
  gtk_widget_set_visible (self->switcher_squeezer, self->pages->len > 1);
}

/* AdwViewStack 1.2 only appends: the pages go in again in their order. */
static void
lq_workspace_rebuild (LqWorkspace *self)
{
  GtkWidget *child;

  self->rebuilding = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->view_stack))) != NULL)
    adw_view_stack_remove (self->view_stack, child);

  g_ptr_array_sort (self->pages, lq_workspace_page_compare);
  for (guint i = 0; i < self->pages->len; i++)
    {
      LqWorkspacePage *page = g_ptr_array_index (self->pages, i);
      AdwViewStackPage *stack_page;

      stack_page = adw_view_stack_add_titled (self->view_stack, page->view, page->name, page->title);
      if (page->icon != NULL)
        adw_view_stack_page_set_icon_name (stack_page, page->icon);
    }
  self->rebuilding = FALSE;

  lq_workspace_update_views (self);
  if (self->visible_view != NULL && lq_workspace_find_page (self, self->visible_view, NULL) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, self->visible_view);
}

static void
lq_workspace_position_cb (LqWorkspace *self,
                          GParamSpec  *pspec,
                          GtkPaned    *paned)
{
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[paned == self->vpaned ? PROP_TIMELINE_POSITION : PROP_VIEWS_POSITION]);
}

static void
lq_workspace_visible_child_cb (LqWorkspace  *self,
                               GParamSpec   *pspec,
                               AdwViewStack *stack)
{
  const char *name = adw_view_stack_get_visible_child_name (stack);

  if (self->rebuilding || name == NULL || g_strcmp0 (name, self->visible_view) == 0)
    return;

  g_free (self->visible_view);
  self->visible_view = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_VIEW]);
}

static void
lq_workspace_add_child (GtkBuildable *buildable,
                        GtkBuilder   *builder,
                        GObject      *child,
                        const char   *type)
{
  LqWorkspace *self = LQ_WORKSPACE (buildable);

  if (g_strcmp0 (type, "timeline") == 0)
    lq_workspace_set_timeline (self, GTK_WIDGET (child));
  else if (g_strcmp0 (type, "table") == 0)
    lq_workspace_set_table (self, GTK_WIDGET (child));
  else if (type != NULL && g_str_has_prefix (type, "view:"))
    {
      const char *name = type + strlen ("view:");
      int rank = lq_workspace_rank (name);

      g_return_if_fail (rank < (int) G_N_ELEMENTS (known_pages));
      lq_workspace_add_view (self, name, _(known_pages[rank].title), known_pages[rank].icon,
                             GTK_WIDGET (child));
    }
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
lq_workspace_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = lq_workspace_add_child;
}

static void
lq_workspace_dispose (GObject *object)
{
  LqWorkspace *self = LQ_WORKSPACE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LQ_TYPE_WORKSPACE);
  g_clear_pointer (&self->pages, g_ptr_array_unref);

  G_OBJECT_CLASS (lq_workspace_parent_class)->dispose (object);
}

static void
lq_workspace_finalize (GObject *object)
{
  LqWorkspace *self = LQ_WORKSPACE (object);

  g_free (self->visible_view);

  G_OBJECT_CLASS (lq_workspace_parent_class)->finalize (object);
}

static void
lq_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LqWorkspace *self = LQ_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_TIMELINE_VISIBLE:
      g_value_set_boolean (value, self->timeline_visible);
      break;

    case PROP_TIMELINE_POSITION:
      g_value_set_int (value, lq_workspace_get_timeline_position (self));
      break;

    case PROP_VIEWS_POSITION:
      g_value_set_int (value, lq_workspace_get_views_position (self));
      break;

    case PROP_VISIBLE_VIEW:
      g_value_set_string (value, self->visible_view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_workspace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LqWorkspace *self = LQ_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_TIMELINE_VISIBLE:
      lq_workspace_set_timeline_visible (self, g_value_get_boolean (value));
      break;

    case PROP_TIMELINE_POSITION:
      lq_workspace_set_timeline_position (self, g_value_get_int (value));
      break;

    case PROP_VIEWS_POSITION:
      lq_workspace_set_views_position (self, g_value_get_int (value));
      break;

    case PROP_VISIBLE_VIEW:
      lq_workspace_set_visible_view (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lq_workspace_class_init (LqWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lq_workspace_dispose;
  object_class->finalize = lq_workspace_finalize;
  object_class->get_property = lq_workspace_get_property;
  object_class->set_property = lq_workspace_set_property;

  properties[PROP_TIMELINE_VISIBLE] =
    g_param_spec_boolean ("timeline-visible", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TIMELINE_POSITION] =
    g_param_spec_int ("timeline-position", NULL, NULL,
                      -1, G_MAXINT, 180,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VIEWS_POSITION] =
    g_param_spec_int ("views-position", NULL, NULL,
                      -1, G_MAXINT, -1,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VISIBLE_VIEW] =
    g_param_spec_string ("visible-view", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/lacquer/Lacquer/lq-workspace.ui");
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, vpaned);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, hpaned);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, table_slot);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, views_box);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, switcher_squeezer);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, switcher);
  gtk_widget_class_bind_template_child (widget_class, LqWorkspace, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, lq_workspace_position_cb);
  gtk_widget_class_bind_template_callback (widget_class, lq_workspace_visible_child_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "workspace");
}

static void
lq_workspace_init (LqWorkspace *self)
{
  self->pages = g_ptr_array_new_with_free_func (lq_workspace_page_free);
  self->timeline_visible = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  lq_workspace_update_views (self);
}

GtkWidget *
lq_workspace_new (void)
{
  return g_object_new (LQ_TYPE_WORKSPACE, NULL);
}

void
lq_workspace_set_timeline (LqWorkspace *self,
                           GtkWidget   *timeline)
{
  g_return_if_fail (LQ_IS_WORKSPACE (self));
  g_return_if_fail (timeline == NULL || GTK_IS_WIDGET (timeline));

  if (adw_bin_get_child (self->timeline_slot) != NULL)
    g_signal_handlers_disconnect_by_func (adw_bin_get_child (self->timeline_slot),
                                          lq_workspace_update_timeline, self);
  adw_bin_set_child (self->timeline_slot, timeline);
  if (timeline != NULL)
    g_signal_connect_object (timeline, "notify::visible", G_CALLBACK (lq_workspace_update_timeline), self,
                             G_CONNECT_SWAPPED);
  lq_workspace_update_timeline (self);
}

GtkWidget *
lq_workspace_get_timeline (LqWorkspace *self)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), NULL);

  return adw_bin_get_child (self->timeline_slot);
}

void
lq_workspace_set_table (LqWorkspace *self,
                        GtkWidget   *table)
{
  g_return_if_fail (LQ_IS_WORKSPACE (self));
  g_return_if_fail (table == NULL || GTK_IS_WIDGET (table));

  adw_bin_set_child (self->table_slot, table);
}

void
lq_workspace_add_view (LqWorkspace *self,
                       const char  *name,
                       const char  *title,
                       const char  *icon,
                       GtkWidget   *view)
{
  LqWorkspacePage *page;
  guint index;

  g_return_if_fail (LQ_IS_WORKSPACE (self));
  g_return_if_fail (name != NULL && title != NULL);
  g_return_if_fail (GTK_IS_WIDGET (view));

  if (lq_workspace_find_page (self, name, &index) != NULL)
    {
      LqWorkspacePage *old = g_ptr_array_index (self->pages, index);

      g_signal_handlers_disconnect_by_data (old->view, self);
      adw_view_stack_remove (self->view_stack, old->view);
      g_ptr_array_remove_index (self->pages, index);
    }

  page = g_new0 (LqWorkspacePage, 1);
  page->name = g_strdup (name);
  page->title = g_strdup (title);
  page->icon = g_strdup (icon);
  page->view = g_object_ref_sink (view);
  page->rank = lq_workspace_rank (name);
  g_ptr_array_add (self->pages, page);
  g_signal_connect_object (view, "notify::visible", G_CALLBACK (lq_workspace_update_views), self,
                           G_CONNECT_SWAPPED);

  lq_workspace_rebuild (self);

  /* The first page is shown until one is chosen */
  if (self->visible_view == NULL)
    lq_workspace_set_visible_view (self, name);
}

GtkWidget *
lq_workspace_get_view (LqWorkspace *self,
                       const char  *name)
{
  LqWorkspacePage *page;

  g_return_val_if_fail (LQ_IS_WORKSPACE (self), NULL);

  page = lq_workspace_find_page (self, name, NULL);
  return page != NULL ? page->view : NULL;
}

guint
lq_workspace_get_n_views (LqWorkspace *self)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), 0);

  return self->pages->len;
}

const char *
lq_workspace_get_view_name (LqWorkspace *self,
                            guint        index)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), NULL);

  if (index >= self->pages->len)
    return NULL;

  return ((LqWorkspacePage *) g_ptr_array_index (self->pages, index))->name;
}

const char *
lq_workspace_get_visible_view (LqWorkspace *self)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), NULL);

  return self->visible_view;
}

void
lq_workspace_set_visible_view (LqWorkspace *self,
                               const char  *name)
{
  g_return_if_fail (LQ_IS_WORKSPACE (self));

  if (name == NULL || name[0] == '\0' || g_strcmp0 (name, self->visible_view) == 0)
    return;

  g_free (self->visible_view);
  self->visible_view = g_strdup (name);
  if (lq_workspace_find_page (self, name, NULL) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_VIEW]);
}

gboolean
lq_workspace_get_timeline_visible (LqWorkspace *self)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), FALSE);

  return self->timeline_visible;
}

void
lq_workspace_set_timeline_visible (LqWorkspace *self,
                                   gboolean     visible)
{
  g_return_if_fail (LQ_IS_WORKSPACE (self));

  visible = !!visible;
  if (self->timeline_visible == visible)
    return;

  self->timeline_visible = visible;
  lq_workspace_update_timeline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE_VISIBLE]);
}

int
lq_workspace_get_timeline_position (LqWorkspace *self)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), -1);

  return gtk_paned_get_position (self->vpaned);
}

void
lq_workspace_set_timeline_position (LqWorkspace *self,
                                    int          position)
{
  g_return_if_fail (LQ_IS_WORKSPACE (self));

  if (position < 0)
    g_object_set (self->vpaned, "position-set", FALSE, NULL);
  else
    gtk_paned_set_position (self->vpaned, position);
}

int
lq_workspace_get_views_position (LqWorkspace *self)
{
  g_return_val_if_fail (LQ_IS_WORKSPACE (self), -1);

  if (!gtk_widget_get_realized (GTK_WIDGET (self->hpaned)))
    {
      gboolean set;

      g_object_get (self->hpaned, "position-set", &set, NULL);
      if (!set)
        return -1;
    }

  return gtk_paned_get_position (self->hpaned);
}

void
lq_workspace_set_views_position (LqWorkspace *self,
                                 int          position)
{
  g_return_if_fail (LQ_IS_WORKSPACE (self));

  if (position < 0)
    g_object_set (self->hpaned, "position-set", FALSE, NULL);
  else
    gtk_paned_set_position (self->hpaned, position);
}
