"""AppView answers as the Bluesky probe reads them: recorded real profile views."""

from __future__ import annotations

from tests.conftest import load_json

from quitx.probes.bluesky import _Profile


def test_real_profile_views() -> None:
    single = _Profile.model_validate(
        load_json("atproto", "fixtures", "getProfile_snapshot_other_without_follow.json")["response"]
    )
    assert single.handle == "dan.test"
    assert single.followers_count == 1 and single.posts_count == 2
    many = load_json("atproto", "fixtures", "getProfiles_snapshot_multiple.json")["response"]
    profiles = [_Profile.model_validate(p) for p in many]
    assert len(profiles) == len(many) >= 2
    assert all(p.handle.endswith(".test") for p in profiles)
