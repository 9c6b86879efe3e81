"""atproto's client behind a small adapter: the session ``quitx apply`` (and the sector's lists)
write with on Bluesky, and what its errors mean (`BlueskySession.status_of`). The client comes from
`quitx.apply.bluesky_http` (to the account's own PDS only); atproto is imported when a session
opens, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..models import Platform
from .bluesky_http import DidPds, bluesky_client
from .failures import SdkFailure, plain_dict
from .rules import BlueskyIdentity

if TYPE_CHECKING:
    from ..config import Settings
    from ..secrets import Secret
    from .models import Language

__all__ = ["BlueskySession"]


class BlueskySession:
    """atproto's client for one run: logged in once, the repository read and written by DID."""

    platform: ClassVar[Platform] = Platform.BLUESKY
    last_headers: ClassVar[dict[str, str]] = {}  # atproto's client keeps no headers for a 429

    def __init__(
        self,
        settings: Settings,
        pds: str,
        login: str,
        password: Secret,
        language: Language = "en",
        *,
        resolve: Callable[[str], DidPds] | None = None,
    ) -> None:
        self.client: Any = bluesky_client(settings, pds, language, resolve=resolve)
        self.pds = pds
        self._login = login
        self._password = password
        self.me: BlueskyIdentity | None = None

    def close(self) -> None:
        self.client.request.close()

    def login(self) -> BlueskyIdentity:
        self.client.login(self._login, self._password.reveal(), fetch_bsky_profile=False)
        return self.whoami()

    def whoami(self) -> BlueskyIdentity:
        session = self.client.com.atproto.server.get_session()
        self.me = BlueskyIdentity(did=str(session.did), handle=str(session.handle))
        return self.me

    @property
    def did(self) -> str:
        if self.me is None:  # pragma: no cover - login() comes first
            raise RuntimeError("not logged in")
        return self.me.did

    def profile(self) -> tuple[dict[str, Any], str | None]:
        """The profile record as stored (every field), and its CID; an empty one if none yet."""
        from atproto.exceptions import BadRequestError

        try:
            got = self.client.com.atproto.repo.get_record(
                params={"repo": self.did, "collection": "app.bsky.actor.profile", "rkey": "self"}
            )
        except BadRequestError as exc:
            content = getattr(exc.response, "content", None)
            if getattr(content, "error", None) == "RecordNotFound":
                return {"$type": "app.bsky.actor.profile"}, None
            raise
        return plain_dict(got.value), str(got.cid) if got.cid else None

    def put_profile(self, record: Mapping[str, Any], swap: str | None) -> None:
        data: dict[str, Any] = {
            "repo": self.did,
            "collection": "app.bsky.actor.profile",
            "rkey": "self",
            "record": dict(record),
        }
        if swap:
            data["swapRecord"] = swap  # refused if the profile changed since it was read
        self.client.com.atproto.repo.put_record(data=data)

    def posts(self, pages: int = 2) -> list[tuple[str, dict[str, Any]]]:
        """(uri, record) of the account's newest posts, from its own repository (100 a page)."""
        return self.records("app.bsky.feed.post", pages)

    def create_post(self, record: Mapping[str, Any]) -> tuple[str, str]:
        return self.create_record("app.bsky.feed.post", record)

    def records(self, collection: str, pages: int = 100) -> list[tuple[str, dict[str, Any]]]:
        """(uri, record) of the records of ``collection`` in the account's own repository (100 a
        page; 10,000 at most by default: a sector's lists are far smaller)."""
        out: list[tuple[str, dict[str, Any]]] = []
        cursor: str | None = None
        for _ in range(pages):
            params: dict[str, Any] = {"repo": self.did, "collection": collection, "limit": 100}
            if cursor:
                params["cursor"] = cursor
            listed = self.client.com.atproto.repo.list_records(params=params)
            out += [(str(r.uri), plain_dict(r.value)) for r in listed.records]
            cursor = listed.cursor
            if not cursor or len(listed.records) < 100:
                break
        return out

    def create_record(self, collection: str, record: Mapping[str, Any]) -> tuple[str, str]:
        """Create a record in the account's own repository: (its at:// URI, its CID)."""
        created = self.client.com.atproto.repo.create_record(
            data={"repo": self.did, "collection": collection, "record": dict(record)}
        )
        return str(created.uri), str(created.cid)

    def served_domains(self) -> tuple[str, ...]:
        described = self.client.com.atproto.server.describe_server()
        return tuple(str(d).lower() for d in (described.available_user_domains or ()))

    def update_handle(self, handle: str) -> None:
        self.client.com.atproto.identity.update_handle(data={"handle": handle})

    @staticmethod
    def status_of(exc: BaseException) -> SdkFailure:
        """What an atproto exception says: the HTTP status, the service's words, transport or not."""
        from atproto.exceptions import (
            NetworkError,
            RateLimitExceededError,
            RequestErrorBase,
            UnauthorizedError,
        )

        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
        content = getattr(response, "content", None)
        code = getattr(content, "error", None) or ""
        message = getattr(content, "message", None) or ""
        detail = f"{code}: {message}".strip(": ")
        if isinstance(exc, RateLimitExceededError):
            return SdkFailure(429, detail, transport=False)
        if isinstance(exc, NetworkError) and response is None:
            return SdkFailure(None, "", transport=True, cause=type(exc).__name__)
        if isinstance(exc, UnauthorizedError):
            return SdkFailure(status or 401, detail, transport=False)
        if isinstance(exc, RequestErrorBase):
            return SdkFailure(status or 400, detail, transport=False)
        return SdkFailure(None, "", transport=False)
