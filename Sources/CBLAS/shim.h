// OpenBLAS's C interface (apt package libopenblas-dev).
#include <cblas.h>

// Two functions OpenBLAS exports but cblas.h does not declare (`openblas_read_env`,
// `blas_thread_shutdown_`) are not declared here: not every OpenBLAS build has them,
// so BLAS.swift looks them up by name when the program runs (`BLAS.Internals`).
