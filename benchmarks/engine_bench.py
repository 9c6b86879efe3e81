"""The engine alone: CPU time per request of quitx's HTTP path, against a local keep-alive server.

    .venv/bin/python benchmarks/engine_bench.py                      # 6,000 GETs, 4 hosts, 32 at once
    .venv/bin/python benchmarks/engine_bench.py --loop uvloop        # the same on uvloop
    .venv/bin/python benchmarks/engine_bench.py --profile out.prof   # and a cProfile of the client

The server runs in another process (its CPU is not counted): one asyncio HTTP/1.1 server with
keep-alive that answers every GET with a small JSON body after ``--latency-ms``. The client is
`quitx._http.HttpEngine` with a host map (every host to that server) and no cache, asking each URL
once (the in-run memo never answers). CPU time is the client process's, user + system, over the
requests only, so it does not depend on how busy the machine is as wall time does. The last line::

    engine-bench: requests=… cpu_us_per_req=… wall_s=… connections=…
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SYSTEM = 0.0  # the kernel's share of the client's CPU time (sockets)
_BODY = b'{"subject":"acct:someone@example.org","links":[{"rel":"self","href":"https://example.org/u"}]}'


async def _serve(port: int, latency: float) -> None:
    connections = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                if latency:
                    await asyncio.sleep(latency)
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: max-age=60\r\n"
                    b"Content-Length: " + str(len(_BODY)).encode() + b"\r\n\r\n" + _BODY
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _sys() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


async def _client(args: argparse.Namespace, port: int) -> tuple[int, float, float, int]:
    from quitx._http import HttpEngine
    from quitx.config import Settings

    hosts = [f"h{i}.bench.test" for i in range(args.hosts)]
    cache_dir = tempfile.mkdtemp(prefix="quitx-engine-bench-") if args.cache else None
    settings = Settings(
        host_map={h: f"http://127.0.0.1:{port}" for h in hosts},
        only_mapped_hosts=True,
        cache=bool(cache_dir),
        cache_dir=cache_dir,
        concurrency=args.concurrency,
    )
    async with HttpEngine(settings) as engine:
        if args.transport != "quitx":  # the same engine over another transport, for comparison
            engine.fetcher.direct = _other_transport(args.transport, settings.per_host_concurrency)
        gate = asyncio.Semaphore(args.concurrency)

        async def one(k: int) -> int:
            async with gate:
                result = await engine.get(
                    f"https://{hosts[k % len(hosts)]}/item/{k}?q=x", accept="application/json"
                )
                return result.status or 0

        await asyncio.gather(*(one(-k - 1) for k in range(args.concurrency)))  # warm-up: connections open
        cpu0, sys0, t0 = _cpu(), _sys(), time.monotonic()
        statuses = await asyncio.gather(*(one(k) for k in range(args.requests)))
        cpu, wall = _cpu() - cpu0, time.monotonic() - t0
        global _SYSTEM
        _SYSTEM = _sys() - sys0
        transport = engine.fetcher.direct
        opened = getattr(transport, "connections_opened", -1)
    bad = sum(1 for s in statuses if s != 200)
    if bad:
        raise SystemExit(f"{bad} requests failed")
    return args.requests, cpu, wall, opened


def _other_transport(name: str, per_host: int) -> httpx.AsyncBaseTransport:
    if name == "httpcore-pool":  # httpx's own transport: one httpcore pool for every host
        return httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=64, max_keepalive_connections=64))
    if name == "aiohttp":  # aiohttp behind httpx's API (httpx-aiohttp, if installed)
        import aiohttp
        from httpx_aiohttp import AiohttpTransport

        return AiohttpTransport(
            client=lambda: aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=64, limit_per_host=per_host), auto_decompress=False
            )
        )
    if name == "none":  # no network at all: what the engine costs by itself

        class Instant(httpx.AsyncBaseTransport):
            async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
                return httpx.Response(200, headers={"Content-Type": "application/json"}, content=_BODY)

        return Instant()
    raise SystemExit(f"unknown transport {name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=6000)
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--latency-ms", type=float, default=5.0)
    ap.add_argument(
        "--cache", action="store_true", help="with the disk cache on (empty: every lookup misses)"
    )
    ap.add_argument("--loop", choices=("asyncio", "uvloop"), default="asyncio")
    ap.add_argument("--profile", default=None)
    ap.add_argument("--transport", choices=("quitx", "httpcore-pool", "aiohttp", "none"), default="quitx")
    ap.add_argument("--serve", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.serve is not None:
        asyncio.run(_serve(args.serve, args.latency_ms / 1000))
        return 0

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port), "--latency-ms", str(args.latency_ms)]
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        runner = asyncio.run
        if args.loop == "uvloop":
            import uvloop

            runner = uvloop.run
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            n, cpu, wall, opened = profiler.runcall(runner, _client(args, port))
            profiler.dump_stats(args.profile)
        else:
            n, cpu, wall, opened = runner(_client(args, port))
    finally:
        server.terminate()
        server.wait()
    print(
        f"engine-bench: requests={n} cpu_us_per_req={cpu * 1e6 / n:.0f} (system {_SYSTEM * 1e6 / n:.0f}) "
        f"wall_s={wall:.2f} "
        f"connections={opened} loop={args.loop} transport={args.transport}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
