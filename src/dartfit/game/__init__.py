"""Game state: frozen dataclasses and the pure moves that replace them (no user interface)."""
