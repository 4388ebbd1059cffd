"""check_structure, the server's check of every pushed change: each field kind, empty and unknown fields."""

from __future__ import annotations

import pytest

from sync.records.schema import FieldSpec, RecordType
from sync.records.validation import check_structure

TYPE = RecordType("sample", {
    "name": FieldSpec("text", required=True, max_length=5),
    "born": FieldSpec("date"),
    "seen_at": FieldSpec("datetime"),
    "active": FieldSpec("bool"),
    "count": FieldSpec("int"),
    "stage": FieldSpec("choice", choices=("open", "closed")),
    "tags": FieldSpec("list"),
    "needs": FieldSpec("multichoice", choices=("housing", "food")),
    "extra": FieldSpec("json"),
})


@pytest.mark.parametrize("field, value, code", [
    ("name", "Олена", None), ("name", "Олександра", "text_too_long"), ("name", 5, "invalid_value"),
    ("name", "a\x00b", "invalid_value"), ("name", "", "required"), ("name", None, "required"),
    ("born", "1985-03-02", None), ("born", "02.03.1985", "invalid_date"), ("born", "1985-02-30", "invalid_date"),
    ("born", 1985, "invalid_date"), ("born", "", None),
    ("seen_at", "2026-11-28T04:00:00Z", None), ("seen_at", "вчора", "invalid_date"),
    ("active", True, None), ("active", 1, "invalid_value"),
    ("count", 3, None), ("count", True, "invalid_value"), ("count", "3", "invalid_value"),
    ("stage", "open", None), ("stage", "archived", "invalid_choice"),
    ("tags", ["a", "b"], None), ("tags", ["a", 1], "invalid_value"), ("tags", "a", "invalid_value"), ("tags", [], None),
    ("needs", ["food"], None), ("needs", ["food", "cars"], "invalid_choice"), ("needs", [1], "invalid_value"),
    ("extra", {"any": ["thing"]}, None),
    ("unknown", "x", "unknown_field"),
])
def test_each_kind_of_field(field, value, code):
    issues = check_structure(TYPE, {field: value}, complete=False)
    assert [(i.field, i.code) for i in issues] == ([(field, code)] if code else [])


def test_complete_demands_every_required_field_and_names_the_limit():
    assert [(i.field, i.code) for i in check_structure(TYPE, {"born": "1985-03-02"}, complete=True)] == \
        [("name", "required")]
    too_long = check_structure(TYPE, {"name": "Олександра"}, complete=True)
    assert too_long[0].params == {"max": "5"}
