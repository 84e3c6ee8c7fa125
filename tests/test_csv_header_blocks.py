"""A file is read the same whatever the size of a read. The first row is told apart from
data, and its delimiter chosen, by the row under it wherever that row is: in the header's
own read block, in a later one, or last in a file with no newline at its end (before, only
a row in the same block was seen); byte-order marks are found in the first whole lines."""

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


MARKED = {
    "a byte-order mark": (b"\xef\xbb\xbf1,2\n3,4\n5,7\n", None),
    "two marks": (b"\xef\xbb\xbf\xef\xbb\xbfx,y\n1,2\n3,4\n5,7\n", None),
    "UTF-16 with its mark": ("x,y\n1,2\n".encode("utf-16"), "line 1: UTF-16 text (its byte"),
    "UTF-16 without": ("x,y\n1,2\n3,4\n".encode("utf-16-le"), "line 1: UTF-16 text (a zero byte"),
    "UTF-32 with its mark": ("x,y\n1,2\n".encode("utf-32"), "line 1: UTF-32 text (its byte"),
}


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 1 << 18])
@pytest.mark.parametrize("name", sorted(MARKED))
def test_a_files_marks_are_read_the_same_whatever_the_read_block(tmp_path, monkeypatch, name, size):
    """A first read that held no more than a UTF-8 mark was taken for the end of the file
    ("the file is empty"); one that held part of it left the mark in the first field, and a
    headerless file lost its first row as names. UTF-16 and UTF-32 were named only when the
    first read held their mark, or 256 bytes of their text."""
    monkeypatch.setattr(blocks, "BLOCK", size)
    data, said = MARKED[name]
    path = tmp_path / "data.csv"
    path.write_bytes(data)
    if said is None:
        loaded = load_csv(path)
        assert (loaded.x.tolist(), loaded.y.tolist()) == ([1, 3, 5], [2, 4, 7])
    else:
        with pytest.raises(CsvError) as refused:
            load_csv(path)
        assert str(refused.value).startswith(f"{path}: {said}")
