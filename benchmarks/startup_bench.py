"""Startup benchmark: ``import quitx`` and ``quitx --help`` against ``import httpx``.

    .venv/bin/python benchmarks/startup_bench.py [--runs 15]

Each command runs ``--runs`` times in a fresh interpreter (interleaved, after one warm-up run of
each so the disk cache is warm); the medians are compared. The last line printed is::

    startup: import_ratio=… help_ratio=…

Targets (issue 5): import_ratio ≤ 1.5, help_ratio ≤ 3.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "httpx": [sys.executable, "-c", "import httpx"],
    "import": [sys.executable, "-c", "import quitx"],
    "help": [sys.executable, "-m", "quitx", "--help"],
}


def _time(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args(argv)
    for cmd in COMMANDS.values():  # warm-up: bytecode caches and the page cache
        _time(cmd)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            times[name].append(_time(cmd))
    med = {name: statistics.median(values) for name, values in times.items()}
    for name, value in med.items():
        spread = f"min {min(times[name]) * 1000:.0f} max {max(times[name]) * 1000:.0f}"
        print(f"{name}: median {value * 1000:.0f} ms ({spread}, {args.runs} runs)")
    print(
        f"startup: import_ratio={med['import'] / med['httpx']:.2f} help_ratio={med['help'] / med['httpx']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
