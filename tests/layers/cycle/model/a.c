#include "model/a.h"
#include "model/b.h"
