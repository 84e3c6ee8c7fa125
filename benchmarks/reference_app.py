"""The benchmark's yardstick: dartfit's line scene drawn the ordinary way, with textual-plotext.

The same points as a scatter, the line ŷ = m·x + b and one vertical residual segment per
point, all in one PlotextPlot of --width × --height cells (the area dartfit's chart takes;
the whole screen without them). The keys are dartfit's: → ← change m by the step and ↑ ↓
change b by its step, a tenth of a step with shift; each replots everything (clear,
residuals, line, scatter, refresh), which is what a plotext chart in a Textual app does on
every change. ctrl+q quits.

    python benchmarks/reference_app.py --data points.csv [--m 0] [--b 1] [--step 0.1]
        [--b-step 0.5] [--width W --height H]

The CSV is what `dartfit export LEVEL` prints: a header `x,y`, then one point a line.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual_plotext import PlotextPlot


def read_points(path: Path) -> tuple[list[float], list[float]]:
    """The x and y columns of a CSV with header `x,y`."""
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    return [float(r["x"]) for r in rows], [float(r["y"]) for r in rows]


class ReferenceApp(App[None]):
    """One full-screen plotext chart of points, a line and residuals; ← → tilt the line."""

    BINDINGS = [
        Binding("right", "nudge(1, 0)", "Slope +"),
        Binding("left", "nudge(-1, 0)", "Slope −"),
        Binding("up", "nudge(0, 1)", "Intercept +"),
        Binding("down", "nudge(0, -1)", "Intercept −"),
        Binding("shift+right", "nudge(0.1, 0)", "Slope +, finer"),
        Binding("shift+left", "nudge(-0.1, 0)", "Slope −, finer"),
        Binding("shift+up", "nudge(0, 0.1)", "Intercept +, finer"),
        Binding("shift+down", "nudge(0, -0.1)", "Intercept −, finer"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        x: list[float],
        y: list[float],
        line: tuple[float, float],
        steps: tuple[float, float],
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.x, self.y = x, y
        (self.m, self.b), (self.step, self.b_step) = line, steps
        self.chart_size = size
        pad_x = (max(x) - min(x)) * 0.05 or 1.0
        pad_y = (max(y) - min(y)) * 0.1 or 1.0
        self.xlim = (min(x) - pad_x, max(x) + pad_x)
        self.ylim = (min(y) - pad_y, max(y) + pad_y)

    def compose(self) -> ComposeResult:
        plot = PlotextPlot()
        if self.chart_size is not None:
            plot.styles.width, plot.styles.height = self.chart_size
        yield plot

    def on_mount(self) -> None:
        self.replot()

    def action_nudge(self, dm: float, db: float) -> None:
        self.m += dm * self.step
        self.b += db * self.b_step
        self.replot()

    def replot(self) -> None:
        """Clear the chart and draw points, line and residuals again."""
        widget = self.query_one(PlotextPlot)
        plt = widget.plt
        m, b = self.m, self.b
        predicted = [m * xi + b for xi in self.x]
        mse = sum((yi - pi) ** 2 for yi, pi in zip(self.y, predicted, strict=True)) / len(self.y)
        plt.clear_data()
        plt.title(f"ŷ = m·x + b   m = {m:.2f}   b = {b:.2f}   MSE = {mse:.3f}")
        plt.xlim(*self.xlim)
        plt.ylim(*self.ylim)
        # Residuals first, so that the line and the points are drawn over them.
        for xi, yi, pi in zip(self.x, self.y, predicted, strict=True):
            plt.plot([xi, xi], [yi, pi], marker="│", color="red")
        x0, x1 = self.xlim
        plt.plot([x0, x1], [m * x0 + b, m * x1 + b], marker="braille")
        plt.scatter(self.x, self.y, marker="●")
        widget.refresh()


def main() -> None:
    """Parse the arguments and run the app."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="CSV with header x,y")
    parser.add_argument("--m", type=float, default=0.0, help="starting slope")
    parser.add_argument("--b", type=float, default=1.0, help="intercept")
    parser.add_argument("--step", type=float, default=0.1, help="slope change per key")
    parser.add_argument("--b-step", type=float, default=0.5, help="intercept change per key")
    parser.add_argument("--width", type=int, default=None, help="the chart's width in cells")
    parser.add_argument("--height", type=int, default=None, help="the chart's height in cells")
    args = parser.parse_args()
    x, y = read_points(args.data)
    size = (args.width, args.height) if args.width and args.height else None
    ReferenceApp(x, y, (args.m, args.b), (args.step, args.b_step), size).run()


if __name__ == "__main__":
    main()
