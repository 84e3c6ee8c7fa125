"""The footer of keys follows the bindings, and is not rebuilt when they stay the same."""

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
    return [str(key.description) for key in app.screen.query("FooterKey")]


async def test_the_footer_follows_focus_and_keeps_its_keys_when_they_do_not_change() -> None:
    app = TwoButtons()
    async with app.run_test(size=(60, 8)) as pilot:
        await settled(pilot, lambda: "Left key" in shown(app))
        first = list(app.screen.query("FooterKey"))
        app.screen.focus_next()  # the bindings change: the footer shows the other key
        await settled(pilot, lambda: "Right key" in shown(app))
        assert "Left key" not in shown(app)
        app.screen.focus_previous()
        await settled(pilot, lambda: "Left key" in shown(app))
        again = list(app.screen.query("FooterKey"))
        for _ in range(3):  # the same bindings announced again: nothing is rebuilt
            app.screen.bindings_updated_signal.publish(app.screen)
            await pilot.pause()
        assert list(app.screen.query("FooterKey")) == again
        assert [k.description for k in again] == [k.description for k in first]
