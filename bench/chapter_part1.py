"""The chapter's pure-Python program, Part 1 (the quality table), timed in-process.

The program (Code 10.2.1) is extracted at run time from the chapter text, as
tools/make-book-fixtures.py does, and split at its "# Part 1:" and "# Part 2:" comments.
Each run executes the setup (seed, data, function definitions; timed apart) and then Part 1
with time.perf_counter around it, its printout captured. `warmup` unmeasured runs first.
Prints one JSON object: Part 1 times, setup times, the printout of the last run, and
whether it equals the chapter's printed Output 10.2.1 (Part 1 lines).

Usage: python3 bench/chapter_part1.py CHAPTER_TXT RUNS WARMUP
"""
import contextlib
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'tools'))
from chapter import chapter_output, extract_program  # noqa: E402  (tools/chapter.py)


def split_program(program):
    setup, rest = program.split("# Part 1:", 1)
    part1, _ = rest.split("# Part 2:", 1)
    if setup.count("random.seed(") != 1:
        raise SystemExit("the chapter's program changed: expected one random.seed() before Part 1")
    return setup, "# Part 1:" + part1


def main():
    chapter_path, runs, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    text = open(chapter_path, encoding="utf-8").read()
    setup, part1 = split_program(extract_program(text))
    setup_code = compile(setup, "chapter-setup", "exec")
    part1_code = compile(part1, "chapter-part1", "exec")
    part1_ms, setup_ms, printed = [], [], ""
    for k in range(warmup + runs):
        env = {"__name__": "__chapter__"}
        t0 = time.perf_counter()
        exec(setup_code, env)
        t1 = time.perf_counter()
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            t2 = time.perf_counter()
            exec(part1_code, env)
            t3 = time.perf_counter()
        printed = buf.getvalue()
        if k >= warmup:
            setup_ms.append((t1 - t0) * 1000.0)
            part1_ms.append((t3 - t2) * 1000.0)
    expected = [l.rstrip() for l in chapter_output(text).splitlines()][: len(printed.splitlines())]
    matches = [l.rstrip() for l in printed.splitlines()] == expected
    g_full = None
    for line in printed.splitlines():
        if "true full gradient g =" in line:
            g_full = float(line.split("g =")[1].strip(" )"))
    print(json.dumps({
        "python": sys.version.split()[0], "samplesMs": part1_ms, "setupMs": setup_ms, "warmup": warmup,
        "printed": printed, "matchesChapter": matches, "gFull": g_full,
    }))


if __name__ == "__main__":
    main()
