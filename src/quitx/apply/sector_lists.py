"""Preparing the sector steps: the accounts a batch attributes to its institutions, in lists on the
institution's own accounts.

- ``bluesky-sector-list``: a list (``app.bsky.graph.list``, purpose ``curatelist``: a feed of the
  sector's posts anyone can pin) and a starter pack (``app.bsky.graph.starterpack``) whose members
  are a second list (purpose ``referencelist``, as the Bluesky app makes them), each member an
  ``app.bsky.graph.listitem`` record — all in the account's own repository;
- ``mastodon-sector-list``: a list on the account. Mastodon adds to a list only accounts the owner
  *follows*: a member not followed yet is followed first (boosts shown, no notification), which its
  account sees — the dry run shows every follow; with ``follow=False`` only accounts already followed
  go in. A locked account answers a follow with a request: a later run adds it, once accepted. An
  account the owner's server cannot find is said, never guessed;
- `follow_csv`: the follow file in Mastodon's own import format, for anyone.

Members (`members`) are the accounts each report attributes to its institution — verified, or
linked from its website — never a candidate found by name; suspended, deactivated and moved
accounts are left out. As for every apply step: the logged-in account must be proven the
institution's first (`quitx.apply.run.Run`), a dry run reads and writes nothing, a real run sends
only what is missing (lists and starter packs are found by name, members by DID or account id).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import ApplyError, ErrorKind
from ..i18n import Msg
from ..models import Activity, BlueskyAccount, Confidence, MastodonAccount, Platform, Report
from ..models.base import _Frozen
from . import wording as W
from .mastodon_sdk import MastodonSession
from .models import NoteCode, Operation, SectorRequest
from .run import Prepared, Run, Written, amend, call, todo
from .steps import BLUESKY_NAME_MAX

__all__ = [
    "BLUESKY_NAME_MAX",
    "FOLLOW_CSV_HEADER",
    "ListMember",
    "follow_csv",
    "members",
    "prepare_bluesky_lists",
    "prepare_mastodon_list",
]

FOLLOW_CSV_HEADER = "Account address,Show boosts,Notify on new posts,Languages"
_GONE = (Activity.SUSPENDED, Activity.DEACTIVATED, Activity.MOVED)
_CREATE = "com.atproto.repo.createRecord"
# a Mastodon request: (operation, method, path, target, body) -> prepared
_Request = Callable[[Operation, str, str, str, dict[str, Any]], Prepared]


class ListMember(_Frozen):
    platform: Platform
    institution: str
    handle: str
    acct: str | None = None  # Mastodon: user@domain
    did: str | None = None  # Bluesky
    confidence: Confidence


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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _shown(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True)


def _sector(run: Run) -> SectorRequest:
    assert run.sector is not None  # noqa: S101 - check_steps asks for it
    return run.sector


# --- Bluesky -------------------------------------------------------------------------------------------


async def prepare_bluesky_lists(run: Run, step: str) -> list[Prepared]:
    """The curated list, the starter pack's list, their members, the starter pack: each one done
    (found in the account's repository), to create, or refused."""
    sector = _sector(run)
    b = await run.bsky()
    me = run.bluesky_me
    assert me is not None  # noqa: S101 - set by bsky()
    lists = await call(b.records, "app.bsky.graph.list")
    items = await call(b.records, "app.bsky.graph.listitem")
    packs = await call(b.records, "app.bsky.graph.starterpack")
    on_bluesky = [m for m in members(sector.reports) if m.platform is Platform.BLUESKY and m.did]
    created: dict[str, str] = {}  # purpose -> the at:// URI of a list created by this run
    out: list[Prepared] = []

    def request(operation: Operation, target: str, collection: str, record: dict[str, Any]) -> Prepared:
        p = todo(run, step, Platform.BLUESKY, operation, _CREATE, run.pds_url(_CREATE))
        body = {"repo": me.did, "collection": collection, "record": record}
        p.evidence = (run.bluesky_owner,)
        return amend(p, account=run.bluesky_label(), target=target, payload=_shown(body))

    def found(operation: Operation, target: str, uri: str) -> Prepared:
        p = todo(run, step, Platform.BLUESKY, operation, _CREATE, uri)
        p.state, p.before = "done", uri
        p.after = p.before
        p.evidence = (run.bluesky_owner,)
        return amend(p, account=run.bluesky_label(), target=target)

    def created_uri(purpose: str, existing: str | None) -> str:
        uri = existing or created.get(purpose)
        if uri is None:  # its creation failed (said above): nothing that names it can go
            raise ApplyError(ErrorKind.NOT_ATTEMPTED, run.lang(W.LIST_NOT_CREATED))
        return uri

    def one_list(purpose: str, label: Msg) -> str | None:
        kind = f"app.bsky.graph.defs#{purpose}"
        target = run.lang(label, title=sector.title)
        same = [u for u, r in lists if r.get("name") == sector.title and r.get("purpose") == kind]
        if same:
            out.append(found("list", target, same[0]))
            return same[0]
        record = {
            "$type": "app.bsky.graph.list",
            "purpose": kind,
            "name": sector.title,
            "description": sector.description,
            "createdAt": _now(),
        }
        p = request("list", target, "app.bsky.graph.list", record)
        p.before, p.after = run.lang(W.ABSENT), run.lang(W.EXISTS)

        async def write() -> Written:
            uri, cid = await call(b.create_record, "app.bsky.graph.list", record)
            created[purpose] = uri
            return Written(
                f"{run.lang(W.EXISTS)} ({uri})",
                None,
                (run.lang(W.RECORD_CREATED, where=f"{uri} (cid {cid})"),),
            )

        p.write = write
        out.append(p)
        return None

    def fill(purpose: str, existing: str | None) -> None:
        present = {r.get("subject") for _, r in items if existing and r.get("list") == existing}
        for member in on_bluesky:
            if member.did in present:
                p = found("list-item", member.handle, existing or "")
                p.before = p.after = run.lang(W.IN_THE_LIST)
                out.append(p)
                continue
            record = {
                "$type": "app.bsky.graph.listitem",
                "subject": member.did,
                "list": existing or run.lang(W.NEW_LIST_URI),
                "createdAt": _now(),
            }
            p = request("list-item", member.handle, "app.bsky.graph.listitem", record)
            p.before, p.after = run.lang(W.NOT_IN_THE_LIST), run.lang(W.IN_THE_LIST)

            async def write(record: dict[str, Any] = record) -> Written:
                sent = {**record, "list": created_uri(purpose, existing)}
                uri, _ = await call(b.create_record, "app.bsky.graph.listitem", sent)
                body = {"repo": me.did, "collection": "app.bsky.graph.listitem", "record": sent}
                return Written(
                    run.lang(W.IN_THE_LIST),
                    None,
                    (run.lang(W.RECORD_CREATED, where=uri),),
                    payload=_shown(body),
                )

            p.write = write
            out.append(p)

    curated = one_list("curatelist", W.THE_LIST)
    fill("curatelist", curated)
    reference = one_list("referencelist", W.THE_STARTER_PACK_MEMBERS)
    fill("referencelist", reference)

    same = [u for u, r in packs if reference and r.get("list") == reference]
    if same:
        out.append(found("starter-pack", sector.title, same[0]))
        return out
    record = {
        "$type": "app.bsky.graph.starterpack",
        "name": sector.title,
        "description": sector.description,
        "list": reference or run.lang(W.NEW_LIST_URI),
        "createdAt": _now(),
    }
    p = request("starter-pack", sector.title, "app.bsky.graph.starterpack", record)
    p.before, p.after = run.lang(W.ABSENT), run.lang(W.EXISTS)

    async def write_pack() -> Written:
        sent = {**record, "list": created_uri("referencelist", reference)}
        uri, cid = await call(b.create_record, "app.bsky.graph.starterpack", sent)
        body = {"repo": me.did, "collection": "app.bsky.graph.starterpack", "record": sent}
        return Written(
            f"{run.lang(W.EXISTS)} ({uri})",
            None,
            (run.lang(W.RECORD_CREATED, where=f"{uri} (cid {cid})"),),
            payload=_shown(body),
        )

    p.write = write_pack
    out.append(p)
    return out


# --- Mastodon ------------------------------------------------------------------------------------------


async def prepare_mastodon_list(run: Run, step: str) -> list[Prepared]:
    """The list, then for each member: a follow when needed, and its addition to the list — each
    done, to send, skipped (not found, not followed, a request pending) or refused."""
    sector = _sector(run)
    m = await run.masto()
    me = run.mastodon_me
    assert me is not None  # noqa: S101 - set by masto()
    own_domains = {me.host.lower(), me.domain.lower()}
    state: dict[str, str] = {}  # "list": the list's id, once known
    following: set[str] = set()  # ids of the members followed (before, or by this run)
    out: list[Prepared] = []

    def request(
        operation: Operation, method: str, path: str, target: str, payload: dict[str, Any]
    ) -> Prepared:
        p = todo(run, step, Platform.MASTODON, operation, method, run.mastodon_url(path))
        p.evidence = (run.mastodon_owner,)
        return amend(
            p,
            account=run.mastodon_label(),
            target=target,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True) if payload else "",
        )

    existing = [x for x in await call(m.lists) if str(x.get("title")) == sector.title]
    create = request(
        "list", "POST", "/api/v1/lists", sector.title, {"title": sector.title, "replies_policy": "list"}
    )
    in_list: set[str] = set()
    if existing:
        state["list"] = str(existing[0]["id"])
        in_list = await call(m.list_members, state["list"])
        create.state = "done"
        create.before = create.after = run.mastodon_url(f"/api/v1/lists/{state['list']}")
        amend(create, payload="")
    else:
        create.before, create.after = run.lang(W.ABSENT), run.lang(W.EXISTS)

        async def write_list() -> Written:
            made = await call(m.create_list, sector.title)
            state["list"] = str(made["id"])
            where = run.mastodon_url(f"/api/v1/lists/{state['list']}")
            return Written(
                f"{run.lang(W.EXISTS)} ({where})", None, (run.lang(W.RECORD_CREATED, where=where),)
            )

        create.write = write_list
    out.append(create)

    chosen = [x for x in members(sector.reports) if x.platform is Platform.MASTODON and x.acct]
    found: list[tuple[ListMember, str]] = []
    for member in chosen:
        account = await call(m.find_account, member.acct or "", own_domains)
        if account is None:
            p = request("list-item", "POST", "/api/v1/lists/<id>/accounts", member.handle, {})
            p.skip(
                NoteCode.UNKNOWN_TO_SERVER, run.lang(W.UNKNOWN_TO_SERVER, host=me.host, member=member.handle)
            )
            out.append(p)
        elif str(account["id"]) != str(me.id):  # the owner itself: not in its own list
            found.append((member, str(account["id"])))
    relations = await call(m.relationships, [account_id for _, account_id in found])
    following.update(i for i, r in relations.items() if r.get("following"))

    list_path = f"/api/v1/lists/{state.get('list', '<id>')}/accounts"
    for member, account_id in found:
        add = request("list-item", "POST", list_path, member.handle, {"account_ids": [account_id]})
        if account_id in in_list:
            add.state = "done"
            add.before = add.after = run.lang(W.IN_THE_LIST)
            amend(add, payload="")
            out.append(add)
            continue
        add.before, add.after = run.lang(W.NOT_IN_THE_LIST), run.lang(W.IN_THE_LIST)
        if account_id not in following:
            if relations.get(account_id, {}).get("requested"):
                add.skip(NoteCode.FOLLOW_REQUESTED, run.lang(W.FOLLOW_REQUESTED))
                out.append(add)
                continue
            if not sector.follow:
                add.skip(NoteCode.NOT_FOLLOWED, run.lang(W.NOT_FOLLOWED))
                out.append(add)
                continue
            out.append(_follow(run, m, request, member, account_id, following, state))

        async def write_add(add: Prepared = add, account_id: str = account_id) -> Written:
            list_id = state.get("list")
            if list_id is None:
                raise ApplyError(ErrorKind.NOT_ATTEMPTED, run.lang(W.LIST_NOT_CREATED))
            where = run.mastodon_url(f"/api/v1/lists/{list_id}/accounts")
            if account_id not in following:  # a locked account answered the follow with a request
                note = run.lang(W.FOLLOW_REQUESTED)
                return Written(None, None, (), note, where, NoteCode.FOLLOW_REQUESTED, sent=False)
            await call(m.add_to_list, list_id, account_id)
            return Written(run.lang(W.IN_THE_LIST), None, (), endpoint=where)

        add.write = write_add
        out.append(add)
    return out


def _follow(
    run: Run,
    m: MastodonSession,
    request: _Request,
    member: ListMember,
    account_id: str,
    following: set[str],
    state: dict[str, str],
) -> Prepared:
    follow = request(
        "follow",
        "POST",
        f"/api/v1/accounts/{account_id}/follow",
        member.handle,
        {"notify": False, "reblogs": True},
    )
    follow.before, follow.after = run.lang(W.NOT_FOLLOWED_YET), run.lang(W.FOLLOWED)
    follow.note_code, follow.note = NoteCode.FOLLOW_FIRST, run.lang(W.FOLLOW_FIRST)

    async def write() -> Written:
        if "list" not in state:  # no list to add it to: following it would be for nothing
            raise ApplyError(ErrorKind.NOT_ATTEMPTED, run.lang(W.LIST_NOT_CREATED))
        got = await call(m.follow, account_id)
        if got.get("following"):
            following.add(account_id)
            return Written(
                run.lang(W.FOLLOWED),
                True,
                (run.lang(W.RELATIONSHIP_READ_BACK, following=run.lang(W.YES), requested=run.lang(W.NO)),),
            )
        note = run.lang(W.FOLLOW_REQUESTED)
        requested = run.lang(W.YES if got.get("requested") else W.NO)
        evidence = (run.lang(W.RELATIONSHIP_READ_BACK, following=run.lang(W.NO), requested=requested),)
        return Written(
            run.lang(W.FOLLOW_REQUEST_SENT), False, evidence, note, note_code=NoteCode.FOLLOW_REQUESTED
        )

    follow.write = write
    return follow
