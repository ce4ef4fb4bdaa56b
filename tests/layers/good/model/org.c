#include "model/org.h"
#include "base/clock.h"
