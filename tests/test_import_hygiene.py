"""The core stays pure: importing it never loads textual or plotext, and the progress model
never touches a disk."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PROGRESS = [
    "dartfit.progress",
    "dartfit.progress.model",
    "dartfit.progress.codec",
    "dartfit.progress.store",
    "dartfit.progress.file_store",
    "dartfit.progress.disk",
]
PURE = ["dartfit.core", "dartfit.levels", "dartfit.goals", *PROGRESS, "dartfit.commands"]
# What a module that must work the same over any store may not import.
DISK = {"os", "io", "pathlib", "shutil", "tempfile", "fcntl", "sqlite3", "platformdirs"}


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


def imports_of(module: str) -> set[str]:
    """Return every module a module's source imports by name, relative imports resolved."""
    path = Path(importlib.import_module(module).__file__ or "")
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = module.rsplit(".", node.level)[0] if node.level else ""
            names.add(".".join(part for part in (base, node.module) if part))
    return names


@pytest.mark.parametrize("module", ["dartfit.progress.model", "dartfit.progress.codec"])
def test_the_progress_rules_and_format_never_touch_a_disk(module: str) -> None:
    imported = imports_of(module)
    assert not {name.split(".")[0] for name in imported} & DISK
    stores = {"dartfit.progress.store", "dartfit.progress.file_store", "dartfit.progress.disk"}
    assert not imported & stores
