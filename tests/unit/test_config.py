from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pytest

from quitx.config import (
    DEFAULT_INSTANCES,
    Nameserver,
    Settings,
    config_path,
    default_config_path,
    load_config,
    load_settings,
)
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
    with pytest.raises(ConfigError, match=r"^QUITX_TIMEOUT: must be greater than 0$"):
        load_settings(environ={"QUITX_TIMEOUT": "-1"})
    with pytest.raises(ConfigError, match=r"^QUITX_APPVIEW_URL: not an http"):
        load_settings(environ={"QUITX_APPVIEW_URL": "ftp://x"})
    with pytest.raises(ConfigError, match="host=URL"):
        load_settings(environ={"QUITX_HOST_MAP": "nope"})
    with pytest.raises(ConfigError, match=r"the target of 'a\.fr' is not an http"):
        load_settings(environ={}, host_map={"a.fr": "127.0.0.1:80"})


def test_settings_are_frozen() -> None:
    s = Settings()
    with pytest.raises(ValueError, match="frozen"):
        s.timeout = 3  # type: ignore[misc]


# -- the config file found without flags, the preferences, `config show` ---------------------------


def _own_config_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A config folder of this test's own; returns where quitx looks for its file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))  # the same on Windows
    return default_config_path()


def test_the_file_in_the_platform_config_folder_is_read_without_flags(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = _own_config_home(monkeypatch, tmp_path)
    assert path == tmp_path / "config" / "quitx" / "config.toml"
    assert config_path(environ={}) is None  # no file there yet: none is read
    path.parent.mkdir(parents=True)
    path.write_text('timeout = 4.0\nlang = "en"\n[sender]\nname = "Camille Martin"\ngender = "f"\n')
    config = load_config(environ={})
    assert config.path == path
    assert config.settings.timeout == 4.0
    assert config.preferences.lang == "en"
    assert config.preferences.sender.name == "Camille Martin"
    assert config.preferences.sender.gender == "f"
    assert load_settings(environ={}).timeout == 4.0  # the preferences do not upset the settings


def test_a_named_file_or_an_empty_quitx_config_beats_the_default_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = _own_config_home(monkeypatch, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("timeout = 4.0\n")
    named = tmp_path / "named.toml"
    named.write_text("timeout = 7.0\n")
    assert load_settings(named, environ={}).timeout == 7.0
    assert load_settings(environ={"QUITX_CONFIG": str(named)}).timeout == 7.0
    assert config_path(environ={"QUITX_CONFIG": ""}) is None  # set and empty: no file at all
    assert load_settings(environ={"QUITX_CONFIG": ""}).timeout == 10.0


def test_a_bad_preference_names_the_file(tmp_path: Path) -> None:
    cfg = tmp_path / "q.toml"
    cfg.write_text('[sender]\ngender = "x"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(cfg, environ={})
    assert caught.value.source == str(cfg)
    assert "sender.gender" in str(caught.value)
    cfg.write_text('lang = "de"\n')
    with pytest.raises(ConfigError, match="lang"):
        load_config(cfg, environ={})


def test_config_entries_say_each_value_and_where_it_came_from(tmp_path: Path) -> None:
    cfg = tmp_path / "q.toml"
    cfg.write_text(
        'user_agent = "bot\\u001b[31m red"\ndns_nameservers = ["127.0.0.1:5353"]\n'
        '[host_map]\n"a.fr" = "http://127.0.0.1:1"\n[sender]\nname = "Camille"\n'
    )
    config = load_config(cfg, environ={"QUITX_TIMEOUT": "3"}, retries=5)
    rows = {entry.name: entry for entry in config.entries()}
    assert (rows["timeout"].value, rows["timeout"].origin) == ("3.0", "env")
    assert (rows["retries"].value, rows["retries"].origin) == ("5", "argument")
    assert (rows["plc_url"].value, rows["plc_url"].origin) == ("https://plc.directory", "default")
    assert (rows["dns_nameservers"].value, rows["dns_nameservers"].origin) == ("127.0.0.1:5353", "file")
    assert rows["host_map"].value == "a.fr=http://127.0.0.1:1"
    assert (rows["sender.name"].value, rows["sender.name"].origin) == ("Camille", "file")
    assert (rows["sender.role"].value, rows["sender.role"].origin) == ("", "default")
    assert "\x1b" not in rows["user_agent"].value  # remote or not, no escape reaches a terminal
    assert list(rows)[: len(Settings.model_fields)] == list(Settings.model_fields)


# --- a bad value is said under the name it was set by: never "settings" (issue 17) -------------------


@pytest.mark.parametrize(
    ("language", "colon", "greater", "whole"),
    [
        ("fr", "\u00a0:", "doit être supérieur à 0", "doit être un nombre entier"),
        ("en", ":", "must be greater than 0", "must be a whole number"),
    ],
)
def test_without_a_file_a_bad_value_names_its_variable_or_its_option(
    tmp_path: Path, language: Literal["fr", "en"], colon: str, greater: str, whole: str
) -> None:
    no_file = {"QUITX_CONFIG": ""}

    def said(**kwargs: Any) -> ConfigError:
        with pytest.raises(ConfigError) as caught:
            load_config(**kwargs)
        assert "settings" not in caught.value.describe(language)
        return caught.value

    env = said(environ={**no_file, "QUITX_TIMEOUT": "-1"})
    assert env.describe(language) == f"QUITX_TIMEOUT{colon} {greater}"
    assert env.source is None and env.origin == "env" and env.set_in == {"timeout": ("env", "QUITX_TIMEOUT")}
    option = said(environ=no_file, argument_names={"timeout": "--timeout"}, timeout=-1)
    assert option.describe(language) == f"--timeout{colon} {greater}"
    keyword = said(environ=no_file, timeout=-1)  # a library call: the keyword is the field's own name
    assert keyword.describe(language) == f"timeout{colon} {greater}"
    both = said(
        environ={**no_file, "QUITX_RETRIES": "many"}, argument_names={"timeout": "--timeout"}, timeout=-1
    )
    assert f"--timeout{colon} {greater}" in both.describe(language)
    assert f"QUITX_RETRIES{colon} {whole}" in both.describe(language)
    dns = said(environ={**no_file, "QUITX_DNS_NAMESERVERS": "1.2.3.4:99999"})
    assert dns.source == "QUITX_DNS_NAMESERVERS" and dns.describe(language).startswith(
        f"QUITX_DNS_NAMESERVERS{colon} "
    )
    # a file and a variable: each value under where it was set
    cfg = tmp_path / "q.toml"
    cfg.write_text("timeout = -1\n", encoding="utf-8")
    mixed = said(environ={"QUITX_CONFIG": str(cfg), "QUITX_RETRIES": "many"})
    assert f"{cfg}{colon} timeout{colon} {greater}" in mixed.describe(language)
    assert f"QUITX_RETRIES{colon} {whole}" in mixed.describe(language)
    alone = said(environ={"QUITX_CONFIG": str(cfg)})  # all from the file: the file frames them
    assert alone.source == str(cfg) and alone.describe(language) == f"{cfg}{colon} timeout{colon} {greater}"


def test_mapped_url_sends_a_url_to_the_host_maps_base_keeping_path_and_query() -> None:
    settings = load_settings(
        environ={},
        host_map={"social.exemple.fr": "http://127.0.0.1:8080/", "*.bsky.social": "http://[::1]:9/pds"},
    )
    assert settings.mapped_url("https://social.exemple.fr/api/v1/accounts?limit=2") == (
        "http://127.0.0.1:8080/api/v1/accounts?limit=2"
    )
    assert settings.mapped_url("https://univ.bsky.social") == "http://[::1]:9/pds/"
    assert settings.mapped_url("https://elsewhere.fr/x") is None
