"""A level file of the player's own that `dartfit check` refuses as unwinnable is played with
a warning that says why (a hostile pass: its target "MSE ≤ 0" was shown as any other, and
nothing said that no line could meet it)."""

from __future__ import annotations

import json

import pytest
from textual.widgets import OptionList, Static

from dartfit import campaign
from dartfit.app import make_app
from dartfit.dialogs.congrats import CongratsScreen
from dartfit.levels import Level, find_level
from dartfit.progress import ProgressStore
from dartfit.screens.level_base import LevelScreen
from tests.conftest import GOOD_LINE
from tests.test_play_a_level_file import own_level
from tests.ui.typing import panel_shown, settled


@pytest.mark.parametrize(
    ("target", "warned"),
    [("value = 1.0", False), ("value = 0.0", True), ("value = 1e9", True)],
    ids=["winnable", "below-the-best", "met-at-the-start"],
)
async def test_an_unwinnable_level_of_ones_own_is_played_with_a_warning_why(
    write_level, tmp_path, target, warned
) -> None:
    path = write_level(GOOD_LINE.replace("value = 1.0", target))
    app = make_app(path.parent, tmp_path / "data", start="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        stack = app.screen_stack
        await settled(
            pilot, lambda: any(isinstance(s, LevelScreen) and s.is_mounted for s in stack)
        )
        await settled(pilot, lambda: (check := app.winnable_check) is not None and check.done())
        await settled(pilot, lambda: bool(app._notifications) or not warned)  # its words posted
        await pilot.pause()
        said = [f"{n.title}: {n.message}" for n in app._notifications]
        if not warned:
            assert not said, said
            return
        assert len(said) == 1, said
        assert said[0].startswith("This level can't be won as written: 01-demo.toml: target"), said
        assert "dartfit check" in said[0]


async def test_a_level_of_ones_own_is_checked_off_the_games_thread(
    write_level, tmp_path, monkeypatch
) -> None:
    """`dartfit check`'s look at a level of one's own runs on a worker's thread: on a million
    points it held the level's first keys 0.2 s (an MAE level's, over a second)."""
    import threading

    from dartfit import check

    threads: list[threading.Thread] = []
    real = check.unwinnable

    def watched(level: Level) -> list[str]:
        threads.append(threading.current_thread())
        return real(level)

    monkeypatch.setattr(check, "unwinnable", watched)
    path = write_level(GOOD_LINE)
    app = make_app(path.parent, tmp_path / "data", start="demo")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: (check := app.winnable_check) is not None and check.done())
        assert threads and threads[0] is not threading.main_thread()


async def test_a_level_file_played_alone_is_warned_about_as_a_folders_level(
    write_level, tmp_path
) -> None:
    """`dartfit play FILE` (make_app's level_file) opens that level, the only one, and says
    why it can't be won as a level of a --levels folder does."""
    path = write_level(GOOD_LINE.replace("value = 1.0", "value = 0.0"))
    app = make_app(data_dir=tmp_path / "data", level_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: (check := app.winnable_check) is not None and check.done())
        await settled(pilot, lambda: bool(app._notifications))
        assert [level.id for level in app.levels] == ["demo"]
        assert isinstance(app.screen, LevelScreen) and app.screen.level.path == path
        said = [f"{n.title}: {n.message}" for n in app._notifications]
        assert said[0].startswith("This level can't be won as written: 01-demo.toml: target"), said


async def test_a_level_file_won_alone_says_that_level_is_won_and_where_it_is_kept(
    tmp_path,
) -> None:
    """`dartfit play FILE`: the win of its one level said "every level complete", the
    campaign's ending, with chapters and replays of a campaign the player never opened."""
    path = own_level(tmp_path / "mine")
    app = make_app(data_dir=tmp_path / "data", level_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await pilot.press("space", "space", "space")  # three throws at the bull win it
        await panel_shown(pilot)
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, CongratsScreen))
        await pilot.pause()
        said = " ".join(str(text.render()) for text in app.screen.query(Static))
    assert "every level" not in said
    assert said.startswith("Congratulations: My throw is won! Stars: 3 of 3"), said
    kept = tmp_path / "data" / "progress.json"
    where = f'kept with your progress in {kept}, under its id "my-throw"'
    assert f"Played alone from {path}: its result is {where}" in said, said


SECOND = GOOD_LINE.replace('id = "demo"', 'id = "next"').replace('"Demo"', '"Next"')


async def test_a_level_met_at_the_start_is_won_but_earns_no_star_anywhere(
    write_level, tmp_path
) -> None:
    """A level of one's own that `dartfit check` refuses (its target met by the start line) is
    won as it opens: its win gave ★ on no key at all, kept in the save and counted in the
    list and the totals. Now it is completed (the next level opens) with no star, and the
    win panel says why in one line."""
    from dartfit.screens.level_select import LevelSelectScreen

    write_level(GOOD_LINE.replace("value = 1.0", "value = 1e9"))
    write_level(SECOND, "02-next.toml")
    app = make_app(tmp_path / "levels", tmp_path / "data", start="demo")
    async with app.run_test(size=(100, 30)) as pilot:
        await panel_shown(pilot)
        said = " ".join(" ".join(str(text.render()).split()) for text in app.screen.query(Static))
        assert "Stars: ☆☆☆" in said, said
        assert "No star kept: `dartfit check` refuses this level: target: MSE ≤" in said, said
        assert "is met at the start" in said and "needs" not in said, said
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert app.progress.get("demo").completed and app.progress.get("demo").stars == 0
        assert campaign.stars(app.levels, app.progress) == (0, 6)
        assert "next" in campaign.unlocked(app.levels, app.progress)
        listed = " ".join(str(text.render()) for text in app.screen.query(Static))
        assert "0 of 6 ★" in listed, listed
    saved = json.loads((tmp_path / "data" / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["demo"]["completed"] is True and saved["levels"]["demo"]["stars"] == 0


async def test_a_winnable_level_of_ones_own_keeps_its_stars(write_level, tmp_path) -> None:
    """Only a level `check` refuses loses its stars: a level of one's own that it passes keeps
    what its win earned, and its panel says nothing of check."""
    write_level(GOOD_LINE.replace("value = 1.0", "value = 2.0"))
    app = make_app(tmp_path / "levels", tmp_path / "data", start="demo")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        screen.score(0.6, presses=3)  # as the keys would: within the target of 2
        await panel_shown(pilot)
        said = " ".join(str(text.render()) for text in app.screen.query(Static))
        assert "No star kept" not in said, said
        assert app.progress.get("demo").stars >= 1


async def test_a_level_file_met_at_the_start_played_alone_offers_no_replay_for_stars(
    write_level, tmp_path
) -> None:
    """`dartfit play FILE` on such a level: its end says no star is to be won there, not
    "Play it again for more stars"."""
    path = write_level(GOOD_LINE.replace("value = 1.0", "value = 1e9"))
    app = make_app(data_dir=tmp_path / "data", level_file=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await panel_shown(pilot)
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, CongratsScreen))
        await pilot.pause()
        said = " ".join(" ".join(str(text.render()).split()) for text in app.screen.query(Static))
    assert "Stars: 0 of 3" in said, said
    assert "No star to be won here: `dartfit check` refuses this level: target:" in said, said
    assert "more stars" not in said, said


def saved_before(tmp_path, **stars: int) -> None:
    """A save with wins kept for these levels (as an older dartfit kept them)."""
    levels = {name: {"completed": True, "stars": n} for name, n in stars.items()}
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "progress.json").write_text(json.dumps({"schema": 1, "levels": levels}))


async def test_stars_saved_before_check_refused_a_level_count_none_anywhere(
    write_level, tmp_path
) -> None:
    """Stars kept for a level before `dartfit check` refused it (an older dartfit gave ★★★
    as it opened, or the file was edited after the win) were still shown in the list and
    counted in its totals, though its win panel says "No star kept". Once the verdict is
    known they count none, the list says why, and the save keeps them (the file mended,
    they count again)."""
    from dartfit.screens.level_select import REFUSED, LevelSelectScreen

    write_level(GOOD_LINE.replace("value = 1.0", "value = 1e9"))
    write_level(SECOND, "02-next.toml")
    saved_before(tmp_path, demo=3, next=2)
    app = make_app(tmp_path / "levels", tmp_path / "data")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("enter")  # the title → the levels
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        await settled(pilot, lambda: "demo" in app.refused)  # asked as the game started
        await pilot.pause()
        listed = " ".join(str(text.render()) for text in app.screen.query(Static))
        assert "2 levels complete · 2 of 6 ★" in listed, listed
        options = app.screen.query_one(OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in (1, 2)]  # after the chapter
        assert "☆☆☆" in rows[0] and REFUSED in rows[0], rows
        assert "★★☆" in rows[1] and REFUSED not in rows[1], rows
        said = " ".join(listed.split())  # the detail of the row under the cursor, the first
        assert "☆☆☆ · no star: `dartfit check` refuses it: target: MSE ≤" in said, said
        assert campaign.stars(app.levels, app.progress, app.refused) == (2, 6)
    saved = json.loads((tmp_path / "data" / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["demo"]["stars"] == 3  # kept, not counted


async def test_the_congratulations_count_no_star_on_a_refused_level(write_level, tmp_path) -> None:
    """The campaign's end said "Stars: 5 of 6" with 3 of them on a level check refuses."""
    write_level(GOOD_LINE.replace("value = 1.0", "value = 1e9"))
    write_level(SECOND.replace("value = 1.0", "value = 2.0"), "02-next.toml")
    saved_before(tmp_path, demo=3)
    app = make_app(tmp_path / "levels", tmp_path / "data", start="next")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await settled(pilot, lambda: "demo" in app.refused)
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        screen.score(0.6, presses=3)  # as the keys would: within the target of 2
        await panel_shown(pilot)
        won = app.progress.get("next").stars
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, CongratsScreen))
        await pilot.pause()
        said = " ".join(" ".join(str(text.render()).split()) for text in app.screen.query(Static))
    assert f"Stars: {won} of 6" in said and f"({won}/6 ★)" in said, said


async def test_a_level_file_reusing_a_shipped_id_keeps_its_stars_apart_from_that_levels(
    tmp_path,
) -> None:
    """A level of one's own made from a copy of a shipped one, its id kept: `play FILE` kept
    its wins as the shipped level's (an easier target won that level and opened the next).
    They are kept under an id of the file's own, the same as the file is edited, and the
    win says so; the shipped file itself, or a copy of it as it is, is that level."""
    from tests.conftest import SHIPPED

    text = (SHIPPED / "01-first-throw.toml").read_text(encoding="utf-8")
    easy = tmp_path / "easy.toml"
    easy.write_text(text.replace("value = 1.0", "value = 1000.0"), encoding="utf-8")
    app = make_app(data_dir=tmp_path / "data", level_file=easy)
    own = app.levels[0].id
    assert own.startswith("first-throw-own-"), own  # "first-throw" on the old code
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await pilot.press("space", "space", "space")
        await panel_shown(pilot)
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, CongratsScreen))
        await pilot.pause()
        said = " ".join(str(text.render()) for text in app.screen.query(Static))
    assert f'under its id "{own}" (not "first-throw": that is a shipped level' in said, said
    saved = json.loads((tmp_path / "data" / "progress.json").read_text(encoding="utf-8"))
    assert list(saved["levels"]) == [own]
    easy.write_text(text.replace("value = 1.0", "value = 500.0"), encoding="utf-8")
    again = make_app(data_dir=tmp_path / "data", level_file=easy)
    assert again.levels[0].id == own  # edited: the same record
    copy = tmp_path / "copy.toml"
    copy.write_text(text, encoding="utf-8")
    for same in (copy, SHIPPED / "01-first-throw.toml"):
        assert make_app(data_dir=tmp_path / "data", level_file=same).levels[0].id == "first-throw"
    from dartfit.levels import reused_id

    assert reused_id(again.levels[0]) == "first-throw" and reused_id(app.levels[0]) is not None


async def test_a_folder_of_ones_own_keeps_an_edited_shipped_levels_stars_apart(tmp_path) -> None:
    """A `--levels` folder holding a shipped level's file edited, its id kept (a teacher's
    easier copy): its win was kept as the shipped level's, so the shipped list showed it won
    with an MSE its own data can't give and opened the next level (a hostile pass). It is
    kept under an id of the file's own; a copy left as it is stays that shipped level."""
    from tests.conftest import SHIPPED

    folder = tmp_path / "levels"
    folder.mkdir()
    text = (SHIPPED / "01-first-throw.toml").read_text(encoding="utf-8")
    (folder / "01-first-throw.toml").write_text(text.replace("value = 1.0", "value = 1000.0"))
    unchanged = (SHIPPED / "02-signs-cancel.toml").read_text(encoding="utf-8")
    (folder / "02-signs-cancel.toml").write_text(unchanged, encoding="utf-8")
    app = make_app(folder, tmp_path / "data", start="1")
    own, same = (level.id for level in app.levels)
    assert own.startswith("first-throw-own-") and same == "signs-cancel", (own, same)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await pilot.press("space", "space", "space")
        await panel_shown(pilot)
    saved = json.loads((tmp_path / "data" / "progress.json").read_text(encoding="utf-8"))
    assert list(saved["levels"]) == [own]  # "first-throw" on the old code
    progress = ProgressStore.in_folder(tmp_path / "data").load().progress
    assert progress.get(own).completed and not progress.get("first-throw").completed
    shipped = make_app(data_dir=tmp_path / "data").levels
    assert campaign.unlocked(shipped, progress) == {"first-throw"}  # not the next level
    assert make_app(folder, tmp_path / "data").levels[0].id == own  # found again
    # named as its file names it: `play first-throw --levels FOLDER`
    assert find_level(make_app(folder, tmp_path / "data").levels, "first-throw").id == own


async def test_a_star_an_older_dartfit_kept_under_the_shipped_id_stays_there(tmp_path) -> None:
    """Before edited copies were kept apart, a copy's win went under the shipped id. The
    save can't tell which file won it (one record per id: the most stars, the best value,
    no file), and a shipped win merged into it can't be split off, so nothing moves: a
    move could lose a star, staying over-credits the shipped level at most. The copy's
    next win goes under its own id, and the old record is kept as it was."""
    from dartfit.progress.model import LevelRecord, Progress
    from tests.conftest import SHIPPED

    folder = tmp_path / "levels"
    folder.mkdir()
    text = (SHIPPED / "01-first-throw.toml").read_text(encoding="utf-8")
    (folder / "01-first-throw.toml").write_text(text.replace("value = 1.0", "value = 1000.0"))
    store = ProgressStore.in_folder(tmp_path / "data")
    old = LevelRecord(completed=True, stars=2, best_score=9.0)
    assert store.save(Progress(levels={"first-throw": old}))
    app = make_app(folder, tmp_path / "data", start="1")
    (own,) = (level.id for level in app.levels)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await pilot.press("space", "space", "space")
        await panel_shown(pilot)
    progress = ProgressStore.in_folder(tmp_path / "data").load().progress
    assert progress.get("first-throw") == old and progress.get(own).completed
