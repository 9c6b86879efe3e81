"""The engine's own HTTP/1.1 transport over TLS (`quitx._http.wire`), against a loopback server
whose certificate a local certificate authority signed (``trustme``, in the test's memory)."""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path

import httpx
import pytest
import trustme

from quitx._http import HttpEngine
from quitx._http.pools import PerHostTransport
from quitx.config import load_settings
from quitx.models import Reason

OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"


class TlsServer:
    """An HTTP/1.1 keep-alive server on 127.0.0.1 over TLS; records the name each client asked for
    (SNI), its connections and its requests."""

    def __init__(self, ca: trustme.CA, *names: str) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert(*names).configure_cert(self.context)
        self.context.sni_callback = self._sni
        self.server_names: list[str | None] = []
        self.connections = 0
        self.requests: list[bytes] = []
        self.port = 0
        self._server: asyncio.Server | None = None

    def _sni(self, _sock: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        self.server_names.append(name)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.requests.append(head)
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                body = await reader.readexactly(length) if length else b""
                answer = body or b"ok"
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(answer), answer))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError, asyncio.CancelledError):
            pass  # the client hung up, refused the certificate, or the test is over
        finally:
            writer.close()

    async def __aenter__(self) -> TlsServer:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.context)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusted(ca: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    """The CA trusted by the engine's default TLS context, as a user's own CA would be
    (``SSL_CERT_FILE``, which httpx's context honours); no proxy from the environment."""
    pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return ca


def engine(**settings: object) -> HttpEngine:
    values: dict[str, object] = {"allow_private_addresses": True, "retries": 0, "timeout": 3.0}
    values.update(settings)
    built = HttpEngine(load_settings(environ={}, **values))
    assert isinstance(built.fetcher.direct, PerHostTransport)  # the engine's own transport, not httpx's
    return built


async def test_https_requests_are_verified_named_and_share_one_kept_alive_connection(
    trusted: trustme.CA,
) -> None:
    async with TlsServer(trusted, "localhost") as server, engine() as e:
        results = [await e.get(f"https://localhost:{server.port}/page/{i}") for i in range(5)]
    assert [(r.status, r.body, r.failure) for r in results] == [(200, b"ok", None)] * 5
    assert server.connections == 1  # one handshake, then the kept-alive connection
    assert server.server_names == ["localhost"]  # SNI: the name the certificate must prove
    assert [r.split(b"\r\n")[0] for r in server.requests] == [b"GET /page/%d HTTP/1.1" % i for i in range(5)]


async def test_an_ip_address_certificate_is_checked_against_the_address(trusted: trustme.CA) -> None:
    async with TlsServer(trusted, "127.0.0.1") as server, engine() as e:
        result = await e.get(f"https://127.0.0.1:{server.port}/")
    assert (result.status, result.body, result.failure) == (200, b"ok", None)
    assert server.server_names == [None]  # no SNI for an address, as browsers do


@pytest.mark.parametrize(
    "problem",
    ["an unknown authority", "another name"],
)
async def test_a_certificate_the_client_cannot_trust_is_a_tls_failure_not_an_answer(
    trusted: trustme.CA, problem: str
) -> None:
    issuer = trustme.CA() if problem == "an unknown authority" else trusted
    names = ("127.0.0.1",) if problem == "an unknown authority" else ("elsewhere.test",)
    async with TlsServer(issuer, *names) as server, engine() as e:
        result = await e.get(f"https://127.0.0.1:{server.port}/")
    assert result.status is None and result.failure is Reason.NETWORK_ERROR
    assert result.error is not None and result.error.startswith("TLS error: CERTIFICATE_VERIFY_FAILED")
    assert server.requests == []  # nothing was sent to a server that proved nothing


async def test_through_httpx_a_body_goes_over_tls_with_the_callers_context(ca: trustme.CA) -> None:
    context = ssl.create_default_context()
    ca.configure_trust(context)
    transport = PerHostTransport(per_host=2, verify=context)
    async with TlsServer(ca, "127.0.0.1") as server, httpx.AsyncClient(transport=transport) as client:
        posted = await client.post(f"https://127.0.0.1:{server.port}/in", content=b"hello")
        fetched = await client.get(f"https://127.0.0.1:{server.port}/out")
    assert (posted.status_code, posted.content) == (200, b"hello")
    assert (fetched.status_code, fetched.content) == (200, b"ok")
    assert server.connections == 1 and transport.connections_opened == 1
