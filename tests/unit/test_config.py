from __future__ import annotations

from pathlib import Path

import pytest

from quitx.config import DEFAULT_INSTANCES, Nameserver, Settings, load_settings
from quitx.errors import ConfigError


def test_defaults_are_the_public_services() -> None:
    s = load_settings(environ={})
    assert s.appview_url == "https://public.api.bsky.app"
    assert s.plc_url == "https://plc.directory"
    assert s.instances == DEFAULT_INSTANCES
    assert s.dns_nameservers == ()
    assert s.host_map == {}


def test_file_then_env_then_arguments(tmp_path: Path) -> None:
    cfg = tmp_path / "q.toml"
    cfg.write_text(
        'appview_url = "http://127.0.0.1:1111/"\nplc_url = "http://127.0.0.1:2222"\n'
        'dns_nameservers = ["127.0.0.1:5353"]\ninstances = ["A.example.fr", "a.example.fr"]\n'
        '[host_map]\n"Univ-Exemple.fr" = "http://127.0.0.1:8081/"\n"*.test" = "http://127.0.0.1:9999"\n',
        encoding="utf-8",
    )
    env = {"QUITX_PLC_URL": "http://127.0.0.1:3333", "QUITX_TIMEOUT": "2.5"}
    s = load_settings(cfg, environ=env, timeout=1.0)
    assert s.appview_url == "http://127.0.0.1:1111"  # file, trailing slash dropped
    assert s.plc_url == "http://127.0.0.1:3333"  # env beats file
    assert s.timeout == 1.0  # argument beats env
    assert s.dns_nameservers == (Nameserver(address="127.0.0.1", port=5353),)
    assert s.instances == ("a.example.fr",)  # normalised, deduplicated
    assert s.mapped_base("univ-exemple.fr") == "http://127.0.0.1:8081"
    assert s.mapped_base("alice.test") == "http://127.0.0.1:9999"
    assert s.mapped_base("deep.alice.test") == "http://127.0.0.1:9999"
    assert s.mapped_base("test") is None
    assert s.mapped_base("example.org") is None


def test_config_from_environment_variable_and_quitx_table(tmp_path: Path) -> None:
    cfg = tmp_path / "q.toml"
    cfg.write_text('[quitx]\ninstances = ["one.fr"]\n', encoding="utf-8")
    s = load_settings(
        environ={"QUITX_CONFIG": str(cfg), "QUITX_HOST_MAP": "a.fr=http://127.0.0.1:1, b.fr=http://x"}
    )
    assert s.instances == ("one.fr",)
    assert s.host_map == {"a.fr": "http://127.0.0.1:1", "b.fr": "http://x"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2.3.4", Nameserver(address="1.2.3.4", port=53)),
        ("127.0.0.1:5353", Nameserver(address="127.0.0.1", port=5353)),
        ("[::1]:5353", Nameserver(address="::1", port=5353)),
        ("::1", Nameserver(address="::1", port=53)),
    ],
)
def test_nameserver_parse(text: str, expected: Nameserver) -> None:
    assert Nameserver.parse(text) == expected


def test_errors_name_their_source(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("timeout = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(bad, environ={})
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.toml", environ={})
    with pytest.raises(ConfigError, match="timeout"):
        load_settings(environ={"QUITX_TIMEOUT": "-1"})
    with pytest.raises(ConfigError, match="not an http"):
        load_settings(environ={"QUITX_APPVIEW_URL": "ftp://x"})
    with pytest.raises(ConfigError, match="host=URL"):
        load_settings(environ={"QUITX_HOST_MAP": "nope"})
    with pytest.raises(ConfigError, match="host map target"):
        load_settings(environ={}, host_map={"a.fr": "127.0.0.1:80"})


def test_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(ValueError, match="frozen"):
        s.timeout = 3  # type: ignore[misc]
