"""A class whose disk fills up during play (a real, tiny file system): the host keeps the
class running and says why in one line, the student who wins is told where the win is kept
meanwhile (their own file, outside the full disk), and the win reaches the class database
once there is room again. Needs a tmpfs of its own: skipped where one can't be mounted."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dartfit.host.server import CLASS_DB, Host, HostConfig
from dartfit.progress.class_store import take_in_kept
from tests.conftest import SHIPPED
from tests.test_host import _connect, _play, _stars

pytestmark = pytest.mark.skipif(
    os.name != "posix" or shutil.which("mount") is None or os.geteuid() != 0,
    reason="mounts a tmpfs of its own",
)


@contextlib.contextmanager
def tiny_disk(where: Path) -> Iterator[Path]:
    """A file system of 1 MiB at `where` (skips the test where none can be mounted)."""
    where.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(where)],
        capture_output=True,
    )
    if made.returncode != 0:
        pytest.skip(f"no tmpfs to be had: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    """Fill the disk to its last byte; the file that fills it."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 4096)
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0")
    with pytest.raises(OSError) as full:
        (disk / "one-more").write_bytes(b"\0" * 4096)
    assert full.value.errno == errno.ENOSPC
    return filler


async def test_a_class_on_a_full_disk_plays_on_and_keeps_the_win(tmp_path: Path) -> None:
    with tiny_disk(tmp_path / "disk") as disk:
        said: list[str] = []
        config = HostConfig(folder=disk / "class", port=0, max_players=3, levels=SHIPPED)
        host = Host(config, said.append)
        server = await host.listen()
        host.port = server.get_port()  # type: ignore[attr-defined]
        try:
            alice, her = await _play(host, "alice")
            await her.keys(b"\r")
            await her.wait_for("First throw")
            filler = fill(disk)
            await her.keys(b"\r")
            await her.wait_for("darts left 3")
            await her.keys(b" ", b" ", b" ")
            await her.wait_for("Level complete")
            for part in ("meanwhile", "not saved in the", "disk is"):  # the toast may come
                if part not in her.shows():  # before or after it (the panel shows once the
                    await her.wait_for(part)  # level is laid out beside it)
            told = her.shows()  # in a toast beside the win (its lines cut by the panel's)
            assert "your progress was not saved in the" in told and "disk is" in told, told
            async with _connect(host, "bob") as conn:  # a student arriving now: one line
                done = await conn.run(term_type="xterm", encoding="utf-8", timeout=30)
            refused = "the class list can't be written (database or disk is full)"
            assert refused in str(done.stderr) and str(done.stderr).count("\n") <= 1
            alice.close()
            await alice.wait_closed()
            async with asyncio.timeout(20):
                while host.playing:
                    await asyncio.sleep(0.05)
            kept = [line for line in said if "alice's progress is kept in" in line]
            assert len(kept) == 1 and kept[0].endswith(
                "(database or disk is full): nothing is lost"
            )
            assert _stars(host, "alice") == {}
            filler.unlink()  # room again: the host takes her win in (the board, an export)
            back = take_in_kept(disk / "class" / CLASS_DB, "alice")
            assert back is not None and "is in the class database now" in back
            assert _stars(host, "alice") == {"first-throw": 3}
            again, _ = await _play(host, "alice")  # and the class goes on
            again.close()
        finally:
            server.close()
            await host.stop()
