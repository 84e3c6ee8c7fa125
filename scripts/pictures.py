"""Take the README's pictures from the real game at 120 × 40: the line level, its win, the
bowl, the auto-solver, the degree chart and Anscombe's four sets, as PNGs in docs/ (made
from Textual's SVG screenshots by headless chromium, or rsvg-convert; without either, the
SVGs are kept instead and it says so).

    python scripts/pictures.py            # writes docs/<name>.png

Each picture is a level played for a few keys through Textual's Pilot, with a fixed seed and
a throw-away progress folder, so the pictures come out the same on every run.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import math
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import textual.constants  # noqa: E402

from dartfit.app import make_app  # noqa: E402  (after the path is set)
from dartfit.levels import find_level, load_levels  # noqa: E402
from dartfit.svg_cells import pinned  # noqa: E402

SIZE = (120, 40)
# the pictures are of a 24-bit terminal's game whatever terminal runs this: under TERM=xterm
# with no COLORTERM the game takes its 16-colour styles, and the README showed their
# overlaps' magenta among the 24-bit fills (as the tests pin it, tests/conftest.py)
textual.constants.COLOR_SYSTEM = "truecolor"  # type: ignore[misc]
BACKGROUND = "#1e1e1e"  # what rsvg-convert paints behind Textual's own window frame

# name → (level id, keys to press, whether the screen is done)
PICTURES: dict[str, tuple[str, list[str], Callable[[object], bool]]] = {
    "line": ("first-line", ["right"] * 7, lambda screen: True),
    "win": (
        "first-line",
        ["right"] * 14 + ["up", "up"],
        lambda screen: type(screen).__name__ == "WinScreen",
    ),
    "bowl": ("bowl", ["space"] * 6, lambda screen: True),
    "solver": (
        "first-line",
        ["a", "y", "space"],  # y: watch it before a win (it asks, as it costs stars)
        lambda screen: type(screen).__name__ == "SolverScreen",
    ),
    "degree": ("degree", ["right", "right"], lambda screen: True),
    "anscombe": (
        "anscombe",
        ["right"] * 5 + ["down"] * 8 + ["d"],
        lambda screen: type(screen).__name__ == "SetsScreen",
    ),
}


WORDS = ROOT / "docs" / "pictures.words"
"""Each picture's words as last taken (`fingerprint`): a test takes the pictures again and
finds a README picture out of date once the game's words or numbers' shapes move on (the
degree picture offered a prediction the game had dropped)."""

MOVING = {"solver"}
"""Pictures caught mid-walk: their words change from run to run, so no test compares them."""


def fingerprint(svg: Path) -> str:
    """A digest of the words a screenshot shows, each digit read as # (a number's shape
    counts: 0.402 and 0.4020 differ; its value doesn't, so no float's last bit does)."""
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8"))
    words = " ".join(re.sub(r"[0-9]", "#", html.unescape(" ".join(runs))).split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


async def take(
    name: str,
    level: str,
    keys: list[str],
    ready: Callable[[object], bool],
    folder: Path = ROOT / "docs",
) -> Path:
    """Play `keys` on `level` and save the screen as <folder>/<name>.svg."""
    with tempfile.TemporaryDirectory() as data:
        app = make_app(levels_dir=ROOT / "levels", data_dir=data, seed=3, start=level)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            predict = find_level(load_levels(ROOT / "levels"), level).spec.predict
            if predict is not None:  # the level asks a prediction first: the right one
                await pilot.press(str(predict.answer))
                await pilot.pause(0.3)  # keys typed before the level shows are dropped
            for key in keys:  # each once the screen shows: a win panel being placed takes none
                for _ in range(100):
                    if not app.screen.has_class("-placing"):
                        break
                    await pilot.pause(0.05)
                await pilot.press(key)
            for _ in range(100):  # wait (boundedly) for the screen the picture is of
                if ready(app.screen):
                    break
                await pilot.pause(0.05)
            else:  # a picture of another screen (a question asked first) is not taken
                raise SystemExit(f"{name}: {type(app.screen).__name__} showed, not the picture's")
            await pilot.pause(1.0)  # let animations (the solver's walk) show some path
            app.save_screenshot(f"{name}.svg", path=str(folder))
    return folder / f"{name}.svg"


def to_png(svg: Path) -> Path | None:
    """The SVG turned into a PNG in its place (else None, and the SVG stays): by headless
    chromium when installed, which lays each text run out to the width Textual gives it, so
    braille and block characters from a fallback font stay in their cells; else by
    rsvg-convert, which lets such runs drift (the solver's charts came out skewed) where
    the SVG is not `pinned`."""
    png = svg.with_suffix(".png")
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    tool = shutil.which("rsvg-convert")
    if browser is not None:
        width, height = _size(svg)
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                 f"--screenshot={png}", f"--window-size={width},{height}", svg.as_uri()],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
    elif tool is not None:  # each character in its cells (`pinned`), which it reads
        svg.write_text(pinned(svg.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run([tool, "-b", BACKGROUND, str(svg), "-o", str(png)], check=True)
    else:
        return None
    svg.unlink()
    return png


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--hide-scrollbars",
    "--no-first-run",
    "--disable-background-networking",  # this machine's network is closed: no lookups
    "--disable-component-update",
    "--disable-sync",
]


def _size(svg: Path) -> tuple[int, int]:
    """The picture's size in pixels, from its viewBox."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit(f"{svg}: no viewBox to size the picture by")
    return math.ceil(float(found[1])), math.ceil(float(found[2]))


def main() -> int:
    """Take every picture; say where each went."""
    missing_tool = False
    words = []
    for name, (level, keys, ready) in PICTURES.items():
        svg = asyncio.run(take(name, level, keys, ready))
        words.append(f"{name} {fingerprint(svg)}\n")
        png = to_png(svg)
        missing_tool |= png is None
        print(f"{name}: {png or svg}")
    WORDS.write_text("".join(words), encoding="utf-8")
    if missing_tool:
        print(
            "neither chromium nor rsvg-convert was found, so only SVGs were written; install "
            "one (apt install chromium, or librsvg2-bin) for the PNGs.",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
