"""The Mastodon home: the account's own instance when it has one, its own server, an instance of
its own when asked (a media outlet's by default: its own domain first), else the best of the
instances it may join (`quitx.known_instances`: its kind, its country, its domain) whose registrations
are open as the check read them — with their registration message quoted, and the official instance it
may not join named, with why."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._text import html_to_text, inert
from ..i18n.sectors import sector_of
from ..known_instances import Eligibility, for_institution, not_proposed
from ..models import InstitutionKind, Verdict
from . import wording as W
from .context import SAFE_HTTPS, Ctx, mastodon_of
from .models import StepStatus

__all__ = ["Choice", "choose_home"]

# a registration message that sets conditions ("réservée aux…", "only for…"): the team checks them
_CONDITIONS = re.compile(
    r"\b(r[ée]serv[ée]e?s?|uniquement|exclusivement|seulement|reserved|only|exclusively|restricted)\b",
    re.IGNORECASE,
)
MESSAGE_CHARS = 240  # the registration message quoted, at most


@dataclass(frozen=True)
class Choice:
    """Where the official Mastodon account lives, why there, and how to get there."""

    host: str | None
    reasons: tuple[str, ...]
    status: StepStatus
    evidence: tuple[str, ...]
    how: tuple[str, ...]
    signup_url: str | None
    # the domain in its accounts' handles when it is not the host's (an instance of its own)
    local_domain: str | None = None


def _candidates(ctx: Ctx) -> list[tuple[str, str]]:
    """Preferred instances for this institution, best first, each with why (`quitx.known_instances`)."""
    return [(known.host, ctx.t(known.why)) for known in for_institution(ctx.institution)]


def choose_home(ctx: Ctx) -> Choice:
    t = ctx.t
    if ctx.own_mastodon is not None:
        account = mastodon_of(ctx.own_mastodon)
        host = ctx.own_mastodon.instance or (account.web_host if account else "")
        return Choice(
            host=host or None,
            reasons=(t(W.HOME_ALREADY_THERE, host=host),),
            status=StepStatus.DONE,
            evidence=(t(W.HOME_ALREADY_AT, host=host, evidence=ctx.account_evidence(ctx.own_mastodon)),),
            how=(),
            signup_url=None,
        )
    own = ctx.report.own_mastodon_server if ctx.report else None
    if own is not None and own.reachable is Verdict.PRESENT:
        software = " ".join(s for s in (own.software, own.version) if s)
        detail = f" ({software})" if software else ""
        return Choice(
            host=own.host,
            reasons=(t(W.HOME_OWN_SERVER, host=own.host, detail=detail),),
            status=StepStatus.DONE,
            evidence=(t(W.OWN_SERVER_EVIDENCE, host=own.host, detail=detail),),
            how=(t(W.CREATE_ON_OWN_SERVER, host=own.host),),
            signup_url=None,
        )
    sector = sector_of(ctx.institution).sector
    media = sector is InstitutionKind.MEDIA and ctx.options.own_instance is not False
    if (ctx.options.own_instance or media) and ctx.domain:
        host = f"social.{ctx.domain}"
        why = W.HOME_OWN_DOMAIN_MEDIA if media and not ctx.options.own_instance else W.HOME_OWN_INSTANCE
        how = _own_instance_how(ctx, host)
        hosted = _hosted_choice(ctx)
        if media and hosted.host:  # the name is held from week 1, then moves to the domain's instance
            how = (*how, t(W.HOLD_THE_NAME_MEANWHILE, host=hosted.host, own=host))
        return Choice(
            host=host,
            reasons=(t(why, host=host, domain=ctx.domain), *_excluded(ctx)),
            status=_home_status(ctx),
            evidence=_home_evidence(ctx),
            how=how,
            signup_url=None,
            local_domain=ctx.domain,
        )
    return _hosted_choice(ctx)


def _own_instance_how(ctx: Ctx, host: str) -> tuple[str, ...]:
    t = ctx.t
    domain = ctx.domain or "<domain>"
    return (
        t(W.INSTALL_OWN_INSTANCE, host=host, domain=domain),
        t(W.MANAGED_HOSTING, domain=domain),
        t(W.REDIRECT_WELL_KNOWN, domain=domain, host=host),
    )


def _excluded(ctx: Ctx) -> tuple[str, ...]:
    """The official instances the institution would expect but may not join, each with its rule."""
    t = ctx.t
    out = []
    for known, eligibility in not_proposed(ctx.institution):
        rule = t(known.members) if known.members else ""
        if eligibility is Eligibility.ON_LIST and ctx.domain:
            out.append(t(W.ONLY_IF_LISTED, host=known.host, domain=ctx.domain, rule=rule))
        else:
            out.append(t(W.NOT_PROPOSED, host=known.host, rule=rule))
    return tuple(out)


def _message(ctx: Ctx, host: str, text: str | None) -> tuple[list[str], list[str]]:
    """The instance's registration message, quoted (reasons), and what to check if it sets
    conditions (how)."""
    # remote text: one line, no backtick (the plan's one markup)
    message = inert(html_to_text(text)).replace("`", "'") if text else ""
    if not message:
        return [], []
    if len(message) > MESSAGE_CHARS:
        message = message[: MESSAGE_CHARS - 1].rstrip() + "…"
    quoted = [ctx.t(W.REGISTRATION_MESSAGE, host=host, checked=ctx.checked_on(), message=message)]
    check = [ctx.t(W.CHECK_THE_MESSAGE, host=host)] if _CONDITIONS.search(message) else []
    return quoted, check


def _home_status(ctx: Ctx) -> StepStatus:
    if ctx.report is None or ctx.report.mastodon.verdict is Verdict.UNKNOWN:
        return StepStatus.CANNOT_TELL
    return StepStatus.TODO


def _home_evidence(ctx: Ctx) -> tuple[str, ...]:
    if ctx.report is None:
        return (ctx.not_checked,)
    unknowns = ctx.mastodon_unknowns()
    if unknowns:
        return tuple(unknowns)
    if ctx.mastodon:
        return tuple(ctx.account_evidence(a) for a in ctx.mastodon)
    return (ctx.t(W.NO_MASTODON_ACCOUNT),)


def _hosted_choice(ctx: Ctx) -> Choice:
    t = ctx.t
    reasons: list[str] = []
    how: list[str] = []
    candidates = _candidates(ctx)
    for index, (host, why) in enumerate(candidates):
        following = candidates[index + 1][0] if index + 1 < len(candidates) else None
        info = ctx.instance_info(host)
        mode = info.registrations if info and info.reachable is Verdict.PRESENT else None
        if ctx.report is not None and mode == "closed":
            reasons.append(t(W.REGISTRATIONS_CLOSED, host=host, checked=ctx.checked_on()))
            continue
        reasons.insert(0, why)
        signup = f"https://{host}/auth/sign_up"
        if info and info.registration_url and SAFE_HTTPS.match(info.registration_url):
            signup = info.registration_url
        if ctx.report is None:
            reasons.append(t(W.REGISTRATIONS_NOT_CHECKED, host=host))
        elif mode == "open":
            reasons.append(t(W.REGISTRATIONS_OPEN, host=host, checked=ctx.checked_on()))
        elif mode == "approval":
            reasons.append(t(W.REGISTRATIONS_APPROVAL, host=host, checked=ctx.checked_on()))
            how.append(t(W.APPLY_FOR_AN_ACCOUNT, signup=signup))
        else:
            reasons.append(t(W.REGISTRATIONS_UNREAD, host=host))
        if following and (ctx.report is None or mode not in ("open", "approval")):
            how.append(t(W.IF_SIGN_UP_REFUSED, host=host, following=following))
        if info and info.brid_gy_blocked:
            reasons.append(t(W.BLOCKS_BRIDGY, host=host))
        quoted, check = _message(ctx, host, info.registration_message if info else None)
        reasons.extend(quoted)
        how.extend(check)
        if info and info.rules_count:
            rules = t.count(info.rules_count, W.RULE_ONE, W.RULE_MANY)
            how.append(t(W.READ_THE_RULES, host=host, rules=rules))
        how.insert(
            0,
            t(W.CREATE_ACCOUNT_AT, host=host, signup=signup),
        )
        how.extend(_own_instance_option(ctx))
        return Choice(
            host=host,
            reasons=(*reasons, *_excluded(ctx)),
            status=_home_status(ctx),
            evidence=_home_evidence(ctx),
            how=tuple(how),
            signup_url=signup,
        )
    reasons.append(t(W.EVERY_INSTANCE_CLOSED))
    return Choice(
        host=None,
        reasons=(*reasons, *_excluded(ctx)),
        status=_home_status(ctx),
        evidence=_home_evidence(ctx),
        how=(*_own_instance_option(ctx),),
        signup_url=None,
    )


def _own_instance_option(ctx: Ctx) -> tuple[str, ...]:
    large = (
        InstitutionKind.RESEARCH,
        InstitutionKind.HIGHER_EDUCATION,
        InstitutionKind.PUBLIC_ADMINISTRATION,
        InstitutionKind.LOCAL_GOVERNMENT,
        InstitutionKind.HOSPITAL,
    )
    sector = sector_of(ctx.institution).sector
    if ctx.options.own_instance is False or not ctx.domain or sector not in large:
        return ()
    host = f"social.{ctx.domain}"
    return (ctx.t(W.OWN_INSTANCE_OPTION, host=host, domain=ctx.domain),)
