"""What every level screen shares: goal, hints, reset, help, winning and the way back.

A level screen is a ``Screen[LevelOutcome]``: it dismisses with where the player goes next.
Subclasses draw their own kind and call ``score`` with each new value of the metric (or
``won`` when a pick is right); a win hands its result to ``on_won`` at once, so it is saved
before any later key, signal or hang-up can end the game. The hints shown and the win latch
are one frozen `Attempt`, replaced on every change.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from dartfit.campaign import Kept
from dartfit.kinds import plays_on
from dartfit.levels import Level
from dartfit.levels.sandbox import against
from dartfit.messages import HintShown, OpenLesson
from dartfit.printable import fitted
from dartfit.progress import LevelResult
from dartfit.rules import attempt, scoring
from dartfit.rules.attempt import Attempt
from dartfit.screens.first_show import StyledAsMounted
from dartfit.screens.says_why import SaysWhy
from dartfit.steady.app import SteadyApp, breakpoint_classes
from dartfit.steady.started import DrawnOnceStarted
from dartfit.stylesheet import PLAY
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.plain import Apart, PlainHorizontal, PlainVertical
from dartfit.widgets.prose import Prose
from dartfit.widgets.title_bar import TitleBar
from dartfit.wording import hint_line, num, stars_text

# the win panel is imported as the level is won: not for a level's first frame
if TYPE_CHECKING:
    from dartfit.dialogs.win import WinChoice
    from dartfit.rules.overlay import Overlay
    from dartfit.widgets.key_strip import KeyedDrawing

Next = Literal["next", "again", "levels"]


@dataclass(frozen=True)
class LevelOutcome:
    """What a level screen hands back when it closes: where the player goes next."""

    level_id: str
    next: Next


WinRecorder = Callable[[str, LevelResult], Kept]
"""Saves a win at once; says what was kept (whether it finished the campaign: enter then
finishes; whether it earned no star, and why)."""
Follow = Callable[[int, int], None]
"""A drag under way: puts what was grabbed where the mouse now is (a cell of the chart)."""


def arrow_bindings(
    action: str,
    horizontal: tuple[str, str],
    vertical: tuple[str, str],
    footer: tuple[str, str] | None = None,
) -> list[Binding]:
    """The arrows call `action(dx, dy)` with ±1 steps; with shift, ±0.1 (ten times finer).

    `horizontal` says what ← and → do, `vertical` what ↑ and ↓ do (the help pairs them).
    `footer` names the two pairs in the footer, one entry each ("←→ m", "↑↓ b"); without
    it the arrows are not shown there.

    They are priority bindings: the screens that move something with the arrows hold
    nothing that takes the focus, and a key bound so runs its action as it reaches the
    app, where one bound otherwise went to the screen and came back to the app first
    (about 0.3 ms of a nudge's CPU, a tenth of Textual's share). Keys typed ahead are
    dropped all the same (`SteadyApp.on_event`).
    """
    moves = {"left": (-1, 0), "right": (1, 0), "up": (0, 1), "down": (0, -1)}
    says = dict(zip(moves, (*horizontal, *vertical), strict=True))
    pairs = (None, None) if footer is None else tuple(map(arrow_group, footer))
    groups = {"left": pairs[0], "right": pairs[0], "up": pairs[1], "down": pairs[1]}
    bindings = []
    for fine in (False, True):
        for key, (dx, dy) in moves.items():
            scale = 0.1 if fine else 1
            bindings.append(
                Binding(
                    f"shift+{key}" if fine else key,
                    f"{action}({dx * scale:g}, {dy * scale:g})",
                    f"{says[key]}, ten times finer" if fine else says[key],
                    show=not fine and groups[key] is not None,
                    group=None if fine else groups[key],
                    priority=True,
                )
            )
    return bindings


def arrow_group(description: str) -> Binding.Group:
    """One footer entry for a pair of arrows: "↑↓ move point"."""
    return Binding.Group(description, compact=True)


def widened(panel: Widget, lines: Iterable[str]) -> None:
    """Widen a side panel (never narrow it: the chart beside it keeps its width as the
    numbers change) to hold its longest line past the cells its stylesheet gives it: data
    1e−10 tall, or 1e8 wide, wrote "1.15e−10" and "947,000,000" in columns made for 3.50,
    which wrapped every row."""
    room = max(map(cell_len, lines), default=0) + panel.styles.gutter.width
    width = panel.styles.width  # in cells, from the stylesheet
    if width is not None and width.is_cells and room > width.value:
        panel.styles.width = room


def show_widened(
    panel: LinesPanel,
    make: Callable[[int], list[str]],
    then: Callable[[], None] = lambda: None,
    holds: Iterable[str] | None = None,
) -> None:
    """Show in the panel the lines `make(rows)` gives for the rows it has, made again as it
    is resized, the panel widened to the longest (`widened`), and `then` called. Given what
    it `holds` (the widest lines it is to hold in the play), it is widened to those first,
    so that the lines made at each move fit and never move what is beside it (at 200×50 a
    nudge widened the misses column by one cell, and narrowed the chart); a line wider
    still widens it, as it would have without: the panel's lines are never cut."""
    if holds is not None:
        widened(panel, holds)

    def lines(rows: int) -> list[str]:
        made = make(rows)
        widened(panel, made)
        then()
        return made

    panel.show_in_rows(lines)


def settle_the_build() -> None:
    """After a level's first frame (run during Textual's start-up, it held back the first
    frame of the level the game starts at for 3-8 ms): the objects its build made (widgets,
    styles, pictures, caches) are moved out of the garbage collector's young generations at
    once. Left there, the first collection of the middle generation went over them all, 8 ms
    of one nudge a dozen keys into every level (2,500 objects collected, 15 ms that key at
    120×40 against 7 for its neighbours); after this, the young generations hold only what
    nudges make."""
    gc.collect(1)


def play_area() -> Horizontal:
    """The row that holds a level's chart (or charts) and its panel of numbers."""
    return PlainHorizontal(id="play-area")


def chart_beside_panel() -> ComposeResult:
    """A kind's body of one chart with a panel of its numbers at its right: the character
    chart `#chart` and the lines panel `#hud`."""
    with play_area():
        yield CanvasView(id="chart")
        yield LinesPanel(id="hud")


def cells_wide(panel: Widget) -> int:
    """The columns a side panel takes: its stylesheet's (or `widened`'s) width in cells, else
    its width as last laid out."""
    width = panel.styles.width
    if width is not None and width.is_cells:
        return int(width.value)
    return panel.outer_size.width


CHART_AT_LEAST = 78
"""The columns a chart keeps beside a wide screen's second column (the line levels' at 160
columns: 80; at 120, with no column: 87). A column that would leave it fewer is not shown
(-cramped) and the chart has the room: Huber's table of eight columns left it 65 at 160, the
likely line's 73."""

TABLE_ROWS = 8
"""The fewest rows a side column stood under the HUD (-stacked) has: its heading and a few
misses."""

AROUND_THE_PLAY_AREA = 7
"""The rows of a level's screen outside its play area, at most: the title, the goal's two,
the formula's two, a hint's and the footer."""

WIDE_FROM = 150
"""From this many columns (the screen's -wide) the side panels grow: fuller words and a
second column of figures (each point's miss, the walk's steps); 80 and 120 columns keep
the layout they had."""

MOST_MOVES = 4
"""Layouts in a row that may move a part of the level while it is laid out for the win panel
(`when_laid_out`): past them it is taken as still. Each asks for one more layout, and a part
that moved every time (two sizes that each call for the other) would have asked for ever."""

UNDO = Binding("u", "undo", "Undo", tooltip="take back the last move (key or mouse)")
"""The undo key, on the screens of kinds whose moves can be taken back."""
RATE_KEY_NAMES = ("left_square_bracket", "right_square_bracket")
"""The keys that change the learning rate η, where a level lets the player change it."""


def kept_said(now: Attempt, starless: bool = False) -> str:
    """The HUD's line while a result better than the one kept is on screen (it is kept in
    its place, and saved): after k the win opens again only for such a result. `starless`:
    the level's wins earn no star (`campaign.refused_win`), so none is claimed."""
    if not now.bettered or now.kept is None:
        return ""
    return "new best kept" if starless else f"new best kept {stars_text(now.kept.stars)}"


class LevelScreen(StyledAsMounted, DrawnOnceStarted, SaysWhy, Screen[LevelOutcome]):
    """Base of the game screens: header, goal line, body, hint line, footer."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    BLANK = True
    """The screen's own background, under the widgets that cover it, is drawn straight
    away rather than through its style cache on every frame (see widgets/plain.py)."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("escape", "leave", "Back", tooltip="to the levels"),
        Binding("h", "hint", "Hint", tooltip="gentle first, explicit last"),
        Binding("r", "reset", "Reset", tooltip="start the level again"),
        Binding("l", "lesson", "Lesson", tooltip="the one this level practises"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        # kinds that can take a move back bind u to their own, shown, UNDO; elsewhere u
        # only says there is nothing to undo (system: not listed in the help)
        Binding("u", "undo", "Undo", show=False, system=True),
    ]
    BINDING_GROUP_TITLE = "In every level"  # the help's title over the keys above
    HELP = ""  # what the kind's keys do, in the game's terms: the help shows it over them

    show_squares: var[bool] = var(True)
    """The player's setting: penalty squares on the chart (kinds that draw none ignore it)."""

    attempt: var[Attempt] = var(Attempt())
    """This visit to the level: the hints shown, the best value and the win latch."""

    winning: var[bool] = var(False)
    """The win panel is up: the chart shows the best answer beside the player's, for free."""

    class ToggleSquares(Message):
        """Ask the app to turn the penalty squares on or off, here and from now on."""

    @dataclass
    class Predicted(Message):
        """The player committed to the level's prediction (the app keeps it)."""

        level_id: str
        right: bool
        what: str = "predict"
        """What was predicted: the level's question, or a step's directions ("signs")."""

    @dataclass
    class OpenSolver(Message):
        """Ask the app to run the auto-solver on a level, from the line (m, b), over the
        screen that asks (`asked`): the screen on top as the app takes the message may be
        one opened by a key typed after the ask (the help, over which the solver opened)."""

        level: Level
        start: tuple[float, float]
        asked: Screen[Any]

    def __init__(self, level: Level) -> None:
        super().__init__()
        self._verdict = False  # the hint line judges the answer before the last move
        self._see_standing = False  # the hint line still says "Now play, and see."
        self._moves_watched = False  # each new state of the kind's is a move (`moved`)
        self._resized_to: Size | None = None  # the size `resized` last worked for
        self.level = level
        # set by whoever opens the screen; called synchronously (not as a message) so the
        # win is on disk before the win screen is even drawn
        self.on_won: WinRecorder | None = None
        self._after_layout: list[Callable[[], None]] = []  # `when_laid_out`'s waiting calls
        self._stood: list[tuple[Widget, Region]] | None = None  # each part's place, last layout
        self._moves = 0  # layouts in a row that moved a part (`MOST_MOVES`)
        self.last = False
        """Whether no level follows this one (enter on its win panel finishes)."""
        self.ask_prediction = level.spec.predict is not None
        """Whether the level asks for its prediction when it opens (not once it was made)."""
        self.predicted: int | None = None
        """The choice the player predicted on this visit (from 1)."""
        self.predicted_before: bool | None = None
        """Whether the prediction made on an earlier visit was right (None: none made)."""
        self._asking = False
        """Whether the prediction's question is on screen, unanswered."""
        self._win_waits: Callable[[], None] | None = None
        """A win met while the question was (or was about to be) on screen, shown once the
        player has answered it: a level met at the start opened its win panel over the
        question, and leaving both ended the game (the level was dismissed twice)."""
        self.starless: str | None = None
        """Why this level's wins earn no star, once one said so (`Kept.starless`)."""
        self.share_code: str | None = None
        """A generated puzzle's share code (the win panel offers it to pass on)."""
        self._follow: Follow | None = None
        self._following = False  # the drag is moving things now (`moved` tells it from a key)
        self._refusal_said = False  # this drag has said why its point stays (`refuse_move`)
        self._held: dict[tuple[str, bool], tuple[Level, list[str]]] = {}
        """Each side column's widest line in this play, by column and width class (`held`)."""

    @classmethod
    def for_level(cls, level: Level, settings: Mapping[str, Any]) -> LevelScreen:
        """A screen playing `level`, with the player's settings (the kind's registry calls
        this; a screen that uses a setting reads it here)."""
        return cls(level)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys that work now, the kind's own first: the footer shows them in this
        order, so at 80 columns the keys the level depends on are the ones that fit (every
        level's keys follow, and `?` lists them all)."""
        bindings = super().active_bindings
        every_level = {
            (b.key, b.action) for b in LevelScreen.BINDINGS if isinstance(b, Binding) and b.show
        }
        newest = {
            b.action for b in type(self).__dict__.get("BINDINGS", []) if isinstance(b, Binding)
        }
        written: dict[str, int] = {}  # each action's place where a class first lists it
        for cls in type(self).__mro__:
            for b in cls.__dict__.get("BINDINGS", []):
                if isinstance(b, Binding):
                    written.setdefault(b.action, len(written))

        def rank(active: ActiveBinding) -> tuple[int, int]:
            """The class's own keys, then inherited kind keys, every level's, the app's;
            within each, in the order the classes list them."""
            place = written.get(active.binding.action, len(written))
            if active.node is not self:
                return 3, place
            if (active.binding.key, active.binding.action) in every_level:
                return 2, place
            return (0 if active.binding.action in newest else 1), place

        return dict(sorted(bindings.items(), key=lambda item: rank(item[1])))

    def compose(self) -> ComposeResult:
        with Apart(classes="-top"):
            yield TitleBar()
        with PlainVertical(id="level-body"):
            with Apart():
                yield Prose(self.goal_text(), id="goal")
            yield from self.compose_body()
            with Apart():
                yield Static("", id="hint", markup=False)
        with Apart(classes="-bottom"):
            yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The kind's own widgets."""
        yield from ()

    def sub_title_in(self, cells: int) -> str:
        """The sub-title (the chapter) in at most `cells` (`TitleBar`): the player's data's
        "y against x", each name cut alike, so neither is lost; a chapter cut with "…"."""
        if self.level.columns is not None:
            return against(*self.level.columns, most=cells)
        return fitted(self.level.spec.chapter, cells)

    def on_resize(self, event: events.Resize) -> None:
        """The screen's breakpoint classes (-wide) for its new size, then its kind's own
        work for that size (`resized`), which reads them. Textual sets the classes after
        every handler a screen has of its own, and a level under its win panel is told of a
        resize once: it built its side columns for the size before (at 200 columns no
        column of misses; back at 80, the wide table of shares in a narrow panel)."""
        for name, has in breakpoint_classes(self, event.size).items():
            self.set_class(has, name)
        if event.size != self._resized_to:  # once a size: Textual tells a screen twice
            self._resized_to = event.size  # (its panels lay out again on their own)
            self.resized()

    def resized(self) -> None:
        """A kind's work for a new size, its breakpoint classes already set for it."""

    def on_mount(self) -> None:
        number = f"{self.level.number}. " if self.level.number else ""
        self.title = f"{number}{self.level.spec.title}"
        self.sub_title = self.level.spec.chapter
        if not self._moves_watched:  # once (Textual calls this for each class that has it)
            # every kind's move takes back a message of the moment before it: only the line,
            # guess and Huber screens' watchers did, and "Reset: back to the start." stood
            # under every dart thrown and every step taken after an r
            self._moves_watched = True
            self.watch(self, "state", self.moved, init=False)
            if isinstance(self.app, SteadyApp):
                self.app.after_first_frame(settle_the_build)
            else:
                self.call_after_refresh(settle_the_build)
        predict = self.level.spec.predict
        if predict is not None and self.ask_prediction:
            from dartfit.dialogs.predict import PredictScreen

            self.ask_prediction = False  # once: Textual calls this for each class that has it
            self._asking = True
            self.app.push_screen(PredictScreen(predict, self.prediction_picture()), self._predicted)

    def prediction_picture(self) -> KeyedDrawing | None:
        """What the prediction's question is about, drawn under it with its key under the
        chart: none here (the kinds whose question is about their points draw them)."""
        return None

    def _predicted(self, choice: int | None) -> None:
        """The prediction made (kept at once), then any win that waited for it; or the
        level left without one."""
        predict = self.level.spec.predict
        self._asking = False
        waiting, self._win_waits = self._win_waits, None
        if choice is None or predict is None:
            self.dismiss(LevelOutcome(self.level.id, "levels"))
            return
        self.predicted = choice
        self.post_message(self.Predicted(self.level.id, choice == predict.answer))
        self.say(f"Your prediction: {predict.choices[choice - 1]}. Now play, and see.")
        self._see_standing = True  # judged in the hint line once the win panel closes
        if waiting is not None:
            waiting()

    def prediction_said(self) -> list[str]:
        """The prediction made on this visit and whether it was right, for the win panel."""
        predict = self.level.spec.predict
        if predict is None:
            return []
        if self.predicted is not None:
            right = self.predicted == predict.answer
            # the choice in quotes: a choice of its own colon ("… each step: the MSE
            # grows") read "…: the MSE grows: right."
            said = f"Your prediction “{predict.choices[self.predicted - 1]}”: "
        elif self.predicted_before is not None:
            right = self.predicted_before
            said = "Your prediction, made before: "
        else:
            return []
        said += "right." if right else "wrong."
        return [said, *([predict.why] if predict.why and not right else [])]

    def goal_text(self) -> str:
        """The level's goal, with its target number."""
        return scoring.goal_line(self.level)

    def action_hint(self) -> None:
        hints = self.level.spec.hints
        before = self.attempt.hints
        self.attempt = attempt.hint(self.attempt, self.level)
        k = self.attempt.hints
        self.say(hint_line(hints, k))
        if k > before:
            self.post_message(HintShown(self.level.id))

    def action_lesson(self) -> None:
        """Ask for the lesson on the concept this level practises."""
        self.post_message(OpenLesson(self.level.spec.lesson))

    def action_reset(self) -> None:
        """Start the level again: the win is forgotten (the hints shown are not)."""
        self.attempt = attempt.reset(self.attempt)
        self.start_over()
        # of this moment: on "Which line is better?" it stood under every round after
        self.say_of_this_move("Reset: back to the start.")

    def start_over(self) -> None:
        """Put the kind's own state back to its start."""

    def fixed_rate(self) -> float | None:
        """The learning rate η this level fixes, where it has one (None: no η, or the
        player's to change with [ and ])."""
        return None

    def on_key(self, event: events.Key) -> None:
        """A rate key on a level that fixes η is answered, not ignored: the bowl, step by
        hand and the kink took [ and ] in silence (their footers rightly leave them out)."""
        if event.key in RATE_KEY_NAMES and (rate := self.fixed_rate()) is not None:
            event.stop()
            self.say(
                f"This level fixes the learning rate at η = {num(rate, 3)};"
                " [ and ] change it on the levels after it."
            )

    def say(self, text: str) -> None:
        """Put a short message in the hint line."""
        self._verdict = False
        self._see_standing = False
        self.query_one("#hint", Static).update(text)

    def say_of_this_move(self, text: str) -> None:
        """A message about the answer as it stands ("Not yet: MSE 585.9 is above the
        target"), taken back at the next move (`moved`): it stood beside the HUD's ✓ after
        the line was moved on to a win."""
        self.say(text)
        self._verdict = True

    def moved(self) -> None:
        """The answer changed: a message about the one before goes. A move made during a
        drag but not by it (a key, u, r) ends the drag and stands: the drag's next step
        moved on from where the drag began, and put the key's move out of sight."""
        if not self._following:
            self._follow = None
        if self._verdict:
            self.say("")

    def solver_start(self) -> tuple[float, float] | None:
        """Where the auto-solver would start from this screen (None: the level's start)."""
        return None

    def grab(self, col: int, row: int) -> Follow | None:
        """What a mouse press on a cell of the chart grabs, as the drag that moves it (None:
        nothing; the kinds that can be dragged say what)."""
        return None

    def on_canvas_view_pressed(self, event: CanvasView.Pressed) -> None:
        self._follow = self.grab(event.col, event.row)
        self._refusal_said = False  # a new drag says why once (`refuse_move`)

    def on_canvas_view_dragged(self, event: CanvasView.Dragged) -> None:
        if self._follow is not None and self.is_current:  # not under a win or help
            self._following = True
            try:
                self._follow(event.col, event.row)
            finally:
                self._following = False
        else:
            self._follow = None

    def on_canvas_view_released(self) -> None:
        self._follow = None

    def action_toggle_squares(self) -> None:
        self.post_message(self.ToggleSquares())

    def action_leave(self) -> None:
        self.dismiss(LevelOutcome(self.level.id, "levels"))

    def watch_attempt(self, before: Attempt, now: Attempt) -> None:
        """Keys shown only while the level is won (a line level's enter: `key_shown`) come
        and go with the win, however it goes (a reset after a win left "⏎ Finish")."""
        if before.won != now.won:
            self.refresh_bindings()
        if before.bettered != now.bettered or (now.bettered and before.kept != now.kept):
            self.say_kept(kept_said(now, self.starless is not None))

    def show_wide(
        self,
        column: str,
        make: Callable[[int], list[str]],
        holds: Callable[[], Iterable[str]] | None = None,
    ) -> None:
        """On a wide screen, the lines `make(rows)` gives for the rows the side column
        `column` has (if the screen has it), made again as it is resized, the column widened
        to the longest (`widened`), or, given `holds`, to the lines it is to hold in the
        play, whatever the move (`show_widened`); worked out only there."""
        if not self.has_class("-wide"):
            return
        for panel in self.query(column).results(LinesPanel):
            held = None if holds is None else self.held(column, holds)
            show_widened(panel, make, partial(self._cramp, panel), held)

    def held(self, column: str, holds: Callable[[], Iterable[str]]) -> list[str]:
        """The widest of the lines the side column `column` is to hold in the play (`holds`:
        what it shows at its widest, whatever the keys), worked out once for the data played
        on and the screen's width class (-wide): the width a nudge never changes."""
        key = (column, self.has_class("-wide"))
        kept = self._held.get(key)
        if kept is None or kept[0] is not self.level:
            lines = list(holds())
            # the widest alone: a move widens the column to it, and no further, in no time
            kept = (self.level, [max(lines, key=cell_len)] if lines else [])
            self._held[key] = kept
        return kept[1]

    def _cramp(self, column: LinesPanel) -> None:
        """Where the side column would leave the chart under CHART_AT_LEAST columns beside
        the HUD, stand it under the HUD (-stacked) if that leaves the chart its room and the
        column TABLE_ROWS at least; else hide it (-cramped)."""
        huds = [p for p in self.query("#hud").results(LinesPanel) if p.display]
        width = self.app.size.width  # (a screen's own is the last size's as it is told of a new)
        beside = width - sum(map(cells_wide, [column, *huds])) >= CHART_AT_LEAST
        under = (
            not beside
            and bool(huds)
            and width - max(map(cells_wide, [column, *huds])) >= CHART_AT_LEAST
            and self._rows_under(huds) >= TABLE_ROWS
        )
        if under:  # the column of the grid (play.tcss) as wide as the wider of the two
            widest = max(map(cells_wide, [column, *huds]))
            self.query_one("#play-area").styles.grid_columns = f"1fr {widest}"
        self.set_class(under, "-stacked")
        column.set_class(not (beside or under), "-cramped")

    def _rows_under(self, huds: list[LinesPanel]) -> int:
        """The rows the play area leaves a column under the HUD's lines, at most: worked
        out from the terminal's height, as the play area's own is the last size's while a
        screen is told of a new one (150×40 read as 150×17, from 80×24)."""
        area = self.app.size.height - AROUND_THE_PLAY_AREA
        return area - sum(len(hud.text.splitlines()) for hud in huds) - 1

    def say_kept(self, line: str) -> None:
        """Say in the HUD that the result kept is bettered (`kept_said`; "": not now). The
        kinds whose HUD is a `LinesPanel` #hud have it said under their lines."""
        for hud in self.query("#hud").results(LinesPanel):
            hud.note(line)

    def score(
        self, value: float, presses: int, revealed: bool = False, finish: bool = False
    ) -> bool:
        """The metric reads `value`: if that wins (`attempt.scored` says), win; say whether.

        `finish`: the player asked to finish here, so a beaten value wins again."""
        now = attempt.scored(
            self.attempt, self.level, value, finish, presses=presses, revealed=revealed
        )
        self.attempt = now
        if now.just_won:
            self.won(value, presses, revealed)
        elif now.bettered and now.kept is not None and self.on_won is not None:
            # won, and playing on (k): a better result is saved as it is made. After k, a
            # line to ★★★ was kept only if the player pressed enter; esc, ctrl+q or a
            # dropped connection left ★ and the old MSE on record.
            self.on_won(self.level.id, now.kept)
        return now.just_won

    def won(self, value: float, presses: int, revealed: bool = False) -> None:
        """The goal is met: record the win at once (`attempt.result`), show the win panel
        beside the chart, which now draws the best answer too (once the level's question,
        if it is asking one, is answered)."""
        if self._asking or self.ask_prediction:
            self._win_waits = partial(self.won, value, presses, revealed)
            return
        result = attempt.result(self.attempt, self.level, value, presses, revealed)
        kept = Kept(result) if self.on_won is None else self.on_won(self.level.id, result)
        self.starless = kept.starless or self.starless
        self.winning = True  # the HUD and the met goal go once the panel tells its room
        undoes = self.can_undo()  # offered on the panel only when a move can go back
        code = self.share_code
        shared = [f"Share code: {code} (dartfit play --code {code})"] if code else []
        shown = [*self.prediction_said(), *shared, *self.best_shown()]
        from dartfit.dialogs.win import WinScreen

        win = WinScreen(
            self.level,
            kept.result,
            shown,
            self.what_you_saw(),
            self._make_room,
            # the win that finishes the campaign finishes on enter, whatever level it was
            self.last or kept.finished,
            undoes,
            revealed=revealed,
            overlay=self.overlay(),
            improvable=self.can_play_on() and attempt.improvable(self.level, result, revealed),
            starless=kept.starless,
        )
        self.app.push_screen(win, self._after_win)

    def _make_room(self, right: int, bottom: int, then: Callable[[], None] | None = None) -> None:
        """Lay the level out beside the win panel (or above it), whole; while won, without
        the HUD (which the panel sums up) and the met goal. Both change in one frame, the
        one that first shows the panel: the level laid out won but not yet told the room
        showed for a frame at full size under the panel (crickets at 80×24)."""
        self.set_class(self.winning, "-won")
        self.query_one("#level-body").styles.padding = (0, right, bottom, 0)
        if then is not None:
            self.when_laid_out(then)

    def when_laid_out(self, then: Callable[[], None]) -> None:
        """Call `then` once the level's body is laid out in the room it has now (after
        `_make_room`, or a class that moves its parts) and holds still: after a layout that
        fits the room and moved nothing from the one before. (`call_after_refresh` waits for
        the win panel's refresh, not this screen's layout: a size measured then was the old
        one, and the degree level's numbers stayed cut to 4 rows at 80×24.) Fits: the body's
        rows reach its room's bottom and right edges, and every part of the play area shown
        has room. Held still: parts that arrange themselves after each layout (the darts'
        table and HUD, a `LinesPanel`) have done so; the first layout that fitted the room
        was not always the last: beside a win panel already shown, the darts board slid two
        columns and its HUD a row, and the charts of kink, likely-line and mean-guess moved.
        Calls waiting together run one a layout, each after the one before it is laid out."""
        if not self._after_layout:
            self._stood = None
            self.screen_layout_refresh_signal.subscribe(
                self.query_one("#level-body"), self._laid_out
            )
            self._lay_out_again()
        if then not in self._after_layout:  # the panel asks again as its box settles
            self._after_layout.append(then)

    def _lay_out_again(self) -> None:
        """Ask for a layout: one that changes nothing says the body holds still."""
        self.query_one("#level-body").refresh(layout=True)

    def _laid_out(self, _: Screen[Any]) -> None:
        """The screen's layout is done: if it fits the room and moved nothing, the first
        call waiting for it runs (the others after the next layouts); else wait on."""
        if not self._after_layout:  # a layout told after the last call had run
            return
        body = self.query_one("#level-body")
        room = body.content_region
        shown = [child.region for child in body.children if child.display and child.region.area]
        parts = self.query_one("#play-area").children
        fits = (
            shown
            and max(region.bottom for region in shown) == room.bottom
            and max(region.right for region in shown) == room.right
            and all(part.region.area for part in parts if part.display)
        )
        stood, self._stood = self._stood, [(w, w.region) for w in self.query("*")]
        if not fits:
            return  # the room changed: its layout is to come
        self._moves = self._moves + 1 if stood != self._stood else 0
        if 0 < self._moves <= MOST_MOVES:
            self._lay_out_again()  # one more, to see that it moves nothing
            return
        self._moves = 0  # still, or never to be: a layout that moves a part every time
        then = self._after_layout.pop(0)
        if self._after_layout:
            self._stood = None
            self._lay_out_again()
        else:
            self.screen_layout_refresh_signal.unsubscribe(body)
        then()

    def action_undo(self) -> None:
        """A kind whose moves can be taken back overrides this; here nothing can be."""
        self.nothing_to_undo()

    def can_undo(self) -> bool:
        """Whether a move can be taken back now (the win panel offers u only then: costliest
        offered it with nothing to take back, and u said so)."""
        return False

    def can_play_on(self) -> bool:
        """Whether playing on after the win can better the result (the win panel offers k
        only then, and only if the result is short of the best: `attempt.improvable`): the
        level's kind can (`kinds.plays_on`); a kind with a budget overrides this to say
        whether any of it is left."""
        return plays_on(self.level.spec)

    def nothing_to_undo(self) -> None:
        """Say so, with the bell, rather than ignore the key."""
        self.refuse("Nothing to undo.")

    def refuse_move(self, why: str) -> None:
        """A move the rules refuse (the point stays): the bell and why (`refuse`: once while
        the words are shown, however long a key is held), by mouse once a drag (the mouse
        reports every cell it crosses, and a drag held over the refused place rang on and
        on). A drag said nothing at all: its point went back to where the drag began, while
        the same move by keys said why it stays."""
        if self._following:
            if self._refusal_said:
                return
            self._refusal_said = True
        self.refuse(why)

    def overlay(self) -> Overlay | None:
        """The won line over other datasets ([data] also), for d on the win panel; None here."""
        return None

    def what_you_saw(self) -> str:
        """The win's "What you just saw": the level's text, each {name} in it filled with
        what this play showed (`saw_filled`)."""
        text = self.level.spec.what_you_saw
        for name, said in self.saw_filled().items():
            text = text.replace(f"{{{name}}}", said)
        return text

    def saw_filled(self) -> dict[str, str]:
        """The words a level's what_you_saw may ask for by {name}: none unless a kind says."""
        return {}

    def best_shown(self) -> list[str]:
        """What the chart adds while the win panel is up (the best line, say), in words."""
        return []

    def _after_win(self, choice: WinChoice | None) -> None:
        if choice in ("next", "levels"):  # gone: nothing here is drawn again (undoing the
            # win's look first restyled and laid out the whole level for nobody, a quarter
            # of the longest stall on leaving it)
            self.dismiss(LevelOutcome(self.level.id, choice))
            return
        self.winning = False  # the best answer was free to see, not to play on with
        self._make_room(0, 0)  # the whole room again, and the HUD and goal back (-won)
        if choice == "again":
            self.action_reset()
        elif choice == "undo":
            self.action_undo()  # the panel closes, as with k, and the last move goes back
        if self._see_standing:  # "… Now play, and see." stood on after the win had shown it
            self.say(" ".join(self.prediction_said()[:1]))
