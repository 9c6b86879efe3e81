"""``quitx apply``: carry out the plan steps an API can do, with the institution's own accounts.

What it can do (step ids; the first three are the plan's own)::

    mastodon-verification   add or update the "Site web"/"Website" profile field (https://<domain>),
                            keeping the other fields; then re-check the account and report verified_at
    announce                post the plan's announcement on Mastodon (and pin it) and on Bluesky
    bluesky-domain-handle   switch the Bluesky handle to the institution's domain, once the DNS TXT
                            record _atproto.<domain> or https://<domain>/.well-known/atproto-did
                            names the account's DID (checked first; what is missing is explained)
    mastodon-profile        display name (the institution's name) and, when empty, a bio
    bluesky-profile         the same on Bluesky, keeping every other field of the profile (avatar…)

Rules: a dry run (the default) makes no request at all and returns exactly what would be sent; a
real run reads first, checks, and writes last, so that a refused check or a service error leaves the
account as it was; every change is reported before and after; nothing is ever deleted. Credentials
come from `quitx.secrets` and never appear in results, errors or logs.

The SDKs (Mastodon.py, atproto) are imported when a real run needs them, never at import time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import html
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from ._apply_cli import STEPS, add_apply_command
from ._inert import inert, inert_block
from ._sync import run_sync
from .errors import QuitxError
from .models import (
    BlueskyAccount,
    BlueskyRef,
    Confidence,
    FoundAccount,
    Institution,
    MastodonAccount,
    MastodonRef,
    Platform,
    Report,
    Verdict,
    links_to,
)
from .secrets import Credentials, MaskingFilter, load_credentials

if TYPE_CHECKING:
    from .config import Settings
    from .plan import MigrationPlan

__all__ = [
    "EXIT_FAILED",
    "STEPS",
    "ApplyAction",
    "ApplyError",
    "ApplyResult",
    "ErrorKind",
    "add_apply_command",
    "apply_steps",
    "apply_steps_sync",
    "mark_plan",
    "plan_actions",
    "run_apply",
]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 5

ENV_MASTODON_INSTANCE = "QUITX_MASTODON_INSTANCE"  # where the token's account lives, without a report account
ENV_BLUESKY_PDS = "QUITX_BLUESKY_PDS"  # the PDS to log in to, without a report account
DEFAULT_PDS = "https://bsky.social"
MASTODON_MAX_FIELDS = 4
BLUESKY_MAX_GRAPHEMES = 300
_RECENT = 20  # posts read back to avoid posting the same announcement twice

_FIELD_NAMES = ("site web", "website", "site", "web")
_OWNED = (Confidence.VERIFIED, Confidence.LINKED)
_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)

_log = logging.getLogger(__name__)
T = TypeVar("T")
Language = Literal["fr", "en"]
Operation = Literal["profile-field", "profile", "post", "pin", "handle"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ErrorKind(StrEnum):
    MISSING_CREDENTIALS = "missing_credentials"
    UNAUTHORIZED = "unauthorized"  # 401: bad, expired or revoked token / password
    FORBIDDEN = "forbidden"  # 403: the token or app password lacks the scope
    RATE_LIMITED = "rate_limited"  # 429
    HANDLE_TAKEN = "handle_taken"
    REFUSED = "refused"  # 400/422: the service refused the change (invalid value…)
    NETWORK = "network"  # timeout, refused connection, DNS, TLS
    SERVER = "server"  # 5xx
    PRECONDITION = "precondition"  # a check before writing failed (DNS record missing, 4 fields…)
    WRONG_ACCOUNT = "wrong_account"  # the credentials belong to another account than the report's
    NOT_APPLICABLE = "not_applicable"  # nothing to act on (no domain, no account…)


class ApplyError(QuitxError):
    """A step could not be carried out; ``message`` says why and what to do (never a secret)."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        self.kind = kind
        self.message = message
        super().__init__(message)


class ApplyUsageError(QuitxError, ValueError):
    """Steps that apply does not know, or arguments that do not fit together."""


class ApplyAction(_Frozen):
    """One request apply sends (or would send): to whom, what, and the text of it."""

    step: str  # the step id asked for
    platform: Platform
    operation: Operation
    account: str | None  # the account acted on, as far as known before the run
    method: str  # "PATCH", "POST", or the XRPC procedure for Bluesky
    endpoint: str  # the URL the request goes to
    payload: str  # what is sent, as readable text (never a credential)


class ApplyResult(_Frozen):
    action: ApplyAction
    dry_run: bool
    done: bool  # the action is in effect (written now, or already so)
    changed: bool = False  # something was written during this run
    before: str | None = None
    after: str | None = None
    verified: bool | None = None  # the re-check afterwards confirms it (None: not checked)
    evidence: tuple[str, ...] = ()
    note: str | None = None  # what is left to do, in words
    error: str | None = None
    error_kind: ErrorKind | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _done(
    action: ApplyAction,
    *,
    before: str | None,
    after: str | None,
    verified: bool | None,
    evidence: Sequence[str],
    changed: bool = False,
    note: str | None = None,
) -> ApplyResult:
    """A step in effect after a real run: written now (``changed``) or found already so."""
    return ApplyResult(
        action=action,
        dry_run=False,
        done=True,
        changed=changed,
        before=before,
        after=after,
        verified=verified,
        evidence=tuple(evidence),
        note=note,
    )


# --- what the report and the plan say -------------------------------------------------------------------


def _rank(found: FoundAccount) -> int:
    return 0 if found.confidence is Confidence.VERIFIED else 1


def _own(report: Report | None, platform: Platform) -> FoundAccount | None:
    if report is None:
        return None
    owned = [a for a in report.accounts if a.platform is platform and a.confidence in _OWNED]
    return min(owned, key=_rank) if owned else None


def _plain(value: str | None) -> str:
    """Mastodon's HTML (notes, field values) as the plain text one types."""
    if not value:
        return ""
    text = _BR.sub("\n", value)
    return html.unescape(_TAG.sub("", text)).strip()


def _t(language: Language, fr: str, en: str) -> str:
    return fr if language == "fr" else en


@dataclass
class _Context:
    report: Report | None
    institution: Institution
    plan: MigrationPlan
    settings: Settings
    language: Language
    environ: Mapping[str, str]
    mastodon: MastodonAccount | None = None
    bluesky: BlueskyAccount | None = None

    def __post_init__(self) -> None:
        m = _own(self.report, Platform.MASTODON)
        b = _own(self.report, Platform.BLUESKY)
        self.mastodon = m.account if m and isinstance(m.account, MastodonAccount) else None
        self.bluesky = b.account if b and isinstance(b.account, BlueskyAccount) else None

    def t(self, fr: str, en: str) -> str:
        return _t(self.language, fr, en)

    @property
    def domain(self) -> str | None:
        return self.institution.domain

    @property
    def site(self) -> str | None:
        return f"https://{self.domain}" if self.domain else None

    @property
    def field_name(self) -> str:
        return self.t("Site web", "Website")

    @property
    def mastodon_host(self) -> str | None:
        if self.mastodon is not None:
            return self.mastodon.web_host
        return self.environ.get(ENV_MASTODON_INSTANCE, "").strip().lower() or None

    @property
    def mastodon_label(self) -> str | None:
        return self.mastodon.handle if self.mastodon else None

    @property
    def bluesky_label(self) -> str | None:
        if self.bluesky is None:
            return None
        return f"@{self.bluesky.handle}" if self.bluesky.handle else self.bluesky.did

    @property
    def pds(self) -> str:
        if self.bluesky is not None and self.bluesky.pds:
            return self.bluesky.pds.rstrip("/")
        return (self.environ.get(ENV_BLUESKY_PDS, "").strip() or DEFAULT_PDS).rstrip("/")

    def mastodon_url(self, path: str) -> str:
        return f"https://{self.mastodon_host or '<instance>'}{path}"

    def pds_url(self, nsid: str) -> str:
        return f"{self.pds}/xrpc/{nsid}"

    def announcement(self) -> str:
        step = self.plan.step("announce")
        for artifact in step.artifacts:
            if artifact.kind == "post":
                return artifact.content
        raise ApplyError(ErrorKind.NOT_APPLICABLE, "the plan has no announcement")  # pragma: no cover

    def display_name(self) -> str:
        return self.institution.name

    def bio(self) -> str:
        site = f" {self.site}" if self.site else ""
        return self.t(
            f"Compte officiel de {self.institution.name}.{site}",
            f"Official account of {self.institution.name}.{site}",
        )


# --- the actions, from the report alone (no request) -----------------------------------------------------


def _field_pairs(ctx: _Context, current: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], str]:
    """The fields to send: the current ones with the website field added or updated.

    Returns (fields, what) where ``what`` is "present", "add" (a new field, the others kept) or
    "update" (the profile is full and has a "Site web"/"Website" field: its value is replaced, and
    the old one shown in "before"); raises when the profile is full and none is the website's."""
    site = ctx.site or ""
    fields = [(name, value) for name, value in current]
    for _name, value in fields:
        if links_to(value, ctx.domain or ""):
            return fields, "present"
    if len(fields) < MASTODON_MAX_FIELDS:  # room left: add, and keep every field as it is
        fields.append((ctx.field_name, site))
        return fields, "add"
    for i, (name, _value) in enumerate(fields):  # full: only a field already meant for the website
        if name.strip().lower() in _FIELD_NAMES:
            fields[i] = (name, site)
            return fields, "update"
    if len(fields) >= MASTODON_MAX_FIELDS:
        listed = "; ".join(f"{n} = {v}" for n, v in fields)
        raise ApplyError(
            ErrorKind.PRECONDITION,
            ctx.t(
                f"le profil a déjà {len(fields)} champs, le maximum de Mastodon ({listed}) : libérer un "
                f"champ (Modifier le profil → Champs supplémentaires) puis relancer. Rien n’a été modifié.",
                f"the profile already has {len(fields)} fields, Mastodon's maximum ({listed}): free one "
                "(Edit profile → Extra fields), then run again. Nothing was changed.",
            ),
        )
    fields.append((ctx.field_name, site))
    return fields, "add"


def _fields_text(fields: Sequence[tuple[str, str]]) -> str:
    return "\n".join(
        f"fields_attributes[{i}][name]={n}\nfields_attributes[{i}][value]={v}"
        for i, (n, v) in enumerate(fields)
    )


def _show_fields(fields: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{n} = {v}" for n, v in fields) or "(no field)"


def _report_fields(ctx: _Context) -> list[tuple[str, str]]:
    return [(f.name, _plain(f.value)) for f in ctx.mastodon.fields] if ctx.mastodon else []


def _mastodon_profile_changes(ctx: _Context, display_name: str | None, note: str | None) -> dict[str, str]:
    changes: dict[str, str] = {}
    if (display_name or "").strip() != ctx.display_name():
        changes["display_name"] = ctx.display_name()
    if not (note or "").strip():
        changes["note"] = ctx.bio()
    return changes


def _bluesky_profile_changes(
    ctx: _Context, display_name: str | None, description: str | None
) -> dict[str, str]:
    changes: dict[str, str] = {}
    if (display_name or "").strip() != ctx.display_name():
        changes["displayName"] = ctx.display_name()
    if not (description or "").strip():
        changes["description"] = ctx.bio()
    return changes


def _kv(changes: Mapping[str, str]) -> str:
    return "\n".join(f"{k}={v}" for k, v in changes.items()) or "(nothing to change)"


def plan_actions(steps: Sequence[str], ctx: _Context) -> list[ApplyAction]:
    """The requests for the steps asked, in order, from the report (makes no request)."""
    actions: list[ApplyAction] = []
    for step in steps:
        if step == "mastodon-verification":
            try:
                fields, _ = _field_pairs(ctx, _report_fields(ctx))
                payload = _fields_text(fields)
            except ApplyError as exc:
                payload = exc.message
            actions.append(
                ApplyAction(
                    step=step,
                    platform=Platform.MASTODON,
                    operation="profile-field",
                    account=ctx.mastodon_label,
                    method="PATCH",
                    endpoint=ctx.mastodon_url("/api/v1/accounts/update_credentials"),
                    payload=payload,
                )
            )
        elif step == "mastodon-profile":
            m = ctx.mastodon
            changes = _mastodon_profile_changes(
                ctx, m.display_name if m else None, _plain(m.note) if m else None
            )
            actions.append(
                ApplyAction(
                    step=step,
                    platform=Platform.MASTODON,
                    operation="profile",
                    account=ctx.mastodon_label,
                    method="PATCH",
                    endpoint=ctx.mastodon_url("/api/v1/accounts/update_credentials"),
                    payload=_kv(changes),
                )
            )
        elif step == "announce":
            text = ctx.announcement()
            if ctx.mastodon is not None or ctx.mastodon_host:
                actions.append(
                    ApplyAction(
                        step=step,
                        platform=Platform.MASTODON,
                        operation="post",
                        account=ctx.mastodon_label,
                        method="POST",
                        endpoint=ctx.mastodon_url("/api/v1/statuses"),
                        payload=f"status={text}\nvisibility=public\nlanguage={ctx.language}",
                    )
                )
                actions.append(
                    ApplyAction(
                        step=step,
                        platform=Platform.MASTODON,
                        operation="pin",
                        account=ctx.mastodon_label,
                        method="POST",
                        endpoint=ctx.mastodon_url("/api/v1/statuses/<id of the announcement>/pin"),
                        payload="(no body)",
                    )
                )
            if ctx.bluesky is not None or ctx.environ.get(ENV_BLUESKY_PDS):
                record = {"$type": "app.bsky.feed.post", "text": text, "langs": [ctx.language]}
                actions.append(
                    ApplyAction(
                        step=step,
                        platform=Platform.BLUESKY,
                        operation="post",
                        account=ctx.bluesky_label,
                        method="com.atproto.repo.createRecord",
                        endpoint=ctx.pds_url("com.atproto.repo.createRecord"),
                        payload=json.dumps(
                            {"collection": "app.bsky.feed.post", "record": record},
                            ensure_ascii=False,
                            indent=2,
                        ),
                    )
                )
        elif step == "bluesky-domain-handle":
            actions.append(
                ApplyAction(
                    step=step,
                    platform=Platform.BLUESKY,
                    operation="handle",
                    account=ctx.bluesky_label,
                    method="com.atproto.identity.updateHandle",
                    endpoint=ctx.pds_url("com.atproto.identity.updateHandle"),
                    payload=json.dumps({"handle": ctx.domain or "<domain>"}),
                )
            )
        elif step == "bluesky-profile":
            b = ctx.bluesky
            changes = _bluesky_profile_changes(
                ctx, b.display_name if b else None, b.description if b else None
            )
            actions.append(
                ApplyAction(
                    step=step,
                    platform=Platform.BLUESKY,
                    operation="profile",
                    account=ctx.bluesky_label,
                    method="com.atproto.repo.putRecord",
                    endpoint=ctx.pds_url("com.atproto.repo.putRecord"),
                    payload=json.dumps(
                        {
                            "collection": "app.bsky.actor.profile",
                            "rkey": "self",
                            "record": {**changes, "…": "every other field of the profile, unchanged"},
                        },
                        ensure_ascii=False,
                        indent=2,
                    ),
                )
            )
        else:  # pragma: no cover - validated before
            raise ApplyUsageError(f"unknown step {step!r}")
    return actions


def _dry_before(action: ApplyAction, ctx: _Context) -> str | None:
    if action.platform is Platform.MASTODON and ctx.mastodon is None:
        return None
    if action.platform is Platform.BLUESKY and ctx.bluesky is None:
        return None
    if action.operation == "profile-field":
        return "fields: " + _show_fields(_report_fields(ctx))
    if action.operation == "profile" and ctx.mastodon and action.platform is Platform.MASTODON:
        return f"display_name={ctx.mastodon.display_name or ''}\nnote={_plain(ctx.mastodon.note)}"
    if action.operation == "profile" and ctx.bluesky:
        return f"displayName={ctx.bluesky.display_name or ''}\ndescription={ctx.bluesky.description or ''}"
    if action.operation == "handle" and ctx.bluesky:
        return f"handle={ctx.bluesky.handle or ctx.bluesky.claimed_handle or '(none)'} ({ctx.bluesky.did})"
    return None


def _dry_error(action: ApplyAction, ctx: _Context) -> str | None:
    """What the report already shows will fail (a full profile), or None."""
    if action.operation == "profile-field" and ctx.mastodon is not None:
        try:
            _field_pairs(ctx, _report_fields(ctx))
        except ApplyError as exc:
            return exc.message
    if action.operation in ("profile-field", "handle") and not ctx.domain:
        return ctx.t("aucun domaine indiqué", "no domain given")
    return None


def _dry_note(action: ApplyAction, ctx: _Context, credentials: Credentials) -> str:
    t = ctx.t
    parts = [t("simulation : rien n’a été envoyé", "dry run: nothing was sent")]
    if action.platform is Platform.MASTODON:
        if ctx.mastodon is None and not ctx.mastodon_host:
            parts.append(
                t(
                    f"aucun compte Mastodon de l’établissement dans le rapport : indiquer l’instance "
                    f"avec ${ENV_MASTODON_INSTANCE}",
                    f"no Mastodon account of the institution in the report: name the instance with "
                    f"${ENV_MASTODON_INSTANCE}",
                )
            )
        parts.append(
            t("jeton trouvé : " + credentials.mastodon.source, "token found: " + credentials.mastodon.source)
            if credentials.mastodon
            else t("aucun jeton Mastodon trouvé", "no Mastodon token found")
        )
    else:
        parts.append(
            t(
                "mot de passe d’application trouvé : " + credentials.bluesky.source,
                "app password found: " + credentials.bluesky.source,
            )
            if credentials.bluesky
            else t("aucun identifiant Bluesky trouvé", "no Bluesky credentials found")
        )
    if action.operation == "handle":
        parts.append(
            t(
                f"avant d’écrire, l’exécution réelle vérifie que _atproto.{ctx.domain} (TXT) ou "
                f"https://{ctx.domain}/.well-known/atproto-did désigne le DID du compte",
                f"before writing, the real run checks that _atproto.{ctx.domain} (TXT) or "
                f"https://{ctx.domain}/.well-known/atproto-did names the account's DID",
            )
        )
    if action.operation in ("profile-field", "profile"):
        parts.append(
            t(
                "d’après le rapport ; l’exécution réelle relit d’abord le profil",
                "from the report; the real run reads the profile again first",
            )
        )
    return "; ".join(parts) if ctx.language == "en" else " ; ".join(parts)


# --- the services (real runs) -----------------------------------------------------------------------------


class _Mastodon:
    """One Mastodon.py client for the run, the token's account read once."""

    def __init__(self, ctx: _Context, credentials: Credentials) -> None:
        self.ctx = ctx
        if credentials.mastodon is None:
            raise ApplyError(
                ErrorKind.MISSING_CREDENTIALS,
                ctx.t(
                    "aucun jeton Mastodon : définir QUITX_MASTODON_TOKEN ou l’enregistrer dans le trousseau "
                    "(keyring set quitx mastodon:@compte@instance)",
                    "no Mastodon token: set QUITX_MASTODON_TOKEN or store it in the keyring "
                    "(keyring set quitx mastodon:@account@instance)",
                ),
            )
        host = ctx.mastodon_host
        if not host:
            raise ApplyError(
                ErrorKind.NOT_APPLICABLE,
                ctx.t(
                    f"aucun compte Mastodon de l’établissement dans le rapport : indiquer l’instance du "
                    f"jeton avec {ENV_MASTODON_INSTANCE}=<hôte>",
                    f"no Mastodon account of the institution in the report: name the token's instance "
                    f"with {ENV_MASTODON_INSTANCE}=<host>",
                ),
            )
        if not ctx.settings.allows(host):
            raise ApplyError(
                ErrorKind.NETWORK, f"{host} is neither in the host map nor on loopback (only_mapped_hosts)"
            )
        import requests

        from mastodon import Mastodon

        mapped = ctx.settings.mapped_base(host)
        session = requests.Session()
        session.headers["User-Agent"] = ctx.settings.user_agent
        if mapped:
            session.headers["Host"] = host
        self.host = host
        self.client: Any = Mastodon(
            api_base_url=mapped or f"https://{host}",
            access_token=credentials.mastodon.token.reveal(),
            request_timeout=ctx.settings.timeout,
            ratelimit_method="throw",
            version_check_mode="none",
            session=session,
            user_agent=ctx.settings.user_agent,
        )
        self.session = session
        self._me: dict[str, Any] | None = None
        self.announcement_id: Any = None

    def close(self) -> None:
        self.session.close()

    def me(self) -> dict[str, Any]:
        if self._me is None:
            me = dict(self.client.account_verify_credentials())
            expected = self.ctx.mastodon
            if expected is not None and str(me.get("username", "")).lower() != expected.username.lower():
                raise ApplyError(
                    ErrorKind.WRONG_ACCOUNT,
                    self.ctx.t(
                        f"le jeton est celui de @{me.get('username')}@{self.host}, pas de {expected.handle} "
                        "(le compte du rapport) : rien n’a été modifié",
                        f"the token belongs to @{me.get('username')}@{self.host}, not {expected.handle} "
                        "(the report's account): nothing was changed",
                    ),
                )
            self._me = me
        return self._me

    def refresh(self) -> dict[str, Any]:
        self._me = None
        return self.me()

    @property
    def label(self) -> str:
        me = self._me or {}
        return f"@{me.get('username', '?')}@{self.ctx.mastodon.domain if self.ctx.mastodon else self.host}"


def _source_fields(me: Mapping[str, Any]) -> list[tuple[str, str]]:
    source = me.get("source") or {}
    raw = source.get("fields") if isinstance(source, Mapping) else None
    if raw is None:
        raw = me.get("fields") or []
    return [(str(f["name"]), _plain(str(f["value"]))) for f in raw]


class _Bluesky:
    """One atproto client for the run, logged in once."""

    def __init__(self, ctx: _Context, credentials: Credentials) -> None:
        self.ctx = ctx
        if credentials.bluesky is None:
            raise ApplyError(
                ErrorKind.MISSING_CREDENTIALS,
                ctx.t(
                    "aucun identifiant Bluesky : définir QUITX_BLUESKY_HANDLE et QUITX_BLUESKY_APP_PASSWORD, "
                    "ou enregistrer le mot de passe d’application dans le trousseau "
                    "(keyring set quitx bluesky:<pseudo>)",
                    "no Bluesky credentials: set QUITX_BLUESKY_HANDLE and QUITX_BLUESKY_APP_PASSWORD, or "
                    "store the app password in the keyring (keyring set quitx bluesky:<handle>)",
                ),
            )
        from urllib.parse import urlsplit

        from atproto import Client, Request

        pds = ctx.pds
        host = urlsplit(pds).hostname or ""
        if not ctx.settings.allows(host):
            raise ApplyError(
                ErrorKind.NETWORK, f"{host} is neither in the host map nor on loopback (only_mapped_hosts)"
            )
        mapped = ctx.settings.mapped_base(host)
        headers = {"User-Agent": ctx.settings.user_agent}
        if mapped:
            headers["Host"] = host
        self.client: Any = Client(
            base_url=mapped or pds, request=Request(timeout=ctx.settings.timeout, headers=headers)
        )
        self.credentials = credentials.bluesky
        self.did: str = ""
        self.handle: str = ""
        self._logged_in = False

    def close(self) -> None:
        inner = getattr(self.client.request, "_client", None)
        if inner is not None:
            inner.close()

    def login(self) -> None:
        if self._logged_in:
            return
        creds = self.credentials
        self.client.login(creds.handle, creds.password.reveal(), fetch_bsky_profile=False)
        session = self.client.com.atproto.server.get_session()
        self.did, self.handle = str(session.did), str(session.handle)
        expected = self.ctx.bluesky
        if expected is not None and expected.did != self.did:
            raise ApplyError(
                ErrorKind.WRONG_ACCOUNT,
                self.ctx.t(
                    f"ces identifiants ouvrent {self.handle} ({self.did}), pas le compte du rapport "
                    f"({expected.did}) : rien n’a été modifié",
                    f"these credentials open {self.handle} ({self.did}), not the report's account "
                    f"({expected.did}): nothing was changed",
                ),
            )
        self._logged_in = True

    def get_profile_record(self) -> tuple[dict[str, Any], str | None]:
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
        value = got.value
        record = value.model_dump(by_alias=True, exclude_none=True) if hasattr(value, "model_dump") else value
        return dict(record), str(got.cid) if got.cid else None

    def recent_posts(self) -> list[tuple[str, str, str]]:
        listed = self.client.com.atproto.repo.list_records(
            params={"repo": self.did, "collection": "app.bsky.feed.post", "limit": _RECENT}
        )
        out = []
        for rec in listed.records:
            text = getattr(rec.value, "text", None)
            if text is None and isinstance(rec.value, Mapping):
                text = rec.value.get("text")
            out.append((str(rec.uri), str(rec.cid), str(text or "")))
        return out


def _describe_exception(exc: BaseException, platform: Platform, ctx: _Context) -> ApplyError:
    """A service error as a clear message (English/French), with no secret in it."""
    if isinstance(exc, ApplyError):
        return exc
    t = ctx.t
    name = "Mastodon" if platform is Platform.MASTODON else "Bluesky"
    status: int | None = None
    detail = ""
    if platform is Platform.MASTODON:
        from mastodon.errors import (
            MastodonAPIError,
            MastodonNetworkError,
            MastodonRatelimitError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        if isinstance(exc, MastodonRatelimitError):
            status = 429
        elif isinstance(exc, MastodonNetworkError):
            return ApplyError(
                ErrorKind.NETWORK,
                t(
                    f"{name} injoignable ({type(exc).__name__}) : rien n’a été modifié ; réessayer plus tard",
                    f"could not reach {name} ({type(exc).__name__}): nothing was changed; try again later",
                ),
            )
        elif isinstance(exc, MastodonAPIError):
            args = exc.args
            status = args[1] if len(args) > 1 and isinstance(args[1], int) else None
            detail = str(args[3]) if len(args) > 3 and args[3] else ""
            if isinstance(exc, MastodonUnauthorizedError):
                status = 401
            elif isinstance(exc, MastodonServerError) and status is None:
                status = 500
    else:
        from atproto.exceptions import (
            BadRequestError,
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
            status = 429
        elif isinstance(exc, UnauthorizedError):
            status = status or 401
        elif isinstance(exc, NetworkError) and response is None:
            return ApplyError(
                ErrorKind.NETWORK,
                t(
                    f"{name} injoignable ({type(exc).__name__}) : rien n’a été modifié ; réessayer plus tard",
                    f"could not reach {name} ({type(exc).__name__}): nothing was changed; try again later",
                ),
            )
        elif isinstance(exc, BadRequestError):
            status = status or 400
            if code == "HandleNotAvailable":
                return ApplyError(
                    ErrorKind.HANDLE_TAKEN,
                    t(
                        f"le pseudo est déjà pris par un autre compte ({detail}) : rien n’a été modifié",
                        f"the handle is already taken by another account ({detail}): nothing was changed",
                    ),
                )
        elif not isinstance(exc, RequestErrorBase):
            status = None
    suffix = f" ({detail})" if detail else ""
    if status == 401:
        return ApplyError(
            ErrorKind.UNAUTHORIZED,
            t(
                f"{name} refuse les identifiants (401){suffix} : jeton ou mot de passe d’application faux, "
                "expiré ou révoqué ; en créer un nouveau. Rien n’a été modifié.",
                f"{name} refused the credentials (401){suffix}: the token or app password is wrong, expired "
                "or revoked; create a new one. Nothing was changed.",
            ),
        )
    if status == 403:
        return ApplyError(
            ErrorKind.FORBIDDEN,
            t(
                f"{name} refuse cette action (403){suffix} : le jeton n’a pas les droits nécessaires "
                "(Mastodon : write:accounts et write:statuses ; Bluesky : un mot de passe d’application "
                "ne peut pas tout faire). Rien n’a été modifié.",
                f"{name} refused this action (403){suffix}: the token lacks the scope it needs (Mastodon: "
                "write:accounts and write:statuses; Bluesky: an app password cannot do everything). "
                "Nothing was changed.",
            ),
        )
    if status == 429:
        return ApplyError(
            ErrorKind.RATE_LIMITED,
            t(
                f"{name} limite le nombre de requêtes (429) : réessayer plus tard. Rien n’a été modifié.",
                f"{name} is rate limiting (429): try again later. Nothing was changed.",
            ),
        )
    if status is not None and status >= 500:
        return ApplyError(
            ErrorKind.SERVER,
            t(
                f"erreur du serveur {name} ({status}){suffix} : réessayer plus tard",
                f"{name} server error ({status}){suffix}: try again later",
            ),
        )
    if status is not None:
        return ApplyError(
            ErrorKind.REFUSED,
            t(
                f"{name} refuse la modification ({status}){suffix}. Rien n’a été modifié.",
                f"{name} refused the change ({status}){suffix}. Nothing was changed.",
            ),
        )
    return ApplyError(ErrorKind.SERVER, f"{name}: {type(exc).__name__}: {exc}")


@dataclass
class _Run:
    ctx: _Context
    credentials: Credentials
    mastodon: _Mastodon | ApplyError | None = None
    bluesky: _Bluesky | ApplyError | None = None
    posted: dict[str, str] = field(default_factory=dict)

    def close(self) -> None:
        for service in (self.mastodon, self.bluesky):
            if isinstance(service, _Mastodon | _Bluesky):
                service.close()

    def masto(self) -> _Mastodon:
        if self.mastodon is None:
            try:
                self.mastodon = _Mastodon(self.ctx, self.credentials)
            except ApplyError as exc:
                self.mastodon = exc
        if isinstance(self.mastodon, ApplyError):
            raise self.mastodon
        return self.mastodon

    def bsky(self) -> _Bluesky:
        if self.bluesky is None:
            try:
                self.bluesky = _Bluesky(self.ctx, self.credentials)
            except ApplyError as exc:
                self.bluesky = exc
        if isinstance(self.bluesky, ApplyError):
            raise self.bluesky
        self.bluesky.login()
        return self.bluesky


async def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A blocking SDK call, off the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


async def _mastodon_field(run: _Run, action: ApplyAction) -> ApplyResult:
    ctx = run.ctx
    if not ctx.domain:
        raise ApplyError(ErrorKind.NOT_APPLICABLE, ctx.t("aucun domaine indiqué", "no domain given"))
    m = run.masto()
    me = await _call(m.me)
    current = _source_fields(me)
    fields, what = _field_pairs(ctx, current)  # raises when full: nothing written
    before = "fields: " + _show_fields(current)
    action = action.model_copy(update={"account": m.label, "payload": _fields_text(fields)})
    already_green = any(
        f.get("verified_at") and links_to(_plain(str(f.get("value", ""))), ctx.domain)
        for f in (me.get("fields") or [])
    )
    if what == "present" and already_green:
        verified, evidence, note = await _verify_mastodon_field(run, me)
        return _done(
            action,
            before=before,
            after=before,
            verified=verified,
            evidence=evidence,
            note=note,
        )
    # written when missing or not verified yet: saving the profile is what makes Mastodon re-check
    await _call(m.client.account_update_credentials, fields=fields)
    after_me = await _call(m.refresh)
    after = "fields: " + _show_fields(_source_fields(after_me))
    verified, evidence, note = await _verify_mastodon_field(run, after_me)
    return _done(
        action,
        changed=what != "present",
        before=before,
        after=after,
        verified=verified,
        evidence=evidence,
        note=note,
    )


async def _verify_mastodon_field(
    run: _Run, me: Mapping[str, Any]
) -> tuple[bool, tuple[str, ...], str | None]:
    from .lookup import aexists

    ctx = run.ctx
    domain = ctx.domain or ""
    m = run.masto()
    username = str(me.get("username", ""))
    handle_domain = ctx.mastodon.domain if ctx.mastodon else m.host
    ref = MastodonRef(username=username, domain=handle_domain)
    result = await aexists(ref, settings=ctx.settings)
    profile_url = str(me.get("url") or f"https://{m.host}/@{username}")
    if result.verdict is not Verdict.PRESENT or not isinstance(result.account, MastodonAccount):
        return (
            False,
            (f"re-check of {ref}: {result.verdict.value} ({result.detail})",),
            ctx.t(
                "le contrôle après coup n’a pas pu lire le compte : relancer quitx check plus tard",
                "the check afterwards could not read the account: run quitx check again later",
            ),
        )
    for f in result.account.fields:
        if links_to(_plain(f.value), domain):
            if f.verified_at is not None:
                return (
                    True,
                    (f"{ref}: field {f.name!r} = {_plain(f.value)} verified_at {f.verified_at.isoformat()}",),
                    None,
                )
            return (
                False,
                (f"{ref}: field {f.name!r} = {_plain(f.value)}, verified_at null",),
                ctx.t(
                    f"verified_at est encore vide : Mastodon ne met le lien en vert que si la page "
                    f'https://{domain}/ contient <a rel="me" href="{profile_url}">Mastodon</a> (ou la balise '
                    '<link rel="me">) ; l’ajouter puis relancer « quitx apply mastodon-verification --yes » '
                    "(enregistrer le profil déclenche la vérification)",
                    f"verified_at is still null: Mastodon turns the link green only when https://{domain}/ "
                    f'holds <a rel="me" href="{profile_url}">Mastodon</a> (or <link rel="me">); add it, '
                    'then run "quitx apply mastodon-verification --yes" again (saving the profile is what '
                    "triggers the check)",
                ),
            )
    return (False, (f"{ref}: no field pointing to {domain} after the update",), None)


async def _mastodon_profile(run: _Run, action: ApplyAction) -> ApplyResult:
    m = run.masto()
    me = await _call(m.me)
    source = me.get("source") or {}
    note = source.get("note") if isinstance(source, Mapping) and source.get("note") is not None else None
    note = note if note is not None else _plain(str(me.get("note") or ""))
    name = str(me.get("display_name") or "")
    before = f"display_name={name}\nnote={note}"
    changes = _mastodon_profile_changes(run.ctx, name, note)
    action = action.model_copy(update={"account": m.label, "payload": _kv(changes)})
    if not changes:
        return _done(
            action,
            before=before,
            after=before,
            verified=True,
            evidence=("nothing to change",),
        )
    await _call(m.client.account_update_credentials, **changes)
    after_me = await _call(m.refresh)
    after_source = after_me.get("source") or {}
    after_note = after_source.get("note") if isinstance(after_source, Mapping) else None
    after_note = after_note if after_note is not None else _plain(str(after_me.get("note") or ""))
    after_name = str(after_me.get("display_name") or "")
    ok = all(
        (after_name if k == "display_name" else after_note).strip() == v.strip() for k, v in changes.items()
    )
    return _done(
        action,
        changed=True,
        before=before,
        after=f"display_name={after_name}\nnote={after_note}",
        verified=ok,
        evidence=(f"profile read back from {m.host}",),
    )


def _same_text(html_or_text: str, text: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip()

    return norm(_plain(html_or_text)) == norm(text)


async def _mastodon_post(run: _Run, action: ApplyAction) -> ApplyResult:
    m = run.masto()
    me = await _call(m.me)
    text = run.ctx.announcement()
    action = action.model_copy(update={"account": m.label})
    recent = await _call(m.client.account_statuses, me["id"], limit=_RECENT, exclude_reblogs=True)
    for status in recent:
        if _same_text(str(status.get("content") or ""), text):
            m.announcement_id = status["id"]
            return _done(
                action,
                before=f"already posted: {status.get('url') or status['id']}",
                after=f"posted: {status.get('url') or status['id']}",
                verified=True,
                evidence=(
                    f"the announcement is already on the account: {status.get('url') or status['id']}",
                ),
            )
    posted = await _call(m.client.status_post, text, visibility="public", language=run.ctx.language)
    m.announcement_id = posted["id"]
    back = await _call(m.client.status, posted["id"])
    ok = _same_text(str(back.get("content") or ""), text)
    where = str(back.get("url") or posted["id"])
    return _done(
        action,
        changed=True,
        before="not posted",
        after=f"posted: {where}",
        verified=ok,
        evidence=(f"read back: {where}",),
    )


async def _mastodon_pin(run: _Run, action: ApplyAction) -> ApplyResult:
    m = run.masto()
    me = await _call(m.me)
    if m.announcement_id is None:
        raise ApplyError(
            ErrorKind.PRECONDITION,
            run.ctx.t("pas d’annonce publiée à épingler", "no announcement posted to pin"),
        )
    sid = m.announcement_id
    action = action.model_copy(
        update={"account": m.label, "endpoint": run.ctx.mastodon_url(f"/api/v1/statuses/{sid}/pin")}
    )
    pinned = await _call(m.client.account_statuses, me["id"], pinned=True)
    if any(str(s["id"]) == str(sid) for s in pinned):
        return _done(
            action,
            before="pinned",
            after="pinned",
            verified=True,
            evidence=(f"status {sid} is pinned",),
        )
    await _call(m.client.status_pin, sid)
    pinned = await _call(m.client.account_statuses, me["id"], pinned=True)
    ok = any(str(s["id"]) == str(sid) for s in pinned)
    return _done(
        action,
        changed=True,
        before="not pinned",
        after="pinned" if ok else "pin not visible yet",
        verified=ok,
        evidence=(f"pinned statuses read back: status {sid} {'present' if ok else 'absent'}",),
    )


def _graphemes(text: str) -> int:
    import unicodedata

    return sum(1 for ch in text if not unicodedata.combining(ch) and ch not in "\u200d\ufe0f")


async def _bluesky_post(run: _Run, action: ApplyAction) -> ApplyResult:
    ctx = run.ctx
    text = ctx.announcement()
    if _graphemes(text) > BLUESKY_MAX_GRAPHEMES:
        raise ApplyError(
            ErrorKind.PRECONDITION,
            ctx.t(
                f"l’annonce dépasse {BLUESKY_MAX_GRAPHEMES} caractères, la limite de Bluesky : la raccourcir",
                f"the announcement is longer than Bluesky's {BLUESKY_MAX_GRAPHEMES} characters: shorten it",
            ),
        )
    b = run.bsky()
    action = action.model_copy(update={"account": f"@{b.handle}"})
    for uri, _cid, existing in await _call(b.recent_posts):
        if existing.strip() == text.strip():
            return _done(
                action,
                before=f"already posted: {uri}",
                after=f"posted: {uri}",
                verified=True,
                evidence=(f"the announcement is already there: {uri}",),
            )
    record = {
        "$type": "app.bsky.feed.post",
        "text": text,
        "langs": [ctx.language],
        "createdAt": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
    }
    created = await _call(
        b.client.com.atproto.repo.create_record,
        data={"repo": b.did, "collection": "app.bsky.feed.post", "record": record},
    )
    uri = str(created.uri)
    ok = any(u == uri for u, _c, _t in await _call(b.recent_posts))
    return _done(
        action,
        changed=True,
        before="not posted",
        after=f"posted: {uri}",
        verified=ok,
        evidence=(f"read back from the repository: {uri} (cid {created.cid})",),
    )


async def _bluesky_profile(run: _Run, action: ApplyAction) -> ApplyResult:
    b = run.bsky()
    record, cid = await _call(b.get_profile_record)
    before = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
    changes = _bluesky_profile_changes(run.ctx, record.get("displayName"), record.get("description"))
    action = action.model_copy(
        update={
            "account": f"@{b.handle}",
            "payload": json.dumps(
                {"collection": "app.bsky.actor.profile", "rkey": "self", "record": {**record, **changes}},
                ensure_ascii=False,
                indent=2,
                default=str,
            ),
        }
    )
    if not changes:
        return _done(
            action,
            before=before,
            after=before,
            verified=True,
            evidence=("nothing to change",),
        )
    data: dict[str, Any] = {
        "repo": b.did,
        "collection": "app.bsky.actor.profile",
        "rkey": "self",
        "record": {**record, **changes},  # every other field (avatar, banner, pinnedPost…) as it was
    }
    if cid:
        data["swapRecord"] = cid  # refused if the profile changed since it was read
    await _call(b.client.com.atproto.repo.put_record, data=data)
    after_record, after_cid = await _call(b.get_profile_record)
    kept = all(after_record.get(k) == v for k, v in record.items() if k not in changes)
    applied = all(after_record.get(k) == v for k, v in changes.items())
    return _done(
        action,
        changed=True,
        before=before,
        after=json.dumps(after_record, ensure_ascii=False, sort_keys=True, default=str),
        verified=kept and applied,
        evidence=(
            f"profile record read back (cid {after_cid}): changes "
            f"{'applied' if applied else 'missing'}, other fields {'kept' if kept else 'CHANGED'}",
        ),
    )


def _missing_record_text(ctx: _Context, domain: str, did: str) -> str:
    return ctx.t(
        f'publier l’un des deux : l’enregistrement DNS « _atproto.{domain}. 3600 IN TXT "did={did}" » '
        f"ou le fichier https://{domain}/.well-known/atproto-did contenant seulement « {did} »",
        f'publish one of: the DNS record `_atproto.{domain}. 3600 IN TXT "did={did}"` or the file '
        f"https://{domain}/.well-known/atproto-did holding only `{did}`",
    )


async def _check_handle_resolution(run: _Run, domain: str, did: str) -> tuple[str, ...]:
    """The check before the switch: the domain must resolve to ``did``. Raises otherwise."""
    from .lookup import Prober
    from .models import Evidence
    from .probes.bluesky import resolve_handle

    ctx = run.ctx
    evidence: list[Evidence] = []
    async with Prober(ctx.settings) as prober:
        resolution = await resolve_handle(prober.engine, prober.dns, domain, evidence)
    seen = tuple(f"{e.request}: {e.outcome}" for e in evidence)
    if resolution.did == did:
        return seen
    if resolution.did is not None:
        raise ApplyError(
            ErrorKind.PRECONDITION,
            ctx.t(
                f"{domain} désigne un autre compte ({resolution.did}), pas {did} : remplacer la valeur ; "
                + _missing_record_text(ctx, domain, did)
                + ". Rien n’a été modifié.",
                f"{domain} points to another account ({resolution.did}), not {did}: replace it; "
                + _missing_record_text(ctx, domain, did)
                + ". Nothing was changed.",
            ),
        )
    why = resolution.detail or "no DID found"
    raise ApplyError(
        ErrorKind.PRECONDITION,
        ctx.t(
            f"{domain} ne désigne encore aucun compte ({why}) : "
            + _missing_record_text(ctx, domain, did)
            + ", attendre la propagation, puis relancer. Rien n’a été modifié.",
            f"{domain} does not point to any account yet ({why}): "
            + _missing_record_text(ctx, domain, did)
            + ", wait for it to propagate, then run again. Nothing was changed.",
        ),
    )


async def _verify_handle(run: _Run, handle: str, did: str) -> tuple[bool, tuple[str, ...]]:
    from .lookup import Prober
    from .models import Evidence
    from .probes.bluesky import identify

    evidence: list[Evidence] = []
    async with Prober(run.ctx.settings) as prober:
        identity = await identify(prober.engine, prober.dns, BlueskyRef(handle=handle), evidence)
    ok = identity.account is not None and identity.account.did == did and identity.account.handle_verified
    lines = tuple(f"{e.request}: {e.outcome}" for e in evidence)
    if ok:
        return True, (f"@{handle} ↔ {did}: both directions agree", *lines)
    return False, (f"@{handle}: {identity.detail or 'not verified yet'}", *lines)


async def _bluesky_handle(run: _Run, action: ApplyAction, target: str | None = None) -> ApplyResult:
    ctx = run.ctx
    domain = (target or ctx.domain or "").lower()
    if not domain:
        raise ApplyError(ErrorKind.NOT_APPLICABLE, ctx.t("aucun domaine indiqué", "no domain given"))
    b = run.bsky()
    action = action.model_copy(update={"account": f"@{b.handle}", "payload": json.dumps({"handle": domain})})
    before = f"handle={b.handle} ({b.did})"
    if b.handle.lower() == domain:
        verified, evidence = await _verify_handle(run, domain, b.did)
        return _done(
            action,
            before=before,
            after=before,
            verified=verified,
            evidence=evidence,
        )
    described = await _call(b.client.com.atproto.server.describe_server)
    served = tuple(str(d).lower() for d in (described.available_user_domains or ()))
    if any(domain.endswith(d if d.startswith(".") else "." + d) for d in served):
        checked: tuple[str, ...] = (f"{domain} is under a domain this PDS serves ({', '.join(served)})",)
    else:
        checked = await _check_handle_resolution(run, domain, b.did)  # raises: nothing written
    await _call(b.client.com.atproto.identity.update_handle, data={"handle": domain})
    session = await _call(b.client.com.atproto.server.get_session)
    b.handle = str(session.handle)
    verified, evidence = await _verify_handle(run, domain, b.did)
    return _done(
        action,
        changed=True,
        before=before,
        after=f"handle={b.handle} ({b.did})",
        verified=verified,
        evidence=(*checked, *evidence),
        note=None
        if verified
        else ctx.t(
            "le pseudo est changé, mais la vérification dans les deux sens n’aboutit pas encore : "
            "relancer quitx check dans quelques minutes",
            "the handle is switched, but the two-way check does not pass yet: run quitx check again in "
            "a few minutes",
        ),
    )


async def _run_action(run: _Run, action: ApplyAction) -> ApplyResult:
    op, platform = action.operation, action.platform
    if platform is Platform.MASTODON:
        if op == "profile-field":
            return await _mastodon_field(run, action)
        if op == "profile":
            return await _mastodon_profile(run, action)
        if op == "post":
            return await _mastodon_post(run, action)
        if op == "pin":
            return await _mastodon_pin(run, action)
    else:
        if op == "handle":
            return await _bluesky_handle(run, action)
        if op == "profile":
            return await _bluesky_profile(run, action)
        if op == "post":
            return await _bluesky_post(run, action)
    raise ApplyUsageError(f"no such action: {platform.value} {op}")  # pragma: no cover


# --- the public face ---------------------------------------------------------------------------------------


def _check_steps(steps: Sequence[str]) -> list[str]:
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise ApplyUsageError(
            f"apply cannot do {', '.join(map(repr, unknown))}; the steps it can do: {', '.join(STEPS)}"
        )
    if not steps:
        raise ApplyUsageError(f"no step given; the steps apply can do: {', '.join(STEPS)}")
    return list(dict.fromkeys(steps))


async def apply_steps(
    steps: Sequence[str],
    report: Report | None,
    institution: Institution,
    plan: MigrationPlan,
    *,
    settings: Settings,
    dry_run: bool = True,
    credentials: Credentials | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[ApplyResult]:
    """Carry out ``steps`` (see `STEPS`); a dry run (the default) sends nothing.

    ``credentials`` default to `quitx.secrets.load_credentials` (environment, then keyring).
    The plan gives the language and the texts (the announcement). One result per request, in order.
    Raises `ApplyUsageError` for a step apply cannot do; every service error is a result.
    """
    wanted = _check_steps(steps)
    env = os.environ if environ is None else environ
    ctx = _Context(report, institution, plan, settings, plan.language, env)
    if credentials is None:
        credentials = load_credentials(
            mastodon_account=ctx.mastodon.acct if ctx.mastodon else None,
            bluesky_handle=(ctx.bluesky.handle if ctx.bluesky else None),
            environ=env,
        )
    actions = plan_actions(wanted, ctx)
    if dry_run:
        return [
            ApplyResult(
                action=a,
                dry_run=True,
                done=False,
                before=_dry_before(a, ctx),
                note=_dry_note(a, ctx, credentials),
                error=_dry_error(a, ctx),
                error_kind=ErrorKind.PRECONDITION if _dry_error(a, ctx) else None,
            )
            for a in actions
        ]
    masking = MaskingFilter(credentials.secrets)
    _log.addFilter(masking)
    run = _Run(ctx, credentials)
    results: list[ApplyResult] = []
    try:
        for action in actions:
            _log.info("apply %s: %s %s", action.step, action.method, action.endpoint)
            try:
                result = await _run_action(run, action)
            except Exception as exc:  # every failure is a result, never a traceback with a token in it
                error = _describe_exception(exc, action.platform, ctx)
                _log.info("apply %s failed: %s", action.step, error.kind.value)
                result = ApplyResult(
                    action=action,
                    dry_run=False,
                    done=False,
                    error=credentials.mask(error.message),
                    error_kind=error.kind,
                )
            results.append(_masked(result, credentials))
    finally:
        run.close()
        _log.removeFilter(masking)
    return results


def _masked(result: ApplyResult, credentials: Credentials) -> ApplyResult:
    """The result with any secret value scrubbed from its text (belt and braces)."""
    data = result.model_dump_json()
    masked = credentials.mask(data)
    return result if masked == data else ApplyResult.model_validate_json(masked)


def apply_steps_sync(
    steps: Sequence[str],
    report: Report | None,
    institution: Institution,
    plan: MigrationPlan,
    *,
    settings: Settings,
    dry_run: bool = True,
    credentials: Credentials | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[ApplyResult]:
    """The sync face of `apply_steps`."""
    return run_sync(
        apply_steps(
            steps,
            report,
            institution,
            plan,
            settings=settings,
            dry_run=dry_run,
            credentials=credentials,
            environ=environ,
        )
    )


_PLAN_STEPS_MARKED = ("mastodon-verification", "bluesky-domain-handle")


def mark_plan(plan: MigrationPlan, results: Sequence[ApplyResult]) -> MigrationPlan:
    """The plan with the steps apply completed and verified marked done, with the evidence.

    ``mastodon-verification`` is done once verified_at is set, ``bluesky-domain-handle`` once the
    handle checks both ways. ``announce`` gets the evidence of the posts, but keeps its status: its
    farewell on X and the Meta accounts is out of apply's reach.
    """
    from .plan import StepStatus

    by_step: dict[str, list[ApplyResult]] = {}
    for r in results:
        if not r.dry_run:
            by_step.setdefault(r.action.step, []).append(r)
    phases = []
    for phase in plan.phases:
        steps = []
        for step in phase.steps:
            done = by_step.get(step.id)
            if done:
                evidence = tuple(e for r in done if r.ok for e in r.evidence)
                complete = all(r.ok and r.done and r.verified for r in done)
                update: dict[str, Any] = {"evidence": (*step.evidence, *evidence)}
                if complete and step.id in _PLAN_STEPS_MARKED:
                    update = {"status": StepStatus.DONE, "evidence": evidence or step.evidence}
                step = step.model_copy(update=update)
            steps.append(step)
        phases.append(phase.model_copy(update={"steps": tuple(steps)}))
    return plan.model_copy(update={"phases": tuple(phases)})


# --- the command ---------------------------------------------------------------------------------------


def _settings_from(args: argparse.Namespace) -> Settings:
    if all(hasattr(args, a) for a in ("map", "appview_url", "plc_url", "dns", "timeout", "user_agent")):
        from .cli import _settings

        return _settings(args)
    from .config import load_settings

    return load_settings(getattr(args, "config", None))


def _render(results: Sequence[ApplyResult], language: Language) -> str:

    def t(fr: str, en: str) -> str:
        return _t(language, fr, en)

    lines: list[str] = []
    for r in results:
        a = r.action
        platform = "Mastodon" if a.platform is Platform.MASTODON else "Bluesky"
        who = f" {a.account}" if a.account else ""
        if r.dry_run:
            head = t("[simulation]", "[dry run]")
        elif r.error:
            head = t("[échec]", "[failed]")
        elif r.changed:
            head = t("[fait]", "[done]")
        else:
            head = t("[déjà fait]", "[already done]")
        lines.append(f"{head} {platform}{who} — {a.step} ({a.operation})")
        lines.append(f"  {a.method} {a.endpoint}")
        lines.extend("    " + line for line in a.payload.splitlines())
        if r.before is not None:
            lines.append(t("  avant : ", "  before: ") + r.before.replace("\n", "; "))
        if r.after is not None:
            lines.append(t("  après : ", "  after: ") + r.after.replace("\n", "; "))
        if r.verified is not None:
            lines.append(
                t("  vérifié : ", "  verified: ") + (t("oui", "yes") if r.verified else t("non", "no"))
            )
        lines.extend("  · " + e for e in r.evidence)
        if r.note:
            lines.append("  → " + r.note)
        if r.error:
            lines.append(t("  erreur : ", "  error: ") + r.error)
        lines.append("")
    return "\n".join(lines)


def run_apply(args: argparse.Namespace) -> int:
    """Run ``quitx apply`` from parsed arguments; returns the exit status (0, 5, or 2)."""
    from pathlib import Path

    from .cli import read_report
    from .errors import ConfigError
    from .plan import PlanOptions, build_plan

    try:
        report = read_report(args.report)
        institution = report.institution
        language: Language = "en" if (args.lang or institution.language) == "en" else "fr"
        plan = build_plan(report, institution, PlanOptions(language=language))
        settings = _settings_from(args)
        results = apply_steps_sync(
            args.steps, report, institution, plan, settings=settings, dry_run=not args.yes
        )
    except (ApplyUsageError, ConfigError) as exc:
        print(f"quitx: error: {inert(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(
            json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        sys.stdout.write(inert_block(_render(results, language)))  # profiles hold remote text
    if getattr(args, "plan_output", None):
        Path(args.plan_output).write_text(mark_plan(plan, results).model_dump_json(indent=2) + "\n", "utf-8")
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED
