#include <glib.h>
#include "base/clock.h"
