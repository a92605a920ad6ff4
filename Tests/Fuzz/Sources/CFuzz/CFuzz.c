// Only the declaration in include/CFuzz.h is needed; SwiftPM wants one source file.
#include "CFuzz.h"
