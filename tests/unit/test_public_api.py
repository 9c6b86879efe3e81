from __future__ import annotations

import subprocess
import sys

import quitx


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert quitx.__all__ == sorted(quitx.__all__)
    for name in quitx.__all__:
        assert getattr(quitx, name) is not None, name


def test_exists_is_the_function_even_after_the_cli_is_imported() -> None:
    import quitx.cli

    assert callable(quitx.exists)
    assert quitx.exists.__module__ == "quitx.lookup"


def test_import_is_cheap_and_does_no_io() -> None:
    code = (
        "import sys, quitx; heavy = ('httpx', 'atproto', 'atproto_core', 'mastodon', 'dns', 'pydantic');"
        " print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_checking_does_not_import_the_sdks_it_does_not_need() -> None:
    code = (
        "import sys, quitx; quitx.parse_ref('@a@b.fr'); import quitx.lookup, quitx.cli;"
        " print(','.join(m for m in ('atproto', 'mastodon') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_check_is_the_function_even_after_the_cli_is_imported() -> None:
    import quitx.cli
    import quitx.presence

    assert callable(quitx.check)
    assert quitx.check.__module__ == "quitx.presence"
