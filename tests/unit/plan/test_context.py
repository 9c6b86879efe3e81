"""The report read once: how an account is described, the addresses the artifacts show, why the
homepage could not be used."""

from __future__ import annotations

import tests.builders as b
from tests.unit.plan.reports import INST, START, bluesky, mastodon, report, site

from quitx.models import Activity, Confidence, FoundBy, Institution, InstitutionKind, Report, Verdict
from quitx.plan import PlanOptions
from quitx.plan.context import Ctx
from quitx.plan.home import choose_home


def ctx(rep: Report | None, institution: Institution = INST, *, language: str = "en") -> Ctx:
    options = PlanOptions.model_validate({"language": language, "start": START})
    return Ctx(rep, rep.institution if rep else institution, options, choose_home)


def test_an_account_is_described_by_how_sure_the_check_is_and_from_what() -> None:
    c = ctx(report())
    assert c.account_evidence(mastodon()) == (
        "@univexemple@piaille.fr verified (profile field Site verified on 15 January 2025)"
    )
    assert c.account_evidence(mastodon(verified_field=False)) == (
        '@univexemple@piaille.fr verified (`rel="me"` link from the homepage)'
    )
    assert (
        c.account_evidence(bluesky())
        == "@univ-exemple.fr verified (handle on the domain, confirmed both ways)"
    )
    named = b.bluesky(
        "univexemple.bsky.social", confidence=Confidence.LINKED, found_by=(FoundBy.DOMAIN_RECORD,)
    )
    assert "named by the institution’s domain (its `_atproto` record)" in c.account_evidence(named)
    lookalike = mastodon(confidence=Confidence.CANDIDATE, verified_field=False)
    assert c.account_evidence(lookalike).endswith(
        "found by name only: could be a fan account or an impersonator"
    )
    dormant = b.mastodon("univexemple@piaille.fr", confidence=Confidence.LINKED, activity=Activity.DORMANT)
    assert c.account_evidence(dormant) == (
        "@univexemple@piaille.fr linked from the homepage, without a two-way proof; dormant"
    )
    assert ctx(report(), language="fr").account_evidence(dormant) == (
        "@univexemple@piaille.fr lié depuis la page d’accueil, sans preuve réciproque\u202f; inactif"
    )


def test_the_addresses_are_the_accounts_when_safe_else_suggestions() -> None:
    unsafe = mastodon(url='https://piaille.fr/@univexemple"><script>', bridged=Verdict.ABSENT)
    c = ctx(report(unsafe, bluesky()))
    assert (c.mastodon_handle, c.mastodon_url) == (
        "@univexemple@piaille.fr",
        "https://piaille.fr/@univexemple",
    )
    assert (c.bluesky_handle, c.bluesky_url) == (
        "@univ-exemple.fr",
        "https://bsky.app/profile/univ-exemple.fr",
    )
    assert c.mastodon_known
    # offline: the domain's label, on the instance proposed (its handles are @…@sciences.re)
    offline = ctx(None)
    assert not offline.mastodon_known
    assert (offline.mastodon_handle, offline.mastodon_url) == (
        "@univexemple@sciences.re",
        "https://social.sciences.re/@univexemple",
    )
    nameless = ctx(None, Institution(name="Association", kind=InstitutionKind.ASSOCIATION), language="fr")
    assert nameless.mastodon_handle == "@<compte>@piaille.fr"
    assert nameless.bluesky_handle == "@<compte>.bsky.social"


def test_why_the_homepage_could_not_be_used() -> None:
    assert ctx(None).website_unread() == "not checked"
    assert ctx(report(website=site())).website_unread() is None
    assert ctx(report(website=site(verdict=Verdict.UNKNOWN))).website_unread() == (
        "the homepage could not be read: timed out"
    )
    absent = site(verdict=Verdict.ABSENT)
    assert ctx(report(website=absent)).website_unread() == "the site https://univ-exemple.fr/ does not exist"
    no_site = b.report(institution=Institution(name="Association"))
    assert ctx(no_site).website_unread() == "the homepage was not read (no domain)"
