"""SteadyApp: a Textual App that holds its screen stack steady whatever the terminal does.

Keys typed ahead of a screen that has not mounted wait for it; no screen is pushed while
the app ends; only the screen on top may pop itself; a size notice comes and goes once a
resize storm settles; a closed terminal, an SSH drop or a signal ends the app as ctrl+q
does, with the exit status 128 + the signal, and a watchdog ends the process if the
terminal blocks the last writes. The game (`dartfit.app`) builds on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Mapping
from functools import cache, partial
from typing import Any

from rich.console import RenderableType
from textual._context import active_message_pump
from textual.actions import ActionParseResult
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.dom import DOMNode, NoScreen
from textual.driver import Driver
from textual.errors import NoWidget
from textual.events import (
    Event,
    Key,
    MouseDown,
    MouseEvent,
    MouseMove,
    MouseUp,
    Paste,
    Resize,
)
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import OptionList

from dartfit import stdio
from dartfit.dialogs.too_small import TooSmallScreen
from dartfit.ending import END_WAIT
from dartfit.mend import mend_textual
from dartfit.messages import event_clock
from dartfit.steady.drivers import (
    keeps_reading,
    keeps_writing,
    says_when_put_back,
    terminal_gone,
    wakes_after_stop,
)
from dartfit.steady.signals import (
    ENDING_SIGNALS,
    hold_all,
    keep_noting,
    let_through,
    noted,
    quiet_when_full,
    take_ending_signals,
    watchdog,
)
from dartfit.stylesheet import KeptStylesheet
from dartfit.wire import Wire, trimmed

MIN_WIDTH, MIN_HEIGHT = 80, 24
SIZE_SETTLES = 0.1  # seconds without a resize before the size notice comes or goes
HANGUP_CHECK = 1.0  # seconds between checks that the terminal is still there
PUT_BACK = (
    b"\x18\x1b[0m\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?2048l"
    b"\x1b[?7h\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l"
)
"""What Textual's driver writes to the terminal as the app ends (`_terminal_put_back`)."""
END_LOOK = 0.02  # seconds between an ending's looks at the screens still mounting
# actions that run even under the size notice or before the screen on top has mounted
ALWAYS = frozenset({"quit"})

STALE_KEY = 1.0
"""Seconds a key may wait to be taken: one older (a storm of keys, a paste into the game,
each opening and closing a dialog) is dropped, so the game answers the next key at once."""
BURST_GAP = 0.02
"""Seconds between two keys' arrivals under which they are one burst (a paste, a storm):
only a key of a burst is dropped as stale. A key typed on its own (a gap from the one
before it) is taken however late the game comes to it, on a host as loaded as can be."""
PAUSE = 0.25
"""Seconds between two keys' arrivals that end a storm: once a key of a burst is dropped as
stale, every key after it is dropped too until one comes after such a pause. So the keys
taken are those typed up to the first one dropped, as they were typed: dropping the late
keys of each burst alone kept the first of every burst (→ of each → ← pair), and a storm
of pairs that came to nothing won a line level."""
NEVER_STALE = frozenset({"ctrl+q", "ctrl+c"})
"""Keys taken however long they waited: the way out."""

QUIT_BEHIND_KEYS = 1.0
"""Seconds ctrl+q waits for the keys typed before it to be acted on (`action_quit`), at most."""

HOLD_MOST = 1.0
"""Seconds frames are held back at most (`SteadyApp.hold_frames`), whatever asked for it."""

FRAME_OUT = 0.05
"""Seconds after the first frame is handed to the driver's writer thread before work meant
for after it runs (`SteadyApp.after_first_frame`): the thread writes it only once the loop
lets go of the interpreter, and a collection run at once held it back for its length."""


class KeysBeforeQuit(Message):
    """ctrl+q, sent from the focused widget up to the app as the keys before it go: once it
    is back, they have been acted on (`SteadyApp.action_quit`)."""


@cache
def bound_first(screen: type[Screen[Any]]) -> frozenset[str]:
    """The keys a screen class binds with priority (the arrows of a level): their bindings
    run as a key reaches the app, before it goes to the screen and back. (The app's own,
    ctrl+q, are not among them: they were never dropped.)"""
    return frozenset(
        key
        for cls in screen.__mro__
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding) and binding.priority
        for key in binding.key.split(",")
    )


class Backdrop(Screen[None]):
    """Textual's default screen, the bottom of the stack, under every screen the app pushes.
    It resumes as the app starts, after the app's mount has pushed the first screen (the
    title, or the level the game was started at) over it. Textual lays out the screen under
    the one on top even where that hides it, and then had the one on top drawn again whole:
    a third frame 10-15 ms after a level's first two, that the wire cut down to nothing."""

    @property
    def is_current(self) -> bool:
        """Whether it shows: on top, or under screens that all let it show through."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        return all(screen.styles.background.a < 1 for screen in stack[stack.index(self) + 1 :])


class SteadyApp(App[None]):
    """An App whose screen stack survives keys typed ahead, signals and resize storms."""

    BINDINGS = [Binding("ctrl+l", "redraw", "Redraw the screen", show=False)]

    def __init__(self) -> None:
        mend_textual()  # a leak of every widget's drawn lines
        super().__init__()
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables())
        self.stale_key: float | None = STALE_KEY  # None: every key is taken, however late
        self._last_key = float("-inf")  # when the key before arrived (Textual's clock)
        self._dropping = False  # a storm's keys are being dropped until a pause (`PAUSE`)
        self._last_verdict: tuple[Key, bool] | None = None  # the last key judged, and if dropped
        self.wire = Wire()  # what the terminal shows: frames are cut down to what changes
        self._signals: dict[int, Any] = {}  # signal → its handler before the loop took it
        self._ending = False
        self._end_asked = False  # `end` was called: input still queued is not acted on
        self._size_timer: Timer | None = None
        self._redraw_settled = False  # the screen is drawn again once the size settles
        self._hold_timer: Timer | None = None  # ends a hold of the frames (`hold_frames`)
        self.started = False  # Textual's start-up batch is over (`on_ready`)
        self._once_drawn: list[Callable[[], object]] = []  # `after_first_frame`'s, until then

    def on_ready(self) -> None:
        """Textual's start-up is over: the screens pushed during it may draw
        (`DrawnOnceStarted`), and the one on top does, whole, even if no resize comes."""
        self.started = True
        self.screen.refresh()
        for callback in self._once_drawn:
            self.call_after_refresh(self.set_timer, FRAME_OUT, callback)
        self._once_drawn.clear()

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call `callback` once the screen on top has been drawn: FRAME_OUT after its first
        frame for one pushed as the app starts (`call_after_refresh` ran it during the
        start-up, before any frame), after its next refresh for any other."""
        if self.started:
            self.call_after_refresh(callback)
        else:
            self._once_drawn.append(callback)

    def get_default_screen(self) -> Screen[None]:
        """The bottom of the stack: a `Backdrop`."""
        return Backdrop(id="_default")

    def end_on_signals(self) -> None:
        """End the app on the ending signals and when its terminal hangs up (not headless)."""
        if self.is_headless:  # tests run the app in pytest's own loop and process
            return
        if sys.__stdin__ is not None and not stdio.in_browser():  # a page has no terminal
            self.set_interval(HANGUP_CHECK, partial(self._check_terminal, sys.__stdin__.fileno()))
        for sig in ENDING_SIGNALS:
            self.on_signal(sig, partial(self.end, 128 + sig))
            keep_noting(sig)
        if noted:  # one came as the terminal was set up, before the loop listened
            self.end(128 + noted[0])

    def on_signal(self, sig: int, handler: Callable[[], None]) -> None:
        """Call handler (on the app's loop) when the process gets sig (not headless)."""
        if self.is_headless:
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            before = signal.getsignal(sig)
            asyncio.get_running_loop().add_signal_handler(sig, handler)
            self._signals.setdefault(sig, before)
            quiet_when_full()

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the app, its ending signals noted from before the terminal is set up until
        the process ends, so none of them ends the process by its default action with the
        terminal still the game's (alternate screen, mouse reports, cursor hidden): the
        loop listens only from the app's mount to its unmount, and a SIGTERM sent as the
        game drew its first frame left the terminal so, as did a storm of ctrl+c (the
        loop's SIGINT handler gone, KeyboardInterrupt) or of kills as it ended. One noted
        before the loop listens ends the game once it does; one noted after, nothing more.
        Once it has run they are ignored: Python puts the default actions back as it
        finishes, and a kill then ended the process, its status lost.

        Headless (a screenshot's run, in a test's process) the process's signals are left
        alone: ignored once it had run, they stayed ignored in the test's process, and every
        process it started after (a game, a class host) began with them ignored, as SIG_IGN
        is kept across exec: a host given ctrl+c went on for good."""
        if kwargs.get("headless"):
            return super().run(*args, **kwargs)
        take_ending_signals()
        try:
            return super().run(*args, **kwargs)
        finally:
            take_ending_signals(signal.SIG_IGN)

    def _check_terminal(self, fd: int) -> None:
        """End as on SIGHUP once the terminal has gone: when the signal went elsewhere (a
        parent that ignores it), Textual's input thread would spin on the dead terminal.

        Take a new size the terminal has without having said so: a SIGWINCH lost (blocked
        by a parent, or one the test suite saw vanish in a resize) left the game drawing
        80×24 frames in a 100×30 window until the next resize."""
        if terminal_gone(fd):
            self.end(128 + signal.SIGHUP)
            return
        width, height = shutil.get_terminal_size((0, 0))  # as Textual's driver reads it
        size = Size(width, height)
        if width > 0 and height > 0 and size != self.size:
            self.post_message(Resize(size, size))

    def end(self, status: int = 0, since: float | None = None) -> None:
        """End the game once every screen on the stack has mounted: one still mounting while
        the app closes finds its widgets gone (`l` then ctrl+q typed ahead crashed the
        lesson; so did a lesson still mounting under a size notice that had). At most
        END_WAIT seconds after it was asked: a screen that could not mount (its terminal
        hung up) kept a game from ending for good.

        From the first ask, keys and the mouse still queued are dropped: a terminal that
        hung up in a key storm had the game play the storm's queued keys first, each in
        turn, with its ending waiting behind them (four minutes of a core, orphaned).

        Looked at again by the event loop itself, not after the next refresh nor by a timer
        of the app's: Textual's app waits for a pushed screen to mount before it takes its
        next message, and a screen waits to be idle before it runs what is to come after
        its refresh, so a screen whose mount never ended held both for good. A game whose
        terminal died in a storm of keys and resizes ran on for half an hour, orphaned, at
        a quarter of a core and 676 MB, deaf to SIGTERM (a hostile pass). `exit` starts the
        watchdog, which ends the process if the app still cannot."""
        if since is None and self._end_asked:  # the first ask's looks go on: one is enough
            return  # (a storm of kills as a screen mounted had each look every END_LOOK)
        self._end_asked = True
        since = time.monotonic() if since is None else since
        if not self.settled() and time.monotonic() - since < END_WAIT:
            asyncio.get_running_loop().call_later(END_LOOK, self.end, status, since)
        else:
            self.exit(None, status)

    def settled(self) -> bool:
        """Whether every screen on the stack has mounted."""
        return all(screen.is_mounted for screen in self.screen_stack)

    async def on_event(self, event: Event) -> None:
        """A mouse report past the screen's edge is dropped, unless a widget holds the mouse
        (a drag that ends outside still ends): Textual took a press or a wheel there as one
        on nothing and took the focus away, so the level list's arrows did nothing until
        tab. A terminal sends them in a resize racing a click, or forged. Once the game is
        asked to end (`end`), input still queued is dropped."""
        if self._end_asked and isinstance(event, (Key, MouseEvent, Paste)):
            return
        if (
            isinstance(event, MouseEvent)
            and not isinstance(event, MouseMove)
            and not event.is_forwarded
            and self.mouse_captured is None
            and not self.size.region.contains(event.x, event.y)
        ):
            return
        if (
            isinstance(event, (MouseDown, MouseUp))
            and self.mouse_captured is None  # a drag under way always ends
            and self._stale(event)
        ):
            return
        if (
            isinstance(event, Key)
            and not event.is_forwarded
            and event.key in bound_first(type(self.screen))
            and self._dropped(event)
        ):
            return  # its priority binding would run before `on_key` could stop it
        await super().on_event(event)

    def _stale(self, event: MouseDown | MouseUp) -> bool:
        """Whether a press or release lands on what has changed since it was drawn: a widget
        that has left the screen (a toast taken away by the click before: three clicks on
        "Nothing to undo." 5 ms apart, and Textual's text selection raised AttributeError
        on its missing parent), or an option no longer in its list (the palette's, pressed,
        then letters typed before the release: the click Textual made of the release named
        an option the shortened list had not, and its OptionList raised IndexError)."""
        try:
            widget, _ = self.screen.get_widget_at(event.x, event.y)
        except NoWidget:
            return False
        if not widget.is_attached:
            return True
        if not isinstance(event, MouseUp) or not isinstance(widget, OptionList):
            return False
        option = self.screen.get_style_at(event.x, event.y).meta.get("option")
        return isinstance(option, int) and not 0 <= option < widget.option_count

    async def action_quit(self) -> None:
        """Quit (ctrl+q), once the keys typed before it have been acted on and the screen on
        top has mounted. ctrl+q runs as it reaches the app; a key before it that the screen
        binds goes to the focused widget and comes back to the app, so it came after the
        quit and was dropped: the last dart and ctrl+q in one read (a fast typist, or SSH)
        lost the win. The quit goes the keys' way (`KeysBeforeQuit`), behind them; if it is
        not back within QUIT_BEHIND_KEYS seconds, the game ends all the same."""
        target = self.focused or self.screen
        if not target.post_message(KeysBeforeQuit()):
            self.end()
            return
        self.set_timer(QUIT_BEHIND_KEYS, self.end)

    def on_keys_before_quit(self, message: KeysBeforeQuit) -> None:
        """Back from the widget that takes the keys: those typed before ctrl+q are done."""
        message.stop()
        self.end()

    def on_unmount(self) -> None:
        """Give each signal back the handler it had before the loop took it (for an ending
        signal, noting it: see `run`), with the signals held back meanwhile: the loop puts
        the default action (for SIGINT, KeyboardInterrupt) in between."""
        loop = asyncio.get_running_loop()
        held = hold_all(set(self._signals))
        try:
            for sig, before in self._signals.items():
                loop.remove_signal_handler(sig)
                with contextlib.suppress(TypeError, ValueError):
                    signal.signal(sig, before)
        finally:
            let_through(held)
        self._signals.clear()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; one typed ahead of a screen that has not mounted yet waits for it,
        and while the terminal is too small only ctrl+q works.

        Escape typed ahead could otherwise pop a screen before its `on_mount` ran, which
        then found its widgets gone; ctrl+p could open a level under the size notice. An
        action of a screen that has been closed since its key was pressed is dropped.
        """
        name = action if isinstance(action, str) else action[1]
        gone = isinstance(default_namespace, Widget) and not default_namespace.is_attached
        if gone and name.rpartition(".")[2] not in ALWAYS:
            return True  # its screen was closed by a key typed ahead of this one (escape, f)
        if name.rpartition(".")[2] in ALWAYS:  # it waits for the screen to mount itself
            return await super().run_action(action, default_namespace, namespaces)
        if isinstance(self.screen, TooSmallScreen):
            self.bell()
            return True
        if not self.screen.is_mounted:
            self.call_after_refresh(self.run_action, action, default_namespace, namespaces)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """End the game; from now on no new screen is pushed.

        A terminal that has gone (a closed window, a dropped SSH link) can block Textual's
        last writes for ever; every win is already saved, so if the app has not ended
        within a few seconds the process ends itself with the same status.
        """
        if not self._ending and not self.is_headless:
            ends = partial(watchdog, return_code, self._terminal_put_back)
            threading.Thread(target=ends, daemon=True).start()
        self._ending = True
        super().exit(result, return_code, message)

    def _terminal_put_back(self) -> None:
        """What Textual's driver does to the terminal when the app ends (its settings as they
        were, the mouse, paste and keyboard modes off, the game's screen left, the cursor
        shown), for the watchdog to do when the app could not end (a screen that never
        mounted holds the app's queue: the process ended in the game's screen, mouse reports
        on, keys not echoed). Written where the driver draws (stderr), not through its
        writer: a CAN first ends whatever sequence the writer was cut off in."""
        driver, screen = self._driver, sys.__stderr__
        fileno, settings = getattr(driver, "fileno", None), getattr(driver, "attrs_before", None)
        if not isinstance(fileno, int) or screen is None or not os.isatty(screen.fileno()):
            # not a terminal of Textual's own drivers (headless, the browser's: its fileno is
            # the pipe to the server, and these bytes went into the player's errors file)
            return
        if getattr(driver, "put_back", False):
            return  # put back already, by the driver, as the app ended (`says_when_put_back`)
        if settings is not None:
            import termios

            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(fileno, termios.TCSANOW, settings)
        left = PUT_BACK
        while left:
            left = left[os.write(screen.fileno(), left) :]

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Push a screen, unless the game is ending: a screen that mounts while the app
        closes finds its widgets gone (keys typed ahead: `space`, then `escape` quits).

        The too-small notice stays on top: a screen pushed under it (a timer's win) goes
        beneath it, so the notice is always the one that goes when the terminal grows.
        """
        if self._ending:
            return AwaitMount(self.screen, [])
        if args and isinstance(args[0], Screen) and not args[0].is_attached:
            given = breakpoint_classes(args[0], self.size)
            args[0].add_class(*(name for name, has in given.items() if has), update=False)
        notice = self.screen
        if isinstance(notice, TooSmallScreen):
            super().pop_screen()
            pushed = super().push_screen(*args, **kwargs)
            super().push_screen(TooSmallScreen(*notice.need))
            return pushed
        return super().push_screen(*args, **kwargs)

    def pop_screen(self) -> AwaitComplete:
        """Pop the screen on top, unless a screen that is no longer on top asks.

        Textual's `dismiss` pops whatever is on top: a second click on the command
        palette's background (queued before the first closed it) popped the level under it,
        and the next one the level list.
        """
        if not self._asked_by_top():
            nothing: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return nothing
        return super().pop_screen()

    def _asked_by_top(self) -> bool:
        """Whether what runs now is the app, or a widget of the screen on top."""
        caller = active_message_pump.get(None)
        if isinstance(caller, Widget) and caller is not self.screen:
            try:
                asking = caller.screen
            except NoScreen:
                asking = None
            return asking is self.screen
        return True

    # size ---------------------------------------------------------------
    def on_key(self, event: Key) -> None:
        """A key typed before the screen on top was shown works none of its bindings, where
        that screen says when it was shown (`shown_at`, on the clock events carry): the
        second enter of a double tap, queued behind the winning key, reaches the app after
        the win panel has opened and would close it unread. A key of a burst that waited
        longer than `stale_key` seconds is dropped too, and every key after it until a pause
        (`PAUSE`): 1,000 keys pasted into the game, each opening or closing a dialog, kept it
        busy for 11 s. ctrl+q is never dropped: a win panel still being placed out of sight
        takes no key, but the player can always quit. (This runs before Textual's own key
        handler, which checks the bindings, and stops it.)"""
        if self._dropped(event):
            event.prevent_default()
            event.stop()

    def _dropped(self, event: Key) -> bool:
        """Whether a key is dropped (see `on_key`), worked out once a key: one the screen
        binds with priority as it reaches the app (`on_event`), any other as it comes back
        to the app from the screen, its bindings not yet checked."""
        if self._last_verdict is not None and self._last_verdict[0] is event:
            return self._last_verdict[1]
        shown = getattr(self.screen, "shown_at", None)
        typed_before = isinstance(shown, float) and event.time < shown
        waited = event_clock() - event.time
        gap, self._last_key = event.time - self._last_key, event.time
        stale = self.stale_key is not None and waited > self.stale_key and gap < BURST_GAP
        self._dropping = stale or (self._dropping and gap < PAUSE)
        dropped = (typed_before or self._dropping) and event.key not in NEVER_STALE
        self._last_verdict = (event, dropped)
        return dropped

    def hold_frames(self) -> None:
        """Send no frame until `show_frames`, or `HOLD_MOST` seconds from the first ask: a
        screen whose parts are laid out over several frames shows once they are (the win
        panel beside a level laid out again for the room it leaves: for 1 to 3 frames the
        level stood narrowed around an empty band where the panel would go). Over a
        terminal whose frames go whole (`DARTFIT_WHOLE_FRAMES=1`) nothing is held."""
        if self.wire.held:  # held already: within the bound of the first ask
            return
        self.wire.hold()
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = self.set_timer(HOLD_MOST, self._held_too_long)

    def show_frames(self) -> None:
        """End a hold (`hold_frames`) with the whole screen drawn again, which the wire cuts
        down to the cells that changed while held."""
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if self.wire.held and not self.screen_stack:  # ending: nothing left to draw
            self.wire.release()
        elif self.wire.held:
            self.wire.release_on_whole(self.size.height)
            self.screen.refresh()
            self._hold_timer = self.set_timer(HOLD_MOST, self._held_too_long)

    def _held_too_long(self) -> None:
        """No whole frame came to end a hold: send frames again, whole (as ctrl+l does)."""
        self._hold_timer = None
        if self.wire.held:
            self.wire.release()
            if self.screen_stack:
                self.action_redraw()

    def action_redraw(self) -> None:
        """ctrl+l, as in other terminal programs: send the whole screen again, over anything
        another program wrote on it (only changed cells are sent otherwise)."""
        self.wire.forget()
        self.screen.refresh(repaint=True)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, its frames cut down to the cells that change
        (`dartfit.wire`); DARTFIT_WHOLE_FRAMES=1 sends them as Textual makes them."""
        textuals = super().get_driver_class()
        driver = wakes_after_stop(keeps_writing(keeps_reading(says_when_put_back(textuals))))
        return driver if os.environ.get("DARTFIT_WHOLE_FRAMES") == "1" else trimmed(driver)

    def on_resize(self, event: Resize) -> None:
        """Show or hide the size notice once the size has settled: pushing and popping it on
        every step of a resize storm (a window dragged, a multiplexer re-laying out) could
        leave Textual re-laying out screens for ever.

        The terminal may have changed its screen in the resize: the wire forgets it, and once
        the size settles the screen is drawn again. Textual draws after a resize only when the
        size its screen is laid out at changes, and a window made smaller and back at once
        reaches the screen at the size it had (one SIGWINCH read at the end, or two within
        Textual's debounce): nothing was drawn, and the terminal may have lost what it showed.
        When Textual did draw, the wire finds nothing more to send. (Not for the size the
        driver reports as it starts: the first frame is drawn whole then anyway; nor headless,
        with no terminal to have lost anything.)

        A hold of the frames waiting for the whole screen (`show_frames`) waits for it at the
        new size: a window made shorter drew no frame of the rows asked for."""
        self.wire.forget()
        if self.wire.until_whole:
            self.wire.release_on_whole(event.size.height)
        self._redraw_settled = self.started and not self.is_headless
        if self._size_timer is not None:
            self._size_timer.stop()
        self._size_timer = self.set_timer(SIZE_SETTLES, self._size_settled)

    def _size_settled(self) -> None:
        self._size_timer = None
        if not self._ending and self.screen_stack:  # not while the app closes
            if self._redraw_settled:
                self.screen.refresh(repaint=True)
            self._check_size(self.size.width, self.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not small:
            self.pop_screen()


def breakpoint_classes(screen: Screen[Any], size: Size) -> dict[str, bool]:
    """Each breakpoint class of a screen, and whether it has it at this size: given before
    it mounts (the resize as it mounts then changes no class, which restyled every widget
    of it again), and to a level as it is resized (`LevelScreen.on_resize`)."""
    app = screen.app
    horizontal = screen.HORIZONTAL_BREAKPOINTS
    vertical = screen.VERTICAL_BREAKPOINTS
    classes: dict[str, bool] = {}
    for dimension, breakpoints in (
        (size.width, app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal),
        (size.height, app.VERTICAL_BREAKPOINTS if vertical is None else vertical),
    ):
        ordered = sorted(breakpoints or [], reverse=True)
        reached = next((name for at, name in ordered if dimension >= at), None)
        classes |= {name: name == reached for _, name in ordered}
    return classes
