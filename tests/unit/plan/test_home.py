"""The Mastodon home: by kind and country, from the registration modes the check read."""

from __future__ import annotations

import pytest
from tests.unit.plan.reports import GOUV, artifact, info, plan_for, report

from quitx.models import InstanceInfo, Institution, InstitutionKind, Verdict
from quitx.plan import StepStatus


@pytest.mark.parametrize(
    ("kind", "country", "infos", "expected"),
    [
        (InstitutionKind.PUBLIC_ADMINISTRATION, "FR", [info(GOUV, "open")], GOUV),
        (InstitutionKind.PUBLIC_ADMINISTRATION, "FR", [info(GOUV, "approval")], GOUV),
        # the State's instance is for State services: a city is sent to a general instance
        (
            InstitutionKind.LOCAL_GOVERNMENT,
            "FR",
            [info(GOUV, "open"), info("piaille.fr", "open")],
            "piaille.fr",
        ),
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
    # the State's instance is not even considered for a city, and the plan says why
    assert not any(r.startswith(f"{GOUV}: registrations") for r in plan.instance_reasons)
    assert any(
        r.startswith(f"{GOUV} is not proposed: it is reserved to State services")
        for r in plan.instance_reasons
    )
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
    assert any("State’s instance" in r for r in plan.instance_reasons)
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
    assert any("atproto-did` to Bridgy Fed" in h for h in running.step("bridge").how)


def test_a_media_outlet_gets_its_own_domain_and_holds_its_name_meanwhile() -> None:
    institution = Institution(name="Le Quotidien", domain="quotidien.fr", kind=InstitutionKind.MEDIA)
    plan = plan_for(report(institution=institution), institution)
    assert plan.recommended_instance == "social.quotidien.fr"
    home = plan.step("mastodon-home")
    assert any("media outlet signs with its name" in r for r in plan.instance_reasons)
    assert any(h.startswith("Meanwhile, hold the name on piaille.fr") for h in home.how)
    # its handles carry its domain
    assert "Mastodon: @quotidien@quotidien.fr" in artifact(plan.step("announce"), "post").content
    # unless it says no
    assert plan_for(
        report(institution=institution), institution, own_instance=False
    ).recommended_instance == ("piaille.fr")


def test_the_registration_message_is_quoted_and_its_conditions_checked() -> None:
    institution = Institution(name="Association", domain="asso.fr", kind=InstitutionKind.ASSOCIATION)
    message = "<p>Inscriptions réservées aux <b>personnes</b> vivant en Bretagne.</p>" + "x" * 400
    piaille = info("piaille.fr", "approval").model_copy(
        update={"registration_message": message, "rules_count": 3}
    )
    plan = plan_for(report(institution=institution, infos=[piaille]), institution)
    quoted = next(r for r in plan.instance_reasons if r.startswith("registration message of piaille.fr"))
    assert "Inscriptions réservées aux personnes vivant en Bretagne." in quoted and "<b>" not in quoted
    assert len(quoted) < 320 and quoted.endswith("…”")
    how = plan.step("mastodon-home").how
    assert any(h.startswith("Its registration message sets conditions") for h in how)
    assert any("Read the rules of piaille.fr (3 rules)" in h for h in how)
