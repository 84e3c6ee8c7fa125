"""The benchmark's yardstick: dartfit's line scene drawn the ordinary way, with textual-plotext.

The same points as a scatter, the line ŷ = m·x + b and one vertical residual segment per
point, all in one PlotextPlot that fills the screen. → and ← change m by the step and
replot everything (clear, residuals, line, scatter, refresh), which is what a plotext chart
in a Textual app does on every change. ctrl+q quits.

    python benchmarks/reference_app.py --data points.csv [--m 0] [--b 1] [--step 0.1]

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
        Binding("right", "nudge(1)", "Slope +"),
        Binding("left", "nudge(-1)", "Slope −"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, x: list[float], y: list[float], m: float, b: float, step: float) -> None:
        super().__init__()
        self.x, self.y = x, y
        self.m, self.b, self.step = m, b, step
        pad_x = (max(x) - min(x)) * 0.05 or 1.0
        pad_y = (max(y) - min(y)) * 0.1 or 1.0
        self.xlim = (min(x) - pad_x, max(x) + pad_x)
        self.ylim = (min(y) - pad_y, max(y) + pad_y)

    def compose(self) -> ComposeResult:
        yield PlotextPlot()

    def on_mount(self) -> None:
        self.replot()

    def action_nudge(self, sign: int) -> None:
        self.m += sign * self.step
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
    args = parser.parse_args()
    x, y = read_points(args.data)
    ReferenceApp(x, y, args.m, args.b, args.step).run()


if __name__ == "__main__":
    main()
