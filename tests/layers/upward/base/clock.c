#include "base/clock.h"
/* the wrong one: */
#include "model/org.h"
