#!/usr/bin/env python3
"""Float32 square matrix products C = A·B in GFLOP/s (2·n³ flops), numpy or torch.

The result goes into a preallocated C (`out=`), so the figure is the BLAS routine
alone. Each sample repeats the product until it takes at least 0.25 s.

    bench_gemm.py --lib numpy|torch --threads N --sizes 128,256,512 --samples 7
"""
import argparse

from reference_common import clock, limit_threads, report, torch_for

MINIMUM_SAMPLE_SECONDS = 0.25


def repetitions_for(product):
    start = clock()
    product()
    once = max(clock() - start, 1e-7)
    for _ in range(min(50, int(0.1 / once) + 1)):  # warm up caches and thread pools
        product()
    return max(1, int(MINIMUM_SAMPLE_SECONDS / once))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib", choices=["numpy", "torch"], default="numpy")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--sizes", default="128,256,512,1024")
    parser.add_argument("--samples", type=int, default=7)
    arguments = parser.parse_args()
    limit_threads(arguments.threads)
    import numpy as np

    for n in (int(size) for size in arguments.sizes.split(",")):
        generator = np.random.default_rng(n)
        a = generator.standard_normal((n, n), dtype=np.float32)
        b = generator.standard_normal((n, n), dtype=np.float32)
        c = np.empty((n, n), dtype=np.float32)
        if arguments.lib == "numpy":
            version = np.__version__
            product = lambda: np.matmul(a, b, out=c)
        else:
            torch = torch_for(arguments.threads)
            version = torch.__version__
            ta, tb, tc = torch.from_numpy(a), torch.from_numpy(b), torch.from_numpy(c)
            product = lambda: torch.matmul(ta, tb, out=tc)
        repetitions = repetitions_for(product)
        rates = []
        for _ in range(arguments.samples):
            start = clock()
            for _ in range(repetitions):
                product()
            rates.append(2.0 * n ** 3 * repetitions / (clock() - start) / 1e9)
        report("gemm", arguments.lib, version, arguments.threads, rates, n=n)


if __name__ == "__main__":
    main()
