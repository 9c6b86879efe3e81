"""What one logical GET gave (`HttpResult`), and the failures that give no answer as a `Reason`.

A request never raises for an HTTP status or a network failure: it gives an `HttpResult`, and the
probes decide what it proves. `describe_exception` is the one place where an exception of the
HTTP stack (a timeout, a TLS error, a name that does not resolve, a body that does not decode)
becomes the reason and the short text a verdict's evidence carries.
"""

from __future__ import annotations

import json
import re
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..config import Settings
from ..models import Evidence, Reason
from .body import BodyError

__all__ = ["HttpResult", "describe_exception", "gaierror"]


@dataclass(frozen=True)
class HttpResult:
    """What one logical GET gave, after redirects and retries."""

    method: str
    url: str  # the URL quitx asked for (before the host map)
    final_url: str  # after redirects (before the host map)
    status: int | None  # None: nothing came back
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    truncated: bool = False
    elapsed_ms: int = 0
    failure: Reason | None = None  # why nothing usable came back (network, 429, 5xx…)
    error: str | None = None  # human text for the failure
    retry_after: float | None = None  # seconds, when rate limited
    hops: tuple[tuple[str, int], ...] = ()  # redirects followed: (url, status)
    from_cache: bool = False  # served from the disk cache, nothing sent (a probe may say "(cached)")

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON (``None`` if it is not JSON): validate it with a model at once.

        A lone surrogate escape (``"\\ud800"``) is valid JSON but no text: it would raise wherever
        the string is encoded (a URL, a file, the terminal), so it becomes U+FFFD here."""
        try:
            data = json.loads(self.body)
            return _no_lone_surrogates(data) if _SURROGATE_ESCAPE.search(self.body) else data
        except (ValueError, RecursionError):  # "[[[[…" a million deep must not crash a check
            return None

    def request_line(self) -> str:
        line = f"{self.method} {self.url}"
        if self.final_url != self.url:
            line += f" -> {self.final_url}"
        return line

    def evidence(self, step: str, outcome: str) -> Evidence:
        return Evidence(
            step=step,
            request=self.request_line(),
            status=self.status,
            outcome=outcome,
            elapsed_ms=self.elapsed_ms,
        )

    def describe_failure(self) -> str:
        """A short fact for evidence: "timeout after 5.0 s", "HTTP 503", "HTTP 401"…"""
        if self.error:
            return self.error
        return f"HTTP {self.status}"


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_lone_surrogates(data: Any) -> Any:
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, list):
        return [_no_lone_surrogates(item) for item in data]
    if isinstance(data, dict):
        return {_no_lone_surrogates(k): _no_lone_surrogates(v) for k, v in data.items()}
    return data


def describe_exception(exc: Exception, settings: Settings) -> tuple[Reason, str]:
    if isinstance(exc, httpx.TimeoutException):
        return Reason.TIMEOUT, f"timeout after {settings.timeout:g} s ({type(exc).__name__})"
    if isinstance(exc, TimeoutError):
        return Reason.TIMEOUT, f"no complete answer within the {settings.request_deadline:g} s deadline"
    if isinstance(exc, BodyError):
        return Reason.BAD_RESPONSE, f"unreadable body: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError) and "location header" in str(exc):
        # a caller's client builds the redirect request itself, and fails on a Location we would refuse
        return Reason.BAD_RESPONSE, f"redirect to an unusable URL ({exc})"
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return Reason.NETWORK_ERROR, f"TLS error: {cause.reason or cause}"
        cause = cause.__cause__ or cause.__context__
    unresolved = gaierror(exc)
    if unresolved is not None:
        return Reason.NETWORK_ERROR, f"DNS: host name not resolved ({unresolved})"
    if isinstance(exc, httpx.ConnectError):
        return Reason.NETWORK_ERROR, f"connection failed: {exc}"
    if isinstance(exc, httpx.HTTPError):
        return Reason.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"
    return Reason.NETWORK_ERROR, f"{type(exc).__name__}: {exc}"


def gaierror(exc: BaseException) -> BaseException | None:
    """The name-resolution error behind ``exc``, if that is what it is."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and type(cause).__name__ == "gaierror":
            return cause
        cause = cause.__cause__ or cause.__context__
    return None
