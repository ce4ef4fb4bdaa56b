#include "model/org-private.h"
#include "base/clock.h"
#include "templates.h"
