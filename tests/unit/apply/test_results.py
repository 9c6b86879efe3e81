"""apply's results for people, and the plan marked from them."""

from __future__ import annotations

from tests.unit.apply.support import _plan, _report, _result

from quitx.apply import (
    mark_plan,
    render,
)
from quitx.plan import StepStatus


def test_the_plan_is_marked_only_for_what_is_verified() -> None:
    report = _report()
    plan = _plan(report)
    green = _result(
        "mastodon-verification", "profile-field", verified=True, evidence=("verified_at 2026-03-02",)
    )
    assert mark_plan(plan, [green]).step("mastodon-verification").status is StepStatus.DONE
    grey = _result("mastodon-verification", "profile-field", changed=True, verified=False)
    assert mark_plan(plan, [grey]).step("mastodon-verification").status is not StepStatus.DONE
    posted = _result("announce", "post", changed=True, verified=True, evidence=("read back: https://x/1",))
    marked = mark_plan(plan, [posted]).step("announce")
    assert marked.status is plan.step("announce").status and "read back: https://x/1" in marked.evidence


def test_render_names_the_account_and_what_would_go() -> None:
    dry = _result(
        "announce", "post", dry_run=True, done=False, sends=True, before="pas publiée", after="publiée"
    )
    done = _result("announce", "pin", dry_run=True, before="épinglée", after="épinglée")
    text = render([dry, done], "fr")
    assert "[simulation] Mastodon @labo@social.exemple.fr — announce (post)" in text
    assert "  POST https://social.exemple.fr/x\n    a=1" in text
    assert "déjà fait : rien ne serait envoyé" in text and "rien n’a été envoyé" in text


def test_render_makes_remote_text_inert() -> None:
    hostile = _result(
        "mastodon-verification",
        "profile-field",
        dry_run=True,
        done=False,
        before="[0] Labo = \x1b[2J\x1b]0;pwned\x07 \u202eevil",
    )
    text = render([hostile], "en")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "[0] Labo = \u241b[2J\u241b]0;pwned\u2407 <U+202E>evil" in text
