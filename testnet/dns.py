"""A small authoritative DNS server on 127.0.0.1 (UDP and TCP, same port) with a mutable zone.

Built on ``dnslib``. The zone is a plain dict that tests change while the server runs::

    with DnsServer() as dns:
        dns.set_txt("_atproto.univ-exemple.fr", ["did=did:plc:abc", ["v=spf1", " -all"]])
        dns.set_a("univ-exemple.fr", "127.0.0.1")
        dns.set_servfail("_atproto.dnsfail-exemple.fr")
        dns.set_drop("_atproto.dnsdrop-exemple.fr")   # never answers: the client times out
        dns.address                                    # "127.0.0.1:PORT"

Answers follow real DNS semantics: a name that has records, or that is the parent of a name that
has records (an "empty non-terminal"), exists, so a query for another type gets NOERROR with no
answer (NODATA); any other name gets NXDOMAIN. Negative answers carry in their authority section
the SOA of the zone that speaks for the name, as real servers send: the name's registered domain
(its last two labels) when that exists, else its top-level domain (``fr.`` for an NXDOMAIN on
``nowhere-exemple.fr``).

It can also play a resolver that must not be believed::

    dns.filter("piaille.fr")          # NXDOMAIN for that name and below, without an SOA (a DNS filter)
    dns.filter("x.fr", soa="rpz.local")   # … with its policy zone's SOA (BIND's RPZ)
    dns.filter_everything()           # NXDOMAIN for every name (an offline machine, a captive portal)
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from dnslib import AAAA, QTYPE, RCODE, RR, SOA, TXT, A, DNSError, DNSRecord
from dnslib.server import DNSHandler, DNSLogger

__all__ = ["DnsQuery", "DnsServer"]

_TTL = 60


def _norm(name: str) -> str:
    return name.strip().lower().rstrip(".")


@dataclass
class _Node:
    txt: list[list[str]] = field(default_factory=list)
    a: list[str] = field(default_factory=list)
    aaaa: list[str] = field(default_factory=list)
    servfail: bool = False
    drop: bool = False

    def empty(self) -> bool:
        return not (self.txt or self.a or self.aaaa or self.servfail or self.drop)


@dataclass(frozen=True)
class DnsQuery:
    """One query the server received."""

    name: str
    qtype: str
    protocol: str  # "udp" or "tcp"


class _Drop(DNSError):  # type: ignore[misc]  # dnslib is untyped
    """Raised by the resolver to send nothing back."""


class _Handler(DNSHandler):  # type: ignore[misc]  # dnslib is untyped
    def handle(self) -> None:
        super().handle()  # a _Drop is a DNSError: DNSHandler swallows it and sends nothing
        if getattr(self, "_dropped", False) and self.protocol == "tcp":
            # keep the TCP connection open without answering, like a black hole
            self.server.stop_event.wait(60)

    def get_reply(self, data: bytes) -> bytes:
        request = DNSRecord.parse(data)
        reply = self.server.owner._answer(request, self.protocol)
        if reply is None:
            self._dropped = True
            raise _Drop("dropped on purpose")
        packed: bytes = reply.pack()
        return packed


class _Owned:
    owner: DnsServer
    logger: Any
    stop_event: threading.Event


class _UDPServer(_Owned, socketserver.ThreadingMixIn, socketserver.UDPServer):
    daemon_threads = True
    allow_reuse_address = False


class _TCPServer(_Owned, socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class DnsServer:
    """An authoritative DNS server for fictional test zones, on 127.0.0.1:<free port>."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._zone: dict[str, _Node] = {}
        self._lock = threading.Lock()
        self._queries: list[DnsQuery] = []
        self._filters: dict[str, str | None] = {}  # name -> the SOA zone the filter answers with
        self._filter_all: tuple[str | None] | None = None
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()
        self.port = 0

    # ---- zone --------------------------------------------------------------------------------
    def _node(self, name: str) -> _Node:
        return self._zone.setdefault(_norm(name), _Node())

    def set_txt(self, name: str, records: str | Sequence[str | Sequence[str]]) -> None:
        """Replace the TXT records of ``name``: one record per item, each a string or a list of
        strings (one record made of several character-strings). A bare string is one record."""
        items = [records] if isinstance(records, str) else list(records)
        with self._lock:
            node = self._node(name)
            node.txt = [[r] if isinstance(r, str) else list(r) for r in items]
            node.servfail = node.drop = False

    def add_txt(self, name: str, record: str | Sequence[str]) -> None:
        """Add one TXT record to ``name``."""
        with self._lock:
            self._node(name).txt.append([record] if isinstance(record, str) else list(record))

    def set_a(self, name: str, *addresses: str) -> None:
        """Replace the A records of ``name`` (default ``127.0.0.1``)."""
        with self._lock:
            node = self._node(name)
            node.a = list(addresses) or ["127.0.0.1"]
            node.servfail = node.drop = False

    def set_aaaa(self, name: str, *addresses: str) -> None:
        with self._lock:
            self._node(name).aaaa = list(addresses) or ["::1"]

    def set_servfail(self, name: str) -> None:
        """Every query for ``name`` answers SERVFAIL."""
        with self._lock:
            self._node(name).servfail = True

    def set_drop(self, name: str) -> None:
        """Queries for ``name`` get no answer at all (the client times out)."""
        with self._lock:
            self._node(name).drop = True

    def remove(self, name: str) -> None:
        """Forget ``name`` (it becomes NXDOMAIN unless a child name still exists)."""
        with self._lock:
            self._zone.pop(_norm(name), None)

    def clear(self) -> None:
        """Forget the whole zone (every name becomes NXDOMAIN), the filters and the queries seen."""
        with self._lock:
            self._zone.clear()
            self._queries.clear()
        self.unfilter()

    def filter(self, name: str, *, soa: str | None = None) -> None:
        """Answer NXDOMAIN for ``name`` and every name below it, whatever the zone holds, with no
        SOA or with the SOA of the zone ``soa`` (a filter's policy zone)."""
        with self._lock:
            self._filters[_norm(name)] = soa

    def filter_everything(self, *, soa: str | None = None) -> None:
        """Answer NXDOMAIN for every name (with no SOA, or the SOA of ``soa``)."""
        with self._lock:
            self._filter_all = (soa,)

    def unfilter(self) -> None:
        """Forget every filter."""
        with self._lock:
            self._filters.clear()
            self._filter_all = None

    def _filtered(self, qname: str) -> tuple[str | None] | None:
        if self._filter_all is not None:
            return self._filter_all
        for name, soa in self._filters.items():
            if qname == name or qname.endswith("." + name):
                return (soa,)
        return None

    def queries(self) -> list[DnsQuery]:
        with self._lock:
            return list(self._queries)

    def clear_queries(self) -> None:
        with self._lock:
            self._queries.clear()

    # ---- answering -----------------------------------------------------------------------------
    def _exists(self, name: str) -> bool:
        node = self._zone.get(name)
        if node is not None and not node.empty():
            return True
        suffix = "." + name
        return any(other.endswith(suffix) and not n.empty() for other, n in self._zone.items())

    def _answer(self, request: Any, protocol: str) -> Any | None:
        qname = _norm(str(request.q.qname))
        qtype = QTYPE.get(request.q.qtype, str(request.q.qtype))
        reply = request.reply()  # aa=1, ra=1, same id and question
        with self._lock:
            self._queries.append(DnsQuery(qname, str(qtype), protocol))
            filtered = self._filtered(qname)
            if filtered is not None:
                reply.header.rcode = RCODE.NXDOMAIN
                if filtered[0] is not None:
                    reply.add_auth(self._soa_record(filtered[0]))
                return reply
            node = self._zone.get(qname)
            if node is not None and node.drop:
                return None
            if node is not None and node.servfail:
                reply.header.rcode = RCODE.SERVFAIL
                return reply
            if not self._exists(qname):
                reply.header.rcode = RCODE.NXDOMAIN
                reply.add_auth(self._soa_record(self._zone_of(qname)))
                return reply
            if node is not None:
                if qtype in ("TXT", "ANY"):
                    for strings in node.txt:
                        reply.add_answer(RR(qname, QTYPE.TXT, rdata=TXT(strings), ttl=_TTL))
                if qtype in ("A", "ANY"):
                    for addr in node.a:
                        reply.add_answer(RR(qname, QTYPE.A, rdata=A(addr), ttl=_TTL))
                if qtype in ("AAAA", "ANY"):
                    for addr in node.aaaa:
                        reply.add_answer(RR(qname, QTYPE.AAAA, rdata=AAAA(addr), ttl=_TTL))
            if not reply.rr:
                reply.add_auth(self._soa_record(self._zone_of(qname)))  # NOERROR / NODATA
            return reply

    def _zone_of(self, qname: str) -> str:
        """The zone that speaks for ``qname``: its registered domain (last two labels) when that
        exists, else its top-level domain."""
        labels = qname.split(".")
        registered = ".".join(labels[-2:])
        return registered if len(labels) >= 2 and self._exists(registered) else labels[-1]

    @staticmethod
    def _soa_record(zone: str) -> Any:
        return RR(
            zone,
            QTYPE.SOA,
            rdata=SOA(f"ns.{zone}", f"hostmaster.{zone}", (2026080101, 3600, 600, 86400, _TTL)),
            ttl=_TTL,
        )

    # ---- lifecycle -------------------------------------------------------------------------------
    @property
    def address(self) -> str:
        """``"127.0.0.1:PORT"``, the form quitx's ``dns_nameservers`` takes."""
        return f"{self.host}:{self.port}"

    def start(self) -> DnsServer:
        logger = DNSLogger("-request,-reply,-truncated,-error", prefix=False)
        last_error: OSError | None = None
        for _ in range(20):  # UDP on a free port, then TCP on the same port
            udp = _UDPServer((self.host, 0), _Handler)
            port = udp.server_address[1]
            try:
                tcp = _TCPServer((self.host, port), _Handler)
            except OSError as exc:
                udp.server_close()
                last_error = exc
                continue
            for server in (udp, tcp):
                server.owner = self
                server.logger = logger
                server.stop_event = self._stop
                thread = threading.Thread(target=server.serve_forever, name=f"dns-{port}", daemon=True)
                thread.start()
                self._servers.append(server)
                self._threads.append(thread)
            self.port = port
            return self
        raise OSError(f"could not bind UDP and TCP on the same port: {last_error}")

    def stop(self) -> None:
        self._stop.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
