"""Who goes in the sector's lists: verified and linked accounts, once each; never a candidate, nor a
suspended, deactivated or moved account; the follow file in Mastodon's import format."""

from __future__ import annotations

from tests.observatory_builders import bsky, masto, report

from quitx.apply.sector_lists import FOLLOW_CSV_HEADER, follow_csv, members
from quitx.models import Activity, Confidence, Platform


def test_members_and_the_follow_file() -> None:
    reports = [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [
                masto("univ@social.exemple.fr"),
                masto("news@social.exemple.fr", Confidence.LINKED, Activity.DORMANT),
                masto("fan@piaille.fr", Confidence.CANDIDATE),
                masto("old@piaille.fr", activity=Activity.MOVED, moved_to="univ@social.exemple.fr"),
                masto("gone@piaille.fr", activity=Activity.SUSPENDED),
                bsky("univ-exemple.fr", "did:plc:univ"),
                bsky("fans.test", "did:plc:fans", Confidence.CANDIDATE),
            ],
        ),
        # the same account, named by another institution's report: once
        report(
            "Réseau", "reseau.fr", [masto("Univ@social.exemple.fr"), bsky("univ-exemple.fr", "did:plc:univ")]
        ),
    ]
    chosen = members(reports)
    assert [(m.platform, m.handle, m.confidence) for m in chosen] == [
        (Platform.MASTODON, "@univ@social.exemple.fr", Confidence.VERIFIED),
        (Platform.MASTODON, "@news@social.exemple.fr", Confidence.LINKED),
        (Platform.BLUESKY, "@univ-exemple.fr", Confidence.VERIFIED),
    ]
    assert chosen[2].did == "did:plc:univ" and chosen[0].acct == "univ@social.exemple.fr"
    assert follow_csv(chosen) == (
        f"{FOLLOW_CSV_HEADER}\nuniv@social.exemple.fr,true,false,\nnews@social.exemple.fr,true,false,\n"
    )
    assert FOLLOW_CSV_HEADER == "Account address,Show boosts,Notify on new posts,Languages"
