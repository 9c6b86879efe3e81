"""``quitx apply`` without a network: its rules, error messages, credentials, masking, the command.

The runs against real servers (the PDS, the Mastodon test server) are in
tests/integration/test_apply_net.py; here, the pure rules on real payload shapes, and the run
with a stand-in SDK session where a service must misbehave in a way no test server can.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pytest
import tests.builders as b

import quitx.apply.run as run_mod
from quitx import cli
from quitx.apply import (
    ApplyAction,
    ApplyError,
    ApplyResult,
    ErrorKind,
    ProfileRequest,
    aapply_steps,
    apply_steps,
    mark_plan,
    render,
)
from quitx.apply.bluesky_sdk import BlueskySession
from quitx.apply.failures import describe, retry_text
from quitx.apply.mastodon_sdk import MastodonSession, check_token
from quitx.apply.rules import (
    BlueskyIdentity,
    Field,
    MastodonIdentity,
    bluesky_facets,
    fields_payload,
    is_bluesky_announcement,
    is_homepage_link,
    is_mastodon_announcement,
    is_profile_url,
    official_bio,
    owner_of_bluesky,
    owner_of_mastodon,
    plan_fields,
)
from quitx.cli.apply import exit_status
from quitx.cli.exits import EXIT_FAILED, EXIT_UNVERIFIED
from quitx.config import Settings
from quitx.errors import UsageError
from quitx.models import (
    BlueskyAccount,
    Confidence,
    FoundAccount,
    FoundBy,
    Institution,
    MastodonAccount,
    Platform,
    Report,
    Verdict,
)
from quitx.plan import MigrationPlan, PlanOptions, StepStatus, build_plan
from quitx.secrets import (
    MASK,
    BlueskyCredentials,
    Credentials,
    MaskingFilter,
    MastodonCredentials,
    Secret,
    load_credentials,
    mask,
)

TOKEN = "tok_SUPERSECRET_0123456789abcdef"
PASSWORD = "abcd-efgh-ijkl-mnop"
DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
SETTINGS = Settings(only_mapped_hosts=True, host_map={"social.exemple.fr": "http://127.0.0.1:9"})
LABO = Institution(name="Labo Exemple", domain="labo-exemple.fr")
ME = MastodonIdentity(
    id="109",
    username="labo",
    host="social.exemple.fr",
    domain="social.exemple.fr",
    url="https://social.exemple.fr/@labo",
)
SKY = BlueskyIdentity(did=DID, handle="labo-exemple.fr")


def _found(
    account: MastodonAccount | BlueskyAccount, confidence: Confidence = Confidence.LINKED
) -> FoundAccount:
    return b.found(account, confidence=confidence, found_by=(FoundBy.KNOWN,))


MASTODON = MastodonAccount(
    acct="labo@social.exemple.fr", username="labo", domain="social.exemple.fr", web_host="social.exemple.fr"
)
BLUESKY = BlueskyAccount(
    did=DID, handle="labo-exemple.fr", handle_verified=True, pds="https://pds.exemple.fr"
)


def _report(*accounts: FoundAccount, institution: Institution = LABO, nobody: bool = False) -> Report:
    """The report apply reads: the given accounts (default: the lab's own two), or none at all."""
    found = () if nobody else accounts or (_found(MASTODON), _found(BLUESKY))
    return b.report(*found, institution=institution, mastodon=Verdict.PRESENT, bluesky=Verdict.PRESENT)


def _plan(report: Report, language: str = "fr") -> MigrationPlan:
    return build_plan(report, PlanOptions(language=language, start=dt.date(2026, 3, 2)))


CREDS = Credentials(
    mastodon=MastodonCredentials(Secret(TOKEN), "test"),
    bluesky=BlueskyCredentials("labo-exemple.fr", Secret(PASSWORD), "test"),
)


# --- the website field -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://labo-exemple.fr", True),
        ("https://labo-exemple.fr/", True),
        ("http://www.labo-exemple.fr/", True),
        ("  https://LABO-EXEMPLE.fr  ", True),
        ("https://labo-exemple.fr/equipe", False),  # a page of the site is not the website field
        ("https://labo-exemple.fr/?utm=1", False),
        ("labo-exemple.fr", False),  # not a link Mastodon can verify
        ("https://sub.labo-exemple.fr", False),
        ("https://labo-exemple.fr.evil.example", False),
        ("Mon site : https://labo-exemple.fr", False),
    ],
)
def test_which_field_is_the_website(value: str, expected: bool) -> None:
    assert is_homepage_link(value, LABO) is expected


def test_the_homepage_given_counts_too() -> None:
    inst = Institution(name="Labo", domain="https://labo-exemple.fr/fr/accueil")
    assert is_homepage_link("https://labo-exemple.fr/fr/accueil/", inst)
    assert is_homepage_link("https://labo-exemple.fr", inst)


def test_fields_are_kept_as_typed_and_the_website_added() -> None:
    current = [Field("Labo", "UMR 0000 & CNRS <b>"), Field("Équipe", "https://labo-exemple.fr/equipe")]
    fp = plan_fields(current, LABO, "fr")
    assert fp.state == "add" and fp.index == 2
    assert fp.fields == (
        ("Labo", "UMR 0000 & CNRS <b>"),
        ("Équipe", "https://labo-exemple.fr/equipe"),
        ("Site web", "https://labo-exemple.fr"),
    )
    assert fields_payload(fp.fields).splitlines()[1] == "fields_attributes[0][value]=UMR 0000 & CNRS <b>"
    assert "(inchangé)" in fp.diff("fr").splitlines()[0] and "(ajouté)" in fp.diff("fr").splitlines()[2]


def test_a_field_already_there_is_done_or_checked_again() -> None:
    verified = [Field("Site", "https://labo-exemple.fr/", "2026-03-02T09:15:27.004+00:00")]
    assert plan_fields(verified, LABO, "en").state == "done"
    unverified = [Field("Site", "https://labo-exemple.fr/")]
    fp = plan_fields(unverified, LABO, "en")
    assert fp.state == "recheck" and fp.fields == (("Site", "https://labo-exemple.fr/"),)


def test_a_full_profile_updates_only_a_website_field_off_the_site() -> None:
    three = [Field("Un", "1"), Field("Deux", "2"), Field("Trois", "3")]
    fp = plan_fields([*three, Field("Website", "https://old-name.fr")], LABO, "en")
    assert fp.state == "update" and fp.fields[3] == ("Website", "https://labo-exemple.fr")
    assert "replaces" in fp.diff("en").splitlines()[3]
    with pytest.raises(ApplyError) as refused:
        plan_fields([*three, Field("Site web", "https://labo-exemple.fr/equipe")], LABO, "fr")
    assert refused.value.kind is ErrorKind.PRECONDITION and "4 champs" in refused.value.message


# --- whose account -----------------------------------------------------------------------------------------


def test_the_reports_own_accounts_are_the_institutions() -> None:
    report = _report()
    assert "@labo@social.exemple.fr" in owner_of_mastodon(ME, report, LABO, (), "en")
    assert DID in owner_of_bluesky(SKY, report, LABO, (), "en")
    other = MastodonIdentity(
        id="1", username="LABO", host="social.exemple.fr", domain="social.exemple.fr", url=""
    )
    assert owner_of_mastodon(other, report, LABO, (), "en")  # usernames compare case-insensitively


def test_another_account_is_refused_with_the_way_to_confirm_it() -> None:
    b = Institution(name="Université B", domain="univ-b.fr")
    with pytest.raises(ApplyError) as refused:
        owner_of_mastodon(ME, _report(institution=b, nobody=True), b, (), "en")
    assert refused.value.kind is ErrorKind.WRONG_ACCOUNT
    assert "--confirm-account @labo@social.exemple.fr" in refused.value.message
    same_name_elsewhere = MastodonIdentity(
        id="7", username="labo", host="piaille.fr", domain="piaille.fr", url="https://piaille.fr/@labo"
    )
    with pytest.raises(ApplyError):
        owner_of_mastodon(same_name_elsewhere, _report(), LABO, (), "en")
    with pytest.raises(ApplyError):
        owner_of_bluesky(
            BlueskyIdentity(did="did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", handle="labo-exemple.fr"),
            _report(),
            LABO,
            (),
            "en",
        )


def test_confirmed_accounts_must_name_the_logged_in_one() -> None:
    report = _report(_found(MASTODON, Confidence.CANDIDATE), _found(BLUESKY, Confidence.CANDIDATE))
    with pytest.raises(ApplyError) as refused:
        owner_of_mastodon(ME, report, LABO, (), "en")
    assert "by its name only" in refused.value.message
    assert "--confirm-account" in owner_of_mastodon(ME, report, LABO, ("@labo@social.exemple.fr",), "en")
    with pytest.raises(ApplyError):
        owner_of_mastodon(ME, report, LABO, ("@autre@social.exemple.fr",), "en")
    assert owner_of_bluesky(SKY, report, LABO, (DID,), "fr")
    assert owner_of_bluesky(SKY, report, LABO, ("@Labo-Exemple.fr",), "fr")


async def test_confirm_account_must_be_an_account_reference() -> None:
    report = _report()
    with pytest.raises(UsageError, match="confirm-account"):
        await aapply_steps(
            report,
            ["announce"],
            plan=_plan(report),
            settings=SETTINGS,
            credentials=CREDS,
            confirm_accounts=["a b"],
        )


# --- the announcement ----------------------------------------------------------------------------------


def _status(content: str, **extra: Any) -> dict[str, Any]:
    return {"id": "1", "content": content, "mentions": [], "reblog": None, "in_reply_to_id": None, **extra}


# real Mastodon 4.x renders a mention of a local account so: the handle's domain is not in the text
H_CARD = (
    '<span class="h-card" translate="no"><a href="https://social.exemple.fr/@labo" class="u-url mention">'
    "@<span>labo</span></a></span>"
)


@pytest.mark.parametrize(
    "status",
    [
        _status(
            f"<p>Nous sommes désormais sur Mastodon et Bluesky !</p><p>Mastodon : {H_CARD}<br />Bluesky : "
            "@labo-exemple.fr</p><p>À partir du 22 mars 2026, nous ne publierons plus sur X.</p>",
            mentions=[
                {"id": "109", "username": "labo", "acct": "labo", "url": "https://social.exemple.fr/@labo"}
            ],
        ),
        _status(f"<p>We are now on Mastodon and Bluesky!</p><p>Mastodon: {H_CARD}<br />Bluesky: …</p>"),
        _status("<p>Mastodon: @labo@social.exemple.fr<br />Bluesky: @labo-exemple.fr</p>"),  # not linked
    ],
)
def test_the_announcement_is_known_whatever_the_language_date_or_rendering(status: dict[str, Any]) -> None:
    assert is_mastodon_announcement(status, ME)


@pytest.mark.parametrize(
    "status",
    [
        _status(f"<p>Publication n°1 de {H_CARD}</p>"),  # mentions itself, names no other network
        _status("<p>Nous sommes sur Mastodon et Bluesky !</p>"),  # names no account
        _status(f"<p>Bluesky {H_CARD}</p>", reblog={"id": "9"}),
        _status(f"<p>Bluesky {H_CARD}</p>", in_reply_to_id="8"),
        _status(f"<p>Bluesky {H_CARD}</p>", account={"id": "555"}),
    ],
)
def test_other_statuses_are_not_the_announcement(status: dict[str, Any]) -> None:
    assert not is_mastodon_announcement(status, ME)


def test_the_bluesky_announcement_is_known_by_its_own_did() -> None:
    text = (
        "Nous sommes désormais sur Mastodon et Bluesky !\n\n"
        "Mastodon : @labo@social.exemple.fr\nBluesky : @labo-exemple.fr"
    )
    facets = bluesky_facets(text, SKY, "@labo@social.exemple.fr", "https://social.exemple.fr/@labo")
    record = {"text": text, "facets": facets}
    assert is_bluesky_announcement(record, SKY)
    renamed = BlueskyIdentity(did=DID, handle="nouveau.labo-exemple.fr")  # the handle changed since
    assert is_bluesky_announcement(record, renamed)
    assert not is_bluesky_announcement({**record, "reply": {"root": {}}}, SKY)
    assert not is_bluesky_announcement({"text": "Mastodon ?"}, SKY)
    assert is_bluesky_announcement({"text": f"Mastodon : … Bluesky : @{SKY.handle}"}, SKY)  # pasted by hand


def test_facets_count_utf8_bytes() -> None:
    text = "Désormais : @labo@social.exemple.fr et @labo-exemple.fr."
    facets = bluesky_facets(text, SKY, "@labo@social.exemple.fr", "https://social.exemple.fr/@labo")
    raw = text.encode("utf-8")
    spans = [raw[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode() for f in facets]
    assert spans == ["@labo@social.exemple.fr", "@labo-exemple.fr"]
    assert facets[1]["features"] == [{"$type": "app.bsky.richtext.facet#mention", "did": DID}]
    # the Bluesky handle inside the Mastodon handle is not a mention of it
    inside = bluesky_facets("Mastodon : @x@labo-exemple.fr", SKY, "@x@labo-exemple.fr", "https://e/@x")
    assert [f["features"][0]["$type"] for f in inside] == ["app.bsky.richtext.facet#link"]


def test_profile_urls() -> None:
    assert is_profile_url("https://social.exemple.fr/@labo/", ME)
    assert is_profile_url("https://SOCIAL.exemple.fr/users/labo", ME)
    assert not is_profile_url("https://social.exemple.fr/@labo2", ME)


# --- the bio ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fr", "en"),
    [
        (
            "Université Exemple",
            "Compte officiel de l’Université Exemple.",
            "Official account of the Université Exemple.",
        ),
        ("CNRS", "Compte officiel du CNRS.", "Official account of the CNRS."),
        ("Inria", "Compte officiel d’Inria.", "Official account of Inria."),
        (
            "Archives nationales",
            "Compte officiel des Archives nationales.",
            "Official account of the Archives nationales.",
        ),
    ],
)
def test_the_official_bio_has_its_article(name: str, fr: str, en: str) -> None:
    inst = Institution(name=name, domain="exemple.fr")
    assert official_bio(inst, "fr") == f"{fr} https://exemple.fr"
    assert official_bio(inst, "en") == f"{en} https://exemple.fr"


async def test_profile_steps_change_only_what_is_asked() -> None:
    report = _report()
    with pytest.raises(UsageError, match="display-name"):
        await aapply_steps(
            report, ["mastodon-profile"], plan=_plan(report), settings=SETTINGS, credentials=CREDS
        )


# --- what errors say -----------------------------------------------------------------------------------


def _mastodon_errors() -> list[tuple[BaseException, ErrorKind]]:
    from mastodon.errors import (
        MastodonAPIError,
        MastodonInternalServerError,
        MastodonNetworkError,
        MastodonRatelimitError,
        MastodonUnauthorizedError,
    )

    return [
        (
            MastodonUnauthorizedError("Mastodon API returned error", 401, "Unauthorized", "invalid"),
            ErrorKind.UNAUTHORIZED,
        ),
        (
            MastodonAPIError(
                "Mastodon API returned error", 403, "Forbidden", "outside the authorized scopes"
            ),
            ErrorKind.FORBIDDEN,
        ),
        (MastodonRatelimitError("Hit rate limit."), ErrorKind.RATE_LIMITED),
        (MastodonNetworkError(f"Could not complete request: Bearer {TOKEN}"), ErrorKind.NETWORK),
        (
            MastodonAPIError("Mastodon API returned error", 422, "Unprocessable", "Validation failed"),
            ErrorKind.REFUSED,
        ),
        (MastodonInternalServerError("Mastodon API returned error", 500, "ISE", None), ErrorKind.SERVER),
    ]


def _atproto_errors() -> list[tuple[BaseException, ErrorKind]]:
    from atproto.exceptions import BadRequestError, NetworkError, RateLimitExceededError, UnauthorizedError
    from atproto_client.models.common import XrpcError  # type: ignore[import-untyped]
    from atproto_client.request import Response  # type: ignore[import-untyped]

    def resp(status: int, error: str, message: str = "") -> Response:
        return Response(False, status, XrpcError(error=error, message=message), {})

    return [
        (
            UnauthorizedError(resp(401, "AuthenticationRequired", "Invalid identifier or password")),
            ErrorKind.UNAUTHORIZED,
        ),
        (UnauthorizedError(resp(403, "Forbidden", "app password cannot")), ErrorKind.FORBIDDEN),
        (BadRequestError(resp(400, "HandleNotAvailable", "Handle already taken")), ErrorKind.HANDLE_TAKEN),
        (BadRequestError(resp(400, "InvalidHandle", "bad")), ErrorKind.REFUSED),
        (RateLimitExceededError(resp(429, "RateLimitExceeded")), ErrorKind.RATE_LIMITED),
        (NetworkError(), ErrorKind.NETWORK),
    ]


@pytest.mark.parametrize("pair", range(6))
def test_mastodon_errors_on_a_read(pair: int) -> None:
    exc, kind = _mastodon_errors()[pair]
    error = describe(exc, MastodonSession, "en", step="announce", writing=False)
    assert error.kind is kind, error.message
    assert TOKEN not in error.message and "app password" not in error.message


@pytest.mark.parametrize("pair", range(6))
def test_bluesky_errors_on_a_read(pair: int) -> None:
    exc, kind = _atproto_errors()[pair]
    assert describe(exc, BlueskySession, "fr", step="announce", writing=False).kind is kind


def test_a_write_without_an_answer_is_unknown_not_unchanged() -> None:
    import requests
    from mastodon.errors import MastodonInternalServerError, MastodonNetworkError

    def network(cause: BaseException) -> MastodonNetworkError:
        try:
            try:
                raise cause
            except Exception as inner:
                raise MastodonNetworkError(f"Could not complete request: {inner}") from None
        except MastodonNetworkError as exc:
            exc.__context__ = cause
            return exc

    timed_out = describe(
        network(requests.exceptions.ReadTimeout("read timed out")),
        MastodonSession,
        "en",
        step="announce",
        writing=True,
    )
    assert timed_out.kind is ErrorKind.UNKNOWN_OUTCOME
    assert "unknown" in timed_out.message and "without --yes" in timed_out.message
    assert "Nothing was" not in timed_out.message
    refused = describe(
        network(
            requests.exceptions.ConnectionError(
                "Failed to establish a new connection: [Errno 111] Connection refused"
            )
        ),
        MastodonSession,
        "en",
        step="announce",
        writing=True,
    )
    assert refused.kind is ErrorKind.NETWORK and "nothing was sent" in refused.message
    server = MastodonInternalServerError("Mastodon API returned error", 502, "Bad Gateway", None)
    assert (
        describe(server, MastodonSession, "fr", step="announce", writing=True).kind
        is ErrorKind.UNKNOWN_OUTCOME
    )

    from atproto.exceptions import InvokeTimeoutError

    sky = describe(InvokeTimeoutError(), BlueskySession, "fr", step="announce", writing=True)
    assert sky.kind is ErrorKind.UNKNOWN_OUTCOME and "inconnu" in sky.message


def test_a_429_says_when_to_try_again() -> None:
    from mastodon.errors import MastodonRatelimitError

    reset = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    error = describe(
        MastodonRatelimitError("Hit rate limit."),
        MastodonSession,
        "en",
        step="announce",
        writing=True,
        headers={"X-RateLimit-Reset": reset},
    )
    assert error.kind is ErrorKind.RATE_LIMITED and error.retry_after is not None
    assert (
        280 < error.retry_after <= 300
        and "try again after" in error.message
        and "(in 5 min)" in error.message
    )
    assert retry_text(None, "fr") == "réessayer plus tard"


def test_401s_name_what_was_refused() -> None:
    from atproto.exceptions import UnauthorizedError
    from atproto_client.models.common import XrpcError  # type: ignore[import-untyped]
    from atproto_client.request import Response  # type: ignore[import-untyped]
    from mastodon.errors import MastodonUnauthorizedError

    mastodon = describe(
        MastodonUnauthorizedError(
            "Mastodon API returned error", 401, "Unauthorized", "The access token is invalid"
        ),
        MastodonSession,
        "en",
        step="announce",
        writing=False,
    )
    assert "token" in mastodon.message and "app password" not in mastodon.message
    sky = describe(
        UnauthorizedError(Response(False, 401, XrpcError(error="AuthenticationRequired", message=""), {})),
        BlueskySession,
        "en",
        step="announce",
        writing=False,
    )
    assert "app password" in sky.message and "token" not in sky.message


@pytest.mark.parametrize("bad", ["tok\u00e9n-1234", "tok en-1234", "token-1234\n", "“token-1234”"])
def test_a_token_no_server_can_take_is_a_bad_token(bad: str) -> None:
    with pytest.raises(ApplyError) as refused:
        check_token(bad, "fr")
    assert refused.value.kind is ErrorKind.INVALID_CREDENTIALS
    assert "injoignable" not in refused.value.message and "position" in refused.value.message
    check_token("a-Good_token.0123~+/=", "fr")


# --- the run, with a stand-in Mastodon session --------------------------------------------------------


class FakeSession:
    """Plays Mastodon.py's answers, and fails the write as told."""

    host = "social.exemple.fr"

    def __init__(
        self, settings: Any, host: str, token: Secret, language: str, fail: BaseException | None
    ) -> None:
        self.fail = fail
        self.updates: list[dict[str, Any]] = []
        self.last_headers: dict[str, str] = {}
        self.fields = [("Labo", "UMR 0000")]

    def close(self) -> None:
        pass

    def verify(self) -> dict[str, Any]:
        fields = [{"name": n, "value": v, "verified_at": None} for n, v in self.fields]
        return {
            "id": "109",
            "username": "labo",
            "url": "https://social.exemple.fr/@labo",
            "fields": fields,
            "source": {"note": "", "fields": fields},
        }

    def update(self, **changes: Any) -> dict[str, Any]:
        if self.fail is not None:
            raise self.fail
        self.updates.append(changes)
        self.fields = list(changes["fields"])
        return self.verify()


def _fake(monkeypatch: pytest.MonkeyPatch, fail: BaseException | None = None) -> list[FakeSession]:
    made: list[FakeSession] = []

    def factory(*args: Any) -> FakeSession:
        made.append(FakeSession(*args, fail=fail))
        return made[-1]

    monkeypatch.setattr(run_mod, "MastodonSession", factory)
    return made


async def test_a_token_in_a_service_error_never_comes_out(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from mastodon.errors import MastodonAPIError

    leaky = MastodonAPIError(
        "Mastodon API returned error", 403, "Forbidden", f"token {TOKEN} lacks write:accounts"
    )
    made = _fake(monkeypatch, leaky)
    report = _report()
    with caplog.at_level(logging.DEBUG):
        [result] = await aapply_steps(
            report,
            ["mastodon-verification"],
            plan=_plan(report),
            settings=SETTINGS,
            dry_run=False,
            credentials=CREDS,
        )
    assert made and result.error_kind is ErrorKind.FORBIDDEN and "403" in (result.error or "")
    assert result.action.payload.count("fields_attributes[") == 4  # the whole request that was refused
    for text in (result.error or "", str(result), repr(result), result.model_dump_json(), caplog.text):
        assert TOKEN not in text


async def test_a_dry_run_reads_and_never_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    made = _fake(monkeypatch)
    report = _report()
    [result] = await aapply_steps(
        report, ["mastodon-verification"], plan=_plan(report), settings=SETTINGS, credentials=CREDS
    )
    assert result.dry_run and result.sends and not result.done and made[0].updates == []
    assert result.action.account == "@labo@social.exemple.fr"
    assert result.action.payload.endswith("fields_attributes[1][value]=https://labo-exemple.fr")


async def test_missing_credentials_is_a_clear_failure_before_any_request() -> None:
    report = _report()
    results = await aapply_steps(
        report,
        ["mastodon-verification", "announce"],
        plan=_plan(report, "en"),
        settings=SETTINGS,
        credentials=Credentials(bluesky_missing="no keyring backend is available on this system"),
    )
    assert [r.error_kind for r in results] == [ErrorKind.MISSING_CREDENTIALS] * 4
    assert "QUITX_MASTODON_TOKEN" in (results[0].error or "")
    assert "no keyring backend" in (results[3].error or "") and "QUITX_BLUESKY_APP_PASSWORD" in (
        results[3].error or ""
    )


def test_the_sync_face_and_unknown_steps() -> None:
    report = _report()
    with pytest.raises(UsageError, match="archive-x"):
        apply_steps(report, ["archive-x"], plan=_plan(report), settings=SETTINGS)
    [result] = apply_steps(
        report, ["bluesky-domain-handle"], plan=_plan(report), settings=SETTINGS, credentials=Credentials()
    )
    assert result.error_kind is ErrorKind.MISSING_CREDENTIALS


# --- results, the plan, the exit status ---------------------------------------------------------------


def _result(step: str, operation: Any, platform: Platform = Platform.MASTODON, **kwargs: Any) -> ApplyResult:
    action = ApplyAction(
        step=step, platform=platform, operation=operation, account="@labo@social.exemple.fr", method="POST",
        endpoint="https://social.exemple.fr/x", payload="a=1",
    )  # fmt: skip
    return ApplyResult(action=action, **{"dry_run": False, "done": True, **kwargs})


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


def test_exit_status() -> None:
    ok = _result("announce", "post", changed=True, verified=True)
    unverified = _result("mastodon-verification", "profile-field", changed=True, verified=False)
    failed = _result("announce", "pin", done=False, error="no", error_kind=ErrorKind.REFUSED)
    assert exit_status([ok]) == 0
    assert exit_status([ok, unverified]) == EXIT_UNVERIFIED
    assert exit_status([unverified, failed]) == EXIT_FAILED


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


# --- secrets ---------------------------------------------------------------------------------------------


def test_secret_never_shows_itself() -> None:
    secret = Secret(TOKEN)
    for text in (repr(secret), str(secret), f"{secret}", f"{secret!r}", "%s" % secret, str([secret])):  # noqa: UP031
        assert TOKEN not in text and MASK in text
    assert secret.reveal() == TOKEN
    assert secret == Secret(TOKEN) and secret != Secret("other-value")
    with pytest.raises(AttributeError):
        secret._value = "x"
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(secret)
    assert TOKEN not in repr(CREDS) and PASSWORD not in repr(CREDS)


def test_mask_scrubs_values_bearer_and_password_params() -> None:
    text = f"GET /x?access_token={TOKEN} Authorization: Bearer abcdefgh123 password=hunter22 {PASSWORD}"
    masked = mask(text, [Secret(PASSWORD)])
    assert TOKEN not in masked and "abcdefgh123" not in masked and "hunter22" not in masked
    assert PASSWORD not in masked


def test_results_are_masked_text_by_text() -> None:
    from quitx.apply.api import _masked
    from quitx.models import Platform as P

    action = ApplyAction(
        step="announce", platform=P.MASTODON, operation="post", account="@a@b.fr", method="POST",
        endpoint="https://b.fr/api", payload=f'status=password=\\"{PASSWORD}\\" see https://b.fr/@a',
    )  # fmt: skip
    result = ApplyResult(action=action, dry_run=True, done=False, note=f"token: {TOKEN}")
    masked = _masked(result, CREDS)
    assert PASSWORD not in masked.model_dump_json() and TOKEN not in masked.model_dump_json()
    assert masked.action.endpoint == "https://b.fr/api" and "https://b.fr/@a" in masked.action.payload


def test_masking_filter_on_logs(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("quitx.test_apply")
    logger.addFilter(MaskingFilter([Secret(TOKEN)]))
    with caplog.at_level(logging.INFO, logger="quitx.test_apply"):
        logger.info("token is %s", TOKEN)
    assert TOKEN not in caplog.text and MASK in caplog.text


def test_credentials_from_environment_and_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "QUITX_MASTODON_TOKEN": TOKEN,
        "QUITX_BLUESKY_HANDLE": "@Labo.bsky.social",
        "QUITX_BLUESKY_APP_PASSWORD": PASSWORD,
    }
    creds = load_credentials(environ=env, use_keyring=False)
    assert creds.mastodon and creds.mastodon.token.reveal() == TOKEN
    assert creds.bluesky and creds.bluesky.handle == "labo.bsky.social"
    assert creds.bluesky.password.reveal() == PASSWORD

    import keyring

    asked: list[tuple[str, str]] = []

    def fake_get(service: str, user: str) -> str | None:
        asked.append((service, user))
        return {
            "mastodon:@labo@social.exemple.fr": "kr-token-1",
            "bluesky:labo.bsky.social": "kr-pass-1",
        }.get(user)

    monkeypatch.setattr(keyring, "get_password", fake_get)
    creds = load_credentials(
        mastodon_account="labo@social.exemple.fr", bluesky_handle="labo.bsky.social", environ={}
    )
    assert creds.mastodon and creds.mastodon.token.reveal() == "kr-token-1"
    assert creds.bluesky and creds.bluesky.password.reveal() == "kr-pass-1"
    assert asked == [("quitx", "mastodon:@labo@social.exemple.fr"), ("quitx", "bluesky:labo.bsky.social")]
    assert "keyring" in creds.mastodon.source


def test_no_keyring_backend_is_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import keyring
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # read the variable again
    creds = load_credentials(mastodon_account="a@b.fr", bluesky_handle="b.fr", environ={})
    assert creds.mastodon is None and creds.bluesky is None
    assert "no keyring backend" in (creds.why_missing("mastodon") or "")
    assert "no keyring backend" in (creds.why_missing("bluesky") or "")


def test_a_broken_keyring_is_named_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.errors import KeyringLocked

    def locked(service: str, user: str) -> str | None:
        raise KeyringLocked("locked")

    monkeypatch.setattr(keyring, "get_password", locked)
    creds = load_credentials(mastodon_account="a@b.fr", environ={})
    assert creds.mastodon is None and "KeyringLocked" in (creds.why_missing("mastodon") or "")


# --- the command ---------------------------------------------------------------------------------------


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["apply", "announce", "--report", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the report" in capsys.readouterr().err
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    assert cli.main(["apply", "bridge", "--report", str(path)]) == 2
    assert "bridge" in capsys.readouterr().err
    assert cli.main(["apply", "mastodon-profile", "--report", str(path)]) == 2
    assert "--display-name" in capsys.readouterr().err
    for clash in (["--yes", "--dry-run"], ["--bio", "x", "--official-bio"]):
        with pytest.raises(SystemExit):
            cli.main(["apply", "announce", "--report", str(path), *clash])


def test_cli_failed_step_exit_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    for var in ("QUITX_MASTODON_TOKEN", "QUITX_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("quitx.apply.api.load_credentials", lambda **kwargs: Credentials())
    argv = ["apply", "mastodon-profile", "--report", str(path), "--official-bio", "--yes", "--format", "json"]
    assert cli.main(argv) == EXIT_FAILED
    [result] = json.loads(capsys.readouterr().out)
    assert result["error_kind"] == "missing_credentials"


def test_official_bio_option_is_the_grammar_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text(
        _report(
            institution=Institution(name="Université Exemple", domain="univ-exemple.fr")
        ).model_dump_json(),
        "utf-8",
    )
    seen: dict[str, Any] = {}

    def capture(*args: Any, **kwargs: Any) -> list[ApplyResult]:
        seen.update(kwargs)
        return []

    monkeypatch.setattr("quitx.apply.apply_steps", capture)
    monkeypatch.delenv("QUITX_CONFIG", raising=False)
    argv = [
        "apply",
        "mastodon-profile",
        "--report",
        str(path),
        "--official-bio",
        "--confirm-account",
        "@u@h.fr",
    ]
    assert cli.main(argv) == 0
    assert seen["profile"] == ProfileRequest(
        bio="Compte officiel de l’Université Exemple. https://univ-exemple.fr"
    )
    assert seen["confirm_accounts"] == ("@u@h.fr",)


def test_importing_apply_imports_no_sdk() -> None:
    import subprocess
    import sys

    code = (
        "import sys, quitx.apply, quitx.secrets;"
        " print(','.join(m for m in ('atproto', 'mastodon', 'keyring', 'requests') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_name_of_quitx_apply_is_shadowed_by_a_module() -> None:
    """``quitx.apply.render`` is the function even after every module of the package is imported."""
    import importlib
    import pkgutil
    import types

    import quitx.apply

    for info in pkgutil.iter_modules(quitx.apply.__path__, "quitx.apply."):
        importlib.import_module(info.name)
    assert len(quitx.apply.__all__) >= 10
    shadowed = [n for n in quitx.apply.__all__ if isinstance(getattr(quitx.apply, n), types.ModuleType)]
    assert not shadowed
