"""The classroom run: N students connect to `dartfit host` within one second and nudge a
line at a human pace; against the same N games started as plain `dartfit` processes.

    python benchmarks/classroom.py [--players 10 30] [--seconds 10] [--cold-too] [--browser]

The host runs as a real `dartfit host --open` process on 127.0.0.1 with the benchmark's
level (level.py) as its only level; the students are asyncssh clients in this process, each
on an 80×24 pty, arriving evenly spread over one second. Each waits for the title, reads it
for a second, opens the level (enter, enter), then presses → and ← in turn, two keys a
second, for --seconds.
Per student: the time from starting to connect to the title's last byte (first frame), and
per key the time to the first byte of its repaint (key to frame): all keys (the first
students play while the last still open their levels), and those sent once every level was
open (settled: the class playing, nobody arriving). Memory of each game: resident (VmRSS)
and private (Private_Clean + Private_Dirty) from smaps_rollup.

CPU seconds of each part (/proc, sampled every 0.25 s so that a game that has ended still
counts): the host, its warm process, the games, and this process, the students' clients,
which share the host's cores here as they would not in a classroom (with how late its own
loop wakes: client_lag_ms); over the whole run, while the class arrives (until every level
is open), and the games' CPU per key once it is settled.

The comparison: the same N games as plain `dartfit` processes on ptys (pty_app.py), all
started within one second, first frame timed the same way. Goals (issue 12, 2 cores):
30 players, first frame p95 ≤ 1.5 s, key to frame p95 ≤ 100 ms, ≤ 40 MB private memory
per player.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import asyncssh

sys.path.insert(0, str(Path(__file__).resolve().parent))
from level import write_level
from pty_app import Deadline, PtyApp, child_env

TITLE = b"Press"
LEVEL_WORD = b"Benchmark"
KEYS = (b"\x1b[C", b"\x1b[D")  # → ←
THINK = 1.0  # seconds a student looks at the title before pressing enter


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _per_key(seconds: float, keys: int) -> float | None:
    return round(1000 * seconds / keys, 2) if keys else None


def _summary(values: list[float]) -> dict[str, float | None]:
    return {
        "median": statistics.median(values) if values else None,
        "p95": _percentile(values, 0.95),
        "p99": _percentile(values, 0.99),
        "max": max(values) if values else None,
        "count": len(values),
    }


def memory(pid: int) -> dict[str, int]:
    """Resident and private memory of a process, in kB (0 when it has gone)."""
    fields = {"Rss": 0, "Private_Clean": 0, "Private_Dirty": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in fields:
                fields[name] = int(rest.split()[0])
    except OSError:
        pass
    return {"rss": fields["Rss"], "private": fields["Private_Clean"] + fields["Private_Dirty"]}


def _cpu(pid: int) -> float:
    """CPU seconds a process has used (user + system)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children() -> dict[int, list[int]]:
    """Every process's children, by its pid."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    return children


def _is_warm(pid: int) -> bool:
    try:
        return b"dartfit.host.warm" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def parts_of(host_pid: int, children: dict[int, list[int]]) -> dict[str, list[int]]:
    """A host's processes by part: the host, its warm process and the games (the warm
    process's children, and any game the host started cold)."""
    warm = [pid for pid in children.get(host_pid, []) if _is_warm(pid)]
    games = [pid for pid in children.get(host_pid, []) if pid not in warm]
    games += [game for pid in warm for game in children.get(pid, [])]
    return {"host": [host_pid], "warm": warm, "games": games}


def _games_of(host_pid: int) -> list[int]:
    """The dartfit games under a host (its children and the warm process's children)."""
    return parts_of(host_pid, _children())["games"]


class CpuByPart:
    """CPU seconds each part of a class has used (the host, its warm process, the games,
    and this process: the students' clients), sampled often enough to count the games that
    have ended since (each one's last sample)."""

    def __init__(self, host_pid: int) -> None:
        self.host_pid = host_pid
        self._seen: dict[int, tuple[str, float]] = {}

    def sample(self) -> dict[str, float]:
        """Take a sample; the CPU of each part so far."""
        for part, pids in parts_of(self.host_pid, _children()).items():
            for pid in pids:
                self._seen[pid] = (part, max(_cpu(pid), self._seen.get(pid, ("", 0.0))[1]))
        totals = {"host": 0.0, "warm": 0.0, "games": 0.0, "clients": time.process_time()}
        for part, used in self._seen.values():
            totals[part] += used
        return totals

    async def every(self, seconds: float) -> None:
        """Sample every `seconds` until cancelled."""
        while True:
            self.sample()
            await asyncio.sleep(seconds)


async def _lag(lags: list[float], step: float = 0.01) -> None:
    """How late this process's own loop wakes (ms): its clients' share of the CPU."""
    while True:
        before = time.monotonic()
        await asyncio.sleep(step)
        lags.append(1000 * (time.monotonic() - before - step))


class _Student(asyncssh.SSHClient):
    def kbdint_auth_requested(self) -> str:
        return ""

    def kbdint_challenge_received(self, *args: Any) -> list[str]:
        return []


class _Screen:
    """A student's end of the game: over SSH (a pty's process) or in a browser tab (a
    websocket): bytes of the screen to read, keys to send."""

    def __init__(self, process: Any = None, socket: Any = None) -> None:
        self.process = process
        self.socket = socket

    async def read(self) -> bytes:
        if self.process is not None:
            data: bytes = await self.process.stdout.read(65536)
            return data
        while True:
            message = await self.socket.receive()
            if message.type == aiohttp.WSMsgType.BINARY:
                return bytes(message.data)
            if message.type != aiohttp.WSMsgType.TEXT:
                return b""

    async def send(self, keys: bytes) -> None:
        if self.process is not None:
            self.process.stdin.write(keys)
        else:
            await self.socket.send_json(["stdin", keys.decode()])

    async def read_until(self, word: bytes, seconds: float) -> None:
        seen = b""
        async with asyncio.timeout(seconds):
            while word not in seen:
                chunk = await self.read()
                if not chunk:
                    raise EOFError("the game ended")
                seen = (seen + chunk)[-4096:]


async def _student(n: int, port: int, delay: float, seconds: float, out: dict[str, Any]) -> None:
    await asyncio.sleep(delay)
    start = time.monotonic()
    async with asyncssh.connect(
        "127.0.0.1",
        port,
        username=f"student{n}",
        known_hosts=None,
        client_keys=None,
        agent_path=None,
        client_factory=_Student,
    ) as conn:
        out["logged_in"].append(time.monotonic() - start)
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await _play(_Screen(process=process), start, seconds, out)


async def _tab(n: int, port: int, delay: float, seconds: float, out: dict[str, Any]) -> None:
    """A student in a browser tab (aiohttp standing in for the browser, as textual.js
    speaks: keys as ["stdin", text], the screen as binary frames)."""
    await asyncio.sleep(delay)
    start = time.monotonic()
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.post(f"{url}/join", data={"name": f"student{n}"}) as reply:
            await reply.read()
        out["logged_in"].append(time.monotonic() - start)
        socket = await client.ws_connect(
            f"{url}/ws?width=80&height=24", headers={"Origin": url}, max_msg_size=0
        )
        await _play(_Screen(socket=socket), start, seconds, out)
        await socket.close()


async def _play(screen: _Screen, start: float, seconds: float, out: dict[str, Any]) -> None:
    """The title, then the level, then a key every half second, timing each repaint."""
    await screen.read_until(TITLE, 60)
    out["first_frame"].append(time.monotonic() - start)
    await asyncio.sleep(THINK)  # a student reads the title before pressing enter
    await screen.send(b"\r")
    await asyncio.sleep(0.5)
    await screen.send(b"\r")
    await screen.read_until(LEVEL_WORD, 30)
    out["in_level"].append(time.monotonic())
    await asyncio.sleep(0.5)
    end = time.monotonic() + seconds
    k = 0
    while time.monotonic() < end:
        sent = time.monotonic()
        await screen.send(KEYS[k % 2])
        k += 1
        try:
            async with asyncio.timeout(5):
                await screen.read()
            out["key_to_frame"].append(time.monotonic() - sent)
            out["keys"].append((sent, time.monotonic() - sent))
        except TimeoutError:
            out["silent_keys"] += 1
        await asyncio.sleep(max(0.0, sent + 0.5 - time.monotonic()))  # two keys a second
        while True:  # the rest of the repaint
            try:
                async with asyncio.timeout(0.01):
                    if not await screen.read():
                        break
            except TimeoutError:
                break
    out["done"].append(time.monotonic())
    await screen.send(b"\x11")  # ctrl+q


async def hosted(
    players: int, seconds: float, warm: bool, folder: Path, levels: Path, web: bool = False
) -> dict[str, Any]:
    """N students on one host (`dartfit host`, or `dartfit serve` with web): first frames,
    key to frame, memory of each game."""
    port = _free_port()
    env = child_env()
    command = "serve" if web else "host"
    args = [sys.executable, "-m", "dartfit", command, "--open", "--port", str(port)]
    args += ["--levels", str(levels), "--data-dir", str(folder / f"{command}-{players}-{warm}")]
    args += ["--max-players", str(players + 5)] + ([] if warm else ["--cold"])
    host = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    student = _tab if web else _student
    try:
        assert host.stdout is not None
        for _ in range(50):
            if b"students " in host.stdout.readline():
                break
        out: dict[str, Any] = {
            "first_frame": [],
            "logged_in": [],
            "key_to_frame": [],
            "keys": [],
            "in_level": [],
            "done": [],
            "silent_keys": 0,
        }
        cpu = CpuByPart(host.pid)
        before = cpu.sample()
        sampling = asyncio.ensure_future(cpu.every(0.25))
        lags: list[float] = []
        lagging = asyncio.ensure_future(_lag(lags))
        students = [
            asyncio.create_task(student(n, port, n / players, seconds, out)) for n in range(players)
        ]
        await asyncio.sleep(1 + 3 + THINK)  # everyone arrived and past the title
        mem = [memory(pid) for pid in _games_of(host.pid)]
        while len(out["in_level"]) < players and not all(s.done() for s in students):
            await asyncio.sleep(0.05)
        settled_at, settled = time.monotonic(), cpu.sample()  # every level open
        while not out["done"] and not all(s.done() for s in students):
            await asyncio.sleep(0.05)  # the class plays until the first student is done
        played, ended_at = cpu.sample(), time.monotonic()
        results = await asyncio.gather(*students, return_exceptions=True)
        sampling.cancel()
        lagging.cancel()
        after = cpu.sample()
        errors = [repr(r) for r in results if isinstance(r, BaseException)]
    finally:
        host.terminate()
        host.wait(30)
    return {
        "players": players,
        "warm": warm,
        "browser": web,
        "first_frame_s": _summary(out["first_frame"]),
        "logged_in_s": _summary(out["logged_in"]),
        "key_to_frame_ms": _summary([1000 * t for t in out["key_to_frame"]]),
        # keys sent once every student's level was open: the class playing, none arriving
        "key_to_frame_settled_ms": _summary(
            [1000 * t for sent, t in out["keys"] if settled_at <= sent <= ended_at]
        ),
        "silent_keys": out["silent_keys"],
        "client_lag_ms": _summary(lags),
        "cpu_s": {part: round(after[part] - before[part], 2) for part in after},
        "cpu_s_arriving": {part: round(settled[part] - before[part], 2) for part in after},
        # the games' CPU a key while the class plays (all of it: a game idle burns some too)
        "game_cpu_ms_per_key": _per_key(
            played["games"] - settled["games"],
            sum(settled_at <= sent <= ended_at for sent, _ in out["keys"]),
        ),
        "memory_kb": {
            "games": len(mem),
            "rss_median": statistics.median([m["rss"] for m in mem]) if mem else None,
            "private_median": statistics.median([m["private"] for m in mem]) if mem else None,
            "private_max": max((m["private"] for m in mem), default=None),
        },
        "errors": errors[:3],
    }


def plain(players: int, folder: Path, levels: Path) -> dict[str, Any]:
    """The same N games as plain dartfit processes, started within one second."""
    data = folder / f"plain-{players}"
    deadline = Deadline(120)
    apps, times = [], []
    start = time.monotonic()
    for n in range(players):
        time.sleep(max(0.0, start + n / players - time.monotonic()))
        argv = [sys.executable, "-m", "dartfit", "--data-dir", str(data / f"p{n}")]
        apps.append(
            (
                time.monotonic(),
                PtyApp(f"p{n}", [*argv, "--levels", str(levels)], 80, 24, child_env()),
            )
        )
    try:
        for began, app in apps:
            app.read_until_shown(b"Press", 60, deadline)
            times.append(time.monotonic() - began)
        mem = [memory(app.proc.pid) for _, app in apps]
    finally:
        for _, app in apps:
            app.close()
    return {
        "players": players,
        "first_frame_s": _summary(times),
        "memory_kb": {
            "rss_median": statistics.median([m["rss"] for m in mem]),
            "private_median": statistics.median([m["private"] for m in mem]),
        },
    }


def run_classroom(
    players: list[int],
    seconds: float,
    cold_too: bool = False,
    say: bool = False,
    browser: bool = False,
) -> dict[str, Any]:
    """The hosted runs (warm, and cold if asked; over SSH, and in browser tabs if asked) and
    the plain runs, for each class size."""
    report: dict[str, Any] = {"hosted": [], "plain": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        levels, _ = write_level(folder, 50)
        for n in players:
            for web in (False, True) if browser else (False,):
                for warm in (True, False) if cold_too else (True,):
                    result = asyncio.run(hosted(n, seconds, warm, folder, levels, web))
                    report["hosted"].append(result)
                    if say:
                        print(json.dumps(result), flush=True)
            result = plain(n, folder, levels)
            report["plain"].append(result)
            if say:
                print(json.dumps(result), flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--json-only", action="store_true")
    parser.add_argument("--cold-too", action="store_true", help="also the host without warm start")
    parser.add_argument("--browser", action="store_true", help="also dartfit serve (browser tabs)")
    args = parser.parse_args()
    report = run_classroom(
        args.players, args.seconds, args.cold_too, not args.json_only, args.browser
    )
    print(json.dumps(report))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
