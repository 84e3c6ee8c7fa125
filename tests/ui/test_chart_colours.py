"""Every chart and board style can be seen: in the dark and light themes each one stands
apart from the background, and in a 16-colour terminal the fills (penalty squares, board
rings, the bowl's bands) still map to colours of their own."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

import pytest
from rich.cells import cell_len
from rich.color import Color, ColorSystem
from rich.style import Style

from dartfit.app import make_app
from dartfit.levels import load_levels
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.plot import PlotView
from tests.conftest import SHIPPED
from tests.ui.typing import solver_opened

THEMES = ("textual-dark", "textual-light")
LEVEL = "a level's screen"  # a scene whose screen is the level's own, of whatever kind
WON = ("won",)  # a scene's keys: those that win its level (tests.ui.keys)
FILLS = ("square", "ring-1", "band-1")  # shapes told by their fill


def luminance(colour: Color) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour.get_truecolor().normalized)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def in_256(*colours: Color) -> list[Color]:
    """Colours as a terminal of 256 colours shows them (Textual's driver downgrades each)."""
    return [colour.downgrade(ColorSystem.EIGHT_BIT) for colour in colours]


def sixteen(colour: Color) -> int | None:
    return colour.downgrade(ColorSystem.STANDARD).number


SIXTEEN = [
    [Color.parse(f"#{rgb}") for rgb in palette.split()]
    for palette in (  # xterm's own 16 colours, and the VGA colours Rich maps to
        "000000 cd0000 00cd00 cdcd00 0000ee cd00cd 00cdcd e5e5e5"
        " 7f7f7f ff0000 00ff00 ffff00 5c5cff ff00ff 00ffff ffffff",
        "000000 aa0000 00aa00 aa5500 0000aa aa00aa 00aaaa aaaaaa"
        " 555555 ff5555 55ff55 ffff55 5555ff ff55ff 55ffff ffffff",
    )
]
"""What the 16 colours are in two common terminals' palettes."""


@dataclass(frozen=True)
class Reading:
    """What the first line's charts and its auto-solver's paint with, in a theme and a
    colour system: each canvas-- and plot-- style with its widget's background (`styles`),
    every ink a chart draws with what it is drawn on (`pairs`, see `chart_pairs`), and the
    app's classes."""

    styles: dict[str, tuple[Style, Color]]
    pairs: dict[str, tuple[Color, Color, bool]]
    classes: frozenset[str]


READINGS: dict[tuple[str, str], Reading] = {}
"""The readings taken in this process, by theme and colour system. Styles are the same in
every app of a theme and system: the tests that compare them (marked `READS`, one worker's)
take them from one game each, not one game a test (19 games, with their solvers, were 4)."""
READS = pytest.mark.xdist_group("chart-readings")


async def reading(theme: str, tmp_path) -> Reading:
    """The charts' reading in `theme` under the colour system in force, taken once."""
    import textual.constants

    key = (theme, str(textual.constants.COLOR_SYSTEM))
    if key not in READINGS:
        READINGS[key] = await _read(theme, tmp_path)
    return READINGS[key]


async def _read(theme: str, tmp_path) -> Reading:
    """Take the reading: the first line level in `theme`, its auto-solver opened over it."""
    from dartfit.pictures.figure import ROLES
    from dartfit.pictures.raster import ON_FILL, SQUARES, on_ground
    from dartfit.widgets.canvas import STYLE_NAMES

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    styles: dict[str, tuple[Style, Color]] = {}
    pairs: dict[str, tuple[Color, Color, bool]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.pause()
        canvas = app.screen_stack[-2].query_one(CanvasView)
        plot = app.screen.query_one(PlotView)
        for widget in (canvas, plot):
            background = widget.rich_style.bgcolor
            assert background is not None
            for name in sorted(widget.COMPONENT_CLASSES):
                # the style the widget paints with, as it paints (not as the CSS reads)
                style = widget.style_of(name.split("--", 1)[1])
                styles[name] = (style, background)
        drawn = [name for name in STYLE_NAMES if name not in ON_FILL.values()]  # those are
        # drawn on the squares alone
        names = [(canvas, name) for name in drawn]
        names += [(canvas, on_ground(line, shade)) for line in LINES for shade in SHADE_GROUNDS]
        names += [
            (canvas, on_ground(ink, square)) for ink in ON_FILL.values() for square in SQUARES
        ]
        names += [(canvas, on_ground(name, "legend")) for name in drawn]
        names += [(canvas, on_ground(mark, fill)) for mark in ON_RINGS for fill in RING_GROUNDS]
        names += [(plot, role) for role in (*ROLES, "axis")]
        for widget, name in names:
            style, ground = widget.style_of(name), widget.rich_style.bgcolor
            assert ground is not None
            if style.color is None:
                continue  # a fill alone (a ring's): what is drawn on it is a style of its own
            ink, fill = style.color, style.bgcolor or ground
            if style.reverse:
                ink, fill = fill, ink
            own = fill.get_truecolor() != ground.get_truecolor() and "+" not in name
            pairs[f"{widget.STYLE_PREFIX}--{name}"] = (ink, fill, own)
        classes = frozenset(app.classes)
    return Reading(styles, pairs, classes)


async def styles_in(theme: str, tmp_path) -> dict[str, tuple[Style, Color]]:
    """Each canvas-- and plot-- style resolved in a theme, with its widget's background."""
    return (await reading(theme, tmp_path)).styles


@READS
@pytest.mark.parametrize("theme", THEMES)
async def test_every_chart_style_stands_apart_from_the_background(theme, tmp_path) -> None:
    hidden = []
    for name, (style, background) in (await styles_in(theme, tmp_path)).items():
        ink = style.color or Color.parse("default")
        fill = style.bgcolor or background
        if style.reverse or fill.get_truecolor() != background.get_truecolor():
            continue  # told apart by its fill (checked in 16 colours below)
        if contrast(ink, background) < 2.0:
            hidden.append((name, ink.get_truecolor().hex, background.get_truecolor().hex))
    assert not hidden


LINES = ("line", "ghost-0", "ghost-1", "reference")
"""The lines a chart draws over shaded cells, their shade kept as the ground (`on_ground`)."""
SHADE_GROUNDS = tuple(f"shade-{n}" for n in range(1, 6))
ON_RINGS = ("line", "bull", "aim", "dart", "dart-old", "dart-stack")
"""The marks drawn over a board's rings and a bowl's bands (`Raster.lay_ground`), on their fills:
the bowl's path and ✚ and ●, the board's darts, bull and aim."""
RING_GROUNDS = ("ring-0", "ring-1", "band-0", "band-1")
PALETTE_BOUND = {("textual-light", "canvas--line-square-overlap")}
"""Pairs at 3:1 in truecolour that no pair of the 16 colours can keep there: the line's blue
on an overlap's bright red (2.35:1 in xterm's colours; its truecolour is 3.0:1). A terminal
of 16 colours that says so gets the game's own styles, in which it reads (the test below)."""


async def chart_pairs(
    theme: str, tmp_path, app_class: str = ""
) -> dict[str, tuple[Color, Color, bool]]:
    """Every ink a chart draws, by its style's name, with what it is drawn on and whether
    that is a fill of the chart's own (a square's, a step's block) rather than its ground:
    each style of the canvas and the plot, the lines on each shade of a shaded chart, the
    marks on a board's rings and a bowl's bands (`ON_RINGS`), and every style as a sample
    on the legend's box. `app_class`: one the app must have (its
    16-colour styles')."""
    taken = await reading(theme, tmp_path)
    assert not app_class or app_class in taken.classes, taken.classes
    return taken.pairs


@READS
@pytest.mark.parametrize("theme", THEMES)
async def test_every_ink_a_chart_draws_reads_at_3_to_1_on_what_it_is_drawn_on(
    theme, tmp_path
) -> None:
    """The kink's step sizes drew the MAE's orange dot on the MSE's sky-blue block at 1.0:1
    (the light theme's vermillion on blue at 1.3:1), and other pairs were as faint: the best
    line's green over the densest shaded cells at 2.2:1 (1.3:1 in the light theme), the
    player's line over them in the light theme at 2.2:1. Every ink a chart draws is at
    3:1 (WCAG's floor for graphics) on what it is drawn on, in truecolour and in 256 colours
    (a terminal that does not say it has truecolour, as tmux: the light theme's blue line
    on an overlap's salmon read 2.3:1 there, a student's pass; the dark theme's sky blue on
    the bowl's and the board's blue 2.9:1, the bowl's ✚ on it 1.9:1, the best lines on
    Galton's shades 2.2 to 2.6:1); and where it is drawn on a fill of the chart's own (two
    marks in one cell), in 16 colours too, in xterm's palette and the VGA one
    (`PALETTE_BOUND` aside)."""
    faint = {}
    for name, (ink, fill, own) in (await chart_pairs(theme, tmp_path)).items():
        seen = min(contrast(ink, fill), contrast(*in_256(ink, fill)))
        a, b = sixteen(ink), sixteen(fill)
        if own and (theme, name) not in PALETTE_BOUND and a is not None and b is not None:
            seen = min(seen, *(contrast(p[a], p[b]) for p in SIXTEEN))
        if seen < 3.0:
            faint[name] = (ink.get_truecolor().hex, fill.get_truecolor().hex, round(seen, 2))
    assert faint == {}


@READS
async def test_fills_keep_a_colour_of_their_own_in_16_colours(tmp_path) -> None:
    styles = await styles_in("textual-dark", tmp_path)
    background = sixteen(styles["canvas--axis"][1])
    fills = {name: sixteen(styles[f"canvas--{name}"][0].bgcolor) for name in FILLS}
    assert background not in fills.values(), fills
    assert sixteen(styles["canvas--ring-0"][0].bgcolor) != fills["ring-1"]


FILLS_APART = (
    ("square", "square-overlap", "square-selected"),
    ("ring-0", "ring-1"),
    ("band-0", "band-1"),
)
"""The fills one chart shows side by side: the squares', the board's rings, the bowl's bands."""
ONE_FILL: set[tuple[str, str, str]] = set()
"""Fills that may share a hue in 16 colours by choice: none. The dark squares and their
overlaps were both red there, and an overlap read as one square (a checker of issue 10):
the overlaps are magenta."""


@READS
@pytest.mark.parametrize("theme", THEMES)
async def test_with_its_16_colour_styles_each_fill_is_a_hue_apart_from_the_ground_and_the_others(
    theme, tmp_path, monkeypatch
) -> None:
    """In the light theme in 16 colours a single square's pale fill was white (7) on the
    bright white ground (15), 1.3:1 in xterm's colours: only its outline showed (a
    player's check); the bowl's two bands were both white, one fill. Each fill a chart
    shows beside others takes a hue of its own, and the squares' and the blue ring's and
    band's differ from the ground's."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    styles = await styles_in(theme, tmp_path)
    ground = hue_of(sixteen(styles["canvas--axis"][1]))
    alike = []
    for names in FILLS_APART:
        fills = {name: hue(styles[f"canvas--{name}"][0].bgcolor) for name in names}
        alike += [
            (one, other)
            for one, other in combinations(names, 2)
            if fills[one] == fills[other] and (theme, one, other) not in ONE_FILL
        ]
        alike += [(name, "ground") for name in names if fills[name] == ground and name[-1] != "0"]
    assert alike == []


SHARED_HUES = {"textual-light": {"ghost-0", "residual"}}
"""Series that share a hue in the game's own 16-colour styles, told apart by their shapes:
the light theme's best line, bright red (no other hue reads on white in xterm's colours
and is free), and the residuals, red (a dotted line across the chart, short upright ticks)."""


@READS
@pytest.mark.parametrize("system", ["truecolor", "standard"])
@pytest.mark.parametrize("theme", THEMES)
async def test_the_fit_charts_series_keep_four_colours_in_16_colours(
    theme, system, tmp_path, monkeypatch
) -> None:
    """The points, the line, the two best lines and the residuals: five hues of the 16
    colours in either theme (the light theme's line and MSE best line both came out cyan;
    the dark theme's MAE best line white, as the points); in the game's own 16-colour
    styles (`system`: "standard") too, `SHARED_HUES` aside."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", system)
    styles = await styles_in(theme, tmp_path)
    background = sixteen(styles["canvas--axis"][1])
    series = ("point", "line", "ghost-0", "ghost-1", "residual", "reference")  # the MAE line,
    # and Galton's ŷ = x, were white as the points
    shared = SHARED_HUES.get(theme, set()) if system == "standard" else set()
    inks = {name: hue(styles[f"canvas--{name}"][0].color) for name in series}
    alike = [
        (one, other)
        for one, other in combinations(series, 2)
        if inks[one] == inks[other] and not {one, other} <= shared
    ]
    assert alike == [] and hue_of(background) not in inks.values(), inks
    pairs = [("line", "best"), ("loss", "best"), ("path", "optimum"), ("current", "optimum")]
    pairs += [("path", "current")]  # the degree's test MSE and its ● (and the solver's path)
    for one, other in pairs:  # the auto-solver's: a series beside the best it heads for
        ink = hue(styles[f"plot--{one}"][0].color), hue(styles[f"plot--{other}"][0].color)
        assert ink[0] != ink[1], (one, other, ink)


SERIES = {  # the points aside: bold marks in the text's own ink on every chart, as the frame
    "canvas": ("line", "ghost-0", "ghost-1", "reference", "residual", "density"),
    "plot": ("line", "path", "current", "optimum", "ring", "loss", "best", "fit", "truth"),
}


@READS
@pytest.mark.parametrize("theme", THEMES)
async def test_no_series_takes_its_frames_colour_in_16_colours(theme, tmp_path) -> None:
    """The degree chart's 30 fits were drawn in $text-muted, the frame's own grey in 16
    colours, and so were the auto-solver's rings: told from the axes by their glyphs alone.
    Every series of a chart (the points aside: `SERIES`) now takes a hue of the 16 colours
    other than its chart's frame, in either theme."""
    styles = await styles_in(theme, tmp_path)
    same = {}
    for widget, roles in SERIES.items():
        frame = hue(styles[f"{widget}--axis"][0].color)
        for role in roles:
            name = f"{widget}--{role}"
            if hue(styles[name][0].color) == frame:
                same[name] = frame
    assert same == {}


def hue_of(number: int | None) -> int | None:
    """A 16-colour number's hue: bright cyan (14) is cyan (6) to the eye. The dark theme's
    line (14) and best MSE line (6) were both cyan, told apart by their dots alone. Of the
    greys, black (0) and grey (8) stay apart; white and bright white (7, 15) do not."""
    if number is None:
        return None
    return number if number in (0, 8) else number % 8


def hue(colour: Color | None) -> int | None:
    return None if colour is None else hue_of(sixteen(colour))


PALE = {3, 6, 7, 11, 14, 15}  # yellow, cyan, white, and bright yellow, cyan and white


@READS
async def test_the_light_themes_inks_stay_dark_enough_in_16_colours(tmp_path) -> None:
    """On a light theme in a 16-colour terminal the player's line came out cyan on white
    (Okabe–Ito's blue is nearer cyan than blue there) and the residuals yellow: every ink of
    a chart takes one of the 16 colours that reads on white, its faint grid too (white, 7,
    on bright white: the gridlines vanished), and the line is blue."""
    styles = await styles_in("textual-light", tmp_path)
    pale = {  # (on a deep fill of its own, an ink is pale: the kink's dot cut out of a block)
        name: sixteen(style.color)
        for name, (style, ground) in styles.items()
        if style.color is not None
        and sixteen(style.color) in PALE
        and not (style.bgcolor is not None and luminance(style.bgcolor) < luminance(ground) / 2)
    }
    assert pale == {}
    assert sixteen(styles["canvas--line"][0].color) == 4  # blue


async def test_the_light_themes_footer_keys_read_in_16_colours(tmp_path) -> None:
    """The footer's key letters (the theme's accent) came out cyan on light grey in a
    16-colour terminal: the keys a player needs, unread."""
    from dartfit.widgets.footer import KeyFooter

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        key = app.screen.query_one(KeyFooter).get_component_rich_style("key-footer--key")
        assert key.color is not None and sixteen(key.color) not in PALE


@pytest.mark.parametrize("theme", THEMES)
async def test_words_in_the_signal_colours_can_be_read_in_each_theme(theme, tmp_path) -> None:
    """On the light theme the hint line's warnings ("Diverging: η = 0.5 is above …") read
    orange on light grey at 1.2:1, and the win's "Level complete" green at 1.7:1: each is
    now at least 3:1 against what is behind it (WCAG's floor for large and bold text), in
    truecolour and in 256 colours (the light theme's green, #5F875F there, read 2.7:1 on
    its grey: a student's pass)."""
    from textual.widget import Widget

    from dartfit.dialogs.win import WinScreen
    from dartfit.levels import find_level, load_levels
    from tests.conftest import made_predictions
    from tests.ui.keys import winning_keys

    level = find_level(load_levels(SHIPPED), "first-line")
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line", seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        app.screen.say("Diverging: η = 0.5 is above the largest stable rate")
        await pilot.pause()
        readable: dict[str, float] = {}

        def read(widget: Widget) -> None:
            style = widget.rich_style
            assert style.color is not None and style.bgcolor is not None
            seen = contrast(style.color, style.bgcolor)
            readable[widget.id or ""] = min(seen, contrast(*in_256(style.color, style.bgcolor)))

        read(app.screen.query_one("#hint"))
        await pilot.press(*winning_keys(level))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        for name in ("#win-title", "#win-shown"):
            for widget in app.screen.query(name):
                read(widget)
    assert readable and min(readable.values()) >= 3.0, readable


@pytest.mark.parametrize("theme", THEMES)
async def test_under_no_color_the_solvers_marks_are_its_strongest_greys(
    theme, tmp_path, monkeypatch
) -> None:
    """Under NO_COLOR every colour becomes a grey of its brightness: the auto-solver's ● (where
    descent is) and × (the best), red and green, were its faintest marks, fainter than the
    path and the rings. They now stand out from the background at least as much as any
    series on its charts."""
    from textual.color import Color as TextualColor

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.pause()
        assert app.no_color
        plot = app.screen.query_one(PlotView)
        background = plot.rich_style.bgcolor
        assert background is not None

        def grey(role: str) -> Color:
            ink = plot.style_of(role).color
            assert ink is not None
            return TextualColor.from_rich_color(ink).monochrome.rich_color

        seen = {role: contrast(grey(role), background) for role in ("path", "ring", "loss")}
        seen |= {role: contrast(grey(role), background) for role in ("line", "best", "fit")}
        for mark in ("current", "optimum"):
            assert contrast(grey(mark), background) >= max(seen.values()), (mark, seen)


SCENES = {  # what a player sees on the way: (level to start on, keys, the screen then up)
    "title": (None, (), "TitleScreen"),
    "level list": (None, ("enter",), "LevelSelectScreen"),
    "line level": ("first-line", (), "FitScreen"),
    "help": ("first-line", ("question_mark",), "HelpScreen"),
    "auto-solver": ("first-line", ("a", "y"), "SolverScreen"),
    "lesson": ("first-line", ("l",), "LessonScreen"),
    "darts": ("first-throw", ("space", "space"), "DartsScreen"),
    "a prediction over shaded points": ("galton", (), "PredictScreen"),
    "bowl": ("bowl", (), "BowlScreen"),
    "a prediction over curves": ("degree", (), "PredictScreen"),
    # every other kind's screen, its prediction made (a review: faint marks hid on screens
    # no scene visited), and the win panel over a won chart
    "the win panel": ("first-line", WON, "WinScreen"),
    "rounds compared": ("worse-round", ("space",) * 4, LEVEL),
    "darts in the wind": ("windy", ("space",) * 2, LEVEL),
    "a point pulled": ("pull", ("down",) * 3, LEVEL),
    "the costliest point": ("costliest", ("tab", "tab"), LEVEL),
    "which line": ("which-line", (), LEVEL),
    "a constant's MAE": ("mean-guess", ("right",) * 3, LEVEL),
    "huber": ("huber", (), LEVEL),
    "likelihood": ("likely-line", ("up",) * 2, LEVEL),
    "a step by hand": ("step-by-hand", ("space",) * 3, LEVEL),
    "too hot": ("too-hot", ("space",) * 3, LEVEL),
    "a kink": ("kink", (), LEVEL),
    "scaling": ("scaling", (), LEVEL),
    "bias and variance": ("wind-and-wobble", ("space",) * 3, LEVEL),
    "degrees": ("degree", ("right",) * 2, LEVEL),
    "a million points": ("million", ("up",) * 2, LEVEL),
}


async def _shown(app: Any, shown: str) -> bool:
    """Whether the screen up is the scene's (LEVEL: any level's screen)."""
    from dartfit.screens.level_base import LevelScreen

    if shown == LEVEL:
        return isinstance(app.screen, LevelScreen) and app.screen.is_mounted
    return type(app.screen).__name__ == shown


def theme_walks() -> list[Any]:
    """Each scene's themes, in one game where they can be: a scene the game opens on (no
    keys) has its theme set as it shows, so one game checks it in each theme in turn, as a
    game of its own per theme did; a scene reached by keys is reached in each theme."""
    return [
        pytest.param(themes, scene, id=f"{'+'.join(themes)}-{scene}")
        for scene, (_, keys, _) in SCENES.items()
        for themes in ([(theme,) for theme in THEMES] if keys else [THEMES])
    ]


async def marks_hidden(
    themes: tuple[str, ...], scene: str, data_dir: Any, also_256: bool = True
) -> set[tuple[Any, ...]]:
    """The characters of a scene (`SCENES`) whose ink is their ground's in 16 colours, or
    under 2:1 against it in xterm's or the VGA palette (but a dialog's dimmed background),
    in each of `themes` (more than one: a scene the game opens on, its theme set there);
    and, `also_256`, under 2:1 in 256 colours (`hidden_in_sixteen`)."""
    from dartfit.levels import load_levels
    from tests.conftest import made_predictions
    from tests.ui.keys import winning_keys
    from tests.ui.typing import settled

    start, keys, shown = SCENES[scene]
    assert len(themes) == 1 or not keys, "a theme set after the keys is not the scene's own"
    if shown != "PredictScreen":
        made_predictions(data_dir)  # the level itself, not its question
    if keys == WON:
        keys = tuple(winning_keys(next(lv for lv in load_levels(SHIPPED) if lv.id == start)))
    app = make_app(SHIPPED, data_dir, start=start, all_open=True, seed=3)
    hidden = set()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = themes[0]
        for key in keys:
            await settled(pilot, lambda: app.screen.is_mounted)
            if shown == "WinScreen" and type(app.screen).__name__ == shown:
                break  # won before the last key
            await pilot.press(key)
        for _ in range(1000):  # until the scene's screen is up (a win comes after a frame)
            if await _shown(app, shown):
                break
            await pilot.pause(0.01)
        assert await _shown(app, shown), (scene, type(app.screen).__name__)
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            hidden |= hidden_in_sixteen(app, f"{scene} ({theme})", also_256)
    return hidden


def hidden_in_sixteen(app: Any, scene: str, also_256: bool = False) -> set[tuple[Any, ...]]:
    """The characters on the app's screen whose ink is their ground's in 16 colours, or under
    2:1 against it in xterm's or the VGA palette (but a dialog's dimmed background); and,
    `also_256`, under 2:1 in 256 colours (a lesson's rules read at 1.5:1 there, and in
    truecolour: Textual's separators of options at 15 % of the text's colour)."""
    hidden = set()
    # a dialog's dimmed background is meant to be faint; the dialog's own text is not
    modal = app.screen.is_modal and bool(app.screen.children)
    box = app.screen.children[0].region if modal else None
    for row, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            at, x = x, x + cell_len(segment.text)
            style = segment.style
            if not segment.text.strip() or style is None or style.color is None:
                continue
            ink, ground = style.color, style.bgcolor
            if ground is None:
                continue
            if style.reverse:
                ink, ground = ground, ink
            a, b = sixteen(ink), sixteen(ground)
            faint = a == b
            read = box is None or box.contains(at, row)
            if read and a is not None and b is not None:
                faint |= min(contrast(p[a], p[b]) for p in SIXTEEN) < 2.0
            if faint:
                hidden.add((scene, row, segment.text.strip()[:20], a, b))
            # and in 256 colours (TERM=xterm-256color, tmux), where two near colours are one
            near = contrast(*in_256(ink, ground)) if also_256 else 21.0
            if read and near < 2.0:
                hidden.add((scene, row, segment.text.strip()[:20], "256", round(near, 2)))
    return hidden


@pytest.mark.parametrize(("themes", "scene"), theme_walks())
async def test_every_mark_on_screen_differs_from_its_ground_in_16_colours(
    themes, scene, tmp_path
) -> None:
    """In a 16-colour terminal (TERM=xterm) a colour is one of 16, and two near colours are
    one: the bar before the footer's ^p was the footer's grey (20 % of the text's colour),
    and the light theme's scroll bar's thumb the colour of its track, so the level list did
    not show that it scrolls. A player's check: the dark theme's footer keys were bright red
    on its grey (1:1 in xterm's colours), the light theme's logo, help keys and "Predict
    first" yellow on white (1.7:1), the level list's cursor white on cyan (2:1); and a
    line across the densest shaded cells the shade's own cyan (a review). On each
    screen a player meets, in each theme, every cell that shows a character has an ink of
    another of the 16 colours than its ground, at 2:1 at least in two common palettes; and
    at 2:1 in 256 colours (TERM=xterm-256color, tmux), where a lesson's rules read 1.5:1."""
    hidden = await marks_hidden(themes, scene, tmp_path)
    assert not hidden, sorted(hidden)


@pytest.mark.parametrize(("themes", "scene"), theme_walks())
async def test_with_its_16_colour_styles_every_mark_differs_from_its_ground(
    themes, scene, tmp_path, monkeypatch
) -> None:
    """As above, the game knowing it is in 16 colours (`SIXTEEN_COLOURS`): its styles of
    its own there hide no mark on any screen a player meets."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    hidden = await marks_hidden(themes, scene, tmp_path, also_256=False)
    assert not hidden, sorted(hidden)


async def test_under_no_color_a_square_one_row_tall_shows_more_than_its_point(
    tmp_path, monkeypatch
) -> None:
    """Under NO_COLOR a square is reversed and the line through it a dark cut. A square one
    row tall lies along the line's own row, so the cut took all of it but its point:
    first-line's won chart at 80×24 showed its squares as reversed points and nothing
    more. Over such a square the line keeps the square's reverse; through a taller one it
    is still the dark cut. (Looked for on the way to the win: beside the win panel the
    chart is redrawn shorter, and its squares with it; the test had read the frame before.)"""
    from tests.conftest import made_predictions
    from tests.ui.keys import winning_keys

    monkeypatch.setenv("NO_COLOR", "1")
    made_predictions(tmp_path)
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == "first-line")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        chart = app.screen.query_one(CanvasView)
        for key in winning_keys(level):
            await pilot.press(key)
            if chart.count("line-square-flat") > 0:  # the line along a square's only row
                break
        assert chart.count("line-square-flat") > 0
        assert chart.style_of("square-flat").reverse and chart.style_of("square").reverse
        assert chart.style_of("line-square-flat").reverse
        assert not chart.style_of("line-square").reverse  # the cut through taller squares


@READS
async def test_galtons_own_line_is_no_third_blue_beside_its_cells_and_the_players_line(
    tmp_path,
) -> None:
    """Galton's ŷ = x (#7080FF), its shaded cells (#0072B2) and the player's line (#56B4E9)
    were three blues on one chart, 30° of hue apart at most (a student check)."""
    import colorsys

    styles = await styles_in("textual-dark", tmp_path)

    def hue_degrees(name: str) -> float:
        colour = styles[f"canvas--{name}"][0].color
        assert colour is not None
        r, g, b = colour.get_truecolor()
        return 360 * colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)[0]

    own = hue_degrees("reference")
    for other in ("density", "line"):
        apart = abs(own - hue_degrees(other)) % 360
        assert min(apart, 360 - apart) >= 60, (other, own, hue_degrees(other))


@READS
@pytest.mark.parametrize("theme", THEMES)
async def test_where_squares_overlap_the_fill_is_a_deeper_one_the_line_reads_on(
    theme, tmp_path
) -> None:
    """Cells under two squares or more take a fill of their own (issue 10: a far line's
    squares read as one mass): apart from one square's in true colour and in 256 colours,
    in 16 colours still no ring's or band's fill nor the ground, and the line and the
    outlines on it at 3:1 at least."""
    styles = await styles_in(theme, tmp_path)
    one, shared = styles["canvas--square"][0], styles["canvas--square-overlap"][0]
    assert one.bgcolor and shared.bgcolor
    for system in (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT):
        assert one.bgcolor.downgrade(system) != shared.bgcolor.downgrade(system)
    others = [styles[f"canvas--{name}"][0].bgcolor for name in ("ring-1", "band-1")]
    grounds = {sixteen(colour) for colour in others if colour is not None}
    grounds.add(sixteen(styles["canvas--axis"][1]))
    assert sixteen(shared.bgcolor) not in grounds
    for ink in (shared.color, styles["canvas--line-square-overlap"][0].color):
        assert ink is not None and contrast(ink, shared.bgcolor) >= 3.0


@READS
@pytest.mark.parametrize("theme", THEMES)
async def test_in_16_colours_every_ink_a_chart_draws_reads_at_3_to_1(
    theme, tmp_path, monkeypatch
) -> None:
    """In a 16-colour terminal (TERM=xterm, TERM=screen) the shade under a line over shaded
    cells came out grey: Galton's ŷ = x read on it at 1.0:1 in xterm's colours (the line
    was gone), the dark theme's best line at 1.9:1; the light theme's green best line read
    at 2.2:1 on white, the line's blue on an overlap of squares at 2.4:1, and the dark
    theme's grid at 2.8:1 in the VGA colours. There the game takes styles of its own
    (`SIXTEEN_COLOURS`), and every ink a chart draws reads at 3:1 on what it is drawn on
    in xterm's palette and the VGA one."""
    import textual.constants

    from dartfit.app import SIXTEEN_COLOURS

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "standard")
    faint = {}
    for name, (ink, fill, _) in (await chart_pairs(theme, tmp_path, SIXTEEN_COLOURS)).items():
        a, b = sixteen(ink), sixteen(fill)
        if a is None or b is None:
            continue
        seen = min(contrast(p[a], p[b]) for p in SIXTEEN)
        if seen < 3.0:
            faint[name] = (a, b, round(seen, 2))
    assert faint == {}


@pytest.mark.parametrize(
    ("term", "colorterm", "sixteen"),
    [
        ("xterm", None, True),
        ("screen", None, True),
        ("xterm-256color", None, False),
        ("xterm", "truecolor", False),
    ],
)
def test_the_game_takes_its_16_colour_styles_where_the_terminal_has_16(
    term, colorterm, sixteen, tmp_path, monkeypatch
) -> None:
    """TERM=xterm or screen with no COLORTERM is a terminal of 16 colours (as Rich reads it,
    and so what the game writes): there the game takes its styles for 16 colours."""
    import textual.constants

    from dartfit.app import SIXTEEN_COLOURS

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "auto")  # as the game runs
    monkeypatch.setenv("TERM", term)
    if colorterm is None:
        monkeypatch.delenv("COLORTERM", raising=False)
    else:
        monkeypatch.setenv("COLORTERM", colorterm)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    assert app.has_class(SIXTEEN_COLOURS) is sixteen
