#include "model/b.h"
#include "model/a.h"
