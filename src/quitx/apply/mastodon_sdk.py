"""Mastodon.py behind a small adapter: the session ``quitx apply`` (and the sector's lists) write
with, and what its errors mean (`MastodonSession.status_of`). The session is opened by
`quitx.apply.mastodon_http` (every request to the instance only); Mastodon.py and requests are
imported when a session opens, never at import time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import ApplyError, ErrorKind
from ..i18n import Lang
from ..models import Platform
from . import wording as W
from .failures import SdkFailure
from .mastodon_http import mastodon_client, one_host_session
from .models import Language

if TYPE_CHECKING:
    from ..config import Settings
    from ..secrets import Secret

__all__ = ["MastodonSession", "check_token"]

_PAGE = 40  # Mastodon's largest page of statuses


def check_token(token: str, language: Language) -> None:
    """A Mastodon token goes in an HTTP header: a character no token has makes it a bad token."""
    for position, ch in enumerate(token, start=1):
        if not ch.isascii() or not ch.isprintable() or ch.isspace():
            what = (
                Lang(language)(W.NON_ASCII_CHARACTER)
                if not ch.isascii()
                else Lang(language)(W.SPACE_CONTROL_CHARACTER)
            )
            raise ApplyError(
                ErrorKind.INVALID_CREDENTIALS,
                Lang(language)(W.MASTODON_TOKEN_HOLDS_POSITION_NOT, what=what, position=str(position)),
            )


class MastodonSession:
    """Mastodon.py for one run: the token's account, its statuses, the writes."""

    platform: ClassVar[Platform] = Platform.MASTODON

    def __init__(self, settings: Settings, host: str, token: Secret, language: Language) -> None:
        check_token(token.reveal(), language)
        session = one_host_session(settings, host, language)
        self.last_headers: dict[str, str] = {}

        def remember(response: Any, *args: Any, **kwargs: Any) -> Any:
            self.last_headers = {k.lower(): v for k, v in response.headers.items()}
            return response

        session.hooks["response"].append(remember)
        self.session = session
        self.host = host
        self.client: Any
        self.client, _ = mastodon_client(
            settings, host, language, session=session, access_token=token.reveal(), ratelimit_method="throw"
        )

    def close(self) -> None:
        self.session.close()

    def verify(self) -> dict[str, Any]:
        return dict(self.client.account_verify_credentials())

    def update(self, **changes: Any) -> dict[str, Any]:
        return dict(self.client.account_update_credentials(**changes))

    def statuses(self, account_id: str, *, pinned: bool = False, pages: int = 1) -> list[dict[str, Any]]:
        """The account's newest statuses (``pages`` of 40), or its pinned ones."""
        out: list[dict[str, Any]] = []
        max_id: Any = None
        for _ in range(pages):
            page = self.client.account_statuses(
                account_id, pinned=pinned, exclude_reblogs=True, limit=_PAGE, max_id=max_id
            )
            out += [dict(s) for s in page]
            if pinned or len(page) < _PAGE:
                break
            max_id = page[-1]["id"]
        return out

    def status(self, status_id: str) -> dict[str, Any]:
        return dict(self.client.status(status_id))

    def post(self, text: str, language: str, idempotency_key: str) -> dict[str, Any]:
        return dict(
            self.client.status_post(
                text, visibility="public", language=language, idempotency_key=idempotency_key
            )
        )

    def pin(self, status_id: str) -> dict[str, Any]:
        return dict(self.client.status_pin(status_id))

    # --- lists (the sector's list on the institution's account) ---------------------------------------

    def lists(self) -> list[dict[str, Any]]:
        return [dict(x) for x in self.client.lists()]

    def list_members(self, list_id: str) -> set[str]:
        """The ids of the accounts in a list (every page)."""
        first = self.client.list_accounts(list_id, limit=80)
        return {str(a["id"]) for a in self.client.fetch_remaining(first)}

    def create_list(self, title: str) -> dict[str, Any]:
        return dict(self.client.list_create(title, replies_policy="list"))

    def add_to_list(self, list_id: str, account_id: str) -> None:
        self.client.list_accounts_add(list_id, [account_id])

    def find_account(self, acct: str, own_domains: set[str]) -> dict[str, Any] | None:
        """The account ``user@domain`` as this server knows it (lookup, then a resolving search), or
        None: an account is never guessed — only one whose ``acct`` is exactly the one asked."""
        from mastodon import MastodonNotFoundError

        user, _, domain = acct.partition("@")
        local = domain.lower() in own_domains
        wanted = {acct.lower()} | ({user.lower()} if local else set())
        tries: list[Any] = [lambda: [self.client.account_lookup(acct)]]
        if local:
            tries.append(lambda: [self.client.account_lookup(user)])
        tries.append(lambda: self.client.account_search(acct, resolve=True, limit=5))
        for attempt in tries:
            try:
                found = attempt()
            except MastodonNotFoundError:  # not known there; anything else is said by the caller
                continue
            for account in found or []:
                if str(account.get("acct", "")).lower() in wanted:
                    return dict(account)
        return None

    def relationships(self, account_ids: list[str]) -> dict[str, dict[str, Any]]:
        if not account_ids:
            return {}
        return {str(r["id"]): dict(r) for r in self.client.account_relationships(account_ids)}

    def follow(self, account_id: str) -> dict[str, Any]:
        """Follow (boosts shown, no notification): the relationship after it."""
        return dict(self.client.account_follow(account_id, reblogs=True, notify=False))

    @staticmethod
    def status_of(exc: BaseException) -> SdkFailure:
        """What a Mastodon.py exception says: the HTTP status, the server's words, transport or not."""
        from mastodon.errors import (
            MastodonAPIError,
            MastodonNetworkError,
            MastodonRatelimitError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        if isinstance(exc, MastodonRatelimitError):
            return SdkFailure(429, "", transport=False)
        if isinstance(exc, MastodonNetworkError):  # its cause (a timeout, a refusal) is the context
            return SdkFailure(None, "", transport=True, cause=type(exc.__context__ or exc).__name__)
        if isinstance(exc, MastodonAPIError):
            args = exc.args
            status = args[1] if len(args) > 1 and isinstance(args[1], int) else None
            detail = str(args[3]) if len(args) > 3 and args[3] else ""
            if isinstance(exc, MastodonUnauthorizedError):
                status = 401
            elif isinstance(exc, MastodonServerError) and status is None:
                status = 500
            return SdkFailure(status, detail, transport=False)
        return SdkFailure(None, "", transport=False)
