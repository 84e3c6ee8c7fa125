"""Pictures: pure functions that draw what a screen shows into a character Raster (or
describe a plotext chart as a Figure), one file per picture; no user interface here.

A picture may keep a cache of numbers derived from its data (`fit.Density` bins a million
points once); the cache never changes what is drawn, only how fast.
"""
