"""Re-run the reliability table: bad inputs and injected faults, counted, with their results.

    python scripts/reliability.py              # prints the table
    python scripts/reliability.py --write      # also rewrites docs/reliability.md
    python scripts/reliability.py --random 2000 --seed 7

Bad inputs must give a clear error (never a crash, never a verdict); faults must give the true
verdict or "unknown" (never a false "absent" nor a false "present"). Nothing here touches the
network: faults are injected between quitx and a small world whose truth is known (testnet/faults.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from testnet.faults import DNS_FAULTS, ENDPOINTS, FAULTS, Schedule, run_case, wrong  # noqa: E402

from quitx import InvalidReferenceError, parse_ref  # noqa: E402
from quitx.cli import main as cli  # noqa: E402
from quitx.models import Institution  # noqa: E402

VECTORS = ROOT.parent / "shared" / "data" / "atproto-interop-tests"
Row = tuple[str, int, str]  # what, cases, result


def _lines(name: str) -> list[str]:
    path = VECTORS / name
    if not path.exists():
        return []
    return [
        line for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")
    ]


def bad_references() -> list[Row]:
    rows: list[Row] = []
    for name in ("handle_syntax_invalid.txt", "did_syntax_invalid.txt", "atidentifier_syntax_invalid.txt"):
        cases = _lines(name)
        if not cases:
            rows.append((f"invalid lines of {name}", 0, "skipped: ../shared/data not available"))
            continue
        refused = 0
        for case in cases:
            with contextlib.suppress(InvalidReferenceError):
                parse_ref(case)
                continue
            refused += 1
        # a few invalid handles are valid after trimming/lowercasing, which parse_ref does on purpose
        rows.append(
            (
                f"invalid lines of {name} through parse_ref",
                len(cases),
                f"{refused} refused with a reason, "
                f"{len(cases) - refused} normalised into a valid reference (spaces, case), none crashed",
            )
        )
    odd = [
        "",
        " ",
        "@",
        "@@",
        "a@",
        "@a@",
        "x" * 10_000,
        "\x00\x1b[2J",
        "ｕｎｉｖ.fr",
        "univ\u0435rsity.fr",
        "https://",
        "https://bsky.app/profile/",
        "did:",
        "at://",
        "javascript:alert(1)",
        "user@" + "a" * 300,
    ]
    crashed = 0
    for case in odd:
        try:
            parse_ref(case)
        except InvalidReferenceError:
            pass
        except Exception:  # counted: a crash is a finding
            crashed += 1
    rows.append(
        (
            "odd references (empty, 10,000 chars, control chars, mixed scripts, bare schemes)",
            len(odd),
            "no crash" if not crashed else f"{crashed} CRASHED",
        )
    )
    return rows


def _cli(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = cli(args)
        except SystemExit as exc:
            status = int(exc.code or 0)
    lines = err.getvalue().strip().splitlines()
    errors = [line for line in lines if line.startswith("quitx: error:")]  # a "hint:" line follows
    return status, (errors or lines or [""])[-1]


def bad_files() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "bad.toml").write_text("timeout = [", encoding="utf-8")
        (d / "v2.json").write_text(
            json.dumps({"schema_version": 2, "institution": {"name": "X"}}), encoding="utf-8"
        )
        (d / "latin1.json").write_bytes('{"name": "Universit\xe9"}'.encode("latin-1"))
        cases: list[tuple[str, list[str]]] = [
            ("unreadable config file", ["--config", str(d / "bad.toml"), "exists", "@a@b.fr"]),
            ("missing config file", ["--config", str(d / "none.toml"), "exists", "@a@b.fr"]),
            ("report JSON of another schema version", ["letter", "--report", str(d / "v2.json")]),
            ("institution JSON in Latin-1", ["check", "--from-json", str(d / "latin1.json")]),
            ("empty institution name", ["letter", "", "--offline"]),
            ("10,000-character name", ["letter", "x" * 10_000, "--offline"]),
            ("bad date", ["letter", "X", "--offline", "--date", "2026-13-45"]),
        ]
        for what, args in cases:
            status, message = _cli(args)
            ok = status == 2 and message.startswith("quitx: error:")
            rows.append(
                (
                    what,
                    1,
                    f"exit {status}: {message[:90]}" if ok else f"UNEXPECTED exit {status}: {message[:90]}",
                )
            )
    return rows


def bad_rows() -> list[Row]:
    from quitx.batch import RowError, read_institutions

    csv_text = (
        "name,domain,handles,kind\n"
        "Université Exemple,univ-exemple.fr,,research\n"  # good
        ",no-name.fr,,\n"  # no name
        "Bad Kind,bad.fr,,spaceship\n"  # unknown kind
        "Bad Handle,bad.fr,not a handle,\n"  # bad handle
        + "x"
        * 10_000
        + ",long.fr,,\n"  # a 10,000-character name
        "Ok Again,ok.fr,@ok@ok.fr,\n"  # good
        '"Unclosed quote,x.fr\nLast,last.fr,,\n'  # broken quoting: swallows what follows, as CSV does
    )
    jsonl_text = '{"name": "A", "domain": "a.fr"}\n{not json\n[1, 2]\n{"name": ""}\n{"name": "B"}\n'
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, text in (("CSV", "in.csv", csv_text), ("JSONL", "in.jsonl", jsonl_text)):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            got = list(read_institutions(path, warn=lambda _: None))
            errors = [r for r in got if isinstance(r, RowError)]
            good = len(got) - len(errors)
            rows.append(
                (
                    f"{label} with broken rows",
                    len(got),
                    f"{good} good rows kept, {len(errors)} errors with their line numbers "
                    f"(lines {', '.join(str(e.line) for e in errors)})",
                )
            )
        latin = Path(tmp) / "latin1.csv"
        latin.write_bytes("name,domain\nUniversit\xe9,u.fr\n".encode("latin-1"))
        got = list(read_institutions(latin, warn=lambda _: None))
        errors = [r for r in got if isinstance(r, RowError)]
        rows.append(
            (
                "CSV in Latin-1 (a non-UTF-8 row)",
                1,
                f"{len(errors)} error: {errors[0].message[:70]}" if errors else "UNEXPECTED: accepted",
            )
        )
    return rows


def names() -> list[Row]:
    weird = ["É", "L'", "Les", "12", "\u202eevil", "<script>", "A" * 300, "Ｕｎｉｖ", "Université\u0000"]
    failures = 0
    for name in weird:
        try:
            Institution(name=name)
            status, _ = _cli(["letter", name, "--offline", "--no-plan", "--format", "html"])
            failures += status not in (0, 2)
        except ValueError:
            pass
    return [
        (
            "odd institution names through the offline letter (HTML)",
            len(weird),
            "clear error or a letter, no crash" if not failures else f"{failures} CRASHED",
        )
    ]


def faults(n_random: int, seed: int) -> list[Row]:
    rows: list[Row] = []

    def count(schedules: list[Schedule]) -> tuple[int, int, float]:
        bad = 0
        worst = 0.0
        for schedule in schedules:
            t = time.monotonic()
            verdicts, _ = asyncio.run(run_case(schedule))
            worst = max(worst, time.monotonic() - t)
            bad += bool(wrong(verdicts))
        return len(schedules), bad, worst

    for fault in FAULTS:
        total, bad, worst = count([Schedule(faults={e: fault}) for e in ENDPOINTS])
        rows.append(
            (
                f"fault '{fault}' on each endpoint ({', '.join(ENDPOINTS)})",
                total * 6,
                ("true verdict or unknown" if not bad else f"{bad} FALSE VERDICTS")
                + f", slowest {worst:.2f} s",
            )
        )
    for dns in DNS_FAULTS:
        total, bad, worst = count([Schedule(dns=dns)])
        rows.append(
            (f"DNS {dns}", total * 6, "true verdict or unknown" if not bad else f"{bad} FALSE VERDICTS")
        )
    rng = random.Random(seed)
    schedules = [
        Schedule(
            faults={e: rng.choice(FAULTS) for e in ENDPOINTS if rng.random() < 0.5},
            once=frozenset(e for e in ENDPOINTS if rng.random() < 0.3),
            dns=rng.choice([None, None, *DNS_FAULTS]),
        )
        for _ in range(n_random)
    ]
    total, bad, worst = count(schedules)
    rows.append(
        (
            f"random fault schedules (seed {seed})",
            total * 6,
            ("true verdict or unknown" if not bad else f"{bad} FALSE VERDICTS") + f", slowest {worst:.2f} s",
        )
    )
    return rows


# --- hostile servers: the verdict classes (testnet/hostile.py) ---------------------------------------------


def _hostile_outcomes() -> list[tuple[str, str, list[str], float]]:
    """Every case of testnet.hostile on one pair of loopback servers: (class, case, problems, seconds)."""
    from testnet.hostile import CASES, HostileWorld, problems, run_case

    out = []
    with HostileWorld() as world:
        for case in CASES:
            t = time.monotonic()
            try:
                found = problems(case, asyncio.run(run_case(case, world)))
            except Exception as exc:  # counted: a crash is a finding
                found = [f"CRASHED: {type(exc).__name__}: {exc}"]
            out.append((case.cls, case.name, found, time.monotonic() - t))
    return out


_HOSTILE: list[tuple[str, str, list[str], float]] = []


def hostile_classes() -> list[Row]:
    from testnet.hostile import CLASSES

    _HOSTILE[:] = _hostile_outcomes()
    rows: list[Row] = []
    for cls, what in CLASSES.items():
        mine = [(found, took) for c, _, found, took in _HOSTILE if c == cls]
        bad = sum(bool(found) for found, _ in mine)
        result = "0 wrong verdicts" if not bad else f"{bad} FALSE VERDICTS"
        rows.append((f"**{cls}** — {what}", len(mine), f"{result}, slowest {max(t for _, t in mine):.2f} s"))
    return rows


def hostile_cases() -> list[Row]:
    return [
        (f"{cls}: {name}", 1, "holds" if not found else "FALSE VERDICTS: " + "; ".join(found)[:200])
        for cls, name, found, _ in _HOSTILE
    ]


def batch_reruns() -> list[Row]:
    """``quitx batch`` run again as the world changes (testnet.hostile.batch_reruns)."""
    from testnet.hostile import HostileWorld
    from testnet.hostile import batch_reruns as steps_of

    with HostileWorld() as world, tempfile.TemporaryDirectory() as tmp:
        steps = steps_of(world, Path(tmp))
    return [
        (
            step.what,
            1,
            f"exit {step.status}, {step.checked} checked"
            + ("" if (step.status, step.checked) == step.expected else f" — UNEXPECTED, not {step.expected}"),
        )
        for step in steps
    ]


def table(rows: list[Row]) -> str:
    lines = ["| input or fault | cases | result |", "|---|---|---|"]
    lines += [f"| {what} | {cases} | {result} |" for what, cases, result in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--random", type=int, default=500, help="random fault schedules to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="rewrite docs/reliability.md")
    args = parser.parse_args()
    sections: list[tuple[str, Callable[[], list[Row]]]] = [
        ("Bad references", bad_references),
        ("Bad files and options (CLI)", bad_files),
        ("Bad rows in a batch (the good rows go on)", bad_rows),
        ("Odd names", names),
        (
            "Hostile servers: the verdict classes (each case a small world on loopback servers; "
            "what must hold: testnet/hostile.py)",
            hostile_classes,
        ),
        ("Hostile servers: the cases", hostile_cases),
        ("Batch re-runs: a row that ended unknown is checked again (exit 4 while unknown)", batch_reruns),
        (
            "Injected faults (each case checks 6 references: 3 present, 3 absent)",
            lambda: faults(args.random, args.seed),
        ),
    ]
    out = []
    for title, produce in sections:
        out.append(f"### {title}\n\n{table(produce())}\n")
    body = "\n".join(out)
    print(body)
    if args.write:
        doc = ROOT / "docs" / "reliability.md"
        doc.write_text(
            "# Reliability: bad input, faults and hostile servers\n\n"
            "Produced by `python scripts/reliability.py --write` (re-run it to check).\n"
            "Bad inputs must give a clear one-line error and a documented exit status (2);\n"
            "injected faults must give the true verdict or `unknown` —\n"
            "never a false `absent` nor a false `present`; hostile servers must not make quitx\n"
            "call an impersonator verified, nor turn what they break into `absent`.\n\n" + body,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
