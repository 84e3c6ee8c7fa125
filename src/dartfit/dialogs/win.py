"""The win panel: "Level complete", the stars earned and what the level just showed.

A modal with a see-through background and a box at the side, so the chart stays in view:
the line that won, and the best one that the level screen draws beside it (`shown` says it
in words)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Key
from textual.geometry import Region
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from dartfit.kinds import kind_of, rules_of
from dartfit.levels import ENDLESS_ID, SANDBOX_ID, Level
from dartfit.messages import event_clock
from dartfit.progress import LevelResult
from dartfit.rules import scoring
from dartfit.steady.app import SteadyApp
from dartfit.stylesheet import PLAY
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.prose import Prose
from dartfit.widgets.scroll import TextScroll
from dartfit.wording import NBSP, beside, kept, shown_beside, shown_result, stars_text

if TYPE_CHECKING:
    from dartfit.rules.overlay import Overlay

WinChoice = Literal["next", "again", "levels", "keep", "undo"]
MakeRoom = Callable[[int, int, Callable[[], None] | None], None]
"""Told the columns at the right and the rows at the bottom the panel takes, the level lays
itself out in the rest (whole: its chart, its numbers), then calls back (if given)."""
SIDE_FROM = 110
"""From this many columns the panel stands at the side; below, it lies along the bottom (at
the side it left a level of 80 columns too narrow for its chart and its tables)."""
ALONG = "  "
"""What stands between the panel's lines run together along the bottom."""
PLACING = 1.0
"""Seconds the panel waits, at most, for the level to be laid out in the room it leaves."""


def _keys(bindings: Sequence[object]) -> set[str]:
    """Every key the bindings name ("left,h": left and h)."""
    return {
        key.strip()
        for binding in bindings
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }


class WinScreen(ModalScreen[WinChoice]):
    """A modal over the level; it answers with where the player wants to go."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("enter,n", "next", "Next level"),
        Binding("k", "choose('keep')", "Keep improving"),
        Binding("a", "choose('again')", "Play again"),
        Binding("escape", "choose('levels')", "Levels"),
        Binding("u", "choose('undo')", "Undo", tooltip="keep playing, one move back"),
        Binding("s", "squares", "Squares", show=False),  # as on the level, whose chart is beside
        Binding("d", "sets", "All sets"),  # the won line over other data ([data] also)
    ]

    def __init__(
        self,
        level: Level,
        result: LevelResult,
        shown: Sequence[str] = (),
        saw: str | None = None,
        make_room: MakeRoom | None = None,
        last: bool = False,
        undoes: bool = False,
        revealed: bool = False,
        overlay: Overlay | None = None,
        improvable: bool = True,
        starless: str | None = None,
    ) -> None:
        # hidden until the level is laid out in the room its box leaves (`_tell_room`)
        super().__init__(classes="-placing" if make_room is not None else None)
        self._shown_at = event_clock()  # when the panel showed (`shown_at`)
        self.revealed = revealed  # the best answer was shown: one star at most
        self.last = last
        self.undoes = undoes
        self.level = level
        self.result = result
        self.shown = tuple(shown)
        self.saw = level.spec.what_you_saw if saw is None else saw
        """What you just saw, as this play showed it (`LevelScreen.what_you_saw`)."""
        self.make_room = make_room
        self.overlay = overlay  # d lays the won line over these datasets, side by side
        self._lines: list[str] = []
        self._told = False  # that a level's key does nothing here (once)
        self._room_told = Region()  # the box the level was last told of (`_tell_room`)
        self.improvable = improvable
        self.starless = starless
        """Why this win earned no star (a level `dartfit check` refuses), said in its place."""
        """Whether k can play on for a better result (`LevelScreen.can_play_on`): not after a
        pick, the last dart or the last guess (k then space on a darts level said only "The
        round is over: press r for a new round.")."""

    @property
    def shown_at(self) -> float:
        """When the panel showed, on the clock keys carry. Keys typed before then (a second
        enter, a held key) act on nothing (see `SteadyApp.on_key`): the player has not read
        it. Nor do keys typed while it is still laid out out of sight (`-placing`): an enter
        a frame after the win went on to the next level with the panel never seen."""
        return math.inf if self.has_class("-placing") else self._shown_at

    def compose(self) -> ComposeResult:
        r, spec = self.result, self.level.spec
        lines = [f"Stars: {stars_text(r.stars)}"]
        more = scoring.next_star(self.level, r.stars, revealed=self.revealed, score=r.score)
        if self.starless is not None:  # no star to be had here: none is offered
            lines.append(self.starless)
        elif more is not None:
            lines.append(f"({more})")
        if r.score is not None and not spec.target.type.startswith("pick"):
            # an MSE or MAE as the HUD showed it, its trailing zeros kept (1.130, not 1.13)
            yours = shown_result(spec.target.metric, r.score)
            at_most = spec.target.type == "at_most"
            references = rules_of(self.level).references(self.level) if at_most else []
            apart = [value for _, value in references if spec.target.metric != "score"]
            yours, _ = shown_beside(r.score, apart, yours)
            named = rules_of(self.level).result_named(self.level)
            lines.append(f"{kept(f'Your {named}')}: {yours}")  # each label whole on its row
            lines += [  # to the decimals of the player's, beside it
                f"{kept(label)}: {beside(value, yours)}"  # a label whole on its row
                for label, value in references
            ]
        if r.score is not None and spec.target.type == "pick_settled":
            lines.append(f"Your prediction: {'right' if r.score == 0 else 'wrong'}")
        elif r.score is not None and spec.target.type.startswith("pick"):
            lines.append(f"Wrong picks: {r.score:.0f}")
        if r.presses is not None:
            par = f" (par {spec.stars.par})" if spec.stars.par else ""
            # whole on its row: "(par 25)" had begun a row of its own at 80×24
            lines.append(kept(f"{kind_of(spec).presses}: {r.presses}{par}"))
        self._lines = lines
        # laid out for this width from the first frame: a scroll bar taken in the side's
        # layout stayed after the lines were run together along the bottom
        self.set_class(self.app.size.width < SIDE_FROM, "-bottom")
        with TextScroll(id="win-box"):
            yield Static("Level complete", id="win-title")
            yield Prose(self._joined(self._score_lines()), id="win-score", apart=self._apart)
            if self.shown:
                yield Prose(self._joined(self.shown), id="win-shown", apart=self._apart)
            yield Static("What you just saw", classes="win-heading")
            yield Static(" ".join(self.saw.split()), id="win-text", markup=False)
            yield Prose(self._key_text(), id="win-keys")
        yield KeyFooter()  # over the level's: its keys are the panel's now

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """u takes back the last move only where there is one; k plays on only where a better
        result can be had; d shows other sets only where the level names some."""
        if action == "sets":
            return self.overlay is not None
        if parameters == ("keep",):
            return self.improvable
        return self.undoes if parameters == ("undo",) else True

    def key_description(self, binding: Binding) -> str:
        """enter's name in the footer, as the panel says it; d's, with how many sets."""
        if binding.action == "sets" and self.overlay is not None:
            return f"All {len(self.overlay.sets)} sets"
        return self.next_says().capitalize() if binding.action == "next" else binding.description

    def keys(self) -> tuple[str, str]:
        """The panel's keys, as its two lines."""
        keep = ["k keep improving"] if self.improvable else []
        keep += ["u undo the last move"] if self.undoes else []
        sets = "" if self.overlay is None else f" · d all {len(self.overlay.sets)} sets"
        return f"enter {self.next_says()} · esc levels{sets}", " · ".join([*keep, "a play again"])

    def on_resize(self) -> None:
        """Side or bottom for this width; its lines in a column at the side, run together
        along the bottom; then tell the level the room it takes, once laid out. A resize
        that comes before the panel's lines are mounted waits for them (wins made faster
        than frames: `NoMatches` on #win-score)."""
        if not self.query("#win-score"):
            self.call_after_refresh(self.on_resize)
            return
        bottom = self.size.width < SIDE_FROM
        self.set_class(bottom, "-bottom")
        self._wrap()
        box = self.query_one("#win-box", TextScroll)
        box.border_title = "Level complete" if bottom else None
        box.refresh(layout=True)
        # and again once laid out at this size: back at 80×24 from 10×3 (the too-small
        # notice over it), its lines stayed wrapped at the tiny width, dozens of rows, and
        # the panel showed only a scroll bar until it closed (a hostile pass)
        self.call_after_refresh(self._wrap)
        self.call_after_refresh(self._tell_room)

    def _wrap(self) -> None:
        """The panel's lines wrapped at the width its box has now."""
        score = self.query_one("#win-score", Prose)
        score.set_text(self._joined(self._score_lines()), self._apart)
        if self.shown:
            self.query_one("#win-shown", Prose).set_text(self._joined(self.shown), self._apart)
        self.query_one("#win-keys", Prose).set_text(self._key_text())

    def on_screen_resume(self) -> None:
        """Back from a screen over it (the sets, help): keys typed before it showed again act
        on nothing, and the level is told the room again (the terminal may have resized)."""
        self._shown_at = event_clock()
        self._told = False
        self.call_after_refresh(self._tell_room)

    def _score_lines(self) -> list[str]:
        """The score's lines; along the bottom, what the chart shows (`shown`) runs on after
        them, in the rows they leave (its own rows had taken one from the chart at 80×24,
        once the won line's numbers stood beside the best's)."""
        return [*self._lines, *self.shown] if self.has_class("-bottom") else self._lines

    def _joined(self, lines: Sequence[str], along: str = ALONG) -> str:
        """Lines one under another at the side, run together along the bottom."""
        return along.join(lines) if self.has_class("-bottom") else "\n".join(lines)

    @property
    def _apart(self) -> str | None:
        """What stands between the lines run together along the bottom, each started on a
        row of its own where that takes no more rows (`wrapped`); None at the side."""
        return ALONG if self.has_class("-bottom") else None

    def _key_text(self) -> str:
        """The panel's keys, each entry kept whole on its row ("a play again" broke after
        its "a" at 80×24), with its "·" after it."""
        along = f"{NBSP}· "
        whole = [along.join(e.replace(" ", NBSP) for e in ln.split(" · ")) for ln in self.keys()]
        return self._joined(whole, along)

    def on_mount(self) -> None:
        """While placed out of sight the terminal is sent no frame (`SteadyApp.hold_frames`):
        the level, laid out again for the room the panel leaves, stood for 1 to 3 frames
        around an empty band where the panel would go, under its old footer."""
        if self.has_class("-placing"):
            self.set_timer(PLACING, self._placed)
            self._hold_frames()

    def on_unmount(self) -> None:
        self._show_frames()

    def on_screen_suspend(self) -> None:
        """A screen over the panel (help, the size notice) is shown at once."""
        self._show_frames()

    def _hold_frames(self) -> None:
        if isinstance(self.app, SteadyApp):
            self.app.hold_frames()

    def _show_frames(self) -> None:
        if isinstance(self.app, SteadyApp):
            self.app.show_frames()

    def _placed(self) -> None:
        """The panel shows: the level is laid out in the room it leaves (or, on a level
        that has not said so in a while, `PLACING` seconds after the panel opened), in one
        frame with the level's new layout."""
        if self.has_class("-placing"):
            self._shown_at = event_clock()
            self.remove_class("-placing")
            # once the panel is laid out where it shows: a whole frame asked for at once had
            # come before it, the level beside an empty band (first-throw at 80×24)
            self.call_after_refresh(self._show_frames)

    def _tell_room(self) -> None:
        """Tell the level the room the panel takes, and again after the next frame while
        the panel's box still changes: its lines re-wrapped for the new width can change its
        height a frame after the resize (on a busy machine the level kept the room of the
        size before, and its side table stayed cut at 80×24)."""
        # never once the panel has gone (a later call found no #win-box, and must not leave
        # the level room for a panel no longer there)
        closed = not self.is_attached or self not in self.app.screen_stack
        boxes = self.query("#win-box")
        if self.make_room is None or closed or not boxes:
            return
        box = boxes.first().region
        # shown once the level is laid out beside it, not over the level before (`_placed`);
        # a box not yet laid out (no area) has told no room worth showing it for
        placed = self._placed if box.area else None
        if self.has_class("-placing"):  # held before the level changes (a resize may come
            self._hold_frames()  # before the mount: a band had shown on a busy machine)
        if self.has_class("-bottom"):  # its last row is over the level's footer
            self.make_room(0, max(box.height - 1, 0), placed)
        else:
            self.make_room(box.width, 0, placed)
        if box != self._room_told:
            self._room_told = box
            self.call_after_refresh(self._tell_room)

    def next_says(self) -> str:
        """What enter does: the next level, or, on the player's own data, back to it, or
        after the last level, the end (the level list, or the congratulations)."""
        if self.level.id == SANDBOX_ID:
            return "back to your data"
        if self.last:
            return "finish"
        return "next puzzle" if self.level.id == ENDLESS_ID else "next level"

    def action_next(self) -> None:
        """enter: on to the next level; on the player's own data there is none, so back to it."""
        self.dismiss("keep" if self.level.id == SANDBOX_ID else "next")

    def _below(self) -> tuple[object | None, list[Binding]]:
        """The level under the panel, and the keys its class and kind bind."""
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        found = [
            binding
            for cls in type(below).__mro__
            for binding in cls.__dict__.get("BINDINGS", ())
            if isinstance(binding, Binding)
        ]
        return below, found

    def action_squares(self) -> None:
        """The penalty squares on or off on the level's chart beside the panel (and from now
        on), as its own s does."""
        below, bindings = self._below()
        # a level that draws no squares (or none on this chart): s changes nothing
        binds = any(binding.action == "toggle_squares" for binding in bindings)
        toggle = getattr(below, "action_toggle_squares", None)
        offered = not isinstance(below, Screen) or below.check_action("toggle_squares", ())
        if binds and callable(toggle) and offered is not False:
            toggle()

    def on_key(self, event: Key) -> None:
        """A key of the level's own (an arrow, still held as the target was crossed) did
        nothing on the panel, unsaid: the player is told, once, that the level is won and
        how to play on. Its keys still work as they do (an arrow scrolls a long panel)."""
        if self._told or event.time < self.shown_at:
            return
        _, bindings = self._below()
        if event.key in _keys(bindings) - _keys(self.BINDINGS) - {"escape", "question_mark"}:
            self._told = True
            # the panel's keys light up where they are shown, their words and height as
            # they were: its own key line under the chart, its footer beside it. Not a
            # toast: one lay over the panel's text at 80×24 for 3 s, and over two x ticks
            # of huber's chart at 120×40
            keys = "#win-keys" if self.has_class("-bottom") else "KeyFooter"
            self.query_one(keys).add_class("-told")
            self.app.bell()

    def action_sets(self) -> None:
        """The won line over each dataset the level names, side by side; back with esc."""
        from dartfit.dialogs.sets import SetsScreen

        if self.overlay is not None:
            self.app.push_screen(SetsScreen(self.overlay))

    def action_choose(self, choice: WinChoice) -> None:
        self.dismiss(choice)
