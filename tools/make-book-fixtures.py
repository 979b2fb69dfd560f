#!/usr/bin/env python3
"""Generate test/fixtures/book/*.json: what python3 prints for the chapter's program.

The program (Code 10.2.1) is extracted at run time from the chapter text, between the line
"import random, math" and the caption "Code 10.2.1:", and parameterized by exact textual
substitutions (each must match exactly once, so a changed chapter fails loudly). Only the
outputs are written; the chapter's code itself is not stored in the repository.

Each fixture is {"params": {...}, "stdout": "...", "python": "3.11.x"}; params use the names
of src/reference/book-params.ts. A seed beyond 2**53 is written as a decimal string.

Usage: python3 tools/make-book-fixtures.py [--chapter PATH] [--out DIR] [--any-python]
CPython 3.11 is required by default: 3.12 changed sum() of floats to compensated summation,
which the f64 replica (src/reference/book-f64.ts) deliberately does not model.
"""

import argparse
import json
import pathlib
import subprocess
import sys

from chapter import chapter_output, extract_program   # tools/chapter.py, beside this file

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_CHAPTER = ROOT.parent / "shared" / "reference" / "minibatch-sgd-chapter.txt"
DEFAULT_OUT = ROOT / "test" / "fixtures" / "book"

DEFAULTS = dict(seed=0, n=20000, wTrue=3.0, noise=0.1, w=0.0, trials=400,
                batches=[1, 4, 16, 64, 256, 1024], trajBatches=[1, 256], lr=0.05, steps=60)

# name -> overrides of DEFAULTS
CASES = {
    "seed0-default": {},
    "seed1-n1000-steps100": dict(seed=1, n=1000, batches=[1, 2, 8, 32, 128], trajBatches=[1, 16, 64],
                                 lr=0.1, steps=100),
    "seed42-n37-steps7": dict(seed=42, n=37, wTrue=-2.0, noise=0.5, w=1.5, trials=50,
                              batches=[1, 3, 37, 100], trajBatches=[2, 37], lr=0.2, steps=7),
    "seed12345-n50000": dict(seed=12345, n=50000, trials=100, batches=[1, 16, 256, 4096],
                             trajBatches=[8, 512], lr=0.01, steps=100),
    "seed2p40p3-probe": dict(seed=2**40 + 3, w=0.25, trajBatches=[1, 4, 256], lr=0.02),
    "seed2p70p5-n5000": dict(seed=2**70 + 5, n=5000, wTrue=0.5, noise=1.0, w=-1.0, trials=200,
                             batches=[1, 5, 25, 125, 625], steps=30, lr=0.15),
    "seedneg12345-steps5": dict(seed=-12345, n=1000, batches=[1, 10, 100], trajBatches=[1, 10],
                                lr=0.3, steps=5),
    "seed7-n999-steps12": dict(seed=7, n=999, noise=0.01, w=3.0, trials=30, batches=[2, 4, 8, 16],
                               trajBatches=[1, 3], lr=0.05, steps=12),
}


def substitute(program, old, new):
    count = program.count(old)
    if count != 1:
        raise SystemExit(f"expected exactly one {old!r} in the chapter's program, found {count}")
    return program.replace(old, new)


def parameterize(program, p):
    """The chapter's program with p's values in place of its literals (headers included)."""
    if p["steps"] < 5:
        raise SystemExit(f"steps={p['steps']}: the program raises ZeroDivisionError for steps < 5")
    w, lr, steps = float(p["w"]), float(p["lr"]), int(p["steps"])
    for old, new in [
        ("random.seed(0)", f"random.seed({int(p['seed'])})"),
        ("N, w_true = 20000, 3.0", f"N, w_true = {int(p['n'])}, {float(p['wTrue'])!r}"),
        ("random.gauss(0.0, 0.1)", f"random.gauss(0.0, {float(p['noise'])!r})"),
        ("w_probe = 0.0\n", f"w_probe = {w!r}\n"),
        ("full_gradient(w_probe), 400, None", f"full_gradient(w_probe), {int(p['trials'])}, None"),
        ("quality at w = 0.0   (", f"quality at w = {w!r}   ("),
        ("for b in [1, 4, 16, 64, 256, 1024]:", f"for b in {list(map(int, p['batches']))!r}:"),
        ("(lr = 0.05, 60 steps)", f"(lr = {lr!r}, {steps} steps)"),
        ("for b in [1, 256]:", f"for b in {list(map(int, p['trajBatches']))!r}:"),
        ("run_sgd(b, 60, 0.05)", f"run_sgd(b, {steps}, {lr!r})"),
    ]:
        program = substitute(program, old, new)
    return program


def run(program):
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SystemExit(f"the parameterized program failed:\n{done.stderr}")
    return done.stdout


def json_params(p):
    out = dict(p)
    seed = int(p["seed"])
    out["seed"] = seed if abs(seed) <= 2**53 else str(seed)
    for key in ("wTrue", "noise", "w", "lr"):
        out[key] = float(p[key])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chapter", type=pathlib.Path, default=DEFAULT_CHAPTER)
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    parser.add_argument("--any-python", action="store_true", help="allow a Python other than 3.11")
    args = parser.parse_args()
    if sys.version_info[:2] != (3, 11) and not args.any_python:
        raise SystemExit(f"CPython 3.11 expected (sum() changed in 3.12), this is {sys.version.split()[0]}")

    chapter_text = args.chapter.read_text(encoding="utf-8")
    program = extract_program(chapter_text)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, overrides in CASES.items():
        params = {**DEFAULTS, **overrides}
        stdout = run(parameterize(program, params))
        if name == "seed0-default":
            printed = [line.rstrip() for line in stdout.splitlines()]
            expected = [line.rstrip() for line in chapter_output(chapter_text).splitlines()]
            if printed != expected:
                raise SystemExit("seed 0 with the defaults does not reproduce Output 10.2.1:\n" + stdout)
        fixture = {"params": json_params(params), "stdout": stdout, "python": sys.version.split()[0]}
        path = args.out / f"{name}.json"
        path.write_text(json.dumps(fixture, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
