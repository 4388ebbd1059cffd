"""The case screen: `CaseWindow(ctx, case_id, parent)`; `CaseView` is the name the main window loads."""

from desktop.ui.case_view.case_window import CaseWindow

CaseView = CaseWindow

__all__ = ["CaseView", "CaseWindow"]
