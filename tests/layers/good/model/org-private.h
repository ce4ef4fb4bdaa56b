#include "model/org.h"
