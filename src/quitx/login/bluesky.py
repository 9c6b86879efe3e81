"""Bluesky: an app password, tried on the account's own PDS."""

from __future__ import annotations

import base64
import json

from .._sync import run_sync
from ..config import Settings
from ..errors import ErrorKind, LoginError
from ..i18n.messages import Lang, Language
from ..models import BlueskyRef, Platform, Verdict
from ..probes.bluesky_identity import Identity, identify
from ..secrets import Secret, keyring_user
from . import wording as w
from .models import LoginResult
from .store import remember

__all__ = ["bluesky_login", "token_scope"]

# the scope a PDS writes in the access token of a session opened with the main password
_MAIN_PASSWORD_SCOPE = "com.atproto.access"  # noqa: S105 - a scope name, not a password


def token_scope(jwt: str) -> str | None:
    """The ``scope`` claim of an access token, read (not verified: the token is the PDS's own answer
    to this request, and only says which kind of password opened the session)."""
    try:
        payload = jwt.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None
    scope = claims.get("scope") if isinstance(claims, dict) else None
    return scope if isinstance(scope, str) else None


def bluesky_login(
    handle: str, app_password: str, *, settings: Settings, store: bool = True, language: Language = "en"
) -> LoginResult:
    """Find ``handle``'s PDS as the check does (DID document, both directions verified), open a
    session there with ``app_password``, refuse a main password, and store it."""
    lang = Lang(language)
    handle = handle.strip().lstrip("@").lower()
    identity = run_sync(_identify(settings, handle))
    account = identity.account
    if identity.verdict is not Verdict.PRESENT or account is None or not account.pds:
        raise LoginError(
            ErrorKind.NETWORK if identity.verdict is Verdict.UNKNOWN else ErrorKind.REFUSED,
            lang(w.NO_PDS, handle=handle, why=identity.detail or identity.reason.value),
            platform=Platform.BLUESKY,
        )
    # the password opens the account proven above, named by its DID: a PDS that resolved the handle
    # otherwise (a handle that moved meanwhile) cannot hand over another account's session
    opened_did, opened_handle, scope = _open(
        settings, account.pds, account.did, Secret(app_password.strip()), lang
    )
    if opened_did != account.did:
        raise LoginError(
            ErrorKind.WRONG_ACCOUNT,
            lang(w.OTHER_DID, opened=opened_handle or opened_did, named=handle, did=account.did),
            platform=Platform.BLUESKY,
        )
    if scope == _MAIN_PASSWORD_SCOPE:
        raise LoginError(ErrorKind.REFUSED, lang(w.MAIN_PASSWORD), platform=Platform.BLUESKY)
    where = (
        remember(Platform.BLUESKY, handle, app_password.strip(), lang)
        if store
        else keyring_user("bluesky", handle)
    )
    return LoginResult(
        platform=Platform.BLUESKY, account=handle, did=account.did, keyring_user=where, stored=store
    )


async def _identify(settings: Settings, handle: str) -> Identity:
    """The account's identity as the check proves it: handle -> DID -> DID document -> handle, and
    the PDS the document names (no AppView: a new account has no profile there yet)."""
    from ..lookup import Prober

    async with Prober(settings) as prober:
        return await identify(prober.engine, BlueskyRef(handle=handle))


def _open(
    settings: Settings, pds: str, did: str, password: Secret, lang: Lang
) -> tuple[str, str, str | None]:
    """Log in on the PDS as ``did``: (the DID, the handle, the access token's scope)."""
    from urllib.parse import urlsplit

    from atproto.exceptions import AtProtocolError, NetworkError, UnauthorizedError

    from ..apply.bluesky_sdk import BlueskySession
    from ..errors import ApplyError

    host = urlsplit(pds).hostname or pds
    try:
        session = BlueskySession(settings, pds, did, password, lang.code)
    except ApplyError as exc:  # a host the settings do not allow: said before anything is sent
        raise LoginError(exc.kind, exc.message, platform=Platform.BLUESKY) from None
    try:
        me = session.login()
        jwt = getattr(getattr(session.client, "_session", None), "access_jwt", "") or ""
    except ApplyError as exc:  # another host (a redirect, a session answer): refused, nothing sent there
        raise LoginError(exc.kind, lang(w.NOT_STORED, why=exc.message), platform=Platform.BLUESKY) from None
    except UnauthorizedError:
        raise LoginError(
            ErrorKind.UNAUTHORIZED, lang(w.REFUSED, host=host, why="401"), platform=Platform.BLUESKY
        ) from None
    except NetworkError as exc:
        raise LoginError(
            ErrorKind.NETWORK,
            lang(w.UNREACHABLE, host=host, why=type(exc).__name__),
            platform=Platform.BLUESKY,
        ) from None
    except AtProtocolError as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        kind = ErrorKind.REFUSED if isinstance(status, int) and status < 500 else ErrorKind.NETWORK
        message = w.REFUSED if kind is ErrorKind.REFUSED else w.UNREACHABLE
        raise LoginError(
            kind, lang(message, host=host, why=str(status or type(exc).__name__)), platform=Platform.BLUESKY
        ) from None
    finally:
        session.close()
    return me.did, me.handle, token_scope(jwt)
