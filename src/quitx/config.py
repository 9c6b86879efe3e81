"""Settings: every remote endpoint, the instances to check, timeouts, concurrency.

Read when a command runs, never at import time. Precedence, highest first:
explicit arguments, ``QUITX_*`` environment variables, the config file, the defaults (the real
public services). The config file is ``--config FILE``, else ``$QUITX_CONFIG``, else
``config.toml`` in the platform's config folder (``~/.config/quitx/config.toml`` on Linux) when it
exists; ``QUITX_CONFIG=""`` (set and empty) reads no file at all.

Besides the settings, the file may hold the user's own defaults (`Preferences`): the language of
the run (``lang``) and who signs the letters (a ``[sender]`` table).

The host map sends a domain to a base URL, like curl's ``--resolve``: with
``"univ-exemple.fr" = "http://127.0.0.1:8081"``, every request quitx makes to
``https://univ-exemple.fr/…`` — URLs found in payloads and redirect targets
included — goes to ``http://127.0.0.1:8081/…`` with ``Host: univ-exemple.fr``.
A key ``"*.example.org"`` covers every subdomain of ``example.org``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from ._text import terminal_safe
from ._version import version
from .errors import ConfigError, ConfigProblem, FieldProblem, Origin, field_issues, file_problem
from .known_instances import DEFAULT_INSTANCES

__all__ = [
    "DEFAULT_INSTANCES",
    "ConfigEntry",
    "Nameserver",
    "Preferences",
    "SenderDefaults",
    "Settings",
    "UserConfig",
    "config_path",
    "default_config_path",
    "load_config",
    "load_settings",
    "read_config",
]


class Nameserver(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    address: str
    port: int = Field(default=53, ge=1, le=65535)

    @classmethod
    def parse(cls, text: str) -> Nameserver:
        """``1.2.3.4``, ``1.2.3.4:5353``, ``[::1]:5353``."""
        text = text.strip()
        if text.startswith("["):
            host, _, rest = text[1:].partition("]")
            port = rest.removeprefix(":")
            return cls(address=host, port=int(port) if port else 53)
        if text.count(":") == 1:
            host, port = text.split(":")
            return cls(address=host, port=int(port))
        return cls(address=text)

    def __str__(self) -> str:
        host = f"[{self.address}]" if ":" in self.address else self.address
        return f"{host}:{self.port}"


class Settings(BaseModel):
    """Every knob quitx has. Defaults are the real public services."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    appview_url: str = "https://public.api.bsky.app"
    plc_url: str = "https://plc.directory"
    bridgy_fed_url: str = "https://fed.brid.gy"
    # Wikidata's SPARQL endpoint: where a sector's institutions come from (quitx.observatory)
    wikidata_sparql_url: str = "https://query.wikidata.org/sparql"
    dns_nameservers: tuple[Nameserver, ...] = ()  # empty: the system's resolvers
    # a name that must exist in the public DNS: a negative DNS answer (NXDOMAIN, NODATA) is proof
    # only from a resolver that resolves it (see quitx._http.dns)
    dns_canary: str = Field(default="example.com", min_length=1, max_length=253)
    host_map: dict[str, str] = Field(default_factory=dict)
    # refuse every host that is neither in the host map nor on loopback: a run that must stay offline
    only_mapped_hosts: bool = False
    # let URLs found on the internet (links, WebFinger, DID documents) reach private, loopback or
    # link-local addresses: off, so that quitx behind a web form cannot be turned against a network
    allow_private_addresses: bool = False
    instances: tuple[str, ...] = DEFAULT_INSTANCES
    # homes whose "verified" profile fields (verified_at) quitx takes as proof, besides the
    # instances above and the institution's own server: from any other server verified_at is that
    # server's own claim, which anyone running a server can make
    trusted_instances: tuple[str, ...] = ()
    # where candidate Bluesky handles are tried: <label>.<suffix> (a PDS's handle domains)
    bluesky_handle_suffixes: tuple[str, ...] = ("bsky.social",)
    dormant_after_days: int = Field(default=180, ge=1, le=3650)  # no post for this long: dormant
    timeout: float = Field(default=10.0, gt=0, le=300)  # seconds, per read (connect, each chunk…)
    # seconds one request may take in all, from sending it to the last byte of its body: a server
    # that drips a byte at a time never trips the per-read timeout, it trips this
    request_deadline: float = Field(default=30.0, gt=0, le=600)
    dns_timeout: float = Field(default=5.0, gt=0, le=60)
    max_rate_limit_wait: float = Field(default=30.0, ge=0, le=3600)  # wait out a 429 up to this long
    retries: int = Field(default=2, ge=0, le=10)  # for 429/502/503/504 and transient network errors
    max_redirects: int = Field(default=5, ge=0, le=20)
    max_body_bytes: int = Field(default=2_000_000, ge=1024)
    # requests in flight over all hosts: it protects this machine; the per-host limit is the manners
    concurrency: int = Field(default=64, ge=1, le=256)
    # a ceiling (Scrapy's per-domain default; browsers open 6): the engine halves it for a host that
    # strains (429, 502-504, timeouts, slow answers) and grows it back slowly; /api/ is also paced
    # by the servers' own rate-limit headers
    per_host_concurrency: int = Field(default=8, ge=1, le=64)
    user_agent: str = Field(default_factory=lambda: f"quitx/{version()} (+https://pypi.org/project/quitx/)")
    # HTTP cache on disk (off for the library and tests; the CLI and batch turn it on)
    cache: bool = False
    cache_dir: str | None = None  # None: the platform's user cache dir (~/.cache/quitx on Linux)
    # answers that settle a question are kept at least this long, whatever their headers say
    cache_min_ttl: float = Field(default=3600.0, ge=0, le=30 * 86400)
    cache_max_ttl: float = Field(default=86400.0, ge=0, le=365 * 86400)  # and at most this long
    # keep Mastodon's API answers ("private, no-store", varying on Authorization): personal only to
    # a logged-in user, and quitx asks anonymously
    cache_anonymous_private: bool = True
    cache_max_mb: int = Field(default=256, ge=1, le=100_000)  # oldest entries go beyond this

    @field_validator("appview_url", "plc_url", "bridgy_fed_url", "wikidata_sparql_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise PydanticCustomError(
                FieldProblem.NOT_HTTP_URL.value, "not an http(s) URL: {value!r}", {"value": value}
            )
        return value.rstrip("/")

    @field_validator("host_map")
    @classmethod
    def _host_map(cls, value: dict[str, str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for host, base in value.items():
            if not base.startswith(("http://", "https://")):
                raise PydanticCustomError(
                    FieldProblem.HOST_MAP_TARGET.value,
                    "the target of {host!r} is not an http(s) URL: {value!r}",
                    {"host": host, "value": base},
                )
            out[host.strip().lower().rstrip(".")] = base.rstrip("/")
        return out

    @field_validator("dns_canary")
    @classmethod
    def _canary(cls, value: str) -> str:
        return value.strip().lower().rstrip(".")

    @field_validator("instances", "trusted_instances")
    @classmethod
    def _instances(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.strip().lower().rstrip("/") for v in value if v.strip()))

    def mapped_base(self, host: str) -> str | None:
        """The base URL that replaces ``host`` (exact match first, then ``*.parent``)."""
        host = host.lower().rstrip(".")
        if host in self.host_map:
            return self.host_map[host]
        parts = host.split(".")
        for i in range(1, len(parts)):
            wildcard = "*." + ".".join(parts[i:])
            if wildcard in self.host_map:
                return self.host_map[wildcard]
        return None

    def with_instances(self, hosts: Iterable[str]) -> Settings:
        """These settings with ``hosts`` also asked (after the configured instances, once each)."""
        added = [h.strip().lower() for h in hosts if h.strip()]
        if not added:
            return self
        return self.model_copy(update={"instances": tuple(dict.fromkeys([*self.instances, *added]))})

    def trusted_hosts(self) -> frozenset[str]:
        """Hosts the user named (endpoints, instances, the host map): exempt from the address guard."""
        endpoints = (self.appview_url, self.plc_url, self.bridgy_fed_url, self.wikidata_sparql_url)
        named = {urlsplit(u).hostname or "" for u in endpoints}
        return frozenset({*named, *self.instances, *self.trusted_instances, *self.host_map})

    def allows(self, host: str) -> bool:
        """Whether a request to ``host`` may be sent (see ``only_mapped_hosts``)."""
        if not self.only_mapped_hosts:
            return True
        host = host.lower().strip("[]")
        if host == "localhost" or host.startswith("127.") or host == "::1":
            return True
        return self.mapped_base(host) is not None


# environment variable -> (field, kind)
_ENV: dict[str, tuple[str, str]] = {
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


_VARIABLES = {field: var for var, (field, _) in _ENV.items()}  # each setting's QUITX_* variable


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for var, (field, kind) in _ENV.items():
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


def _from_file(path: Path) -> dict[str, Any]:
    data = read_config(path)
    # accept both a flat file and one with a [quitx] table
    section = data.get("quitx", data)
    if not isinstance(section, dict):
        raise ConfigError(ConfigProblem.NOT_A_TABLE, source=str(path), origin="file", entry="[quitx]")
    # a [web] table holds the web app's own settings (quitx.web.settings reads it); `lang` and
    # [sender] are the user's preferences (`Preferences`), not settings
    return {key: value for key, value in section.items() if key not in _NOT_SETTINGS}


_NOT_SETTINGS = frozenset({"web", "lang", "sender"})


def _preferences_from_file(path: Path) -> dict[str, Any]:
    data = read_config(path)
    section = data.get("quitx", data)
    if not isinstance(section, dict):
        return {}
    return {key: section[key] for key in ("lang", "sender") if key in section}


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    ns = values.get("dns_nameservers")
    if ns is not None:
        if isinstance(ns, str):
            ns = [ns]
        values["dns_nameservers"] = [_nameserver(n) if isinstance(n, str) else n for n in ns]
    return values


def _nameserver(text: str) -> Nameserver:
    try:
        return Nameserver.parse(text)
    except ValueError as exc:  # a port that is no number, or out of range (a ValidationError)
        raise ConfigError(ConfigProblem.BAD_NAMESERVER, value=text) from exc


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


class SenderDefaults(BaseModel):
    """Who signs the letters, from the ``[sender]`` table: what ``--sender``, ``--sender-gender``,
    ``--role`` and ``--email`` default to."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    gender: Literal["m", "f", "n"] | None = None
    role: str | None = Field(default=None, min_length=1, max_length=200)
    email: str | None = Field(default=None, min_length=3, max_length=254)


class Preferences(BaseModel):
    """The user's own defaults, kept apart from the settings (which say where quitx asks)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lang: Literal["fr", "en"] | None = None  # the run's language; none: the user's locale
    sender: SenderDefaults = Field(default_factory=SenderDefaults)


class ConfigEntry(BaseModel):
    """One line of ``quitx config show``: a setting, its value as text, and where it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    value: str
    origin: Literal["default", "file", "env", "argument"]


class UserConfig(BaseModel):
    """Everything a run reads before it starts: the settings, the preferences, the file they came
    from (none: no file) and the origin of every value that is not a default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: Settings
    preferences: Preferences = Field(default_factory=Preferences)
    path: Path | None = None
    origins: dict[str, Origin] = Field(default_factory=dict)

    def entries(self) -> list[ConfigEntry]:
        """Every setting and preference with its value and origin, in the order of the models;
        text from the file is made safe for a terminal."""
        rows: list[ConfigEntry] = []
        for name in type(self.settings).model_fields:
            value = _shown(getattr(self.settings, name))
            rows.append(ConfigEntry(name=name, value=value, origin=self.origins.get(name, "default")))
        prefs = self.preferences
        rows.append(
            ConfigEntry(name="lang", value=_shown(prefs.lang), origin=self.origins.get("lang", "default"))
        )
        sender = prefs.sender.model_dump(mode="json")
        for name in type(prefs.sender).model_fields:
            key = f"sender.{name}"
            rows.append(
                ConfigEntry(name=key, value=_shown(sender[name]), origin=self.origins.get(key, "default"))
            )
        return rows


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Nameserver):
        return str(value)
    if isinstance(value, dict):
        return ", ".join(f"{terminal_safe(str(k))}={terminal_safe(str(v))}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_shown(v) for v in value)
    return terminal_safe(str(value))


def load_settings(
    config_file: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from defaults, the config file, the environment and ``overrides``."""
    return load_config(config_file, environ=environ, **overrides).settings


@dataclass(frozen=True, slots=True)
class _Where:
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
            _VARIABLES.get(field) if came == "env" else self.names.get(field) if came == "argument" else None
        )
        return (came, named) if came is not None and named is not None else None


def _invalid(exc: ValidationError, where: _Where) -> ConfigError:
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


def load_config(
    config_file: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    argument_names: Mapping[str, str] | None = None,
    **overrides: Any,
) -> UserConfig:
    """The settings and the preferences, with the file they came from and each value's origin.

    A bad value raises `ConfigError` naming where it was set: the config file, its QUITX_*
    variable, or the option ``argument_names`` gives the override (the command line's
    ``{"timeout": "--timeout"}``); an override it does not name is said by its field alone."""
    env = os.environ if environ is None else environ
    merged: dict[str, Any] = {}
    origin: dict[str, Origin] = {}  # where each value came from, to say where a bad one is
    path = config_path(config_file, env)
    layers: list[tuple[dict[str, Any], Origin]] = [
        (_from_file(path) if path is not None else {}, "file"),
        (_from_env(env), "env"),
        ({k: v for k, v in overrides.items() if v is not None}, "argument"),
    ]
    for values, where in layers:
        merged.update(values)
        origin.update(dict.fromkeys(values, where))
    names = argument_names or {}
    try:
        settings = Settings.model_validate(_coerce(merged))
    except ValidationError as exc:
        raise _invalid(exc, _Where(origin, path, names)) from exc
    except ConfigError as exc:  # a DNS server that is none (_coerce): said with where it came from
        place = _Where(origin, path, names).set_in("dns_nameservers")
        raise ConfigError(
            exc.code,
            source=place[1] if place else None,
            origin=origin.get("dns_nameservers"),
            value=exc.values["value"],
        ) from exc.__cause__
    preferences, pref_origin = _preferences(path)
    return UserConfig(
        settings=settings, preferences=preferences, path=path, origins={**origin, **pref_origin}
    )


def _preferences(path: Path | None) -> tuple[Preferences, dict[str, Origin]]:
    if path is None:
        return Preferences(), {}
    raw = _preferences_from_file(path)
    try:
        preferences = Preferences.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(
            ConfigProblem.INVALID_VALUES, source=str(path), origin="file", issues=field_issues(exc.errors())
        ) from exc
    origins: dict[str, Origin] = {}
    if "lang" in raw:
        origins["lang"] = "file"
    sender = raw.get("sender")
    if isinstance(sender, dict):
        origins.update({f"sender.{key}": "file" for key in sender})
    return preferences, origins
