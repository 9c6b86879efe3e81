"""The letter tests' reports over tests/builders.py (the CNRS, checked on 5 November 2026), the
letter composed from them, and readers of a composed letter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import tests.builders as b

from quitx.doc import Block, Bullets, Document, Heading, Inline, Paragraph, Text, plain
from quitx.letter.compose import LetterOptions, Sender, compose_letter
from quitx.models import (
    Activity,
    Confidence,
    FoundAccount,
    Institution,
    LinkPlatform,
    PlatformVerdict,
    Reason,
    Report,
    Verdict,
    WebsiteReport,
)

CHECKED = dt.datetime(2026, 11, 5, 9, 30, tzinfo=dt.UTC)
DATE = dt.date(2026, 11, 25)
CNRS = Institution(name="CNRS", domain="cnrs.fr")
HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1)) ${institution}"
GOUV = "social.numerique.gouv.fr"
instance = b.instance


def mastodon_account(
    *,
    confidence: Confidence = Confidence.VERIFIED,
    display_name: str = "CNRS",
    followers: int = 1200,
    last_post: dt.date | None = dt.date(2026, 11, 3),
    activity: Activity = Activity.ACTIVE,
    username: str = "cnrs",
) -> FoundAccount:
    return b.mastodon(
        f"{username}@{GOUV}",
        confidence=confidence,
        activity=activity,
        last_post=last_post,
        display_name=display_name,
        followers=followers,
        last_status_at=last_post,
    )


def bluesky_account() -> FoundAccount:
    return b.bluesky(
        "cnrs.fr",
        followers=3400,
        verified_status="valid",
        last_post=dt.date(2026, 10, 1),
        reasons=("domain handle",),
    )


def website(*platforms: LinkPlatform, verdict: Verdict = Verdict.PRESENT) -> WebsiteReport:
    links = [b.link(p, f"https://{p.value}.example/cnrs") for p in platforms]
    return b.site(*links, verdict=verdict, url="https://cnrs.fr/")


def report(
    *,
    accounts: tuple[FoundAccount, ...] = (),
    mastodon: Verdict,
    bluesky: Verdict,
    instances: tuple[PlatformVerdict, ...] = (),
    site: WebsiteReport | None = None,
    institution: Institution = CNRS,
) -> Report:
    return b.report(
        *accounts,
        institution=institution,
        mastodon=mastodon,
        bluesky=bluesky,
        instances=instances,
        infos=(b.info("piaille.fr", "open"),),
        website=site,
        checked_at=CHECKED,
    )


def present_verified() -> Report:
    return report(
        accounts=(mastodon_account(), bluesky_account()),
        mastodon=Verdict.PRESENT,
        bluesky=Verdict.PRESENT,
        instances=(instance("social.numerique.gouv.fr", Verdict.PRESENT, Reason.FOUND),),
        site=website(LinkPlatform.X, LinkPlatform.FACEBOOK, LinkPlatform.MASTODON),
    )


def present_candidate(display_name: str = "CNRS (fan)") -> Report:
    return report(
        accounts=(
            mastodon_account(confidence=Confidence.CANDIDATE, display_name=display_name, username="cnrsfan"),
        ),
        mastodon=Verdict.PRESENT,
        bluesky=Verdict.ABSENT,
        instances=(instance("social.numerique.gouv.fr", Verdict.PRESENT, Reason.FOUND),),
        site=website(LinkPlatform.X),
    )


def absent() -> Report:
    return report(
        mastodon=Verdict.ABSENT,
        bluesky=Verdict.ABSENT,
        instances=(
            instance("social.numerique.gouv.fr", Verdict.ABSENT),
            instance("piaille.fr", Verdict.ABSENT),
        ),
        site=website(),
    )


def unknown() -> Report:
    return report(
        mastodon=Verdict.UNKNOWN,
        bluesky=Verdict.UNKNOWN,
        instances=(
            instance("social.numerique.gouv.fr", Verdict.ABSENT),
            instance("piaille.fr", Verdict.UNKNOWN, Reason.TIMEOUT),
        ),
        site=website(verdict=Verdict.UNKNOWN),
    )


def letter(
    rep: Report | None,
    *,
    language: str = "fr",
    institution: Institution = CNRS,
    sender: Sender | None = None,
    plan: list[Block] | None = None,
    **options: object,
) -> Document:
    opts = LetterOptions.model_validate({"language": language, "date": DATE, **options})
    return compose_letter(institution, rep, plan, opts, sender or Sender(name="Marie Curie", gender="f"))


def spans_of(document: Document) -> Iterator[Inline]:
    def walk(spans: tuple[Inline, ...]) -> Iterator[Inline]:
        for span in spans:
            yield span
            if not isinstance(span, Text):
                yield from walk(span.children)

    for block in document.blocks:
        if isinstance(block, Paragraph | Heading):
            yield from walk(block.children)
        elif isinstance(block, Bullets):
            for item in block.items:
                yield from walk(item)


def text(document: Document) -> str:
    out = []
    for block in document.blocks:
        if isinstance(block, Paragraph | Heading):
            out.append(plain(block.children))
        elif isinstance(block, Bullets):
            out.extend(plain(item) for item in block.items)
    return "\n".join(out)
