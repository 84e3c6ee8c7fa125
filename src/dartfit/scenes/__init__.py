"""Scenes: pure functions that draw the game's pictures into a Raster, one per file."""
