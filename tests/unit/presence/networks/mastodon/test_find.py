"""Finding the Mastodon accounts: what an answer already settles is not asked again."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from tests.unit.presence.networks.checks import mocked_check

from quitx.models import Institution, Verdict

INSTITUTION = Institution(name="Université Exemple", domain="univ-exemple.fr")


def linked_world(username: str) -> Callable[[httpx.Request], httpx.Response | None]:
    """The homepage links to @<username>@m.fr, which exists there; nobody else exists anywhere."""
    account = {
        "id": "7",
        "username": username,
        "acct": username,
        "url": f"https://m.fr/@{username}",
        "display_name": "Université Exemple",
    }
    webfinger = {
        "subject": f"acct:{username}@m.fr",
        "links": [
            {"rel": "self", "type": "application/activity+json", "href": f"https://m.fr/users/{username}"}
        ],
    }
    homepage = f'<html><body><a rel="me" href="https://m.fr/@{username}">Mastodon</a></body></html>'

    def answer(request: httpx.Request) -> httpx.Response | None:
        host, path = request.url.host, request.url.path
        if host == "univ-exemple.fr" and path == "/":
            return httpx.Response(200, html=homepage)
        if host == "m.fr" and path == "/.well-known/webfinger":
            if request.url.params.get("resource") == f"acct:{username}@m.fr":
                return httpx.Response(200, json=webfinger)
            return httpx.Response(404)
        if host == "m.fr" and path == "/api/v1/accounts/lookup":
            return httpx.Response(200, json=account)
        return None

    return answer


@pytest.mark.parametrize("username", ["comm", "univexemple"], ids=["another-name", "a-likely-username"])
async def test_a_server_on_which_the_institution_names_its_account_gets_no_guesses(username: str) -> None:
    report, seen = await mocked_check(INSTITUTION, linked_world(username))

    assert any(a.handle == f"@{username}@m.fr" for a in report.accounts)
    by_host = {v.instance: v for v in report.instances}
    assert by_host["m.fr"].verdict is Verdict.PRESENT
    assert by_host["n.fr"].verdict is Verdict.ABSENT  # every candidate asked there, as always
    assert sum(s == "m.fr/.well-known/webfinger" for s in seen) == 1  # the linked account only
    assert sum(s == "n.fr/.well-known/webfinger" for s in seen) == 4  # every likely username
    assert sum(s == "m.fr/api/v2/search" for s in seen) == 1  # its search by name still runs
