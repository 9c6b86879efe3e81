"""The package's face: importing it is light, and no public name is shadowed by a module."""

from __future__ import annotations


def test_importing_apply_imports_no_sdk() -> None:
    import subprocess
    import sys

    code = (
        "import sys, quitx.apply, quitx.secrets;"
        " print(','.join(m for m in ('atproto', 'mastodon', 'keyring', 'requests') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_name_of_quitx_apply_is_shadowed_by_a_module() -> None:
    """``quitx.apply.render`` is the function even after every module of the package is imported."""
    import importlib
    import pkgutil
    import types

    import quitx.apply

    for info in pkgutil.iter_modules(quitx.apply.__path__, "quitx.apply."):
        importlib.import_module(info.name)
    assert len(quitx.apply.__all__) >= 10
    shadowed = [n for n in quitx.apply.__all__ if isinstance(getattr(quitx.apply, n), types.ModuleType)]
    assert not shadowed
