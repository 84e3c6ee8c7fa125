"""CsvError, the one error a CSV file raises, and the wording its one-line messages share."""

from __future__ import annotations

from pathlib import Path

from dartfit.files import broken_link, said_of

__all__ = ["CsvError", "one_line", "unreadable"]


class CsvError(ValueError):
    """A CSV file can't be used; str() is one line naming the file (and line)."""


def unreadable(file: Path, error: OSError) -> CsvError:
    """The error for a file the system won't let us open or read."""
    return CsvError(said_of(file, broken_link(file) or f"can't read: {error.strerror or error}"))


def one_line(text: str, longest: int = 40) -> str:
    """Text for a one-line message: control characters escaped, long text cut."""
    cut = text[:longest] + ("…" if len(text) > longest else "")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)
