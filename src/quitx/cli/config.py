"""``quitx config show`` and ``quitx config path``: which settings a run uses, and where they come from."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "run"]

_CONFIG_EXAMPLES = """examples:
  quitx config path                 # the file quitx reads without --config
  quitx config show                 # every setting, its value, and where it came from
  quitx --timeout 30 config show --json

The file is found without flags: --config FILE, else $QUITX_CONFIG, else config.toml in the
platform's config folder (what 'quitx config path' prints). QUITX_CONFIG="" reads no file.
Besides the settings, it may hold your defaults:

  lang = "fr"                       # the language quitx speaks, and of letters and plans
  [sender]                          # who signs the letters (--sender, --sender-gender, --role, --email)
  name = "Camille Martin"
  gender = "f"
  role = "chargé/chargée de communication"
  email = "camille@example.org"

exit status:
  0  shown
  2  the config file cannot be read, or a value in it is wrong (the message names it)"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cf = subparsers.add_parser(
        "config",
        help="the settings a run uses, and where the config file is",
        description="Show the settings and preferences quitx uses, and where each one comes from.",
        epilog=_CONFIG_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = cf.add_subparsers(dest="config_action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show",
        help="each setting, its value and its origin (default, file, env, argument)",
        description="Each setting and preference, its value, and where it came from.",
    )
    show.add_argument("--json", action="store_true", help="one JSON object: the file and the entries")
    actions.add_parser(
        "path",
        help="the config file quitx reads",
        description="The config file quitx reads: --config, $QUITX_CONFIG, or the platform's config folder.",
    )


def run(args: argparse.Namespace) -> int:
    from .. import config
    from .._text import inert
    from .options import config_from

    if args.config_action == "path":
        found = config.config_path(args.config)
        shown = found if found is not None else config.default_config_path()
        sys.stdout.write(inert(str(shown)) + "\n")
        _say_where(args, found)
        return 0
    loaded = config_from(args)
    entries = loaded.entries()
    if args.json:
        import json

        document = {
            "path": str(loaded.path) if loaded.path else None,
            "entries": [e.model_dump(mode="json") for e in entries],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    _say_where(args, loaded.path)
    width = max(len(e.name) for e in entries)
    for entry in entries:
        sys.stdout.write(f"{entry.name:<{width}}  {inert(entry.value) or '-'}  ({entry.origin})\n")
    return 0


def _say_where(args: argparse.Namespace, found: object) -> None:
    """On stderr: which file was read, or that none was (and why)."""
    import os

    from .. import config
    from .._text import inert_message
    from . import wording as w
    from .voice import voice

    said = voice()
    if said.quiet:
        return
    if found is not None and args.config_action == "show":
        message = said.t(w.CONFIG_READ, path=str(found))
    elif found is not None:
        there = os.path.isfile(str(found))
        message = said.t(w.CONFIG_FOUND if there else w.CONFIG_NOT_THERE, path=str(found))
    elif os.environ.get("QUITX_CONFIG") == "":
        message = said.t(w.CONFIG_NONE_ASKED)
    else:
        message = said.t(w.CONFIG_NONE_YET, path=str(config.default_config_path()))
    print(f"quitx: {inert_message(message)}", file=sys.stderr)
