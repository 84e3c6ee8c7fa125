"""The rules of a level spec that no type can say: they span keys, and most depend on the
kind (from the registry `dartfit.kinds`). Each problem is a (key, problem) pair."""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec

from dartfit.kinds import KINDS, Kind, played
from dartfit.lessons import LESSON_IDS
from dartfit.levels.spec import (
    MAX_THROWS,
    SCHEMA_VERSION,
    SETTINGS,
    TABLES,
    Controls,
    Data,
    LevelSpec,
    Model,
    Start,
)
from dartfit.levels.spread import FLAT, NO_LINE, all_equal, too_narrow
from dartfit.printable import blank
from dartfit.wording import echoed

MAX_SWEEP = 2_000_000  # a bias-variance sweep fits n_train × n_sets × (max_degree + 1) values


def as_played(spec: LevelSpec) -> LevelSpec:
    """The spec with its kind named as the game it plays (older files named some differently)."""
    tables = {name for name in TABLES if getattr(spec, name) is not None}
    kind = played(spec.kind, tables, spec.target.type)
    return spec if kind == spec.kind else msgspec.structs.replace(spec, kind=kind)


def meaning_problems(spec: LevelSpec) -> Iterator[tuple[str, str]]:
    """Rules that span keys: schema, lesson name, the kind and its table, the target."""
    if spec.schema != SCHEMA_VERSION:
        yield "schema", f"this dartfit reads schema {SCHEMA_VERSION}, the file says {spec.schema}"
    if spec.lesson not in LESSON_IDS:
        yield "lesson", f'"{spec.lesson}" is not one of: {", ".join(LESSON_IDS)}'
    if spec.id.isdigit():  # `play 3` means the third level: this one could never be named
        yield "id", f'"{spec.id}" needs a letter: a number names a level by its place'
    texts = {"title": spec.title, "goal": spec.goal, "what_you_saw": spec.what_you_saw}
    texts |= {f"hints[{i}]": hint for i, hint in enumerate(spec.hints)}
    # texts that may be left out ("": none, or the game's own words) but, written, are shown
    optional = {"chapter": spec.chapter, "model.reference_name": spec.model.reference_name}
    if (p := spec.predict) is not None:
        optional |= {"predict.why": p.why}
        texts |= {"predict.ask": p.ask}
        texts |= {f"predict.choices[{i}]": c for i, c in enumerate(p.choices)}
        if p.answer > len(p.choices):
            yield "predict.answer", f"is {p.answer}, but there are {len(p.choices)} choices"
        if len({c.strip().casefold() for c in p.choices}) < len(p.choices):
            yield "predict.choices", "holds a choice twice: the player could not tell them apart"
    texts |= {key: text for key, text in optional.items() if text}
    for key, text in texts.items():
        if blank(text):
            yield key, "is blank: the player would see nothing there"
    kind = KINDS.get(spec.kind)
    if kind is None:
        known = ", ".join(repr(name) for name in sorted(KINDS))
        yield "kind", f"expected one of {known}, got {spec.kind!r}"
        return
    yield from _table_problems(spec, kind)
    for name in dict.fromkeys(re.findall(r"\{(\w*)\}", spec.what_you_saw)):
        if name not in kind.fills:
            fills = ", ".join(f"{{{n}}}" for n in kind.fills) or "none"
            yield (
                "what_you_saw",
                f"asks for {{{name}}}, which a {kind.name} level does not fill (it fills: {fills})",
            )
    yield from _unread_problems(spec, kind)
    lined = kind.needs == "data"  # (a level with no line has its [model] said whole above)
    if lined and spec.model.fit != "player" and not kind.refits:  # played as "player"
        fit = spec.model.fit
        yield (
            "model.fit",
            f"a {kind.name} level's line is the player's: \"{fit}\" is a points level's",
        )
    if lined and spec.model.fit == "player" and kind.refits:  # it would play as "fixed", unsaid
        yield "model.fit", f'a {kind.name} level refits its line: "least-squares" or "fixed"'
    t = spec.target
    if t.type not in kind.targets:
        yield "target.type", f"a {kind.name} level takes: {', '.join(kind.targets)}"
        return  # what a target of another type needs would only mislead
    if t.metric not in kind.metrics:
        measured = " or ".join(f'"{metric}"' for metric in kind.metrics)
        yield "target.metric", f'a {kind.name} level is scored by its {measured}, not "{t.metric}"'
    if not t.type.startswith("pick") and (t.value is None) == (t.factor is None):
        yield "target", "give exactly one of value or factor"
    if t.type == "pick_worse":
        rounds = spec.darts.rounds if spec.darts else ()
        if len(rounds) != 2 or not all(rounds):
            yield "darts.rounds", "pick_worse needs two non-empty rounds"


def _unread_problems(spec: LevelSpec, kind: Kind) -> Iterator[tuple[str, str]]:
    """What the file sets that the game never reads, as unknown keys are: a darts level's
    [start] line, a constant's slope (each passed, and played as if not written)."""
    if kind.needs != "data":  # played on darts, models or guesses: no line to start or steer
        for name, unset in (("start", Start()), ("controls", Controls()), ("model", Model())):
            if getattr(spec, name) != unset:
                yield name, f"a {kind.name} level has no line to set: [{name}] does nothing here"
        return
    if spec.model.shape != "constant":
        return
    slope = {
        "start.m": spec.start.m != Start().m,
        "controls.m_step": spec.controls.m_step is not None,
        "controls.turn": spec.controls.turn != Controls().turn,
    }
    for key in (key for key, given in slope.items() if given):
        yield key, 'a constant (model.shape = "constant") has no slope: this does nothing'


def _table_problems(spec: LevelSpec, kind: Kind) -> Iterator[tuple[str, str]]:
    """The kind's one table is there and the others are not; each table is consistent."""
    given = {name for name in TABLES if getattr(spec, name) is not None}
    if kind.needs not in given:
        yield kind.needs, f"a {kind.name} level needs a [{kind.needs}] table"
    for name in sorted(given - {kind.needs}):
        yield name, f"a {kind.name} level takes no [{name}]; its table is [{kind.needs}]"
    for name in SETTINGS:
        if getattr(spec, name) is not None and name != kind.tunes:
            yield name, f"a {kind.name} level takes no [{name}] (only a {_tuned_by(name)} level)"
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
        if not r:  # rounds = [[]] passed, and the darts screen died on it (max of nothing)
            yield f"darts.rounds[{i}]", "a round needs at least one throw, got none"
        if len(r) > MAX_THROWS:
            problem = f"a round lists every throw: at most {MAX_THROWS} throws, got {len(r):,}"
            yield f"darts.rounds[{i}]", problem
    if spec.data is not None:
        yield from _data_problems(spec.data, kind, spec.model.shape == "line")


MOST_LAID_OVER = 100
"""The most points a set the won line is laid over may have, the level's own too: they are
drawn point by point, each with its square, in a quarter of the screen."""


def _also_problems(data: Data, kind: Kind) -> Iterator[tuple[str, str]]:
    """Other datasets to lay the won line over: shipped ones, on a kind that draws a line,
    measured in the level's own units (one pair of axes shows them all) and each few enough
    points to draw one by one with its squares, as the level's own."""
    if not data.also:
        return
    if not kind.overlays:
        yield "data.also", f"a {kind.name} level draws no line of the player's to lay over data"
        return
    from dartfit.datasets import DATASETS, no_dataset

    own = DATASETS.get(data.dataset) if data.dataset is not None else None
    units = (own.x_name, own.y_name) if own is not None else ("x", "y")
    size = len(own.x) if own else data.generate.n if data.generate else len(data.x or ())
    most = f"at most {MOST_LAID_OVER}: each set is drawn point by point"
    if size > MOST_LAID_OVER:
        yield "data.also", f"the level has {size:,} points ({most})"
    for i, name in enumerate(data.also):
        key, shipped = f"data.also[{i}]", DATASETS.get(name)
        if shipped is None:
            yield key, no_dataset(name)
        elif name == data.dataset or data.also.index(name) < i:
            yield key, f'"{name}" is shown already'
        elif (shipped.x_name, shipped.y_name) != units:
            theirs = f"{shipped.x_name} against {shipped.y_name}"
            yield key, f"{name} is {theirs}, the level {' against '.join(units)}: one pair of axes"
        elif len(shipped.x) > MOST_LAID_OVER:
            yield key, f"{name} has {len(shipped.x):,} points ({most})"


def _data_problems(data: Data, kind: Kind, line: bool) -> Iterator[tuple[str, str]]:
    """Inline lists, a generator or a dataset, and no more points than the kind can show."""
    inline = data.x is not None or data.y is not None
    if inline + (data.generate is not None) + (data.dataset is not None) != 1:
        yield "data", "give x and y lists, a [data.generate] table or a dataset (one of them)"
        return
    yield from _also_problems(data, kind)
    shows = f"a {kind.name} level shows at most {kind.max_points} points"
    if data.dataset is not None:
        from dartfit.datasets import DATASETS, no_dataset

        if data.dataset not in DATASETS:
            yield "data.dataset", no_dataset(data.dataset)
        elif kind.max_points is not None and len(DATASETS[data.dataset].x) > kind.max_points:
            yield "data.dataset", f"{shows}, got {len(DATASETS[data.dataset].x):,}"
        return
    if data.generate is not None:
        g = data.generate
        if g.x_max <= g.x_min:
            yield "data.generate.x_max", f"must be greater than x_min ({echoed(g.x_min)})"
        for i, o in enumerate(g.outliers):
            if o.index >= g.n:
                yield f"data.generate.outliers[{i}].index", f"{o.index} is outside 0..{g.n - 1}"
        if kind.max_points is not None and g.n > kind.max_points:
            yield "data.generate.n", f"{shows}, got {g.n:,}"
        narrow = too_narrow([g.x_min, g.x_max]) if g.x_max > g.x_min else None
        if narrow is not None:  # the ends' spread: about that of the x drawn between them
            yield "data.generate", f"x from x_min to x_max {narrow}"
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
        yield "data.x", f"all x values {all_equal(data.x[0])}: {NO_LINE}"
    elif all(v == data.y[0] for v in data.y):  # every kind fits y: a CSV of them is refused
        yield "data.y", f"all y values {all_equal(data.y[0])}: {FLAT}"
    else:  # as a CSV's columns must: enough spread for float64 to draw lines through them
        for key, values in (("data.x", data.x), ("data.y", data.y)):
            narrow = too_narrow(values)
            if narrow is not None:
                yield key, narrow


def _tuned_by(setting: str) -> str:
    """The kind a tuning table belongs to."""
    return next(kind.name for kind in KINDS.values() if kind.tunes == setting)
