"""Preparing the profile steps: ``mastodon-verification`` (the website field, then verified_at),
``mastodon-profile`` and ``bluesky-profile`` (only what is asked, every other field kept)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._text import html_to_text
from ..errors import ApplyError, ErrorKind
from ..i18n import Lang
from ..models import Platform
from . import wording as W
from .models import Language, NoteCode
from .rules import (
    Field,
    FieldPlan,
    MastodonIdentity,
    fields_payload,
    homepage,
    is_profile_url,
    plan_fields,
    show_fields,
)
from .run import Prepared, Run, Written, amend, call, todo

__all__ = ["prepare_bluesky_profile", "prepare_mastodon_profile", "prepare_verification"]

_UPDATE = "/api/v1/accounts/update_credentials"


def _source_fields(raw: Mapping[str, Any], language: Language) -> list[Field]:
    """The fields as typed (``source.fields``), with each one's verified_at from ``fields``."""
    source = raw.get("source")
    typed = source.get("fields") if isinstance(source, Mapping) else None
    if not isinstance(typed, list):
        raise ApplyError(
            ErrorKind.PRECONDITION,
            Lang(language)(W.SERVER_DID_NOT_GIVE_FIELDS),
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
) -> tuple[bool, tuple[str, ...], str | None, NoteCode | None]:
    """(verified, evidence, what to do) for the website field, from the fields read back: when it is
    not green yet, whether the homepage links back says what is left (add the link, or wait)."""
    f = fields[index] if index < len(fields) else None
    me = run.mastodon_me
    if f is None or me is None:
        return False, (run.lang(W.WEBSITE_FIELD_GONE),), None, None
    if f.verified_at:
        return True, (f"[{index}] {f.name} = {f.value}: verified_at {f.verified_at}",), None, None
    back, seen = await _links_back(run, me)
    site = homepage(run.institution) or ""
    evidence = (f"[{index}] {f.name} = {f.value}: verified_at null", *seen)
    if back:
        return (
            False,
            evidence,
            run.lang(W.DOES_LINK_BACK_PROFILE_REL, site=site),
            NoteCode.VERIFICATION_PENDING,
        )
    return (
        False,
        evidence,
        run.lang(
            W.STILL_NOT_VERIFIED,
            site=site,
            url=me.url,
            unread=run.lang(W.PAGE_UNREAD) if back is None else "",
        ),
        NoteCode.REL_ME_MISSING,
    )


async def prepare_verification(run: Run, step: str) -> Prepared:
    p = todo(run, step, Platform.MASTODON, "profile-field", "PATCH", run.mastodon_url(_UPDATE))
    m = await run.masto()
    current = _source_fields(run.mastodon_raw, run.language)
    p = amend(p, account=run.mastodon_label())
    p.before = show_fields(current, run.language)
    p.evidence = (run.mastodon_owner,)
    try:
        fp: FieldPlan = plan_fields(current, run.institution, run.language, run.text_language)
    except ApplyError as exc:  # a full profile: nothing to send, and the fields shown
        p.refuse(exc)
        return p
    p = amend(p, payload=fields_payload(fp.fields) if fp.sends else "")
    if fp.state == "done":
        f = current[fp.index]
        p.state, p.after, p.verified = "done", p.before, True
        p.evidence += (f"[{fp.index}] {f.name} = {f.value}: verified_at {f.verified_at}",)
        return p
    p.after = fp.diff(run.language)
    if fp.state == "recheck" and not await _recheck_worth_it(run, p):
        return p

    async def write() -> Written:
        await call(m.update, fields=list(fp.fields))
        back = await call(m.verify)
        got = _source_fields(back, run.language)
        same = [(f.name, f.value) for f in got] == list(fp.fields)
        verified, seen, note, code = await _verified_note(run, got, fp.index)
        kept = (
            run.lang(W.FIELDS_READ_BACK_SAME)
            if same
            else run.lang(W.FIELDS_READ_BACK_DIFFER, fields=show_fields(got, run.language))
        )
        return Written(show_fields(got, run.language), same and verified, (kept, *seen), note, note_code=code)

    p.write = write
    return p


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


async def _links_back(run: Run, me: MastodonIdentity) -> tuple[bool | None, tuple[str, ...]]:
    """Whether the homepage links to the profile with rel="me" (None: the page could not be read)."""
    from ..lookup import Prober
    from ..models import Verdict
    from ..probes.website import probe_website

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
                run.lang(W.WEBSITE_FIELD_THERE_BUT_MASTODON, site=site, url=me.url),
            )
        )
        p.after = None
        return False
    p.note_code = NoteCode.FIELD_SENT_AGAIN
    p.note = run.lang(
        W.FIELD_NOT_VERIFIED_YET,
        homepage=run.lang(W.HOMEPAGE_LINKS_BACK if back else W.HOMEPAGE_UNREAD),
    )
    return True


def _changes(pairs: Iterable[tuple[str, str | None, str]]) -> dict[str, str]:
    """{attribute: new} for the attributes asked (new is not None) whose value differs."""
    return {key: new for key, new, old in pairs if new is not None and new != old}


async def prepare_mastodon_profile(run: Run, step: str) -> Prepared:
    p = todo(run, step, Platform.MASTODON, "profile", "PATCH", run.mastodon_url(_UPDATE))
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
    p = amend(p, account=run.mastodon_label(), payload="\n".join(f"{k}={v}" for k, v in changes.items()))
    if not changes:
        p.state, p.after = "done", p.before
        return p
    p.after = "\n".join(f"{k}={changes.get(k, v)}" for k, v in shown)

    async def write() -> Written:
        await call(m.update, **changes)
        back = await call(m.verify)
        back_source = _mapping(back.get("source"))
        values = {
            "display_name": str(back.get("display_name") or ""),
            "note": str(back_source.get("note") or ""),
        }
        ok = all(values[k] == v for k, v in changes.items())
        after = "\n".join(f"{k}={values[k]}" for k, _ in shown)
        return Written(after, ok, (run.lang(W.PROFILE_READ_BACK, host=m.host),))

    p.write = write
    return p


def _record_text(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)


async def prepare_bluesky_profile(run: Run, step: str) -> Prepared:
    p = todo(
        run,
        step,
        Platform.BLUESKY,
        "profile",
        "com.atproto.repo.putRecord",
        run.pds_url("com.atproto.repo.putRecord"),
    )
    b = await run.bsky()
    record, cid = await call(b.profile)
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
    p = amend(
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
        await call(b.put_profile, new, cid)
        back, back_cid = await call(b.profile)
        kept = all(back.get(k) == v for k, v in record.items() if k not in changes)
        applied = all(back.get(k) == v for k, v in changes.items())
        return Written(
            _record_text(back),
            kept and applied,
            (
                run.lang(
                    W.PROFILE_RECORD_READ_BACK,
                    cid=str(back_cid),
                    changes=run.lang(W.APPLIED if applied else W.NOT_APPLIED),
                    others=run.lang(W.KEPT if kept else W.CHANGED),
                ),
            ),
        )

    p.write = write
    return p
