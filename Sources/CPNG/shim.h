// libpng's C interface (apt package libpng-dev). Imported only by PNGDecoder.swift.
#include <png.h>
