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


REQUIRED = RecordType("required", {
    "name": FieldSpec("text", required=True), "born": FieldSpec("date", required=True),
    "stage": FieldSpec("choice", required=True, choices=("open", "closed")), "tags": FieldSpec("list", required=True),
    "needs": FieldSpec("multichoice", required=True, choices=("food",)), "count": FieldSpec("int", required=True),
    "active": FieldSpec("bool", required=True), "seen_at": FieldSpec("datetime", required=True),
    "extra": FieldSpec("json", required=True),
})
ODD = [{}, 0, False, 0.0, ["open"], "open"]  # not empty: each checked by the field's kind
IV, IC, ID = "invalid_value", "invalid_choice", "invalid_date"
ODD_CODES = {"name": [IV, IV, IV, IV, IV, None], "born": [ID] * 6, "stage": [IC, IC, IC, IC, IC, None],
             "tags": [IV, IV, IV, IV, None, IV], "needs": [IV, IV, IV, IV, IC, IV],
             "count": [IV, None, IV, IV, IV, IV], "active": [IV, IV, None, IV, IV, IV], "seen_at": [ID] * 6,
             "extra": [None] * 6}


@pytest.mark.parametrize("field", list(REQUIRED.fields))
def test_an_empty_value_is_required_or_nothing_and_any_other_is_checked_by_kind(field):
    """None, "" and [] are empty in every kind of field: refused as "required" where the field is, accepted where
    it is not. Any other value, falsy or of another type, gets its kind's verdict, required or not."""
    spec = REQUIRED.fields[field]
    optional = RecordType("optional", {field: FieldSpec(spec.kind, choices=spec.choices)})

    def codes(rtype, value):
        return [i.code for i in check_structure(rtype, {field: value}, complete=False)]

    for value in (None, "", []):
        assert (codes(REQUIRED, value), codes(optional, value)) == (["required"], []), value
    for value, code in zip(ODD, ODD_CODES[field], strict=True):
        assert codes(REQUIRED, value) == codes(optional, value) == ([code] if code else []), value


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


def test_no_printable_character_is_one_the_checks_refuse():
    """Text checks pass a printable value without searching it (sync.records.validation._clean): sound only if
    no printable code point is one the expressions refuse, in the Unicode data of this Python."""
    import sys

    from sync.records.validation import _BAD_MULTILINE, _BAD_ONE_LINE

    printable = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isprintable())
    assert _BAD_ONE_LINE.search(printable) is None and _BAD_MULTILINE.search(printable) is None
    assert not "\t".isprintable() and not "\x85".isprintable() and not "\ud800".isprintable()
