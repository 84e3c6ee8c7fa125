"""The player's saved progress: the model (best result wins) and the stores that keep it.

`model` holds the frozen records and every rule for changing and merging them; `codec` the
versioned JSON they are saved as; `store` the small interface every store offers the game;
`file_store` the store on disk, with `disk` its file-system parts. Never imports textual.
Import from here: the names below are the package's public face.
"""

from dartfit.progress.answers import LEARNED, AnswerRecord, Moment
from dartfit.progress.codec import CLASS_SETTING, LEVELS_ONLY, MAX_FILE_BYTES, SCHEMA
from dartfit.progress.file_store import (
    DATA_DIR_ENV,
    LOCK_TIMEOUT,
    PROGRESS_FILE,
    ProgressStore,
    default_data_dir,
)
from dartfit.progress.model import (
    MAX_INT,
    MAX_SETTING_DEPTH,
    MAX_SETTING_VALUES,
    SHOW_SQUARES,
    THEME,
    AwareDatetime,
    LevelRecord,
    LevelResult,
    Progress,
    flag,
)
from dartfit.progress.store import Change, LoadResult, SaveResult, Store

__all__ = [
    "CLASS_SETTING",
    "DATA_DIR_ENV",
    "LEARNED",
    "LEVELS_ONLY",
    "LOCK_TIMEOUT",
    "MAX_FILE_BYTES",
    "MAX_INT",
    "MAX_SETTING_DEPTH",
    "MAX_SETTING_VALUES",
    "PROGRESS_FILE",
    "SCHEMA",
    "SHOW_SQUARES",
    "THEME",
    "AnswerRecord",
    "AwareDatetime",
    "Change",
    "LevelRecord",
    "LevelResult",
    "LoadResult",
    "Moment",
    "Progress",
    "ProgressStore",
    "SaveResult",
    "Store",
    "default_data_dir",
    "flag",
]
