// zlib's C interface (apt package zlib1g-dev, which libpng-dev depends on).
// Imported only by Gunzip.swift.
#include <zlib.h>
