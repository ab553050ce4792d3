#!/usr/bin/env python3
"""NumPy's BLAS for `bench/compare`: which OpenBLAS core it runs (threadpoolctl when
installed, else OpenBLAS's own get_corename / get_config through ctypes, found in the
process's memory map) and its sgemm peak on both cores, float32, at 1024³, 2048³ and
1600×512×1004 (the N·T × H × V product of the N = 100 step), best of a few runs each.

Prints one JSON object: {"blas": {...}, "gflops": {shape: rate}, "peak_gflops": best}.
Run it as the NumPy baseline runs (bench/compare unsets OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE for both), so the peak is the kernel the baseline used.
"""
import argparse
import ctypes
import json
import time

import numpy as np

SHAPES = [(1024, 1024, 1024), (2048, 2048, 2048), (1600, 512, 1004)]


def blas_info():
    """The BLAS NumPy calls and the core it chose, and where that was read from."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        threadpool_info = None
    if threadpool_info is not None:
        pools = [{key: pool.get(key) for key in
                  ("internal_api", "architecture", "num_threads", "version")}
                 for pool in threadpool_info() if pool.get("user_api") == "blas"]
        return {"source": "threadpoolctl", "pools": pools}
    return openblas_by_ctypes()


def openblas_by_ctypes():
    """threadpoolctl is missing: ask the loaded OpenBLAS itself (NumPy's wheels rename
    its symbols with a scipy_ prefix and a 64_ suffix; a system OpenBLAS has neither)."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps
                        if "openblas" in line.lower() and ".so" in line})
    for path in paths:
        library = ctypes.CDLL(path)
        for prefix, suffix in (("scipy_", "64_"), ("", "64_"), ("", "")):
            try:
                corename = getattr(library, f"{prefix}openblas_get_corename{suffix}")
                config = getattr(library, f"{prefix}openblas_get_config{suffix}")
            except AttributeError:
                continue
            corename.restype = config.restype = ctypes.c_char_p
            threads = getattr(library, f"{prefix}openblas_get_num_threads{suffix}", None)
            return {"source": "ctypes (threadpoolctl is not installed)", "pools": [{
                "internal_api": "openblas", "architecture": corename().decode(),
                "num_threads": threads() if threads else None,
                "version": config().decode(), "library": path}]}
    return {"source": "none: no OpenBLAS is loaded (numpy.show_config() names the BLAS)",
            "pools": []}


def sgemm_rate(m, k, n, repeats):
    rng = np.random.RandomState(3)
    a = rng.randn(m, k).astype(np.float32)
    b = rng.randn(k, n).astype(np.float32)
    a.dot(b)  # warm-up: threads, page faults
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a.dot(b)
        best = min(best, time.perf_counter() - start)
    return 2 * m * k * n / best / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    rates = {f"{m}x{k}x{n}": sgemm_rate(m, k, n, a.repeats) for m, k, n in SHAPES}
    print(json.dumps({"blas": blas_info(), "numpy": np.__version__, "gflops": rates,
                      "peak_gflops": max(rates.values())}))


if __name__ == "__main__":
    main()
