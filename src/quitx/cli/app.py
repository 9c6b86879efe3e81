"""The ``quitx`` command: a thin shell over the library.

Results go to stdout in the format asked for; errors go to stderr, each followed by a
``hint:`` line saying what to do next. ``-v`` / ``-vv`` log to stderr (INFO, then DEBUG, with
`logging`), ``-q`` leaves only the errors. quitx prints no colour, so ``NO_COLOR`` holds
and ``FORCE_COLOR`` changes nothing. ``quitx completion bash|zsh|fish`` prints a completion
script generated from the parsers.

`build_parser` asks each command module (``quitx.cli.<command>``) to add its parser; `main`
parses, sets up logging and runs the command's ``run(args)`` inside one ``try`` that turns the
errors quitx raises into a message, a hint and an exit status.

Exit status of ``quitx exists`` (for scripts)::

    0  every account is present
    3  at least one is absent (and none unknown)
    4  at least one could not be checked (unknown): never read this as absent
    2  usage error: bad option, bad reference, bad configuration (a bad reference is
       reported and the others are still checked and printed)
    1  unexpected error (a bug: please report it)

Exit status of ``quitx check``::

    0  the institution was found on Mastodon or Bluesky (at any confidence)
    3  found nowhere, and every place was checked
    4  found nowhere, but some place could not be checked (unknown)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from .completion import complete
from .exits import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE
from .hints import error, print_error
from .logs import setup_logging
from .options import apply_preferences, verbosity_options
from .voice import close_voice, open_voice, voice

__all__ = ["COMMANDS", "Parser", "build_parser", "main"]

_TOP_EPILOG = """examples:
  quitx exists @user@mastodon.social cnrs.fr
  quitx check "Université Rennes 2" --domain univ-rennes2.fr --format json -o report.json
  quitx letter --report report.json --sender "Camille Martin" -o lettre.md
  quitx -v --config quitx.toml batch universities.csv -o out

'quitx COMMAND --help' shows a command's options, examples and exit statuses.
The settings options above come before the command; -v and -q may come before or after it.

configuration:
  a TOML file found without flags: 'quitx config path' says where, 'quitx config show' shows
  each setting and where it came from; QUITX_CONFIG names another file (like --config), and
  every setting has its QUITX_* variable. The accounts' credentials: 'quitx login bluesky
  HANDLE' and 'quitx login mastodon @user@host' keep them in the system keyring.
  The language quitx speaks (its messages, usage errors included; --help is in English):
  --lang, else lang in the config file, else your locale (LANG).

environment:
  NO_COLOR      honoured: quitx never prints colour (FORCE_COLOR changes nothing)

shell completion:
  quitx completion bash > ~/.local/share/bash-completion/completions/quitx"""


class Parser(argparse.ArgumentParser):
    """argparse, with no colour whatever the environment, and a hint after a usage error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if sys.version_info >= (3, 14):  # pragma: no cover - argparse colours help from 3.14
            kwargs["color"] = False  # quitx prints no colour: NO_COLOR holds, FORCE_COLOR is ignored
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # argparse's signature says NoReturn
        from ..i18n.messages import Lang
        from . import wording as w
        from .usage_words import USAGE_PREFIX, early_language, localise_usage_error

        said = Lang(early_language(_typed[-1] if _typed else sys.argv[1:]))  # no run yet
        usage = self._get_formatter()
        usage.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix=said(USAGE_PREFIX))
        sys.stderr.write(usage.format_help())
        hint = said(w.HELP_HINT, prog=self.prog)
        if "COMMAND" in message:
            hint = said(w.COMMAND_HINT, commands=", ".join(COMMANDS))
        elif "unrecognized arguments" in message and any(o in message for o in _SETTINGS_OPTIONS):
            hint = said(w.SETTINGS_FIRST_HINT)
        sep = said.sep()
        message = localise_usage_error(message, said.code)
        self.exit(EXIT_USAGE, f"{self.prog}: {said(w.ERROR)}{sep}{message}\n{said(w.HINT)}{sep}{hint}\n")


# the arguments of the run under way, as typed: a usage error is said before --lang is parsed
_typed: list[Sequence[str]] = []


class _Version(argparse.Action):
    """``--version``: the installed version, read from the metadata only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from .._version import version

        sys.stdout.write(f"quitx {version()}\n")
        parser.exit()


_SETTINGS_OPTIONS = ("--config", "--appview-url", "--plc-url", "--dns", "--map", "--timeout", "--user-agent")
# the command → the module of quitx.cli that adds its parser and runs it, in the order --help lists
COMMANDS: dict[str, str] = {
    "exists": "exists",
    "check": "check",
    "plan": "plan",
    "letter": "letter",
    "claims": "claims",
    "apply": "apply",
    "batch": "batch",
    "changes": "observatory",
    "observatory": "observatory",
    "serve": "serve",
    "login": "login",
    "logout": "login",
    "config": "config",
    "completion": "completion",
}


def _module(command: str) -> Any:
    return import_module(f".{COMMANDS[command]}", __package__)


def build_parser() -> argparse.ArgumentParser:
    """The whole ``quitx`` parser: the global options, then each command's (standard library only)."""
    parser: argparse.ArgumentParser = Parser(
        prog="quitx",
        description="Help an institution leave X and Meta for Mastodon and Bluesky.",
        epilog=_TOP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    verbosity_options(parser, default=True)
    settings = parser.add_argument_group("settings (override QUITX_* variables and the config file)")
    settings.add_argument(
        "--config", metavar="FILE", help="TOML config file (default: $QUITX_CONFIG, else 'quitx config path')"
    )
    settings.add_argument(
        "--appview-url", metavar="URL", help="Bluesky AppView (default https://public.api.bsky.app)"
    )
    settings.add_argument("--plc-url", metavar="URL", help="PLC directory (default https://plc.directory)")
    settings.add_argument(
        "--dns",
        metavar="HOST[:PORT]",
        action="append",
        help="DNS nameserver for _atproto lookups (repeatable)",
    )
    settings.add_argument(
        "--map",
        metavar="HOST=URL",
        action="append",
        help="send every request for HOST to the base URL (like curl --resolve; repeatable)",
    )
    settings.add_argument("--timeout", metavar="SECONDS", type=float, help="per-request timeout (default 10)")
    settings.add_argument("--user-agent", metavar="TEXT")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in dict.fromkeys(COMMANDS.values()):  # a module may add several commands
        import_module(f".{name}", __package__).add_parser(commands)
    for sub in commands.choices.values():
        verbosity_options(sub, default=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    if argv is None:
        complete(parser)  # a shell asking for completions (quitx completion): answered, then exit
    _typed.append(sys.argv[1:] if argv is None else list(argv))
    try:
        args = parser.parse_args(argv)
    finally:
        _typed.pop()
    import logging
    import time

    verbose: int = args.verbose  # -v / -q: the top level's defaults hold when a command adds none
    quiet: bool = args.global_quiet
    if args.command == "batch":
        quiet = quiet or args.quiet
        args.quiet = quiet  # the global -q implies batch's own: no progress bar
    undo = setup_logging(verbose, quiet)
    said = open_voice(args, quiet=quiet)
    log = logging.getLogger("quitx.cli")
    started = time.perf_counter()
    if log.isEnabledFor(logging.DEBUG):
        from .._version import version

        log.debug("quitx %s on Python %s: %s", version(), sys.version.split()[0], args.command)
    try:
        status = _dispatch(args, verbose)
        log.info("%s done in %.2f s: exit status %d", args.command, time.perf_counter() - started, status)
        return status
    finally:
        close_voice(said)
        undo()


def _dispatch(args: argparse.Namespace, verbose: int) -> int:
    from ..errors import ConfigError, InputError, OutputDirError
    from . import wording as w

    said = voice()
    try:
        apply_preferences(args)  # the config file's lang and [sender], under the options given
        return int(_module(args.command).run(args))
    except (InputError, ConfigError, OutputDirError) as exc:
        print_error(exc, args.command)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"quitx: {said.t(w.INTERRUPTED)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:
        from ..errors import why_unreadable

        why = why_unreadable(exc, said.language)
        error(
            said.t(w.NOT_WRITABLE, path=str(exc.filename), why=why) if exc.filename else why,
            said.t(w.NOT_WRITABLE_HINT),
        )
        return EXIT_ERROR
    except Exception as exc:  # a bug: one line, the traceback only with -vv
        from .._text import inert_block

        first = (str(exc).splitlines() or [""])[0][:200]
        if verbose >= 2:
            import traceback

            error(said.t(w.UNEXPECTED, kind=type(exc).__name__, first=first))
            sys.stderr.write(inert_block("".join(traceback.format_exception(exc))))
            error_hint = said.t(w.BUG_HINT_SHOWN)
        else:
            error(said.t(w.UNEXPECTED, kind=type(exc).__name__, first=first))
            error_hint = said.t(w.BUG_HINT)
        print(f"{said.t(w.HINT)}{said.lang.sep()}{error_hint}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
