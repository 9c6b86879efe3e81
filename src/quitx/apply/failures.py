"""What an SDK failure means, said so that a person knows what happened and what to do.

`describe` turns an exception of either SDK into an `ApplyError` that says what is known — in
particular, a write that got no answer is *unknown*, never "nothing was changed". It reads the
exception through the session class's ``status_of`` (`SdkSession`), so it imports neither SDK
nor either adapter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping
from typing import Any, NamedTuple, Protocol

from ..errors import ApplyError, ErrorKind
from ..models import Platform
from .models import Language, t

__all__ = ["SdkFailure", "SdkSession", "describe", "plain_dict", "refuse_host", "retry_text"]


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


def refuse_host(host: str) -> ApplyError:
    return ApplyError(
        ErrorKind.NETWORK,
        f"{host} is neither in the host map nor on loopback (only_mapped_hosts): nothing was sent",
    )


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
    if isinstance(exc, ApplyError):
        return exc
    platform = sdk.platform
    name = platform.label
    if isinstance(exc, UnicodeError):  # a credential no HTTP header can carry
        return ApplyError(
            ErrorKind.INVALID_CREDENTIALS,
            t(
                language,
                f"un identifiant {name} contient un caractère qu’aucun identifiant n’a : le recopier. "
                "Rien n’a été envoyé.",
                f"a {name} credential holds a character no credential has: copy it again. Nothing was sent.",
            ),
        )
    status, detail, transport, why = sdk.status_of(exc)
    if transport:
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
