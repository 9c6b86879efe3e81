"""Preparing ``announce``: the plan's announcement, posted and pinned on Mastodon and posted on
Bluesky — on both networks or on neither, and never twice (a post already there is recognised by
its mention of the account itself and of the other network, whatever its language or date)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ..errors import ApplyError, ErrorKind
from ..models import Platform
from . import wording as W
from .bluesky_sdk import BlueskySession
from .failures import describe
from .mastodon_sdk import MastodonSession
from .models import NoteCode
from .rules import bluesky_facets, is_bluesky_announcement, is_mastodon_announcement
from .run import Prepared, Run, Written, amend, call, todo

__all__ = ["prepare_announce"]

BLUESKY_MAX_GRAPHEMES = 300
MASTODON_MAX_PINS = 5
MASTODON_PAGES = 3  # statuses read back for an announcement already posted (3 × 40, plus the pinned)
BLUESKY_PAGES = 2  # posts read back (2 × 100)


def _graphemes(text: str) -> int:
    import unicodedata

    return sum(1 for ch in text if not unicodedata.combining(ch) and ch not in "\u200d\ufe0f")


def _status_where(status: Mapping[str, Any]) -> str:
    return str(status.get("url") or status.get("uri") or status.get("id"))


async def prepare_announce(run: Run, step: str) -> list[Prepared]:
    """The three requests of the announcement, each done, to send or refused — then all or nothing."""
    post = todo(run, step, Platform.MASTODON, "post", "POST", run.mastodon_url("/api/v1/statuses"))
    pin = todo(run, step, Platform.MASTODON, "pin", "POST", run.mastodon_url("/api/v1/statuses/<id>/pin"))
    sky = todo(
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
        amend(p, account=run.mastodon_label())
    amend(sky, account=run.bluesky_label())
    text = run.announcement()
    if post.state != "refused":
        try:
            await _prepare_mastodon_announce(run, post, pin, text)
        except Exception as exc:  # a service error while reading: nothing was written
            error = describe(
                exc,
                MastodonSession,
                run.language,
                step=step,
                writing=False,
                headers=run.headers(Platform.MASTODON),
            )
            post.refuse(error)
            pin.refuse(error)
    if sky.state != "refused":
        try:
            await _prepare_bluesky_announce(run, sky, text)
        except Exception as exc:
            sky.refuse(describe(exc, BlueskySession, run.language, step=step, writing=False))
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
                        run.lang(W.NOT_SENT_ANNOUNCEMENT_GOES_OUT, why=why),
                    )
                )
    return group


async def _prepare_mastodon_announce(run: Run, post: Prepared, pin: Prepared, text: str) -> None:
    m = await run.masto()
    me = run.mastodon_me
    assert me is not None  # noqa: S101 - set by masto()
    label = run.mastodon_label()
    amend(post, account=label, payload=f"status={text}\nvisibility=public\nlanguage={run.text_language}")
    amend(pin, account=label)
    post.evidence = pin.evidence = (run.mastodon_owner,)
    pinned = await call(m.statuses, me.id, pinned=True)
    recent = await call(m.statuses, me.id, pages=MASTODON_PAGES)
    pinned_ids = {str(s.get("id")) for s in pinned}
    found = {str(s.get("id")): s for s in [*pinned, *recent] if is_mastodon_announcement(s, me)}
    pinned_found = [s for s in pinned if str(s.get("id")) in found]
    if found:
        newest = max(found.values(), key=lambda s: str(s.get("created_at") or ""))
        chosen = pinned_found[0] if pinned_found else newest
        run.posted_status = str(chosen.get("id"))
        post.state = "done"
        post.before = post.after = run.lang(W.ALREADY_POSTED) + _status_where(chosen)
        amend(post, payload="")
        post.evidence += (run.lang(W.RECOGNISED_ON_MASTODON, count=str(len(found))),)
    else:
        post.before = run.lang(W.NOT_POSTED)
        post.after = run.lang(W.POSTED)

        async def write_post() -> Written:
            key = hashlib.sha256(f"quitx-announce\n{me.handle}\n{text}".encode()).hexdigest()[:32]
            status = await call(m.post, text, run.text_language, key)
            run.posted_status = str(status["id"])
            back = await call(m.status, run.posted_status)
            ok = is_mastodon_announcement(back, me)
            return Written(
                run.lang(W.POSTED_AT) + _status_where(back),
                ok,
                (
                    run.lang(
                        W.STATUS_READ_BACK,
                        where=_status_where(back),
                        recognised=run.lang(W.RECOGNISED if ok else W.NOT_RECOGNISED),
                    ),
                ),
            )

        post.write = write_post
    amend(pin, endpoint=run.mastodon_url(f"/api/v1/statuses/{run.posted_status or '<id>'}/pin"))
    if pinned_found:
        pin.state = "done"
        pin.before = pin.after = run.lang(W.PINNED)
        if len(pinned_found) > 1:
            pin.note = run.lang(W.ANNOUNCEMENTS_ARE_PINNED_UNPIN_ALL, count=str(len(pinned_found)))
            pin.note_code = NoteCode.SEVERAL_PINNED
        return
    if len(pinned_ids) >= MASTODON_MAX_PINS:
        pin.refuse(
            ApplyError(
                ErrorKind.PRECONDITION,
                run.lang(W.ACCOUNT_ALREADY_HAS_PINNED_POSTS, count=str(len(pinned_ids))),
            )
        )
        return
    pin.before = run.lang(W.NOT_PINNED)
    pin.after = run.lang(W.PINNED)

    async def write_pin() -> Written:
        sid = run.posted_status
        if sid is None:
            raise ApplyError(
                ErrorKind.NOT_ATTEMPTED,
                run.lang(W.NO_ANNOUNCEMENT_POSTED_PIN),
            )
        await call(m.pin, sid)
        now = await call(m.statuses, me.id, pinned=True)
        ok = any(str(s.get("id")) == sid for s in now)
        return Written(
            endpoint=run.mastodon_url(f"/api/v1/statuses/{sid}/pin"),
            after=run.lang(W.PINNED) if ok else run.lang(W.NOT_VISIBLE_YET),
            verified=ok,
            evidence=(
                run.lang(W.PINNED_READ_BACK, sid=sid, present=run.lang(W.PRESENT if ok else W.MISSING)),
            ),
        )

    pin.write = write_pin


async def _prepare_bluesky_announce(run: Run, sky: Prepared, text: str) -> None:
    b = await run.bsky()
    me = run.bluesky_me
    assert me is not None  # noqa: S101 - set by bsky()
    mastodon = run.mastodon_me
    record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text, "langs": [run.text_language]}
    if mastodon is not None:
        record["facets"] = bluesky_facets(text, me, mastodon.handle, mastodon.url)
    amend(
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
                run.lang(W.ANNOUNCEMENT_LONGER_THAN_BLUESKY_S, limit=str(BLUESKY_MAX_GRAPHEMES)),
            )
        )
        return
    found = [(uri, r) for uri, r in await call(b.posts, BLUESKY_PAGES) if is_bluesky_announcement(r, me)]
    if found:
        uri = found[0][0]
        sky.state = "done"
        amend(sky, payload="")
        sky.before = sky.after = run.lang(W.ALREADY_POSTED) + uri
        sky.evidence += (run.lang(W.RECOGNISED_ON_BLUESKY),)
        return
    sky.before = run.lang(W.NOT_POSTED)
    sky.after = run.lang(W.POSTED)
    domain = (run.institution.domain or "").lower()
    if domain and me.handle.lower() != domain:
        sky.note = run.lang(W.ANNOUNCEMENT_GIVES_CURRENT_HANDLE_ANNOUNCE, handle=me.handle, domain=domain)
        sky.note_code = NoteCode.ANNOUNCES_CURRENT_HANDLE

    async def write() -> Written:
        created = {**record, "createdAt": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")}
        uri, cid = await call(b.create_post, created)
        back = dict(await call(b.posts, 1))
        ok = uri in back and is_bluesky_announcement(back[uri], me)
        return Written(
            run.lang(W.POSTED_AT) + uri,
            ok,
            (
                run.lang(
                    W.RECORD_READ_BACK,
                    uri=uri,
                    cid=cid,
                    recognised=run.lang(W.RECOGNISED if ok else W.NOT_RECOGNISED),
                ),
            ),
        )

    sky.write = write
