"""The models' vocabulary: network names as people write them, the groups of networks, confidence."""

from __future__ import annotations

from quitx.models import CONFIDENCE_ORDER, JOINING, LEAVING, META, Confidence, LinkPlatform, Platform


def test_every_network_has_its_written_name() -> None:
    assert [p.label for p in Platform] == ["Mastodon", "Bluesky"]
    assert {p: p.label for p in LinkPlatform} == {
        LinkPlatform.MASTODON: "Mastodon",
        LinkPlatform.BLUESKY: "Bluesky",
        LinkPlatform.X: "X",
        LinkPlatform.FACEBOOK: "Facebook",
        LinkPlatform.INSTAGRAM: "Instagram",
        LinkPlatform.THREADS: "Threads",
        LinkPlatform.LINKEDIN: "LinkedIn",
        LinkPlatform.YOUTUBE: "YouTube",
        LinkPlatform.TIKTOK: "TikTok",
    }


def test_a_platform_and_its_link_platform_share_the_name() -> None:
    for platform in Platform:
        assert LinkPlatform(platform.value).label == platform.label


def test_the_groups_of_networks() -> None:
    assert (LinkPlatform.X, *META) == LEAVING
    assert set(META) == {LinkPlatform.FACEBOOK, LinkPlatform.INSTAGRAM, LinkPlatform.THREADS}
    assert {p.value for p in JOINING} == {p.value for p in Platform}
    assert not set(LEAVING) & set(JOINING)


def test_owned_is_verified_or_linked() -> None:
    assert [c for c in CONFIDENCE_ORDER if c.owned] == [Confidence.VERIFIED, Confidence.LINKED]
    assert set(CONFIDENCE_ORDER) == set(Confidence)


def test_labels_do_not_change_the_json_values() -> None:
    assert Platform.MASTODON == "mastodon" and LinkPlatform.X.value == "x"
