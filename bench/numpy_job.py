"""Implementation (v) of `npm run bench`: the job in numpy on the CPU, float32 throughout.

procedural: x = standard_normal(n), y = w_true*x + noise*standard_normal(n) with numpy's
default generator (PCG64 + ziggurat, not the engine's threefry), then the mean gradient
2*x@(w*x - y)/n and loss r@r/n. stored: the same gradient over arrays made beforehand.
Each job: `warmup` unmeasured runs, then `runs` runs timed with time.perf_counter.
Prints one JSON object on stdout.

Usage: python3 bench/numpy_job.py N RUNS WARMUP [SEED]
"""
import json
import sys
import time

import numpy as np


def grad_and_loss(x, y, w):
    r = np.float32(w) * x - y
    n = x.shape[0]
    return 2.0 * float(x @ r) / n, float(r @ r) / n


def procedural(n, seed, w_true=3.0, noise=0.1, w=0.0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n, dtype=np.float32)
    y = np.float32(w_true) * x + np.float32(noise) * rng.standard_normal(n, dtype=np.float32)
    return grad_and_loss(x, y, w)


def timed(fn, runs, warmup):
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - t0) * 1000.0)
    return {"samplesMs": samples, "warmup": warmup, "result": list(result)}


def main():
    n, runs, warmup = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    out = {"numpy": np.__version__, "python": sys.version.split()[0]}
    out["procedural"] = timed(lambda: procedural(n, seed), runs, warmup)
    rng = np.random.default_rng(seed + 1)
    x = rng.standard_normal(n, dtype=np.float32)
    y = np.float32(3.0) * x + np.float32(0.1) * rng.standard_normal(n, dtype=np.float32)
    out["stored"] = timed(lambda: grad_and_loss(x, y, 0.0), runs, warmup)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
