"""A field that reads as a number to a person and not to the sandbox (12%, $1,234, a date,
12 cm, N/A, an empty field) is refused in one line that says what it looks like and what
to write instead: it was "not a number" with no hint, and "$1,234" was told to "write
decimals with a point"."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.csvdata import CsvError, load_csv
from dartfit.csvdata.errors import one_line
from dartfit.csvdata.fields import is_number
from dartfit.csvdata.looks import FILL_IN, hint

MISSING = f"(it looks like a missing value: {FILL_IN})"


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("12%", "(it looks like a percentage: write 12 or 0.12)"),
        ("-3.5 %", "(it looks like a percentage: write -3.5 or -0.035)"),
        ("2024-01-05", "(it looks like a date: dartfit needs numbers, e.g. days since the first"),
        ("05/01/2024", "(it looks like a date:"),
        ("5.1.24", "(it looks like a date:"),
        ("2024-01-05T10:30:00Z", "(it looks like a date:"),
        ("2024-01-05 10:30", "(it looks like a date:"),
        ("5 Jan 2024", "(it looks like a date:"),
        ("10:30", "(it looks like a time: dartfit needs numbers, e.g. minutes"),
        ('"$1,234"', "(it looks like an amount of money: write 1234, with no currency sign)"),
        ("€5", "(it looks like an amount of money: write 5, with no currency sign)"),
        ("5 €", "(it looks like an amount of money: write 5,"),
        ("-$5.50", "(it looks like an amount of money: write -5.50,"),
        ("USD 12", "(it looks like an amount of money: write 12,"),
        ("US$ 12", "(it looks like an amount of money: write 12,"),
        ('"($1,234.50)"', "(it looks like an amount of money: write -1234.50,"),
        ("1e5 kg", "(it looks like a number with a unit: write 1e5, and the unit (kg)"),
        ("1 234", "(it looks like a number with its digits grouped: write it as 1234)"),
        (
            "1\u00a0234\u00a0567",
            "(it looks like a number with its digits grouped: write it as 1234567)",
        ),
        ("1\u202f234.5", "(it looks like a number with its digits grouped: write it as 1234.5)"),
        ("1'234", "(it looks like a number with its digits grouped: write it as 1234)"),
        ("1.234.567", "(it looks like a number with its digits grouped: write it as 1234567)"),
        ("1_000", "(it looks like a number with its digits grouped: write it as 1000)"),
        ("12 cm", "(it looks like a number with a unit: write 12, and the unit (cm) in the column"),
        ("3.5kg", "(it looks like a number with a unit: write 3.5, and the unit (kg)"),
        ("20°C", "(it looks like a number with a unit: write 20, and the unit (°C)"),
        ("1/4", "(it looks like a fraction: write it as a decimal, 0.25)"),
        ("12 ± 0.5", "(it looks like a value with its uncertainty: write the value alone, 12)"),
        ("(1234)", "(it looks like a negative number as accountants write it: write -1234)"),
        ("yes", "(it looks like a yes or no: write 1 for yes and 0 for no)"),
        ("#DIV/0!", "(it looks like a spreadsheet's error: mend its formula, or delete the row)"),
        ("=A1*2", "(it looks like a spreadsheet's formula: export the values"),
        ("'12", "(it looks like a number kept as text: write it without the quote, 12)"),
        ("N/A", MISSING),
        ("#N/A", MISSING),
        ("NA", MISSING),
        ("null", MISSING),
        ("-", MISSING),
        ("?", MISSING),
        ("…", MISSING),
    ],
)
def test_a_look_alike_of_a_number_is_named_with_what_to_write(tmp_path, field, said) -> None:
    path = tmp_path / "data.csv"
    path.write_text(f"x,y\n1,2\n2,{field}\n3,5\n", encoding="utf-8")
    shown = one_line(field.strip('"'))
    message = refusal(path)
    assert message.endswith(")"), message
    assert message.startswith(f'{path}: line 3: column "y": "{shown}" is not a number {said}')


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("12,5 %", "(it looks like a percentage: write 12,5 or 0,125)"),
        ("1.234,5 €", "(it looks like an amount of money: write 1234,5, with no currency sign)"),
        ("1 234,5", "(it looks like a number with its digits grouped: write it as 1234,5)"),
    ],
)
def test_what_to_write_keeps_a_semicolon_files_decimal_comma(tmp_path, field, said) -> None:
    path = tmp_path / "data.csv"
    path.write_text(f"x;y\n1;2\n2;{field}\n3;5\n", encoding="utf-8")
    assert refusal(path).endswith(f'line 3: column "y": "{field}" is not a number {said}')


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_field_is_named_as_empty_not_as_an_empty_number(tmp_path, blank) -> None:
    path = tmp_path / "data.csv"
    path.write_text(f"x,y\n1,2\n2,{blank}\n3,5\n", encoding="utf-8")
    assert refusal(path) == f'{path}: line 3: column "y": the field is empty ({FILL_IN})'


@pytest.mark.parametrize("field", ["abc", "x2", "%", "$", "1.2.3.4.5"])
def test_text_that_looks_like_no_number_gets_no_invented_hint(tmp_path, field) -> None:
    path = tmp_path / "data.csv"
    path.write_text(f"x,y\n1,2\n2,{field}\n3,5\n", encoding="utf-8")
    assert refusal(path) == f'{path}: line 3: column "y": "{field}" is not a number'


def test_the_command_says_it_in_one_line_and_exits_2(tmp_path) -> None:
    (tmp_path / "money.csv").write_text("month,sales\n1,12%\n2,14%\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "dartfit", "fit", "money.csv"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    assert run.returncode == 2 and run.stdout == "", run
    assert run.stderr == (
        'dartfit: money.csv: line 2: column "sales": "12%" is not a number'
        " (it looks like a percentage: write 12 or 0.12)\n"
    )


def refusal(path: Path) -> str:
    """The one-line message a file is refused with."""
    try:
        load_csv(path)
    except CsvError as e:
        assert "\n" not in str(e)
        return str(e)
    raise AssertionError(f"{path} loaded")


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("0123456789 .,'%$€-+/:()eE±#?=xNAna_\u00a0٣"), max_size=40)
    | st.text(max_size=20),
    st.sampled_from([",", ";", "\t"]),
)
def test_whatever_a_field_holds_its_hint_is_one_short_line(field: str, delimiter: str) -> None:
    said = hint(field, delimiter)
    assert "\n" not in said and len(said) < 300, said


def test_a_huge_percentage_or_fraction_is_named_without_writing_it_out() -> None:
    """1e999999999% divided by 100 and written out would be a billion digits; a fraction
    of 5,000 digits would be refused by int()."""
    assert hint("1e999999999%", ",") == (
        " (it looks like a percentage: write the number without the % sign)"
    )
    assert hint("1/" + "3" * 5000, ",") == ""


LONG = "1" * 10_000


@pytest.mark.parametrize(
    "field",
    [
        f"${LONG}",
        f"{LONG} cm",
        f"{LONG}%",
        f"'{LONG}",
        f"({LONG})",
        f"−{LONG}",
        "１" * 10_000,
        f"{LONG} ± 1",
        " ".join(["123"] * 2_500),
        ",".join(["123"] * 2_500),
        "1," + "2" * 10_000,
        f"0.{'0' * 10_000}1%",
    ],
    ids=lambda field: field[:3] + "…" + field[-3:],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_long_look_alikes_hint_writes_no_number_out_whole(field: str, delimiter: str) -> None:
    """A 10 kB field had every digit written out again in what to write (10 kB on one
    line): the numbers a hint writes are cut as the field is shown."""
    said = hint(field, delimiter)
    assert len(said) < 300, said[:400]


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("−5%", " (it looks like a percentage: write -5 or -0.05)"),
        ("１２％", " (it looks like a percentage: write 12 or 0.12)"),
        ("−$5", " (it looks like an amount of money: write -5, with no currency sign)"),
        ("－５ cm", " (it looks like a number with a unit: write -5, and the unit (cm) in the"),
        ("–5", " (write it as -5)"),
        ("１ｅ５", " (write it as 1e5)"),
        ("5²", ""),
        ("²", ""),
        ("①", ""),
        ("5² cm", ""),
    ],
)
def test_a_look_alike_in_other_digits_or_signs_is_named_in_ascii(field: str, said: str) -> None:
    """−5% and １２％ were told to write the number without the % sign (not which), −$5 and
    –5 got no hint, and 5² was told to "write it as 52": NFKC makes a power a digit."""
    assert hint(field, ",").startswith(said) and bool(said) == bool(hint(field, ","))


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("0x1F", " (it looks like a number in hexadecimal: write it in decimal, 31)"),
        ("-0X1f", " (it looks like a number in hexadecimal: write it in decimal, -31)"),
        ("0b101", " (it looks like a number in binary: write it in decimal, 5)"),
        ("0o17", " (it looks like a number in octal: write it in decimal, 15)"),
        ("0x" + "F" * 5_000, " (it looks like a number in hexadecimal: write it in decimal)"),
        ("1e", " (it looks like a number with its exponent cut short: write the exponent"),
        ("2.5E-", " (it looks like a number with its exponent cut short: write the exponent"),
        ("1d5", " (it looks like a number with a d for its exponent: write it with an e, 1e5)"),
        ("1.5D-03", " (it looks like a number with a d for its exponent: write it with an e,"),
        ("5d", " (it looks like a number with a unit: write 5, and the unit (d)"),
    ],
    ids=lambda value: value[:12],
)
def test_a_number_in_another_base_or_exponent_is_no_number_with_a_unit(field, said) -> None:
    """0x1F was "write 0, and the unit (x1F) in the column's name", 1e "write 1, and the
    unit (e)", Fortran's 1d5 "write 1, and the unit (d5)"."""
    assert hint(field, ",").startswith(said), hint(field, ",")


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("1 234,5", " (it looks like a number with its digits grouped: write it as 1234.5)"),
        ("1\u00a0234,5", " (it looks like a number with its digits grouped: write it as 1234.5)"),
        ("12,5 %", " (it looks like a percentage: write 12.5 or 0.125)"),
        ("1,5 kg", " (it looks like a number with a unit: write 1.5, and the unit (kg) in"),
        ("1,23,456", " (write it with no thousands separator: 123456)"),
        ("3,5", " (write decimals with a point)"),
        ("1,2,3", ""),
        ("x,5", ""),
    ],
)
@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_a_decimal_comma_in_a_comma_or_tab_file_is_written_with_a_point(
    field: str, said: str, delimiter: str
) -> None:
    """A tab file's 1 234,5 was told to "write decimals with a point" (its spaces kept),
    India's 1,23,456 and 1,2,3 the same (no point makes them a number), 12,5 % to write
    the number without the % sign."""
    assert hint(field, delimiter) == said or (said and hint(field, delimiter).startswith(said))


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("5\u200b", " (it holds an invisible character, a zero width space: delete it, to read 5)"),
        ("\u200e12%", " (it holds an invisible character, a left-to-right mark: delete it; then"),
        (
            "1\u00ad000",
            " (it holds an invisible character, a soft hyphen: delete it, to read 1000)",
        ),
        ("\u2066-3\u2069", " (it holds an invisible character, a left-to-right isolate: delete"),
        ("\u200b" * 5_000 + "5", " (it holds an invisible character, a zero width space:"),
        ("\u200bx", ""),
    ],
    ids=repr,
)
def test_a_number_with_an_invisible_character_is_told_to_delete_it(field, said) -> None:
    """A number copied from a web page or a right-to-left document keeps characters no one
    sees (5\\u200b): it was refused as "not a number" with nothing said of why."""
    assert hint(field, ",").startswith(said) and bool(said) == bool(hint(field, ","))
    assert len(hint(field, ",")) < 200 and "then it looks like a percentage" in hint(
        "\u200e12%", ","
    )


@pytest.mark.parametrize(
    ("field", "delimiter", "said"),
    [
        ("1e-400%", ",", " (it looks like a percentage: write 1e-400 or 1e-402)"),
        ("1e-330 %", ";", " (it looks like a percentage: write 1e-330 or 1e-332)"),
        (f"0.{'0' * 10_000}1%", ",", " (it looks like a percentage: write 0.000"),
    ],
)
def test_a_tiny_percentage_is_not_written_as_zero(field, delimiter, said) -> None:
    """1e-400% was "write 1e-400 or 0.0": its hundredth, too small for a float, was
    written as the float it rounds to."""
    assert hint(field, delimiter).startswith(said) and "or 0.0)" not in hint(field, delimiter)


class TookTooLong(Exception):
    """A field's hint still working after HANG seconds."""


HANG = 30.0
"""Seconds a 200 kB field's hint may take: about 0.15 s here; with the patterns that split a
run of digits every way (40 kB: 100 s, growing with the square of the length) about 40
minutes. A bound this far from both, not a timing: the suite holds none."""


def _stop(signum: int, frame: object) -> None:
    raise TookTooLong


@pytest.mark.parametrize(
    "kind",
    [
        lambda n: "1" * n + "x",  # NUMBER split the digits every way before it failed
        lambda n: "1" + " " * n + "x",  # the uncertainty's blanks, against every start
        lambda n: "1" + " " * n + "x+-1",
        lambda n: "1" * n + "e",
        lambda n: "1" * n + "d1x",
    ],
    ids=["digits", "blanks", "blanks and a sign", "a cut exponent", "a d exponent"],
)
def test_a_long_fields_hint_costs_in_proportion_to_its_length(kind) -> None:
    """A 40 kB field of digits and a letter took 100 s to refuse, a 10,000-blank one a
    second: each digit and blank is now matched one way only, and a 200 kB field is read
    and hinted long before HANG seconds (interrupted there, as a hang)."""
    field = kind(200_000)
    before = signal.signal(signal.SIGALRM, _stop)
    signal.setitimer(signal.ITIMER_REAL, HANG)
    try:
        said = hint(field, ",")
        assert not is_number(field, ",")
    except TookTooLong:
        pytest.fail(f"a {len(field):,}-character field's hint took over {HANG:.0f} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    assert len(said) < 1_000  # one line: the field is shown cut


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("5k", "a number with a suffix for a thousand (k): write it out, 5000)"),
        ("1.2M", "a number with a suffix for a million (M): write it out, 1200000)"),
        ("3 bn", "a number with a suffix for a billion (bn): write it out, 3000000000)"),
        ("1e400k", "a number with a suffix for a thousand (k): write the number with its zeros)"),
        ("~5", "an approximate value: write the value alone, 5)"),
        ("≈5.5", "an approximate value: write the value alone, 5.5)"),
        ("ca. 5", "an approximate value: write the value alone, 5)"),
        ("<5", "a bound, not a value: write the value it stands for, or delete the row)"),
        (">5", "a bound, not a value:"),
        ("≥ 5", "a bound, not a value:"),
        ("5+", "a bound, not a value:"),
        ("5-10", "a range: write one value in its place, e.g. its middle, 7.5)"),
        ("-5--3", "a range: write one value in its place, e.g. its middle, -4)"),
        ("10–20", "a range: write one value in its place, e.g. its middle, 15)"),
        ("5 to 10", "a range: write one value in its place, e.g. its middle, 7.5)"),
        ("1e999999999-1", "a range: write one value in its place, e.g. its middle)"),
        ("<LOD", "a bound, not a value: write the value it stands for, or delete the row)"),
        ("BDL", "a bound, not a value:"),
        ("5*", "a number with a note: write the number alone, 5)"),
        ("5 (est.)", "a number with a note: write the number alone, 5)"),
        ("5 [1]", "a number with a note: write the number alone, 5)"),
        ("12h30", "a time: dartfit needs numbers"),
    ],
)
def test_a_suffix_a_qualifier_or_a_range_is_named_with_what_to_write(tmp_path, field, said):
    """5k and 1.2M were "write 5, and the unit (k) in the column's name", a thousandth of
    the value; ~5, <5, 5-10, <LOD and 5* got no hint at all; 1e999999999-1 raised
    decimal.Overflow; 12h30 was a number with a unit (h30)."""
    path = tmp_path / "data.csv"
    path.write_text(f"x,y\n1,2\n2,{field}\n3,5\n", encoding="utf-8")
    start = f'{path}: line 3: column "y": "{field}" is not a number (it looks like {said}'
    assert refusal(path).startswith(start)


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("12.5%", "(it looks like a percentage: write 12,5 or 0,125)"),
        ("1.2M", "(it looks like a number with a suffix for a million (M): write it out, 1200000)"),
        ("5,5-7", "(it looks like a range: write one value in its place, e.g. its middle, 6,25)"),
        ("~2.5", "(it looks like an approximate value: write the value alone, 2,5)"),
        ("2.5 kg", "(it looks like a number with a unit: write 2,5, and the unit (kg)"),
    ],
)
def test_every_number_a_semicolon_files_hint_writes_has_a_decimal_comma(tmp_path, field, said):
    """A semicolon file's 12.5% was told to "write 12.5 or 0,125": two decimal marks in
    one line, the first one the file does not use."""
    path = tmp_path / "data.csv"
    path.write_text(f"x;y\n1;2\n2;{field}\n3;5\n", encoding="utf-8")
    assert refusal(path).startswith(f'{path}: line 3: column "y": "{field}" is not a number {said}')


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("12%,5%\n13%,6%\n", 'line 1: column "column 1": "12%" is not a number (it looks like a'),
        ("12%,5%\n", 'line 1: column "column 1": "12%" is not a number (it looks like a'),
        ("12%,2\n1,2\n3,4\n", 'line 1: column "column 1": "12%" is not a number'),
        ("N/A,3\n1,4\n5,6\n", 'line 1: column "column 1": "N/A" is not a number'),
        ("12,5%;5%\n13%;6%\n", 'line 1: column "column 1": "12,5%" is not a number (it looks'),
    ],
)
def test_a_first_row_of_look_alikes_over_more_of_them_is_data_refused_at_line_1(
    tmp_path, text, said
):
    """A headerless file of percentages named its columns "12%" and "5%" and refused line
    2 for "13%" (the first row lost as names, the line named the second); a lone row of
    them was "only one data row". The first row is data, refused with its hint."""
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    assert refusal(path).startswith(f"{path}: {said}")


def test_a_first_row_of_look_alikes_over_numbers_names_the_columns(tmp_path) -> None:
    """pandas names percentile columns 25% and 50%: over a row of numbers they are names."""
    path = tmp_path / "data.csv"
    path.write_text("25%,50%\n1,2\n3,4\n5,7\n", encoding="utf-8")
    data = load_csv(path)
    assert (data.x_name, data.y_name, data.x.tolist()) == ("25%", "50%", [1, 3, 5])


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("4\x00", " (it holds a control character, U+0000: delete it, to read 4)"),
        ("\x075", " (it holds a control character, U+0007: delete it, to read 5)"),
        ("12%\x00", " (it holds a control character, U+0000: delete it; then it looks like a"),
        ("x\x00", ""),
    ],
    ids=repr,
)
def test_a_number_with_a_control_character_is_told_to_delete_it(field: str, said: str) -> None:
    """A NUL byte or a bell in a field (a file damaged, or pasted from a terminal) was
    refused as "not a number" with nothing said of why, as a zero-width space was."""
    assert hint(field, ",").startswith(said) and bool(said) == bool(hint(field, ","))


def test_an_amount_grouped_as_in_india_is_written_out() -> None:
    """₹1,00,000 was told to "write the number alone", not which number."""
    said = " (it looks like an amount of money: write 100000, with no currency sign)"
    assert hint("₹1,00,000", ",") == said


@pytest.mark.parametrize(
    ("field", "said"),
    [
        (
            "5-10 kg",
            "a range: write one value in its place, e.g. its middle, 7.5, and the unit (kg)",
        ),
        (
            "5 - 10 °C",
            "a range: write one value in its place, e.g. its middle, 7.5, and the unit (°C",
        ),
        ("5-10%", "a range: write one value in its place, e.g. its middle, 7.5, and the unit (%)"),
        ("5'10\"", "a length in feet and inches: write it in one unit, e.g. 70 (inches), and the"),
        ("5′ 10.5″", "a length in feet and inches: write it in one unit, e.g. 70.5 (inches)"),
        ("6 ft 1 in", "a length in feet and inches: write it in one unit, e.g. 73 (inches)"),
        ("3/0", "a fraction over 0, which has no value: write the value it stands for, or"),
        ("1:2", "a ratio: write it as one number, the first part over the second, 0.5)"),
        ("3 : 4", "a ratio: write it as one number, the first part over the second, 0.75)"),
        ("1:0", "a ratio to 0, which has no value as one number: write the value it stands for)"),
        ("300K", "a number with a suffix for a thousand (K), or in kelvins: write it out, 300000,"),
        (
            "5B",
            "a number with a suffix for a billion (B), or in bytes: write it out, 5000000000, or",
        ),
    ],
)
def test_a_range_with_a_unit_a_height_a_ratio_or_a_kelvin_is_named(tmp_path, field, said):
    """5-10 kg, 5'10", 3/0 and 1:2 were "not a number" with no hint; 300K was told only to
    write 300000, where it may be 300 kelvins."""
    path = tmp_path / "data.csv"
    quoted = field.replace('"', '""')
    path.write_text(f'x,y\n1,2\n2,"{quoted}"\n3,5\n', encoding="utf-8")
    start = f'{path}: line 3: column "y": "{field}" is not a number (it looks like {said}'
    assert refusal(path).startswith(start)


@pytest.mark.parametrize(("field", "said"), [("1'234", "digits grouped"), ("10:30", "a time")])
def test_what_looks_like_a_height_or_a_ratio_but_is_not_keeps_its_hint(field, said) -> None:
    """1'234 is not 1 foot 234 inches; 10:30 is a time before it is a ratio."""
    assert said in hint(field, ",")


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ("0x1.8p1", " (it looks like a number in hexadecimal: write it in decimal, 3.0)"),
        ("-0X1P-3", " (it looks like a number in hexadecimal: write it in decimal, -0.125)"),
        ("0x1p-99999", " (it looks like a number in hexadecimal: write it in decimal)"),
        ("0x1p99999", " (it looks like a number in hexadecimal: write it in decimal)"),
        ("1e5e5", ""),
        ("1D-3m", ""),
        ("0xG", ""),
        ('2"3', ""),  # no 2 inches and a unit of "3 (a stray quote): its mark is alone
        ("2'5 kg", ""),
        ("0 B", " (it looks like a number with a unit: write 0, and the unit (B) in the column"),
    ],
)
def test_a_hint_never_writes_part_of_the_number_as_its_unit(field: str, said: str) -> None:
    """0x1.8p1 (C's %a) was told to "write 0, and the unit (x1.8p1)", 1D-3m to "write 1, and
    the unit (D-3m)": numbers the field does not hold. An exponent's or a base's letter is
    no unit's start; where no value can be said, none is."""
    assert hint(field, ",").startswith(said) and bool(said) == bool(hint(field, ","))


UNDERSCORES = "a number with underscores between its digits: write it as "
MIXED, FRACTION = "a mixed number: write it as a decimal, ", "a fraction: write it as a decimal, "


@pytest.mark.parametrize(
    ("field", "words", "comma", "semicolon"),
    [
        ("1_0", UNDERSCORES, "10", "10"),
        ("1_00_000", UNDERSCORES, "100000", "100000"),
        ("1_0.2_5", UNDERSCORES, "10.25", "10,25"),
        ("1½", MIXED, "1.5", "1,5"),
        ("-2 ¾", MIXED, "-2.75", "-2,75"),
        ("½", FRACTION, "0.5", "0,5"),
        ("⅒", FRACTION, "0.1", "0,1"),
        ("3 1/2", MIXED, "3.5", "3,5"),
        ("−3 1/4", MIXED, "-3.25", "-3,25"),
        ("1⁄8", FRACTION, "0.125", "0,125"),
        ("3 1/0", "a fraction over 0, which has no value: write the value it stands for", "", ""),
    ],
)
def test_digit_separators_vulgar_fractions_and_mixed_numbers_are_named(
    tmp_path: Path, field: str, words: str, comma: str, semicolon: str
) -> None:
    """1_0 (Python's digit separators), 1½ (a fraction in one character) and 3 1/2 (a mixed
    number) were "not a number" with no hint; the value to write keeps a semicolon file's
    decimal comma, in the one line that names the file, the line and the column."""
    for delimiter, value in ((",", comma), (";", semicolon)):
        path = tmp_path / "data.csv"
        path.write_text(f"x{delimiter}y\n1{delimiter}2\n2{delimiter}{field}\n", encoding="utf-8")
        start = f'{path}: line 3: column "y": "{field}" is not a number (it looks like'
        assert refusal(path).startswith(f"{start} {words}{value}"), delimiter
        assert refusal(path).endswith(")") and f"{value})" in refusal(path)


WITH_UNIT = "and a unit: write it as a decimal, "


@pytest.mark.parametrize(
    ("field", "words", "comma", "semicolon", "after"),
    [
        ("3 1/2 kg", f"a mixed number {WITH_UNIT}", "3.5", "3,5", ", and the unit (kg) in the"),
        ("1½ kg", f"a mixed number {WITH_UNIT}", "1.5", "1,5", ", and the unit (kg) in the"),
        ("1/4cm", f"a fraction {WITH_UNIT}", "0.25", "0,25", ", and the unit (cm) in the"),
        ("-3-1/2 in", f"a mixed number {WITH_UNIT}", "-3.5", "-3,5", ", and the unit (in) in"),
        (
            "1_000 m",
            "a number with underscores between its digits and a unit: write it as ",
            "1000",
            "1000",
            ", and the",
        ),
        ("3-1/2", MIXED, "3.5", "3,5", ")"),
        ("3-11/16", MIXED, "3.6875", "3,6875", ")"),
        ("1-½", MIXED, "1.5", "1,5", ")"),
        (
            "'1/2",
            "a number kept as text, a fraction: write it without the quote, as a decimal, ",
            "0.5",
            "0,5",
            ")",
        ),
        (
            "3/0 kg",
            "a fraction over 0, which has no value: write the value it stands for",
            "",
            "",
            "",
        ),
    ],
)
def test_a_fraction_or_mixed_number_with_a_unit_a_hyphen_or_a_quote_is_named(
    tmp_path: Path, field: str, words: str, comma: str, semicolon: str, after: str
) -> None:
    """3 1/2 kg, 3-1/2 (as a tape measure's are written) and '1/2 were "not a number" with
    no hint, where 3 1/2, 3.5 kg and '12 had one: a number's shape is named however it is
    written, in the one line that names the file, the line and the column."""
    for delimiter, value in ((",", comma), (";", semicolon)):
        path = tmp_path / "data.csv"
        path.write_text(f"x{delimiter}y\n1{delimiter}2\n2{delimiter}{field}\n", encoding="utf-8")
        start = f'{path}: line 3: column "y": "{field}" is not a number (it looks like'
        assert refusal(path).startswith(f"{start} {words}{value}{after}"), refusal(path)


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ('"1_0,5"', "a number with underscores between its digits: write it as 10.5)"),
        ('"1,5d3"', "a number with a d for its exponent: write it with an e, 1.5e3)"),
        ('"3 1/2 kg"', f"a mixed number {WITH_UNIT}3.5, and the unit (kg) in the column's name)"),
        ('"\'1 234"', "a number kept as text: write it without the quote, 1234)"),
    ],
)
def test_a_quoted_look_alike_with_a_decimal_comma_is_named(tmp_path, field, said) -> None:
    """A quoted field of a comma file may hold a decimal comma beside another way of writing
    the number ("1_0,5", "1,5d3"): each had no hint, though 1_0.5 and 1,5 had one."""
    path = tmp_path / "data.csv"
    path.write_text(f"x,y\n1,2\n2,{field}\n", encoding="utf-8")
    shown = field.strip('"')
    assert refusal(path) == (
        f'{path}: line 3: column "y": "{shown}" is not a number (it looks like {said}'
    )


@pytest.mark.parametrize("field", ["05-01/2024", "3 km/h", "5² cm"])
def test_what_is_no_mixed_number_is_not_named_one(field: str) -> None:
    """A hyphen before a fraction makes a mixed number only of a proper fraction: 05-01/2024
    is no 5 and 1/2024."""
    assert "fraction" not in hint(field, ",") and "mixed" not in hint(field, ",")
