// OpenBLAS's C interface (apt package libopenblas-dev).
#include <cblas.h>
