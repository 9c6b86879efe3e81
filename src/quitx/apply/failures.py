"""What an SDK failure means, said so that a person knows what happened and what to do.

`describe` turns an exception of either SDK into an `ApplyError` that says what is known — in
particular, a write that got no answer is *unknown*, never "nothing was changed". It reads the
exception through the session class's ``status_of`` (`SdkSession`), so it imports neither SDK
nor either adapter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple, Protocol
from urllib.parse import urlsplit

from .._text import terminal_safe
from ..errors import ApplyError, ErrorKind
from ..i18n import Lang
from ..models import Platform
from . import wording as W
from .models import Language

__all__ = [
    "SdkFailure",
    "SdkSession",
    "describe",
    "plain_dict",
    "refusal_in",
    "refuse_host",
    "retry_text",
]


class SdkFailure(NamedTuple):
    """What an SDK exception says."""

    status: int | None  # the HTTP status, when a response came back
    detail: str  # the service's own words ("" when none)
    transport: bool  # no usable answer: a timeout, a refused or dropped connection
    cause: str = ""  # the name of the underlying failure, for a transport one


class SdkSession(Protocol):
    """A session class (or session) of one SDK, as `describe` reads it."""

    @property
    def platform(self) -> Platform: ...

    def status_of(self, exc: BaseException) -> SdkFailure: ...


def plain_dict(value: Any) -> dict[str, Any]:
    """An SDK model, a DotDict or a mapping as a plain JSON-like dict."""
    if hasattr(value, "model_dump"):
        dumped = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return dict(dumped)
    if hasattr(value, "to_dict"):
        return dict(value.to_dict())
    return dict(value) if isinstance(value, Mapping) else {}


def where_of(url: str) -> str:
    """Where ``url`` goes, for a message: its scheme, host and port, never its user, path or query
    (a server chose it: made inert)."""
    parts = urlsplit(url)
    return terminal_safe(f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}", limit=120)


def refuse_host(host: str, language: Language = "en") -> ApplyError:
    return ApplyError(ErrorKind.NETWORK, Lang(language)(W.HOST_NOT_ALLOWED, host=host))


def refusal_in(exc: BaseException) -> ApplyError | None:
    """The `ApplyError` that ``exc`` is, or that an SDK wrapped (it wraps whatever its session
    raises: `quitx.apply.mastodon_http` refusing another host), if any."""
    return next((e for e in _chain(exc) if isinstance(e, ApplyError)), None)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, then what it was raised from or while handling, each once."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        yield cause
        cause = cause.__cause__ or cause.__context__


def retry_text(seconds: float | None, language: Language) -> str:
    """ "try again after 14:05 UTC (in 5 min)", or "try again later" when the server did not say."""
    if seconds is None:
        return Lang(language)(W.TRY_AGAIN_LATER)
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    minutes = max(1, round(seconds / 60))
    return Lang(language)(W.RETRY_AFTER, hour=f"{when:%H}", minute=f"{when:%M}", minutes=str(minutes))


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    if not headers:
        return None
    from .._http import parse_reset

    return parse_reset({k.lower(): v for k, v in headers.items()}, time.time())


def _reached_server(exc: BaseException) -> bool:
    """Whether a transport failure may have come after the request was sent (a read timeout, a
    dropped connection), as opposed to a connection that never opened."""
    for cause in _chain(exc):
        name = type(cause).__name__
        if name in ("ConnectTimeout", "ConnectError", "NewConnectionError", "NameResolutionError"):
            return False
        if "Failed to establish a new connection" in str(cause) or "Connection refused" in str(cause):
            return False
    return True


def _unknown(name: str, why: str, step: str, language: Language) -> ApplyError:
    return ApplyError(
        ErrorKind.UNKNOWN_OUTCOME,
        Lang(language)(W.DID_NOT_ANSWER_CHANGE_MAY, name=name, why=why, step=step),
    )


def describe(
    exc: BaseException,
    sdk: SdkSession,
    language: Language,
    *,
    step: str,
    writing: bool,
    headers: Mapping[str, str] | None = None,
) -> ApplyError:
    """An SDK failure as a message that says what is known (French/English), with no secret in it;
    the error names its ``platform``. ``sdk`` is the session class
    (`quitx.apply.mastodon_sdk.MastodonSession`, `quitx.apply.bluesky_sdk.BlueskySession`) or a session.

    ``writing``: the failure came from a request that changes something; a missing answer is then
    *unknown*, not "nothing changed". ``headers``: the last response's, for a 429's retry time.
    """
    error = _describe(exc, sdk, language, step=step, writing=writing, headers=headers)
    if error.platform is None:
        error.platform = sdk.platform
    return error


def _describe(
    exc: BaseException,
    sdk: SdkSession,
    language: Language,
    *,
    step: str,
    writing: bool,
    headers: Mapping[str, str] | None,
) -> ApplyError:
    platform = sdk.platform
    name = platform.label
    refused = refusal_in(exc)
    if refused is not None:
        if writing and refused.kind is ErrorKind.FOREIGN_HOST:  # the write reached the instance
            text = Lang(language)(W.ANOTHER_HOST_AFTER_WRITE, refused=refused.message, name=name, step=step)
            return ApplyError(refused.kind, text)
        return refused
    if isinstance(exc, UnicodeError):  # a credential no HTTP header can carry
        return ApplyError(
            ErrorKind.INVALID_CREDENTIALS,
            Lang(language)(W.CREDENTIAL_HOLDS_CHARACTER_NO_CREDENTIAL, name=name),
        )
    status, detail, transport, why = sdk.status_of(exc)
    if transport:
        if writing and _reached_server(exc):
            return _unknown(name, why, step, language)
        return ApplyError(
            ErrorKind.NETWORK,
            Lang(language)(W.COULD_NOT_REACH_NOTHING_WAS, name=name, why=why),
        )
    suffix = f" ({detail})" if detail else ""
    if status == 401 and platform is Platform.MASTODON:
        return ApplyError(
            ErrorKind.UNAUTHORIZED,
            Lang(language)(W.MASTODON_REFUSED_TOKEN_WRONG_EXPIRED, suffix=suffix),
        )
    if status == 401:
        return ApplyError(
            ErrorKind.UNAUTHORIZED,
            Lang(language)(W.BLUESKY_REFUSED_HANDLE_APP_PASSWORD, suffix=suffix),
        )
    if status == 403:
        need = Lang(language)(W.TOKEN_LACKS_SCOPE_NEEDS_WRITE)
        if platform is Platform.BLUESKY:
            need = Lang(language)(W.APP_PASSWORD_CANNOT_DO_EVERYTHING)
        return ApplyError(
            ErrorKind.FORBIDDEN,
            Lang(language)(W.REFUSED_THIS_ACTION_NOTHING_WAS, name=name, suffix=suffix, need=need),
        )
    if status == 429:
        wait = _retry_after(headers)
        return ApplyError(
            ErrorKind.RATE_LIMITED,
            Lang(language)(W.RATE_LIMITING_NOTHING_WAS_CHANGED, name=name, wait=retry_text(wait, language)),
            retry_after=wait,
        )
    if status is not None and status >= 500:
        if writing:
            return _unknown(name, f"{status}{suffix}", step, language)
        return ApplyError(
            ErrorKind.SERVER,
            Lang(language)(W.SERVER_ERROR_NOTHING_WAS_SENT, name=name, status=str(status), suffix=suffix),
        )
    if status == 400 and platform is Platform.BLUESKY and detail.startswith("HandleNotAvailable"):
        return ApplyError(
            ErrorKind.HANDLE_TAKEN,
            Lang(language)(W.HANDLE_ALREADY_TAKEN_BY_ANOTHER, detail=detail),
        )
    if status is not None:
        return ApplyError(
            ErrorKind.REFUSED,
            Lang(language)(
                W.REFUSED_CHANGE_NOTHING_WAS_CHANGED, name=name, status=str(status), suffix=suffix
            ),
        )
    return ApplyError(ErrorKind.SERVER, f"{name}: {type(exc).__name__}: {exc}")
