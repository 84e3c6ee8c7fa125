"""Everything below the screens stays pure: importing it never loads textual or plotext.
And what every start reads (the levels and the kinds' registry) does not load numpy."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import dartfit

UI = ("dartfit.app", "dartfit.palette", "dartfit.screens.", "dartfit.widgets.")
MODULES = [m.name for m in pkgutil.walk_packages(dartfit.__path__, "dartfit.")]
PURE = [m for m in MODULES if not m.startswith(UI) and m not in UI]


def test_the_pure_list_holds_the_rules_the_pictures_and_the_commands() -> None:
    for module in (
        "dartfit.core.lad",
        "dartfit.game.scoring",
        "dartfit.scenes.fit",
        "dartfit.kinds",
    ):
        assert module in PURE
    assert "dartfit.screens.fit" not in PURE and "dartfit.app" not in PURE


def test_levels_and_the_kinds_registry_load_without_numpy() -> None:
    code = "import sys, dartfit.levels, dartfit.kinds\nprint('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_never_import_the_user_interface(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'plotext'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"


def test_the_hygiene_check_would_notice_a_ui_import() -> None:
    code = "import sys, dartfit.app\nprint('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
