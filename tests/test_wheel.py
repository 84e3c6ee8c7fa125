"""A non-editable install from a built wheel finds every shipped level from any folder.

The wheel goes into a fresh virtual environment that sees neither the base interpreter's
packages nor this checkout: its only other path is the site-packages of the environment the
tests run in (which the README's test command filled), so no network is needed and nothing
the base Python happens to have installed can make the test pass or fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, SHIPPED

ALONE = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
"""The environment the installed game runs in: no PYTHONPATH (a checkout's src on it, as a
developer's shell may have, put that dartfit before the wheel's, and the test failed)."""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with dartfit installed from a wheel built now."""
    root = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(root / "dist"), str(REPO)],
        check=True,
    )
    (wheel,) = (root / "dist").glob("dartfit-*.whl")
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(root / "env")
    python = root / "env" / "bin" / "python"
    subprocess.run([*pip, "--python", str(python), "install", "--no-deps", str(wheel)], check=True)
    # the dependencies come from the test environment, added after the install (else pip
    # finds the test environment's own dartfit and installs nothing); that dartfit, editable
    # or not, is hidden behind the wheel's, which sits earlier on the path
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        env=ALONE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    Path(site, "zz_test_environment.pth").write_text("\n".join(sorted(ours)) + "\n")
    return root


def test_the_installed_game_lists_every_level_from_another_folder(installed: Path) -> None:
    run = subprocess.run(
        [str(installed / "env" / "bin" / "dartfit"), "levels"],
        cwd=installed,
        env=ALONE,
        capture_output=True,
        text=True,
        check=True,
    )
    for path in SHIPPED.glob("*.toml"):
        slug = path.stem.split("-", 1)[1]
        assert slug in run.stdout, slug


def test_the_installed_levels_live_inside_the_package(installed: Path) -> None:
    code = "from dartfit.levels import default_levels_dir as d; print(d())"
    out = subprocess.run(
        [str(installed / "env" / "bin" / "python"), "-c", code],
        cwd=installed,
        env=ALONE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(out).is_relative_to(installed / "env"), out
    assert Path(out, "01-first-throw.toml").is_file()
    shipped = sorted(p.name for p in SHIPPED.glob("*.toml"))
    assert sorted(p.name for p in Path(out).glob("*.toml")) == shipped
