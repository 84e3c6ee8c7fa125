"""Bring your own data: messy CSV files either load or say exactly what is wrong."""

from __future__ import annotations

import contextlib
import io
import os
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dartfit import csvdata
from dartfit.csvdata import CsvError, load_csv, reader
from dartfit.csvdata.blocks import Block
from dartfit.csvdata.columns import Layout, is_header


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


@pytest.mark.parametrize(
    "text",
    ["1,2,\n3,4,\n5,7,\n6,9,\n", "1,2,,\n3,4,,\n5,7,,\n6,9,,\n", ",1, ,2\n,3,,4\n,5,,7\n,6,,9\n"],
)
def test_a_first_row_of_numbers_and_empty_fields_is_data_not_a_header(tmp_path, text) -> None:
    args = {"x": "2", "y": "4"} if text.startswith(",") else {}
    data = load_csv(write(tmp_path, text), **args)
    assert data.x.tolist() == [1, 3, 5, 6] and data.y.tolist() == [2, 4, 7, 9]
    assert (data.x_name, data.y_name) == (
        f"column {args.get('x', 1)}",
        f"column {args.get('y', 2)}",
    )


@pytest.mark.parametrize(
    ("first", "header"),
    [
        ("x,y,", True),
        (",y,", True),
        ("x,2", True),
        ("1,2,", False),
        ("1, ,2", False),
        (",1,2", False),
        ("2019,2020", False),  # numbers only: can't be told from data
        ("1,٠", False),  # a number in Arabic-Indic digits is no name
        ("x,٢٠١٩", True),
        # a number written otherwise is no name either (its row was lost without a word)
        ("1 234,2", False),
        ("$5,2", False),
        ("(12),2", False),
        ("'12,2", False),
        ("0x1F,2", False),
        ("2024-01,2024-02", True),  # months may name columns; so may percentiles and codes
        ("25%,50%", True),
        ("USD 2024,EUR 2024", True),
        ("1st,2nd", True),
        # over a row of numbers: a number beside them makes a row of data
        ("USD 2024,2", False),
        ("12%,2", False),
        ("N/A,3", False),  # a missing value is no name
    ],
)
def test_a_first_row_is_a_header_only_with_a_field_of_text(first, header) -> None:
    assert is_header(first.split(","), ",", ["1", "2", "3"]) is header


def test_a_semicolon_files_first_row_of_grouped_digits_is_data(tmp_path) -> None:
    """ "1.234,5;2" named the columns "1.234,5" and "2", and the row was lost."""
    path = tmp_path / "grouped.csv"
    path.write_text("1.234,5;2\n3;4\n5;6\n", encoding="utf-8")
    with pytest.raises(CsvError) as refused:
        load_csv(path)
    assert str(refused.value).startswith(f'{path}: line 1: column "column 1": "1.234,5" is')


OTHER_DIGITS = {
    "٠": "0",  # Arabic-Indic
    "۷": "7",  # Extended Arabic-Indic
    "０": "0",  # fullwidth
    "३": "3",  # Devanagari
    "－１２．５": "-12.5",  # fullwidth sign, digits and point
    "٣٫٥": "3.5",  # Arabic-Indic with the Arabic decimal point
    "−2": "-2",  # the minus sign the game writes its numbers with
}


@pytest.mark.parametrize("digits", sorted(OTHER_DIGITS))
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_column_of_other_digits_is_named_as_a_person_counts_it(
    tmp_path, digits: str, delimiter: str
) -> None:
    """A first row "1,٠" was read as a header (its ٠ is no number to the game): the column
    was called "٠", a column zero to read, the error named line 2 for a value first met on
    line 1, and a row "1,2,٠" read as a header lost the file's first row of data. The
    minus sign the game writes (−2) is named alike."""
    rows = [[str(k), digits] for k in (1, 2, 3)]
    for column, table in ((2, rows), (1, [row[::-1] for row in rows])):
        text = "".join(delimiter.join(row) + "\n" for row in table)
        with pytest.raises(CsvError) as e:
            load_csv(write(tmp_path, text))
        assert str(e.value) == (
            f'{tmp_path / "data.csv"}: line 1: column "column {column}": "{digits}" is not a'
            f" number (write it as {in_the_files_mark(OTHER_DIGITS[digits], delimiter)})"
        )

    third = "".join(delimiter.join([str(k), str(2 * k), digits]) + "\n" for k in (1, 2, 3))
    data = load_csv(write(tmp_path, third))
    assert data.x.tolist() == [1, 2, 3] and data.y.tolist() == [2, 4, 6]
    assert (data.x_name, data.y_name) == ("column 1", "column 2")


def in_the_files_mark(number: str, delimiter: str) -> str:
    """A number as a hint writes it in a file: a semicolon file's with a decimal comma."""
    return number.replace(".", ",") if delimiter == ";" else number


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


@pytest.mark.parametrize(
    ("first", "rows"),
    [
        ("sep=;", "size;price\n1,5;2,25\n2,5;6,25\n3;7\n"),  # decimal commas
        ("sep=,", "size,price\n1.5,2.25\n2.5,6.25\n3,7\n"),
        ("sep=\t", "size\tprice\n1.5\t2.25\n2.5\t6.25\n3\t7\n"),
        ('"sep=;"', "size;price\n1,5;2,25\n2,5;6,25\n3;7\n"),  # as some tools quote it
        ("\ufeffSEP=;", "size;price\n1,5;2,25\n2,5;6,25\n3;7\n"),
    ],
)
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_excels_sep_line_names_the_separator_and_is_not_the_header(
    tmp_path, first: str, rows: str, ending: str
) -> None:
    """A first line `sep=;` (Excel writes it, and reads the file by it) was read as the
    header: the columns were "sep=" and "", and the real header a row of data, refused as
    'line 2: column "sep=": "size" is not a number'."""
    text = (first + "\n" + rows).replace("\n", ending)
    data = load_csv(write(tmp_path, text))
    assert (data.x_name, data.y_name) == ("size", "price")
    assert data.x.tolist() == [1.5, 2.5, 3] and data.y.tolist() == [2.25, 6.25, 7]
    bad = text.replace("2,5" if ";" in first else "2.5", "oops", 1)
    with pytest.raises(CsvError, match=r'data\.csv: line 4: column "size": "oops" is not a'):
        load_csv(write(tmp_path, bad))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("sep=|\nx|y\n1|2\n2|3\n", 'line 1: "sep=|" names "|" as the separator, which dartfit'),
        ("\n\nsep= \nx y\n1 2\n", 'line 3: "sep= " names " " as the separator'),
        ("sep=;\n\n", "nothing after its sep= line"),
    ],
)
def test_a_sep_line_naming_a_separator_dartfit_does_not_read_is_refused_on_its_line(
    tmp_path, text: str, said: str
) -> None:
    with pytest.raises(CsvError) as caught:
        load_csv(write(tmp_path, text))
    assert said in str(caught.value) and len(str(caught.value).splitlines()) == 1


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
        ("x,y\n1,2\n2\n", {}, "line 3: expected 2 fields, found 1"),
        ("x,y\n1,2\n2,3\n", {"x": "height"}, 'no column "height" (columns: "x", "y")'),
        ("x,y\n1,2\n2,3\n", {"y": "7"}, "--y 7: there are columns 1 to 2"),
        ("just_one\n1\n2\n", {}, "line 1: needs at least two columns, found 1"),
        ("# temps\nx,y\n1,2\n2,3\n", {}, "line 1: needs at least two columns, found 1"),
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


def test_bytes_that_are_not_utf8_are_named_with_what_to_do(tmp_path) -> None:
    """A semicolon file saved in Windows-1252 ("1.234,5 \x80") was "line 3: not UTF-8
    text", with no word of which byte nor what to do."""
    path = write(tmp_path, "x;y\n1;2\n1.234,5 €;3\n".encode("cp1252"))
    with pytest.raises(CsvError) as caught:
        load_csv(path)
    assert str(caught.value) == (
        f"{path}: line 3: not UTF-8 text (byte 0x80, € in Windows-1252): save it as UTF-8"
        " (CSV UTF-8)"
    )
    path = write(tmp_path, b"x,y\n1,2\n2,\x81\n")  # no character in Windows-1252
    with pytest.raises(CsvError, match=r"line 3: not UTF-8 text \(byte 0x81\): save it as"):
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


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('"Price\r\n(USD)",y\r\n1,2\r\n3,4\r\n', ("Price (USD)", "y")),
        ('x;"Temp\n  (C)"\n1,5;2\n3;4\n', ("x", "Temp (C)")),
        ('a,b;"c\n1,2\n3,"4"\n', ("a", 'b;"c')),  # the quote opens no field in a comma file
    ],
)
def test_a_header_cell_with_a_line_break_is_one_name(
    tmp_path: Path, text: str, names: tuple[str, str]
) -> None:
    """A spreadsheet writes a name typed on two lines as a quoted field over two lines: the
    file was refused, "line 1: a quoted field is not closed on its line"."""
    data = load_csv(write(tmp_path, text))
    assert (data.x_name, data.y_name) == names
    assert data.x.size == 2
    assert load_csv(write(tmp_path, text), x=names[0]).x_name == names[0]


def refusal(path: Path, **args: str) -> str:
    """The one-line message a file is refused with."""
    with pytest.raises(CsvError) as caught:
        load_csv(path, **args)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,y\n1,1,2\n3,4,5\n", "line 2: expected 2 fields, found 3"),
        ("x,y\n1,1\n3,4,5\n", "line 3: expected 2 fields, found 3"),
        ("x,y\n1,1\n2,2,\n", "line 3: expected 2 fields, found 3"),
        ("x,y,z\n1,1,1\n2,2\n", "line 3: expected 3 fields, found 2"),
        ("x;y\n1;1\n2;2;2\n", "line 3: expected 2 fields, found 3"),
        ("1,1\n2,2\n3\n", "line 3: expected 2 fields, found 1"),
        ('x,y\n1,2\n"3,4\n5,6\n', "line 3: a quoted field is not closed on its line"),
        ('x,y\n1,2\n"3\n",4\n', "line 3: a quoted field is not closed on its line"),
        ('"1\n",2\n3,4\n', "line 1: a quoted field is not closed on its line"),
        ('x,"y\n1,2\n3,4\n', "line 1: a quoted field is not closed on its line"),
        ('"a\nb",y\n1,2\n3,4,5\n', "line 4: expected 2 fields, found 3"),  # the header's two lines
        ('x,y\n1,2\n"3"4,5\n', "line 3: text after a closing quote"),
        # a hostile pass: the csv module's own words ("field larger than field limit")
        ("x,y\n1,2\n3," + "4" * 200_000 + "\n", "line 3: a field of more than 131,072 char"),
        ('x,y\n1,2\n"' + "a" * 200_000 + '",4\n', "line 3: a field of more than 131,072 char"),
        ("x,y\n1,2\n2,1e51\n", 'line 3: column "y": 1e51 is out of range: the sandbox takes ±1e50'),
        ("x,y\n1,2\n-1e400,1\n", 'line 3: column "x": -1e400 is out of range'),
        ("x,y\n1,2\n2,-inf\n", 'line 3: column "y": -inf is not a finite number'),
        ("x,y\n1e-300,1\n2e-300,2\n", 'column "x" varies by only 5e−301 (standard deviation)'),
        ("x,y\n1,1e-50\n2,3e-50\n", 'column "y" varies by only 1e−50 (standard deviation)'),
        ("x,y\n1e15,1\n1.000000000000001e15,2\n", 'column "x" varies by only 0.5'),
        ("x,y\n1e6,1\n1000000.5,2\n", "under 1e−6 of its size; subtract a constant"),
        ("x,y\n1,5\n2,5\n3,5\n", 'all values of "y" are equal (5): the best line is flat'),
        ("x,y\n0,-0.0\n1,-0.0\n", 'all values of "y" are equal (0): the best line is flat'),
        # written apart, read as one (timestamps in nanoseconds): they were said to be equal
        ("x,y\n1700000000000000001,1\n1700000000000000005,2\n", 'all values of "x" read as'),
        ("x,y\n1,1e20\n2,100000000000000000001\n", 'all values of "y" read as one number'),
        # read as 0, silently (and a column of them was "all equal (0)"), as 1e400 is refused
        ("x,y\n1,2\n2,1e-400\n3,4\n", 'line 3: column "y": 1e-400 is too close to 0'),
        ('x,y\n1,2\n"2.5E-0400",4\n', 'line 3: column "x": 2.5E-0400 is too close to 0'),
        ("x;y\n1;1,5e-400\n2;3e-401\n", 'line 2: column "y": 1,5e-400 is too close to 0'),
        # no exponent, or neither the zeros nor the exponent enough alone (a review)
        (f"x,y\n1,2\n2,0.{'0' * 330}1\n", 'line 3: column "y": 0.000'),
        (f"x,y\n1,2\n2,0.{'0' * 200}1e-150\n", 'line 3: column "y": 0.000'),
        ("x,y\n1_000,1\n2,2\n", 'line 2: column "x": "1_000" is not a number'),
        ("x,y\n١,1\n2,2\n", 'line 2: column "x": "١" is not a number'),
        ("x,y\n1,2\n2,\x00\n", 'line 3: column "y": "\\x00" is not a number'),
    ],
)
def test_a_row_or_value_the_sandbox_cannot_take_is_named_in_one_line(
    tmp_path, text, message
) -> None:
    assert message in refusal(write(tmp_path, text))


@pytest.mark.long
def test_a_bad_row_deep_in_a_big_file_is_named_by_its_line(tmp_path) -> None:
    rows = [f"{i},{2 * i}" for i in range(300_000)]
    rows[250_000] = "7,8,9"
    path = write(tmp_path, "x,y\r\n" + "\r\n".join(rows) + "\r\n")
    assert refusal(path).endswith(": line 250002: expected 2 fields, found 3")


def test_quoted_fields_are_read_as_the_csv_module_reads_them(tmp_path) -> None:
    data = load_csv(write(tmp_path, '"x, cm",y\n"1.5","2"\n 3, "4"\n'))
    assert (data.x_name, data.y_name) == ("x, cm", "y")
    assert data.x.tolist() == [1.5, 3] and data.y.tolist() == [2, 4]
    data = load_csv(write(tmp_path, '"size; cm";price\n1,5;2\n2,5;"3,5"\n'))
    assert data.x_name == "size; cm" and data.y.tolist() == [2, 3.5]


def test_a_quoted_comma_is_one_field_not_a_split_number(tmp_path) -> None:
    message = refusal(write(tmp_path, 'x,y\n"1,5",2\n3,4\n'))
    assert 'line 2: column "x": "1,5" is not a number (write decimals with a point)' in message


@pytest.mark.parametrize(
    ("written", "delimiter", "hint"),
    [
        ("1,234,567", ",", "(write it with no thousands separator: 1234567)"),
        ("-12,345.5", ",", "(write it with no thousands separator: -12345.5)"),
        ("2,500", ",", "(write 2500 with no thousands separator, or 2.500 with a decimal point)"),
        ("0,125", "\t", "(write decimals with a point)"),
        ("1,5", ",", "(write decimals with a point)"),
    ],
)
def test_a_comma_in_a_number_is_named_as_what_it_may_be(tmp_path, written, delimiter, hint) -> None:
    """A quoted "1,000" was told to "write decimals with a point", as "1,5" is; then
    "0,125" in a tab file (a decimal comma) was told to write 0125 (a review)."""
    message = refusal(write(tmp_path, f'x{delimiter}y\n"{written}"{delimiter}2\n3{delimiter}4\n'))
    assert hint in message, message


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_any_line_ending_and_blank_lines_keep_the_line_numbers(tmp_path, ending) -> None:
    text = ending.join(["", "x,y", "1,2", "", "   ", "2,3", "3,oops", ""])
    assert 'line 7: column "y": "oops" is not a number' in refusal(write(tmp_path, text))
    data = load_csv(write(tmp_path, ending.join(["x,y", "1,2", "", "2,3", "  ", ""])))
    assert data.y.tolist() == [2, 3]


def test_values_at_the_edges_of_the_range_load(tmp_path) -> None:
    data = load_csv(write(tmp_path, "x,y\n-1e50,1e50\n1e50,-1e50\n0,1e-300\n"))
    assert data.y.tolist() == [1e50, -1e50, 1e-300]
    data = load_csv(write(tmp_path, "x,y\n1e6,2e-50\n1000003,0\n"))
    assert data.x.tolist() == [1e6, 1000003]


def test_a_folder_a_pipe_and_a_device_are_refused_without_reading(tmp_path) -> None:
    assert ": a folder, not a CSV file: give the path of a CSV file" in refusal(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    said = ": a pipe, not a CSV file: save what it holds in a file and give that file's path"
    assert said in refusal(fifo)  # opening it would block
    assert ": a device, not a CSV file" in refusal(Path("/dev/zero"))
    assert ": a device, not a CSV file" in refusal(Path("/dev/null"))


def test_a_pipe_swapped_in_after_the_look_is_refused_without_blocking(tmp_path) -> None:
    """The file was looked at, then opened plainly: a pipe put in its place between the
    two blocked the load for ever (no writer ever came)."""
    import threading

    from dartfit.csvdata.blocks import opened

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    said: list[str] = []

    def open_it() -> None:
        try:
            opened(fifo).close()
        except CsvError as e:
            said.append(str(e))

    worker = threading.Thread(target=open_it, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # let the thread go: a writer that opens and closes at once
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert said and ": a pipe, not a CSV file" in said[0]


def test_a_line_without_end_is_refused_before_it_fills_the_memory(tmp_path) -> None:
    path = tmp_path / "zeros.csv"
    path.write_bytes(b"x,y\n" + b"0" * (csvdata.LONGEST_LINE + 10))
    assert "line 2: longer than 16 MB" in refusal(path)


def test_a_huge_file_is_refused_by_its_size(tmp_path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(csvdata.MAX_BYTES + 1)  # sparse: costs no disk
    assert "the sandbox reads files up to 2 GB" in refusal(path)


def test_progress_is_reported_while_a_big_file_loads(tmp_path) -> None:
    path = write(tmp_path, "x,y\n" + "\n".join(f"{i},{i % 7}" for i in range(1_000_000)))
    seen: list[float] = []
    assert load_csv(path, progress=seen.append).x.size == 1_000_000
    assert len(seen) > 2 and seen == sorted(seen) and seen[-1] == 1.0


field = st.sampled_from(
    [
        "1",
        "-2.5",
        "3.",
        ".5",
        "1e5",
        "+7",
        " 8 ",
        "\t9",
        "\xa010",
        "1,5",
        "1_0",
        "nan",
        "inf",
        "1e400",
        "",
        "a",
        "0x1",
        "1 2",
        '"3"',
        '"4,5"',
        "١",
        "\x0c6",
    ]
)
rows = st.lists(st.lists(field, min_size=1, max_size=4).map(",".join), min_size=1, max_size=6)


@given(rows=rows, delimiter=st.sampled_from([",", ";", "\t"]))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_fast_reader_only_ever_agrees_with_the_csv_module(tmp_path, rows, delimiter) -> None:
    text = "a,b,c\n" + "\n".join(rows) + "\n"
    text = text.replace(",", delimiter) if delimiter != "," else text
    path = write(tmp_path, text)

    def outcome() -> object:
        try:
            data = load_csv(path)
        except CsvError as e:
            return str(e)
        return data.x.tolist(), data.y.tolist()

    fast = outcome()
    original = reader._fast
    reader._fast = lambda block, layout: None  # every block through the csv module
    try:
        careful = outcome()
    finally:
        reader._fast = original
    assert fast == careful


@pytest.mark.parametrize(
    ("choice", "says"),
    [
        ("²", 'no column "²"'),  # a digit to str.isdigit, not a number to int()
        # a number past every column, however long (said "no column" from 20 digits on)
        ("9" * 23, f"--x {'9' * 23}: there are columns 1 to 2"),
        pytest.param("9" * 5000, f"--x {'9' * 40}…: there are columns 1 to 2", id="9 * 5000"),
        ("٣", "there are columns 1 to 2"),  # an Arabic-Indic 3 is a number: out of range
        (" 7 ", "--x  7 : there are columns 1 to 2"),
    ],
)
def test_an_odd_column_choice_is_one_clear_line(tmp_path, choice: str, says: str) -> None:
    with pytest.raises(CsvError) as e:
        load_csv(write(tmp_path, "a,b\n1,2\n3,4\n"), x=choice)
    assert (
        says in str(e.value) and "\n" not in str(e.value) and "invalid literal" not in str(e.value)
    )


def test_an_unknown_column_of_a_very_wide_file_lists_a_few_names_not_all(tmp_path) -> None:
    """100,000 columns made a 989 KB message."""
    names = ",".join(f"c{i}" for i in range(100_000))
    row = ",".join("1" for _ in range(100_000))
    with pytest.raises(CsvError) as e:
        load_csv(write(tmp_path, f"{names}\n{row}\n{row}\n"), x="nosuch")
    message = str(e.value)
    assert len(message) < 500 and '"c0"' in message and "99,988 more" in message


@pytest.mark.parametrize("field", ["", "7", '"a"'])
def test_a_first_row_wider_than_any_table_is_refused_before_it_is_split(tmp_path, field) -> None:
    """A first row of 15 million empty fields took 12 s and 1.6 GB to be refused."""
    first = ",".join([field] * (csvdata.MAX_COLUMNS + 1))
    message = refusal(write(tmp_path, f"{first}\n1,2\n3,4\n"))
    assert f"line 1: more than {csvdata.MAX_COLUMNS:,} columns" in message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_a_utf16_file_from_a_spreadsheet_is_named_as_such(tmp_path, encoding: str) -> None:
    """A spreadsheet's "Unicode text" export was reported as bytes that are not UTF-8."""
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    path = write(tmp_path, (bom + "x,y\n1,2\n2,3\n").encode(encoding))
    wide = "UTF-32" if encoding == "utf-32" else "UTF-16"
    with pytest.raises(CsvError, match=rf"line 1: {wide} text \(.*\): save as UTF-8$"):
        load_csv(path)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_unicode_text_without_a_byte_order_mark_is_named_as_such(tmp_path, encoding: str) -> None:
    """Without a mark it was "column "x\\x00": "\\x001\\x00" is not a number"."""
    path = write(tmp_path, "x,y\n1,2\n2,3\n".encode(encoding))
    wide = encoding[:6].upper()
    with pytest.raises(CsvError, match=rf"line 1: {wide} text \(.*\): save as UTF-8$"):
        load_csv(path)


def test_a_picture_given_as_a_csv_is_not_taken_for_utf16_text(tmp_path) -> None:
    """A review: a PNG's zero bytes made it "UTF-16 text"."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06" * 4
    with pytest.raises(CsvError) as caught:
        load_csv(write(tmp_path, png))
    assert "UTF-16" not in str(caught.value) and "UTF-32" not in str(caught.value)


def test_a_thousands_separator_in_a_semicolon_file_is_hinted_as_such(tmp_path) -> None:
    """A semicolon file reads decimal commas: "write decimals with a point" misled there."""
    path = write(tmp_path, "x;y\n1;2\n1.000,5;3\n3;4\n")
    with pytest.raises(CsvError) as caught:
        load_csv(path)
    said = str(caught.value)
    assert said.endswith(
        '"1.000,5" is not a number (it looks like a number with its digits grouped:'
        " write it as 1000,5)"
    )
    assert load_csv(write(tmp_path, "x;y\n1;2\n1000,5;3\n3;4\n", "ok.csv")).x[1] == 1000.5


@pytest.mark.parametrize(
    ("rows", "line", "said"),
    [
        ("1;2,5\n2;1.000\n3;5\n", 3, '"1.000" is not a number (it looks like 1000 with its'),
        ("1;1.500\n2;2.500\n3;5.000\n", 2, "write 1500 or 1,5)"),  # each the same shape
        ('"1";"-12.345"\n"2";"3"\n"3";"4"\n', 2, "write -12345 or -12,345)"),  # quoted
    ],
    ids=["beside-a-decimal-comma", "every-row", "quoted"],
)
def test_a_semicolon_files_point_before_three_digits_is_refused_not_read_as_a_decimal(
    tmp_path, rows, line, said
) -> None:
    """In a semicolon file, whose decimal mark is the comma, 1.000 is a thousand as a German
    spreadsheet groups it, or one: it was read as one, silently, beside 2,5 as 2.5 (a column
    of thousands a thousandfold too small)."""
    with pytest.raises(CsvError) as caught:
        load_csv(write(tmp_path, "x;y\n" + rows))
    assert f': line {line}: column "y": ' in str(caught.value) and said in str(caught.value)


def test_a_semicolon_files_points_that_group_nothing_still_read(tmp_path) -> None:
    """0.125, 2.5 and 1.2345 can't be digits grouped: read as they were."""
    data = load_csv(
        write(tmp_path, "d;x;y\n07.12.2026;0.125;2.5\n08.12.2026;1.2345;3\n", "ok.csv"),
        x="x",
        y="y",
    )
    assert data.x.tolist() == [0.125, 1.2345] and data.y.tolist() == [2.5, 3.0]


@pytest.mark.parametrize(
    ("x", "y", "says"),
    [
        ("1", "1", 'x and y are the same column ("x")'),
        ("2", "2", 'x and y are the same column ("x")'),
        (None, "x", '--y "x": two columns have that name; give its number (1 or 2)'),
        ("x", None, '--x "x": two columns have that name; give its number (1 or 2)'),
    ],
)
def test_a_column_is_never_fitted_against_itself(
    tmp_path, x: str | None, y: str | None, says: str
) -> None:
    """`--x 2` on a file of two columns fitted column 2 against itself (a best MSE of 0),
    and a name two columns share chose the first of them without a word."""
    with pytest.raises(CsvError) as e:
        load_csv(write(tmp_path, "x,x\n1,2\n3,4\n5,9\n"), x=x, y=y)
    assert says in str(e.value) and "\n" not in str(e.value)


def test_a_column_name_given_with_spaces_either_side_is_found(tmp_path) -> None:
    """`dartfit fit --x ' a '` (a name copied with its spaces) found no column "a"; the
    name is matched without them, and one still not found lists the names there are."""
    path = write(tmp_path, 'a , b,"c "\n1,2,3\n4,5,6\n')
    data = load_csv(path, x=" a ", y="\tc")
    assert (data.x_name, data.y_name) == ("a", "c")
    assert load_csv(path, x="b ").x_name == "b"
    with pytest.raises(CsvError) as e:
        load_csv(path, x=" q ")
    assert str(e.value).endswith('--x: no column " q " (columns: "a", "b", "c")'), e.value
    with pytest.raises(CsvError) as e:  # two names the same but for their spaces
        load_csv(write(tmp_path, "x ,x\n1,2\n3,4\n", "two.csv"), x="x")
    assert str(e.value).endswith("give its number (1 or 2)"), e.value


def test_one_axis_chosen_takes_the_first_other_column_for_the_other(tmp_path) -> None:
    path = write(tmp_path, "a,b,c\n1,2,3\n4,5,6\n")
    data = load_csv(path, x="2")
    assert (data.x_name, data.y_name) == ("b", "a")
    data = load_csv(path, y="1")
    assert (data.x_name, data.y_name) == ("b", "a")
    data = load_csv(path, x="3")
    assert (data.x_name, data.y_name) == ("c", "b")


@pytest.mark.parametrize(
    ("header", "names"),
    [
        ("time,dist (m; approx)", ("time", "dist (m; approx)")),  # a unit with a semicolon
        ("x,y\t", ("x", "y")),  # a header ending in a tab
        ("x,y;", ("x", "y;")),
        ('"a; b",c', ("a; b", "c")),
        ("x\ty,z", ("x", "y,z")),  # tab-separated: the comma is in a name
        ("time,dist (m; approx)\n", ("time", "dist (m; approx)")),  # then a blank line
    ],
)
def test_the_delimiter_is_the_one_the_rows_agree_on(
    tmp_path: Path, header: str, names: tuple[str, str]
) -> None:
    """A hostile check: a comma file whose header held a semicolon or a tab anywhere was read
    as semicolon- or tab-separated, and refused as "line 2: expected 2 fields, found 1"."""
    delimiter = "\t" if "\ty" in header else ","
    rows = [f"{x}{delimiter}{y}" for x, y in ((1, 2), (2, 3), (3, 5))]
    path = tmp_path / "d.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    data = load_csv(path, None, None)
    assert (data.x_name, data.y_name) == names
    assert data.x.tolist() == [1.0, 2.0, 3.0] and data.y.tolist() == [2.0, 3.0, 5.0]


def test_a_semicolon_file_with_decimal_commas_stays_one(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("x;y\n1,5;2,5\n2;3\n3;5\n", encoding="utf-8")
    data = load_csv(path, None, None)
    assert data.x.tolist() == [1.5, 2.0, 3.0] and data.y.tolist() == [2.5, 3.0, 5.0]


def test_a_file_a_read_would_wait_on_is_refused_not_waited_for(tmp_path, monkeypatch) -> None:
    """/proc/kmsg is a regular file to stat, and its read waits for the kernel to write:
    `dartfit fit` on it hung. The file stays open without blocking, and nothing there yet
    is one line."""
    import io

    from dartfit.csvdata import blocks as blocks_module

    class Waiting(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> None:  # type: ignore[no-untyped-def, override]
            return None  # what a read without blocking gives when nothing is there yet

    path = write(tmp_path, "x,y\n1,2\n2,3\n")
    monkeypatch.setattr(blocks_module, "opened", lambda file: io.BufferedReader(Waiting()))
    monkeypatch.setattr("dartfit.csvdata.load.opened", blocks_module.opened)
    with pytest.raises(CsvError, match="would wait"):
        load_csv(path)
    kmsg = Path("/proc/kmsg")
    if os.access(kmsg, os.R_OK):  # as root on Linux: the real thing, answered at once
        with pytest.raises(CsvError, match=r"would wait|can.t read|not"):
            load_csv(kmsg)


LINE_PARTS = st.sampled_from([b"1,2", b"3.5,4", b"x" * 19, b""])
ENDINGS = st.sampled_from([b"\n", b"\r", b"\r\n"])


@given(st.lists(st.tuples(LINE_PARTS, ENDINGS), max_size=12), st.booleans())
def test_blocks_hold_whole_lines_whatever_falls_on_a_block_edge(lines, last_ended) -> None:
    """Lines longer than a block are read in parts and joined once their end comes (joined
    at each read, a 15 MB line was copied 400 MB over); a \\r at a part's end is a line's
    end. Blocks of 7 bytes: every way a line and its ending can fall across them."""
    import io

    from dartfit.csvdata import blocks as reading

    data = b"".join(text + end for text, end in lines)
    if lines and not last_ended:
        data = data[: -len(lines[-1][1])]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "BLOCK", 7)
        read = list(reading.blocks(io.BytesIO(data), Path("f.csv"), lambda _: None))
    text = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode()
    assert "".join(block.text for block in read) == text
    assert all(block.text.endswith("\n") for block in read[:-1])
    starts = [block.line for block in read]
    assert starts == [1 + "".join(b.text for b in read[:k]).count("\n") for k in range(len(read))]


def test_a_row_of_millions_of_fields_is_refused_naming_its_count(tmp_path: Path) -> None:
    """A data row of 15 million commas was split into as many strings to be refused (1.4 s,
    330 MB); it is counted, not split, and named with its count."""
    path = tmp_path / "wide.csv"
    path.write_text("x,y\n1,2\n" + "," * 3_000_000 + "\n3,4\n")
    with pytest.raises(CsvError, match=r"line 3: expected 2 fields, found 3,?000,?001"):
        load_csv(path)


def test_every_utf8_mark_at_the_start_is_left_out_of_the_first_name(tmp_path) -> None:
    """A file of two joined kept the second byte order mark in its first column's name,
    which then matched no name typed."""
    path = write(tmp_path, b"\xef\xbb\xbf\xef\xbb\xbfx,y\n1,2\n2,3\n3,5\n")
    data = load_csv(path)
    assert (data.x_name, data.y_name) == ("x", "y")


def test_a_quoted_file_loads_through_the_csv_modules_reader_not_line_by_line(
    tmp_path, monkeypatch
) -> None:
    """A million rows written "1","2" (as a QUOTE_ALL export writes them) took 8.5 s line by
    line, at a blank screen (a hostile pass): a block with quotes is read whole."""
    rows = [f'"{i}","{2 * i}.5","n, {i}"' for i in range(50_000)]
    path = write(tmp_path, '"x","y","note"\n' + "\n".join(rows) + "\n", "quoted.csv")

    def line_by_line(*_: object) -> object:
        raise AssertionError("read line by line")

    monkeypatch.setattr(reader, "_careful", line_by_line)
    data = load_csv(path)
    assert data.x.size == 50_000 and data.x[-1] == 49_999 and data.y[-1] == 99_998.5


quoted_field = st.one_of(
    st.sampled_from(["1", " 2.5", "-3e2 ", ".5", "7.", "1_000", "nan", "1e999", "", "x", "1,5"]),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
).map(lambda text: st.sampled_from([text, f'"{text}"', f' "{text}"', f'"{text}"x', f'"{text}']))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(quoted_field.flatmap(lambda s: s), min_size=1, max_size=4), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_the_whole_block_reader_agrees_with_the_line_by_line_one(rows, delimiter) -> None:
    """Where the whole-block reader answers, it reads what the careful pass reads; where the
    careful pass refuses a line, the whole-block reader leaves it to it (None)."""
    layout = Layout(Path("d.csv"), delimiter, 0, 1, ["x", "y", "z"])
    block = Block(2, "\n".join(delimiter.join(row) for row in rows) + '\n"1"' + delimiter * 2)
    fast = reader._quoted(block, layout)
    try:
        careful = reader._careful(block, layout)
    except CsvError:
        assert fast is None
        return
    if fast is not None:
        assert np.array_equal(fast[0], careful[0]) and np.array_equal(fast[1], careful[1])


def test_the_percentage_shows_once_a_load_is_slow_whatever_the_files_size(
    tmp_path, monkeypatch, capsys
) -> None:
    """By time, not size: 13 MB of quoted fields loaded 8.5 s at a blank screen, under the
    16 MB a percentage was shown from. Nothing flickers on a load quicker than SHOW_AFTER."""
    from dartfit.csvdata import progress

    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: True)
    quick, slow = (progress.StderrProgress(tmp_path / name, 1000) for name in ("q.csv", "s.csv"))
    quick(0.5)
    quick(1.0)
    quick.close()
    assert capsys.readouterr().err == ""
    slow(0.1)
    now[0] += progress.SHOW_AFTER
    slow(0.4)
    slow.close()
    assert capsys.readouterr().err == "\rdartfit: reading s.csv:  40 %\r\x1b[K"


@pytest.mark.parametrize("blank", ["", "   ", "\t \x0c", "\u3000\u2028", "\x1c\x85"])
def test_blank_lines_before_the_header_keep_its_line_number(tmp_path, blank) -> None:
    """Blank lines (whitespace as `str.strip` has it) before the header are skipped, found
    in C rather than line by line (30 MB of them took 13 s; 0.24 s now), and the lines
    after keep their numbers."""
    lines = 200_000
    text = f"{blank}\n" * lines + "x,y\n1,2\n3,5\n4,4\nzz,1\n"
    path = tmp_path / "blank.csv"
    path.write_text(text, encoding="utf-8")
    assert refusal(path).endswith(f'line {lines + 5}: column "x": "zz" is not a number')
    path.write_text(text.replace("zz,1\n", ""), encoding="utf-8")
    assert load_csv(path).x.tolist() == [1.0, 3.0, 4.0]


def _cpu(work: Callable[[], object]) -> float:
    """The least CPU time of three runs of `work`."""
    times = []
    for _ in range(3):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def _loaded_or_refused(path: Path) -> None:
    with contextlib.suppress(CsvError):
        load_csv(path, progress=lambda _: None)


@pytest.mark.parametrize("rows", ["", "x,y\n1,2\n"], ids=["nothing else", "after rows"])
def test_blank_lines_cost_about_what_reading_their_bytes_costs(tmp_path, rows) -> None:
    """300 MB of blank lines took 16.5 s: searched for ink by a regular expression (14 ns a
    byte), and, after rows, read as lines of no fields by the fast reader (25 × what their
    bytes cost to read). Now about as much as decoding, counting and checking their bytes,
    measured in the same run (CPU time, the least of three)."""
    path = tmp_path / "blank.csv"
    path.write_bytes(rows.encode() + b"\n" * (32 << 20) + b"3,4\n" * bool(rows))

    def bytes_read() -> None:
        data = path.read_bytes()
        for at in range(0, len(data), csvdata.BLOCK):
            block = data[at : at + csvdata.BLOCK]
            block.decode()
            block.count(b"\n")
            zlib.crc32(block)

    ratio = _cpu(lambda: _loaded_or_refused(path)) / _cpu(bytes_read)
    assert ratio < 3, f"{ratio:.1f} × the cost of reading the bytes"


class StillWritten(io.BytesIO):
    """A file another program is still writing: its bytes, then rows without end (as
    fast as they are read), as a log or an export under way grows."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data, self.at, self.rows, self.held = data, 0, 0, len(data)

    def read(self, size: int | None = -1, /) -> bytes:
        size = size if size is not None and size >= 0 else csvdata.BLOCK
        if self.at > self.held + 2 * csvdata.BLOCK:
            raise AssertionError("read on past what the file held when it was looked at")
        while len(self.data) - self.at < size:
            self.rows += 1
            self.data += f"{self.rows},{2 * self.rows}\n".encode()
        chunk = self.data[self.at : self.at + size]
        self.at += len(chunk)
        return chunk


def test_a_file_still_being_written_is_read_as_it_was_when_opened(tmp_path, monkeypatch) -> None:
    """A file that grew as fast as it was read (a log still written) was read until the
    game was killed: `dartfit fit` hung at a blank screen. It is read as it was looked at."""
    from dartfit.csvdata import load as loading

    path = write(tmp_path, "x,y\n0,1\n5,2\n7,3\n")
    monkeypatch.setattr(loading, "opened", lambda file: StillWritten(file.read_bytes()))
    data = load_csv(path)
    assert data.x.tolist() == [0, 5, 7] and data.y.tolist() == [1, 2, 3]


def test_a_file_whose_size_reads_0_is_read_to_its_end(tmp_path, monkeypatch) -> None:
    """Files the system makes as they are read (/proc/self/status) report a size of 0,
    whatever they hold: `dartfit fit` said "the file is empty". Such a file is read to its
    end; one that goes on past SIZELESS_MOST is refused, in one line that says so."""
    from dartfit.csvdata import blocks
    from dartfit.csvdata import load as loading

    path = write(tmp_path, "x,y\n0,1\n5,2\n7,3\n")
    monkeypatch.setattr(loading, "regular_size", lambda file: 0)
    data = load_csv(path)
    assert data.x.tolist() == [0, 5, 7] and data.y.tolist() == [1, 2, 3]

    monkeypatch.setattr(blocks, "SIZELESS_MOST", 3 * csvdata.BLOCK)
    monkeypatch.setattr(loading, "opened", lambda file: Endless(file.read_bytes()))
    said = refusal(path)
    assert said == (
        f"{path}: its size reads 0, yet it holds over 0.75 MB: a file the system makes as it"
        " is read, or one still being written; open a copy of it"
    )


def test_a_file_cut_short_as_it_is_read_is_refused_not_read_with_a_number_cut_short(
    tmp_path, monkeypatch
) -> None:
    """A file another program truncated while it was read (its size looked at, then half of
    it gone) was read to where it now ended: its last number cut short (10 read as 1), or
    "line 565242: expected 2 fields, found 1", a line the file no longer has. It is refused
    in one line that says what happened."""
    from dartfit.csvdata import load as loading

    path = write(tmp_path, "x,y\n0,1\n5,2\n7,1")  # was "7,10\n" when its size was taken
    monkeypatch.setattr(loading, "regular_size", lambda file: file.stat().st_size + 2)
    said = refusal(path)
    assert said == (
        f"{path}: it held 17 bytes as reading began, then ended after 15: another program"
        " is changing it; open a copy of it"
    )


class Endless(StillWritten):
    """A file that never ends, read as far as it is asked."""

    def read(self, size: int | None = -1, /) -> bytes:
        self.held = self.at  # no bound of its own: the reader's must stop it
        return super().read(size)


@given(
    st.lists(st.tuples(LINE_PARTS, ENDINGS), max_size=12),
    st.integers(0, 200),
    st.binary(max_size=30),
    st.integers(1, 9),
)
def test_a_file_is_read_to_the_end_of_the_line_under_way_at_its_size(
    lines, size, later, block
) -> None:
    """What was written after the size was taken is left out, but never part of a line:
    the line under way at that size is read to its end (a number cut short is a wrong one)."""
    from dartfit.csvdata.blocks import AsLookedAt

    data = b"".join(text + end for text, end in lines)
    size = min(size, len(data))
    grown = io.BytesIO(data + later)
    reader_ = AsLookedAt(grown, size, Path("grown.csv"))
    read = b"".join(iter(lambda: reader_.read(block), b""))
    whole = data + later
    if size == 0:  # no size to go by (see the test below): to its end
        expected = whole
    elif whole[size - 1 : size] in (b"\n", b"\r"):
        expected = whole[:size]
    else:
        ends = [i for i in (whole.find(b"\n", size), whole.find(b"\r", size)) if i >= 0]
        expected = whole[: min(ends) + 1] if ends else whole
    assert read == expected


@pytest.mark.parametrize(
    ("end", "said"),
    [("\x1a", "U+001A"), ("\x00\x00\x00", "U+0000"), ("1\x00,2,\n", "U+0000")],
    ids=["dos-end-of-file", "nuls-after-a-crash", "a-nul-in-a-row"],
)
def test_a_row_of_the_wrong_width_says_what_unseen_character_it_holds(
    tmp_path, end: str, said: str
) -> None:
    """A file that ends in DOS's end-of-file (^Z) or in the NULs a crash leaves was told only
    'line 5: expected 2 fields, found 1', of a line that shows nothing in an editor."""
    with pytest.raises(CsvError) as caught:
        load_csv(write(tmp_path, "x,y\n1,2\n2,3\n3,5\n" + end))
    assert str(caught.value).endswith(
        f"line 5: expected 2 fields, found {3 if ',2,' in end else 1}"
        f" (it holds a control character, {said}: delete it)"
    )
