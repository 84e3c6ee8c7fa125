"""Which column `--x`/`--y` mean: a name, a number (1 is the first) or "column N", and
never a guess between two: `--x 1` where column 2 is named "1" chose column 2 by its
name without a word, where a user may mean the first column."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dartfit.csvdata import CsvError, load_csv
from dartfit.csvdata.columns import readings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path, **choices: str) -> str:
    with pytest.raises(CsvError) as caught:
        load_csv(path, **choices)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_a_number_that_is_another_columns_name_is_refused_with_both_ways(tmp_path) -> None:
    path = write(tmp_path, "a,1\n5,6\n7,9\n8,1\n")
    assert refusal(path, x="1") == (
        f'{path}: --x 1 may mean column 1 (by its number) or column 2 (named "1"):'
        " say which with --x a or --x 2"
    )
    assert load_csv(path, x="a").x_name == "a"
    assert load_csv(path, y="2").y_name == "1"
    assert load_csv(path, y="column 1", x="column 2").y_name == "a"


def test_a_column_named_by_its_own_number_is_no_riddle(tmp_path) -> None:
    path = write(tmp_path, "t,2\n5,6\n7,9\n8,1\n")
    data = load_csv(path, y="2")
    assert (data.x_name, data.y_name) == ("t", "2")


def test_column_n_is_the_nth_column_whatever_a_header_is_named(tmp_path) -> None:
    """The one spelling that never means two columns: a header may name a column
    "column 1" elsewhere, and "column 1" is still the first."""
    path = write(tmp_path, "b,column 1\n5,6\n7,9\n8,1\n")
    assert load_csv(path, x="column 1", y="2").x_name == "b"
    path = write(tmp_path, "column 2,x,y\n5,6,1\n7,9,2\n8,1,3\n")
    assert load_csv(path, x="column 2", y="1").x_name == "x"


HEADERS = ["a,1", "2,1,z", "t,1,2", "1,1,b", "b,column 1,1", "2,column 1,x,1", "1,2,x,1"]


@pytest.mark.parametrize("header", HEADERS)
def test_each_way_a_refusal_offers_chooses_the_column_it_says(tmp_path, header) -> None:
    """Whatever the header, a choice that means two columns names each of them, with a
    way to choose it that means it alone: followed, it loads that column. Every other
    choice loads a column of that name or number."""
    names = header.split(",")
    width = len(names)
    rows = [[10 * r + c for c in range(width)] for r in range(1, 4)]
    path = write(tmp_path, header + "\n" + "\n".join(",".join(map(str, r)) for r in rows))
    column = {c: [row[c] for row in rows] for c in range(width)}
    refused = 0
    for choice in sorted({*names, *map(str, range(1, width + 1))}):
        apart = next((c for c in range(width) if c not in readings(choice, names)), None)
        try:
            data = load_csv(path, y=choice, x=None if apart is None else f"column {apart + 1}")
        except CsvError as e:
            said = str(e)
            refused += 1
            meant, ways = offered(said)
            assert len(ways) == len(meant) >= 2, said
            for way, c in zip(ways, meant, strict=True):
                x = "column 1" if c != 0 else "column 2"
                assert load_csv(path, y=way, x=x).y.tolist() == column[c], (way, said)
        else:
            c = next(c for c in column if column[c] == data.y.tolist())
            assert choice in (names[c].strip(), str(c + 1), f"column {c + 1}"), (choice, c)
    assert refused, "no choice of this header means two columns"


def offered(said: str) -> tuple[list[int], list[str]]:
    """The columns a refusal says a choice may mean, and the ways it offers to each."""
    if "have that name" in said:
        ways = said.rsplit("(", 1)[1].rstrip(")").split(" or ")
        ways = [shlex.split(way)[0] for way in ways]
        return [int(re.sub(r"\D", "", way)) - 1 for way in ways], ways
    meant = [int(n) - 1 for n in re.findall(r"column (\d+) \((?:named|by its number)", said)]
    ways = [shlex.split(way)[1] for way in said.split("say which with ")[1].split(" or --")]
    return meant, ways


def test_a_first_row_of_numbers_is_a_header_when_a_column_is_chosen_by_it(tmp_path) -> None:
    """`--x 2019` on a first row "2019,2020" was "there are columns 1 to 2": only a
    header can mean a column 2019, so the first row names the columns then."""
    path = write(tmp_path, "2019,2020\n5,6\n7,9\n8,1\n")
    data = load_csv(path, x="2019")
    assert (data.x_name, data.y_name) == ("2019", "2020") and data.x.tolist() == [5, 7, 8]
    assert load_csv(path, y="2020").y.tolist() == [6, 9, 1]


def test_a_first_row_of_numbers_stays_data_when_nothing_names_it(tmp_path) -> None:
    """As data it was read, and is: a choice that is a column's number (or 0, a number
    counted from 0, not a name) keeps it so."""
    path = write(tmp_path, "2019,2020\n5,6\n7,9\n8,1\n")
    assert load_csv(path).x.tolist() == [2019, 5, 7, 8]
    assert load_csv(path, x="1").x_name == "column 1"
    assert refusal(path, x="0") == f"{path}: --x 0: there are columns 1 to 2"
    path = write(tmp_path, "0,1\n1,3\n2,5\n")
    assert load_csv(path, x="1", y="2").y.tolist() == [1, 3, 5]


@pytest.mark.parametrize("choice", ["-1", "1.0", "+2", "−1", "１.５", "1e1", " -3 "])
def test_a_number_that_is_no_columns_number_is_told_the_columns_numbers(
    tmp_path, choice: str
) -> None:
    """`--x -1` (the last column, as Python counts) and `--x 1.0` were 'no column "-1"
    (columns: "a", "b", "c")', as if a name were mistyped: a number that no header names
    is told which numbers the columns have."""
    path = write(tmp_path, "a,b,c\n1,2,3\n2,5,7\n3,9,4\n")
    assert refusal(path, x=choice) == f"{path}: --x {choice}: there are columns 1 to 3"
    path = write(tmp_path, f"a,{choice.strip()},c\n1,2,3\n2,5,7\n3,9,4\n")
    assert load_csv(path, x=choice).x.tolist() == [2, 5, 9]  # a header's name, it is


@pytest.mark.parametrize(
    ("header", "choice", "meant"),
    [("Alpha,beta", "alpha", '"Alpha"'), ("x,Height cm", " HEIGHT CM ", '"Height cm"')],
)
def test_a_name_given_in_other_capitals_is_named_back(tmp_path, header, choice, meant) -> None:
    """--x alpha for a column "Alpha" was refused with the columns listed, and nothing said
    which one was meant (a hostile pass)."""
    path = write(tmp_path, f"{header}\n1,2\n2,3\n3,5\n")
    said = refusal(path, x=choice)
    assert f"did you mean {meant}?" in said
    assert load_csv(path, x=meant.strip('"')).x_name == meant.strip('"')
