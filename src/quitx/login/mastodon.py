"""Mastodon: OAuth (the code shown on the instance's approval page) or a token made by hand."""

from __future__ import annotations

from typing import Any

from pydantic import SecretStr

from ..apply.failures import refusal_in
from ..apply.mastodon_http import mastodon_client
from ..apply.mastodon_sdk import MastodonSession
from ..config import Settings
from ..errors import ApplyError, ErrorKind, InvalidReferenceError, LoginError
from ..handles import parse_ref
from ..i18n.messages import Lang, Language
from ..models import MastodonRef, Platform
from ..secrets import Secret, keyring_user
from . import wording as w
from .models import LoginResult, MastodonAuthorization
from .store import remember

__all__ = ["SCOPES", "mastodon_authorize", "mastodon_finish", "mastodon_token_login"]

# what `quitx apply` does and nothing more: read the profile and the posts, change the profile,
# post and pin the announcement
SCOPES = ("read:accounts", "read:statuses", "write:accounts", "write:statuses")
_OOB = "urn:ietf:wg:oauth:2.0:oob"
_WEBSITE = "https://pypi.org/project/quitx/"


def _account(text: str, lang: Lang) -> MastodonRef:
    try:
        ref = parse_ref(text if text.startswith("@") or "://" in text else f"@{text}")
    except InvalidReferenceError:
        ref = None
    if not isinstance(ref, MastodonRef):
        raise LoginError(ErrorKind.REFUSED, lang(w.NOT_AN_ACCOUNT, text=text), platform=Platform.MASTODON)
    return ref


def _failure(exc: Exception, host: str, lang: Lang) -> LoginError:
    """A Mastodon.py error as a login error: refused (4xx) or not reached (anything else)."""
    from mastodon.errors import (
        MastodonAPIError,
        MastodonIllegalArgumentError,
        MastodonNetworkError,
        MastodonUnauthorizedError,
    )

    refused = refusal_in(exc)
    if refused is not None:  # another host, refused before anything was sent there
        return LoginError(refused.kind, lang(w.NOT_STORED, why=refused.message), platform=Platform.MASTODON)
    why = type(exc).__name__
    if isinstance(exc, MastodonIllegalArgumentError):  # log_in: a code the server did not take
        return LoginError(
            ErrorKind.REFUSED, lang(w.REFUSED, host=host, why="code"), platform=Platform.MASTODON
        )
    if isinstance(exc, MastodonUnauthorizedError):
        return LoginError(
            ErrorKind.UNAUTHORIZED, lang(w.REFUSED, host=host, why="401"), platform=Platform.MASTODON
        )
    if isinstance(exc, MastodonAPIError) and not isinstance(exc, MastodonNetworkError):
        status = next((a for a in exc.args if isinstance(a, int)), None)
        if status is not None and status < 500:
            return LoginError(
                ErrorKind.REFUSED, lang(w.REFUSED, host=host, why=str(status)), platform=Platform.MASTODON
            )
        why = str(status) if status is not None else why
    return LoginError(ErrorKind.NETWORK, lang(w.UNREACHABLE, host=host, why=why), platform=Platform.MASTODON)


def _client(settings: Settings, host: str, lang: Lang, **kwargs: Any) -> tuple[Any, Any]:
    """Mastodon.py for ``host`` as apply opens it (`quitx.apply.mastodon_http`: every request to the
    instance only — the code and the app's secret go there, whatever endpoint its OAuth metadata
    names), and its session."""
    try:
        return mastodon_client(settings, host, lang.code, **kwargs)
    except ApplyError as exc:  # a host the settings do not allow: said before anything is sent
        raise LoginError(exc.kind, exc.message, platform=Platform.MASTODON) from None


def mastodon_authorize(host: str, *, settings: Settings, language: Language = "en") -> MastodonAuthorization:
    """Register quitx with ``host`` and give the page where the account's owner approves it."""
    from mastodon.errors import MastodonError

    from mastodon import Mastodon

    lang = Lang(language)
    host = host.strip().lower().lstrip("@").rstrip("/")
    mapped = settings.mapped_base(host)
    _, session = _client(settings, host, lang)
    try:
        client_id, client_secret = Mastodon.create_app(
            "quitx",
            scopes=list(SCOPES),
            redirect_uris=_OOB,
            website=_WEBSITE,
            api_base_url=f"https://{host}",
            request_timeout=settings.timeout,
            session=session,
            user_agent=settings.user_agent,
        )
        client, _ = _client(
            settings, host, lang, session=session, client_id=client_id, client_secret=client_secret
        )
        url = client.auth_request_url(
            redirect_uris=_OOB, scopes=list(SCOPES), force_login=True, lang=lang.code, allow_http=bool(mapped)
        )
    except (MastodonError, ApplyError) as exc:  # ApplyError: another host, refused
        raise _failure(exc, host, lang) from None
    finally:
        session.close()
    return MastodonAuthorization(
        host=host, client_id=client_id, client_secret=SecretStr(client_secret), url=url, scopes=SCOPES
    )


def mastodon_finish(
    authorization: MastodonAuthorization,
    code: str,
    *,
    settings: Settings,
    store: bool = True,
    language: Language = "en",
    account: str | None = None,
) -> LoginResult:
    """Turn the approval page's code into a token, see whose it is, and store it. With ``account``
    (``@user@host``), a token that opens another account is refused and nothing is stored (the
    page was approved while logged in as someone else)."""
    from mastodon.errors import MastodonError

    lang = Lang(language)
    host = authorization.host
    client, session = _client(
        settings,
        host,
        lang,
        client_id=authorization.client_id,
        client_secret=authorization.client_secret.get_secret_value(),
    )
    try:
        token = client.log_in(
            code=code.strip(),
            redirect_uri=authorization.redirect_uri,
            scopes=list(authorization.scopes),
            allow_http=settings.mapped_base(host) is not None,
        )
    except (MastodonError, ApplyError) as exc:  # ApplyError: another host, refused
        raise _failure(exc, host, lang) from None
    finally:
        session.close()
    user = _account(account, lang).username if account else None
    return _keep(settings, host, user, Secret(token), store, lang)


def mastodon_token_login(
    account: str, token: str, *, settings: Settings, store: bool = True, language: Language = "en"
) -> LoginResult:
    """Try a token made by hand on ``account``'s instance; store it if it opens that account."""
    lang = Lang(language)
    ref = _account(account, lang)
    return _keep(settings, ref.domain, ref.username, Secret(token.strip()), store, lang)


def _keep(
    settings: Settings, host: str, user: str | None, token: Secret, store: bool, lang: Lang
) -> LoginResult:
    from mastodon.errors import MastodonError

    try:
        session = MastodonSession(settings, host, token, lang.code)
    except ApplyError as exc:  # a token no server can accept: said before anything is sent
        raise LoginError(exc.kind, exc.message, platform=Platform.MASTODON) from None
    try:
        me = session.verify()
    except (MastodonError, ApplyError) as exc:  # ApplyError: another host, refused
        raise _failure(exc, host, lang) from None
    finally:
        session.close()
    opened = str(me.get("username") or me.get("acct") or "").split("@")[0]
    account = f"@{opened}@{host}"
    if not opened or (user is not None and opened.lower() != user.lower()):
        raise LoginError(
            ErrorKind.WRONG_ACCOUNT,
            lang(w.OTHER_ACCOUNT, opened=account, named=f"@{user}@{host}"),
            platform=Platform.MASTODON,
        )
    where = (
        remember(Platform.MASTODON, account, token.reveal(), lang)
        if store
        else keyring_user("mastodon", account)
    )
    return LoginResult(platform=Platform.MASTODON, account=account, keyring_user=where, stored=store)
