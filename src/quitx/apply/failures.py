"""The two SDKs ``quitx apply`` writes with, behind small adapters, and what their errors mean.

`MastodonSession` wraps Mastodon.py, `BlueskySession` atproto's client: one logged-in client per
run, plain dicts out, the host map and timeouts of the settings in. `describe` turns an SDK
exception into an `ApplyError` that says what is known — in particular, a write that got no
answer is *unknown*, never "nothing was changed". The SDKs are imported when a session opens.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..models import Platform
from .models import ApplyError, ErrorKind, Language, t
from .rules import BlueskyIdentity

if TYPE_CHECKING:
    from ..config import Settings
    from ..secrets import Secret

__all__ = ["BlueskySession", "MastodonSession", "check_token", "describe", "retry_text"]

_PAGE = 40  # Mastodon's largest page of statuses


def _plain_dict(value: Any) -> dict[str, Any]:
    """An SDK model, a DotDict or a mapping as a plain JSON-like dict."""
    if hasattr(value, "model_dump"):
        dumped = value.model_dump(mode="json", by_alias=True, exclude_none=True)
        return dict(dumped)
    if hasattr(value, "to_dict"):
        return dict(value.to_dict())
    return dict(value) if isinstance(value, Mapping) else {}


def _refuse_host(host: str) -> ApplyError:
    return ApplyError(
        ErrorKind.NETWORK,
        f"{host} is neither in the host map nor on loopback (only_mapped_hosts): nothing was sent",
    )


def check_token(token: str, language: Language) -> None:
    """A Mastodon token goes in an HTTP header: a character no token has makes it a bad token."""
    for position, ch in enumerate(token, start=1):
        if not ch.isascii() or not ch.isprintable() or ch.isspace():
            what = (
                t(language, "un caractère non ASCII", "a non-ASCII character")
                if not ch.isascii()
                else t(language, "une espace ou un caractère de contrôle", "a space or a control character")
            )
            raise ApplyError(
                ErrorKind.INVALID_CREDENTIALS,
                t(
                    language,
                    f"le jeton Mastodon contient {what} (position {position}) : ce n’est pas un jeton valide "
                    "(copié avec un guillemet typographique ou une espace ?). Le recopier depuis "
                    "Préférences → "
                    "Développement → l’application. Rien n’a été envoyé.",
                    f"the Mastodon token holds {what} (position {position}): it is not a valid token (copied "
                    "with a typographic quote or a space?). Copy it again from Preferences → Development → "
                    "the "
                    "application. Nothing was sent.",
                ),
            )


class MastodonSession:
    """Mastodon.py for one run: the token's account, its statuses, the writes."""

    def __init__(self, settings: Settings, host: str, token: Secret, language: Language) -> None:
        check_token(token.reveal(), language)
        if not settings.allows(host):
            raise _refuse_host(host)
        import requests

        from mastodon import Mastodon

        mapped = settings.mapped_base(host)
        session = requests.Session()
        session.headers["User-Agent"] = settings.user_agent
        if mapped:
            session.headers["Host"] = host
        self.last_headers: dict[str, str] = {}

        def remember(response: Any, *args: Any, **kwargs: Any) -> Any:
            self.last_headers = {k.lower(): v for k, v in response.headers.items()}
            return response

        session.hooks["response"].append(remember)
        self.session = session
        self.host = host
        self.client: Any = Mastodon(
            api_base_url=mapped or f"https://{host}",
            access_token=token.reveal(),
            request_timeout=settings.timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            session=session,
            user_agent=settings.user_agent,
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


class BlueskySession:
    """atproto's client for one run: logged in once, the repository read and written by DID."""

    def __init__(self, settings: Settings, pds: str, login: str, password: Secret) -> None:
        from urllib.parse import urlsplit

        from atproto import Client, Request

        host = urlsplit(pds).hostname or ""
        if not settings.allows(host):
            raise _refuse_host(host)
        mapped = settings.mapped_base(host)
        headers = {"User-Agent": settings.user_agent}
        if mapped:
            headers["Host"] = host
        self.client: Any = Client(
            base_url=mapped or pds, request=Request(timeout=settings.timeout, headers=headers)
        )
        self.pds = pds
        self._login = login
        self._password = password
        self.me: BlueskyIdentity | None = None

    def close(self) -> None:
        inner = getattr(self.client.request, "_client", None)
        if inner is not None:
            inner.close()

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
        return _plain_dict(got.value), str(got.cid) if got.cid else None

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
        out: list[tuple[str, dict[str, Any]]] = []
        cursor: str | None = None
        for _ in range(pages):
            params: dict[str, Any] = {"repo": self.did, "collection": "app.bsky.feed.post", "limit": 100}
            if cursor:
                params["cursor"] = cursor
            listed = self.client.com.atproto.repo.list_records(params=params)
            out += [(str(r.uri), _plain_dict(r.value)) for r in listed.records]
            cursor = listed.cursor
            if not cursor or len(listed.records) < 100:
                break
        return out

    def create_post(self, record: Mapping[str, Any]) -> tuple[str, str]:
        created = self.client.com.atproto.repo.create_record(
            data={"repo": self.did, "collection": "app.bsky.feed.post", "record": dict(record)}
        )
        return str(created.uri), str(created.cid)

    def served_domains(self) -> tuple[str, ...]:
        described = self.client.com.atproto.server.describe_server()
        return tuple(str(d).lower() for d in (described.available_user_domains or ()))

    def update_handle(self, handle: str) -> None:
        self.client.com.atproto.identity.update_handle(data={"handle": handle})


# --- what an error means -------------------------------------------------------------------------------


def retry_text(seconds: float | None, language: Language) -> str:
    """ "try again after 14:05 UTC (in 5 min)", or "try again later" when the server did not say."""
    if seconds is None:
        return t(language, "réessayer plus tard", "try again later")
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    minutes = max(1, round(seconds / 60))
    if language == "fr":
        return f"réessayer après {when:%H} h {when:%M} UTC (dans {minutes} min)"
    return f"try again after {when:%H:%M} UTC (in {minutes} min)"


def _retry_after(headers: Mapping[str, str] | None) -> float | None:
    if not headers:
        return None
    from .._http import parse_reset

    return parse_reset({k.lower(): v for k, v in headers.items()}, time.time())


def _reached_server(exc: BaseException) -> bool:
    """Whether a transport failure may have come after the request was sent (a read timeout, a
    dropped connection), as opposed to a connection that never opened."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        name = type(cause).__name__
        if name in ("ConnectTimeout", "ConnectError", "NewConnectionError", "NameResolutionError"):
            return False
        if "Failed to establish a new connection" in str(cause) or "Connection refused" in str(cause):
            return False
        cause = cause.__cause__ or cause.__context__
    return True


def _unknown(name: str, why: str, step: str, language: Language) -> ApplyError:
    return ApplyError(
        ErrorKind.UNKNOWN_OUTCOME,
        t(
            language,
            f"{name} n’a pas répondu ({why}) : la modification a pu être faite ou non — résultat inconnu, "
            f"vérifier le profil. Pour le voir : relancer « quitx apply {step} » sans --yes (la simulation "
            "relit le compte et dit si l’étape est faite) ; relancer avec --yes ne refait pas ce qui est "
            "fait.",
            f"{name} did not answer ({why}): the change may or may not have been made — unknown, check the "
            f'profile. To see it: run "quitx apply {step}" again without --yes (the dry run reads the '
            "account "
            "and says whether the step is done); running it again with --yes does not redo what is done.",
        ),
    )


def describe(
    exc: BaseException,
    platform: Platform,
    language: Language,
    *,
    step: str,
    writing: bool,
    headers: Mapping[str, str] | None = None,
) -> ApplyError:
    """An SDK failure as a message that says what is known (French/English), with no secret in it;
    the error names its ``platform``.

    ``writing``: the failure came from a request that changes something; a missing answer is then
    *unknown*, not "nothing changed". ``headers``: the last response's, for a 429's retry time.
    """
    error = _describe(exc, platform, language, step=step, writing=writing, headers=headers)
    if error.platform is None:
        error.platform = platform
    return error


def _describe(
    exc: BaseException,
    platform: Platform,
    language: Language,
    *,
    step: str,
    writing: bool,
    headers: Mapping[str, str] | None,
) -> ApplyError:
    if isinstance(exc, ApplyError):
        return exc
    name = platform.label
    status, detail, transport = _status_of(exc, platform)
    if transport:
        if isinstance(exc, UnicodeError):
            return ApplyError(
                ErrorKind.INVALID_CREDENTIALS,
                t(
                    language,
                    f"un identifiant {name} contient un caractère qu’aucun identifiant n’a : le recopier. "
                    "Rien n’a été envoyé.",
                    f"a {name} credential holds a character no credential has: copy it again. Nothing was "
                    "sent.",
                ),
            )
        why = type(exc.__context__ or exc).__name__ if platform is Platform.MASTODON else type(exc).__name__
        if writing and _reached_server(exc):
            return _unknown(name, why, step, language)
        return ApplyError(
            ErrorKind.NETWORK,
            t(
                language,
                f"{name} injoignable ({why}) : rien n’a été envoyé ; réessayer plus tard",
                f"could not reach {name} ({why}): nothing was sent; try again later",
            ),
        )
    suffix = f" ({detail})" if detail else ""
    if status == 401 and platform is Platform.MASTODON:
        return ApplyError(
            ErrorKind.UNAUTHORIZED,
            t(
                language,
                f"Mastodon refuse le jeton (401){suffix} : il est faux, expiré ou révoqué ; en créer un "
                "nouveau "
                "(Préférences → Développement → l’application) et le donner dans QUITX_MASTODON_TOKEN ou le "
                "trousseau. Rien n’a été modifié.",
                f"Mastodon refused the token (401){suffix}: it is wrong, expired or revoked; create a new "
                "one "
                "(Preferences → Development → the application) and give it in QUITX_MASTODON_TOKEN or the "
                "keyring. Nothing was changed.",
            ),
        )
    if status == 401:
        return ApplyError(
            ErrorKind.UNAUTHORIZED,
            t(
                language,
                f"Bluesky refuse le pseudo ou le mot de passe d’application (401){suffix} : faux ou révoqué "
                "; en "
                "créer un (Paramètres → Confidentialité et sécurité → Mots de passe d’application). "
                "Rien n’a été modifié.",
                f"Bluesky refused the handle or app password (401){suffix}: wrong or revoked; create one "
                "(Settings → Privacy and security → App passwords). Nothing was changed.",
            ),
        )
    if status == 403:
        need = t(
            language,
            "le jeton n’a pas les droits nécessaires (write:accounts et write:statuses)",
            "the token lacks the scope it needs (write:accounts and write:statuses)",
        )
        if platform is Platform.BLUESKY:
            need = t(
                language,
                "un mot de passe d’application ne peut pas tout faire",
                "an app password cannot do everything",
            )
        return ApplyError(
            ErrorKind.FORBIDDEN,
            t(
                language,
                f"{name} refuse cette action (403){suffix} : {need}. Rien n’a été modifié.",
                f"{name} refused this action (403){suffix}: {need}. Nothing was changed.",
            ),
        )
    if status == 429:
        wait = _retry_after(headers)
        return ApplyError(
            ErrorKind.RATE_LIMITED,
            t(
                language,
                f"{name} limite le nombre de requêtes (429) : {retry_text(wait, language)}. Rien n’a été "
                "modifié.",
                f"{name} is rate limiting (429): {retry_text(wait, language)}. Nothing was changed.",
            ),
            retry_after=wait,
        )
    if status is not None and status >= 500:
        if writing:
            return _unknown(name, f"{status}{suffix}", step, language)
        return ApplyError(
            ErrorKind.SERVER,
            t(
                language,
                f"erreur du serveur {name} ({status}){suffix} : rien n’a été envoyé ; réessayer plus tard",
                f"{name} server error ({status}){suffix}: nothing was sent; try again later",
            ),
        )
    if status == 400 and platform is Platform.BLUESKY and detail.startswith("HandleNotAvailable"):
        return ApplyError(
            ErrorKind.HANDLE_TAKEN,
            t(
                language,
                f"le pseudo est déjà pris par un autre compte ({detail}) : rien n’a été modifié",
                f"the handle is already taken by another account ({detail}): nothing was changed",
            ),
        )
    if status is not None:
        return ApplyError(
            ErrorKind.REFUSED,
            t(
                language,
                f"{name} refuse la modification ({status}){suffix}. Rien n’a été modifié.",
                f"{name} refused the change ({status}){suffix}. Nothing was changed.",
            ),
        )
    return ApplyError(ErrorKind.SERVER, f"{name}: {type(exc).__name__}: {exc}")


def _status_of(exc: BaseException, platform: Platform) -> tuple[int | None, str, bool]:
    """(HTTP status, the service's own words, is it a transport failure) of an SDK exception."""
    if isinstance(exc, UnicodeError):
        return None, "", True
    if platform is Platform.MASTODON:
        from mastodon.errors import (
            MastodonAPIError,
            MastodonNetworkError,
            MastodonRatelimitError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        if isinstance(exc, MastodonRatelimitError):
            return 429, "", False
        if isinstance(exc, MastodonNetworkError):
            return None, "", True
        if isinstance(exc, MastodonAPIError):
            args = exc.args
            status = args[1] if len(args) > 1 and isinstance(args[1], int) else None
            detail = str(args[3]) if len(args) > 3 and args[3] else ""
            if isinstance(exc, MastodonUnauthorizedError):
                status = 401
            elif isinstance(exc, MastodonServerError) and status is None:
                status = 500
            return status, detail, False
        return None, "", False
    from atproto.exceptions import NetworkError, RateLimitExceededError, RequestErrorBase, UnauthorizedError

    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None)
    content = getattr(response, "content", None)
    code = getattr(content, "error", None) or ""
    message = getattr(content, "message", None) or ""
    detail = f"{code}: {message}".strip(": ")
    if isinstance(exc, RateLimitExceededError):
        return 429, detail, False
    if isinstance(exc, NetworkError) and response is None:
        return None, "", True
    if isinstance(exc, UnauthorizedError):
        return status or 401, detail, False
    if isinstance(exc, RequestErrorBase):
        return status or 400, detail, False
    return None, "", False
