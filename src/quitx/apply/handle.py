"""Preparing ``bluesky-domain-handle``: the handle switched to the institution's domain once the
domain names the account's DID (DNS TXT ``_atproto.<domain>`` or ``/.well-known/atproto-did``),
checked first; what is missing is said, and nothing is sent until it is there."""

from __future__ import annotations

import json

from ..errors import ApplyError, ErrorKind
from ..models import BlueskyRef, Platform
from .run import Prepared, Run, Written, amend, call, todo

__all__ = ["prepare_handle"]


def _missing_record_text(run: Run, domain: str, did: str) -> str:
    return run.t(
        f'publier l’un des deux : l’enregistrement DNS « _atproto.{domain}. 3600 IN TXT "did={did}" » '
        f"ou le fichier https://{domain}/.well-known/atproto-did contenant seulement « {did} »",
        f'publish one of: the DNS record `_atproto.{domain}. 3600 IN TXT "did={did}"` or the file '
        f"https://{domain}/.well-known/atproto-did holding only `{did}`",
    )


async def _check_handle_resolution(run: Run, domain: str, did: str) -> tuple[str, ...]:
    """Before the switch: the domain must resolve to ``did``. Raises otherwise."""
    from ..lookup import Prober
    from ..models import Evidence
    from ..probes.bluesky import resolve_handle

    evidence: list[Evidence] = []
    async with Prober(run.settings) as prober:
        resolution = await resolve_handle(prober.engine, prober.dns, domain, evidence)
    seen = tuple(f"{e.request}: {e.outcome}" for e in evidence)
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
    from ..lookup import Prober
    from ..models import Evidence
    from ..probes.bluesky import identify

    evidence: list[Evidence] = []
    async with Prober(run.settings) as prober:
        identity = await identify(prober.engine, prober.dns, BlueskyRef(handle=handle), evidence)
    ok = identity.account is not None and identity.account.did == did and identity.account.handle_verified
    lines = tuple(f"{e.request}: {e.outcome}" for e in evidence)
    if ok:
        return True, (f"@{handle} ↔ {did}: both directions agree", *lines)
    return False, (f"@{handle}: {identity.detail or 'not verified yet'}", *lines)


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
        raise ApplyError(ErrorKind.NOT_APPLICABLE, run.t("aucun domaine indiqué", "no domain given"))
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
        checked: tuple[str, ...] = (f"{domain} is under a domain this PDS serves ({', '.join(served)})",)
    else:
        checked = await _check_handle_resolution(run, domain, me.did)  # raises: nothing to send
    p.after = f"handle={domain} ({me.did})"
    p.evidence = (run.bluesky_owner, *checked)

    async def write() -> Written:
        await call(b.update_handle, domain)
        now = await call(b.whoami)
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
