"""The kinds' registry: one line names a kind's table, targets, rules and screen; files
written before "compare" and "degree" had their own names still load as those kinds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit import check
from dartfit.app import make_app
from dartfit.kinds import KINDS, Kind, kind_of, rules_of
from dartfit.levels import load_level, load_levels
from dartfit.rules import scoring
from tests.conftest import GOOD_LINE, SHIPPED

SHIPPED_LEVELS = load_levels(SHIPPED)


def test_every_shipped_kind_is_registered_with_rules_and_a_screen_class() -> None:
    for level in SHIPPED_LEVELS:
        kind = kind_of(level.spec)
        assert level.spec.target.type in kind.targets
        assert rules_of(level) is kind.rules()
    assert {lv.spec.kind for lv in SHIPPED_LEVELS} == set(KINDS)  # every kind is played


def _old_file(level_id: str, old_kind: str) -> str:
    path = next(lv.path for lv in SHIPPED_LEVELS if lv.id == level_id)
    text = path.read_text(encoding="utf-8")
    lines = [f'kind = "{old_kind}"' if ln.startswith("kind = ") else ln for ln in text.splitlines()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("level_id", "old_kind", "kind"),
    [
        ("worse-round", "darts", "compare"),
        ("degree", "bias-variance", "degree"),
        ("wind-and-wobble", "bias-variance", "darts-split"),
    ],
)
def test_a_file_written_with_the_old_kind_name_loads_as_the_game_it_plays(
    tmp_path: Path, level_id: str, old_kind: str, kind: str
) -> None:
    path = tmp_path / "01-old.toml"
    path.write_text(_old_file(level_id, old_kind), encoding="utf-8")
    level = load_level(path)
    assert level.spec.kind == kind
    assert check.problems(level) == []


def test_a_kind_takes_only_its_own_targets(tmp_path: Path) -> None:
    path = tmp_path / "01-bad.toml"
    path.write_text(GOOD_LINE.replace("[target]", '[target]\ntype = "at_least"'), encoding="utf-8")
    with pytest.raises(ValueError, match=r"target\.type: a line level takes: at_most"):
        load_level(path)


def _with_metric(level_id: str, metric: str) -> str:
    """A shipped level's file with its target's metric replaced (or written in)."""
    text = next(lv.path for lv in SHIPPED_LEVELS if lv.id == level_id).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("metric = ")]
    at = lines.index("[target]") if "[target]" in lines else len(lines)
    if at == len(lines):
        lines.append("[target]")
    lines.insert(at + 1, f'metric = "{metric}"')
    return "\n".join(lines) + "\n"


MEASURED = [
    (level.id, metric)
    for level in {lv.spec.kind: lv for lv in SHIPPED_LEVELS}.values()
    for metric in ("mse", "mae", "score")
]


@pytest.mark.parametrize(("level_id", "metric"), MEASURED)
def test_a_level_is_scored_only_by_a_metric_its_kind_measures(
    tmp_path: Path, level_id: str, metric: str
) -> None:
    """Any metric loaded on any kind: a line level with `metric = "score"` was won at the
    start (its MSE read as a score out of 100), and a darts round's MSE was named MAE."""
    path = tmp_path / "01-level.toml"
    path.write_text(_with_metric(level_id, metric), encoding="utf-8")
    kind = KINDS[next(lv.spec.kind for lv in SHIPPED_LEVELS if lv.id == level_id)]
    if metric in kind.metrics:
        assert load_level(path).spec.target.metric == metric
        return
    with pytest.raises(ValueError, match=rf"target\.metric: a {kind.name} level is scored by its"):
        load_level(path)


async def test_a_new_kind_is_one_registry_line(tmp_path: Path, monkeypatch) -> None:
    """A kind registered with existing rules and screen loads, checks and plays: nothing
    else in the game has to know its name."""
    kind = Kind("tilt", "data", ("at_most",), "fit:LINE", "fit:FitScreen")
    monkeypatch.setitem(KINDS, "tilt", kind)
    levels = tmp_path / "levels"
    levels.mkdir()
    (levels / "01-tilt.toml").write_text(
        GOOD_LINE.replace('kind = "line"', 'kind = "tilt"'), encoding="utf-8"
    )
    level = load_levels(levels)[0]
    assert check.problems(level) == [] and scoring.target_value(level) is not None
    app = make_app(levels, tmp_path / "data", start="1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "FitScreen" and app.screen.level.id == level.id
        await pilot.press("right")
        await pilot.pause()


def test_a_target_of_another_kind_is_one_problem_not_three(tmp_path: Path) -> None:
    from dartfit.levels import inspect_level

    path = tmp_path / "01-bad.toml"
    path.write_text(
        GOOD_LINE.replace("[target]", '[target]\ntype = "pick_worse"'), encoding="utf-8"
    )
    problems = [str(p) for p in inspect_level(path).problems]
    assert len(problems) == 1 and "target.type: a line level takes: at_most" in problems[0]


def test_the_palette_offers_the_solver_where_the_a_key_works() -> None:
    for level in SHIPPED_LEVELS:
        offered = kind_of(level.spec).solver and level.spec.model.shape == "line"
        assert offered == (
            level.spec.kind in ("line", "mae", "mle") and level.spec.model.shape == "line"
        )


@pytest.mark.parametrize(
    ("table", "owner"), [("[descent]\nmax_steps = 5\n", "descent"), ("[likelihood]\n", "mle")]
)
def test_a_table_that_tunes_another_kind_is_refused(tmp_path: Path, table: str, owner: str) -> None:
    from dartfit.levels import inspect_level

    path = tmp_path / "01-stray.toml"
    path.write_text(GOOD_LINE + "\n" + table, encoding="utf-8")
    problems = [str(p) for p in inspect_level(path).problems]
    assert len(problems) == 1 and f"(only a {owner} level)" in problems[0]
