"""Week 3: update the website's links, announce the move and leave X, leave Meta."""

from __future__ import annotations

import datetime as dt
import html

from ..i18n import Lang, Language
from ..models import LEAVING, META, LinkPlatform
from . import wording as W
from .context import X_LINKS, Ctx, work
from .models import Artifact, PlanStep, StepStatus

__all__ = ["announce", "announcement_text", "meta", "meta_status", "website_links", "x_status"]


def website_links(c: Ctx) -> PlanStep:
    t = c.t
    unread = c.website_unread()
    old = c.site_links(LEAVING)
    links = c.report.website.links if c.report and c.report.website and unread is None else ()
    has_mastodon = any(link.platform is LinkPlatform.MASTODON for link in links)
    has_bluesky = any(link.platform is LinkPlatform.BLUESKY for link in links)
    if unread is not None:
        status, evidence = StepStatus.CANNOT_TELL, [unread]
    else:
        evidence = [t(W.SITE_STILL_LINKS_TO, platform=p.label, url=url) for p, url in old]
        if not has_mastodon:
            evidence.append(t(W.NO_LINK_TO_MASTODON))
        if not has_bluesky:
            evidence.append(t(W.NO_LINK_TO_BLUESKY))
        done = has_mastodon and has_bluesky and not old
        status = StepStatus.DONE if done else StepStatus.TODO
        if done:
            evidence.append(t(W.SITE_LINKS_DONE))
    moved = c.moved_links(links)
    evidence += [t(W.SITE_LINKS_TO_MOVED, old=old, new=new) for old, new in moved]
    if moved:
        status = StepStatus.TODO
    how = [
        *(t(W.REPLACE_MOVED_LINK, old=old, new=new) for old, new in moved),
        t(W.REPLACE_OLD_LINKS),
        t(W.KEEP_REL_ME),
        t(W.FEDIVERSE_CREATOR_TIP),
    ]
    if old:
        how.insert(
            0,
            t(W.LINKS_TO_REMOVE, links=", ".join(url for _, url in old)),
        )
    snippet = (
        f'<a rel="me" href="{html.escape(c.mastodon_url, quote=True)}">Mastodon</a>\n'
        f'<a href="{html.escape(c.bluesky_url, quote=True)}">Bluesky</a>'
    )
    artifacts = (
        Artifact(kind="html", label=t(W.NEW_LINKS_LABEL), content=snippet),
        Artifact(
            kind="html",
            label=t(W.ARTICLE_PAGES_LABEL),
            content=f'<meta name="fediverse:creator" content="{html.escape(c.mastodon_handle, quote=True)}">',
        ),
    )
    return PlanStep(
        id="website-links",
        title=t(W.WEBSITE_LINKS_TITLE),
        why=t(W.WEBSITE_LINKS_WHY),
        how=tuple(how),
        artifacts=artifacts,
        status=status,
        evidence=tuple(evidence),
        due=c.dates.week3,
        effort=work(status, communication=0.25, it=1),
    )


def handles_note(c: Ctx) -> list[str]:
    t = c.t
    if c.mastodon_known:
        return []
    return [t(W.REPLACE_SUGGESTED_HANDLE, handle=c.mastodon_handle)]


def announcement_text(language: Language, mastodon: str, bluesky: str, day: dt.date) -> str:
    """The announcement post: the new addresses (``@user@host``, ``@handle``), and the day X stops."""
    t = Lang(language)
    d1 = t.date(day)
    return t(W.ANNOUNCEMENT, mastodon=mastodon, bluesky=bluesky, from_day=d1)


def announce(c: Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    d1, d2 = c.t.date(c.dates.week3), c.t.date(c.dates.archive)
    status, evidence = x_status(c)
    announcement = announcement_text(c.t.code, m, b, c.dates.week3)
    farewell = t(W.X_FAREWELL, from_day=d1, mastodon=m, bluesky=b, until=d2)
    how = [
        t(W.POST_THE_ANNOUNCEMENT),
        t(W.POST_THE_X_FAREWELL, from_day=d1),
        t(W.TELL_PARTNERS),
        *handles_note(c),
    ]
    return PlanStep(
        id="announce",
        title=t(W.ANNOUNCE_TITLE),
        why=t(W.ANNOUNCE_WHY),
        how=tuple(how),
        artifacts=(
            Artifact(kind="post", label=t(W.ANNOUNCEMENT_LABEL), content=announcement),
            Artifact(kind="post", label=t(W.X_FAREWELL_LABEL), content=farewell),
        ),
        status=status,
        evidence=tuple(evidence),
        due=c.dates.week3,
        effort=work(status, communication=1, management=0.25),
    )


def x_status(c: Ctx) -> tuple[StepStatus, list[str]]:
    """Leaving X is always to do once checked: the check reads neither X nor its posts."""
    t = c.t
    if c.report is None:
        return StepStatus.CANNOT_TELL, [c.not_checked]
    evidence = [t(W.X_LINKED_FROM_SITE, url=url) for _, url in c.site_links(X_LINKS)]
    return StepStatus.TODO, evidence or [t(W.CHECK_DOES_NOT_READ_X)]


def meta_status(c: Ctx) -> tuple[StepStatus, list[str]]:
    t = c.t
    unread = c.website_unread()
    if unread is not None:
        return StepStatus.CANNOT_TELL, [unread]
    found = c.site_links(META)
    if found:
        return StepStatus.TODO, [t(W.META_LINKED_FROM_SITE, platform=p.label, url=url) for p, url in found]
    # not linked from the homepage does not mean it does not exist
    return StepStatus.CANNOT_TELL, [t(W.NO_META_LINK)]


def meta(c: Ctx) -> PlanStep:
    t = c.t
    m, b = c.mastodon_handle, c.bluesky_handle
    d1, d2 = c.t.date(c.dates.week3), c.t.date(c.dates.archive)
    status, evidence = meta_status(c)
    farewell = t(W.META_FAREWELL, from_day=d1, mastodon=m, bluesky=b, until=d2)
    how = [
        t(W.POST_THE_META_FAREWELL, from_day=d1),
        t(W.ADDRESSES_IN_BIO),
        *handles_note(c),
    ]
    return PlanStep(
        id="meta",
        title=t(W.META_TITLE),
        why=t(W.META_WHY),
        how=tuple(how),
        artifacts=(Artifact(kind="post", label=t(W.META_FAREWELL_LABEL), content=farewell),),
        status=status,
        evidence=tuple(evidence),
        due=c.dates.week3,
        effort=work(status, communication=0.5),
    )
