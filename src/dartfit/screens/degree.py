"""How flexible? Choose a polynomial degree and see its fits, bias², variance and noise."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var

from dartfit import core
from dartfit.levels import Level
from dartfit.pictures.curves import CurvesPicture, curves_figure, u_figure
from dartfit.rules import degree
from dartfit.rules.degree import DegreeState
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.plain import PlainVertical
from dartfit.widgets.plot import PlotView
from dartfit.wording import bar, column, decimals_of, fixed_decimals, plain_digits

TALL_ENOUGH = 34
"""Below this many rows the U of train and test MSE by degree is drawn 9 rows tall, not 12."""
BAR = 12
NUMBER = 8  # room for 27.418, and 1.23e−05 (beyond FIXED_MOST, `column` uses num)


MEASURED = "(measured on new points: ≈ sum)"
"""Under the test MSE: it is measured, so it is the sum of the parts up to chance (a
player read 0.120 and 0.121 under a rule, as a sum that did not add up)."""


def _curves(bv: core.BiasVariance) -> CurvesPicture:
    """The fits of one degree, their mean and the truth, as the chart draws them."""
    return CurvesPicture(bv.x_test, bv.fits, bv.mean_fit, bv.truth)


def _row(label: str, value: str, size: float, scale: float) -> str:
    """`label  value  bar`: the number first, so a narrow panel cuts no number; the bar as
    long as the number shown (sum 0.332 and test MSE 0.332 had bars an eighth apart)."""
    if plain_digits(value):
        size = float(value)
    return f"{label:<9} {value:>{NUMBER}} {bar(size, scale, BAR)}"


class DegreeScreen(LevelScreen):
    """The many fits of one degree, and the bars that add up to its expected test MSE."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL_ENOUGH, "-tall")]
    BINDINGS = [
        Binding("left", "degree(-1)", "Degree −"),
        Binding("right", "degree(1)", "Degree +"),
        Binding(
            "enter", "pick", "Pick", tooltip="pick this degree as the one with the lowest test MSE"
        ),
    ]
    HELP = (
        "How flexible should the model be? Choose a polynomial degree. Thin curves (⠒⠒): "
        "fits to different training sets. Thick (▀▀): their average. Dotted (••): the truth. "
        "bias² is how far the average is from the truth; variance, how much the fits scatter."
    )

    state: var[DegreeState | None] = var(None)

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.sweep = degree.sweep(level)

    def compose_body(self) -> ComposeResult:
        # the fits the whole height at the left; the U above the numbers at the right (under
        # the fits, at 80×24 the two shared 19 rows and the fits had 5 to plot in: flat)
        with play_area():
            yield PlotView(id="curves")
            with PlainVertical(id="degree-side"):
                yield PlotView(id="u-curve")
                yield LinesPanel(id="bars")

    def on_mount(self) -> None:
        super().on_mount()
        self.state = degree.start(self.level)

    def _make_room(self, right: int, bottom: int, then: Callable[[], None] | None = None) -> None:
        """Above the win panel along the bottom of a short terminal, the numbers under the U
        have too few rows: then the fits go, and the U and the numbers take the row."""
        self.remove_class("-cramped")
        super()._make_room(right, bottom)
        if bottom:  # cramped or not before the panel shows (it showed, then the U moved)
            self.when_laid_out(self._cramped)
        if then is not None:
            self.when_laid_out(then)

    def _cramped(self) -> None:
        side = self.query_one("#degree-side")
        u_curve = self.query_one("#u-curve", PlotView)
        bars = self.query_one("#bars", LinesPanel)
        needed = sum(1 for line in bars.text.split("\n") if line.strip() and line not in bars.spare)
        rows = side.size.height - u_curve.outer_size.height - bars.styles.gutter.height
        self.set_class(rows < needed, "-cramped")

    def watch_state(self, state: DegreeState | None) -> None:
        if state is None:
            return
        bv = self.sweep[state.degree]
        self.query_one("#curves", PlotView).show(curves_figure(_curves(bv)))
        self.query_one("#u-curve", PlotView).show(u_figure(self.sweep, state.degree))
        rows = self._bars(state, bv)
        # where rows are short (80×24, the U above them): the goal's reminder goes first, then
        # the size of a training set, then what the test MSE is
        self.query_one("#bars", LinesPanel).show(rows, spare=(rows[-1], rows[1], MEASURED))
        self.call_after_refresh(self._ahead, state)

    def _ahead(self, shown: DegreeState) -> None:
        """The fits of the degrees either side of the one shown, drawn in a thread while the
        student reads it (a build of 30 fits held the loop 60-100 ms after each change of
        degree). Once this degree's frame is drawn: begun before, plotext's lock kept the
        U's own build waiting for it. Not if another degree has been asked for since."""
        if shown is not self.state:
            return
        near = [d for d in (shown.degree + 1, shown.degree - 1) if 0 <= d < len(self.sweep)]
        self.query_one("#curves", PlotView).build_ahead(
            [curves_figure(_curves(self.sweep[d])) for d in near]
        )

    def _bars(self, state: DegreeState, bv: core.BiasVariance) -> list[str]:
        scale = self.sweep[0].expected_test_mse
        spec = degree.spec(self.level)
        values = (
            bv.train_mse,
            bv.bias2,
            bv.variance,
            bv.noise,
            bv.bias2 + bv.variance + bv.noise,
            bv.expected_test_mse,
        )
        # one column, to the decimals the best degree's test MSE needs, at every degree
        # (0.079 beside 0.120, and bias² 0.000, not 1.21e−5 beside 0)
        best = min(other.expected_test_mse for other in self.sweep)
        train, bias2, variance, noise, total, test = column(values, 3, best)
        parts = (bias2, variance, noise)
        if plain_digits(*parts):  # the sum of the parts
            # as shown, so they add up to the last digit (0.213 + 0.029 + 0.090 read 0.331)
            total = fixed_decimals(sum(map(float, parts)), decimals_of(bias2)[0])
        rows = [
            f"degree {state.degree} of 0–{spec.max_degree}",
            f"{spec.n_train} points per training set",
            "",
            _row("train MSE", train, bv.train_mse, 0.0),
            "",
            _row("bias²", bias2, bv.bias2, scale),
            _row("variance", variance, bv.variance, scale),
            _row("noise", noise, bv.noise, scale),
            "─" * (9 + 1 + NUMBER + 1 + BAR),
            _row("sum", total, values[4], scale),
            _row("test MSE", test, bv.expected_test_mse, scale),
            MEASURED,
            "",
            # once won, enter is the panel's (the next level): the pick is said as made
            *(
                (f"picked: degree {state.degree}", "(the lowest test MSE)")
                if self.winning
                else ("enter: pick this degree", "(goal: the lowest test MSE)")
            ),
        ]
        return rows

    def saw_filled(self) -> dict[str, str]:
        """{train}: what the train MSE did across the sweep, as the U drew it."""
        return {"train": degree.train_said(self.level)}

    def watch_winning(self) -> None:
        if self.state is not None:
            self.watch_state(self.state)

    def action_degree(self, step: int) -> None:
        if self.state is not None:
            moved = degree.change(self.level, self.state, step)
            if moved is self.state:
                limit = "highest" if step > 0 else "lowest"
                self.refuse(f"Degree {moved.degree} is the {limit} here.")
            self.state = moved

    def action_pick(self) -> None:
        if self.state is None:
            return
        self.state = degree.pick(self.level, self.state)
        if self.state.picked == degree.best(self.level):
            self.won(float(self.state.wrong_picks), self.state.presses)
        else:
            self.say(
                f"Not degree {self.state.picked}: compare the test MSE bar with other degrees. "
                "Low train MSE is not the goal."
            )

    def start_over(self) -> None:
        self.state = degree.start(self.level)
