"""The quitx exception tree.

::

    QuitxError
     ├── InvalidReferenceError   text that is not an account reference (parse_ref)
     ├── ConfigError             a bad setting, file or environment variable
     └── RemoteError             a server could not be asked, or answered something unusable
          ├── TransportError     timeout, refused connection, TLS or DNS failure
          ├── RateLimitedError   429 that could not be waited out
          └── BadResponseError   a payload that is not what the protocol promises

Checks never raise for a missing account: "absent" and "unknown" are results
(see ``quitx.models.Verdict``). Only the ``ensure_*`` style helpers and input
parsing raise.
"""

from __future__ import annotations

__all__ = [
    "BadResponseError",
    "ConfigError",
    "InvalidReferenceError",
    "QuitxError",
    "RateLimitedError",
    "RemoteError",
    "TransportError",
]


class QuitxError(Exception):
    """Root of every error quitx raises on purpose."""


class InvalidReferenceError(QuitxError, ValueError):
    """The text is not a reference to a Mastodon or Bluesky account."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"not an account reference: {text!r}: {reason}")


class ConfigError(QuitxError):
    """A setting could not be read or is out of range."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class RemoteError(QuitxError):
    """A remote server could not be asked, or its answer is unusable."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(message)


class TransportError(RemoteError):
    """Timeout, refused connection, TLS or DNS failure."""


class RateLimitedError(RemoteError):
    """The server asked us to slow down for longer than we are willing to wait."""

    def __init__(self, message: str, *, url: str | None = None, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message, url=url, status=429)


class BadResponseError(RemoteError):
    """The server answered, but not in the shape the protocol promises."""
