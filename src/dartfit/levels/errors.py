"""The one error a level file can raise: LevelError, a single safe line naming the file,
the key and the problem."""

from __future__ import annotations

from pathlib import Path

from dartfit.files import said_of
from dartfit.printable import escaped


class LevelError(ValueError):
    """A level file is wrong; str() is one line naming the file, the key and the problem.

    Whatever the file holds, the line is safe to print: characters a terminal would act
    on (in the file's name, a key or a value shown) are written as escapes.
    """

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        key = key if len(key) <= 80 else key[:79] + "…"  # one line, whatever the file holds
        self.path, self.key, self.problem = escaped(str(path)), escaped(key), escaped(problem)
        super().__init__(said_of(self.path, f"{self.key}: {self.problem}" if key else self.problem))
