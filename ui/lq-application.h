/* lq-application.h: the Lacquer application (opens files, owns app actions). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LQ_TYPE_APPLICATION (lq_application_get_type ())

G_DECLARE_FINAL_TYPE (LqApplication, lq_application, LQ, APPLICATION, AdwApplication)

LqApplication *lq_application_new (void);

G_END_DECLS
