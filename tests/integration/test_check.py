"""quitx check against the local network: each scenario's whole report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from testnet.network import LocalNetwork

import quitx
from quitx import output
from quitx.config import Settings
from quitx.models import Institution, MastodonAccount, Report, Verdict

SETTINGS: dict[str, Settings] = {}


async def run(name: str, domain: str, settings: Settings, **extra: Any) -> Report:
    return await quitx.acheck(Institution(name=name, domain=domain, **extra), settings=settings)


def summary(report: Report) -> dict[str, Any]:
    """The report, projected on what the scenario asserts (all of it, in a readable form)."""
    site = report.website
    return {
        "website": None if site is None else (site.verdict.value, [p.value for p in site.platforms]),
        "own_server": report.own_mastodon_server.host if report.own_mastodon_server else None,
        "mastodon": report.mastodon.verdict.value,
        "instances": {pv.instance: pv.verdict.value for pv in report.instances},
        "bluesky": report.bluesky.verdict.value,
        "accounts": {
            a.handle: (
                a.confidence.value,
                a.activity.value,
                sorted(a.found_by),
                a.bridge.bridged.value if a.bridge else None,
            )
            for a in report.accounts
        },
    }


def assert_round_trip(report: Report) -> None:
    assert Report.model_validate_json(report.model_dump_json()) == report
    assert report.schema_version == 1


async def test_present_on_both_with_verification_and_bridged(settings: Settings) -> None:
    report = await run("Université Exemple", "univ-exemple.fr", settings)
    assert summary(report) == {
        "website": ("present", ["mastodon", "bluesky", "x", "facebook"]),
        "own_server": None,
        "mastodon": "present",
        "instances": {"social.exemple.fr": "present", "social.sciences-exemple.fr": "absent"},
        "bluesky": "present",
        "accounts": {
            "@univ-exemple.fr": ("verified", "active", ["domain handle", "website link"], "absent"),
            "@univexemple@social.exemple.fr": (
                "verified",
                "active",
                ["search", "website link"],
                "present",
            ),
            "@etudiants@social.exemple.fr": ("candidate", "active", ["search"], "absent"),
        },
    }
    assert report.mastodon.best_confidence == quitx.Confidence.VERIFIED
    main = next(a for a in report.accounts if a.handle == "@univexemple@social.exemple.fr")
    assert (
        main.bridge is not None and main.bridge.bridged_handle == "univexemple.social.exemple.fr.ap.brid.gy"
    )
    assert isinstance(main.account, MastodonAccount) and main.account.followers_count == 1200
    assert any("verified" in r for r in main.reasons) and any('rel="me"' in r for r in main.reasons)
    fan = next(a for a in report.accounts if a.handle == "@etudiants@social.exemple.fr")
    assert "could be a fan account or an impersonator" in fan.reasons[-1]
    info = {i.host: i for i in report.instance_info}
    assert info["social.sciences-exemple.fr"].registrations == "approval"
    assert info["social.sciences-exemple.fr"].brid_gy_blocked is False
    assert info["social.exemple.fr"].registrations == "open"
    assert_round_trip(report)


async def test_present_on_mastodon_only_linked_not_verified(settings: Settings) -> None:
    report = await run("Institut Exemple", "institut-exemple.fr", settings)
    assert summary(report) == {
        "website": ("present", ["mastodon", "x"]),
        "own_server": None,
        "mastodon": "present",
        "instances": {"social.exemple.fr": "present", "social.sciences-exemple.fr": "absent"},
        "bluesky": "absent",
        "accounts": {
            "@institutexemple@social.exemple.fr": (
                "linked",
                "active",
                ["search", "website link"],
                "absent",
            ),
        },
    }
    (account,) = report.accounts
    assert "profile field 'Site' links to institut-exemple.fr, not verified" in account.reasons
    assert report.bluesky.detail.startswith("we found no account: tried @institut-exemple.fr")
    assert report.bluesky.search is not None and report.bluesky.search.verdict is Verdict.ABSENT


async def test_present_under_a_handle_on_another_domain(settings: Settings) -> None:
    report = await run("Collège de France", "college-de-france.exemple.fr", settings)
    assert summary(report) == {
        "website": ("present", ["mastodon"]),
        "own_server": None,
        "mastodon": "present",
        "instances": {"social.exemple.fr": "absent", "social.sciences-exemple.fr": "present"},
        "bluesky": "absent",
        "accounts": {
            "@collegedefrance@sciences-exemple.fr": (
                "verified",
                "active",
                ["search", "website link"],
                "absent",
            ),
        },
    }
    assert (
        report.website is not None and report.website.final_url == "https://www.college-de-france.exemple.fr/"
    )
    (account,) = report.accounts
    assert account.instance == "social.sciences-exemple.fr"


async def test_only_lookalike_candidates(settings: Settings) -> None:
    report = await run("Musée Exemple", "musee-exemple.fr", settings)
    assert summary(report) == {
        "website": ("present", ["x", "facebook", "instagram"]),
        "own_server": None,
        "mastodon": "present",
        "instances": {"social.exemple.fr": "present", "social.sciences-exemple.fr": "absent"},
        "bluesky": "present",
        "accounts": {
            "@museeexemple.test": ("candidate", "active", ["candidate name"], "absent"),
            "@museeexemple@social.exemple.fr": (
                "candidate",
                "active",
                ["candidate name", "search"],
                "absent",
            ),
        },
    }
    assert report.mastodon.best_confidence == quitx.Confidence.CANDIDATE
    assert all("impersonator" in a.reasons[-1] for a in report.accounts)


async def test_absent_everywhere_with_a_site_linking_only_to_x(settings: Settings) -> None:
    report = await run("Mairie Absente", "mairie-absente.fr", settings, kind="local_government")
    assert summary(report) == {
        "website": ("present", ["x"]),
        "own_server": None,
        "mastodon": "absent",
        "instances": {"social.exemple.fr": "absent", "social.sciences-exemple.fr": "absent"},
        "bluesky": "absent",
        "accounts": {},
    }
    tried = [a.ref for a in report.instances[0].attempts]
    assert tried == ["@mairieabsente@social.exemple.fr", "@mairie_absente@social.exemple.fr"]
    assert report.instances[0].search is not None and report.instances[0].search.verdict is Verdict.ABSENT
    assert [a.ref for a in report.bluesky.attempts] == [
        "@mairie-absente.fr",
        "@mairie-absente.test",
        "@mairieabsente.test",
    ]
    assert output.website_sentence(report) == "the homepage links to X, and to no Mastodon or Bluesky account"


async def test_one_instance_down_is_unknown_and_the_rest_stays_right(settings: Settings) -> None:
    with_down = settings.model_copy(update={"instances": (*settings.instances, "down.exemple.fr")})
    report = await run("Mairie Absente", "mairie-absente.fr", with_down)
    assert summary(report)["instances"] == {
        "social.exemple.fr": "absent",
        "social.sciences-exemple.fr": "absent",
        "down.exemple.fr": "unknown",
    }
    assert report.mastodon.verdict is Verdict.UNKNOWN  # never "absent" while a place could not be checked
    assert report.bluesky.verdict is Verdict.ABSENT
    down = report.instances[2]
    assert "503" in down.detail
    info = {i.host: i for i in report.instance_info}
    assert info["down.exemple.fr"].reachable is Verdict.UNKNOWN


async def test_dormant_account(settings: Settings) -> None:
    report = await run("Labo Dormant", "labo-dormant.fr", settings)
    assert summary(report)["accounts"] == {
        "@dormant@moved.exemple.fr": ("linked", "dormant", ["website link"], "absent"),
    }
    (account,) = report.accounts
    assert account.last_post is not None
    assert (report.checked_at.date() - account.last_post).days == 730 > report.dormant_after_days
    assert account.bridge is not None and "home server blocks brid.gy" in account.bridge.gaps
    assert summary(report)["instances"]["moved.exemple.fr"] == "present"  # named by the site's link


async def test_own_mastodon_server(settings: Settings) -> None:
    report = await run("Université Fédérée", "univ-federee.fr", settings)
    assert report.own_mastodon_server is not None
    assert report.own_mastodon_server.host == "social.univ-federee.fr"
    assert report.own_mastodon_server.registrations == "closed"
    assert summary(report)["accounts"] == {
        "@univfederee@univ-federee.fr": (
            "verified",
            "active",
            ["search", "website link"],
            "absent",
        ),
    }
    assert summary(report)["instances"]["social.univ-federee.fr"] == "present"


async def test_known_handles_are_checked(settings: Settings) -> None:
    report = await run(
        "Mairie Absente", "mairie-absente.fr", settings, handles=("@comm@locked.exemple.fr", "alice.test")
    )
    accounts = summary(report)["accounts"]
    assert accounts["@comm@locked.exemple.fr"][2] == ["known handle"]
    assert accounts["@alice.test"][:3] == ("candidate", "active", ["known handle"])


def test_cli_check(localnet: LocalNetwork, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(localnet.config_path)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "quitx", "check", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    present = cli("Institut Exemple", "--domain", "institut-exemple.fr")
    assert present.returncode == 0, present.stderr
    assert "LINKED" in present.stdout and "the homepage links to Mastodon and X" in present.stdout
    absent = cli(
        "Mairie Absente",
        "--domain",
        "https://mairie-absente.fr/",
        "--format",
        "json",
        "-o",
        str(tmp_path / "r.json"),
    )
    assert absent.returncode == 3, absent.stderr
    report = Report.model_validate_json((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report.institution.domain == "mairie-absente.fr"
    unknown = cli("--from-json", str(tmp_path / "r.json"), "--instance", "down.exemple.fr", "--format", "md")
    assert unknown.returncode == 4, unknown.stderr
    assert "`down.exemple.fr`: **unknown**" in unknown.stdout
    saved = tmp_path / "institution.json"
    saved.write_text(json.dumps({"name": "Musée Exemple", "domain": "musee-exemple.fr"}), encoding="utf-8")
    assert cli("--from-json", str(saved), "--format", "json").returncode == 0


@pytest.mark.parametrize("fmt", ["table", "md"])
async def test_hostile_remote_text_is_inert(settings: Settings, fmt: str) -> None:
    report = await run("Université Exemple", "univ-exemple.fr", settings)
    hostile = report.accounts[0].account.model_copy(
        update={"display_name": "\x1b[2J<script>alert(1)</script>*x*"}
    )
    tampered = report.model_copy(
        update={"accounts": (report.accounts[0].model_copy(update={"account": hostile}),)}
    )
    text = output.render_report(tampered, fmt)
    assert "\x1b" not in text
    if fmt == "md":
        assert "<script>" not in text and "\\*x\\*" in text


def test_letter_and_plan_from_a_live_check(localnet: LocalNetwork) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}
    env["QUITX_CONFIG"] = str(localnet.config_path)
    letter = subprocess.run(
        [sys.executable, "-m", "quitx", "letter", "Institut Exemple", "--domain", "institut-exemple.fr",
         "--kind", "public_administration", "--format", "txt", "--date", "2026-11-25"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert letter.returncode == 0, letter.stderr
    text = " ".join(letter.stdout.split())
    assert (
        "la présence de notre institut sur les réseaux ouverts : il dispose déjà d’un compte Mastodon" in text
    )
    assert "@institutexemple@social.exemple.fr" in text
    assert "renvoie encore vers X" in text
    args = ["plan", "Institut Exemple", "--domain", "institut-exemple.fr", "--format", "json"]
    plan = subprocess.run(
        [sys.executable, "-m", "quitx", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert plan.returncode == 0, plan.stderr
    steps = {s["id"]: s for phase in json.loads(plan.stdout)["phases"] for s in phase["steps"]}
    assert steps["mastodon-verification"]["status"] == "todo"
    assert any('rel="me" href="https://social.exemple.fr/@institutexemple"' in a["content"]
               for a in steps["mastodon-verification"]["artifacts"])  # fmt: skip
