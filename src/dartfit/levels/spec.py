"""The schema of a level file: typed, frozen msgspec Structs, one per TOML table.

The format is documented in README.md ("Writing a level"). Every table forbids unknown
keys, so a typo is an error rather than a silently ignored setting. Rules that span keys
(the kind and its table, the target) are in `dartfit.levels.rules`.
"""

# No `from __future__ import annotations`: msgspec reads these fields' types as every start
# loads the campaign, and from strings it compiled each one first (3 ms of the 30 that
# loading the levels and checks takes)
from typing import Annotated, Literal

import msgspec

SCHEMA_VERSION = 1

NonNegative = Annotated[float, msgspec.Meta(ge=0)]
Positive = Annotated[float, msgspec.Meta(gt=0)]
SMALLEST_STEP = 1e-100
"""The smallest key step: points vary by at least 1e-50 (`spread.SMALLEST_SPREAD`), so no
level needs a finer one, and a step's tenth stays a normal float that the way from the start
to the best line can be divided by (a step of 5e-324 ended the game at start, dividing by 0;
one of 1e-310, dividing into infinity)."""
KeyStep = Annotated[float, msgspec.Meta(ge=SMALLEST_STEP)]
Seed = Annotated[int, msgspec.Meta(ge=0)]  # numpy's generators take no negative seed
Spread = Annotated[float, msgspec.Meta(ge=1e-6)]  # σ² and 1/σ² stay far from 0 and overflow
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]  # a header line
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=400)]  # a goal, hint or lesson
Story = Annotated[str, msgspec.Meta(min_length=1, max_length=3000)]  # the win screen's text
MAX_THROWS = 50  # a darts round lists every throw on screen
TABLES = ("data", "darts", "models", "guess")  # what a kind is played on: one per level
ENDLESS_ID = "endless"
"""The id of every generated puzzle; its runs are kept as "endless" and "endless-<day>"."""
SANDBOX_ID = "your-data"
"""The id of the player's own data (`dartfit fit`), never kept."""


ID_LONGEST = 60
"""The most characters a level's id has."""


def reserved_id(level_id: str) -> bool:
    """Whether an id is the game's own: a level file using it would share the puzzles'
    records (its wins were taken for a puzzle's and never kept) or the player's data's."""
    return level_id in (ENDLESS_ID, SANDBOX_ID) or level_id.startswith(f"{ENDLESS_ID}-")


SETTINGS = ("descent", "likelihood")  # tables that tune one kind: only that kind takes one
Table = Literal["data", "darts", "models", "guess"]
Setting = Literal["descent", "likelihood"]
Metric = Literal["mse", "mae", "score"]
TargetType = Literal[
    "at_most", "at_least", "pick_costliest", "pick_worse", "pick_degree", "pick_settled"
]


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every table in a level file: frozen, and unknown keys are errors.

    Each table says `frozen=True` again: msgspec inherits it, but type checkers read the
    Structs through PEP 681's dataclass_transform, which does not.
    """


class Outlier(_Spec, frozen=True):
    """One point pushed off the line: y[index] += shift."""

    index: Annotated[int, msgspec.Meta(ge=0)]
    shift: float


class Generator(_Spec, frozen=True):
    """Seeded noisy points on a true line."""

    n: Annotated[int, msgspec.Meta(ge=2, le=2_000_000)]
    seed: Seed = 0
    x_min: float = 0.0
    x_max: float = 10.0
    slope: float = 0.0
    intercept: float = 0.0
    noise: NonNegative = 1.0
    outliers: tuple[Outlier, ...] = ()
    decimals: Annotated[int, msgspec.Meta(ge=0, le=8)] = 2
    spacing: Literal["random", "even"] = "random"


class Data(_Spec, frozen=True):
    """The level's points: inline x and y lists, a seeded generator, or a shipped dataset."""

    x: tuple[float, ...] | None = None
    y: tuple[float, ...] | None = None
    generate: Generator | None = None
    dataset: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    """A dataset shipped with dartfit, by name (`dartfit.datasets`), with its source."""
    also: Annotated[
        tuple[Annotated[str, msgspec.Meta(max_length=40)], ...], msgspec.Meta(max_length=3)
    ] = ()
    """Shipped datasets that the won line is laid over, beside the level's own points, once
    the level is won (d on the win panel): the same line on other data."""


class Darts(_Spec, frozen=True):
    """A round of darts: how many throws, the hand's wobble and the wind."""

    throws: Annotated[int, msgspec.Meta(ge=1, le=MAX_THROWS)] = 5
    wobble: NonNegative = 1.0
    wind: tuple[float, float] = (0.0, 0.0)
    seed: Seed = 0
    axes: Literal[1, 2] = 2
    mirror: bool = False
    rounds: tuple[tuple[float, ...], ...] = ()


class Model(_Spec, frozen=True):
    """What the player's prediction is: a line or a constant, moved by the player or fitted."""

    shape: Literal["line", "constant"] = "line"
    fit: Literal["player", "least-squares", "fixed"] = "player"
    reference: tuple[float, float] | None = None
    """A line (m, b) drawn for comparison the whole time, named in the legend (Galton's
    ŷ = x: children as tall as their parents)."""
    reference_name: Annotated[str, msgspec.Meta(max_length=40)] = ""


class Start(_Spec, frozen=True):
    """The line (or constant b) the player starts from."""

    m: float = 0.0
    b: float | None = None


class Target(_Spec, frozen=True):
    """The goal as a number: a metric at most / at least a value, or a pick."""

    type: TargetType = "at_most"
    metric: Metric = "mse"
    value: NonNegative | None = None
    factor: Positive | None = None

    @property
    def named(self) -> str:
        """The metric as the player reads it: MSE, MAE, score."""
        return self.metric if self.metric == "score" else self.metric.upper()


class Stars(_Spec, frozen=True):
    """Star thresholds: ratios to the optimum and a par of key presses."""

    close: Annotated[float, msgspec.Meta(ge=1)] = 1.05
    exact: Annotated[float, msgspec.Meta(ge=1)] = 1.005
    par: Annotated[int, msgspec.Meta(ge=1)] | None = None


class Controls(_Spec, frozen=True):
    """Coarse step sizes of the keys (fine is a tenth); derived from the data when absent."""

    m_step: KeyStep | None = None
    b_step: KeyStep | None = None
    point_step: KeyStep | None = None
    turn: Literal["intercept", "centre"] = "intercept"
    """What ← → turn the line about: its crossing of x = 0, or the data's centre x̄ (for data
    far from x = 0, such as heights or temperatures, where a turn about x = 0 throws the
    line off the data)."""


class Likelihood(_Spec, frozen=True):
    """An mle level's Gaussian noise model: the starting σ and its key step."""

    sigma: Spread = 1.0
    sigma_step: Spread = 0.1


class Descent(_Spec, frozen=True):
    """A descent level: the step budget, the starting learning rate, and what may change."""

    max_steps: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 50
    learning_rate: Positive | None = None  # default: half the largest stable rate
    scaled: bool = False  # start with centred, scaled x
    lock_rate: bool = False  # the player may not change the rate
    signs: bool = False  # before each step, the player says which way m and b must go


class Models(_Spec, frozen=True):
    """A degree level's model family: polynomials fitted to noisy draws of a curve."""

    curve: Literal["sine", "line", "quadratic", "cubic"] = "sine"
    noise: NonNegative = 0.3
    n_train: Annotated[int, msgspec.Meta(ge=3, le=1000)] = 15
    n_sets: Annotated[int, msgspec.Meta(ge=20, le=5000)] = 400
    seed: Seed = 0
    max_degree: Annotated[int, msgspec.Meta(ge=1, le=12)] = 8
    degree: Annotated[int, msgspec.Meta(ge=0)] = 1


class Guess(_Spec, frozen=True):
    """A guessing level: rounds of points (and lines), each drawn from the seed; the player
    guesses before the answer is shown: the line's MSE or MAE, which of two lines has the
    lower MSE, or where the best constant (the mean) lies."""

    rounds: Annotated[int, msgspec.Meta(ge=1, le=20)] = 5
    points: Annotated[int, msgspec.Meta(ge=3, le=40)] = 12
    seed: Seed = 0
    asks: Literal["mse", "mae", "lower", "constant"] = "mse"


class Predict(_Spec, frozen=True):
    """Predict, then see: a question the player answers before the level reveals it."""

    ask: Text
    choices: Annotated[tuple[Title, ...], msgspec.Meta(min_length=2, max_length=4)]
    answer: Annotated[int, msgspec.Meta(ge=1, le=4)]
    """The number of the right choice, from 1."""
    why: Annotated[str, msgspec.Meta(max_length=160)] = ""
    """One sentence the win panel shows under the verdict."""


class LevelSpec(_Spec, frozen=True):
    """Everything a level file says, exactly as written."""

    schema: int
    id: Annotated[
        str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=ID_LONGEST)
    ]
    """60 characters at most, as a title: every save holds it, and two wins of levels with
    ids of 1.5 MB made a save of 3 MB that the next start put aside whole, every star in it."""
    title: Title
    kind: Annotated[str, msgspec.Meta(max_length=40)]  # one of dartfit.kinds.KINDS
    goal: Text
    lesson: Text
    what_you_saw: Story
    hints: Annotated[tuple[Text, ...], msgspec.Meta(min_length=1, max_length=20)]
    target: Target
    chapter: Annotated[str, msgspec.Meta(max_length=60)] = ""
    data: Data | None = None
    darts: Darts | None = None
    model: Model = Model()
    start: Start = Start()
    stars: Stars = Stars()
    controls: Controls = Controls()
    likelihood: Likelihood | None = None
    descent: Descent | None = None
    models: Models | None = None
    guess: Guess | None = None
    predict: Predict | None = None
