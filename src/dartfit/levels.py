"""Level files: TOML in, typed and frozen Level objects out; LevelError names file and key.

The format is documented in README.md ("Writing a level"). Every table forbids unknown
keys, so a typo is an error rather than a silently ignored setting.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec
import msgspec.inspect as mi

from dartfit.lessons import LESSON_IDS

if TYPE_CHECKING:  # numpy loads when a level's points are first needed, not at start-up
    import numpy as np
    from numpy.typing import NDArray

    FloatArray = NDArray[np.float64]
    Points = Callable[[], tuple[FloatArray, FloatArray]]

SCHEMA_VERSION = 1
KINDS = ("darts", "line", "points", "mae", "mle", "descent", "bias-variance")
CONCEPTS = LESSON_IDS  # every level practises the concept of one lesson

NonNegative = Annotated[float, msgspec.Meta(ge=0)]
Positive = Annotated[float, msgspec.Meta(gt=0)]
Seed = Annotated[int, msgspec.Meta(ge=0)]  # numpy's generators take no negative seed
Spread = Annotated[float, msgspec.Meta(ge=1e-6)]  # σ² and 1/σ² stay far from 0 and overflow
MAX_SIZE = 1e9  # no number in a level is larger: squares and sums of them stay finite
Text = Annotated[str, msgspec.Meta(min_length=1)]


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

    throws: Annotated[int, msgspec.Meta(ge=1, le=50)] = 5
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
    title: Text
    kind: Literal["darts", "line", "points", "mae", "mle", "descent", "bias-variance"]
    goal: Text
    lesson: Text
    what_you_saw: Text
    hints: Annotated[tuple[Text, ...], msgspec.Meta(min_length=1)]
    target: Target
    chapter: str = ""
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
    """A level file is wrong; str() is one line naming the file, the key and the problem."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        self.path, self.key, self.problem = str(path), key, problem
        where = f"{self.path}: {key}: " if key else f"{self.path}: "
        super().__init__(where + problem)


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

    @cached_property
    def _xy(self) -> tuple[FloatArray, FloatArray]:
        x, y = self.points()
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

    @property
    def is_darts(self) -> bool:
        """Whether the level is played with darts (a darts level, or bias-variance darts)."""
        return self.spec.darts is not None

    def wobble(self) -> FloatArray:
        """The seeded standard-normal wobble of each dart, shape (throws, axes)."""
        d = self.spec.darts or Darts()
        from dartfit.core.generate import wobble_draws

        return wobble_draws(d.seed, d.throws, d.axes, d.mirror)


_MSG = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$")


def _describe(t: mi.Type) -> str:
    """A type from the level spec in words: ``a number ≥ 0``, ``a whole number ≥ 2``."""
    if isinstance(t, mi.UnionType):
        words = [_describe(u) for u in t.types if not isinstance(u, mi.NoneType)]
        return " or ".join(words)
    if isinstance(t, mi.FloatType | mi.IntType):
        word = "a whole number" if isinstance(t, mi.IntType) else "a number"
        bounds = [("≥", t.ge), (">", t.gt), ("≤", t.le), ("<", t.lt)]
        return " ".join([word] + [f"{op} {v:g}" for op, v in bounds if v is not None])
    if isinstance(t, mi.StrType):
        return f"text matching {t.pattern}" if t.pattern else "text"
    if isinstance(t, mi.BoolType):
        return "true or false"
    if isinstance(t, mi.LiteralType):
        return "one of " + ", ".join(repr(v) for v in t.values)
    if isinstance(t, mi.VarTupleType | mi.ListType | mi.TupleType):
        return "a list"
    if isinstance(t, mi.StructType):
        return "a table"
    return "something else"


def _type_at(path: str) -> mi.Type | None:
    """The spec's type at a msgspec path like ``.data.generate.noise`` or ``.hints[1]``."""
    t: mi.Type = mi.type_info(LevelSpec)
    for name, _index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        while isinstance(t, mi.UnionType):
            t = next(u for u in t.types if not isinstance(u, mi.NoneType))
        if name and isinstance(t, mi.StructType):
            found = [f.type for f in t.fields if f.name == name]
            if not found:
                return None
            t = found[0]
        elif not name and isinstance(t, mi.VarTupleType | mi.ListType):
            t = t.item_type
        elif not name and isinstance(t, mi.TupleType):
            t = t.item_types[int(_index)] if int(_index) < len(t.item_types) else t
        else:
            return None
    return t


def _slug(path: Path) -> str:
    return re.sub(r"^\d+[-_]?", "", path.stem) or path.stem


def _lookup(raw: Any, path: str) -> Any:
    """Follow a msgspec path like ``.data.xs[1]`` into the raw TOML dictionary."""
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path):
        try:
            raw = raw[name] if name else raw[int(index)]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _friendly(err: msgspec.ValidationError, raw: Any, file: Path) -> LevelError:
    """Turn msgspec's message into `file: key: expected …, got …`."""
    m = _MSG.match(str(err))
    msg, path = (m["msg"], m["path"] or "") if m else (str(err), "")
    key = path.lstrip(".")
    if unknown := re.match(r"Object contains unknown field `(.*)`$", msg):
        return LevelError(file, _join(key, unknown[1]), "unknown key")
    if missing := re.match(r"Object missing required field `([^`]+)`", msg):
        field = missing[1]
        return LevelError(file, f"{key}.{field}" if key else field, "required key is missing")
    got = _lookup(raw, path)
    shown = f'"{got}"' if isinstance(got, str) else repr(got)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"  # one short line, whatever was written
    shown = shown.replace("\r", "\\r").replace("\n", "\\n")
    expected = _type_at(path)
    if expected is not None and (msg.startswith("Expected") or "enum" in msg):
        return LevelError(file, key, f"expected {_describe(expected)}, got {shown}")
    return LevelError(file, key, msg.replace("`", ""))


def _join(key: str, name: str) -> str:
    """A dotted key path, with a name that is not a bare TOML key quoted: ``data."a b"``."""
    name = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else '"' + name.replace('"', '\\"') + '"'
    return f"{key}.{name}" if key else name


def _check_finite(raw: Any, file: Path, key: str = "") -> None:
    """Reject nan, inf and numbers beyond ±MAX_SIZE anywhere in the file (seeds aside):
    TOML allows them, a level never needs them, and their squares would overflow."""
    if isinstance(raw, dict):
        for k, v in raw.items():
            _check_finite(v, file, _join(key, str(k)))
    elif isinstance(raw, list):
        for i, v in enumerate(raw):
            _check_finite(v, file, f"{key}[{i}]")
    elif isinstance(raw, float) and not math.isfinite(raw):
        raise LevelError(file, key, f"expected a finite number, got {raw}")
    elif (
        isinstance(raw, int | float)
        and not isinstance(raw, bool)
        and abs(raw) > MAX_SIZE
        and not key.endswith("seed")
    ):
        got = f"{Decimal(raw).normalize() if isinstance(raw, int) else raw:.6g}"  # any int
        problem = f"expected a number between −{MAX_SIZE:g} and {MAX_SIZE:g}, got {got}"
        raise LevelError(file, key, problem)


MAX_POINTS = 100  # a points level lists every point, and its optimum moves each one


def _distinct_x(make: Points, spec: LevelSpec, file: Path) -> tuple[FloatArray, FloatArray]:
    """Generated points, or LevelError when rounding left every x equal (no line fits)."""
    x, y = make()
    if spec.model.shape == "line" and bool((x == x[0]).all()):
        problem = f"every x rounds to {x[0]:g}: widen x_min..x_max or raise decimals"
        raise LevelError(file, "data.generate", problem)
    return x, y


def _points(spec: LevelSpec, file: Path) -> Points:
    """How to make the level's x and y (inline lists or the generator), checked for shape."""

    def empty() -> tuple[FloatArray, FloatArray]:
        import numpy as np

        return np.zeros(0), np.zeros(0)

    if spec.kind == "bias-variance" and spec.models is not None:
        m = spec.models
        if m.max_degree >= m.n_train:
            raise LevelError(file, "models.max_degree", f"must be below n_train ({m.n_train})")
        if m.degree > m.max_degree:
            raise LevelError(file, "models.degree", f"must be at most max_degree ({m.max_degree})")
        return empty
    if spec.kind == "darts" or (spec.kind == "bias-variance" and spec.darts is not None):
        if spec.darts is None:
            raise LevelError(file, "darts", "a darts level needs a [darts] table")
        if spec.kind == "bias-variance" and spec.models is not None:
            raise LevelError(file, "models", "give [darts] or [models], not both")
        if spec.data is not None:
            raise LevelError(file, "data", "a darts level takes no [data]; use [darts]")
        return empty
    data = spec.data
    if spec.kind == "bias-variance":
        raise LevelError(file, "models", "a bias-variance level needs [models] or [darts]")
    if data is None:
        raise LevelError(file, "data", f"a {spec.kind} level needs a [data] table")
    inline = data.x is not None or data.y is not None
    if inline == (data.generate is not None):
        raise LevelError(file, "data", "give either x and y lists or a [data.generate] table")
    if data.generate is not None:
        g = data.generate
        if g.x_max <= g.x_min:
            raise LevelError(file, "data.generate.x_max", f"must be greater than x_min ({g.x_min})")
        for i, o in enumerate(g.outliers):
            if o.index >= g.n:
                problem = f"{o.index} is outside 0..{g.n - 1}"
                raise LevelError(file, f"data.generate.outliers[{i}].index", problem)
        if spec.kind == "points" and g.n > MAX_POINTS:
            raise LevelError(
                file, "data.generate.n", f"a points level shows at most {MAX_POINTS} points"
            )
        outliers = [(o.index, o.shift) for o in g.outliers]
        args = (g.n, g.seed, g.x_min, g.x_max, g.slope, g.intercept, g.noise, outliers)
        made = partial(_generate, args, g.decimals, g.spacing)
        # made on first use, so start-up never pays for it (nor loads numpy); a draw whose
        # x all round to one value is a LevelError then: `dartfit check` reports it, and
        # the game names it instead of opening the level
        return partial(_distinct_x, made, spec, file)
    if data.x is None or data.y is None:
        raise LevelError(file, "data.y" if data.y is None else "data.x", "x and y go together")
    if len(data.x) != len(data.y):
        problem = f"has {len(data.y)} values but data.x has {len(data.x)}"
        raise LevelError(file, "data.y", problem)
    if len(data.x) < 2:
        raise LevelError(file, "data.x", "needs at least two points")
    if spec.kind == "points" and len(data.x) > MAX_POINTS:
        raise LevelError(file, "data.x", f"a points level shows at most {MAX_POINTS} points")
    xs, ys = data.x, data.y
    if spec.model.shape == "line" and all(v == xs[0] for v in xs):
        raise LevelError(file, "data.x", f"all x values are equal ({xs[0]:g}): no line fits")

    def inline() -> tuple[FloatArray, FloatArray]:
        import numpy as np

        return np.array(xs, dtype=float), np.array(ys, dtype=float)

    return inline


def _generate(args: tuple[Any, ...], decimals: int, spacing: str) -> tuple[FloatArray, FloatArray]:
    from dartfit.core.generate import generate_points

    return generate_points(*args, decimals=decimals, spacing=spacing)


def _check_meaning(spec: LevelSpec, file: Path) -> None:
    """Rules that span keys: schema, lesson names, darts rounds, target value or factor."""
    if spec.schema != SCHEMA_VERSION:
        problem = f"this dartfit reads schema {SCHEMA_VERSION}, the file says {spec.schema}"
        raise LevelError(file, "schema", problem)
    if spec.lesson not in CONCEPTS:
        raise LevelError(file, "lesson", f'"{spec.lesson}" is not one of: {", ".join(CONCEPTS)}')
    t = spec.target
    picks = t.type.startswith("pick")
    if not picks and (t.value is None) == (t.factor is None):
        raise LevelError(file, "target", "give exactly one of value or factor")
    if t.type == "pick_worse":
        rounds = spec.darts.rounds if spec.darts else ()
        if len(rounds) != 2 or not all(rounds):
            raise LevelError(file, "darts.rounds", "pick_worse needs two non-empty rounds")
    if t.type == "pick_costliest" and spec.kind != "points":
        raise LevelError(file, "target.type", "pick_costliest is for points levels")
    if t.type == "pick_degree" and spec.models is None:
        raise LevelError(file, "target.type", "pick_degree needs a [models] table")
    if t.type == "at_least" and spec.kind != "points":
        raise LevelError(file, "target.type", "at_least is for points levels")


def load_level(path: Path | str, number: int = 0) -> Level:
    """Read and validate one level file; raise LevelError on any problem."""
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as e:
        raise LevelError(file, "", f"can't read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise LevelError(file, "", f"not UTF-8 text (byte {e.start})") from None
    except ValueError as e:  # TOMLDecodeError, or an integer too long to convert
        raise LevelError(file, "", f"not valid TOML: {e}") from None
    _check_finite(raw, file)
    try:
        spec = msgspec.convert(raw, LevelSpec)
    except msgspec.ValidationError as e:
        raise _friendly(e, raw, file) from None
    _check_meaning(spec, file)
    return Level(number=number, path=file, spec=spec, points=_points(spec, file))


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
    for level in levels:
        if wanted in (level.id, level.slug, level.path.stem) or wanted == str(level.number):
            return level
    if wanted.isdigit():
        raise LookupError(f"no level number {wanted}: there are levels 1 to {len(levels)}")
    known = ", ".join(level.id for level in levels[:8])
    more = ", …" if len(levels) > 8 else ""
    raise LookupError(f'no level called "{name}" (levels: {known}{more})')


def sandbox_level(path: Path, x: FloatArray, y: FloatArray, x_name: str, y_name: str) -> Level:
    """A level made from the player's own data: nudge a line, compare MSE and MAE, solve."""
    spec = msgspec.convert(
        {
            "schema": SCHEMA_VERSION,
            "id": "your-data",
            "title": f"Your data: {path.name}",
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
