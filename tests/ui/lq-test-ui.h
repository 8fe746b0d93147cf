/* lq-test-ui.h: what the UI tests share.
 *
 * Generated WAV files (two sines, and a "hot" file with every problem the
 * table flags, whose statistics the test computes itself), waiting for the
 * main loop, screenshots, finding widgets, formatting numbers as the table
 * does, and album projects shown in a window. lq_test_ui_init() makes the
 * files and registers the application; lq_test_ui_run() runs the tests and
 * cleans up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once


#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sndfile.h>

#include "lq-album-analysis.h"
#include "lq-analyzer.h"
#include "lq-application.h"
#include "lq-error.h"
#include "lq-export.h"
#include "lq-format.h"
#include "lq-track-item.h"
#include "lq-project.h"
#include "lq-album-summary.h"
#include "lq-start-page.h"
#include "lq-window-private.h"


G_BEGIN_DECLS

#define TIMEOUT_S 60
#define HOT_FILE_NAME "hot.wav"
#define HOT_RATE 48000
#define HOT_SECONDS 5
#define HOT_DC 0.1
#define N_SINES 2

typedef struct
{
  const char *file_name;
  const char *title;   /* written as the title tag, or NULL */
  double level_dbfs;
} TestSine;

/* What the test computes from the samples of the hot file */
typedef struct
{
  double duration_s;
  double sample_peak_dbfs;
  double dc_offset_db;     /* the worse channel */
  double correlation;
  guint64 clipped_samples; /* in runs of 3 or more, both channels */
} HotStats;

typedef struct
{
  LqWindow *window;
  guint n_rows;
} RowsWait;

extern const TestSine sines[N_SINES];
extern char *tmp_dir;
extern char *sine_paths[N_SINES + 1];
extern char *hot_path;
extern HotStats hot_stats;
extern LqApplication *app;

void write_sine (const char *path,
                 const char *title,
                 double      level_dbfs);
gboolean is_full_scale (short x);
void write_hot (const char *path,
                HotStats   *stats);
gboolean wake_cb (gpointer data);
void wait_until (gboolean (*cond) (gpointer),
                 gpointer   data,
                 const char *what);
gboolean is_drawn (gpointer data);
gboolean is_idle (gpointer data);
void after_paint_cb (GdkFrameClock *clock,
                     gboolean      *painted);
gboolean is_true (gpointer data);
gboolean no_transition_running (gpointer data);
void wait_paint (GtkWidget *widget);
/* Runs xdotool with @args on the test's X server, @widget's window
 * focused first. */
void lq_test_xdotool (GtkWidget  *widget,
                      const char *args);
void save_screenshot (GtkWidget  *widget,
                      const char *name);
void collect_labels (GtkWidget  *widget,
                     const char *css_class,
                     GPtrArray  *labels);
GtkLabel *find_label (GtkWidget  *root,
                      const char *css_class);
/* The first widget at or below @widget (depth first) that @match takes
 * with @data, or NULL */
typedef gboolean (*WidgetMatchFunc) (GtkWidget    *widget,
                                     gconstpointer data);
GtkWidget *find_widget (GtkWidget      *widget,
                        WidgetMatchFunc match,
                        gconstpointer   data);
GtkWidget *find_named (GtkWidget  *widget,
                       const char *name);
GtkWidget *find_type (GtkWidget *widget,
                      GType      type);
char *format_number (double value,
                     int    decimals);
char *format_value (double value);
char *format_duration (double seconds);
char *format_offset (double value);
GtkLabel *assert_cell (GtkWidget  *row,
                       const char *css_class,
                       char       *expected);
GtkLabel *assert_numeric_cell (GtkWidget  *row,
                               const char *css_class,
                               char       *expected);
void assert_flag (GtkLabel   *label,
                  gboolean    flagged,
                  const char *why);
double worse_dc (const LqTrackMeasures *m);
GListModel *window_tracks (LqWindow *window);
GtkSingleSelection *window_selection (LqWindow *window);
LqWindow *window_new_presented (void);
gboolean is_null (gpointer data);
char *copy_into (const char *path,
                 const char *dir,
                 const char *name);
char *row_names (LqWindow *window);
char *track_names (LqProject *project);
gboolean project_settled (gpointer data);
void wait_project (LqWindow *window,
                   guint     n_rows);
GtkWidget *find_name_label (LqWindow   *window,
                            const char *name);
gboolean name_label_drawn (gpointer data);
GtkDropTarget *find_drop_target (GtkWidget *widget);
/* The first toggle button at or below @widget labelled @label, or NULL */
GtkToggleButton *find_toggle (GtkWidget  *widget,
                              const char *label);
/* The text of @widget's accessible @property, which it must have (GTK 4.8
 * has no getter: a check against a value it cannot have returns the value
 * it has) */
char *accessible_text (GtkWidget             *widget,
                       GtkAccessibleProperty  property);
/* Fails (where it is called) unless @widget's accessible @property is @value */
#define assert_accessible(widget, property, value)                                    \
  G_STMT_START {                                                                      \
    char *message__ = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),    \
                                                          property, value);           \
    if (message__ != NULL)                                                            \
      g_error ("%s: %s", G_STRLOC, message__);                                        \
  } G_STMT_END
void assert_order (LqWindow   *window,
                   const char *expected);
void close_dialogs (void);
gboolean is_not_busy_and_refreshed (gpointer data);
void settle (LqWindow *window);
void destroy_window (LqWindow *window);
void remove_tree (const char *path);

/* g_test_init(), a display (FALSE without one: skip), the files, the
 * application */
gboolean lq_test_ui_init (int    *argc,
                          char ***argv);
/* g_test_run(), then removes the files */
int lq_test_ui_run (void);

G_END_DECLS
