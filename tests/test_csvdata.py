"""Bring your own data: messy CSV files either load or say exactly what is wrong."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.csvdata import CsvError, load_csv


def write(tmp_path: Path, text: str | bytes, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_header_row_is_detected_and_columns_are_named(tmp_path) -> None:
    data = load_csv(write(tmp_path, "hours,score\n1,2.5\n2,4\n3,6.5\n"))
    assert (data.x_name, data.y_name) == ("hours", "score")
    assert data.x.tolist() == [1, 2, 3] and data.y.tolist() == [2.5, 4, 6.5]


def test_without_a_header_the_first_two_columns_are_used(tmp_path) -> None:
    data = load_csv(write(tmp_path, "1,2\n2,4\n3,7\n"))
    assert data.x.tolist() == [1, 2, 3] and data.x_name == "column 1"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_are_detected(tmp_path, delimiter) -> None:
    text = (
        delimiter.join(["a", "b", "c"])
        + "\n"
        + "\n".join(delimiter.join([str(i), str(10 * i), str(i * i)]) for i in range(5))
    )
    data = load_csv(write(tmp_path, text), x="a", y="c")
    assert data.y.tolist() == [0, 1, 4, 9, 16]


def test_semicolon_files_may_use_decimal_commas(tmp_path) -> None:
    data = load_csv(write(tmp_path, "x;y\n1,5;2,25\n2,5;6,25\n"))
    assert data.x.tolist() == [1.5, 2.5] and data.y.tolist() == [2.25, 6.25]


def test_a_byte_order_mark_is_skipped(tmp_path) -> None:
    data = load_csv(write(tmp_path, "\ufeffx,y\n1,1\n2,3\n"))
    assert data.x_name == "x" and data.y.tolist() == [1, 3]


def test_columns_can_be_chosen_by_number(tmp_path) -> None:
    data = load_csv(write(tmp_path, "a,b,c\n1,2,3\n4,5,6\n"), x="3", y="1")
    assert data.x.tolist() == [3, 6] and data.y.tolist() == [1, 4]


def test_the_numbers_are_exactly_what_the_file_says(tmp_path) -> None:
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=300), rng.normal(size=300) * 1e6
    text = "x,y\n" + "\n".join(f"{float(a)!r},{float(b)!r}" for a, b in zip(x, y, strict=True))
    data = load_csv(write(tmp_path, text))
    assert np.array_equal(data.x, x) and np.array_equal(data.y, y)


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("", {}, "data.csv: the file is empty"),
        ("\n\n  \n", {}, "the file is empty"),
        ("x,y\n", {}, "no data rows after the header"),
        ("x,y\n1,2\n", {}, "only one data row"),
        ("x,y\n3,1\n3,2\n", {}, 'all values of "x" are equal (3)'),
        ("x,y\n1,2\n2,abc\n", {}, 'line 3: column "y": "abc" is not a number'),
        ("x,y\n1,2\n2,3\nnan,4\n", {}, 'line 4: column "x": nan is not a finite number'),
        ("x,y\n1,2\n2,inf\n", {}, 'line 3: column "y": inf is not a finite number'),
        ("x,y\n1,2\n2\n", {}, "line 3: 1 field, expected 2"),
        ("x,y\n1,2\n2,3\n", {"x": "height"}, 'no column "height" (columns: "x", "y")'),
        ("x,y\n1,2\n2,3\n", {"y": "7"}, "--y 7: there are columns 1 to 2"),
        ("just_one\n1\n2\n", {}, "needs at least two columns, found 1"),
    ],
)
def test_a_bad_file_gets_one_line_naming_file_and_line(tmp_path, text, args, message) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CsvError) as caught:
        load_csv(path, **args)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path) -> None:
    path = write(tmp_path, b"x,y\n1,2\n2,\xff\n")
    with pytest.raises(CsvError, match="line 3: not UTF-8"):
        load_csv(path)


def test_a_missing_file_is_a_csv_error(tmp_path) -> None:
    with pytest.raises(CsvError, match="can't read"):
        load_csv(tmp_path / "nope.csv")


def test_a_million_rows_load_through_the_fast_reader(tmp_path) -> None:
    n = 1_000_000
    x = np.arange(n, dtype=float) / n
    text = "x,y\n" + "\n".join(f"{v:.6f},{2 * v + 1:.6f}" for v in x[:: n // 1000])
    big = "x,y\n" + "\n".join(f"{i},{2 * i}" for i in range(n)) + "\n"
    assert load_csv(write(tmp_path, text, "small.csv")).x.size == 1000
    data = load_csv(write(tmp_path, big, "big.csv"))
    assert data.x.size == n and data.y[-1] == 2 * (n - 1)
