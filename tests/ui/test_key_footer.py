"""The footer of keys follows the bindings, is not laid out again when they stay the same,
and a click on a key presses it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Button

from dartfit.widgets.footer import KeyFooter
from tests.ui.typing import settled


class Left(Button):
    BINDINGS = [Binding("x", "noop", "Left key")]


class Right(Button):
    BINDINGS = [Binding("y", "noop", "Right key")]


class TwoButtons(App[None]):
    def compose(self) -> ComposeResult:
        yield Left("left", id="left")
        yield Right("right", id="right")
        yield KeyFooter()


def shown(app: App[None]) -> list[str]:
    return [entry.description for entry in app.screen.query_one(KeyFooter).entries]


async def test_the_footer_follows_focus_and_keeps_its_keys_when_they_do_not_change() -> None:
    app = TwoButtons()
    async with app.run_test(size=(60, 8)) as pilot:
        await settled(pilot, lambda: "Left key" in shown(app))
        footer = app.screen.query_one(KeyFooter)
        first = footer.entries
        app.screen.focus_next()  # the bindings change: the footer shows the other key
        await settled(pilot, lambda: "Right key" in shown(app))
        assert "Left key" not in shown(app)
        app.screen.focus_previous()
        await settled(pilot, lambda: "Left key" in shown(app))
        again = footer.entries
        for _ in range(3):  # the same bindings announced again: nothing is laid out again
            app.screen.bindings_updated_signal.publish(app.screen)
            await pilot.pause()
        assert footer.entries is again
        assert [e.description for e in again] == [e.description for e in first]


class Counter(App[None]):
    BINDINGS = [Binding("x", "count", "Count"), Binding("y", "count", "Count too", show=False)]
    counted = 0

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_count(self) -> None:
        self.counted += 1


async def test_a_click_on_a_key_presses_it_and_the_line_reads_as_before() -> None:
    app = Counter()
    async with app.run_test(size=(40, 4)) as pilot:
        footer = app.screen.query_one(KeyFooter)
        await settled(pilot, lambda: bool(footer.entries))
        (entry,) = footer.entries
        text = str(footer.render())
        assert text.startswith(" x Count ") and text.rstrip().endswith("▏^p palette")
        assert len(text) == 40
        await pilot.click(KeyFooter, offset=(entry.start + 1, 0))
        assert app.counted == 1
        await pilot.click(KeyFooter, offset=(entry.end + 3, 0))  # between keys: nothing
        assert app.counted == 1


async def test_a_key_that_does_not_fit_is_left_out_whole_never_cut() -> None:
    """At every width from 80 to 130, each key the footer draws is whole ("^q Quit", never
    "^q Qui"), and a click lands only on a key that is drawn."""
    import tempfile

    from dartfit.app import make_app
    from tests.conftest import SHIPPED

    for level in ("first-throw", "first-line", "bowl", "kink"):
        app = make_app(levels_dir=SHIPPED, data_dir=tempfile.mkdtemp(), start=level)
        async with app.run_test(size=(80, 24)) as pilot:
            for width in range(80, 131, 3):
                await pilot.resize_terminal(width, 24)
                await pilot.pause()
                footer = app.screen.query_one(KeyFooter)
                text = "".join(segment.text for segment in footer.render_line(0))
                drawn = footer.shown()
                keys = {entry.key for entry in drawn}  # ? Help may be drawn elsewhere
                for entry in footer.entries:
                    whole = f"{entry.key_display} {entry.description}".strip()
                    if entry.group is None:
                        assert (whole in text) == (entry.key in keys), (level, width, whole, text)
                for entry in footer.entries:
                    if entry.key not in keys:
                        assert footer.entry_at(entry.start) is not entry
                for entry in drawn:  # each drawn key is where a click finds it
                    assert footer.entry_at(entry.start) == entry
                # where the footer leaves keys out, ? Help (which names them) is drawn
                assert "? Help" in text, (level, width, text)
