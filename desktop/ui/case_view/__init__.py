"""The case screen: `CaseWindow(ctx, case_id, parent)` (case_window.py) and its tabs."""
