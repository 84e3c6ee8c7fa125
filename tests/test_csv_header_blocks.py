"""The first row is told apart from data, and its delimiter chosen, by the row under it
wherever that row is: in the header's own read block, in a later one, or last in a file
with no newline at its end. Before, only a row in the same block was seen."""

from __future__ import annotations

import pytest

from dartfit.csvdata import CsvError, blocks, load_csv

TEXTS = {
    "look-alike names": "25%,50%\n1,2\n3,4\n5,7\n",
    "a semicolon in a name": "dist (m; approx),y\n1,2\n3,4\n5,7\n",
    "blank lines between": "25%,50%\n\n\n   \n\n\n1,2\n3,4\n5,7\n",
}


@pytest.mark.parametrize("size", [1, 2, 3, 8, 17, 1 << 18])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_the_header_is_read_the_same_whatever_the_read_block(tmp_path, monkeypatch, name, size):
    """A block ending right after "25%,50%" made the row data, refused at line 1; one ending
    after "dist (m; approx),y" split the file at semicolons."""
    monkeypatch.setattr(blocks, "BLOCK", size)
    path = tmp_path / "data.csv"
    path.write_text(TEXTS[name], encoding="utf-8")
    data = load_csv(path)
    assert (data.x.tolist(), data.y.tolist()) == ([1, 3, 5], [2, 4, 7])
    assert data.x_name == TEXTS[name].split("\n")[0].rsplit(",", 1)[0]


@pytest.mark.parametrize("size", [3, 1 << 18])
def test_a_second_row_with_no_newline_after_it_decides_the_header(tmp_path, monkeypatch, size):
    """ "25%,50%\\n1,2" (no newline at the end) was refused at line 1 as data: the last line
    of a file was no row to the header rule. It is a header over one row."""
    monkeypatch.setattr(blocks, "BLOCK", size)
    path = tmp_path / "data.csv"
    path.write_text("25%,50%\n1,2", encoding="utf-8")
    with pytest.raises(CsvError, match="only one data row"):
        load_csv(path)
