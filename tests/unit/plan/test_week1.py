"""Week 1: securing the names (owned, lookalikes, absent, unknown)."""

from __future__ import annotations

from tests.unit.plan.reports import (
    GOUV,
    OTHER_DID,
    artifact,
    bluesky,
    instance,
    mastodon,
    plan_for,
    report,
    statuses,
)

from quitx.models import Confidence, Reason, Verdict
from quitx.plan import StepStatus


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
