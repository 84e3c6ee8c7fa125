"""Reusable widgets: the chart, the HUD, the formula."""
