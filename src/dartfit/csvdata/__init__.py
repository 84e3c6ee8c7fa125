"""The player's own data: a CSV file read into x and y, or one line that says what is wrong.

Fields are read as the csv module reads them: comma, semicolon or tab between them (taken
from the first row, outside quotes, or named by a first line `sep=;` as Excel writes it;
another separator named there is refused on its line), double quotes around a field that
holds a delimiter (`"x, cm"` is one field), any line ending; a UTF-8 byte-order mark is
skipped. A field may not run over the end of its line. A header row is detected (a field
with text that isn't a number; empty fields don't count); semicolon files may write
decimals with a comma. Columns are chosen by name or by number (1 is the first), and every
row must have as many fields as the first.

The file is read in blocks, never whole: numpy's C reader parses a block when it has no
quote; the csv module reads it line by line when it has one, or when the C reader objects.
The careful pass is the one that decides, so the first bad line is named exactly.

The sandbox's range, refused at load: values up to ±LIMIT, and each column's standard
deviation at least SMALLEST_SPREAD and at least NARROWEST of its largest value; at most
MAX_COLUMNS columns.

One idea a module: `blocks` turns the file's bytes into blocks of whole lines, `fields`
splits a line and reads a number, `columns` reads the first row and picks x and y, `reader`
turns blocks of rows into two arrays, `checks` holds the sandbox's range, `looks` what a field
that is not a number looks like (12%, $5, a date, N/A) and what to write instead, `progress` the
percentage on stderr, `load` ties them together into a `Dataset`; every refusal is a
`CsvError` from `errors`.
"""

from dartfit.csvdata.blocks import BLOCK, LONGEST_LINE, MAX_BYTES
from dartfit.csvdata.checks import LIMIT, NARROWEST, SMALLEST_SPREAD
from dartfit.csvdata.columns import MAX_COLUMNS
from dartfit.csvdata.dataset import Dataset
from dartfit.csvdata.errors import CsvError
from dartfit.csvdata.load import load_csv
from dartfit.csvdata.progress import SHOW_AFTER
from dartfit.csvdata.reader import MAX_ROWS

__all__ = [
    "BLOCK",
    "LIMIT",
    "LONGEST_LINE",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "NARROWEST",
    "SHOW_AFTER",
    "SMALLEST_SPREAD",
    "CsvError",
    "Dataset",
    "load_csv",
]
