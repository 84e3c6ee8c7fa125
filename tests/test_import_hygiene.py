"""The core stays pure: importing it never loads textual or plotext."""

from __future__ import annotations

import subprocess
import sys

import pytest

PURE = ["dartfit.core", "dartfit.levels", "dartfit.goals", "dartfit.progress", "dartfit.commands"]


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
