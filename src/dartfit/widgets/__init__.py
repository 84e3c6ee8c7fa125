"""Reusable widgets: one row-diffing renderer (`rows.RowView`) with its two pictures (the
character chart `canvas.CanvasView` and the plotext chart `plot.PlotView`), the HUD's
`lines_panel.LinesPanel`, the `title_bar.TitleBar`, `pair.ChartPair` (two charts that stand
side by side when stacked they would be too short) and `prose.Prose` (text wrapped at plain
spaces only)."""
