"""The migration plan: statuses from hand-built reports, artifacts, instance choice, timeline, inert text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Literal

import pytest
import tests.builders as b

from quitx.doc import (
    Block,
    Bullets,
    Code,
    Heading,
    Inline,
    Link,
    Paragraph,
    Strong,
    Text,
    to_markdown,
    to_text,
)
from quitx.models import (
    BridgeStatus,
    Confidence,
    FoundAccount,
    InstanceInfo,
    Institution,
    InstitutionKind,
    LinkPlatform,
    PlatformVerdict,
    ProfileField,
    Reason,
    Report,
    Verdict,
    WebsiteReport,
)
from quitx.plan import (
    Artifact,
    MigrationPlan,
    PlanOptions,
    PlanStep,
    StepStatus,
    build_plan,
    plan_blocks,
)

START = dt.date(2026, 3, 2)
DID = b.DID
OTHER_DID = "did:plc:lookalike0000000000000000"
INST = b.INSTITUTION
GOUV = "social.numerique.gouv.fr"
HOSTILE = ("<script>alert(1)</script>", "**x**", "[a](javascript:alert(1))")

# --- this module's defaults over tests/builders.py -----------------------------------------------------

INFOS = (b.info(GOUV, "approval"), b.info("piaille.fr", "open"))
attempt, instance, info, link, site = b.attempt, b.instance, b.info, b.link, b.site


def mastodon(
    username: str = "univexemple",
    host: str = "piaille.fr",
    *,
    confidence: Confidence = Confidence.VERIFIED,
    verified_field: bool = True,
    field_name: str = "Site",
    display_name: str = "Université Exemple",
    url: str | None = None,
    bridged: Verdict = Verdict.ABSENT,
    gaps: tuple[str, ...] = (),
) -> FoundAccount:
    """A Mastodon account whose profile field links to the site (verified unless said otherwise)."""
    field = ProfileField(
        name=field_name,
        value='<a href="https://univ-exemple.fr" rel="me nofollow">univ-exemple.fr</a>',
        verified_at=dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC) if verified_field else None,
    )
    return b.mastodon(
        f"{username}@{host}",
        confidence=confidence,
        display_name=display_name,
        url=url,
        fields=(field,),
        bridge=BridgeStatus(bridged=bridged, eligible=not gaps, gaps=gaps),
    )


def bluesky(
    handle: str = "univ-exemple.fr",
    did: str = DID,
    *,
    confidence: Confidence = Confidence.VERIFIED,
    handle_verified: bool = True,
    display_name: str = "Université Exemple",
    bridged: Verdict = Verdict.ABSENT,
) -> FoundAccount:
    return b.bluesky(
        handle,
        did=did,
        confidence=confidence,
        handle_verified=handle_verified,
        display_name=display_name,
        bridge=BridgeStatus(bridged=bridged),
    )


def report(
    *accounts: FoundAccount,
    institution: Institution = INST,
    mastodon_verdict: Verdict | None = None,
    bluesky_verdict: Verdict | None = None,
    instances: Sequence[PlatformVerdict] = (),
    infos: Sequence[InstanceInfo] = (),
    website: WebsiteReport | None = None,
    own_server: InstanceInfo | None = None,
) -> Report:
    """A report read on the homepage, with the two instances read (unless given)."""
    return b.report(
        *accounts,
        institution=institution,
        mastodon=mastodon_verdict,
        bluesky=bluesky_verdict,
        instances=instances,
        infos=infos or INFOS,
        website=website if website is not None else site(),
        own_server=own_server,
    )


def plan_for(
    rep: Report | None,
    institution: Institution = INST,
    *,
    language: Literal["fr", "en"] = "en",
    **options: object,
) -> MigrationPlan:
    subject = rep.model_copy(update={"institution": institution}) if rep is not None else institution
    return build_plan(subject, PlanOptions.model_validate({"language": language, "start": START, **options}))


def artifact(step: PlanStep, kind: str) -> Artifact:
    found = [a for a in step.artifacts if a.kind == kind]
    assert found, f"no {kind} artifact in {step.id}"
    return found[0]


def statuses(plan: MigrationPlan) -> dict[str, StepStatus]:
    return {step.id: step.status for step in plan.steps}


# --- present and verified on both -------------------------------------------------------------------------


def test_present_and_verified_on_both_is_mostly_done() -> None:
    rep = report(
        mastodon(bridged=Verdict.PRESENT),
        bluesky(),
        website=site(
            link(LinkPlatform.MASTODON, "https://piaille.fr/@univexemple", rel_me=True),
            link(LinkPlatform.BLUESKY, "https://bsky.app/profile/univ-exemple.fr"),
        ),
    )
    plan = plan_for(rep)
    assert statuses(plan) == {
        "secure-names": StepStatus.DONE,
        "mastodon-home": StepStatus.DONE,
        "bluesky-domain-handle": StepStatus.DONE,
        "mastodon-verification": StepStatus.DONE,
        "bridge": StepStatus.DONE,
        "website-links": StepStatus.DONE,
        # the check reads neither X nor posts: leaving X is always left to do
        "announce": StepStatus.TODO,
        "meta": StepStatus.CANNOT_TELL,  # no Meta link on the site does not mean no Meta account
        "archive-x": StepStatus.TODO,
        "archive-meta": StepStatus.CANNOT_TELL,
    }
    assert plan.recommended_instance == "piaille.fr"
    assert plan.step("mastodon-home").evidence[0].startswith("already at piaille.fr")
    verification = plan.step("mastodon-verification")
    assert "already verified" in verification.evidence[0]
    assert "profile field Site verified_at 2025-01-15" in verification.evidence[0]
    assert "verified (handle on the domain" in plan.step("bluesky-domain-handle").evidence[0]
    # the DNS record kept for reference holds the real DID
    assert artifact(plan.step("bluesky-domain-handle"), "dns_txt").content == (
        f'_atproto.univ-exemple.fr. 3600 IN TXT "did={DID}"'
    )
    assert artifact(plan.step("bluesky-domain-handle"), "well_known").content == DID
    # the posts carry the real handles
    announcement = artifact(plan.step("announce"), "post").content
    assert "@univexemple@piaille.fr" in announcement
    assert "@univ-exemple.fr" in announcement


def test_done_steps_show_no_instructions_in_the_document() -> None:
    plan = plan_for(report(mastodon(bridged=Verdict.PRESENT), bluesky()))
    blocks = plan_blocks(plan)
    codes = [b.text for b in blocks if isinstance(b, Code)]
    # the Bluesky domain handle is done: its DNS record is not printed, the X farewell is
    assert not any(DID in code for code in codes)
    assert any("@univexemple@piaille.fr" in code for code in codes)


# --- present, linked or unverified -----------------------------------------------------------------------


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


# --- only lookalikes -----------------------------------------------------------------------------------


def test_only_candidates_means_reclaiming_the_name() -> None:
    rep = report(
        mastodon("univexemple", "piaille.fr", confidence=Confidence.CANDIDATE, verified_field=False),
        bluesky("univexemple.bsky.social", OTHER_DID, confidence=Confidence.CANDIDATE, handle_verified=True),
    )
    plan = plan_for(rep)
    secure = plan.step("secure-names")
    assert secure.status is StepStatus.TODO
    assert any("lookalike account exists on Mastodon (@univexemple@piaille.fr)" in h for h in secure.how)
    assert any("report it as impersonation" in h for h in secure.how)
    assert any("@univexemple.bsky.social" in e and "impersonator" in e for e in secure.evidence)
    # a lookalike's DID never goes into the institution's DNS
    dns = artifact(plan.step("bluesky-domain-handle"), "dns_txt").content
    assert OTHER_DID not in dns
    assert "<DID of the account" in dns
    # nor is a lookalike taken as the institution's account
    assert plan.step("mastodon-home").status is StepStatus.TODO
    assert plan.step("mastodon-verification").status is StepStatus.TODO


def test_only_candidates_in_french_speaks_of_usurpation() -> None:
    rep = report(mastodon(confidence=Confidence.CANDIDATE, verified_field=False))
    secure = plan_for(rep, language="fr").step("secure-names")
    assert any("usurpation d’identité" in h for h in secure.how)


# --- absent everywhere: placeholders, and the home by kind and live registration mode ---------------------


def test_absent_everywhere_is_to_do_with_placeholders() -> None:
    rep = report(instances=[instance(GOUV, Verdict.ABSENT), instance("piaille.fr", Verdict.ABSENT)])
    plan = plan_for(rep)
    assert statuses(plan)["secure-names"] is StepStatus.TODO
    assert "we found no Mastodon account" in plan.step("secure-names").evidence
    assert "we found no Bluesky account" in plan.step("secure-names").evidence
    assert plan.step("bluesky-domain-handle").status is StepStatus.TODO
    assert "did=<DID of the account" in artifact(plan.step("bluesky-domain-handle"), "dns_txt").content
    # research in France: an academic instance, not read by the check, so its mode must be checked
    assert plan.recommended_instance == "social.sciences.re"
    assert any("could not be read" in r for r in plan.instance_reasons)
    # suggested address: the domain's label without hyphens, on the recommended instance
    verification = plan.step("mastodon-verification")
    assert artifact(verification, "html").content == (
        '<a rel="me" href="https://social.sciences.re/@univexemple">Mastodon</a>'
    )
    assert any("@univexemple@sciences.re is a suggested name" in h for h in verification.how)


@pytest.mark.parametrize(
    ("kind", "country", "infos", "expected"),
    [
        (InstitutionKind.PUBLIC_ADMINISTRATION, "FR", [info(GOUV, "open")], GOUV),
        (InstitutionKind.PUBLIC_ADMINISTRATION, "FR", [info(GOUV, "approval")], GOUV),
        (InstitutionKind.LOCAL_GOVERNMENT, "FR", [info(GOUV, "open")], GOUV),
        (
            InstitutionKind.PUBLIC_ADMINISTRATION,
            "FR",
            [info(GOUV, "closed"), info("piaille.fr", "open")],
            "piaille.fr",
        ),
        (InstitutionKind.RESEARCH, "FR", [info("social.sciences.re", "closed")], "universites.social"),
        (InstitutionKind.COMPANY, "FR", [info("piaille.fr", "open")], "piaille.fr"),
        (InstitutionKind.ASSOCIATION, "BE", [info("mastodon.social", "open")], "mastodon.social"),
        (InstitutionKind.COMPANY, "FR", [info("piaille.fr", "closed")], None),
    ],
)
def test_the_home_follows_the_kind_and_the_live_registration_mode(
    kind: InstitutionKind, country: str, infos: list[InstanceInfo], expected: str | None
) -> None:
    institution = Institution(name="Exemple", domain="exemple.fr", kind=kind, country=country)
    plan = plan_for(report(institution=institution, infos=infos), institution)
    assert plan.recommended_instance == expected
    home = plan.step("mastodon-home")
    assert home.status is StepStatus.TODO
    if expected is None:
        assert any("closed its registrations" in r for r in plan.instance_reasons)


def test_closed_state_instance_is_said_and_the_next_proposed() -> None:
    institution = Institution(
        name="Mairie", domain="mairie-exemple.fr", kind=InstitutionKind.LOCAL_GOVERNMENT
    )
    rep = report(institution=institution, infos=[info(GOUV, "closed"), info("piaille.fr", "open")])
    plan = plan_for(rep, institution)
    assert plan.recommended_instance == "piaille.fr"
    assert f"{GOUV}: registrations closed (read on 20 February 2026)" in plan.instance_reasons
    assert "piaille.fr: registrations open (read on 20 February 2026)" in plan.instance_reasons


def test_approval_asks_for_an_application_at_the_registration_url() -> None:
    institution = Institution(
        name="Ministère", domain="exemple.gouv.fr", kind=InstitutionKind.PUBLIC_ADMINISTRATION
    )
    signup = "https://social.numerique.gouv.fr/demande"
    rep = report(institution=institution, infos=[info(GOUV, "approval", url=signup)])
    plan = plan_for(rep, institution)
    home = plan.step("mastodon-home")
    assert plan.recommended_instance == GOUV
    assert any(h.startswith(f"Apply for an account at {signup}") for h in home.how)
    assert artifact(home, "url").content == signup
    assert any("State's instance" in r for r in plan.instance_reasons)
    # a large public body with a domain is told about running its own instance, without it being pushed
    assert any("run its own instance" in h for h in home.how)
    assert (
        not plan_for(rep, institution, own_instance=False)
        .step("mastodon-home")
        .how[-1]
        .startswith("An option")
    )


def test_an_unsafe_registration_url_is_not_used() -> None:
    institution = Institution(
        name="Ministère", domain="exemple.gouv.fr", kind=InstitutionKind.PUBLIC_ADMINISTRATION
    )
    rep = report(institution=institution, infos=[info(GOUV, "approval", url='javascript:alert("x")')])
    home = plan_for(rep, institution).step("mastodon-home")
    assert artifact(home, "url").content == f"https://{GOUV}/auth/sign_up"


def test_own_instance_when_asked_and_already_running_one() -> None:
    asked = plan_for(report(), own_instance=True)
    assert asked.recommended_instance == "social.univ-exemple.fr"
    assert any("LOCAL_DOMAIN=univ-exemple.fr" in h for h in asked.step("mastodon-home").how)

    own = InstanceInfo(
        host="social.univ-exemple.fr", reachable=Verdict.PRESENT, software="mastodon", version="4.3.0"
    )
    running = plan_for(report(own_server=own))
    assert running.recommended_instance == "social.univ-exemple.fr"
    assert running.step("mastodon-home").status is StepStatus.DONE
    assert "own server: social.univ-exemple.fr (mastodon 4.3.0)" in running.step("mastodon-home").evidence
    assert any("atproto-did to Bridgy Fed" in h for h in running.step("bridge").how)


# --- unknown: one instance down ----------------------------------------------------------------------------


def test_an_instance_down_gives_cannot_tell_never_absent() -> None:
    rep = report(
        mastodon_verdict=Verdict.UNKNOWN,
        instances=[instance(GOUV, Verdict.ABSENT), instance("piaille.fr", Verdict.UNKNOWN, Reason.TIMEOUT)],
    )
    plan = plan_for(rep)
    for step_id in ("mastodon-home", "mastodon-verification", "bridge"):
        step = plan.step(step_id)
        assert step.status is StepStatus.CANNOT_TELL, step_id
        assert "the check could not tell: piaille.fr — timed out" in step.evidence, step_id
    secure = plan.step("secure-names")
    # Bluesky was checked and is absent: that part is to do; Mastodon's part is not called absent
    assert secure.status is StepStatus.TODO
    assert "we found no Mastodon account" not in secure.evidence
    assert "the check could not tell: piaille.fr — timed out" in secure.evidence
    assert any("Run the check again for Mastodon" in h for h in secure.how)
    # the recommendation still stands: it does not depend on the account's existence
    assert plan.recommended_instance == "social.sciences.re"


def test_unknown_mastodon_with_verified_bluesky_cannot_tell_the_names() -> None:
    rep = report(
        bluesky(), mastodon_verdict=Verdict.UNKNOWN, instances=[instance("piaille.fr", Verdict.UNKNOWN)]
    )
    assert plan_for(rep).step("secure-names").status is StepStatus.CANNOT_TELL


def test_unknown_bluesky_leaves_the_domain_handle_undecided() -> None:
    rep = report(bluesky_verdict=Verdict.UNKNOWN)
    step = plan_for(rep, language="fr").step("bluesky-domain-handle")
    assert step.status is StepStatus.CANNOT_TELL
    assert step.evidence == ("le contrôle n’a pas pu conclure : Bluesky — délai de réponse dépassé",)


def test_an_unread_homepage_cannot_tell_the_website_step() -> None:
    plan = plan_for(report(website=site(verdict=Verdict.UNKNOWN)))
    assert plan.step("website-links").status is StepStatus.CANNOT_TELL
    assert plan.step("website-links").evidence == ("the homepage could not be read: timed out",)
    assert plan.step("meta").status is StepStatus.CANNOT_TELL


# --- offline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [("en", "not checked"), ("fr", "non contrôlé")])
def test_offline_everything_cannot_tell_not_checked(language: Literal["fr", "en"], words: str) -> None:
    plan = plan_for(None, language=language)
    assert plan.checked_at is None
    for step in plan.steps:
        assert step.status is StepStatus.CANNOT_TELL, step.id
        assert step.evidence == (words,), step.id
    # artifacts are still given, with placeholders where a fact is unknown
    dns = artifact(plan.step("bluesky-domain-handle"), "dns_txt").content
    assert dns.startswith('_atproto.univ-exemple.fr. 3600 IN TXT "did=<')
    assert artifact(plan.step("announce"), "post").content
    assert plan.recommended_instance == "social.sciences.re"
    text = to_text(plan_blocks(plan))
    assert ("not checked (offline)" if language == "en" else "non contrôlée (hors ligne)") in text


def test_offline_without_a_domain_still_plans() -> None:
    institution = Institution(name="Association Exemple", kind=InstitutionKind.ASSOCIATION)
    plan = plan_for(None, institution)
    assert plan.recommended_instance == "piaille.fr"
    assert "<domain>" in artifact(plan.step("bluesky-domain-handle"), "dns_txt").content
    assert artifact(plan.step("mastodon-verification"), "html").content == (
        '<a rel="me" href="https://piaille.fr/@&lt;account&gt;">Mastodon</a>'
    )


# --- timeline -----------------------------------------------------------------------------------


def test_due_dates_follow_the_start() -> None:
    plan = plan_for(report())
    due = {step.id: step.due for step in plan.steps}
    assert due == {
        "secure-names": dt.date(2026, 3, 2),
        "mastodon-home": dt.date(2026, 3, 8),
        "bluesky-domain-handle": dt.date(2026, 3, 15),
        "mastodon-verification": dt.date(2026, 3, 15),
        "bridge": dt.date(2026, 3, 15),
        "website-links": dt.date(2026, 3, 22),
        "announce": dt.date(2026, 3, 22),
        "meta": dt.date(2026, 3, 22),
        "archive-x": dt.date(2026, 5, 31),  # start + 90 days
        "archive-meta": dt.date(2026, 5, 31),
    }
    assert plan.x_dormant_until == dt.date(2026, 5, 31)
    assert [p.id for p in plan.phases] == ["week-1", "week-2", "week-3", "dormant"]
    farewell = [a for a in plan.step("announce").artifacts if a.kind == "post"][1].content
    assert "no longer updated from 22 March 2026" in farewell
    assert "stay visible until 31 May 2026, then be archived, never deleted" in farewell


def test_the_archive_never_comes_before_the_farewell() -> None:
    plan = plan_for(report(), keep_x_until_days=5)
    assert plan.step("archive-x").due == plan.step("announce").due


def test_start_defaults_to_today() -> None:
    plan = build_plan(INST)
    assert plan.start == dt.date.today()
    assert plan.language == "fr"


def test_never_delete_x() -> None:
    archive = plan_for(report()).step("archive-x")
    assert any("Never deactivate or delete" in h for h in archive.how)
    assert any("Download the archive" in h for h in archive.how)


# --- languages -----------------------------------------------------------------------------------


def test_french_texts_and_dates() -> None:
    plan = plan_for(report(), language="fr", start=dt.date(2026, 5, 25))
    assert plan.phases[0].title == "Semaine 1 : réserver les noms et choisir une instance"
    farewell = [a for a in plan.step("announce").artifacts if a.kind == "post"][1].content
    # week 3 ends on 14 June; 25 May + 90 days = 23 August
    assert "à partir du 14 juin 2026" in farewell
    assert "jusqu’au 23 août 2026" in farewell
    assert plan_for(None, language="fr", start=dt.date(2026, 2, 23)).step("website-links").due == dt.date(
        2026, 3, 15
    )
    first = plan_for(None, language="fr", start=dt.date(2026, 3, 1))
    assert first.step("secure-names").due == dt.date(2026, 3, 1)
    assert "**Statut :** à vérifier — échéance : 1er mars 2026" in to_markdown(plan_blocks(first))
    field = artifact(plan.step("mastodon-verification"), "profile_field")
    assert field.label == "Champ de profil « Site web »"


def test_english_texts() -> None:
    plan = plan_for(report())
    assert plan.phases[0].title == "Week 1: secure the names and choose a home"
    markdown = to_markdown(plan_blocks(plan))
    assert markdown.startswith("# Migration plan — Université Exemple\n")
    assert "**Status:** to do — due: 2 March 2026" in markdown


def test_the_plan_round_trips_as_json() -> None:
    plan = plan_for(report(mastodon(), bluesky()))
    assert MigrationPlan.model_validate_json(plan.model_dump_json()) == plan


# --- hostile remote text -----------------------------------------------------------------------------------


def _inlines(spans: Sequence[Inline]) -> Iterator[Inline]:
    for span in spans:
        yield span
        if isinstance(span, Strong | Link):
            yield from _inlines(span.children)


def _walk(blocks: Sequence[Block]) -> Iterator[Inline | Code]:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            yield from _inlines(block.children)
        elif isinstance(block, Bullets):
            for item in block.items:
                yield from _inlines(item)
        else:
            yield block


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_remote_text_stays_in_text_nodes(hostile: str) -> None:
    institution = Institution(name=f"Université {hostile}", domain="univ-exemple.fr")
    rep = report(
        mastodon(
            confidence=Confidence.LINKED,
            display_name=hostile,
            field_name=hostile,
            url=f'https://piaille.fr/@univexemple"><script>{hostile}',
        ),
        bluesky(display_name=hostile),
        mastodon(
            "other", "piaille.fr", confidence=Confidence.CANDIDATE, display_name=hostile, field_name=hostile
        ),
        institution=institution,
        website=site(link(LinkPlatform.X, f"https://x.com/{hostile}")),
    )
    for language in ("fr", "en"):
        plan = plan_for(rep, institution, language=language)
        nodes = list(_walk(plan_blocks(plan)))
        texts = [n.text for n in nodes if isinstance(n, Text)]
        assert any(hostile in text for text in texts)  # it is there, as text
        assert not any(isinstance(n, Link) for n in nodes)  # never made into a link
        for node in nodes:
            if isinstance(node, Strong):  # only the plan's own labels are strong
                assert all(isinstance(c, Text) and hostile not in c.text for c in node.children)
            if isinstance(node, Code):  # nothing remote reaches a snippet unvalidated
                assert hostile not in node.text
                assert "<script>" not in node.text
        # the account's unsafe URL is rebuilt from its host and username
        snippet = artifact(plan.step("website-links"), "html").content
        assert '<a rel="me" href="https://piaille.fr/@univexemple">Mastodon</a>' in snippet


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("Université Exemple", "Plan de migration de l’Université Exemple"),
        ("CNRS", "Plan de migration du CNRS"),
        ("Inria", "Plan de migration d’Inria"),
    ],
)
def test_french_heading_uses_the_right_article(name: str, heading: str) -> None:
    institution = Institution(name=name, domain="exemple.fr")
    first = plan_blocks(plan_for(None, institution, language="fr"))[0]
    assert first == Heading(level=1, children=(Text(text=heading),))


def test_render_plan_refuses_a_format_it_does_not_write() -> None:
    from quitx.errors import UsageError
    from quitx.plan import render_plan

    with pytest.raises(UsageError, match="xml") as raised:
        render_plan(build_plan(INST, PlanOptions(start=START)), "xml")  # type: ignore[arg-type]
    assert raised.value.option == "fmt"
