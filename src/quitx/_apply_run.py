"""How ``quitx apply`` runs: every step prepared from the live accounts, then (``--yes``) written.

1. **Open** each network the steps need: log in, read who the credentials open, and prove it is
   an account the report attributes to the institution (or one named with ``--confirm-account``).
2. **Prepare** every step from what the services say now: the whole request that would go, the
   state before, the state it would leave, or why it is already done or cannot be done. A dry run
   stops here: it has read, and written nothing.
3. **Write** (real run): each prepared request whose step is not already done, then read back.

The announcement is one unit over both networks: its three requests (post and pin on Mastodon,
post on Bluesky) go out only if all three can, and a failure half-way says what went out and how
to finish — running the same command again, which recognises what is already posted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ._apply_models import ApplyAction, ApplyError, ApplyResult, ErrorKind, Language, ProfileRequest, t
from ._apply_rules import (
    BlueskyIdentity,
    Field,
    FieldPlan,
    MastodonIdentity,
    bluesky_facets,
    fields_payload,
    homepage,
    is_bluesky_announcement,
    is_mastodon_announcement,
    is_profile_url,
    owner_of_bluesky,
    owner_of_mastodon,
    plan_fields,
    show_fields,
)
from ._apply_sdk import BlueskySession, MastodonSession, describe
from ._text import html_to_text
from .handles import parse_ref
from .models import (
    BlueskyAccount,
    BlueskyRef,
    Institution,
    MastodonAccount,
    MastodonRef,
    Platform,
    Report,
)

if TYPE_CHECKING:
    from .config import Settings
    from .plan import MigrationPlan
    from .secrets import Credentials

__all__ = ["ENV_BLUESKY_PDS", "ENV_MASTODON_INSTANCE", "Run", "prepare", "write"]

ENV_MASTODON_INSTANCE = "QUITX_MASTODON_INSTANCE"  # the token's instance, when the report names none
ENV_BLUESKY_PDS = "QUITX_BLUESKY_PDS"  # the PDS to log in to, when the report names none
DEFAULT_PDS = "https://bsky.social"
BLUESKY_MAX_GRAPHEMES = 300
MASTODON_MAX_PINS = 5
MASTODON_PAGES = 3  # statuses read back for an announcement already posted (3 × 40, plus the pinned)
BLUESKY_PAGES = 2  # posts read back (2 × 100)
_UPDATE = "/api/v1/accounts/update_credentials"

T = TypeVar("T")
State = Literal["done", "todo", "refused"]


@dataclass
class Written:
    """What a write left, read back."""

    after: str | None
    verified: bool | None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    endpoint: str | None = None  # where the request went, once known (the id of a post to pin)


@dataclass
class Prepared:
    """One request, prepared from the live account: to send, already done, or refused."""

    action: ApplyAction
    state: State
    before: str | None = None
    after: str | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    error: ApplyError | None = None
    verified: bool | None = None  # for a step already done: does the account prove it?
    write: Callable[[], Awaitable[Written]] | None = None

    def refuse(self, error: ApplyError) -> None:
        self.state, self.error, self.write = "refused", error, None


async def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
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
    mastodon: MastodonSession | None = None
    mastodon_me: MastodonIdentity | None = None
    mastodon_raw: dict[str, Any] = field(default_factory=dict)  # verify_credentials, as read
    mastodon_owner: str = ""
    bluesky: BlueskySession | None = None
    bluesky_me: BlueskyIdentity | None = None
    bluesky_owner: str = ""
    _failed: dict[Platform, ApplyError] = field(default_factory=dict)
    posted_status: str | None = None  # the Mastodon announcement (found or posted): what to pin

    def t(self, fr: str, en: str) -> str:
        return t(self.language, fr, en)

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
        why = self.credentials.why_missing(platform.value)
        if platform is Platform.MASTODON:
            text = self.t(
                "aucun jeton Mastodon : définir QUITX_MASTODON_TOKEN ou l’enregistrer dans le trousseau "
                "(keyring set quitx mastodon:@compte@instance)",
                "no Mastodon token: set QUITX_MASTODON_TOKEN or store it in the keyring "
                "(keyring set quitx mastodon:@account@instance)",
            )
        else:
            text = self.t(
                "aucun identifiant Bluesky : définir QUITX_BLUESKY_HANDLE et QUITX_BLUESKY_APP_PASSWORD, "
                "ou enregistrer le mot de passe d’application dans le trousseau (keyring set quitx "
                "bluesky:<pseudo>)",
                "no Bluesky credentials: set QUITX_BLUESKY_HANDLE and QUITX_BLUESKY_APP_PASSWORD, or store "
                "the app password in the keyring (keyring set quitx bluesky:<handle>)",
            )
        if why:
            text += self.t(f" — {why}", f" — {why}")
        return ApplyError(ErrorKind.MISSING_CREDENTIALS, text)

    async def _open_mastodon(self) -> MastodonSession:
        creds = self.credentials.mastodon
        if creds is None:
            raise self._missing(Platform.MASTODON)
        host = self.mastodon_host()
        if host is None:
            raise ApplyError(
                ErrorKind.NOT_APPLICABLE,
                self.t(
                    "le rapport n’attribue aucun compte Mastodon à l’établissement : nommer le compte du "
                    "jeton "
                    f"avec --confirm-account @compte@instance (ou l’instance avec {ENV_MASTODON_INSTANCE})",
                    f"the report attributes no Mastodon account to the institution: name the token's account "
                    "with --confirm-account @account@instance (or its instance with "
                    f"{ENV_MASTODON_INSTANCE})",
                ),
            )
        session = MastodonSession(self.settings, host, creds.token, self.language)
        try:
            raw = await _call(session.verify)
        except Exception as exc:
            session.close()
            raise describe(
                exc, Platform.MASTODON, self.language, step="", writing=False, headers=session.last_headers
            ) from exc
        username = str(raw.get("username", ""))
        domain = host
        for account in _owned(self.report, MastodonAccount):
            if account.username.casefold() == username.casefold() and host in (
                account.web_host,
                account.domain,
            ):
                domain = account.domain
        for ref in self._refs(MastodonRef):
            if ref.username.casefold() == username.casefold():
                domain = ref.domain
        me = MastodonIdentity(
            id=str(raw.get("id", "")),
            username=username,
            host=host,
            domain=domain.lower(),
            url=str(raw.get("url") or f"https://{host}/@{username}"),
        )
        self.mastodon_me, self.mastodon_raw = me, raw
        proof = _closing_on_refusal(session, owner_of_mastodon)
        self.mastodon_owner = proof(me, self.report, self.institution, self.confirmed, self.language)
        return session

    async def _open_bluesky(self) -> BlueskySession:
        creds = self.credentials.bluesky
        if creds is None:
            raise self._missing(Platform.BLUESKY)
        session = BlueskySession(self.settings, self.pds(), creds.handle, creds.password)
        try:
            me = await _call(session.login)
        except Exception as exc:
            session.close()
            raise describe(exc, Platform.BLUESKY, self.language, step="", writing=False) from exc
        self.bluesky_me = me
        proof = _closing_on_refusal(session, owner_of_bluesky)
        self.bluesky_owner = proof(me, self.report, self.institution, self.confirmed, self.language)
        return session

    # --- the texts -----------------------------------------------------------------------------------------

    def announcement(self) -> str:
        """The plan's announcement, naming the accounts apply logged in to (when it did)."""
        from .plan import announcement_text

        step = self.plan.step("announce")
        if self.mastodon_me is None or self.bluesky_me is None:
            return next(a.content for a in step.artifacts if a.kind == "post")
        day = step.due or dt.date.today() + dt.timedelta(days=20)
        return announcement_text(self.language, self.mastodon_me.handle, f"@{self.bluesky_me.handle}", day)


# --- preparing ---------------------------------------------------------------------------------------------


def _action(
    run: Run, step: str, platform: Platform, operation: Any, method: str, endpoint: str
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


def _todo(run: Run, step: str, platform: Platform, operation: Any, method: str, endpoint: str) -> Prepared:
    """A request to send, until what the services say makes it done or refused."""
    return Prepared(_action(run, step, platform, operation, method, endpoint), "todo")


def _with(prepared: Prepared, **update: Any) -> Prepared:
    prepared.action = prepared.action.model_copy(update=update)
    return prepared


def _source_fields(raw: Mapping[str, Any], language: Language) -> list[Field]:
    """The fields as typed (``source.fields``), with each one's verified_at from ``fields``."""
    source = raw.get("source")
    typed = source.get("fields") if isinstance(source, Mapping) else None
    if not isinstance(typed, list):
        raise ApplyError(
            ErrorKind.PRECONDITION,
            t(
                language,
                "le serveur n’a pas donné les champs tels que saisis (source.fields) : apply ne peut pas "
                "les garder à l’identique. Rien n’a été envoyé.",
                "the server did not give the fields as typed (source.fields): apply cannot keep them as "
                "they are. Nothing was sent.",
            ),
        )
    shown = [f for f in raw.get("fields") or [] if isinstance(f, Mapping)]
    out = []
    for i, f in enumerate(typed):
        name = str(f.get("name", ""))
        verified = f.get("verified_at")
        if i < len(shown) and str(shown[i].get("name", "")) == name:
            verified = shown[i].get("verified_at") or verified
        out.append(
            Field(name=name, value=str(f.get("value", "")), verified_at=str(verified) if verified else None)
        )
    return out


async def _verified_note(
    run: Run, fields: Sequence[Field], index: int
) -> tuple[bool, tuple[str, ...], str | None]:
    """(verified, evidence, what to do) for the website field, from the fields read back: when it is
    not green yet, whether the homepage links back says what is left (add the link, or wait)."""
    f = fields[index] if index < len(fields) else None
    me = run.mastodon_me
    if f is None or me is None:
        return False, ("the website field is not there after the update",), None
    if f.verified_at:
        return True, (f"[{index}] {f.name} = {f.value}: verified_at {f.verified_at}",), None
    back, seen = await _links_back(run, me)
    site = homepage(run.institution) or ""
    evidence = (f"[{index}] {f.name} = {f.value}: verified_at null", *seen)
    if back:
        return (
            False,
            evidence,
            run.t(
                f'la page {site} renvoie bien au profil (rel="me") : Mastodon vérifie le lien en tâche de '
                "fond ; "
                "regarder de nouveau dans quelques minutes (« quitx apply mastodon-verification » sans "
                "--yes)",
                f'{site} does link back to the profile (rel="me"): Mastodon checks the link in the '
                "background; "
                'look again in a few minutes ("quitx apply mastodon-verification" without --yes)',
            ),
        )
    return (
        False,
        evidence,
        run.t(
            f"verified_at est encore vide : Mastodon ne met le lien en vert que si la page {site} contient "
            f'<a rel="me" href="{me.url}">Mastodon</a> (ou la balise <link rel="me">)'
            + (" — la page n’a pas pu être lue" if back is None else "")
            + " ; l’ajouter puis relancer « quitx apply mastodon-verification --yes » (enregistrer le profil "
            "déclenche la vérification)",
            f"verified_at is still null: Mastodon turns the link green only when {site} holds "
            f'<a rel="me" href="{me.url}">Mastodon</a> (or <link rel="me">)'
            + (" — the page could not be read" if back is None else "")
            + '; add it, then run "quitx apply mastodon-verification --yes" again (saving the profile '
            "is what triggers the check)",
        ),
    )


async def _prepare_field(run: Run, step: str) -> Prepared:
    p = _todo(run, step, Platform.MASTODON, "profile-field", "PATCH", run.mastodon_url(_UPDATE))
    m = await run.masto()
    current = _source_fields(run.mastodon_raw, run.language)
    p = _with(p, account=run.mastodon_label())
    p.before = show_fields(current, run.language)
    p.evidence = (run.mastodon_owner,)
    try:
        fp: FieldPlan = plan_fields(current, run.institution, run.language)
    except ApplyError as exc:  # a full profile: nothing to send, and the fields shown
        p.refuse(exc)
        return p
    p = _with(p, payload=fields_payload(fp.fields) if fp.sends else "")
    if fp.state == "done":
        f = current[fp.index]
        p.state, p.after, p.verified = "done", p.before, True
        p.evidence += (f"[{fp.index}] {f.name} = {f.value}: verified_at {f.verified_at}",)
        return p
    p.after = fp.diff(run.language)
    if fp.state == "recheck" and not await _recheck_worth_it(run, p):
        return p

    async def write() -> Written:
        await _call(m.update, fields=list(fp.fields))
        back = await _call(m.verify)
        got = _source_fields(back, run.language)
        same = [(f.name, f.value) for f in got] == list(fp.fields)
        verified, seen, note = await _verified_note(run, got, fp.index)
        kept = (
            "fields read back: exactly as sent, every other field byte for byte"
            if same
            else "fields read back DIFFER from what was sent: " + show_fields(got, "en")
        )
        return Written(show_fields(got, run.language), same and verified, (kept, *seen), note)

    p.write = write
    return p


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


async def _links_back(run: Run, me: MastodonIdentity) -> tuple[bool | None, tuple[str, ...]]:
    """Whether the homepage links to the profile with rel="me" (None: the page could not be read)."""
    from .lookup import Prober
    from .models import Verdict
    from .probes.website import probe_website

    site = homepage(run.institution) or ""
    async with Prober(run.settings) as prober:
        page = await probe_website(prober.engine, site)
    seen = tuple(f"{e.request}: {e.outcome}" for e in page.evidence)
    if page.verdict is not Verdict.PRESENT:
        return None, seen
    return any(link.rel_me and is_profile_url(link.url, me) for link in page.links), seen


async def _recheck_worth_it(run: Run, p: Prepared) -> bool:
    """The website field is there, not verified: saving it again helps only once the homepage links
    back. Says what to do (and refuses: nothing to send) when it does not yet."""
    me = run.mastodon_me
    assert me is not None  # noqa: S101 - set by masto()
    back, seen = await _links_back(run, me)
    site = homepage(run.institution) or ""
    p.evidence += seen
    if back is False:
        p.refuse(
            ApplyError(
                ErrorKind.PRECONDITION,
                run.t(
                    f"le champ du site est là, mais Mastodon ne le vérifiera pas : la page {site} ne "
                    "contient "
                    'pas de lien rel="me" vers le profil. Y ajouter <a rel="me" '
                    f'href="{me.url}">Mastodon</a> '
                    '(ou <link rel="me">), puis relancer. Rien n’a été envoyé.',
                    f'the website field is there, but Mastodon will not verify it: {site} holds no rel="me" '
                    f'link to the profile. Add <a rel="me" href="{me.url}">Mastodon</a> (or <link rel="me">) '
                    "to it, then run again. Nothing was sent.",
                ),
            )
        )
        p.after = None
        return False
    p.note = run.t(
        "le champ du site est là, pas encore vérifié"
        + (
            ' ; la page d’accueil renvoie au profil (rel="me")'
            if back
            else " ; la page d’accueil n’a pas pu être lue"
        )
        + " : les champs sont renvoyés tels quels, ce qui fait revérifier le lien par Mastodon",
        "the website field is there, not verified yet"
        + ('; the homepage links back (rel="me")' if back else "; the homepage could not be read")
        + ": the fields are sent again as they are, which makes Mastodon check the link again",
    )
    return True


def _changes(pairs: Iterable[tuple[str, str | None, str]]) -> dict[str, str]:
    """{attribute: new} for the attributes asked (new is not None) whose value differs."""
    return {key: new for key, new, old in pairs if new is not None and new != old}


async def _prepare_mastodon_profile(run: Run, step: str) -> Prepared:
    p = _todo(run, step, Platform.MASTODON, "profile", "PATCH", run.mastodon_url(_UPDATE))
    m = await run.masto()
    raw = run.mastodon_raw
    source = _mapping(raw.get("source"))
    note = (
        str(source.get("note"))
        if source.get("note") is not None
        else html_to_text(str(raw.get("note") or ""), newlines=True)
    )
    name = str(raw.get("display_name") or "")
    asked = run.profile
    changes = _changes((("display_name", asked.display_name, name), ("note", asked.bio, note)))
    shown = [("display_name", name)] if asked.display_name is not None else []
    shown += [("note", note)] if asked.bio is not None else []
    p.before = "\n".join(f"{k}={v}" for k, v in shown)
    p.evidence = (run.mastodon_owner,)
    p = _with(p, account=run.mastodon_label(), payload="\n".join(f"{k}={v}" for k, v in changes.items()))
    if not changes:
        p.state, p.after = "done", p.before
        return p
    p.after = "\n".join(f"{k}={changes.get(k, v)}" for k, v in shown)

    async def write() -> Written:
        await _call(m.update, **changes)
        back = await _call(m.verify)
        back_source = _mapping(back.get("source"))
        values = {
            "display_name": str(back.get("display_name") or ""),
            "note": str(back_source.get("note") or ""),
        }
        ok = all(values[k] == v for k, v in changes.items())
        after = "\n".join(f"{k}={values[k]}" for k, _ in shown)
        return Written(after, ok, (f"profile read back from {m.host}",))

    p.write = write
    return p


def _record_text(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)


async def _prepare_bluesky_profile(run: Run, step: str) -> Prepared:
    p = _todo(
        run,
        step,
        Platform.BLUESKY,
        "profile",
        "com.atproto.repo.putRecord",
        run.pds_url("com.atproto.repo.putRecord"),
    )
    b = await run.bsky()
    record, cid = await _call(b.profile)
    asked = run.profile
    changes = _changes(
        (
            ("displayName", asked.display_name, str(record.get("displayName") or "")),
            ("description", asked.bio, str(record.get("description") or "")),
        )
    )
    new = {**record, **changes}  # every other field (avatar, banner, pinnedPost…) as it is
    data = {"repo": b.did, "collection": "app.bsky.actor.profile", "rkey": "self", "record": new}
    if cid:
        data["swapRecord"] = cid
    p = _with(
        p,
        account=run.bluesky_label(),
        payload=json.dumps(data, ensure_ascii=False, indent=2, default=str) if changes else "",
    )
    p.before = _record_text(record)
    p.evidence = (run.bluesky_owner,)
    if not changes:
        p.state, p.after = "done", p.before
        return p
    p.after = _record_text(new)

    async def write() -> Written:
        await _call(b.put_profile, new, cid)
        back, back_cid = await _call(b.profile)
        kept = all(back.get(k) == v for k, v in record.items() if k not in changes)
        applied = all(back.get(k) == v for k, v in changes.items())
        return Written(
            _record_text(back),
            kept and applied,
            (
                f"profile record read back (cid {back_cid}): changes {'applied' if applied else 'MISSING'}, "
                f"other fields {'kept' if kept else 'CHANGED'}",
            ),
        )

    p.write = write
    return p


def _missing_record_text(run: Run, domain: str, did: str) -> str:
    return run.t(
        f'publier l’un des deux : l’enregistrement DNS « _atproto.{domain}. 3600 IN TXT "did={did}" » '
        f"ou le fichier https://{domain}/.well-known/atproto-did contenant seulement « {did} »",
        f'publish one of: the DNS record `_atproto.{domain}. 3600 IN TXT "did={did}"` or the file '
        f"https://{domain}/.well-known/atproto-did holding only `{did}`",
    )


async def _check_handle_resolution(run: Run, domain: str, did: str) -> tuple[str, ...]:
    """Before the switch: the domain must resolve to ``did``. Raises otherwise."""
    from .lookup import Prober
    from .probes.bluesky_identity import resolve_handle

    async with Prober(run.settings) as prober:
        resolution = await resolve_handle(prober.engine, domain)
    seen = tuple(f"{e.request}: {e.outcome}" for e in resolution.evidence)
    if resolution.did == did:
        return seen
    record = _missing_record_text(run, domain, did)
    if resolution.did is not None:
        raise ApplyError(
            ErrorKind.PRECONDITION,
            run.t(
                f"{domain} désigne un autre compte ({resolution.did}), pas {did} : remplacer la valeur ; "
                f"{record}. Rien n’a été envoyé.",
                f"{domain} points to another account ({resolution.did}), not {did}: replace it; {record}. "
                "Nothing was sent.",
            ),
        )
    why = resolution.detail or "no DID found"
    raise ApplyError(
        ErrorKind.PRECONDITION,
        run.t(
            f"{domain} ne désigne encore aucun compte ({why}) : {record}, attendre la propagation, puis "
            "relancer. Rien n’a été envoyé.",
            f"{domain} does not point to any account yet ({why}): {record}, wait for it to propagate, then "
            "run again. Nothing was sent.",
        ),
    )


async def _verify_handle(run: Run, handle: str, did: str) -> tuple[bool, tuple[str, ...]]:
    from .lookup import Prober
    from .probes.bluesky_identity import identify

    async with Prober(run.settings) as prober:
        identity = await identify(prober.engine, BlueskyRef(handle=handle))
    ok = identity.account is not None and identity.account.did == did and identity.account.handle_verified
    lines = tuple(f"{e.request}: {e.outcome}" for e in identity.evidence)
    if ok:
        return True, (f"@{handle} ↔ {did}: both directions agree", *lines)
    return False, (f"@{handle}: {identity.detail or 'not verified yet'}", *lines)


async def _prepare_handle(run: Run, step: str) -> Prepared:
    domain = (run.institution.domain or "").lower()
    p = _todo(
        run,
        step,
        Platform.BLUESKY,
        "handle",
        "com.atproto.identity.updateHandle",
        run.pds_url("com.atproto.identity.updateHandle"),
    )
    if not domain:
        raise ApplyError(ErrorKind.NOT_APPLICABLE, run.t("aucun domaine indiqué", "no domain given"))
    b = await run.bsky()
    me = run.bluesky_me
    assert me is not None  # noqa: S101 - set by bsky()
    p = _with(p, account=run.bluesky_label(), payload=json.dumps({"handle": domain}))
    p.before = f"handle={me.handle} ({me.did})"
    if me.handle.lower() == domain:
        verified, seen = await _verify_handle(run, domain, me.did)
        p.state, p.after, p.evidence = "done", p.before, (run.bluesky_owner, *seen)
        p.verified = verified
        return p
    served = await _call(b.served_domains)
    if any(domain.endswith(d if d.startswith(".") else "." + d) for d in served):
        checked: tuple[str, ...] = (f"{domain} is under a domain this PDS serves ({', '.join(served)})",)
    else:
        checked = await _check_handle_resolution(run, domain, me.did)  # raises: nothing to send
    p.after = f"handle={domain} ({me.did})"
    p.evidence = (run.bluesky_owner, *checked)

    async def write() -> Written:
        await _call(b.update_handle, domain)
        now = await _call(b.whoami)
        verified, seen = await _verify_handle(run, domain, now.did)
        note = None
        if not verified:
            note = run.t(
                "le pseudo est changé, mais la vérification dans les deux sens n’aboutit pas encore : "
                "relancer quitx check dans quelques minutes",
                "the handle is switched, but the two-way check does not pass yet: run quitx check again in "
                "a few minutes",
            )
        return Written(f"handle={now.handle} ({now.did})", verified, (*checked, *seen), note)

    p.write = write
    return p


def _graphemes(text: str) -> int:
    import unicodedata

    return sum(1 for ch in text if not unicodedata.combining(ch) and ch not in "\u200d\ufe0f")


def _status_where(status: Mapping[str, Any]) -> str:
    return str(status.get("url") or status.get("uri") or status.get("id"))


async def _prepare_announce(run: Run, step: str) -> list[Prepared]:
    """The three requests of the announcement, each done, to send or refused — then all or nothing."""
    post = _todo(run, step, Platform.MASTODON, "post", "POST", run.mastodon_url("/api/v1/statuses"))
    pin = _todo(run, step, Platform.MASTODON, "pin", "POST", run.mastodon_url("/api/v1/statuses/<id>/pin"))
    sky = _todo(
        run,
        step,
        Platform.BLUESKY,
        "post",
        "com.atproto.repo.createRecord",
        run.pds_url("com.atproto.repo.createRecord"),
    )
    try:
        await run.masto()
    except ApplyError as exc:
        post.refuse(exc)
        pin.refuse(exc)
    try:
        await run.bsky()
    except ApplyError as exc:
        sky.refuse(exc)
    for p in (post, pin):  # the accounts logged in to, even when they are refused
        _with(p, account=run.mastodon_label())
    _with(sky, account=run.bluesky_label())
    text = run.announcement()
    if post.state != "refused":
        try:
            await _prepare_mastodon_announce(run, post, pin, text)
        except Exception as exc:  # a service error while reading: nothing was written
            error = describe(
                exc,
                Platform.MASTODON,
                run.language,
                step=step,
                writing=False,
                headers=_headers(run, Platform.MASTODON),
            )
            post.refuse(error)
            pin.refuse(error)
    if sky.state != "refused":
        try:
            await _prepare_bluesky_announce(run, sky, text)
        except Exception as exc:
            sky.refuse(describe(exc, Platform.BLUESKY, run.language, step=step, writing=False))
    group = [post, pin, sky]
    blockers = [p for p in group if p.state == "refused"]
    if blockers:
        why = "; ".join(
            f"{b.action.platform.label} ({b.action.operation}): {b.error.message if b.error else '?'}"
            for b in blockers
        )
        for p in group:
            if p.state == "todo":
                p.refuse(
                    ApplyError(
                        ErrorKind.NOT_ATTEMPTED,
                        run.t(
                            "pas envoyé : l’annonce part sur les deux réseaux ou sur aucun, et l’autre "
                            "moitié ne "
                            f"peut pas partir — {why}",
                            "not sent: the announcement goes out on both networks or on neither, and the "
                            "other "
                            f"half cannot — {why}",
                        ),
                    )
                )
    return group


async def _prepare_mastodon_announce(run: Run, post: Prepared, pin: Prepared, text: str) -> None:
    m = await run.masto()
    me = run.mastodon_me
    assert me is not None  # noqa: S101 - set by masto()
    label = run.mastodon_label()
    _with(post, account=label, payload=f"status={text}\nvisibility=public\nlanguage={run.language}")
    _with(pin, account=label)
    post.evidence = pin.evidence = (run.mastodon_owner,)
    pinned = await _call(m.statuses, me.id, pinned=True)
    recent = await _call(m.statuses, me.id, pages=MASTODON_PAGES)
    pinned_ids = {str(s.get("id")) for s in pinned}
    found = {str(s.get("id")): s for s in [*pinned, *recent] if is_mastodon_announcement(s, me)}
    pinned_found = [s for s in pinned if str(s.get("id")) in found]
    if found:
        newest = max(found.values(), key=lambda s: str(s.get("created_at") or ""))
        chosen = pinned_found[0] if pinned_found else newest
        run.posted_status = str(chosen.get("id"))
        post.state = "done"
        post.before = post.after = run.t("déjà publiée : ", "already posted: ") + _status_where(chosen)
        _with(post, payload="")
        post.evidence += (
            run.t(
                f"reconnue à sa mention du compte lui-même et de Bluesky ({len(found)} trouvée(s)), quelle "
                "que "
                "soit la langue ou la date",
                f"recognised by its mention of the account itself and of Bluesky ({len(found)} found), "
                "whatever its language or date",
            ),
        )
    else:
        post.before = run.t("pas publiée", "not posted")
        post.after = run.t("publiée", "posted")

        async def write_post() -> Written:
            key = hashlib.sha256(f"quitx-announce\n{me.handle}\n{text}".encode()).hexdigest()[:32]
            status = await _call(m.post, text, run.language, key)
            run.posted_status = str(status["id"])
            back = await _call(m.status, run.posted_status)
            ok = is_mastodon_announcement(back, me)
            return Written(
                run.t("publiée : ", "posted: ") + _status_where(back),
                ok,
                (
                    f"read back: {_status_where(back)}; "
                    + ("recognised as the announcement" if ok else "NOT recognised as the announcement"),
                ),
            )

        post.write = write_post
    _with(pin, endpoint=run.mastodon_url(f"/api/v1/statuses/{run.posted_status or '<id>'}/pin"))
    if pinned_found:
        pin.state = "done"
        pin.before = pin.after = run.t("épinglée", "pinned")
        if len(pinned_found) > 1:
            pin.note = run.t(
                f"{len(pinned_found)} annonces sont épinglées : en désépingler toutes sauf une (apply ne "
                "désépingle ni ne supprime rien)",
                f"{len(pinned_found)} announcements are pinned: unpin all but one (apply unpins and deletes "
                "nothing)",
            )
        return
    if len(pinned_ids) >= MASTODON_MAX_PINS:
        pin.refuse(
            ApplyError(
                ErrorKind.PRECONDITION,
                run.t(
                    f"le compte a déjà {len(pinned_ids)} publications épinglées, le maximum de Mastodon : en "
                    "désépingler une, puis relancer. Rien n’a été envoyé.",
                    f"the account already has {len(pinned_ids)} pinned posts, Mastodon's maximum: unpin one, "
                    "then run again. Nothing was sent.",
                ),
            )
        )
        return
    pin.before = run.t("pas épinglée", "not pinned")
    pin.after = run.t("épinglée", "pinned")

    async def write_pin() -> Written:
        sid = run.posted_status
        if sid is None:
            raise ApplyError(
                ErrorKind.NOT_ATTEMPTED,
                run.t("pas d’annonce publiée à épingler", "no announcement posted to pin"),
            )
        await _call(m.pin, sid)
        now = await _call(m.statuses, me.id, pinned=True)
        ok = any(str(s.get("id")) == sid for s in now)
        return Written(
            endpoint=run.mastodon_url(f"/api/v1/statuses/{sid}/pin"),
            after=run.t("épinglée", "pinned") if ok else run.t("pas encore visible", "not visible yet"),
            verified=ok,
            evidence=(f"pinned statuses read back: status {sid} {'present' if ok else 'absent'}",),
        )

    pin.write = write_pin


async def _prepare_bluesky_announce(run: Run, sky: Prepared, text: str) -> None:
    b = await run.bsky()
    me = run.bluesky_me
    assert me is not None  # noqa: S101 - set by bsky()
    mastodon = run.mastodon_me
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text, "langs": [run.language]}
    if mastodon is not None:
        record["facets"] = bluesky_facets(text, me, mastodon.handle, mastodon.url)
    _with(
        sky,
        account=run.bluesky_label(),
        payload=json.dumps(
            {"repo": me.did, "collection": "app.bsky.feed.post", "record": record},
            ensure_ascii=False,
            indent=2,
        ),
    )
    sky.evidence = (run.bluesky_owner,)
    if _graphemes(text) > BLUESKY_MAX_GRAPHEMES:
        sky.refuse(
            ApplyError(
                ErrorKind.PRECONDITION,
                run.t(
                    f"l’annonce dépasse {BLUESKY_MAX_GRAPHEMES} caractères, la limite de Bluesky : la "
                    "raccourcir",
                    f"the announcement is longer than Bluesky's {BLUESKY_MAX_GRAPHEMES} characters: shorten "
                    "it",
                ),
            )
        )
        return
    found = [(uri, r) for uri, r in await _call(b.posts, BLUESKY_PAGES) if is_bluesky_announcement(r, me)]
    if found:
        uri = found[0][0]
        sky.state = "done"
        _with(sky, payload="")
        sky.before = sky.after = run.t("déjà publiée : ", "already posted: ") + uri
        sky.evidence += (
            run.t(
                "reconnue à sa mention du compte lui-même (son DID) et de Mastodon, quelle que soit la "
                "langue ou "
                "la date",
                "recognised by its mention of the account itself (its DID) and of Mastodon, whatever its "
                "language "
                "or date",
            ),
        )
        return
    sky.before = run.t("pas publiée", "not posted")
    sky.after = run.t("publiée", "posted")
    domain = (run.institution.domain or "").lower()
    if domain and me.handle.lower() != domain:
        sky.note = run.t(
            f"l’annonce donne le pseudo actuel, @{me.handle} ; pour annoncer @{domain}, faire d’abord "
            "l’étape bluesky-domain-handle",
            f"the announcement gives the current handle, @{me.handle}; to announce @{domain}, do the "
            "bluesky-domain-handle step first",
        )

    async def write() -> Written:
        created = {**record, "createdAt": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")}
        uri, cid = await _call(b.create_post, created)
        back = dict(await _call(b.posts, 1))
        ok = uri in back and is_bluesky_announcement(back[uri], me)
        return Written(
            run.t("publiée : ", "posted: ") + uri,
            ok,
            (f"read back from the repository: {uri} (cid {cid})" + ("" if ok else ": NOT recognised"),),
        )

    sky.write = write


_PREPARE: dict[str, Callable[[Run, str], Awaitable[Prepared]]] = {
    "mastodon-verification": _prepare_field,
    "mastodon-profile": _prepare_mastodon_profile,
    "bluesky-profile": _prepare_bluesky_profile,
    "bluesky-domain-handle": _prepare_handle,
}
_PLATFORM = {
    "mastodon-verification": (Platform.MASTODON, "profile-field"),
    "mastodon-profile": (Platform.MASTODON, "profile"),
    "bluesky-profile": (Platform.BLUESKY, "profile"),
    "bluesky-domain-handle": (Platform.BLUESKY, "handle"),
}


async def prepare(run: Run, steps: Sequence[str]) -> list[Prepared]:
    """Every step, prepared from the live accounts; a step that cannot be prepared is refused."""
    out: list[Prepared] = []
    for step in steps:
        if step == "announce":
            out += await _prepare_announce(run, step)
            continue
        platform, operation = _PLATFORM[step]
        try:
            out.append(await _PREPARE[step](run, step))
        except ApplyError as exc:
            p = Prepared(_action(run, step, platform, operation, "", ""), "refused")
            p.refuse(exc)
            out.append(p)
        except Exception as exc:  # a service error while reading: nothing was written
            p = Prepared(_action(run, step, platform, operation, "", ""), "refused")
            p.refuse(
                describe(
                    exc, platform, run.language, step=step, writing=False, headers=_headers(run, platform)
                )
            )
            out.append(p)
    return out


def _headers(run: Run, platform: Platform) -> Mapping[str, str] | None:
    return run.mastodon.last_headers if platform is Platform.MASTODON and run.mastodon else None


# --- writing -----------------------------------------------------------------------------------------------


def result_of(p: Prepared, *, dry_run: bool) -> ApplyResult:
    """What a prepared request is before any write: in a dry run, or already done, or refused."""
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
        error=error.message if error else None,
        error_kind=error.kind if error else None,
        retry_after=error.retry_after if error else None,
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
            result = result_of(p, dry_run=False)
        elif group_failed and p.action.operation == "post":
            first = next(r for _, r in announced if not r.ok)
            p.refuse(
                ApplyError(
                    ErrorKind.NOT_ATTEMPTED,
                    run.t(
                        f"pas envoyé : la publication sur Mastodon a échoué ({first.error_kind}), l’annonce "
                        "part sur "
                        "les deux réseaux ou sur aucun ; corriger puis relancer la même commande",
                        f"not sent: the Mastodon post failed ({first.error_kind}), the announcement goes "
                        "out on both "
                        "networks or on neither; fix it, then run the same command again",
                    ),
                )
            )
            result = result_of(p, dry_run=False)
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
        error = describe(
            exc,
            p.action.platform,
            run.language,
            step=p.action.step,
            writing=True,
            headers=_headers(run, p.action.platform),
        )
        p.refuse(error)
        return result_of(p, dry_run=False).model_copy(update={"sends": True})
    action = p.action.model_copy(update={"endpoint": written.endpoint}) if written.endpoint else p.action
    return ApplyResult(
        action=action,
        dry_run=False,
        done=True,
        changed=True,
        sends=True,
        before=p.before,
        after=written.after,
        verified=written.verified,
        evidence=(*p.evidence, *written.evidence),
        note=written.note or p.note,
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
    note = run.t(
        f"l’annonce n’est publiée que sur {where}, pas sur {missing}. Pour finir : corriger l’erreur "
        "ci-dessus "
        "puis relancer la même commande avec --yes — ce qui est déjà publié est reconnu et n’est pas "
        "republié.",
        f"the announcement is out on {where} only, not on {missing}. To finish: fix the error above, then "
        "run "
        "the same command again with --yes — what is already posted is recognised and not posted again.",
    )
    return [r.model_copy(update={"note": note}) if r in failed else r for r in results]
