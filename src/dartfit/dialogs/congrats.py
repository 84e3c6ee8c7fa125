"""The congratulations screen: every level complete, and what each chapter taught; or, for a
level file played alone, that level won and where its result is kept."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from dartfit.levels import Level, reused_id
from dartfit.printable import escaped
from dartfit.stylesheet import PLAY
from dartfit.widgets.scroll import TextScroll

TAUGHT = {
    "Darts": "signed misses cancel; squared, every miss counts, and their average is the MSE.",
    "Lines": "nudging m and b to lower the MSE is what training a model means.",
    "Points": "one far point pulls the line hardest: its cost grows with the square.",
    "MSE vs MAE": "MSE's best guess is the mean and chases outliers; MAE's is the median.",
    "Likelihood and the bowl": "least squares is maximum likelihood; the MSE of a line "
    "is a bowl, and gradient descent walks down it.",
    "Bias and variance": "test MSE = bias² + variance + noise: too stiff misses, "
    "too wiggly scatters.",
    "Big data": "the MSE of a million points is still one average, worked out fast.",
}
"""What each shipped chapter taught, in one sentence (a chapter not named here is listed
with its stars only)."""


class CongratsScreen(ModalScreen[None]):
    """Shown once the whole campaign is complete: the stars, and each chapter in a line. For
    a level file played alone (`alone`), that level won, and the folder its result is kept
    in (`kept_in`): it said "every level complete", and told of chapters and replays of a
    campaign the player had never opened."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(
        self,
        stars: int,
        total: int,
        chapters: Sequence[tuple[str, int, int]] = (),
        final_check: bool = False,
        alone: Level | None = None,
        kept_in: Path | None = None,
        starless: str | None = None,
    ) -> None:
        super().__init__()
        self.stars, self.total = stars, total
        self.chapters = tuple(chapters)
        self.final_check = final_check
        self.alone, self.kept_in = alone, kept_in
        self.starless = starless
        """Why the level played alone earns no star (`DartfitApp._refused`): no replay can."""

    def _replay(self, more: str, back: str) -> str:
        """The last line: a replay offered only where it can earn more stars ("Play it again
        for more stars" was said at 3 of 3, and on a level that gives none)."""
        if self.starless is not None:
            return f"No star to be won here: {self.starless}. enter: {back}"
        return f"{more} enter: {back}" if self.stars < self.total else f"enter: {back}"

    def compose(self) -> ComposeResult:
        if self.alone is not None:
            yield from self._one_file(self.alone)
            return
        with TextScroll(id="congrats-box"):
            yield Static("Congratulations: every level complete!", id="congrats-title")
            yield Static(f"Stars: {self.stars} of {self.total}", id="congrats-stars")
            lines = []
            for chapter, got, most in self.chapters:
                taught = TAUGHT.get(chapter)
                lines.append(f"{chapter} ({got}/{most} ★)" + (f": {taught}" if taught else ""))
            yield Static("\n".join(lines), id="congrats-chapters", markup=False)
            if self.final_check:
                yield Static(
                    "The final check waits at the end of the level list: the warm-up's "
                    "questions again, and what you learned since, concept by concept.",
                    id="congrats-final",
                )
            yield Static(self._replay("Replay any level for more stars.", "back to the levels"))

    def _one_file(self, level: Level) -> ComposeResult:
        """The level file played alone: won, its stars, and where its result is kept."""
        where = "with your progress"
        if self.kept_in is not None:
            where += f" in {escaped(str(self.kept_in))}"
        reused = reused_id(level)
        apart = (
            ""
            if reused is None
            else f' (not "{reused}": that is a shipped level\'s id, and its stars are its own)'
        )
        with TextScroll(id="congrats-box"):
            yield Static(
                f"Congratulations: {level.spec.title} is won!", id="congrats-title", markup=False
            )
            yield Static(f"Stars: {self.stars} of {self.total}", id="congrats-stars")
            yield Static(
                f"Played alone from {escaped(str(level.path))}: its result is kept {where},"
                f' under its id "{level.id}"{apart}, where this file, played again, finds it.',
                id="congrats-chapters",
                markup=False,
            )
            said = self._replay("Play it again for more stars.", "back to the level list")
            yield Static(said, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
