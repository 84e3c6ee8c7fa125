"""How a lesson looks at 80 × 24 and 120 × 40 (SVG snapshots; update with --snapshot-update)."""

from __future__ import annotations

import pytest

from dartfit.app import make_app
from tests.conftest import SHIPPED

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lesson_looks_right(snap_compare, tmp_path, size: tuple[int, int]) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, lesson="error")
    assert snap_compare(app, press=["tab"], terminal_size=size)
