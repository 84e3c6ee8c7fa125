"""Everything below the screens stays pure: importing it never loads textual or plotext.
What every start reads (the levels and the kinds' registry) does not load numpy, and the
progress model never touches a disk."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import dartfit

UI = (
    "dartfit.app",
    "dartfit.beyond",  # the app's wiring of checks, predictions and endless runs
    "dartfit.dialogs.",
    "dartfit.host.board",  # the teacher's board: a Textual app of its own
    "dartfit.keeping",  # the app's calls on its store, on a thread of their own
    "dartfit.messages",
    "dartfit.mend",  # a mend to Textual's widget drawing
    "dartfit.palette",
    "dartfit.screens.",
    "dartfit.steady",
    "dartfit.stylesheet",  # Textual's stylesheet, its parses kept
    "dartfit.toasts",  # the apps' notify, laid out for Textual's toasts
    "dartfit.widgets.",
)
MODULES = [m.name for m in pkgutil.walk_packages(dartfit.__path__, "dartfit.")]
PURE = [m for m in MODULES if not m.startswith(UI) and m not in UI]
# What a module that must work the same over any store may not import.
DISK = {"os", "io", "pathlib", "shutil", "tempfile", "fcntl", "sqlite3", "platformdirs"}


def test_the_pure_list_holds_the_rules_the_pictures_and_the_commands() -> None:
    for module in (
        "dartfit.core.lad",
        "dartfit.rules.scoring",
        "dartfit.pictures.fit",
        "dartfit.kinds",
    ):
        assert module in PURE
    assert "dartfit.screens.fit" not in PURE and "dartfit.app" not in PURE


def test_levels_and_the_kinds_registry_load_without_numpy() -> None:
    code = "import sys, dartfit.levels, dartfit.kinds\nprint('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_levels_screen_imports_its_win_panel_only_when_it_is_won() -> None:
    """The win panel (and what it draws with) is not part of a level's first frame."""
    code = "import sys, dartfit.screens.fit\nprint('dartfit.dialogs.win' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _ui_modules_loaded_by(*modules: str) -> str:
    """The textual or plotext modules loaded by importing `modules` in a fresh interpreter."""
    code = (
        f"import sys, {', '.join(modules)}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'plotext'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_pure_modules_never_import_the_user_interface() -> None:
    """All pure modules at once in one interpreter; on a failure, each alone names the culprit."""
    if _ui_modules_loaded_by(*PURE):
        culprits = [m for m in PURE if _ui_modules_loaded_by(m)]
        raise AssertionError(f"these modules load textual or plotext: {culprits}")


TITLE = """
import asyncio, sys, tempfile
from textual.app import App
import dartfit.cli as cli
from dartfit import stdio

def title(app, *args, **kwargs):
    async def drawn() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            print(type(app.screen).__name__, 'textual' in sys.modules, 'numpy' in sys.modules)
            print(*[m for m in sys.modules if m.startswith(('zipfile', 'importlib.resources'))])
    asyncio.run(drawn())

# the command line's own way to the game, up to its first frame (headless: no terminal here)
App.run = title
stdio.terminal_problem = stdio.background_problem = lambda: None
sys.exit(cli.main(['--data-dir', tempfile.mkdtemp()]))
"""


def test_the_title_draws_without_numpy_and_the_hygiene_check_would_notice_a_ui_import() -> None:
    """The title is the first frame of every start: numpy (a sixth of the title's time to
    it, and 16 MB) loads only once a level or the level list needs it. Through `dartfit`'s
    own start: its check of TEXTUAL_COLOR_SYSTEM had loaded the commands, and numpy with them.
    Nor zipfile and importlib's readers of resources, which found the shipped levels."""
    run = subprocess.run([sys.executable, "-c", TITLE], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["TitleScreen", "True", "False"]


BEFORE_RUN = """
import gc, sys, tempfile
from textual.app import App
import dartfit.cli as cli
from dartfit import stdio

def run(app, *args, **kwargs):
    frozen = {id(o) for o in gc.get_objects()}  # what is not frozen (gc leaves those out)
    screen = sys.modules.get('dartfit.screens.fit')
    print(screen is not None, 'numpy' in sys.modules, id(getattr(screen, 'FitScreen', 0)) in frozen)

App.run = run  # the command line's own way to the game, up to where the game would run
stdio.terminal_problem = stdio.background_problem = lambda: None
sys.exit(cli.main(['--data-dir', tempfile.mkdtemp(), 'play', 'first-line']))
"""


def test_a_level_opened_from_the_command_line_has_its_screen_loaded_and_frozen_first() -> None:
    """`dartfit play LEVEL`: the level's screen and what it imports (numpy too) load before
    the game runs, with the collector off, and are frozen out of its full passes with the
    rest of what is loaded (not imported as the level opens, with the collector on)."""
    run = subprocess.run([sys.executable, "-c", BEFORE_RUN], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True", "False"]


LEVEL = """
import asyncio, sys, tempfile
from textual.app import App
import dartfit.cli as cli
from dartfit import stdio

def level(app, *args, **kwargs):
    async def drawn() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            print(type(app.screen).__name__, *sorted(NOT_YET & set(sys.modules)))
    asyncio.run(drawn())

NOT_YET = set(sys.argv[1:])
App.run = level  # the command line's own way to the game, up to its first frame
stdio.terminal_problem = stdio.background_problem = lambda: None
sys.exit(cli.main(['--data-dir', tempfile.mkdtemp(), 'play', 'first-line']))
"""

NOT_AT_A_LEVELS_FIRST_FRAME = {
    "html": "the screenshot's SVG (html.entities: 0.45 MB resident)",
    "hashlib": "OpenSSL's digests, set up as hashlib is imported (0.6 MB resident)",
    "_hashlib": "the same, by another way in",
}


def test_a_line_levels_first_frame_loads_nothing_only_other_moments_need() -> None:
    """A class host runs a game a student: what a line level's first frame imports is paid
    for by every one of them. Each module here is needed later or elsewhere, if at all. The
    second start is the one looked at: the first draws the level's points with numpy.random
    (which imports hashlib, through `secrets`) and keeps them for the starts after it."""
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", LEVEL, *NOT_AT_A_LEVELS_FIRST_FRAME],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
    screen, *loaded = run.stdout.split()
    assert screen == "FitScreen"
    assert loaded == [], {name: NOT_AT_A_LEVELS_FIRST_FRAME[name] for name in loaded}


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
