"""The core's array type, and results made read-only so a frozen dataclass stays frozen."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def frozen(array: FloatArray) -> FloatArray:
    """Return the array marked read-only, so a frozen result can't be changed in place."""
    array.flags.writeable = False
    return array
