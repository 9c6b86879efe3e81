"""Week 2: the Bluesky domain handle, Mastodon's verified link, the bridge."""

from __future__ import annotations

import datetime as dt
from typing import Any

import tests.builders as b
from tests.unit.plan.reports import DID, artifact, bluesky, link, mastodon, plan_for, report, site

from quitx._http import HttpResult
from quitx.config import Settings
from quitx.models import Confidence, Label, LinkPlatform, Verdict
from quitx.plan import StepStatus
from quitx.plan import wording as W
from quitx.probes.bridges import bluesky_bridge, mastodon_bridge


def test_linked_accounts_get_the_exact_snippets_with_their_real_addresses() -> None:
    rep = report(
        mastodon("univexemple", "mastodon.example", confidence=Confidence.LINKED, verified_field=False),
        bluesky("univexemple.bsky.social", confidence=Confidence.LINKED, handle_verified=True),
        website=site(
            link(LinkPlatform.MASTODON, "https://mastodon.example/@univexemple"),
            link(LinkPlatform.X, "https://x.com/univexemple"),
            link(LinkPlatform.FACEBOOK, "https://www.facebook.com/univexemple"),
        ),
    )
    plan = plan_for(rep)
    assert plan.step("secure-names").status is StepStatus.DONE
    verification = plan.step("mastodon-verification")
    assert verification.status is StepStatus.TODO
    assert [a.content for a in verification.artifacts if a.kind == "html"] == [
        '<a rel="me" href="https://mastodon.example/@univexemple">Mastodon</a>',
        '<link rel="me" href="https://mastodon.example/@univexemple">',
    ]
    field = artifact(verification, "profile_field")
    assert (field.label, field.content) == ('Profile field "Website"', "https://univ-exemple.fr")
    assert any("linked from the homepage" in e for e in verification.evidence)

    handle = plan.step("bluesky-domain-handle")
    assert handle.status is StepStatus.TODO
    assert artifact(handle, "dns_txt").content == f'_atproto.univ-exemple.fr. 3600 IN TXT "did={DID}"'
    assert any("I have my own domain" in h for h in handle.how)

    website = plan.step("website-links")
    assert website.status is StepStatus.TODO
    assert "the homepage still links to X: https://x.com/univexemple" in website.evidence
    assert "no link to Bluesky" in website.evidence
    snippet = artifact(website, "html").content
    assert '<a rel="me" href="https://mastodon.example/@univexemple">Mastodon</a>' in snippet
    assert '<a href="https://bsky.app/profile/univ-exemple.fr">Bluesky</a>' in snippet

    meta = plan.step("meta")
    assert meta.status is StepStatus.TODO
    assert meta.evidence == ("Facebook account linked from the site: https://www.facebook.com/univexemple",)
    assert plan.step("bridge").status is StepStatus.TODO


def test_a_rel_me_link_alone_verifies_but_the_profile_field_is_still_to_set() -> None:
    rep = report(
        mastodon(verified_field=False),  # VERIFIED through the homepage's rel="me" only
        website=site(link(LinkPlatform.MASTODON, "https://piaille.fr/@univexemple", rel_me=True)),
    )
    verification = plan_for(rep).step("mastodon-verification")
    assert verification.status is StepStatus.TODO
    assert any("only the profile field is missing" in h for h in verification.how)


def test_bridge_gaps_become_the_instructions() -> None:
    rep = report(mastodon(gaps=("no avatar", "display name equals the username")))
    bridge = plan_for(rep).step("bridge")
    assert bridge.status is StepStatus.TODO
    assert "@univexemple@piaille.fr: add a profile picture" in bridge.how
    assert "@univexemple@piaille.fr: choose a display name different from the username" in bridge.how
    assert any(
        "@bsky.brid.gy@bsky.brid.gy" in h and "univexemple.piaille.fr.ap.brid.gy" in h for h in bridge.how
    )
    assert {a.content for a in bridge.artifacts} == {"@bsky.brid.gy@bsky.brid.gy", "@ap.brid.gy"}


def test_unknown_bluesky_leaves_the_domain_handle_undecided() -> None:
    rep = report(bluesky_verdict=Verdict.UNKNOWN)
    step = plan_for(rep, language="fr").step("bluesky-domain-handle")
    assert step.status is StepStatus.CANNOT_TELL
    assert step.evidence == ("le contrôle n’a pas pu conclure\u00a0: Bluesky — délai de réponse dépassé",)


class _BridgyFed:
    """An engine whose Bridgy Fed says "not bridged" to every account."""

    settings = Settings()

    async def get(self, url: str, **_: object) -> HttpResult:
        return HttpResult(method="GET", url=url, final_url=url, status=404)


async def test_every_gap_the_bridges_probe_finds_has_words_and_no_words_are_dead() -> None:
    now = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    engine: Any = _BridgyFed()
    blocked = b.info("piaille.fr", "open", brid_gy_blocked=True)
    # every branch of Bridgy Fed's rules, over four accounts (some gaps exclude others)
    worst = b.mastodon_account("-bad-@piaille.fr", display_name="", created_at=now, locked=True)
    named = b.mastodon_account(
        "univ@piaille.fr", display_name="univ", avatar="https://a.png", note="#nobridge"
    )
    hidden = Label(src=DID, val="!no-unauthenticated")
    sky = b.bluesky_account("univ-exemple.fr", display_name="univ-exemple.fr", labels=(hidden,))
    statuses = [
        await mastodon_bridge(engine, worst, blocked, now=now),
        await mastodon_bridge(engine, named, None, now=now),
        await bluesky_bridge(engine, sky, now=now),
        await bluesky_bridge(engine, b.bluesky_account(display_name=""), now=now),
    ]
    found = {gap for status in statuses for gap in status.gaps}
    assert found == set(W.GAPS)
