"""What an SDK's failure means, said so that a person knows what happened and what to do."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.unit.apply.support import TOKEN

from quitx.apply import (
    ApplyError,
    ErrorKind,
)
from quitx.apply.bluesky_sdk import BlueskySession
from quitx.apply.failures import describe, retry_text
from quitx.apply.mastodon_sdk import MastodonSession, check_token

# --- what errors say -----------------------------------------------------------------------------------


def _mastodon_errors() -> list[tuple[BaseException, ErrorKind]]:
    from mastodon.errors import (
        MastodonAPIError,
        MastodonInternalServerError,
        MastodonNetworkError,
        MastodonRatelimitError,
        MastodonUnauthorizedError,
    )

    return [
        (
            MastodonUnauthorizedError("Mastodon API returned error", 401, "Unauthorized", "invalid"),
            ErrorKind.UNAUTHORIZED,
        ),
        (
            MastodonAPIError(
                "Mastodon API returned error", 403, "Forbidden", "outside the authorized scopes"
            ),
            ErrorKind.FORBIDDEN,
        ),
        (MastodonRatelimitError("Hit rate limit."), ErrorKind.RATE_LIMITED),
        (MastodonNetworkError(f"Could not complete request: Bearer {TOKEN}"), ErrorKind.NETWORK),
        (
            MastodonAPIError("Mastodon API returned error", 422, "Unprocessable", "Validation failed"),
            ErrorKind.REFUSED,
        ),
        (MastodonInternalServerError("Mastodon API returned error", 500, "ISE", None), ErrorKind.SERVER),
    ]


def _atproto_errors() -> list[tuple[BaseException, ErrorKind]]:
    from atproto.exceptions import BadRequestError, NetworkError, RateLimitExceededError, UnauthorizedError
    from atproto_client.models.common import XrpcError  # type: ignore[import-untyped]
    from atproto_client.request import Response  # type: ignore[import-untyped]

    def resp(status: int, error: str, message: str = "") -> Response:
        return Response(False, status, XrpcError(error=error, message=message), {})

    return [
        (
            UnauthorizedError(resp(401, "AuthenticationRequired", "Invalid identifier or password")),
            ErrorKind.UNAUTHORIZED,
        ),
        (UnauthorizedError(resp(403, "Forbidden", "app password cannot")), ErrorKind.FORBIDDEN),
        (BadRequestError(resp(400, "HandleNotAvailable", "Handle already taken")), ErrorKind.HANDLE_TAKEN),
        (BadRequestError(resp(400, "InvalidHandle", "bad")), ErrorKind.REFUSED),
        (RateLimitExceededError(resp(429, "RateLimitExceeded")), ErrorKind.RATE_LIMITED),
        (NetworkError(), ErrorKind.NETWORK),
    ]


@pytest.mark.parametrize("pair", range(6))
def test_mastodon_errors_on_a_read(pair: int) -> None:
    exc, kind = _mastodon_errors()[pair]
    error = describe(exc, MastodonSession, "en", step="announce", writing=False)
    assert error.kind is kind, error.message
    assert TOKEN not in error.message and "app password" not in error.message


@pytest.mark.parametrize("pair", range(6))
def test_bluesky_errors_on_a_read(pair: int) -> None:
    exc, kind = _atproto_errors()[pair]
    assert describe(exc, BlueskySession, "fr", step="announce", writing=False).kind is kind


def test_a_write_without_an_answer_is_unknown_not_unchanged() -> None:
    import requests
    from mastodon.errors import MastodonInternalServerError, MastodonNetworkError

    def network(cause: BaseException) -> MastodonNetworkError:
        try:
            try:
                raise cause
            except Exception as inner:
                raise MastodonNetworkError(f"Could not complete request: {inner}") from None
        except MastodonNetworkError as exc:
            exc.__context__ = cause
            return exc

    timed_out = describe(
        network(requests.exceptions.ReadTimeout("read timed out")),
        MastodonSession,
        "en",
        step="announce",
        writing=True,
    )
    assert timed_out.kind is ErrorKind.UNKNOWN_OUTCOME
    assert "unknown" in timed_out.message and "without --yes" in timed_out.message
    assert "Nothing was" not in timed_out.message
    refused = describe(
        network(
            requests.exceptions.ConnectionError(
                "Failed to establish a new connection: [Errno 111] Connection refused"
            )
        ),
        MastodonSession,
        "en",
        step="announce",
        writing=True,
    )
    assert refused.kind is ErrorKind.NETWORK and "nothing was sent" in refused.message
    server = MastodonInternalServerError("Mastodon API returned error", 502, "Bad Gateway", None)
    assert (
        describe(server, MastodonSession, "fr", step="announce", writing=True).kind
        is ErrorKind.UNKNOWN_OUTCOME
    )

    from atproto.exceptions import InvokeTimeoutError

    sky = describe(InvokeTimeoutError(), BlueskySession, "fr", step="announce", writing=True)
    assert sky.kind is ErrorKind.UNKNOWN_OUTCOME and "inconnu" in sky.message


def test_a_429_says_when_to_try_again() -> None:
    from mastodon.errors import MastodonRatelimitError

    reset = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    error = describe(
        MastodonRatelimitError("Hit rate limit."),
        MastodonSession,
        "en",
        step="announce",
        writing=True,
        headers={"X-RateLimit-Reset": reset},
    )
    assert error.kind is ErrorKind.RATE_LIMITED and error.retry_after is not None
    assert (
        280 < error.retry_after <= 300
        and "try again after" in error.message
        and "(in 5 min)" in error.message
    )
    assert retry_text(None, "fr") == "réessayer plus tard"


def test_401s_name_what_was_refused() -> None:
    from atproto.exceptions import UnauthorizedError
    from atproto_client.models.common import XrpcError  # type: ignore[import-untyped]
    from atproto_client.request import Response  # type: ignore[import-untyped]
    from mastodon.errors import MastodonUnauthorizedError

    mastodon = describe(
        MastodonUnauthorizedError(
            "Mastodon API returned error", 401, "Unauthorized", "The access token is invalid"
        ),
        MastodonSession,
        "en",
        step="announce",
        writing=False,
    )
    assert "token" in mastodon.message and "app password" not in mastodon.message
    sky = describe(
        UnauthorizedError(Response(False, 401, XrpcError(error="AuthenticationRequired", message=""), {})),
        BlueskySession,
        "en",
        step="announce",
        writing=False,
    )
    assert "app password" in sky.message and "token" not in sky.message


@pytest.mark.parametrize("bad", ["tok\u00e9n-1234", "tok en-1234", "token-1234\n", "“token-1234”"])
def test_a_token_no_server_can_take_is_a_bad_token(bad: str) -> None:
    with pytest.raises(ApplyError) as refused:
        check_token(bad, "fr")
    assert refused.value.kind is ErrorKind.INVALID_CREDENTIALS
    assert "injoignable" not in refused.value.message and "position" in refused.value.message
    check_token("a-Good_token.0123~+/=", "fr")


def test_a_host_outside_the_map_is_refused_in_the_runs_language() -> None:
    from quitx.apply.failures import refuse_host

    assert refuse_host("ailleurs.fr", "fr").message.endswith("rien n’a été envoyé")
    assert refuse_host("ailleurs.fr", "en").message.endswith("nothing was sent")
    assert refuse_host("ailleurs.fr").kind is ErrorKind.NETWORK
