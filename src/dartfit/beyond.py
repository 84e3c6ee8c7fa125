"""The app's wiring for what lies beyond the levels: the checks, the levels' predictions,
and runs of generated puzzles. A mixin of `DartfitApp` (it asks the app for its progress,
levels and screens); the rules live in `dartfit.quiz` and `dartfit.endless`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App

from dartfit.campaign import Kept, in_campaign
from dartfit.kinds import kind_of
from dartfit.levels import Level
from dartfit.progress import LevelResult, Progress

if TYPE_CHECKING:
    from dartfit.endless import Run
    from dartfit.quiz import CheckSpec
    from dartfit.screens.check import CheckScreen
    from dartfit.screens.level_base import LevelOutcome, LevelScreen
    from dartfit.screens.level_select import LevelSelectScreen


class Beyond(App[None]):
    """Checks, predictions and endless runs, for `DartfitApp`."""

    levels: list[Level]
    checks: list[CheckSpec]
    seed: int | None
    progress: Progress
    endless: Run | None

    def _change(self, change: Callable[[Progress], Progress]) -> None:
        raise NotImplementedError  # the app's: save a change of progress now

    def _build_owed_list(self) -> None:
        raise NotImplementedError  # the app's: the title and level list, when owed

    def on_level_select_screen_take_check(self, message: LevelSelectScreen.TakeCheck) -> None:
        from dartfit.screens.level_select import LevelSelectScreen

        if isinstance(self.screen, LevelSelectScreen):  # not twice for enter typed twice
            self.take_check(message.which)

    def on_level_select_screen_play_endless(self, message: LevelSelectScreen.PlayEndless) -> None:
        from dartfit.screens.level_select import LevelSelectScreen

        if isinstance(self.screen, LevelSelectScreen):  # not twice for enter typed twice
            self.play_endless(message.daily)

    def take_check(self, which: str, then: Callable[[None], None] | None = None) -> None:
        """Open a check (a chapter's id, the warm-up, the final check or a review)."""
        from dartfit import quiz
        from dartfit.screens.check import CheckScreen

        asked = quiz.resumed(
            quiz.asked(self.checks, which, self.progress, self.levels), which, self.progress
        )
        if not asked:
            self.notify("No questions are waiting there.", title="Check")
            if then is not None:  # and on, as after the check (a level, the congratulations)
                then(None)
            return
        title = quiz.title(which, self.checks)
        moment = quiz.moment(which)
        self.push_screen(CheckScreen(title, asked, moment, self.checks, self.progress), then)

    def on_level_screen_predicted(self, message: LevelScreen.Predicted) -> None:
        """Keep a level's prediction the moment it is made (asked once per player)."""
        key = f"{message.what}/{message.level_id}"
        if in_campaign(self.levels, message.level_id):
            self._change(lambda p: p.answered(key, message.right, "predict"))

    def play_endless(self, daily: bool) -> None:
        """Start a run of generated puzzles: today's (the same for everyone) or free play."""
        from datetime import UTC, datetime

        from dartfit.endless import Run

        seed = self.seed if self.seed is not None else int(datetime.now(UTC).timestamp())
        self.endless = Run(datetime.now(UTC).date() if daily else None, seed)
        self._next_puzzle()

    def _next_puzzle(self) -> None:
        from dartfit.endless import puzzle

        if self.endless is None:
            return
        self.endless, code = self.endless.next()
        day = self.endless.day
        chapter = "Endless" if day is None else f"Today's puzzles, {day.isoformat()}"
        self.open_puzzle(puzzle(code, self.endless.dealt, chapter), last=False)

    def open_puzzle(self, level: Level, last: bool = True) -> None:
        """Play a generated puzzle: its win counts towards the run's streak."""
        screen = kind_of(level.spec).screen(level, self.progress.settings)
        screen.on_won = self._puzzle_won
        screen.last = last
        screen.share_code = level.path.name
        self.push_screen(screen, self._puzzle_closed)

    def _puzzle_won(self, level_id: str, result: LevelResult) -> Kept:
        run = self.endless
        if run is None:
            return Kept(result)
        self.endless = run = run.won()
        best = LevelResult(completed=True, stars=result.stars, score=float(run.streak))
        self._change(lambda progress: progress.record(run.record_id, best))
        return Kept(result)  # a run of puzzles has no end

    def _puzzle_closed(self, outcome: LevelOutcome | None) -> None:
        self._build_owed_list()
        run = self.endless
        if run is None:
            return
        if outcome is not None and outcome.next == "next" and run.streak == run.dealt:
            self._next_puzzle()
            return
        self.endless = None
        record = self.progress.get(run.record_id).best_score or 0
        said = f"{run.streak} won in a row" if run.streak else "no puzzle won"
        self.notify(f"{said} (best {record:.0f}).", title="Run over", markup=False)

    def on_check_screen_answered(self, message: CheckScreen.Answered) -> None:
        """Keep an answer the moment it is given."""
        from dartfit.quiz import wins

        self._change(
            lambda p: p.answered(message.key, message.right, message.moment, wins(self.levels, p))
        )
