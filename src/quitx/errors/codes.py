"""What went wrong, as codes: one `StrEnum` per error of the tree (an error's ``code``).

The values are stable: scripts test them, JSON rows carry them (``quitx exists --json``), and
`quitx.errors.wording` gives each one its words in French and in English. The comment after a
code names the ``values`` its message puts in (besides the error's own attributes). A value that
is itself a code (``problem``, ``why``, ``reason``) is said in the same language as the message.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "BatchInputProblem",
    "ConfigProblem",
    "FieldProblem",
    "FileProblem",
    "HistoryProblem",
    "NameProblem",
    "ObservatoryProblem",
    "OutputDirProblem",
    "ReferenceProblem",
    "ReportProblem",
    "SourceProblem",
    "TemplateProblem",
    "UsageProblem",
]


class ReferenceProblem(StrEnum):
    """Why a text is not an account reference (`InvalidReferenceError`); ``text`` is the text."""

    EMPTY = "empty"
    TOO_LONG = "too_long"  # max
    WHITESPACE = "whitespace"
    CONTROL_CHARACTER = "control_character"  # codepoint (U+0000)
    INVISIBLE_CHARACTER = "invisible_character"  # codepoint (U+200B: a zero-width space…)
    UNSUPPORTED_SCHEME = "unsupported_scheme"  # scheme (ftp)
    NO_DOMAIN = "no_domain"  # value (acct:user: a Mastodon address without its instance)
    NO_USERNAME = "no_username"  # @@host
    NOTHING_AFTER_AT = "nothing_after_at"  # @user@
    TOO_MANY_AT = "too_many_at"
    INVALID_USERNAME = "invalid_username"  # value, problem (a NameProblem)
    HANDLE_WITHOUT_DOMAIN = "handle_without_domain"  # value (blah: neither a handle nor an address)
    UNVERIFIED_HANDLE = "unverified_handle"  # handle.invalid
    INVALID_DID = "invalid_did"  # value, problem
    INVALID_DOMAIN = "invalid_domain"  # value, problem (the instance of @user@instance)
    INVALID_HANDLE = "invalid_handle"  # value, problem (a Bluesky handle)
    INVALID_HOST = "invalid_host"  # value, problem (the host of a URL)
    EMPTY_AT_URI = "empty_at_uri"  # at://
    INVALID_URL = "invalid_url"  # error (what the URL parser said)
    URL_WITH_CREDENTIALS = "url_with_credentials"
    URL_WITHOUT_HOST = "url_without_host"
    URL_WITH_PORT = "url_with_port"  # port
    NOT_A_BLUESKY_PROFILE = "not_a_bluesky_profile"  # a bsky.app URL that is no profile
    UNSUPPORTED_NETWORK = "unsupported_network"  # host (x.com, facebook.com…)
    BLUESKY_PROFILE_ELSEWHERE = "bluesky_profile_elsewhere"  # host (/profile/… not on bsky.app)
    NOT_A_PROFILE = "not_a_profile"  # host, path


class NameProblem(StrEnum):
    """Why a name is not a valid domain, handle, username or DID (the ``problem`` of a
    `ReferenceProblem` that says which name)."""

    UNDERSCORE = "underscore"
    WHITESPACE = "whitespace"
    CHARACTER = "character"  # character
    TOO_LONG = "too_long"  # max
    NO_DOT = "no_dot"
    EMPTY_LABEL = "empty_label"
    LABEL_TOO_LONG = "label_too_long"  # max
    LABEL_HYPHEN = "label_hyphen"  # label
    IP_ADDRESS = "ip_address"
    TLD_DIGIT = "tld_digit"
    PORT = "port"  # port
    IDNA = "idna"  # error (what the IDNA codec said)
    EMPTY = "empty"
    EDGE_DOT_OR_HYPHEN = "edge_dot_or_hyphen"  # a username that starts or ends with '.' or '-'
    DID_UPPERCASE = "did_uppercase"  # DID:…
    NOT_A_DID = "not_a_did"
    DID_WITHOUT_METHOD = "did_without_method"
    DID_METHOD = "did_method"
    DID_EMPTY_IDENTIFIER = "did_empty_identifier"
    DID_END = "did_end"


class FieldProblem(StrEnum):
    """What is wrong with one field of an institution, a setting, a report (a `FieldIssue`)."""

    MISSING = "missing"
    UNKNOWN_FIELD = "unknown_field"
    EMPTY = "empty"
    TOO_SHORT = "too_short"  # min
    TOO_LONG = "too_long"  # max
    GREATER_THAN = "greater_than"  # limit: it must be greater
    AT_LEAST = "at_least"  # limit
    LESS_THAN = "less_than"  # limit
    AT_MOST = "at_most"  # limit
    NOT_AN_INTEGER = "not_an_integer"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_BOOLEAN = "not_a_boolean"
    NOT_TEXT = "not_text"
    NOT_A_LIST = "not_a_list"
    NOT_A_TABLE = "not_a_table"
    NOT_A_DATE = "not_a_date"
    NOT_ONE_OF = "not_one_of"  # expected (the values it takes, comma-separated)
    NOT_JSON = "not_json"
    NOT_HTTP_URL = "not_http_url"  # value
    NOT_A_DOMAIN = "not_a_domain"  # value
    NOT_A_NETWORK = "not_a_network"  # value (an address or a network: 10.0.0.0/8)
    HOST_MAP_TARGET = "host_map_target"  # host, value
    INVALID = "invalid"  # error (the validator's own words: a case quitx has no words for)


class FileProblem(StrEnum):
    """Why a file could not be read (the ``why`` of an error about a file)."""

    NO_SUCH_FILE = "no_such_file"
    IS_A_DIRECTORY = "is_a_directory"
    NOT_A_DIRECTORY = "not_a_directory"  # a part of its path is a file
    PERMISSION_DENIED = "permission_denied"
    NOT_UTF8 = "not_utf8"
    OTHER = "other"  # error (the system's words)


class ReportProblem(StrEnum):
    """Why a file is no readable quitx report (`InvalidReportError`)."""

    UNREADABLE = "unreadable"  # why (a FileProblem)
    NOT_UTF8 = "not_utf8"  # position (of the first byte that is not UTF-8)
    NOT_A_REPORT = "not_a_report"  # field, problem (a FieldProblem: the first one pydantic met)


class BatchInputProblem(StrEnum):
    """Why the batch's input cannot be read at all (`BatchInputError`)."""

    UNREADABLE = "unreadable"  # why (a FileProblem): missing, a directory, no permission
    NO_NAME_COLUMN = "no_name_column"  # line, delimiter, found, names: no name column (name, nom…)
    NOT_UTF8 = "not_utf8"  # byte, line, column, offset: not UTF-8 from its first line


class TemplateProblem(StrEnum):
    """Why a letter template cannot be filled (`TemplateError`); ``placeholder`` names the value."""

    NO_VALUE = "no_value"  # placeholder
    BLOCKS_INLINE = "blocks_inline"  # placeholder: a value of blocks inside a line
    NO_TEXT_IN_URL = "no_text_in_url"  # placeholder
    NO_TEXT_IN_CODE = "no_text_in_code"  # placeholder
    NO_TEMPLATE = "no_template"  # name, ext, language


class UsageProblem(StrEnum):
    """What does not fit in what a library call was given (`UsageError`; the command line's own
    usage errors are said in its words, without a code)."""

    UNKNOWN_STEPS = "unknown_steps"  # steps, known
    NO_STEPS = "no_steps"  # known
    PROFILE_NEEDS_VALUES = "profile_needs_values"  # steps
    SECTOR_NEEDS_REPORTS = "sector_needs_reports"  # steps
    TITLE_TOO_LONG = "title_too_long"  # max, given
    BAD_CONFIRM_ACCOUNT = "bad_confirm_account"  # text, reason (a ReferenceProblem) and its values
    NO_PLAN_FORMAT = "no_plan_format"  # format, formats
    PLAN_LANGUAGE = "plan_language"  # plan, letter (the two languages)
    PLAN_NAMING = "plan_naming"  # name (of the option), plan, letter (how each names the institution)
    CLAIMS_UNREADABLE = "claims_unreadable"  # path, why (a FileProblem)
    CLAIMS_INVALID = "claims_invalid"  # path, field, problem (a FieldProblem)
    UNKNOWN_ARTICLE = "unknown_article"  # article


class ObservatoryProblem(StrEnum):
    """Why the observatory cannot go on with what it was given (`ObservatoryError`)."""

    NO_PRESET = "no_preset"  # source, presets
    QUERY_UNREADABLE = "query_unreadable"  # source, why (a FileProblem)
    QUERY_WITHOUT_ITEM = "query_without_item"  # source


class HistoryProblem(StrEnum):
    """Why the history database cannot be used (`HistoryError`)."""

    NO_DATABASE = "no_database"
    CANNOT_OPEN = "cannot_open"  # error (SQLite's words)
    NOT_A_HISTORY = "not_a_history"  # tables without a version: another program's database
    EMPTY = "empty"  # no run recorded
    OTHER_VERSION = "other_version"  # version, supported
    UNUSABLE = "unusable"  # error (SQLite's words: not a database, read-only, locked…)
    NO_RUN = "no_run"  # run
    NO_RUNS = "no_runs"  # a history whose every run was deleted
    ONE_RUN = "one_run"  # nothing to compare it with


class ConfigProblem(StrEnum):
    """Why the settings could not be read (`ConfigError`)."""

    UNREADABLE = "unreadable"  # why (a FileProblem)
    INVALID_TOML = "invalid_toml"  # line, column
    INVALID_TOML_AT_END = "invalid_toml_at_end"
    NOT_A_TABLE = "not_a_table"  # entry ([quitx], [web])
    HOST_MAP_PAIR = "host_map_pair"  # pair (QUITX_HOST_MAP: host=URL pairs)
    BAD_NAMESERVER = "bad_nameserver"  # value
    INVALID_VALUES = "invalid_values"  # the `FieldIssue`s (ConfigError.issues)
    PDF_MISSING = "pdf_missing"  # the optional extra quitx[pdf], or Pango


class OutputDirProblem(StrEnum):
    """Why the batch cannot write to its OUT_DIR (`OutputDirError`)."""

    CANNOT_CREATE = "cannot_create"  # why (a FileProblem)
    LOCKED = "locked"  # another run is writing to it


class SourceProblem(StrEnum):
    """Why the observatory's source (a SPARQL endpoint) gave no institutions (`SourceError`)."""

    UNREACHABLE = "unreachable"  # reason (a quitx.models.Reason code: timeout, dns_error…)
    SLOW_DOWN = "slow_down"  # a 429 longer than quitx waits (SourceError.retry_after)
    REFUSED = "refused"  # status (a 4xx; SourceError.answer: the endpoint's words, a syntax error…)
    HTTP_STATUS = "http_status"  # status (SourceError.answer: the endpoint's words)
    TOO_LARGE = "too_large"  # max (bytes)
    NOT_JSON = "not_json"
    NOT_SPARQL_JSON = "not_sparql_json"  # field, problem (a FieldProblem)
    NO_ITEM = "no_item"  # the query binds no ?item
