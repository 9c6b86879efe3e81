"""Preparing ``bluesky-domain-handle``: the handle switched to the institution's domain once the
domain names the account's DID (DNS TXT ``_atproto.<domain>`` or ``/.well-known/atproto-did``),
checked first; what is missing is said, and nothing is sent until it is there."""

from __future__ import annotations

import json

from ..errors import ApplyError, ErrorKind
from ..models import BlueskyRef, Platform
from . import wording as W
from .models import NoteCode
from .run import Prepared, Run, Written, amend, call, todo

__all__ = ["prepare_handle"]


def _missing_record_text(run: Run, domain: str, did: str) -> str:
    return run.lang(W.PUBLISH_ONE_DNS_RECORD_ATPROTO, domain=domain, did=did)


async def _check_handle_resolution(run: Run, domain: str, did: str) -> tuple[str, ...]:
    """Before the switch: the domain must resolve to ``did``. Raises otherwise."""
    from ..lookup import Prober
    from ..probes.bluesky_identity import resolve_handle

    async with Prober(run.settings) as prober:
        resolution = await resolve_handle(prober.engine, domain)
    seen = tuple(f"{e.request}: {e.outcome}" for e in resolution.evidence)
    if resolution.did == did:
        return seen
    record = _missing_record_text(run, domain, did)
    if resolution.did is not None:
        raise ApplyError(
            ErrorKind.PRECONDITION,
            run.lang(
                W.POINTS_ANOTHER_ACCOUNT_NOT_REPLACE,
                domain=domain,
                points_to=resolution.did,
                did=did,
                record=record,
            ),
        )
    why = resolution.detail or "no DID found"
    raise ApplyError(
        ErrorKind.PRECONDITION,
        run.lang(W.DOES_NOT_POINT_ANY_ACCOUNT, domain=domain, why=why, record=record),
    )


async def _verify_handle(run: Run, handle: str, did: str) -> tuple[bool, tuple[str, ...]]:
    from ..lookup import Prober
    from ..probes.bluesky_identity import identify

    async with Prober(run.settings) as prober:
        identity = await identify(prober.engine, BlueskyRef(handle=handle))
    ok = identity.account is not None and identity.account.did == did and identity.account.handle_verified
    lines = tuple(f"{e.request}: {e.outcome}" for e in identity.evidence)
    if ok:
        return True, (run.lang(W.HANDLE_BOTH_WAYS, handle=handle, did=did), *lines)
    why = identity.detail or run.lang(W.NOT_VERIFIED_YET)
    return False, (run.lang(W.HANDLE_NOT_VERIFIED, handle=handle, why=why), *lines)


async def prepare_handle(run: Run, step: str) -> Prepared:
    domain = (run.institution.domain or "").lower()
    p = todo(
        run,
        step,
        Platform.BLUESKY,
        "handle",
        "com.atproto.identity.updateHandle",
        run.pds_url("com.atproto.identity.updateHandle"),
    )
    if not domain:
        raise ApplyError(ErrorKind.NOT_APPLICABLE, run.lang(W.NO_DOMAIN_GIVEN))
    b = await run.bsky()
    me = run.bluesky_me
    assert me is not None  # noqa: S101 - set by bsky()
    p = amend(p, account=run.bluesky_label(), payload=json.dumps({"handle": domain}))
    p.before = f"handle={me.handle} ({me.did})"
    if me.handle.lower() == domain:
        verified, seen = await _verify_handle(run, domain, me.did)
        p.state, p.after, p.evidence = "done", p.before, (run.bluesky_owner, *seen)
        p.verified = verified
        return p
    served = await call(b.served_domains)
    if any(domain.endswith(d if d.startswith(".") else "." + d) for d in served):
        checked: tuple[str, ...] = (run.lang(W.UNDER_SERVED_DOMAIN, domain=domain, served=", ".join(served)),)
    else:
        checked = await _check_handle_resolution(run, domain, me.did)  # raises: nothing to send
    p.after = f"handle={domain} ({me.did})"
    p.evidence = (run.bluesky_owner, *checked)

    async def write() -> Written:
        await call(b.update_handle, domain)
        now = await call(b.whoami)
        verified, seen = await _verify_handle(run, domain, now.did)
        if verified:
            return Written(f"handle={now.handle} ({now.did})", verified, (*checked, *seen))
        note = run.lang(W.HANDLE_SWITCHED_BUT_TWO_WAY)
        return Written(
            f"handle={now.handle} ({now.did})",
            verified,
            (*checked, *seen),
            note,
            note_code=NoteCode.HANDLE_CHECK_PENDING,
        )

    p.write = write
    return p
