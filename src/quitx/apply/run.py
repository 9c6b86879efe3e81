"""A ``quitx apply`` run: the sessions it opens (once each, proven to be the institution's), the
requests it prepares, and the writes.

1. **Open** each network the steps need: log in, read who the credentials open, and prove it is
   an account the report attributes to the institution (or one named with ``--confirm-account``).
2. **Prepare** every step from what the services say now (`quitx.apply.profile`,
   `quitx.apply.handle`, `quitx.apply.announce`): the whole request that would go, the state
   before, the state it would leave, or why it is already done or cannot be done. A dry run stops
   here: it has read, and written nothing.
3. **Write** (real run, `write`): each prepared request whose step is not already done, then read
   back.

The announcement is one unit over both networks: its three requests (post and pin on Mastodon,
post on Bluesky) go out only if all three can, and a failure half-way says what went out and how
to finish — running the same command again, which recognises what is already posted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ..errors import ApplyError, ErrorKind
from ..handles import parse_ref
from ..i18n import Lang
from ..models import BlueskyAccount, Institution, MastodonAccount, MastodonRef, Platform, Report
from . import wording as W
from .bluesky_sdk import BlueskySession
from .failures import SdkSession, describe
from .mastodon_sdk import MastodonSession
from .models import ApplyAction, ApplyResult, Language, NoteCode, Operation, ProfileRequest, SectorRequest
from .rules import BlueskyIdentity, MastodonIdentity, mastodon_identity, owner_of_bluesky, owner_of_mastodon

if TYPE_CHECKING:
    from ..config import Settings
    from ..plan import MigrationPlan
    from ..secrets import Credentials

__all__ = [
    "DEFAULT_PDS",
    "ENV_BLUESKY_PDS",
    "ENV_MASTODON_INSTANCE",
    "SDKS",
    "Prepared",
    "Run",
    "Written",
    "action",
    "amend",
    "call",
    "result_of",
    "todo",
    "write",
]

ENV_MASTODON_INSTANCE = "QUITX_MASTODON_INSTANCE"  # the token's instance, when the report names none
ENV_BLUESKY_PDS = "QUITX_BLUESKY_PDS"  # the PDS to log in to, when the report names none
DEFAULT_PDS = "https://bsky.social"
SDKS: Mapping[Platform, SdkSession] = {Platform.MASTODON: MastodonSession, Platform.BLUESKY: BlueskySession}

T = TypeVar("T")
State = Literal["done", "todo", "refused", "skipped"]  # skipped: not sent, no error (the note says why)


@dataclass
class Written:
    """What a write left, read back."""

    after: str | None
    verified: bool | None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    endpoint: str | None = None  # where the request went, once known (the id of a post to pin)
    note_code: NoteCode | None = None
    sent: bool = True  # False: found at the last moment that it must not go (the note says why)
    payload: str | None = None  # the body as sent, once known (a new list's URI in place of its placeholder)


@dataclass
class Prepared:
    """One request, prepared from the live account: to send, already done, or refused."""

    action: ApplyAction
    state: State
    before: str | None = None
    after: str | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    note_code: NoteCode | None = None
    error: ApplyError | None = None
    verified: bool | None = None  # for a step already done: does the account prove it?
    write: Callable[[], Awaitable[Written]] | None = None

    def refuse(self, error: ApplyError) -> None:
        self.state, self.error, self.write = "refused", error, None

    def skip(self, code: NoteCode, note: str) -> None:
        """Not sent, and no error: ``note`` says why (a member the server does not know…)."""
        self.state, self.note_code, self.note, self.write = "skipped", code, note, None


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A blocking SDK call, off the event loop."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def _closing_on_refusal(
    session: MastodonSession | BlueskySession, check: Callable[..., str]
) -> Callable[..., str]:
    """``check``, closing the session when it refuses the account (the run will not use it)."""

    def checked(*args: Any) -> str:
        try:
            return check(*args)
        except ApplyError:
            session.close()
            raise

    return checked


def _owned(report: Report | None, kind: type[T]) -> list[T]:
    """The facts of the institution's own accounts of ``kind``, best first (`Report.own`: a moved
    account after the one it moved to, so apply logs in and writes where the account lives now)."""
    if report is None:
        return []
    return [a.account for p in Platform for a in report.own(p) if isinstance(a.account, kind)]


@dataclass
class Run:
    """One ``quitx apply`` run: what it was given, and the sessions it opened (once each)."""

    report: Report | None
    institution: Institution
    plan: MigrationPlan
    settings: Settings
    language: Language
    environ: Mapping[str, str]
    credentials: Credentials
    confirmed: tuple[str, ...] = ()
    profile: ProfileRequest = field(default_factory=ProfileRequest)
    sector: SectorRequest | None = None
    mastodon: MastodonSession | None = None
    mastodon_me: MastodonIdentity | None = None
    mastodon_raw: dict[str, Any] = field(default_factory=dict)  # verify_credentials, as read
    mastodon_owner: str = ""
    bluesky: BlueskySession | None = None
    bluesky_me: BlueskyIdentity | None = None
    bluesky_owner: str = ""
    _failed: dict[Platform, ApplyError] = field(default_factory=dict)
    posted_status: str | None = None  # the Mastodon announcement (found or posted): what to pin

    @property
    def lang(self) -> Lang:
        """The run's words (messages, notes, errors): ``language``."""
        return Lang(self.language)

    @property
    def text_language(self) -> Language:
        """The language of what is written to the accounts (the announcement, the website field's
        name): the plan's, which may differ from the run's words."""
        return "en" if self.plan.language == "en" else "fr"

    def close(self) -> None:
        for session in (self.mastodon, self.bluesky):
            if session is not None:
                session.close()

    def _refs(self, kind: type[T]) -> list[T]:
        out: list[T] = []
        for text in self.confirmed:
            ref = parse_ref(text)
            if isinstance(ref, kind):
                out.append(ref)
        return out

    # --- where the accounts live -------------------------------------------------------------------------

    def mastodon_host(self) -> str | None:
        env = self.environ.get(ENV_MASTODON_INSTANCE, "").strip().lower()
        if env:
            return env
        owned = _owned(self.report, MastodonAccount)
        for ref in self._refs(MastodonRef):  # the account named on the command line comes first
            same = [
                a
                for a in owned
                if (a.username.casefold(), a.domain.lower()) == (ref.username.casefold(), ref.domain)
            ]
            return (same[0].web_host if same else ref.domain).lower()
        return owned[0].web_host.lower() if owned else None

    def pds(self) -> str:
        for account in _owned(self.report, BlueskyAccount):
            if account.pds:
                return account.pds.rstrip("/")
        return (self.environ.get(ENV_BLUESKY_PDS, "").strip() or DEFAULT_PDS).rstrip("/")

    def mastodon_url(self, path: str) -> str:
        return f"https://{self.mastodon_host() or '<instance>'}{path}"

    def pds_url(self, nsid: str) -> str:
        return f"{self.pds()}/xrpc/{nsid}"

    def mastodon_label(self) -> str | None:
        if self.mastodon_me is not None:
            return self.mastodon_me.handle
        owned = _owned(self.report, MastodonAccount)
        return owned[0].handle if owned else None

    def bluesky_label(self) -> str | None:
        if self.bluesky_me is not None:
            return f"@{self.bluesky_me.handle}"
        owned = _owned(self.report, BlueskyAccount)
        return f"@{owned[0].handle or owned[0].did}" if owned else None

    # --- the sessions: logged in, and proven to be the institution's ---------------------------------

    async def _once(self, platform: Platform, opened: T | None, opener: Callable[[], Awaitable[T]]) -> T:
        """The session opened once per run; a refusal is remembered and given again."""
        if platform in self._failed:
            raise self._failed[platform]
        if opened is not None:
            return opened
        try:
            return await opener()
        except ApplyError as exc:
            self._failed[platform] = exc
            raise

    async def masto(self) -> MastodonSession:
        self.mastodon = await self._once(Platform.MASTODON, self.mastodon, self._open_mastodon)
        return self.mastodon

    async def bsky(self) -> BlueskySession:
        self.bluesky = await self._once(Platform.BLUESKY, self.bluesky, self._open_bluesky)
        return self.bluesky

    def _missing(self, platform: Platform) -> ApplyError:
        why = self.credentials.why_missing(platform.value, self.language)
        if platform is Platform.MASTODON:
            text = self.lang(W.NO_MASTODON_TOKEN_SET_QUITX)
        else:
            text = self.lang(W.NO_BLUESKY_CREDENTIALS_SET_QUITX)
        if why:
            text += f" — {why}"
        return ApplyError(ErrorKind.MISSING_CREDENTIALS, text)

    async def _open_mastodon(self) -> MastodonSession:
        creds = self.credentials.mastodon
        if creds is None:
            raise self._missing(Platform.MASTODON)
        host = self.mastodon_host()
        if host is None:
            raise ApplyError(
                ErrorKind.NOT_APPLICABLE,
                self.lang(W.REPORT_ATTRIBUTES_NO_MASTODON_ACCOUNT, variable=ENV_MASTODON_INSTANCE),
            )
        session = MastodonSession(self.settings, host, creds.token, self.language)
        try:
            raw = await call(session.verify)
        except Exception as exc:
            session.close()
            raise describe(
                exc, session, self.language, step="", writing=False, headers=session.last_headers
            ) from exc
        known = [
            (a.username, a.domain)
            for a in _owned(self.report, MastodonAccount)
            if host in (a.web_host, a.domain)
        ]
        known += [(ref.username, ref.domain) for ref in self._refs(MastodonRef)]  # named: they win
        me = mastodon_identity(raw, host, known)
        self.mastodon_me, self.mastodon_raw = me, raw
        proof = _closing_on_refusal(session, owner_of_mastodon)
        self.mastodon_owner = proof(me, self.report, self.institution, self.confirmed, self.language)
        return session

    async def _open_bluesky(self) -> BlueskySession:
        creds = self.credentials.bluesky
        if creds is None:
            raise self._missing(Platform.BLUESKY)
        session = BlueskySession(self.settings, self.pds(), creds.handle, creds.password, self.language)
        try:
            me = await call(session.login)
        except Exception as exc:
            session.close()
            raise describe(exc, session, self.language, step="", writing=False) from exc
        self.bluesky_me = me
        proof = _closing_on_refusal(session, owner_of_bluesky)
        self.bluesky_owner = proof(me, self.report, self.institution, self.confirmed, self.language)
        return session

    def headers(self, platform: Platform) -> Mapping[str, str] | None:
        """The last response's headers on ``platform`` (Mastodon's: a 429's retry time)."""
        return self.mastodon.last_headers if platform is Platform.MASTODON and self.mastodon else None

    # --- the texts -----------------------------------------------------------------------------------------

    def announcement(self) -> str:
        """The plan's announcement, naming the accounts apply logged in to (when it did)."""
        from ..plan import announcement_text

        step = self.plan.step("announce")
        if self.mastodon_me is None or self.bluesky_me is None:
            return next(a.content for a in step.artifacts if a.kind == "post")
        day = step.due or dt.date.today() + dt.timedelta(days=20)
        return announcement_text(
            self.text_language, self.mastodon_me.handle, f"@{self.bluesky_me.handle}", day
        )


# --- preparing ---------------------------------------------------------------------------------------------


def action(
    run: Run, step: str, platform: Platform, operation: Operation, method: str, endpoint: str
) -> ApplyAction:
    label = run.mastodon_label() if platform is Platform.MASTODON else run.bluesky_label()
    return ApplyAction(
        step=step,
        platform=platform,
        operation=operation,
        account=label,
        method=method,
        endpoint=endpoint,
        payload="",
    )


def todo(
    run: Run, step: str, platform: Platform, operation: Operation, method: str, endpoint: str
) -> Prepared:
    """A request to send, until what the services say makes it done or refused."""
    return Prepared(action(run, step, platform, operation, method, endpoint), "todo")


def amend(prepared: Prepared, **update: Any) -> Prepared:
    prepared.action = prepared.action.model_copy(update=update)
    return prepared


# --- writing -----------------------------------------------------------------------------------------------


def result_of(p: Prepared, *, dry_run: bool, language: Language) -> ApplyResult:
    """What a prepared request is before any write: in a dry run, or already done, skipped or
    refused; its words in ``language``."""
    error = p.error
    return ApplyResult(
        action=p.action,
        dry_run=dry_run,
        done=p.state == "done",
        sends=p.state == "todo",
        verified=p.verified if p.state == "done" else None,
        before=p.before,
        after=p.after,
        evidence=p.evidence,
        note=p.note,
        note_code=p.note_code,
        error=error.message if error else None,
        error_kind=error.kind if error else None,
        retry_after=error.retry_after if error else None,
        language=language,
    )


async def write(run: Run, prepared: Sequence[Prepared]) -> list[ApplyResult]:
    """The real run: each request to send is sent and read back; the others say why not."""
    results: list[ApplyResult] = []
    announced: list[tuple[Prepared, ApplyResult]] = []
    for p in prepared:
        group_failed = p.action.step == "announce" and any(
            not r.ok and r.action.operation == "post" for _, r in announced
        )
        if p.state != "todo" or p.write is None:
            result = result_of(p, dry_run=False, language=run.language)
        elif group_failed and p.action.operation == "post":
            first = next(r for _, r in announced if not r.ok)
            p.refuse(
                ApplyError(
                    ErrorKind.NOT_ATTEMPTED,
                    run.lang(W.NOT_SENT_MASTODON_POST_FAILED, error_kind=str(first.error_kind)),
                )
            )
            result = result_of(p, dry_run=False, language=run.language)
        else:
            result = await _write_one(run, p)
        if p.action.step == "announce":
            announced.append((p, result))
        results.append(result)
    return _say_partial(run, results)


async def _write_one(run: Run, p: Prepared) -> ApplyResult:
    assert p.write is not None  # noqa: S101 - checked by write()
    try:
        written = await p.write()
    except Exception as exc:  # every failure is a result, never a traceback with a token in it
        platform = p.action.platform
        error = describe(
            exc, SDKS[platform], run.language, step=p.action.step, writing=True, headers=run.headers(platform)
        )
        p.refuse(error)
        held_back = error.kind is ErrorKind.NOT_ATTEMPTED  # raised before sending: nothing went
        return result_of(p, dry_run=False, language=run.language).model_copy(update={"sends": not held_back})
    update = {"endpoint": written.endpoint, "payload": written.payload}
    action = p.action.model_copy(update={k: v for k, v in update.items() if v is not None})
    return ApplyResult(
        action=action,
        dry_run=False,
        done=written.sent,
        changed=written.sent,
        sends=written.sent,
        before=p.before,
        after=written.after,
        verified=written.verified,
        evidence=(*p.evidence, *written.evidence),
        note=written.note or p.note,
        note_code=written.note_code if written.note else p.note_code,
        language=run.language,
    )


def _say_partial(run: Run, results: list[ApplyResult]) -> list[ApplyResult]:
    """When the announcement went out on one network only: say so, and how to finish."""
    posts = [r for r in results if r.action.step == "announce" and r.action.operation == "post"]
    out_on = [r for r in posts if r.ok and r.done]
    failed = [r for r in posts if not r.ok]
    if not out_on or not failed:
        return results
    where = ", ".join(f"{r.action.platform.label} ({(r.after or '').split(': ')[-1]})" for r in out_on)
    missing = ", ".join(r.action.platform.label for r in failed)
    note = run.lang(W.ANNOUNCEMENT_OUT_ON_ONLY_NOT, where=where, missing=missing)
    update = {"note": note, "note_code": NoteCode.ANNOUNCED_ON_ONE_NETWORK}
    return [r.model_copy(update=update) if r in failed else r for r in results]
