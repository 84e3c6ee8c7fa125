"""Level files: TOML in, typed and frozen Level objects out; LevelError names file and key.

One idea a module: `raw` reads the TOML within limits and mends it, `convert` turns it into
the schema of `spec` reporting every problem, `rules` checks what spans keys, `points` makes
a level's points on first use, `level` is the loaded Level, `load` reads files and folders,
and `sandbox` makes a level from the player's own data. Importing this package never loads
numpy.
"""

from dartfit.levels.errors import LevelError
from dartfit.levels.level import Level, per_level
from dartfit.levels.load import (
    LevelReport,
    default_levels_dir,
    find_level,
    inspect_level,
    kept_apart,
    level_files,
    load_level,
    load_levels,
    reused_id,
)
from dartfit.levels.sandbox import sandbox_level
from dartfit.levels.spec import (
    ENDLESS_ID,
    MAX_THROWS,
    SANDBOX_ID,
    SCHEMA_VERSION,
    TABLES,
    Controls,
    Darts,
    Data,
    Descent,
    Generator,
    Guess,
    LevelSpec,
    Likelihood,
    Model,
    Models,
    Outlier,
    Stars,
    Start,
    Target,
)

__all__ = [
    "ENDLESS_ID",
    "MAX_THROWS",
    "SANDBOX_ID",
    "SCHEMA_VERSION",
    "TABLES",
    "Controls",
    "Darts",
    "Data",
    "Descent",
    "Generator",
    "Guess",
    "Level",
    "LevelError",
    "LevelReport",
    "LevelSpec",
    "Likelihood",
    "Model",
    "Models",
    "Outlier",
    "Stars",
    "Start",
    "Target",
    "default_levels_dir",
    "find_level",
    "inspect_level",
    "kept_apart",
    "level_files",
    "load_level",
    "load_levels",
    "per_level",
    "reused_id",
    "sandbox_level",
]
