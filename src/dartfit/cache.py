"""The user's cache folder: where dartfit keeps files of its own, apart from the player's
folder (a big level's figures, progress kept while the player's folder can't be written).
$DARTFIT_CACHE_DIR if set, else the system's. No user-interface imports."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "DARTFIT_CACHE_DIR"


def cache_dir() -> Path | None:
    """$DARTFIT_CACHE_DIR if set, else the user cache folder; None when there is none to be
    had (no home folder: `env -i`, a user missing from the password file, ~nobody/x)."""
    try:
        override = os.environ.get(CACHE_ENV)
        if override:
            return Path(override).expanduser()
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("dartfit"))
    except (RuntimeError, OSError, KeyError, ValueError):
        return None
    # older platformdirs, with no home, answered "~/.cache/dartfit" (and XDG_CACHE_HOME=rel,
    # "rel/dartfit"): a folder made in whatever directory dartfit was started from
    return folder if folder.is_absolute() else None
