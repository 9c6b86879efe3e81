"""Run quitx over a corpus in its own process (so that only quitx's memory is measured).

    python benchmarks/_quitx_run.py --world world.json --corpus corpus.jsonl --out stats.json

Reads the institutions lazily, iterates ``quitx.check_many`` and writes every report to
``--reports`` as it comes (what a batch does), then writes timings, counters and the peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--world", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reports", default=None)
    ap.add_argument("--concurrency", type=int, default=None, help="default: check_many's")
    ap.add_argument("--cache-dir", default=None)
    ap.add_argument("--profile", default=None, help="write a cProfile of the run to this file")
    ap.add_argument("--loop", choices=("asyncio", "uvloop"), default="asyncio", help="the event loop")
    ap.add_argument(
        "--profile-cpu", action="store_true", help="profile with the thread's CPU clock, not the wall clock"
    )
    ap.add_argument("--cpu", type=int, default=None, help="run on this core only (Linux)")
    args = ap.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})

    import quitx
    from quitx.config import Settings
    from quitx.models import Institution, Platform, Verdict

    world = json.loads(Path(args.world).read_text())
    values = dict(world["settings"])
    cache_supported = "cache" in Settings.model_fields
    if args.cache_dir and cache_supported:
        values["cache"] = True
        values["cache_dir"] = args.cache_dir
    settings = Settings.model_validate(values)
    rss_before = _rss_mb()

    def institutions() -> Iterator[Institution]:
        with open(args.corpus, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                yield Institution(name=row["name"], domain=row["domain"], kind=row["kind"])

    results: list[tuple[int, str, list[str], str, list[str], str | None]] = []
    reports = open(args.reports, "w", encoding="utf-8") if args.reports else None  # noqa: SIM115

    async def run() -> tuple[float, object]:
        started = time.monotonic()
        extra = {} if args.concurrency is None else {"concurrency": args.concurrency}
        many = quitx.check_many(institutions(), settings=settings, **extra)
        async for item in many:
            report = item.report
            if report is None:
                results.append((item.index, "error", [], "error", [], item.error))
                continue
            if reports is not None:
                reports.write(report.model_dump_json() + "\n")
            m = [a.handle for a in report.accounts if a.platform is Platform.MASTODON]
            b = [a.handle for a in report.accounts if a.platform is Platform.BLUESKY]
            results.append(
                (item.index, report.mastodon.verdict.value, m, report.bluesky.verdict.value, b, None)
            )
        return time.monotonic() - started, many

    runner = asyncio.run
    if args.loop == "uvloop":
        import uvloop

        runner = uvloop.run
    cpu_before = _cpu()
    sys_before = resource.getrusage(resource.RUSAGE_SELF).ru_stime
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.thread_time) if args.profile_cpu else cProfile.Profile()
        wall, many = profiler.runcall(runner, run())
        profiler.dump_stats(args.profile)
    else:
        wall, many = runner(run())
    cpu_run = _cpu() - cpu_before
    sys_run = resource.getrusage(resource.RUSAGE_SELF).ru_stime - sys_before
    if reports is not None:
        reports.close()
    stats = many.stats()
    counters = {
        "requests_sent": stats.requests if stats else None,
        "http429": stats.http429 if stats else None,
        "cache_hits": stats.cache_hits if stats else None,
    }
    _ = Verdict
    out = {
        "wall": wall,
        "peak_rss_mb": _rss_mb(),
        "cpu_s": _cpu(),  # the whole process, imports included
        "cpu_run_s": cpu_run,  # the run alone (check_many, as wall): what cpu_over_bound compares
        "sys_run_s": sys_run,  # of which the kernel's (sockets: on loopback it also delivers to the servers)
        "rss_before_mb": rss_before,
        "items": len(results),
        "cache_supported": cache_supported,
        "cache_used": bool(args.cache_dir and cache_supported),
        "counters": counters,
        "results": results,
    }
    Path(args.out).write_text(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
