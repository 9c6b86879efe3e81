"""Where the settings are read from — the config file (found, read, split into settings and the
user's preferences) and the ``QUITX_*`` variables — and where each value was set, so that a value
refused is said there (`quitx.config.load_config` puts them together)."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, ConfigProblem, Origin, field_issues, file_problem

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = [
    "ENV",
    "Where",
    "config_path",
    "default_config_path",
    "from_env",
    "from_file",
    "invalid",
    "preferences_from_file",
    "read_config",
]

# environment variable -> (field, kind)
ENV: dict[str, tuple[str, str]] = {  # read by docs/gen/settings_reference.py
    "QUITX_APPVIEW_URL": ("appview_url", "str"),
    "QUITX_PLC_URL": ("plc_url", "str"),
    "QUITX_BRIDGY_FED_URL": ("bridgy_fed_url", "str"),
    "QUITX_WIKIDATA_SPARQL_URL": ("wikidata_sparql_url", "str"),
    "QUITX_DNS_NAMESERVERS": ("dns_nameservers", "nameservers"),
    "QUITX_DNS_CANARY": ("dns_canary", "str"),
    "QUITX_HOST_MAP": ("host_map", "map"),
    "QUITX_INSTANCES": ("instances", "list"),
    "QUITX_TRUSTED_INSTANCES": ("trusted_instances", "list"),
    "QUITX_BLUESKY_HANDLE_SUFFIXES": ("bluesky_handle_suffixes", "list"),
    "QUITX_DORMANT_AFTER_DAYS": ("dormant_after_days", "str"),
    "QUITX_TIMEOUT": ("timeout", "str"),
    "QUITX_REQUEST_DEADLINE": ("request_deadline", "str"),
    "QUITX_DNS_TIMEOUT": ("dns_timeout", "str"),
    "QUITX_MAX_RATE_LIMIT_WAIT": ("max_rate_limit_wait", "str"),
    "QUITX_RETRIES": ("retries", "str"),
    "QUITX_CONCURRENCY": ("concurrency", "str"),
    "QUITX_PER_HOST_CONCURRENCY": ("per_host_concurrency", "str"),
    "QUITX_USER_AGENT": ("user_agent", "str"),
    "QUITX_ONLY_MAPPED_HOSTS": ("only_mapped_hosts", "str"),
    "QUITX_ALLOW_PRIVATE_ADDRESSES": ("allow_private_addresses", "str"),
    "QUITX_CACHE": ("cache", "str"),
    "QUITX_CACHE_DIR": ("cache_dir", "str"),
    "QUITX_CACHE_MIN_TTL": ("cache_min_ttl", "str"),
    "QUITX_CACHE_ANONYMOUS_PRIVATE": ("cache_anonymous_private", "str"),
    "QUITX_CACHE_MAX_TTL": ("cache_max_ttl", "str"),
    "QUITX_CACHE_MAX_MB": ("cache_max_mb", "str"),
}


VARIABLES = {field: var for var, (field, _) in ENV.items()}  # each setting's QUITX_* variable


def from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for var, (field, kind) in ENV.items():
        raw = environ.get(var)
        if raw is None or raw == "":
            continue
        if kind == "list" or kind == "nameservers":
            values[field] = [p for p in (s.strip() for s in raw.split(",")) if p]
        elif kind == "map":
            mapping: dict[str, str] = {}
            for pair in raw.split(","):
                if not pair.strip():
                    continue
                host, sep, base = pair.partition("=")
                if not sep:
                    raise ConfigError(ConfigProblem.HOST_MAP_PAIR, source=var, origin="env", pair=pair)
                mapping[host.strip()] = base.strip()
            values[field] = mapping
        else:
            values[field] = raw
    return values


def read_config(path: Path) -> dict[str, Any]:
    """Every table of the config file; `ConfigError` naming the file when it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            ConfigProblem.UNREADABLE, source=str(path), origin="file", **file_problem(exc)
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        if at is None:
            raise ConfigError(ConfigProblem.INVALID_TOML_AT_END, source=str(path), origin="file") from exc
        raise ConfigError(
            ConfigProblem.INVALID_TOML, source=str(path), origin="file", line=at["line"], column=at["column"]
        ) from exc


# where tomllib says it stopped: "… (at line 3, column 7)" (else "(at end of document)")
_TOML_AT = re.compile(r"at line (?P<line>\d+), column (?P<column>\d+)")


def from_file(path: Path) -> dict[str, Any]:
    data = read_config(path)
    # accept both a flat file and one with a [quitx] table
    section = data.get("quitx", data)
    if not isinstance(section, dict):
        raise ConfigError(ConfigProblem.NOT_A_TABLE, source=str(path), origin="file", entry="[quitx]")
    # a [web] table holds the web app's own settings (quitx.web.settings reads it); `lang` and
    # [sender] are the user's preferences (`Preferences`), not settings
    return {key: value for key, value in section.items() if key not in _NOT_SETTINGS}


_NOT_SETTINGS = frozenset({"web", "lang", "sender"})


def preferences_from_file(path: Path) -> dict[str, Any]:
    data = read_config(path)
    section = data.get("quitx", data)
    if not isinstance(section, dict):
        return {}
    return {key: section[key] for key in ("lang", "sender") if key in section}


def default_config_path() -> Path:
    """Where quitx looks for its config file when none is named: ``config.toml`` in the platform's
    config folder (``~/.config/quitx/config.toml`` on Linux, ``~/Library/Application
    Support/quitx/config.toml`` on macOS, ``%APPDATA%\\quitx\\config.toml`` on Windows)."""
    import platformdirs

    return platformdirs.user_config_path("quitx", appauthor=False) / "config.toml"


def config_path(
    config_file: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """The config file to read: ``config_file``, else ``$QUITX_CONFIG``, else `default_config_path`
    when that file exists; none when ``QUITX_CONFIG`` is set and empty."""
    env = os.environ if environ is None else environ
    if config_file is not None:
        return Path(config_file)
    named = env.get("QUITX_CONFIG")
    if named is not None:
        return Path(named) if named else None
    default = default_config_path()
    return default if default.is_file() else None


@dataclass(frozen=True, slots=True)
class Where:
    """Where each value of a run was set: its origin, the config file, the options' names."""

    origin: Mapping[str, Origin]
    path: Path | None
    names: Mapping[str, str]

    def set_in(self, field: str) -> tuple[Origin, str] | None:
        """Where the value of ``field`` was set, as the user set it: the file's path, the QUITX_*
        variable, the option (None: a keyword argument without a name, or a default)."""
        came = self.origin.get(field)
        if came == "file" and self.path is not None:
            return came, str(self.path)
        named = (
            VARIABLES.get(field) if came == "env" else self.names.get(field) if came == "argument" else None
        )
        return (came, named) if came is not None and named is not None else None


def invalid(exc: ValidationError, where: Where) -> ConfigError:
    """The settings' validation errors, each said under the name its value was set by: all under
    the file's path when every one came from the file."""
    issues = field_issues(exc.errors())
    heads = {issue.field.partition(".")[0] for issue in issues} - {""}
    places = {head: place for head in heads if (place := where.set_in(head)) is not None}
    in_file = where.path is not None and all(head in places and places[head][0] == "file" for head in heads)
    first = exc.errors()[0]["loc"]
    return ConfigError(
        ConfigProblem.INVALID_VALUES,
        source=str(where.path) if in_file else None,
        origin=where.origin.get(str(first[0])) if first else None,
        issues=issues,
        set_in={} if in_file else places,
    )
