// OpenBLAS's C interface (apt package libopenblas-dev).
#include <cblas.h>

// Two functions OpenBLAS exports but cblas.h does not declare (see BLAS.swift,
// `BLAS.letIdleThreadsSleep`): re-read the OPENBLAS_* environment variables, and
// stop the worker threads, which start again, with those settings, on the next
// multi-threaded product.
void openblas_read_env(void);
int blas_thread_shutdown_(void);
