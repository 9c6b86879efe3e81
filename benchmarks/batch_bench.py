"""Batch benchmark: quitx.check_many over N synthetic institutions, against local servers with an
injected latency and enforced rate limits; compared with the lower bound those set and with the
script a user would write today (Mastodon.py + the atproto SDK, one institution after another).

    .venv/bin/python benchmarks/batch_bench.py                    # n=500, 50 ms, 300 requests / 5 s
    .venv/bin/python benchmarks/batch_bench.py --memory-check     # also peak RSS at n=1000 and 10000

Nothing leaves 127.0.0.1. The last line printed is::

    batch-bench: n=500 wall_over_bound=… cpu_over_bound=… cpu_ms_per_req=… speedup_vs_naive=… req_per_inst=… http429=… rerun_req_frac=… peak_rss_mb=…

See benchmarks/README.md and docs/benchmarks.md for the method.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._servers import PhaseLog, parse_rate  # noqa: E402
from benchmarks._world import World, build, generate  # noqa: E402
from quitx._defaults import BATCH_CONCURRENCY  # noqa: E402
from quitx.config import Settings  # noqa: E402

HERE = Path(__file__).resolve().parent


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _settings_default(name: str) -> Any:
    return Settings.model_fields[name].default


def _run(cmd: list[str], timeout: float) -> None:
    proc = subprocess.run(cmd, cwd=ROOT, timeout=timeout, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + proc.stderr[-4000:])
        raise SystemExit(f"benchmark step failed ({proc.returncode}): {' '.join(cmd[1:3])}")


def _quitx(
    world: World, tmp: Path, tag: str, args: argparse.Namespace, cache_dir: Path | None
) -> dict[str, Any]:
    out = tmp / f"{tag}.json"
    cmd = [
        sys.executable,
        str(HERE / "_quitx_run.py"),
        "--world",
        str(tmp / "world.json"),
        "--corpus",
        str(tmp / "corpus.jsonl"),
        "--out",
        str(out),
        "--reports",
        str(tmp / f"{tag}-reports.jsonl"),
    ]
    if args.concurrency is not None:
        cmd += ["--concurrency", str(args.concurrency)]
    if args.loop != "asyncio":
        cmd += ["--loop", args.loop]
    if cache_dir is not None:
        cmd += ["--cache-dir", str(cache_dir)]
    if getattr(args, "quitx_core", None) is not None:
        cmd += ["--cpu", str(args.quitx_core)]
    if args.profile and tag == "run1":
        cmd += ["--profile", args.profile] + (["--profile-cpu"] if args.profile_cpu else [])
    _run(cmd, args.step_timeout)
    return json.loads(out.read_text())


def _cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


@contextlib.contextmanager
def _slower(busy_loops: int) -> Any:
    """quitx's runs on a core of their own shared with ``busy_loops`` busy loops (each gets an equal
    share: a machine ``busy_loops + 1`` times slower), the servers on the other cores."""
    if busy_loops <= 0:
        yield None
        return
    cores = _cores()
    if len(cores) < 2:
        raise SystemExit("--share-core needs at least two cores (one for quitx, one for the servers)")
    quitx_core, others = cores[-1], set(cores[:-1])
    os.sched_setaffinity(0, others)  # this process runs the servers
    loop = f"import os\nos.sched_setaffinity(0, {{{quitx_core}}})\nwhile True: pass"
    hogs = [subprocess.Popen([sys.executable, "-c", loop]) for _ in range(busy_loops)]
    try:
        yield quitx_core
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
        os.sched_setaffinity(0, set(cores))


def _write_world(world: World, tmp: Path, args: argparse.Namespace, naive: int | None = None) -> None:
    settings = dict(world.settings)
    if args.per_host is not None:
        settings["per_host_concurrency"] = args.per_host
    if args.http_concurrency is not None:
        settings["concurrency"] = args.http_concurrency
    (tmp / "world.json").write_text(json.dumps({"settings": settings}))
    world.write_corpus(tmp / "corpus.jsonl")
    if naive is not None:
        world.write_corpus(tmp / "naive.jsonl", sample=naive)


def _bound(log: PhaseLog, world: World, per_host: int, latency: float) -> tuple[float, str, dict[str, Any]]:
    """max over hosts of max(ceil(R_h / per-host concurrency) × latency, rate-limit windows for A_h)."""
    best, best_host, detail = 0.0, "", {}
    for host, requests in log.per_host.items():
        conc = math.ceil(requests / per_host) * latency
        api = log.per_host_api.get(host, 0)
        rate = 0.0
        site = world.http.sites.get(host)
        if api and site is not None and site.rate is not None:
            limit, window = site.rate
            rate = (math.ceil(api / limit) - 1) * window + latency
        b = max(conc, rate)
        if b > best:
            best, best_host = b, host
            detail = {"requests": requests, "api": api, "concurrency_term": conc, "rate_term": rate}
    return best, best_host, detail


def _check(world: World, results: list[list[Any]]) -> dict[str, int]:
    by_index = {r[0]: r for r in results}
    c = {
        "m_expected": 0,
        "m_found": 0,
        "m_false_absent": 0,
        "b_expected": 0,
        "b_found": 0,
        "b_false_absent": 0,
        "m_unknown": 0,
        "b_unknown": 0,
        "errors": 0,
    }
    for inst in world.insts:
        r = by_index.get(inst.index)
        if r is None:
            c["errors"] += 1
            continue
        _, mv, m, bv, b, err = r
        if err:
            c["errors"] += 1
            continue
        c["m_unknown"] += mv == "unknown"
        c["b_unknown"] += bv == "unknown"
        if inst.m_expected:
            c["m_expected"] += 1
            c["m_found"] += f"@{inst.m_user}@{inst.m_host}" in m
            c["m_false_absent"] += mv == "absent"
        if inst.b_expected:
            c["b_expected"] += 1
            c["b_found"] += f"@{inst.b_handle}" in b
            c["b_false_absent"] += bv == "absent"
    return c


def _top(log: PhaseLog, k: int = 6) -> str:
    return ", ".join(f"{h}={n} (api {log.per_host_api.get(h, 0)})" for h, n in log.per_host.most_common(k))


def _in_flight(log: PhaseLog, latency: float, k: int = 4) -> str:
    out = []
    for host, n in log.per_host.most_common(k):
        span = log.last[host] - log.first[host] + latency
        out.append(f"{host}={n * latency / span:.2f} over {span:.1f}s")
    return ", ".join(out)


def _endpoints(log: PhaseLog, n: int) -> str:
    return ", ".join(f"{kind}:{ep}={c / n:.2f}" for (kind, ep), c in log.per_endpoint.most_common(14))


def _memory_run(n: int, args: argparse.Namespace, rate: tuple[int, float]) -> dict[str, Any]:
    latency = (args.memory_latency_ms if args.memory_latency_ms is not None else args.latency_ms) / 1000
    insts = generate(n, args.seed)
    world = build(insts, seed=args.seed, latency=latency, rate=rate, page_kb=args.page_kb)
    try:
        with tempfile.TemporaryDirectory(prefix="quitx-bench-mem-") as d:
            tmp = Path(d)
            _write_world(world, tmp, args)
            world.http.new_phase()
            stats = _quitx(world, tmp, f"mem{n}", args, None)
            stats["requests"] = world.http.phase.total
            stats["http429_servers"] = sum(world.http.phase.http429.values())
            return stats
    finally:
        world.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=500, help="institutions in the corpus (default 500)")
    ap.add_argument(
        "--latency-ms", type=float, default=50.0, help="injected latency per request (default 50)"
    )
    ap.add_argument(
        "--rate-limit", default="300/5s", help='Mastodon /api/* limit, "COUNT/WINDOW" (default 300/5s)'
    )
    ap.add_argument(
        "--concurrency",
        type=int,
        default=None,
        help="institutions in flight (check_many's concurrency; default: quitx's)",
    )
    ap.add_argument(
        "--http-concurrency", type=int, default=None, help="Settings.concurrency (default: quitx's)"
    )
    ap.add_argument(
        "--per-host", type=int, default=None, help="Settings.per_host_concurrency (default: quitx's)"
    )
    ap.add_argument(
        "--naive-sample", type=int, default=50, help="institutions the naive script runs (default 50)"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--loop",
        choices=("asyncio", "uvloop"),
        default="asyncio",
        help="quitx's event loop (uvloop if installed)",
    )
    ap.add_argument("--page-kb", type=int, default=30, help="homepage size in kB (default 30)")
    ap.add_argument("--no-rerun", action="store_true", help="skip the cached re-run")
    ap.add_argument("--profile", default=None, help="write a cProfile of quitx's first run to this file")
    ap.add_argument(
        "--profile-cpu",
        action="store_true",
        help="profile with the CPU clock of quitx's main thread (time waiting on the network left out)",
    )
    ap.add_argument("--memory-check", action="store_true", help="also measure peak RSS at --memory-ns")
    ap.add_argument("--memory-ns", default="1000,10000", help="corpus sizes for --memory-check")
    ap.add_argument(
        "--memory-latency-ms",
        type=float,
        default=None,
        help="latency for the memory runs (default: --latency-ms)",
    )
    ap.add_argument(
        "--share-core",
        type=int,
        default=0,
        metavar="N",
        help="run quitx on a core of its own shared with N busy loops: a machine N+1 times slower "
        "(Linux; the servers keep the other cores; the naive script runs as usual)",
    )
    ap.add_argument("--step-timeout", type=float, default=3600, help="seconds before a run is killed")
    args = ap.parse_args(argv)

    rate = parse_rate(args.rate_limit)
    latency = args.latency_ms / 1000
    per_host = args.per_host or _settings_default("per_host_concurrency")
    cache_supported = "cache" in Settings.model_fields
    t_start = time.monotonic()

    slower = contextlib.ExitStack()  # --share-core's busy loops, while quitx runs
    insts = generate(args.n, args.seed)
    world = build(insts, seed=args.seed, latency=latency, rate=rate, page_kb=args.page_kb)
    try:
        with tempfile.TemporaryDirectory(prefix="quitx-bench-") as d:
            tmp = Path(d)
            sample = min(args.naive_sample, args.n)
            _write_world(world, tmp, args, naive=sample)
            print(
                f"corpus: n={args.n} seed={args.seed} websites={world.counts['websites']} "
                f"mastodon_accounts={world.counts['mastodon_accounts']} "
                f"bluesky_accounts={world.counts['bluesky_accounts']} latency={args.latency_ms:g}ms "
                f"rate_limit={rate[0]}/{rate[1]:g}s per_host_concurrency={per_host} "
                f"http_concurrency={args.http_concurrency or _settings_default('concurrency')} "
                f"institutions_in_flight={args.concurrency or BATCH_CONCURRENCY}",
                flush=True,
            )

            # ---- quitx, first run (with the cache on, empty, when quitx has one: the re-run needs it)
            cache_dir = tmp / "cache" if cache_supported and not args.no_rerun else None
            log1 = world.http.new_phase()
            core = args.quitx_core = slower.enter_context(_slower(args.share_core))
            if core is not None:
                print(
                    f"cpu: quitx on core {core} shared with {args.share_core} busy loop(s), about "
                    f"1/{args.share_core + 1} of a core (a machine {args.share_core + 1} times slower); "
                    f"the servers on cores {sorted(set(_cores()) - {core})}",
                    flush=True,
                )
            servers_cpu = _cpu()
            first = _quitx(world, tmp, "run1", args, cache_dir)
            servers_cpu = _cpu() - servers_cpu
            req1 = log1.total
            bound, bound_host, bd = _bound(log1, world, per_host, latency)
            http429 = sum(log1.http429.values())
            check = _check(world, first["results"])
            cpu_ms = first["cpu_run_s"] * 1000 / max(1, req1)
            print(
                f"quitx: wall={first['wall']:.2f}s items={first['items']} requests={req1} "
                f"(engine counted {first['counters']}) 429={http429} "
                f"cpu={first['cpu_s']:.1f}s (run {first['cpu_run_s']:.1f}s = {cpu_ms:.2f} ms/request, system {first.get('sys_run_s', 0):.1f}s) peak_rss={first['peak_rss_mb']:.0f}MB (after imports {first['rss_before_mb']:.0f}MB) "
                f"dns_queries={world.dns.count}",
                flush=True,
            )
            print(
                f"bound: {bound:.2f}s set by {bound_host} (requests={bd.get('requests')}, "
                f"api={bd.get('api')}, ceil(R/{per_host})*latency={bd.get('concurrency_term', 0):.2f}s, "
                f"rate windows={bd.get('rate_term', 0):.2f}s)"
            )
            print(
                f"servers (this process, one asyncio thread + DNS): cpu={servers_cpu:.1f}s during "
                f"quitx's run ({servers_cpu / first['wall'] * 100:.0f}% of a core)"
            )
            print(f"busiest hosts: {_top(log1)}")
            print(f"busy hosts' average requests in flight (limit {per_host}): {_in_flight(log1, latency)}")
            busiest = log1.per_host.most_common(1)[0][0]
            seconds = log1.per_second.get(busiest, {})
            print(
                f"{busiest}: requests received each second (at most {per_host / latency:.0f}): "
                + " ".join(str(seconds.get(t, 0)) for t in range(max(seconds, default=-1) + 1))
            )
            print(f"requests per institution by endpoint: {_endpoints(log1, args.n)}")
            if log1.http429:
                print(f"429s by host: {dict(log1.http429)}")
            print(
                "found: mastodon {m_found}/{m_expected} expected (false absent {m_false_absent}, "
                "unknown verdicts {m_unknown}); bluesky {b_found}/{b_expected} (false absent "
                "{b_false_absent}, unknown {b_unknown}); errors {errors}".format(**check),
                flush=True,
            )

            # ---- the cached re-run
            rerun_frac = float("nan")
            if cache_dir is not None:
                log2 = world.http.new_phase()
                second = _quitx(world, tmp, "run2", args, cache_dir)
                rerun_frac = log2.total / req1 if req1 else float("nan")
                print(
                    f"rerun (cache on): wall={second['wall']:.2f}s requests={log2.total} "
                    f"(engine {second['counters']}) by host: {_top(log2, 4)}",
                    flush=True,
                )
            elif not cache_supported:
                print("rerun: Settings has no 'cache' field yet: rerun_req_frac=nan", flush=True)

            slower.close()  # the naive script runs as usual
            args.quitx_core = None

            # ---- the naive script, on a sample, extrapolated per institution
            speedup = float("nan")
            if sample > 0:
                log3 = world.http.new_phase()
                naive_out = tmp / "naive.json"
                _run(
                    [
                        sys.executable,
                        str(HERE / "_naive_run.py"),
                        "--world",
                        str(tmp / "world.json"),
                        "--corpus",
                        str(tmp / "naive.jsonl"),
                        "--out",
                        str(naive_out),
                    ],
                    args.step_timeout,
                )
                naive = json.loads(naive_out.read_text())
                per_inst = naive["wall"] / max(1, naive["n"])
                naive_est = per_inst * args.n
                speedup = naive_est / first["wall"]
                print(
                    f"naive (Mastodon.py + atproto SDK, sequential): sample={naive['n']} wall={naive['wall']:.2f}s "
                    f"= {per_inst:.3f}s/institution -> estimated {naive_est:.0f}s for n={args.n} "
                    f"(extrapolated); requests/institution={log3.total / max(1, naive['n']):.1f} "
                    f"429={sum(log3.http429.values())}",
                    flush=True,
                )

            else:
                print("naive: skipped (--naive-sample 0): speedup_vs_naive=nan", flush=True)

            mem_line = None
            if args.memory_check:
                sizes = [int(s) for s in args.memory_ns.split(",") if s.strip()]
                mem: list[tuple[int, float, float]] = []
                for size in sizes:
                    t0 = time.monotonic()
                    stats = _memory_run(size, args, rate)
                    mem.append((size, stats["peak_rss_mb"], time.monotonic() - t0))
                    print(
                        f"memory: n={size} peak_rss_mb={stats['peak_rss_mb']:.0f} wall={stats['wall']:.1f}s "
                        f"requests={stats['requests']} 429={stats['http429_servers']} "
                        f"(step {time.monotonic() - t0:.0f}s)",
                        flush=True,
                    )
                if len(mem) >= 2:
                    mem_line = (
                        "memory-check: "
                        + " ".join(f"n={s} peak_rss_mb={r:.0f}" for s, r, _ in mem)
                        + f" ratio={mem[-1][1] / mem[0][1]:.2f}"
                    )
                    print(mem_line, flush=True)

            print(
                f"wall: quitx {first['wall']:.2f}s, bound {bound:.2f}s; benchmark took "
                f"{time.monotonic() - t_start:.0f}s",
                flush=True,
            )
            print(
                f"batch-bench: n={args.n} wall_over_bound={first['wall'] / bound:.2f} "
                f"cpu_over_bound={first['cpu_run_s'] / bound:.2f} cpu_ms_per_req={cpu_ms:.2f} "
                f"speedup_vs_naive={speedup:.1f} req_per_inst={req1 / args.n:.1f} http429={http429} "
                f"rerun_req_frac={rerun_frac:.3f} peak_rss_mb={first['peak_rss_mb']:.0f}",
                flush=True,
            )
    finally:
        slower.close()  # the busy loops never outlive the benchmark
        world.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
