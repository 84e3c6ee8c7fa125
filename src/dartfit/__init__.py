"""dartfit: a terminal game and tutor for understanding Mean Squared Error."""

__version__ = "0.1.0"
