#!/usr/bin/env python3
"""Process start-up wall time: `python -c pass`, `import numpy`, `import torch`.

One warm-up spawn per command (so the file cache is warm), then `runs` timed spawns;
the figure is seconds per spawn. BLAS gets 2 threads in the child, as TuneLab's
start-up figure gives OpenBLAS.

    bench_startup.py --runs 20
"""
import argparse
import os
import subprocess
import sys

from reference_common import clock, report

COMMANDS = [
    ("startup_python", "python", "pass"),
    ("startup_import_numpy", "numpy", "import numpy"),
    ("startup_import_torch", "torch", "import torch"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    environment = dict(os.environ, OMP_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2")
    version = sys.version.split()[0]
    for bench, library, code in COMMANDS:
        command = [sys.executable, "-c", code]
        if subprocess.run(command, env=environment, capture_output=True).returncode != 0:
            continue  # the library is not installed: no row
        seconds = []
        for _ in range(arguments.runs):
            start = clock()
            subprocess.run(command, env=environment, check=True, capture_output=True)
            seconds.append(clock() - start)
        report(bench, library, version, 2, seconds)


if __name__ == "__main__":
    main()
