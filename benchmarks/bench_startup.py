"""Start-up time: `coach --help` against a bare `python -c pass` (median of N runs).

Run: python benchmarks/bench_startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _median_ms(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    bare = _median_ms([sys.executable, "-c", "pass"], runs)
    help_ms = _median_ms([sys.executable, "-m", "coach", "--help"], runs)
    heavy_modules = (
        "pydantic, rich.console, questionary, durable.engine, reportlab.platypus, sqlalchemy"
    )
    heavy = _median_ms([sys.executable, "-c", f"import {heavy_modules}"], runs)
    print(f"python -c pass:        {bare:7.1f} ms")
    print(f"coach --help:          {help_ms:7.1f} ms  (+{help_ms - bare:.1f} ms)")
    print(f"importing the heavy 6: {heavy:7.1f} ms  (what --help avoids)")


if __name__ == "__main__":
    main()
