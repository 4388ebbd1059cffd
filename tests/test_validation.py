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
    ("name", "a\x00b", "invalid_characters"), ("name", "", "required"), ("name", None, "required"),
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


@pytest.mark.parametrize("rtype, fields, code", [
    ("person", {"surname": "Ко\udc00"}, "invalid_characters"),        # a lone surrogate
    ("person", {"surname": "Ко\tв"}, "invalid_characters"),           # a tab in a one-line field
    ("person", {"surname": "Ко\x85в"}, "invalid_characters"),         # a C1 control
    ("person", {"notes": "рядок\n\tдругий"}, None),                   # notes are multi-line
    ("person", {"notes": "рядок\x00"}, "invalid_characters"),
    ("person", {"phones": ["+380671234567"] * 11}, "too_many_items"),
    ("person", {"phones": ["1" * 31]}, "item_too_long"),
    ("person", {"languages": ["uk\n"]}, "invalid_characters"),
    ("attachment", {"size": 10**30}, "out_of_range"),
    ("attachment", {"size": -1}, "out_of_range"),
    ("attachment", {"size": 2**40}, None),
    ("journal_entry", {"occurred_at": "2026-01-01T10:00:00" + "0" * 100}, "invalid_date"),
])
def test_the_shared_schema_bounds_every_kind(rtype, fields, code):
    """The same limits on the laptop (before a save) and on the server (every pushed change)."""
    from sync.records.schema import record_type

    issues = check_structure(record_type(rtype), fields, complete=False)
    assert [i.code for i in issues] == ([code] if code else [])
    if code:
        assert issues[0].message("en") != code  # a message in words, for the form


@pytest.mark.parametrize("person, code", [
    ({"surname": "Коваленко\udc00"}, "invalid_characters"),
    ({"given_name": "Оксана\tМарія"}, "invalid_characters"),
    ({"languages": ["українська"] * 21}, "too_many_items"),
])
def test_the_laptop_refuses_before_saving_what_the_server_would_refuse(cases, person, code):
    from desktop.services.synthetic import generate_registrations
    from sync.records.issues import ValidationError

    reg = generate_registrations(1, seed=7)[0]
    reg.person.update(person)
    with pytest.raises(ValidationError) as refused:
        cases.register(reg)
    assert code in {i.code for i in refused.value.errors}
