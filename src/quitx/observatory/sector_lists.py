"""What a sector does with its verified accounts: lists built on an institution's own accounts.

From a batch's reports, with the institution's (the *owner's*) credentials:

- **Bluesky**: a list (``app.bsky.graph.list``, purpose ``curatelist``: a feed of the sector's
  posts anyone can pin), and a starter pack (``app.bsky.graph.starterpack``) whose members are a
  second list (purpose ``referencelist``, as the Bluesky app makes them), each member an
  ``app.bsky.graph.listitem`` record — all in the owner's own repository, through atproto's client;
- **Mastodon**: a list on the owner's account (Mastodon.py). Mastodon adds to a list only accounts
  the owner *follows*: each member not followed yet is followed first (boosts shown, no
  notification), which its account sees — the dry run lists every follow it would send; with
  ``follow=False`` only accounts already followed are added. A locked account answers a follow with
  a request: it is added by a later run, once accepted. An account the owner's server cannot find
  is listed, never guessed;
- a **follow file** in Mastodon's own import format (Preferences → Import and export → Import,
  "Following list": ``Account address,Show boosts,Notify on new posts,Languages``), for anyone.

Members are the accounts each report attributes to its institution — verified, or linked from its
website — never a candidate found by name; suspended, deactivated and moved accounts are left out.

Like ``quitx apply``: a dry run (the default) logs in, reads, and shows every write it would send;
writes go only to the logged-in account, once proven to be the owner institution's (its report
attributes it, or ``confirm_accounts`` names it — the identity rules of ``quitx apply``); a re-run
adds only what is missing (lists and starter packs are found by name, members by DID or account).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ..errors import ApplyError, ErrorKind
from ..i18n import Language
from ..models import Activity, BlueskyAccount, Confidence, MastodonAccount, Platform, Report
from ..models.base import _Frozen

if TYPE_CHECKING:
    from ..apply.bluesky_sdk import BlueskySession
    from ..apply.mastodon_sdk import MastodonSession
    from ..config import Settings
    from ..secrets import Credentials

__all__ = [
    "FOLLOW_CSV_HEADER",
    "ListMember",
    "ListResult",
    "ListWrite",
    "SectorLists",
    "build_lists",
    "follow_csv",
    "members",
]

FOLLOW_CSV_HEADER = "Account address,Show boosts,Notify on new posts,Languages"
BLUESKY_NAME_MAX = 64  # app.bsky.graph.list: name, 64 characters at most
_GONE = (Activity.SUSPENDED, Activity.DEACTIVATED, Activity.MOVED)
Operation = Literal["create-list", "add-to-list", "create-starter-pack", "follow"]


class ListMember(_Frozen):
    platform: Platform
    institution: str
    handle: str
    acct: str | None = None  # Mastodon: user@domain
    did: str | None = None  # Bluesky
    confidence: Confidence


class ListWrite(_Frozen):
    """One request the run sends (or would send)."""

    platform: Platform
    operation: Operation
    account: str  # the logged-in account, as its service says
    endpoint: str
    subject: str  # the list's name, or the member
    payload: str  # the whole record or body, as JSON text ("" when the dry run cannot know it yet)


class ListResult(_Frozen):
    write: ListWrite
    dry_run: bool
    done: bool  # in effect: written now, or already there
    changed: bool = False  # written by this run
    sends: bool = False  # a dry run: the real run sends this write
    note: str | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None


class SectorLists(_Frozen):
    """What a run did (or would do) on each network."""

    members: tuple[ListMember, ...]
    results: tuple[ListResult, ...] = ()
    owners: tuple[str, ...] = ()  # why each logged-in account is the owner's (evidence)
    errors: tuple[str, ...] = ()  # a network that could not be opened, and why

    @property
    def ok(self) -> bool:
        return not self.errors and all(r.error is None for r in self.results)


def members(reports: Iterable[Report]) -> tuple[ListMember, ...]:
    """The accounts the reports attribute to their institutions (verified or linked), once each."""
    out: dict[str, ListMember] = {}
    for report in reports:
        for found in (*report.own(Platform.MASTODON), *report.own(Platform.BLUESKY)):
            if found.activity in _GONE:
                continue
            account = found.account
            acct = account.acct if isinstance(account, MastodonAccount) else None
            did = account.did if isinstance(account, BlueskyAccount) else None
            key = f"m:{acct.lower()}" if acct else f"b:{did}"
            member = ListMember(
                platform=found.platform,
                institution=report.institution.name,
                handle=found.handle,
                acct=acct,
                did=did,
                confidence=found.confidence,
            )
            out.setdefault(key, member)
    return tuple(out.values())


def follow_csv(chosen: Iterable[ListMember]) -> str:
    """Mastodon's following-list import file for the Mastodon members (``user@domain`` each)."""
    lines = [FOLLOW_CSV_HEADER]
    lines += [f"{m.acct},true,false," for m in chosen if m.platform is Platform.MASTODON and m.acct]
    return "\n".join(lines) + "\n"


# --- Bluesky -------------------------------------------------------------------------------------------


def _records(session: BlueskySession, collection: str) -> list[tuple[str, dict[str, Any]]]:
    """(uri, record) of every record of a collection in the owner's repository."""
    from ..apply.failures import plain_dict

    out: list[tuple[str, dict[str, Any]]] = []
    cursor: str | None = None
    for _ in range(100):  # 10,000 records at most: a sector's lists are far smaller
        params: dict[str, Any] = {"repo": session.did, "collection": collection, "limit": 100}
        if cursor:
            params["cursor"] = cursor
        listed = session.client.com.atproto.repo.list_records(params=params)
        out += [(str(r.uri), plain_dict(r.value)) for r in listed.records]
        cursor = listed.cursor
        if not cursor or not listed.records:
            break
    return out


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Bluesky:
    """The Bluesky half of a run: the owner's repository read once, then what is missing written."""

    def __init__(
        self, session: BlueskySession, label: str, dry_run: bool, title: str, description: str
    ) -> None:
        self.session = session
        self.label = label
        self.dry_run = dry_run
        self.title = title[:BLUESKY_NAME_MAX]
        self.description = description
        self.results: list[ListResult] = []
        self.lists = _records(session, "app.bsky.graph.list")
        self.items = _records(session, "app.bsky.graph.listitem")
        self.packs = _records(session, "app.bsky.graph.starterpack")

    def _write(
        self, operation: Operation, collection: str, subject: str, record: dict[str, Any]
    ) -> str | None:
        """Create a record (or, dry, say it would): its at:// URI, None when not written."""
        endpoint = f"{self.session.pds}/xrpc/com.atproto.repo.createRecord ({collection})"
        shown = json.dumps(record, ensure_ascii=False, sort_keys=True)
        write = ListWrite(
            platform=Platform.BLUESKY,
            operation=operation,
            account=self.label,
            endpoint=endpoint,
            subject=subject,
            payload=shown,
        )
        if self.dry_run:
            self.results.append(ListResult(write=write, dry_run=True, done=False, sends=True))
            return None
        try:
            created = self.session.client.com.atproto.repo.create_record(
                data={"repo": self.session.did, "collection": collection, "record": record}
            )
        except Exception as exc:
            self._failed(write, exc)
            return None
        self.results.append(ListResult(write=write, dry_run=False, done=True, changed=True))
        return str(created.uri)

    def _failed(self, write: ListWrite, exc: BaseException) -> None:
        from ..apply.failures import describe

        error = describe(exc, self.session, "en", step="sector-lists", writing=True)
        self.results.append(
            ListResult(write=write, dry_run=False, done=False, error=error.message, error_kind=error.kind)
        )

    def _already(self, operation: Operation, subject: str, uri: str) -> None:
        write = ListWrite(
            platform=Platform.BLUESKY,
            operation=operation,
            account=self.label,
            endpoint=uri,
            subject=subject,
            payload="",
        )
        self.results.append(ListResult(write=write, dry_run=self.dry_run, done=True, note="already there"))

    def list_uri(self, purpose: str, name: str) -> str | None:
        kind = f"app.bsky.graph.defs#{purpose}"
        shown = f"{name} ({'list' if purpose == 'curatelist' else 'the starter pack members'})"
        found = [uri for uri, r in self.lists if r.get("name") == name and r.get("purpose") == kind]
        if found:
            self._already("create-list", shown, found[0])
            return found[0]
        record = {
            "$type": "app.bsky.graph.list",
            "purpose": kind,
            "name": name,
            "description": self.description,
            "createdAt": _now(),
        }
        return self._write("create-list", "app.bsky.graph.list", shown, record)

    def fill(self, uri: str | None, chosen: Sequence[ListMember]) -> None:
        present = {r.get("subject") for u, r in self.items if r.get("list") == uri} if uri else set()
        for member in chosen:
            if member.did in present:
                continue
            record = {
                "$type": "app.bsky.graph.listitem",
                "subject": member.did,
                "list": uri or "<the new list's at:// URI>",
                "createdAt": _now(),
            }
            self._write("add-to-list", "app.bsky.graph.listitem", member.handle, record)

    def starter_pack(self, reference: str | None) -> None:
        found = [uri for uri, r in self.packs if reference and r.get("list") == reference]
        if found:
            self._already("create-starter-pack", self.title, found[0])
            return
        record = {
            "$type": "app.bsky.graph.starterpack",
            "name": self.title,
            "description": self.description,
            "list": reference or "<the new reference list's at:// URI>",
            "createdAt": _now(),
        }
        if reference is None and not self.dry_run:
            return  # the reference list could not be written: its failure is said
        self._write("create-starter-pack", "app.bsky.graph.starterpack", self.title, record)


def _bluesky(
    session: BlueskySession, chosen: Sequence[ListMember], dry_run: bool, title: str, description: str
) -> list[ListResult]:
    me = session.me
    label = f"@{me.handle}" if me else session.pds
    run = _Bluesky(session, label, dry_run, title, description)
    on_bluesky = [m for m in chosen if m.platform is Platform.BLUESKY and m.did]
    curated = run.list_uri("curatelist", run.title)
    run.fill(curated, on_bluesky)
    reference = run.list_uri("referencelist", run.title)
    run.fill(reference, on_bluesky)
    run.starter_pack(reference)
    return run.results


# --- Mastodon ------------------------------------------------------------------------------------------


def _find_account(client: Any, member: ListMember, own_domains: set[str]) -> dict[str, Any] | None:
    """The member's account on the owner's server (lookup, then a resolving search), or None."""
    acct = member.acct or ""
    user, _, domain = acct.partition("@")
    wanted = {acct.lower()} | ({user.lower()} if domain.lower() in own_domains else set())
    tries: list[Callable[[], Any]] = [lambda: [client.account_lookup(acct)]]
    if domain.lower() in own_domains:
        tries.append(lambda: [client.account_lookup(user)])
    tries.append(lambda: client.account_search(acct, resolve=True, limit=5))
    from mastodon import MastodonNotFoundError

    for attempt in tries:
        try:
            found = attempt()
        except MastodonNotFoundError:  # not known there; anything else is said by the caller
            continue
        for account in found or []:
            if str(account.get("acct", "")).lower() in wanted:
                return dict(account)
    return None


def _mastodon(
    session: MastodonSession,
    me: Any,
    chosen: Sequence[ListMember],
    dry_run: bool,
    title: str,
    follow: bool,
) -> list[ListResult]:
    client = session.client
    label = me.handle
    own_domains = {me.host.lower(), me.domain.lower()}
    results: list[ListResult] = []

    def write(operation: Operation, endpoint: str, subject: str, payload: Mapping[str, Any]) -> ListWrite:
        return ListWrite(
            platform=Platform.MASTODON,
            operation=operation,
            account=label,
            endpoint=f"https://{me.host}{endpoint}",
            subject=subject,
            payload=json.dumps(dict(payload), ensure_ascii=False, sort_keys=True),
        )

    def failed(w: ListWrite, exc: BaseException, writing: bool = True) -> None:
        from ..apply.failures import describe

        error = describe(
            exc, session, "en", step="sector-lists", writing=writing, headers=session.last_headers
        )
        results.append(
            ListResult(write=w, dry_run=dry_run, done=False, error=error.message, error_kind=error.kind)
        )

    existing = [dict(x) for x in client.lists() if str(x.get("title")) == title]
    list_id = str(existing[0]["id"]) if existing else None
    create = write("create-list", "/api/v1/lists", title, {"title": title, "replies_policy": "list"})
    if list_id is not None:
        results.append(ListResult(write=create, dry_run=dry_run, done=True, note="already there"))
        in_list = {str(a["id"]) for a in client.fetch_remaining(client.list_accounts(list_id, limit=80))}
    else:
        in_list = set()
        if dry_run:
            results.append(ListResult(write=create, dry_run=True, done=False, sends=True))
        else:
            try:
                list_id = str(client.list_create(title, replies_policy="list")["id"])
                results.append(ListResult(write=create, dry_run=False, done=True, changed=True))
            except Exception as exc:
                failed(create, exc)
                return results

    targets: list[tuple[ListMember, dict[str, Any]]] = []
    for member in chosen:
        if member.platform is not Platform.MASTODON or not member.acct:
            continue
        add = write("add-to-list", f"/api/v1/lists/{list_id or '<new>'}/accounts", member.handle, {})
        account = _find_account(client, member, own_domains)
        if account is None:
            results.append(
                ListResult(
                    write=add,
                    dry_run=dry_run,
                    done=False,
                    note=f"{me.host} does not know {member.handle}: not added (the follow file lists it)",
                )
            )
            continue
        if str(account["id"]) == str(me.id):
            continue  # the owner itself
        targets.append((member, account))

    ids = [str(a["id"]) for _, a in targets]
    relations = {str(r["id"]): dict(r) for r in client.account_relationships(ids)} if ids else {}
    to_add: list[tuple[ListMember, str]] = []
    for member, account in targets:
        account_id = str(account["id"])
        add = write(
            "add-to-list",
            f"/api/v1/lists/{list_id or '<new>'}/accounts",
            member.handle,
            {"account_ids": [account_id]},
        )
        if account_id in in_list:
            results.append(ListResult(write=add, dry_run=dry_run, done=True, note="already in the list"))
            continue
        relation = relations.get(account_id, {})
        following = bool(relation.get("following"))
        if not following:
            if relation.get("requested"):
                results.append(
                    ListResult(
                        write=add,
                        dry_run=dry_run,
                        done=False,
                        note="follow request pending: a later run adds it",
                    )
                )
                continue
            if not follow:
                results.append(
                    ListResult(
                        write=add, dry_run=dry_run, done=False, note="not followed: not added (follow=False)"
                    )
                )
                continue
            follow_write = write(
                "follow",
                f"/api/v1/accounts/{account_id}/follow",
                member.handle,
                {"reblogs": True, "notify": False},
            )
            if dry_run:
                results.append(
                    ListResult(
                        write=follow_write,
                        dry_run=True,
                        done=False,
                        sends=True,
                        note="Mastodon adds to a list only accounts you follow",
                    )
                )
            else:
                try:
                    got = dict(client.account_follow(account_id, reblogs=True, notify=False))
                except Exception as exc:
                    failed(follow_write, exc)
                    continue
                following = bool(got.get("following"))
                results.append(
                    ListResult(
                        write=follow_write,
                        dry_run=False,
                        done=following,
                        changed=True,
                        note=None
                        if following
                        else "follow request sent (a locked account): a later run adds it",
                    )
                )
                if not following:
                    continue
        to_add.append((member, account_id))

    for member, account_id in to_add:
        add = write(
            "add-to-list",
            f"/api/v1/lists/{list_id or '<new>'}/accounts",
            member.handle,
            {"account_ids": [account_id]},
        )
        if dry_run:
            results.append(ListResult(write=add, dry_run=True, done=False, sends=True))
            continue
        try:
            client.list_accounts_add(list_id, [account_id])
        except Exception as exc:
            failed(add, exc)
            continue
        results.append(ListResult(write=add, dry_run=False, done=True, changed=True))
    return results


# --- the run -------------------------------------------------------------------------------------------


_Account = TypeVar("_Account", MastodonAccount, BlueskyAccount)


def _own_account(report: Report, platform: Platform, kind: type[_Account]) -> _Account | None:
    """The account ``report`` attributes to its institution on ``platform`` (`Report.own_account`:
    the one apply logs in to)."""
    found = report.own_account(platform)
    return found.account if found is not None and isinstance(found.account, kind) else None


def build_lists(
    owner: Report,
    reports: Iterable[Report],
    *,
    settings: Settings,
    title: str,
    description: str = "",
    platforms: Sequence[Platform] = (Platform.BLUESKY, Platform.MASTODON),
    dry_run: bool = True,
    follow: bool = True,
    credentials: Credentials | None = None,
    environ: Mapping[str, str] | None = None,
    confirm_accounts: Sequence[str] = (),
    language: Language = "en",
) -> SectorLists:
    """Build (``dry_run=False``) or show (the default) the sector's lists on ``owner``'s accounts.

    ``owner`` is the report of the institution whose accounts are written to: the logged-in
    accounts must be ones it attributes to the institution (or be named in ``confirm_accounts``).
    ``reports`` are the sector's. Credentials as for ``quitx apply`` (environment, then keyring).
    Blocking (the SDKs are): from async code, run it in a thread."""
    from ..apply.bluesky_sdk import BlueskySession
    from ..apply.failures import describe
    from ..apply.mastodon_sdk import MastodonSession
    from ..apply.rules import mastodon_identity, owner_of_bluesky, owner_of_mastodon
    from ..apply.run import DEFAULT_PDS, ENV_BLUESKY_PDS, ENV_MASTODON_INSTANCE
    from ..secrets import load_credentials

    env = os.environ if environ is None else environ
    chosen = members(reports)
    results: list[ListResult] = []
    owners: list[str] = []
    errors: list[str] = []
    mastodon_account = _own_account(owner, Platform.MASTODON, MastodonAccount)
    bluesky_account = _own_account(owner, Platform.BLUESKY, BlueskyAccount)
    if credentials is None:
        credentials = load_credentials(
            mastodon_account=mastodon_account.acct if mastodon_account else None,
            bluesky_handle=bluesky_account.handle if bluesky_account else None,
            environ=env,
        )
    institution = owner.institution

    if Platform.BLUESKY in platforms:
        creds = credentials.bluesky
        pds = (
            (bluesky_account.pds if bluesky_account and bluesky_account.pds else None)
            or env.get(ENV_BLUESKY_PDS, "").strip()
            or DEFAULT_PDS
        )
        if creds is None:
            errors.append(
                "Bluesky: no credentials (QUITX_BLUESKY_HANDLE and QUITX_BLUESKY_APP_PASSWORD, "
                "or the keyring)"
            )
        else:
            session: BlueskySession | None = None
            try:
                session = BlueskySession(settings, pds.rstrip("/"), creds.handle, creds.password)
                me = session.login()
                owners.append(owner_of_bluesky(me, owner, institution, confirm_accounts, language))
                results += _bluesky(session, chosen, dry_run, title, description)
            except ApplyError as exc:
                errors.append(f"Bluesky: {exc.message}")
            except Exception as exc:
                problem = describe(exc, BlueskySession, language, step="sector-lists", writing=False)
                errors.append(f"Bluesky: {problem.message}")
            finally:
                if session is not None:
                    session.close()

    if Platform.MASTODON in platforms:
        token = credentials.mastodon
        host = env.get(ENV_MASTODON_INSTANCE, "").strip().lower() or (
            mastodon_account.web_host if mastodon_account else ""
        )
        if token is None:
            errors.append("Mastodon: no token (QUITX_MASTODON_TOKEN, or the keyring)")
        elif not host:
            errors.append(
                f"Mastodon: the owner's report names no Mastodon account: set {ENV_MASTODON_INSTANCE}"
            )
        else:
            masto: MastodonSession | None = None
            try:
                masto = MastodonSession(settings, host, token.token, language)
                named = mastodon_account
                known = [(named.username, named.domain)] if named else []
                me_m = mastodon_identity(masto.verify(), host, known)
                owners.append(owner_of_mastodon(me_m, owner, institution, confirm_accounts, language))
                results += _mastodon(masto, me_m, chosen, dry_run, title, follow)
            except ApplyError as exc:
                errors.append(f"Mastodon: {exc.message}")
            except Exception as exc:
                headers = masto.last_headers if masto else None
                problem = describe(
                    exc, MastodonSession, language, step="sector-lists", writing=False, headers=headers
                )
                errors.append(f"Mastodon: {problem.message}")
            finally:
                if masto is not None:
                    masto.close()
    return SectorLists(members=chosen, results=tuple(results), owners=tuple(owners), errors=tuple(errors))


def render_results(outcome: SectorLists) -> str:
    """For people: who the accounts are, then each write (sent, already there, would send)."""
    from .._text import inert

    lines = [f"{len(outcome.members)} accounts the sector's reports attribute to their institutions."]
    lines += [f"owner: {inert(o)}" for o in outcome.owners]
    lines += [f"error: {inert(e)}" for e in outcome.errors]
    for r in outcome.results:
        w = r.write
        if r.error:
            state = "FAILED"
        elif r.changed:
            state = "written"
        elif r.done:
            state = "already done"
        elif r.sends:
            state = "would write"
        else:
            state = "not done"
        line = f"[{w.platform.value}] {state}: {w.operation} {inert(w.subject)}"
        if r.note:
            line += f" — {inert(r.note)}"
        if r.error:
            line += f" — {inert(r.error)}"
        lines.append(line)
    return "\n".join(lines) + "\n"
