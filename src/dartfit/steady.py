"""SteadyApp: a Textual App that holds its screen stack steady whatever the terminal does.

Keys typed ahead of a screen that has not mounted wait for it; no screen is pushed while
the app ends; only the screen on top may pop itself; a size notice comes and goes once a
resize storm settles; a closed terminal, an SSH drop or a signal ends the app as ctrl+q
does, with the exit status 128 + the signal, and a watchdog ends the process if the
terminal blocks the last writes. The game (`dartfit.app`) builds on it.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import errno
import os
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache, partial
from typing import Any

try:
    import termios
except ImportError:  # Windows: no terminal to hang up
    termios = None  # type: ignore[assignment]

from rich.console import RenderableType
from textual._context import active_message_pump
from textual._parser import Parser
from textual._xterm_parser import XTermParser
from textual.actions import ActionParseResult
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.constants import ESCAPE_DELAY
from textual.dom import DOMNode, NoScreen
from textual.driver import Driver
from textual.errors import NoWidget
from textual.events import Event, Key, MouseDown, MouseEvent, MouseMove, MouseUp, Resize
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import OptionList

from dartfit import stdio
from dartfit.dialogs.too_small import TooSmallScreen
from dartfit.mend import mend_textual
from dartfit.messages import event_clock
from dartfit.stylesheet import KeptStylesheet
from dartfit.wire import Wire, trimmed

MIN_WIDTH, MIN_HEIGHT = 80, 24
# a terminal closed, an SSH drop, `kill` and `kill -INT`: each ends the game as ctrl+q does
# (wins are already saved) and restores the terminal; the exit status is 128 + the signal
ENDING_SIGNALS = (
    signal.SIGHUP,
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGUSR2,  # (SIGUSR1 brings a notice: see dartfit.notice)
    signal.SIGALRM,
)
SIZE_SETTLES = 0.1  # seconds without a resize before the size notice comes or goes
HANGUP_CHECK = 1.0  # seconds between checks that the terminal is still there
SHUTDOWN_GRACE = 3.0  # seconds the app may take to end before the process ends itself
# actions that run even under the size notice or before the screen on top has mounted
ALWAYS = frozenset({"quit"})

STALE_KEY = 1.0
"""Seconds a key may wait to be taken: one older (a storm of keys, a paste into the game,
each opening and closing a dialog) is dropped, so the game answers the next key at once."""
BURST_GAP = 0.02
"""Seconds between two keys' arrivals under which they are one burst (a paste, a storm):
only a key of a burst is dropped as stale. A key typed on its own (a gap from the one
before it) is taken however late the game comes to it, on a host as loaded as can be."""
NEVER_STALE = frozenset({"ctrl+q", "ctrl+c"})
"""Keys taken however long they waited: the way out."""

_noted: list[int] = []
"""Ending signals that came while no event loop listened for them (see `SteadyApp.run`)."""


def _note(signum: int, frame: object) -> None:
    """An ending signal that came before the game listened, or after it stopped: noted (the
    game ends on it once it listens; one that comes as it ends changes nothing)."""
    _noted.append(signum)


def _take_ending_signals(handler: Any = _note) -> None:
    """Note the ending signals from now on, or ignore them (on the main thread; elsewhere
    nothing)."""
    _noted.clear()
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours
        for sig in ENDING_SIGNALS:
            signal.signal(sig, handler)


def _quiet_when_full() -> None:
    """Signals coming faster than the loop reads them (a storm of kills as the game ends)
    fill its wake-up socket: Python printed "Exception ignored when trying to write to the
    signal wakeup fd" and a traceback over the terminal for each one more. The signals
    already in it end the game all the same."""
    with contextlib.suppress(ValueError):
        fd = signal.set_wakeup_fd(-1)
        if fd != -1:
            signal.set_wakeup_fd(fd, warn_on_full_buffer=False)


def terminal_gone(fd: int) -> bool:
    """Whether the terminal on `fd` has been hung up (closed by its other side)."""
    if termios is None:
        return False
    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return bool(error.args[0] == errno.EIO)
    except OSError as error:
        return error.errno == errno.EIO
    return False


class SteadyApp(App[None]):
    """An App whose screen stack survives keys typed ahead, signals and resize storms."""

    BINDINGS = [Binding("ctrl+l", "redraw", "Redraw the screen", show=False)]

    def __init__(self) -> None:
        mend_textual()  # a leak of every widget's drawn lines
        super().__init__()
        self.stylesheet = KeptStylesheet(variables=self.get_css_variables())
        self.stale_key: float | None = STALE_KEY  # None: every key is taken, however late
        self._last_key = float("-inf")  # when the key before arrived (Textual's clock)
        self.wire = Wire()  # what the terminal shows: frames are cut down to what changes
        self._signals: dict[int, Any] = {}  # signal → its handler before the loop took it
        self._ending = False
        self._size_timer: Timer | None = None

    def end_on_signals(self) -> None:
        """End the app on the ending signals and when its terminal hangs up (not headless)."""
        if self.is_headless:  # tests run the app in pytest's own loop and process
            return
        if sys.__stdin__ is not None and not stdio.in_browser():  # a page has no terminal
            self.set_interval(HANGUP_CHECK, partial(self._check_terminal, sys.__stdin__.fileno()))
        for sig in ENDING_SIGNALS:
            self.on_signal(sig, partial(self.end, 128 + sig))
        if _noted:  # one came as the terminal was set up, before the loop listened
            self.end(128 + _noted[0])

    def on_signal(self, sig: int, handler: Callable[[], None]) -> None:
        """Call handler (on the app's loop) when the process gets sig (not headless)."""
        if self.is_headless:
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            before = signal.getsignal(sig)
            asyncio.get_running_loop().add_signal_handler(sig, handler)
            self._signals.setdefault(sig, before)
            _quiet_when_full()

    def run(self, *args: Any, **kwargs: Any) -> None:
        """Run the app, its ending signals noted from before the terminal is set up until
        the process ends, so none of them ends the process by its default action with the
        terminal still the game's (alternate screen, mouse reports, cursor hidden): the
        loop listens only from the app's mount to its unmount, and a SIGTERM sent as the
        game drew its first frame left the terminal so, as did a storm of ctrl+c (the
        loop's SIGINT handler gone, KeyboardInterrupt) or of kills as it ended. One noted
        before the loop listens ends the game once it does; one noted after, nothing more.
        Once it has run they are ignored: Python puts the default actions back as it
        finishes, and a kill then ended the process, its status lost."""
        _take_ending_signals()
        try:
            return super().run(*args, **kwargs)
        finally:
            _take_ending_signals(signal.SIG_IGN)

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

    def end(self, status: int = 0) -> None:
        """End the game once every screen on the stack has mounted: one still mounting while
        the app closes finds its widgets gone (`l` then ctrl+q typed ahead crashed the
        lesson; so did a lesson still mounting under a size notice that had)."""
        if not self.settled():
            self.call_after_refresh(self.end, status)
        else:
            self.exit(None, status)

    def settled(self) -> bool:
        """Whether every screen on the stack has mounted."""
        return all(screen.is_mounted for screen in self.screen_stack)

    async def on_event(self, event: Event) -> None:
        """A mouse report past the screen's edge is dropped, unless a widget holds the mouse
        (a drag that ends outside still ends): Textual took a press or a wheel there as one
        on nothing and took the focus away, so the level list's arrows did nothing until
        tab. A terminal sends them in a resize racing a click, or forged."""
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
        """Quit (ctrl+q), once the screen on top has mounted."""
        self.end()

    def on_unmount(self) -> None:
        """Give each signal back the handler it had before the loop took it (for an ending
        signal, noting it: see `run`), with the signals held back meanwhile: the loop puts
        the default action (for SIGINT, KeyboardInterrupt) in between."""
        loop = asyncio.get_running_loop()
        held = _hold_all(set(self._signals))
        try:
            for sig, before in self._signals.items():
                loop.remove_signal_handler(sig)
                with contextlib.suppress(TypeError, ValueError):
                    signal.signal(sig, before)
        finally:
            _let_through(held)
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
            watchdog = threading.Thread(target=_watchdog, args=(return_code,), daemon=True)
            watchdog.start()
        self._ending = True
        super().exit(result, return_code, message)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Push a screen, unless the game is ending: a screen that mounts while the app
        closes finds its widgets gone (keys typed ahead: `space`, then `escape` quits).

        The too-small notice stays on top: a screen pushed under it (a timer's win) goes
        beneath it, so the notice is always the one that goes when the terminal grows.
        """
        if self._ending:
            return AwaitMount(self.screen, [])
        if args and isinstance(args[0], Screen) and not args[0].is_attached:
            args[0].add_class(*breakpoint_classes(args[0], self.size), update=False)
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
        caller = active_message_pump.get(None)
        if isinstance(caller, Widget) and caller is not self.screen:
            try:
                asking = caller.screen
            except NoScreen:
                asking = None
            if asking is not self.screen:
                nothing: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
                return nothing
        return super().pop_screen()

    # size ---------------------------------------------------------------
    def on_key(self, event: Key) -> None:
        """A key typed before the screen on top was shown works none of its bindings, where
        that screen says when it was shown (`shown_at`, on the clock events carry): the
        second enter of a double tap, queued behind the winning key, reaches the app after
        the win panel has opened and would close it unread. A key of a burst that waited
        longer than `stale_key` seconds is dropped too (but ctrl+q): 1,000 keys pasted into
        the game, each opening or closing a dialog, kept it busy for 11 s. (This runs before
        Textual's own key handler, which checks the bindings, and stops it.)"""
        shown = getattr(self.screen, "shown_at", None)
        typed_before = isinstance(shown, float) and event.time < shown
        waited = event_clock() - event.time
        in_burst = event.time - self._last_key < BURST_GAP
        self._last_key = event.time
        stale = self.stale_key is not None and waited > self.stale_key and in_burst
        if typed_before or (stale and event.key not in NEVER_STALE):
            event.prevent_default()
            event.stop()

    def action_redraw(self) -> None:
        """ctrl+l, as in other terminal programs: send the whole screen again, over anything
        another program wrote on it (only changed cells are sent otherwise)."""
        self.wire.forget()
        self.screen.refresh(repaint=True)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, its frames cut down to the cells that change
        (`dartfit.wire`); DARTFIT_WHOLE_FRAMES=1 sends them as Textual makes them."""
        driver = wakes_after_stop(keeps_writing(keeps_reading(super().get_driver_class())))
        return driver if os.environ.get("DARTFIT_WHOLE_FRAMES") == "1" else trimmed(driver)

    def on_resize(self, event: Resize) -> None:
        """Show or hide the size notice once the size has settled: pushing and popping it on
        every step of a resize storm (a window dragged, a multiplexer re-laying out) could
        leave Textual re-laying out screens for ever.

        The terminal may have changed its screen in the resize: the next frame goes whole."""
        self.wire.forget()
        if self._size_timer is not None:
            self._size_timer.stop()
        self._size_timer = self.set_timer(SIZE_SETTLES, self._size_settled)

    def _size_settled(self) -> None:
        self._size_timer = None
        if not self._ending and self.screen_stack:  # not while the app closes
            self._check_size(self.size.width, self.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not small:
            self.pop_screen()


WATCH_STEP = 0.1  # seconds between the watchdog's looks at the clock


def hold_ending_signals_here() -> None:
    """Hold the ending signals back on this thread, if it is not the main one: the kernel
    gives a signal to any thread that does not hold it back, and while the main thread
    holds them (`on_unmount` giving the handlers back), one given to another thread took
    the default action there (a review: a storm of kills as the game ended, with Textual's
    writer, the watchdog or a worker alive, ended the process by SIGTERM's default, or
    raised KeyboardInterrupt). Held back everywhere else, they wait for the main thread."""
    if threading.current_thread() is not threading.main_thread():
        _hold_all(set(ENDING_SIGNALS))


def _watchdog(status: int) -> None:
    """End the process with `status` once the app has had `SHUTDOWN_GRACE` seconds to end,
    counting only time it could run: stopped (kill -STOP, a stop as it ended) for longer
    than that, the clock ran on, and at the continue the process ended at once, before the
    terminal's last writes (the alternate screen left on)."""
    hold_ending_signals_here()
    left, last = SHUTDOWN_GRACE, time.monotonic()
    while left > 0:
        time.sleep(WATCH_STEP)
        now = time.monotonic()
        left -= min(now - last, 2 * WATCH_STEP)  # a jump: stopped, not slow
        last = now
    os._exit(status)


def breakpoint_classes(screen: Screen[Any], size: Size) -> set[str]:
    """The breakpoint classes a screen will have at this size, given before it mounts: the
    resize as it mounts then changes no class, which restyled every widget of it again."""
    app = screen.app
    horizontal = screen.HORIZONTAL_BREAKPOINTS
    vertical = screen.VERTICAL_BREAKPOINTS
    classes = set()
    for dimension, breakpoints in (
        (size.width, app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal),
        (size.height, app.VERTICAL_BREAKPOINTS if vertical is None else vertical),
    ):
        classes |= next(
            ({name} for at, name in sorted(breakpoints or [], reverse=True) if dimension >= at),
            set(),
        )
    return classes


UNREADABLE_INPUT = (UnicodeDecodeError, ValueError, OverflowError, ArithmeticError)
"""What Textual's reading of the terminal raises on bytes that are no text or no key: a
Latin-1 "é" (an 8-bit meta key, an old mouse report past column 95), a key code beyond
Unicode or a C int (ESC [ 1114112 u), a mouse report after a resize report of a pixel size
0 (ESC [ 48 ; 24 ; 80 ; 0 ; 0 t, then a division by it)."""


def _lenient(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """An incremental decoder that reads a byte it cannot decode as U+FFFD (no key)."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


ESC, BEL = "\x1b", "\x07"
STRING_STARTS = frozenset("]P_^X")
"""After ESC: an OSC, DCS, APC, PM or SOS string, which a terminal sends (a colour, a
title, a reply) and a key never does; it runs to BEL or ESC \\."""
CSI_START = frozenset("[")
HELD_STARTS = STRING_STARTS | CSI_START  # after ESC: read here first (a CSI too)
PASSED_AS_THEY_ARE = frozenset({"\x1b[200~", "\x1b[201~", "\x1b[[", "\x1b[M"})
"""CSI sequences Textual's parser takes on as they are: a paste's start and end, and the
starts of a Linux console's function key (ESC [ [ A) and an old mouse report (3 bytes)."""
LONGEST_CSI = 32
"""Characters of a CSI sequence Textual's parser looks for a key in: past them it hands
the sequence out as keys, which is never what a terminal meant."""
LONGEST_STRING = 4096  # characters of a control string kept to see its end
HELD_GIVE_UP = ESCAPE_DELAY
"""Seconds a control string or CSI may take to end, as long as Textual's parser gives an
escape sequence; one that has not was keys after all (alt+[ is ESC [), and is passed on as
typed."""
PASTE_GIVE_UP = 2.0
"""Seconds without input inside a paste before it is given up: a paste whose end never
came (a byte lost on the line) held every key after it, ctrl+q too, for good."""
PASTE_LONGEST = 10.0
"""Seconds a paste may last in all: keys typed again and again into one whose end never
came (never 2 s apart) kept it going for good (a browser tab, a hostile pass)."""


@lru_cache(maxsize=512)
def _understood(sequence: str) -> bool:
    """Whether Textual's parser makes anything of a whole CSI sequence (a key, a mouse
    report, a reply it asked for). One it does not understand it keeps reading on into the
    keys typed after it, and then hands them all out as keys: a terminal's reply or a
    forged code cost a star (its `b` showed the best line)."""
    try:
        return bool(list(XTermParser().feed(sequence)))
    except UNREADABLE_INPUT:  # a code beyond Unicode or a C int: no key either
        return False


MODE_REPORT = re.compile(r"\x1b\[\?\d+;\d+\$y")
"""A terminal's answer to which modes it has (synchronized output, in-band resizes)."""
SGR_MOUSE = re.compile(r"\x1b\[<\d+;-?\d+;-?\d+[Mm]")
"""A mouse report: passed on unasked (each differs, and asking cost a parser each)."""


PLAIN_RUN = 256
"""Characters of plain text in one read past which it is text pasted into the game: no
typist, key repeat or terminal sends so many keys of text at once."""
_PLAIN_CHARACTER = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # no control key but \t \n \r
_PLAIN = re.compile(_PLAIN_CHARACTER + "*")
PASTE_TAIL = 0.05
"""Seconds after a read dropped as pasted within which plain text of any length is the
rest of that paste (its last read is shorter than `PLAIN_RUN`)."""


PASTE_START = "\x1b[200~"
_LONG_RUN = re.compile(
    rf"(\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?)|({_PLAIN_CHARACTER}{{{PLAIN_RUN + 1},}})",
    re.DOTALL,
)
"""An escape sequence (kept whole), or a run of plain text too long to be typed (dropped)."""


def _sequence_only(found: re.Match[str]) -> str:
    return found.group(1) or ""


def _pasted_text(data: str, since_dropped: float) -> bool:
    """Whether one read is a run of plain text (letters, digits, spaces, tabs, line ends as
    a terminal sends them: \r, or \n, no escape or other control key) longer than
    `PLAIN_RUN`, or any plain text just after one: pasted, without a bracketed paste's
    marks (a terminal that has none, or a program that writes to the terminal). Each of
    its characters was a key: 100 KB of them kept the game busy for 10 s."""
    long_enough = len(data) > PLAIN_RUN or since_dropped < PASTE_TAIL
    return long_enough and _PLAIN.fullmatch(data) is not None


class SteadyParser(XTermParser):
    """Textual's parser of what the terminal sends, steadied against input it reads wrongly:

    - A key code it cannot read (ESC [ 1114112 u) raised, and what came in the same read
      was lost (the web driver's input thread ended on it, leaving a browser tab that took
      no key again). Each character is fed on its own, so a failed one is known: the
      sequence it ended is dropped, a parser made afresh reads on from the next character.
    - What a terminal says and no key is (an OSC or DCS string, a CSI reply such as
      ESC [ ? 62 ; 22 c, a CSI that no key has, one of thousands of characters) was handed
      out as keys, `?` and `b` among them. Such sequences are read here first and dropped
      whole; the rest pass on as they came.
    - A paste that never ends is given up after `PASTE_GIVE_UP` seconds without input.
    - Text pasted without a paste's marks (`PLAIN_RUN` characters of it in one read) is
      dropped: each character was a key, and 100 KB of them kept the game busy for 10 s."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._held: list[str] = []  # a control string or CSI read, not yet passed on
        self._held_at = 0.0
        self._dropping = False  # the held sequence is too long: dropped as it ends
        self._tail = ""  # the last characters passed on: where a paste starts and ends
        self._pasting = False
        self._paste_since = 0.0
        self._last_input = 0.0
        self._dropped_at = -1e9  # when a read was last dropped as pasted text

    def feed(self, data: str) -> Iterator[Message]:
        if not data:  # the end of input
            yield from super().feed(data)
            return
        now = time.monotonic()
        if self._paste_over(now):
            self._restart()  # the web driver's parser is ticked only as input comes
        self._last_input = now
        if not self._pasting and not self._held and _pasted_text(data, now - self._dropped_at):
            self._tail, self._dropped_at = "", now
            return  # text pasted without a paste's marks: no key of it is meant
        if not self._pasting and len(data) > PLAIN_RUN and PASTE_START not in data:
            kept = _LONG_RUN.sub(_sequence_only, data)  # one read: a paste and a mouse report
            if len(kept) < len(data):
                self._dropped_at = now
                if not kept:
                    return
                data = kept
        i = 0
        while i < len(data):
            character = data[i]
            i += 1
            if self._held:
                yield from self._hold(character)
            elif character == ESC and i < len(data) and data[i] in self._held_starts():
                self._held, self._held_at, self._dropping = [ESC, data[i]], now, False
                i += 1
            else:
                yield from self._pass(character)

    def tick(self) -> Iterator[Message]:
        now = time.monotonic()
        if self._held and now - self._held_at > HELD_GIVE_UP:
            held, self._held = self._held, []
            if not self._dropping and len(held) <= 8:  # alt+] and what was typed after it
                yield from self._pass("".join(held))
        if self._paste_over(now):
            self._restart()
        try:
            yield from super().tick()
        except UNREADABLE_INPUT:
            self._restart()

    def _paste_over(self, now: float) -> bool:
        """Whether a paste has gone quiet, or on for longer than any paste does."""
        quiet = now - self._last_input > PASTE_GIVE_UP
        return self._pasting and (quiet or now - self._paste_since > PASTE_LONGEST)

    def _held_starts(self) -> frozenset[str]:
        """What after ESC starts a sequence read whole: in a paste only a CSI (its end is
        one), so a paste holding ESC ] runs to its end, not into a string."""
        return CSI_START if self._pasting else HELD_STARTS

    def _hold(self, character: str) -> Iterator[Message]:
        """One more character of the held sequence; the sequence passes on or is dropped
        once it ends."""
        held = self._held
        if held[1] != "[":  # a control string: dropped whole at BEL or ESC \
            if character == BEL or (character == "\\" and held[-1] == ESC):
                held.clear()
            elif len(held) < LONGEST_STRING:
                held.append(character)
            else:
                held[-1] = character  # its end is still looked for
            return
        if "\x20" <= character <= "\x3f":  # a parameter or an intermediate byte
            if len(held) < LONGEST_CSI:
                held.append(character)
            else:
                self._dropping = True
            return
        if not "\x40" <= character <= "\x7e":  # no CSI after all: passed on as it came
            self._held = []
            yield from self._pass("".join(held) + character)
            return
        sequence = "".join(held) + character
        self._held = []
        if self._dropping or len(sequence) > LONGEST_CSI:  # Textual's parser: keys
            return
        if (
            sequence in PASSED_AS_THEY_ARE
            or SGR_MOUSE.fullmatch(sequence)  # each differs: passed on unasked
            or MODE_REPORT.fullmatch(sequence)  # ESC [ ? 2026 ; 2 $ y, which Textual asked for
            or (sequence[2:3] != "?" and _understood(sequence))  # ? opens a terminal's reply
        ):
            yield from self._pass(sequence)

    def _pass(self, text: str) -> Iterator[Message]:
        """Characters on to Textual's parser, one at a time."""
        feed = Parser.feed  # XTermParser's own writes a debug line's text for every call
        for character in text:
            try:
                yield from feed(self, character)
            except UNREADABLE_INPUT:
                self._restart()
            self._tail = self._tail[-5:] + character
            if self._tail in ("\x1b[200~", "\x1b[201~"):
                self._pasting = self._tail == "\x1b[200~"
                self._paste_since = time.monotonic()

    def _restart(self) -> None:
        """A parser made afresh: what it was reading is dropped."""
        Parser.__init__(self)
        self._pasting = False
        self._tail = ""
        self.mouse_pixels = False  # a pixel size of 0 made every mouse report divide by it


class _Unbroken:
    """The terminal's output stream, where a write or a flush to a terminal that has gone is
    dropped: Textual's writer thread died on the first one, its queue of 30 writes filled,
    and the app hung for good as it closed (the teacher's board, its terminal closed)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            written: int = self._stream.write(text)
        except (OSError, ValueError):  # ValueError: the stream is closed
            return len(text)
        return written

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def keeps_writing(driver: type[Driver]) -> type[Driver]:
    """The terminal driver whose output survives the terminal going (see `_Unbroken`)."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        driver.__init__(self, *args, **kwargs)
        stream = getattr(self, "_file", None)
        if stream is not None:
            self._file = _Unbroken(stream)

    return type(f"KeepsWriting{driver.__name__}", (driver,), {"__init__": __init__})


def keeps_reading(driver: type[Driver]) -> type[Driver]:
    """The terminal driver whose input thread drops what it cannot read and reads on (the
    thread died on it, and the game with it); drivers without that thread as they are.

    Bytes that are no UTF-8 (a Latin-1 terminal, an 8-bit meta key, an old mouse report)
    are read as U+FFFD, so the keys read with them are kept; a key code the parser cannot
    take (ESC [ 1114112 u) is dropped alone (`SteadyParser`). Textual's input loops take
    their decoder and parser from their modules, and are given these."""
    if not hasattr(driver, "run_input_thread"):
        return driver
    module = sys.modules.get(driver.run_input_thread.__module__)
    if module is not None and getattr(module, "getincrementaldecoder", None) is not None:
        module.getincrementaldecoder = _lenient  # type: ignore[attr-defined]
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = SteadyParser  # type: ignore[attr-defined]

    def run_input_thread(self: Any) -> None:
        while True:  # a backstop: a parser of another Textual that raises all the same
            try:
                driver.run_input_thread(self)
            except UNREADABLE_INPUT:
                continue  # the chunk is dropped, and a parser made afresh reads on
            return

    return type(f"KeepsReading{driver.__name__}", (driver,), {"run_input_thread": run_input_thread})


EARLY_CONTINUE = 0.25
"""Seconds within which a continue taken before a stop's handler undoes that stop (when no
event loop runs to say that the round of signal handlers is over)."""


def _modes_lost(fd: int | None) -> bool:
    """Whether the terminal on `fd` is back in line mode (a shell's), so not the game's."""
    if termios is None or fd is None:
        return False
    try:
        return bool(termios.tcgetattr(fd)[3] & termios.ICANON)
    except (termios.error, OSError, ValueError):  # gone, or no terminal
        return False


def _restart(driver: Any) -> None:
    """Put the terminal in the game's modes again (after a stop from outside), unless the
    game has given the terminal back as it ends."""
    if driver._dartfit_in_app_mode and _modes_lost(getattr(driver, "fileno", None)):
        driver._dartfit_in_stop = True  # a stop that comes meanwhile is part of this one
        try:
            driver.suspend_application_mode()
            driver.resume_application_mode()
        finally:
            driver._dartfit_in_stop = False


def _hold(signum: int) -> set[int] | None:
    """Hold `signum` back on this thread; the mask before (None where there are no masks).
    Python runs the handlers of signals already taken as it changes the mask."""
    return _hold_all({signum})


def _hold_all(signums: set[int]) -> set[int] | None:
    """Hold `signums` back on this thread; the mask before (None where there are no masks)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, signums))


def _pending(signum: int) -> bool:
    """Whether `signum` waits, held back, to be taken."""
    return hasattr(signal, "sigpending") and signum in signal.sigpending()


def _let_through(mask: set[int] | None) -> None:
    """Put back the mask `_hold` found."""
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _after_this(driver: Any, then: Callable[[Any], None]) -> None:
    """Run `then(driver)` on the event loop once the signal handler running now is over; at
    once where no loop runs here (as Textual would)."""
    try:
        asyncio.get_running_loop().call_soon_threadsafe(then, driver)
    except RuntimeError:
        then(driver)


def _forget_early(driver: Any) -> None:
    driver._dartfit_early = None


def wakes_after_stop(driver: type[Driver]) -> type[Driver]:
    """The terminal driver that is never left stopped, nor frozen, by stops and continues.

    Python runs a signal's handler on the main thread some time after the signal came, the
    handlers of signals that came together in the order of their numbers (SIGCONT's, 18,
    before SIGTSTP's, 20), one signal's handler inside another's, and two of one signal as
    one. Textual's stop handler made the stop whatever came meanwhile, and the game stayed
    stopped for good:
    - `kill -TSTP; kill -CONT` at once (a job control script, a multiplexer, a class host
      waking its games): the continue's handler ran first, the stop was made after it;
    - a continue that came while the terminal was put back: its handler ran inside the
      stop's, which went on to stop;
    - pairs sent one after another: the next pair's stop ran inside the first's handler.
    And it put the terminal back inside the handler: a stop that came while the main thread
    queued a frame for the terminal waited for ever on the lock that thread held.
    Here the stop's handler only asks: the event loop makes the stop (`_stop`), unless a
    continue came first (in the same round of handlers) or since; a stop that comes while
    one is asked or under way is part of it. When the order cannot be known, the game runs:
    a stop not made can be sent again, a stop made for ever costs the game.
    Drivers without these handlers (Windows, the web, the tests' headless) are as they are."""
    stop = getattr(driver, "_sigtstp_application", None)
    resume = getattr(driver, "_sigcont_application", None)
    if stop is None or resume is None or not hasattr(driver, "suspend_application_mode"):
        return driver

    def _sigcont_application(self: Any, *args: Any) -> None:
        # Counted: a stop asked before it is not made. Taken as early by a stop still to
        # come in this round of handlers (not made); the round over, it undoes nothing.
        self._dartfit_continues += 1
        self._dartfit_early = time.monotonic()
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon_threadsafe(_forget_early, self)
        if self._dartfit_in_stop or self._dartfit_asked is not None:
            return  # the stop reads it (and looks at the terminal's modes once over)
        if not getattr(self, "_auto_restart", False):
            return
        # A stop from outside (kill -STOP, then the shell's fg) gave the terminal to the
        # shell, which set its own modes: the game's are put back, as after a stop of ours
        # (starting application mode twice, without this suspend, left two input threads
        # and the next stop waited for ever on them). Only then: a continue with the game's
        # modes in place changes nothing, and one that comes with a hang-up (the kernel
        # sends both) must not hold up the game's ending on a terminal that is gone.
        if _modes_lost(getattr(self, "fileno", None)):
            # on the event loop, after this handler: inside it, the terminal's threads were
            # stopped and started wherever the main thread had been interrupted
            _after_this(self, _restart)

    def _sigtstp_application(self: Any, *args: Any) -> None:
        # plain attributes and no call before the stop is asked: Python runs a pending
        # handler after a call, and a continue's there went unread
        if self._dartfit_in_stop or self._dartfit_asked is not None:
            return  # part of the stop asked or under way
        early, self._dartfit_early = self._dartfit_early, None
        self._dartfit_asked = self._dartfit_continues
        if early is not None and time.monotonic() - early < EARLY_CONTINUE:
            self._dartfit_asked = None
            return  # this stop's continue was taken already: stopping now would be for ever
        _after_this(self, _stop)

    def start_application_mode(self: Any) -> None:
        self._dartfit_in_app_mode = True
        held = _hold_all(set(ENDING_SIGNALS))  # its reader and writer threads are born
        try:  # with the ending signals held back, so they come to the main thread alone
            driver.start_application_mode(self)
        finally:
            _let_through(held)

    def stop_application_mode(self: Any) -> None:
        self._dartfit_in_app_mode = False
        driver.stop_application_mode(self)

    return type(
        f"WakesAfterStop{driver.__name__}",
        (driver,),
        {
            "_sigtstp_application": _sigtstp_application,
            "_sigcont_application": _sigcont_application,
            "start_application_mode": start_application_mode,
            "stop_application_mode": stop_application_mode,
            "_dartfit_in_app_mode": False,
            "_dartfit_in_stop": False,
            "_dartfit_asked": None,
            "_dartfit_continues": 0,
            "_dartfit_early": None,
        },
    )


def _stop(driver: Any) -> None:
    """Make the stop a SIGTSTP asked for (on the event loop, not inside a signal handler):
    the terminal put back, the process stopped, and at the continue the game's terminal
    again; nothing of it when a continue came since it was asked, or comes meanwhile."""
    asked, driver._dartfit_asked = driver._dartfit_asked, None
    driver._dartfit_in_stop = True
    if asked is None or driver._dartfit_continues != asked:
        driver._dartfit_in_stop = False
        return  # a continue came after it: not made
    # the terminal is put back and taken again only while the game has it: a stop asked
    # as the game ends, after it gave the terminal back, put it back a second time (one
    # pop too many of the keyboard modes, which pops an outer program's) and took it again
    # at the continue, with the game gone
    restart = getattr(driver, "_auto_restart", False) and driver._dartfit_in_app_mode
    if not driver._dartfit_in_app_mode:
        driver.close()  # the terminal's last writes out before the stop: the shell's again
    # a continue that comes from here on waits, on this thread, until the stop is made or
    # given up: one still pending (taken by no thread yet) when the stop is made is dropped
    # by the kernel, and the game stayed stopped
    held = _hold(signal.SIGCONT)
    try:
        if restart:
            driver.suspend_application_mode()
            driver._must_signal_resume = True
        _hold(signal.SIGCONT)  # runs the handlers of signals taken on other threads
        if driver._dartfit_continues == asked and not _pending(signal.SIGCONT):
            os.kill(os.getpid(), signal.SIGSTOP)  # the continue that wakes it is let through
    finally:
        _let_through(held)  # a continue held back runs its handler now
    try:
        driver._dartfit_early = None
        if restart:
            driver.resume_application_mode()
    finally:
        driver._dartfit_in_stop = False
    if restart:  # a stop from outside while the terminal was put back (the shell's fg, then
        # kill -STOP at once): its continue found the stop under way, and the shell's modes
        # stayed; they are looked at again once this is over
        _after_this(driver, _restart)
