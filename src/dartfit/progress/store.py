"""What the game asks of a place that keeps progress: load it, and apply one change to it.

A store owns where progress lives (a file today; a shared database for a classroom later)
and nothing of what it means: every store merges and changes progress through the model's
own methods, so the rules are the same wherever progress is kept. A store never raises on
trouble with its medium; it says what went wrong in a warning instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol, TypeAlias

from dartfit.progress.codec import ROOM, Unreadable, encode, plain, within_room
from dartfit.progress.elsewhere import Elsewhere, Found
from dartfit.progress.model import Progress
from dartfit.progress.obstacles import named

Change: TypeAlias = Callable[[Progress], Progress]
"""One pure change to progress, such as `lambda p: p.record(level_id, result)`."""


@dataclass(frozen=True)
class LoadResult:
    """What a store's `load` found: the progress to play with and any problem to show."""

    progress: Progress
    warning: str | None = None


@dataclass(frozen=True)
class SaveResult:
    """What a store's `update` did: the progress to play with from now on, whether the
    store holds it (`saved`), and any problem to show (set even when saved, e.g. a damaged
    file was moved aside first)."""

    progress: Progress
    saved: bool
    warning: str | None = None
    elsewhere: bool = False
    """Kept not where the store keeps progress but elsewhere for now, as the warning says:
    said again as the game ends, where the player reads it after the game."""


class Store(Protocol):
    """A place that keeps one player's progress between runs."""

    @property
    def folder(self) -> Path:
        """The player's folder: where the game writes files for them (a screenshot, a crash
        report), wherever their progress is kept."""
        ...

    def load(self) -> LoadResult:
        """Return the kept progress, or empty progress and a warning if it can't be used."""
        ...

    def update(self, current: Progress, change: Change) -> SaveResult:
        """Apply change to the freshest kept progress merged with current, and keep it.

        Never raises on trouble with the medium: if the result can't be kept, returns
        `change(current)` with `saved=False` and a warning.
        """
        ...

    def save_pending(self, current: Progress) -> SaveResult | None:
        """Try once more to keep what could not be kept (a full disk, say), as the game
        ends; None when nothing is waiting."""
        ...

    def retry(self, current: Progress) -> SaveResult | None:
        """Try again, in play, to keep what could not be kept a moment ago; None when
        nothing is waiting."""
        ...

    def keep_elsewhere(self, progress: Progress) -> str | None:
        """Keep progress somewhere it will be found and added in later, where the store's
        own place can't take it (or never answered), and say where; None where a store has
        no such place, or that failed too."""
        ...

    def playing(self, level_id: str | None) -> None:
        """Note the level on screen (None: none), where someone watches (a class's board)."""
        ...

    def hinted(self, level_id: str) -> None:
        """Note a hint shown on a level, where someone watches (a class's board)."""
        ...


RETRY = "will try again next save"
"""Said after why a change was not kept while the game goes on."""
NOT_KEPT = "progress not saved"
"""What a read-only session says of a change it could keep nowhere."""
LEFT_AS_IT_IS = "left as it is, and what you win kept elsewhere"
"""What a read-only session's start says after why it is one (`_look_elsewhere`). Not part
of the reason, which each change not kept where it belongs says again with where it was
kept, or that it was not: a win kept nowhere read "…; left as it is, and what you win kept
elsewhere; progress not saved"."""


class NotSaved(Exception):
    """A store could not keep progress; the message says so and why, for the player, and
    is the line said as the game ends as it is (wrapped in another "not saved", it read
    "your progress was not saved: progress not saved"). `passing`: for a moment (another
    dartfit's save holding the lock), to be tried again in play."""

    def __init__(self, why: str, *, passing: bool = False) -> None:
        super().__init__(why)
        self.passing = passing


def joined(*warnings: str | None) -> str | None:
    """The warnings that are there, in one line; None when none is."""
    return "; ".join(w for w in warnings if w) or None


class KeepsChanges:
    """What every store shares: `update` applies a change to the freshest kept progress
    merged with the player's, and a change that could not be kept is tried again with the
    next one. A store supplies `_write(make)`: under its own lock or transaction, keep
    `make(kept progress)` and return it with any warning, or raise `NotSaved`.

    Where a store has an `elsewhere` (a file of the player's kept while the store's own
    place can't be written), what can't be kept is kept there, and its `load` and `_write`
    add it back in (`_look_elsewhere`, `_with_kept`, `_taken_back`)."""

    read_only: bool
    last_warning: str | None

    def __init__(self) -> None:
        self.read_only = False
        self.last_warning = None
        self.elsewhere: Elsewhere | None = None
        self.own_levels: frozenset[str] = frozenset()
        """The ids of the game's own levels: their records are kept before others' where
        not every record can be (`within_room`)."""
        self._unsaved: list[Change] = []
        # a read-only session's last change not kept where it belongs, said again at the end:
        # where it was kept elsewhere (all of it: kept whole), or that it was kept nowhere
        self._said_at_end: SaveResult | None = None
        self._ending = False  # the last try, as the game ends: no next save to promise

    def _write(self, make: Change) -> tuple[Progress, str | None]:
        raise NotImplementedError

    def _last_try(self) -> None:
        """Before the last try as the game ends: wait for the medium as long as allowed."""

    def _homes(self) -> tuple[str, str]:
        """What progress kept elsewhere is added to, and what could not be written, as said
        (progress.json and its folder; the class database twice)."""
        raise NotImplementedError

    def keep_elsewhere(self, progress: Progress) -> str | None:
        """Keep progress that could not be kept where it belongs somewhere it will be found
        and added in later (the cache folder, else the temporary one), and say where; None
        where a store has no such place (or it failed too). A read-only session's too (a
        newer dartfit's save, left as it is): each win there had been lost at the end."""
        if self.elsewhere is None:
            return None
        place = self.elsewhere.keep(progress)
        if place is None:
            return None
        home = self._homes()[0]
        if self.read_only:  # a newer dartfit's save (or one that could not be put aside)
            then = f"instead, and added to {home} once this dartfit may write it"
        else:
            then = f"meanwhile, and added to {home} once dartfit can write there"
        return f"kept in {named(place)} {then}"

    def _look_elsewhere(self, result: LoadResult) -> LoadResult:
        """What was loaded, with what a game before kept elsewhere saved into it, and said
        when a file kept elsewhere can't be read; a read-only session's start says what
        becomes of the save and of its wins (not its `_write`: each change says that)."""
        if self.read_only:
            result = LoadResult(result.progress, joined(result.warning, LEFT_AS_IT_IS))
        if self.elsewhere is None:
            return result
        kept, damaged = self.elsewhere.look()
        if kept is not None and not self.read_only:  # a game before could not write here
            saved = self.update(result.progress.merge(kept.progress), unchanged)
            result = LoadResult(saved.progress, joined(result.warning, saved.warning))
        elif kept is not None:  # played on as before, its levels open; still kept there only
            shown = f"the progress kept in {named(kept.shown)} is played on, and kept there"
            result = LoadResult(result.progress.merge(kept.progress), joined(result.warning, shown))
        if damaged is not None:
            place, why = damaged
            unread = (
                f"{named(place)}, which kept progress while {self._homes()[1]} could not be"
                f" written, can't be read ({plain(why)}): left as it is, and not added"
            )
            result = LoadResult(result.progress, joined(result.warning, unread))
        return result

    def _with_kept(self, make: Change, found: Found | None = None) -> tuple[Change, Found | None]:
        """`make`, applied to the kept progress with what is kept elsewhere merged in; and
        what was, for `_taken_back` once written (`found`: read already, not read again)."""
        kept = found or (None if self.elsewhere is None else self.elsewhere.read())
        if kept is None:
            return make, None
        return (lambda progress: make(progress.merge(kept.progress))), kept

    def _taken_back(self, kept: Found | None) -> str | None:
        """Forget what was kept elsewhere, now saved here, and say so."""
        if kept is None or self.elsewhere is None:
            return None
        self.elsewhere.forget(kept)
        return (
            f"added the progress kept in {named(kept.shown)} while {self._homes()[1]} could"
            " not be written"
        )

    def update(self, current: Progress, change: Change) -> SaveResult:
        """Apply change to the freshest kept progress merged with current, and keep it.

        Never raises on trouble with the medium: if the result can't be kept (read-only,
        busy, an OS or database error), returns `change(current)` with `saved=False` and a
        warning, and tries the change again with the next update; where the trouble lasts
        and the store keeps it elsewhere meanwhile, `saved` and `elsewhere`, and the warning
        says where.
        """
        changes = [*self._unsaved, change]
        left_out: list[str] = []

        def make(kept: Progress) -> Progress:
            # within the room the reader keeps whole (half the file's limit): a save of 3 MB
            # written here was cut and put aside at the next start, the least earned records
            # left out then; they are left out now, those just played kept first, and said.
            # Where leaving records out cannot bring it within (its settings are the bulk),
            # it is kept whole, for the file's own limit to decide
            new = applied(changes, kept.merge(current))
            # the levels the changes not yet saved touch: a win whose first save failed is in
            # `current` already, so compared with it the retry changed nothing and left the
            # win out (a review)
            played = set(applied(changes, Progress()).levels)
            try:
                fitted, too_many = within_room(new, played | self.own_levels)
            except Unreadable:
                return new
            if too_many and len(encode(fitted)) > ROOM:
                return new
            left_out[:] = [too_many] if too_many else []
            return fitted

        try:
            fresh, warning = self._write(make)
            if left_out:
                warning = f"{warning}; {left_out[0]}" if warning else left_out[0]
        except NotSaved as error:
            self._unsaved = [] if self.read_only else changes
            result = self._not_saved(error, change(current))
        else:
            self._unsaved = []
            result = SaveResult(fresh, saved=True, warning=warning)
        self.last_warning = result.warning
        return result

    def _not_saved(self, error: NotSaved, progress: Progress) -> SaveResult:
        """What came of a change that could not be kept: kept elsewhere for now where the
        trouble lasts (a folder that can't be written, a newer dartfit's save to be left as
        it is: each win was lost at the end), or tried again with the next change."""
        result: SaveResult | None = None
        if self.read_only or self._ending or not error.passing:
            elsewhere = self.keep_elsewhere(progress)
            if elsewhere is not None:
                result = SaveResult(progress, True, f"{error}; {elsewhere}", elsewhere=True)
        if self.read_only:  # never tried again: what came of it said once more as the game ends
            result = result or SaveResult(progress, saved=False, warning=f"{error}; {NOT_KEPT}")
            self._said_at_end = result
        if result is not None:
            return result
        said = str(error) if self._ending else f"{error}; {RETRY}"
        return SaveResult(progress, saved=False, warning=said)

    def save_pending(self, current: Progress) -> SaveResult | None:
        """Try once more to keep the changes that could not be kept (as the game ends: no
        next save is promised); None if there are none. A read-only session's changes
        (a save from a newer dartfit, found as the game started or written while it ran)
        are not tried again: where they are kept elsewhere is said again, and, where they
        could not be, that they were not (a win there ended with status 0 and not a word,
        its star lost)."""
        if not self._unsaved:
            last = self._said_at_end
            return None if last is None else replace(last, progress=current)
        self._ending = True
        self._last_try()
        return self.retry(current)

    def retry(self, current: Progress) -> SaveResult | None:
        """Try again the changes that could not be kept (another dartfit's save held the
        lock, a class database was busy); None if there are none. In play they had waited
        for the next change, and a game killed before one (SIGKILL, a power cut) lost a
        win long after the lock was given back."""
        return self.update(current, unchanged) if self._unsaved else None

    def playing(self, level_id: str | None) -> None:
        """Nobody watches a local game: nothing to note."""

    def hinted(self, level_id: str) -> None:
        """Nobody watches a local game: nothing to note."""

    def save(self, progress: Progress) -> bool:
        """Merge a whole snapshot into what is kept (its own settings win); False if not
        kept, and `last_warning` says why. Prefer `update`: a snapshot can carry settings
        older than those kept."""
        return self.update(progress, progress.merge).saved


def applied(changes: Iterable[Change], progress: Progress) -> Progress:
    """Return progress after each change in turn."""
    for change in changes:
        progress = change(progress)
    return progress


def unchanged(progress: Progress) -> Progress:
    """No change: an update that only saves what is there."""
    return progress
