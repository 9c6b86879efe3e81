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
    assert "déjà fait\u00a0: rien ne serait envoyé" in text and "rien n’a été envoyé" in text


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


# --- status codes, and the results for scripts (issue 17) --------------------------------------------


def test_each_result_has_one_status() -> None:
    from quitx.apply import ErrorKind

    assert _result("announce", "post", dry_run=True, done=False, sends=True).status == "would_send"
    assert _result("announce", "post", changed=True, sends=True).status == "sent"
    assert _result("announce", "post").status == "already_done"
    assert _result("mastodon-sector-list", "list-item", done=False).status == "skipped"
    refused = {"done": False, "error": "x", "error_kind": ErrorKind.WRONG_ACCOUNT}
    assert _result("announce", "post", dry_run=True, **refused).status == "refused"
    assert _result("announce", "post", sends=False, **refused).status == "refused"
    assert _result("announce", "post", sends=True, **refused).status == "failed"


def test_records_carry_codes_and_the_words_under_their_language() -> None:
    from quitx.apply import ErrorKind, records
    from quitx.apply.models import NoteCode

    skipped = _result(
        "mastodon-sector-list",
        "list-item",
        done=False,
        note="social.exemple.fr ne connaît pas @x@y.fr\u00a0: pas ajouté",
        note_code=NoteCode.UNKNOWN_TO_SERVER,
    )
    failed = _result(
        "announce",
        "pin",
        done=False,
        sends=True,
        error="the pin failed",
        error_kind=ErrorKind.REFUSED,
        language="en",
    )
    [one, two] = [r.json_dict() for r in records([skipped, failed])]
    assert one["status"] == "skipped" and one["note"] == "unknown_to_server" and one["error"] is None
    assert one["fr"]["note"].startswith("social.exemple.fr ne connaît pas") and "en" not in one
    assert two["status"] == "failed" and two["error"] == "refused" and two["en"]["error"] == "the pin failed"
    assert two["language"] == "en" and "fr" not in two
    # every value outside the language's key is a code, a flag, or the request itself
    assert set(one) - {"fr"} == {
        "step", "status", "platform", "operation", "account", "target", "method", "endpoint", "payload",
        "dry_run", "done", "changed", "sends", "verified", "note", "error", "retry_after", "language",
    }  # fmt: skip


def test_render_says_skipped_in_the_results_language() -> None:
    skipped = _result("mastodon-sector-list", "list-item", done=False, note="pas suivi", language="fr")
    text = render([skipped])
    assert text.startswith("[ignoré] Mastodon @labo@social.exemple.fr — mastodon-sector-list (list-item)")
    assert "→ pas suivi" in text
    english = _result("mastodon-sector-list", "list-item", done=False, note="not followed", language="en")
    assert render([english]).startswith("[skipped] Mastodon")
