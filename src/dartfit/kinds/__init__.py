"""The kinds of level, registered once: a kind's name → the table it needs, the targets it
takes, its rules and its screen.

A kind is the game that is played. Its rules (pure: frozen state, moves, optimum, what makes
it unwinnable) live in one module of `dartfit.rules`, its screen in one module of
`dartfit.screens`. Adding a kind is those two modules (and a picture if it draws one) plus
one line in `KINDS`; nothing else branches on a kind's name.

This module is read when levels load, before anything is drawn, so it imports neither
numpy nor Textual: rules and screens are named here and imported when first used.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dartfit.levels import Level, LevelSpec
    from dartfit.levels.spec import Metric, Setting, Table, TargetType
    from dartfit.rules.base import KindRules
    from dartfit.screens.level_base import LevelScreen


@dataclass(frozen=True)
class Kind:
    """One kind of level: what its file must hold and where its rules and screen live."""

    name: str
    needs: Table
    """The table that holds what the kind is played on."""
    targets: tuple[TargetType, ...]
    """The target types the kind can score (the first is the usual one)."""
    rules_at: str
    """``module:NAME`` of the kind's `KindRules`, in `dartfit.rules`."""
    screen_at: str
    """``module:Class`` of the kind's level screen in `dartfit.screens` (built by its
    `for_level`)."""
    max_points: int | None = None
    """The most points the kind can show (each point is listed), or None."""
    solver: bool = False
    """Whether the auto-solver can be run on the kind's line (key `a`, and the palette)."""
    tunes: Setting | None = None
    """The table that tunes the kind, if any ([descent], [likelihood]): only it takes one."""
    presses: str = "Key presses"
    """What the kind counts towards par: key presses, or descent's steps."""
    overlays: bool = False
    """Whether the won line can be laid over other shipped datasets ([data] also): the kind's
    screen draws the player's line on its points and offers d on the win panel."""
    refits: bool = False
    """Whether the kind's line is fitted to the points ([model] fit: by least squares as
    they move, or fixed) rather than moved by the player."""
    plays_on: bool = True
    """Whether a won level can be played on for a better result (k on the win panel): not
    where the win ends the play (darts' last dart, the guesses' last round) or is a pick."""
    fills: tuple[str, ...] = ()
    """The {names} a level's what_you_saw may hold, filled from the play by the kind's
    screen (`LevelScreen.saw_filled`): any other would be shown as typed, braces and all."""
    metrics: tuple[Metric, ...] = ("mse",)
    """The target metrics the kind measures (the first is the usual one). Any other was
    named and never measured: a line level "won" at the start with `metric = "score"`
    (its MSE read as a score out of 100), and a darts round said "MAE" of its MSE."""

    def rules(self) -> KindRules:
        """The kind's rules (imported on first use)."""
        rules: KindRules = _load("dartfit.rules", self.rules_at)
        return rules

    def screen(self, level: Level, settings: dict[str, Any]) -> LevelScreen:
        """A new screen that plays `level` (imported on first use)."""
        screen: LevelScreen = _load("dartfit.screens", self.screen_at).for_level(level, settings)
        return screen

    def load(self) -> None:
        """Import the kind's rules and screen now, before a level of the kind first opens."""
        self.rules()
        _load("dartfit.screens", self.screen_at)


def _load(package: str, where: str) -> Any:
    module, _, name = where.partition(":")
    return getattr(import_module(f"{package}.{module}"), name)


def _fitted(name: str, rules_at: str, metrics: tuple[Metric, ...]) -> Kind:
    """A kind whose line the player fits by hand on the fit screen, scored by MSE or MAE."""
    return Kind(
        name,
        "data",
        ("at_most",),
        rules_at,
        "fit:FitScreen",
        solver=True,
        overlays=True,
        metrics=metrics,
    )


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "darts",
            "darts",
            ("at_most",),
            "darts:DARTS",
            "darts:DartsScreen",
            plays_on=False,
            fills=("sum",),
        ),
        Kind(
            "compare",
            "darts",
            ("pick_worse",),
            "darts:COMPARE",
            "compare:CompareScreen",
            plays_on=False,
        ),
        _fitted("line", "fit:LINE", ("mse", "mae")),
        Kind(
            "points",
            "data",
            ("at_least", "pick_costliest", "at_most"),
            "points:POINTS",
            "points:PointsScreen",
            100,
            refits=True,
            metrics=("mse", "mae"),
        ),
        _fitted("mae", "fit:MAE", ("mae", "mse")),
        Kind(
            "mle",
            "data",
            ("at_most",),
            "fit:LINE",
            "mle:MleScreen",
            solver=True,
            tunes="likelihood",
        ),
        Kind(
            "descent",
            "data",
            ("at_most",),
            "bowl:DESCENT",
            "bowl:BowlScreen",
            tunes="descent",
            presses="Steps",
            fills=("rate", "path", "steps"),
        ),
        Kind(
            "darts-split",
            "darts",
            ("at_most",),
            "darts:SPLIT",
            "darts:DartsScreen",
            plays_on=False,
            fills=("sum",),
        ),
        Kind(
            "degree",
            "models",
            ("pick_degree",),
            "degree:DEGREE",
            "degree:DegreeScreen",
            plays_on=False,
            fills=("train",),
        ),
        Kind(
            "kink",
            "data",
            ("pick_settled",),
            "kink:KINK",
            "kink:KinkScreen",
            tunes="descent",
            presses="Steps",
            plays_on=False,
        ),
        Kind("huber", "data", ("at_most",), "huber:HUBER", "huber:HuberScreen", 100),
        Kind(
            "guess",
            "guess",
            ("at_least",),
            "guess:GUESS",
            "guess:GuessScreen",
            presses="Rounds",
            plays_on=False,
            metrics=("score",),
        ),
    )
}


def played(kind: str, tables: set[str], target: str) -> str:
    """The kind a level file means, reading the names of older files too.

    Before "compare", "darts-split" and "degree" had names of their own, a darts file whose
    target was to pick the worse round was a "darts" level, and "bias-variance" named two
    games: darts whose MSE is split into bias² and variance ([darts]), and the degree
    picker ([models]).
    """
    if kind == "darts" and target == "pick_worse":
        return "compare"
    if kind == "bias-variance":
        return "degree" if "darts" not in tables and "models" in tables else "darts-split"
    return kind


def kind_of(spec: LevelSpec) -> Kind:
    """The registered kind of a level (a loaded level's kind is always registered)."""
    return KINDS[spec.kind]


def plays_on(spec: LevelSpec) -> bool:
    """Whether a won level of this spec can be played on for a better result: its kind
    can, and its target is no pick (a right pick is the best there is)."""
    return kind_of(spec).plays_on and not spec.target.type.startswith("pick")


def rules_of(level: Level) -> KindRules:
    """The rules of the level's kind."""
    return kind_of(level.spec).rules()
