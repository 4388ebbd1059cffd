"""The meanings an import column can be given, as the wizard shows them, in the interface's language.

The labels are the Qt-free importer's (desktop/services/import_columns.py, Ukrainian); they are
listed here once, marked for translation (context "import_columns"), so the English interface shows
them in English. A label missing here is shown as the importer wrote it.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.services.import_columns import column_for_target

LABELS = (
    QT_TRANSLATE_NOOP("import_columns", "id справи"),
    QT_TRANSLATE_NOOP("import_columns", "ПІБ"),
    QT_TRANSLATE_NOOP("import_columns", "ПІБ члена домогосподарства"),
    QT_TRANSLATE_NOOP("import_columns", "РНОКПП"),
    QT_TRANSLATE_NOOP("import_columns", "УНЗР"),
    QT_TRANSLATE_NOOP("import_columns", "адреса походження"),
    QT_TRANSLATE_NOOP("import_columns", "адреса проживання"),
    QT_TRANSLATE_NOOP("import_columns", "вразливості"),
    QT_TRANSLATE_NOOP("import_columns", "відмова від РНОКПП"),
    QT_TRANSLATE_NOOP("import_columns", "відповідальний"),
    QT_TRANSLATE_NOOP("import_columns", "дата довідки ВПО"),
    QT_TRANSLATE_NOOP("import_columns", "дата народження"),
    QT_TRANSLATE_NOOP("import_columns", "дата переміщення"),
    QT_TRANSLATE_NOOP("import_columns", "електронна пошта"),
    QT_TRANSLATE_NOOP("import_columns", "етап"),
    QT_TRANSLATE_NOOP("import_columns", "етап переміщення"),
    QT_TRANSLATE_NOOP("import_columns", "категорія"),
    QT_TRANSLATE_NOOP("import_columns", "ключ рядка"),
    QT_TRANSLATE_NOOP("import_columns", "код КАТОТТГ походження"),
    QT_TRANSLATE_NOOP("import_columns", "код КАТОТТГ проживання"),
    QT_TRANSLATE_NOOP("import_columns", "місце походження"),
    QT_TRANSLATE_NOOP("import_columns", "місце проживання"),
    QT_TRANSLATE_NOOP("import_columns", "номер довідки ВПО"),
    QT_TRANSLATE_NOOP("import_columns", "по батькові"),
    QT_TRANSLATE_NOOP("import_columns", "прізвище"),
    QT_TRANSLATE_NOOP("import_columns", "родинний зв'язок"),
    QT_TRANSLATE_NOOP("import_columns", "склад домогосподарства"),
    QT_TRANSLATE_NOOP("import_columns", "статус довідки ВПО"),
    QT_TRANSLATE_NOOP("import_columns", "статус справи"),
    QT_TRANSLATE_NOOP("import_columns", "стать"),
    QT_TRANSLATE_NOOP("import_columns", "телефон"),
    QT_TRANSLATE_NOOP("import_columns", "ім'я"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("import_columns", text)


def target_label(target: str, members: bool = False) -> str:
    """"прізвище", or "член домогосподарства 2: дата народження", translated."""
    column, group = column_for_target(target, "members" if members else "main")
    if group:
        return _tr("член домогосподарства %1: %2").replace("%1", str(group)).replace("%2", _tr(column.label))
    return _tr(column.label)


_MEMBER_PREFIX = QT_TRANSLATE_NOOP("import_columns", "член домогосподарства %1: %2")
