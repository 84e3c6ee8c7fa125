"""Level files: TOML in, typed and frozen Level objects out; LevelError names file and key.

The format is documented in README.md ("Writing a level"). Every table forbids unknown
keys, so a typo is an error rather than a silently ignored setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial, update_wrapper
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Concatenate, Literal, ParamSpec, TypeVar, cast

import msgspec

from dartfit.kinds import KINDS, Kind, played
from dartfit.lessons import LESSON_IDS
from dartfit.printable import escaped, shown
from dartfit.rawlevel import RawError, mend, read_toml
from dartfit.spec_convert import convert_all

if TYPE_CHECKING:  # numpy loads when a level's points are first needed, not at start-up
    from dartfit.core.arrays import FloatArray

    Points = Callable[[], tuple[FloatArray, FloatArray]]

P = ParamSpec("P")
R = TypeVar("R")
SCHEMA_VERSION = 1

NonNegative = Annotated[float, msgspec.Meta(ge=0)]
Positive = Annotated[float, msgspec.Meta(gt=0)]
Seed = Annotated[int, msgspec.Meta(ge=0)]  # numpy's generators take no negative seed
Spread = Annotated[float, msgspec.Meta(ge=1e-6)]  # σ² and 1/σ² stay far from 0 and overflow
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]  # a header line
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=400)]  # a goal, hint or lesson
Story = Annotated[str, msgspec.Meta(min_length=1, max_length=3000)]  # the win screen's text
MAX_THROWS = 50  # a darts round lists every throw on screen
TABLES = ("data", "darts", "models")  # what a kind is played on: one of these per level
MAX_SWEEP = 2_000_000  # a bias-variance sweep fits n_train × n_sets × (max_degree + 1) values
MAX_PROBLEMS = 100  # `check` stops reading a file after this many problems


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every table in a level file: frozen, and unknown keys are errors."""


class Outlier(_Spec):
    """One point pushed off the line: y[index] += shift."""

    index: Annotated[int, msgspec.Meta(ge=0)]
    shift: float


class Generator(_Spec):
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


class Data(_Spec):
    """The level's points: inline x and y lists, or a seeded generator."""

    x: tuple[float, ...] | None = None
    y: tuple[float, ...] | None = None
    generate: Generator | None = None


class Darts(_Spec):
    """A round of darts: how many throws, the hand's wobble and the wind."""

    throws: Annotated[int, msgspec.Meta(ge=1, le=MAX_THROWS)] = 5
    wobble: NonNegative = 1.0
    wind: tuple[float, float] = (0.0, 0.0)
    seed: Seed = 0
    axes: Literal[1, 2] = 2
    mirror: bool = False
    rounds: tuple[tuple[float, ...], ...] = ()


class Model(_Spec):
    """What the player's prediction is: a line or a constant, moved by the player or fitted."""

    shape: Literal["line", "constant"] = "line"
    fit: Literal["player", "least-squares", "fixed"] = "player"


class Start(_Spec):
    """The line (or constant b) the player starts from."""

    m: float = 0.0
    b: float | None = None


class Target(_Spec):
    """The goal as a number: a metric at most / at least a value, or a pick."""

    type: Literal["at_most", "at_least", "pick_costliest", "pick_worse", "pick_degree"] = "at_most"
    metric: Literal["mse", "mae"] = "mse"
    value: NonNegative | None = None
    factor: Positive | None = None


class Stars(_Spec):
    """Star thresholds: ratios to the optimum and a par of key presses."""

    close: Annotated[float, msgspec.Meta(ge=1)] = 1.05
    exact: Annotated[float, msgspec.Meta(ge=1)] = 1.005
    par: Annotated[int, msgspec.Meta(ge=1)] | None = None


class Controls(_Spec):
    """Coarse step sizes of the keys (fine is a tenth); derived from the data when absent."""

    m_step: Positive | None = None
    b_step: Positive | None = None
    point_step: Positive | None = None


class Likelihood(_Spec):
    """An mle level's Gaussian noise model: the starting σ and its key step."""

    sigma: Spread = 1.0
    sigma_step: Spread = 0.1


class Descent(_Spec):
    """A descent level: the step budget, the starting learning rate, and what may change."""

    max_steps: Annotated[int, msgspec.Meta(ge=1, le=100_000)] = 50
    learning_rate: Positive | None = None  # default: half the largest stable rate
    scaled: bool = False  # start with centred, scaled x
    lock_rate: bool = False  # the player may not change the rate


class Models(_Spec):
    """A bias-variance level's model family: polynomials fitted to noisy draws of a curve."""

    curve: Literal["sine", "line", "quadratic", "cubic"] = "sine"
    noise: NonNegative = 0.3
    n_train: Annotated[int, msgspec.Meta(ge=3, le=1000)] = 15
    n_sets: Annotated[int, msgspec.Meta(ge=20, le=5000)] = 400
    seed: Seed = 0
    max_degree: Annotated[int, msgspec.Meta(ge=1, le=12)] = 8
    degree: Annotated[int, msgspec.Meta(ge=0)] = 1


class LevelSpec(_Spec):
    """Everything a level file says, exactly as written."""

    schema: int
    id: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$")]
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


class LevelError(ValueError):
    """A level file is wrong; str() is one line naming the file, the key and the problem.

    Whatever the file holds, the line is safe to print: characters a terminal would act
    on (in the file's name, a key or a value shown) are written as escapes.
    """

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        key = key if len(key) <= 80 else key[:79] + "…"  # one line, whatever the file holds
        self.path, self.key, self.problem = escaped(str(path)), escaped(key), escaped(problem)
        where = f"{self.path}: {self.key}: " if key else f"{self.path}: "
        super().__init__(where + self.problem)


@dataclass(frozen=True)
class LevelReport:
    """What reading a level file found: the level (None when it can't be played) and
    every problem, each one line (text the game cleaned is a problem, and still plays)."""

    level: Level | None
    problems: tuple[LevelError, ...]


@dataclass(frozen=True, eq=False)
class Level:
    """A loaded level: its spec, its place in the campaign and its numbers.

    The points are made on first use (a generated level of a million points costs
    nothing until it is played); they are read-only arrays.
    """

    number: int
    path: Path
    spec: LevelSpec
    points: Points = field(repr=False)
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)
    """Numbers derived from the level (see `per_level`): they go when the level goes."""

    @cached_property
    def _xy(self) -> tuple[FloatArray, FloatArray]:
        try:
            x, y = self.points()
        except LevelError:
            raise
        except Exception as e:  # a draw failing any other way is still this file's problem
            problem = f"can't make the points: {type(e).__name__}: {e}"
            raise LevelError(self.path, "data", problem) from None
        x.setflags(write=False)
        y.setflags(write=False)
        return x, y

    @property
    def x(self) -> FloatArray:
        """The points' x values."""
        return self._xy[0]

    @property
    def y(self) -> FloatArray:
        """The points' y values."""
        return self._xy[1]

    @property
    def id(self) -> str:
        """The level's id, as written in the file."""
        return self.spec.id

    @property
    def slug(self) -> str:
        """The file name without its number prefix and .toml (``03-slope.toml`` → ``slope``)."""
        return _slug(self.path)

    def wobble(self) -> FloatArray:
        """The seeded standard-normal wobble of each dart, shape (throws, axes)."""
        d = self.spec.darts or Darts()
        from dartfit.core.generate import wobble_draws

        return wobble_draws(d.seed, d.throws, d.axes, d.mirror)


def per_level(fn: Callable[Concatenate[Level, P], R]) -> Callable[Concatenate[Level, P], R]:
    """Remember a function of a level on the level itself, like `functools.cache` but
    without keeping every level (and its million points) alive for the whole process."""

    def remembered(level: Level, /, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (fn, args, tuple(sorted(kwargs.items())))
        if key not in level.memo:
            level.memo[key] = fn(level, *args, **kwargs)
        return cast(R, level.memo[key])

    update_wrapper(remembered, fn)
    return remembered


def _slug(path: Path) -> str:
    return re.sub(r"^\d+[-_]?", "", path.stem) or path.stem


def _distinct_x(make: Points, spec: LevelSpec, file: Path) -> tuple[FloatArray, FloatArray]:
    """Generated points, or LevelError when rounding left every x equal (no line fits)."""
    x, y = make()
    if spec.model.shape == "line" and bool((x == x[0]).all()):
        problem = f"every x rounds to {x[0]:g}: widen x_min..x_max or raise decimals"
        raise LevelError(file, "data.generate", problem)
    return x, y


def _table_problems(spec: LevelSpec, kind: Kind) -> Iterator[tuple[str, str]]:
    """The kind's one table is there and the others are not; each table is consistent."""
    given = {name for name in TABLES if getattr(spec, name) is not None}
    if kind.needs not in given:
        yield kind.needs, f"a {kind.name} level needs a [{kind.needs}] table"
    for name in sorted(given - {kind.needs}):
        yield name, f"a {kind.name} level takes no [{name}]; its table is [{kind.needs}]"
    if spec.models is not None:
        m = spec.models
        if m.max_degree >= m.n_train:
            yield "models.max_degree", f"must be below n_train ({m.n_train})"
        if m.degree > m.max_degree:
            yield "models.degree", f"must be at most max_degree ({m.max_degree})"
        fitted = m.n_train * m.n_sets * (m.max_degree + 1)
        if fitted > MAX_SWEEP:
            yield (
                "models",
                (
                    f"n_train × n_sets × (max_degree + 1) is {fitted:,}; a {kind.name} level"
                    f" fits at most {MAX_SWEEP:,} values (the sweep would take minutes)"
                ),
            )
    for i, r in enumerate(spec.darts.rounds if spec.darts else ()):
        if len(r) > MAX_THROWS:
            problem = f"a round lists every throw: at most {MAX_THROWS} throws, got {len(r):,}"
            yield f"darts.rounds[{i}]", problem
    if spec.data is not None:
        yield from _data_problems(spec.data, kind, spec.model.shape == "line")


def _data_problems(data: Data, kind: Kind, line: bool) -> Iterator[tuple[str, str]]:
    """Inline lists or a generator, and no more points than the kind can show."""
    inline = data.x is not None or data.y is not None
    if inline == (data.generate is not None):
        yield "data", "give either x and y lists or a [data.generate] table"
        return
    shows = f"a {kind.name} level shows at most {kind.max_points} points"
    if data.generate is not None:
        g = data.generate
        if g.x_max <= g.x_min:
            yield "data.generate.x_max", f"must be greater than x_min ({g.x_min})"
        for i, o in enumerate(g.outliers):
            if o.index >= g.n:
                yield f"data.generate.outliers[{i}].index", f"{o.index} is outside 0..{g.n - 1}"
        if kind.max_points is not None and g.n > kind.max_points:
            yield "data.generate.n", f"{shows}, got {g.n:,}"
        return
    if data.x is None or data.y is None:
        yield ("data.y" if data.y is None else "data.x"), "x and y go together"
        return
    if len(data.x) != len(data.y):
        yield "data.y", f"has {len(data.y)} values but data.x has {len(data.x)}"
    elif len(data.x) < 2:
        yield "data.x", "needs at least two points"
    elif kind.max_points is not None and len(data.x) > kind.max_points:
        yield "data.x", f"{shows}, got {len(data.x):,}"
    elif line and all(v == data.x[0] for v in data.x):
        yield "data.x", f"all x values are equal ({data.x[0]:g}): no line fits"


def _points(spec: LevelSpec, file: Path) -> Points:
    """How to make the level's x and y (inline lists or the generator); the data is valid."""

    def empty() -> tuple[FloatArray, FloatArray]:
        import numpy as np

        return np.zeros(0), np.zeros(0)

    data = spec.data
    if spec.darts is not None or spec.models is not None or data is None:
        return empty
    if data.generate is not None:
        g = data.generate
        outliers = [(o.index, o.shift) for o in g.outliers]
        args = (g.n, g.seed, g.x_min, g.x_max, g.slope, g.intercept, g.noise, outliers)
        made = partial(_generate, args, g.decimals, g.spacing)
        # made on first use, so start-up never pays for it (nor loads numpy); a draw whose
        # x all round to one value is a LevelError then: `dartfit check` reports it, and
        # the game names it instead of opening the level
        return partial(_distinct_x, made, spec, file)
    xs, ys = data.x or (), data.y or ()

    def inline() -> tuple[FloatArray, FloatArray]:
        import numpy as np

        return np.array(xs, dtype=float), np.array(ys, dtype=float)

    return inline


def _generate(args: tuple[Any, ...], decimals: int, spacing: str) -> tuple[FloatArray, FloatArray]:
    from dartfit.core.generate import generate_points

    return generate_points(*args, decimals=decimals, spacing=spacing)


def _meaning_problems(spec: LevelSpec) -> Iterator[tuple[str, str]]:
    """Rules that span keys: schema, lesson name, the kind and its table, the target."""
    if spec.schema != SCHEMA_VERSION:
        yield "schema", f"this dartfit reads schema {SCHEMA_VERSION}, the file says {spec.schema}"
    if spec.lesson not in LESSON_IDS:
        yield "lesson", f'"{spec.lesson}" is not one of: {", ".join(LESSON_IDS)}'
    kind = KINDS.get(spec.kind)
    if kind is None:
        known = ", ".join(repr(name) for name in sorted(KINDS))
        yield "kind", f"expected one of {known}, got {spec.kind!r}"
        return
    yield from _table_problems(spec, kind)
    t = spec.target
    if t.type not in kind.targets:
        yield "target.type", f"a {kind.name} level takes: {', '.join(kind.targets)}"
    if not t.type.startswith("pick") and (t.value is None) == (t.factor is None):
        yield "target", "give exactly one of value or factor"
    if t.type == "pick_worse":
        rounds = spec.darts.rounds if spec.darts else ()
        if len(rounds) != 2 or not all(rounds):
            yield "darts.rounds", "pick_worse needs two non-empty rounds"


def _played(spec: LevelSpec) -> LevelSpec:
    """The spec with its kind named as the game it plays (older files named some differently)."""
    tables = {name for name in TABLES if getattr(spec, name) is not None}
    kind = played(spec.kind, tables, spec.target.type)
    return spec if kind == spec.kind else msgspec.structs.replace(spec, kind=kind)


def _top(key: str) -> str:
    return re.split(r"[.\[]", key, maxsplit=1)[0]


def inspect_level(path: Path | str, number: int = 0) -> LevelReport:
    """Read a level file and find every problem in it; never raises."""
    file = Path(path)
    try:
        return _inspect(file, number)
    except Exception as e:  # a bug here must still name the file, and not stop the rest
        problem = f"can't be checked: {type(e).__name__}: {e}"
        return LevelReport(None, (LevelError(file, "", problem),))


def _inspect(file: Path, number: int) -> LevelReport:
    try:
        raw = read_toml(file)
    except RawError as e:
        return LevelReport(None, (LevelError(file, e.key, e.problem),))
    mended = mend(raw)
    found = list(mended.problems)
    touched = set(mended.cut)
    limit = MAX_PROBLEMS - len(found)
    spec, wrong = convert_all(mended.table, raw, LevelSpec, limit, touched)
    found += wrong
    if spec is not None and "kind" not in touched:  # a stand-in kind would mislead
        tops = {_top(key) for key in touched}
        spec = _played(spec)
        rules = list(_meaning_problems(spec))
        found += [(key, problem) for key, problem in rules if _top(key) not in tops]
    if len(found) >= MAX_PROBLEMS:
        found.append(("", f"more than {MAX_PROBLEMS} problems: fix these first"))
    errors = tuple(LevelError(file, key, problem) for key, problem in [*found, *mended.cleaned])
    if found or spec is None:
        return LevelReport(None, errors)
    return LevelReport(Level(number, file, spec, _points(spec, file)), errors)


def load_level(path: Path | str, number: int = 0) -> Level:
    """Read and validate one level file; raise LevelError (the first problem) if it can't
    be played. Hidden characters in its text are left out, not refused."""
    report = inspect_level(path, number)
    if report.level is None:
        raise report.problems[0]
    return report.level


def default_levels_dir() -> Path:
    """The shipped campaign: inside the installed package, or the repository's levels/."""
    packaged = Path(str(resources.files("dartfit"))) / "levels_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "levels"


def level_files(folder: Path | str) -> list[Path]:
    """The folder's level files in play order (file-name order)."""
    root = Path(folder)
    if not root.is_dir():
        raise LevelError(root, "", "no such folder of levels")
    return sorted(p for p in root.glob("*.toml") if p.is_file())


def load_levels(folder: Path | str) -> list[Level]:
    """Load every level in a folder, numbered from 1 in file-name order; ids must be unique."""
    levels = [load_level(p, i) for i, p in enumerate(level_files(folder), start=1)]
    seen: dict[str, Path] = {}
    for level in levels:
        if level.id in seen:
            problem = f'"{level.id}" is already used by {seen[level.id].name}'
            raise LevelError(level.path, "id", problem)
        seen[level.id] = level.path
    if not levels:
        raise LevelError(folder, "", "holds no .toml level files")
    return levels


def find_level(levels: list[Level], name: str) -> Level:
    """The level named by its id, its file name without number, or its number."""
    wanted = name.strip().lower().removesuffix(".toml")
    number = int(wanted) if wanted.isdecimal() and len(wanted) < 20 else None  # 05 and ٥ too
    for level in levels:
        if wanted in (level.id, level.slug, level.path.stem) or number == level.number:
            return level
    if number is not None:
        raise LookupError(f"no level number {number}: there are levels 1 to {len(levels)}")
    known = ", ".join(level.id for level in levels[:8])
    more = ", …" if len(levels) > 8 else ""
    raise LookupError(f'no level called "{escaped(name)}" (levels: {known}{more})')


def sandbox_level(path: Path, x: FloatArray, y: FloatArray, x_name: str, y_name: str) -> Level:
    """A level made from the player's own data: nudge a line, compare MSE and MAE, solve.

    The file's name and the columns' names are shown: cleaned and cut to fit like a level's.
    """
    y_name, x_name = _clip(y_name, 28), _clip(x_name, 28)
    spec = msgspec.convert(
        {
            "schema": SCHEMA_VERSION,
            "id": "your-data",
            "title": f"Your data: {_clip(path.name, 49)}",
            "kind": "mae",
            "chapter": f"{y_name} against {x_name}",
            "lesson": "training",
            "goal": f"Fit a line to {y_name} against {x_name}: get within 1 % of the best MSE.",
            "what_you_saw": "Your own data, fitted by hand to within a whisker of least squares.",
            "hints": [
                "← → tilt the line, ↑ ↓ move it; shift makes the steps ten times finer.",
                "b shows the best lines under MSE and MAE; a runs the auto-solver.",
            ],
            "target": {"metric": "mse", "factor": 1.01},
        },
        LevelSpec,
    )
    return Level(number=0, path=path, spec=spec, points=lambda: (x, y))


def _clip(text: str, most: int) -> str:
    """Text without hidden characters, cut to at most `most` characters (never empty)."""
    text = shown(text).strip() or "?"
    return text if len(text) <= most else text[: most - 1] + "…"
