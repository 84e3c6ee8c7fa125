"""The environment a class host sets for each student's game, apart from the class store
itself: a game started without it (every local game) never loads sqlite3."""

from __future__ import annotations

CLASS_DB = "class.db"
"""The class database a host keeps in its folder."""
CLASS_LIST = "a class list"
"""What a class database is, in words (`wrong_kind`: "a pipe, not a class list")."""
CLASS_DB_ENV = "DARTFIT_CLASS_DB"
PLAYER_ENV = "DARTFIT_PLAYER"
GAME_ENV = "DARTFIT_GAME"
"""Set by the host for each student's game: the class database, the student's name, and the
game's own token (its seat), so the board tells two windows of one student apart."""
