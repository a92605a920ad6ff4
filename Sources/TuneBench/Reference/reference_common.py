"""What every reference script shares: thread set-up, timing, and the RESULT line.

Each script prints one `RESULT {json}` line per figure; `tunelab-bench --reference`
reads those lines and puts them beside its own rows. A record holds `bench` (the
workload's key), `lib`, `version`, `threads`, and `median`/`min`/`max`/`samples` of the
per-run figures.
"""
import json
import os
import statistics
import time


def limit_threads(threads):
    """Sets the BLAS/OpenMP thread count; call before importing numpy or torch."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(threads)


def clock():
    return time.perf_counter()


def report(bench, lib, version, threads, samples, **extra):
    record = {
        "bench": bench, "lib": lib, "version": version, "threads": threads,
        "median": statistics.median(samples), "min": min(samples), "max": max(samples),
        "samples": len(samples),
    }
    record.update(extra)
    print("RESULT " + json.dumps(record), flush=True)


def torch_for(threads):
    """Imports torch with `threads` intra-op threads and one inter-op thread."""
    import torch
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass  # already set in this process
    return torch
