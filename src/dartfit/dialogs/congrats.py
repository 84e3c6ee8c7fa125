"""The congratulations screen: every level complete, and what each chapter taught."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

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
    """Shown once the whole campaign is complete: the stars, and each chapter in a line."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(
        self,
        stars: int,
        total: int,
        chapters: Sequence[tuple[str, int, int]] = (),
        final_check: bool = False,
    ) -> None:
        super().__init__()
        self.stars, self.total = stars, total
        self.chapters = tuple(chapters)
        self.final_check = final_check

    def compose(self) -> ComposeResult:
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
            yield Static("Replay any level for more stars. enter: back to the levels")

    def action_close(self) -> None:
        self.dismiss(None)
