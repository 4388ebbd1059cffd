"""The case list, tasks and search are made of the fields projection.LISTED_FIELDS names, and no others:
a pulled edit that changes none of them is not projected again (StoreReplica.apply_page)."""

from __future__ import annotations

import json
from collections import defaultdict

from desktop.services.synthetic import populate
from desktop.store import tables as t
from desktop.store.projection import LISTED_FIELDS, PROJECTED_TYPES, _project, listed_fields_equal
from sync.records.schema import RECORD_TYPES

EVERY_FIELD = "*every field*"


class _Reads(dict):
    """A record's fields that notes which of them are read."""

    def __init__(self, fields: dict, seen: set[str]):
        super().__init__(fields)
        self.seen = seen

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.seen.add(key)
        return super().__contains__(key)


def _reading_every_field(name: str):
    def method(self, *args):
        self.seen.add(EVERY_FIELD)
        return getattr(dict, name)(self, *args)
    return method


for _name in ("keys", "items", "values", "__iter__"):  # a walk over all fields reads every one
    setattr(_Reads, _name, _reading_every_field(_name))


def test_the_lists_read_only_the_listed_fields(store, cases):
    populate(cases, 40, seed=11)  # the whole synthetic caseload: households, needs, tasks, displacement
    with store.engine.connect() as conn:
        rows = conn.execute(t.records.select().where(t.records.c.type.in_(PROJECTED_TYPES))).all()
    seen: dict[str, set[str]] = {rtype: set() for rtype in PROJECTED_TYPES}
    by_case: dict = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_case[row.case_id][row.type].append((row.id, _Reads(json.loads(row.data), seen[row.type]), row.updated_at))
    case_rows, task_rows, term_rows = _project(sorted(by_case), by_case, lambda code: False)
    assert len(case_rows) == 40 and task_rows and term_rows  # every branch had something to read
    for rtype in PROJECTED_TYPES:
        assert seen[rtype] <= set(LISTED_FIELDS[rtype]), rtype
        assert seen[rtype], rtype


def test_listed_fields_are_fields_of_their_types():
    for rtype, names in LISTED_FIELDS.items():
        assert set(names) <= set(RECORD_TYPES[rtype].fields), rtype


def test_two_versions_list_alike_only_when_every_listed_field_is_equal_and_of_the_same_type():
    person = {"surname": "Шевченко", "given_name": "Олена", "phones": ["+380501234567"], "notes": "a"}
    same = json.dumps({**person, "notes": "b", "address": "вул. Січова, 3"}, ensure_ascii=False)
    assert listed_fields_equal("person", json.dumps(person, ensure_ascii=False), same)
    for change in ({"surname": "Шевчук"}, {"phones": ["+380501234568"]}, {"rnokpp": "3012345678"},
                   {"given_name": None}):
        changed = json.dumps({**person, **change}, ensure_ascii=False)
        assert not listed_fields_equal("person", json.dumps(person, ensure_ascii=False), changed), change
    assert not listed_fields_equal("task", '{"done": 1}', '{"done": true}')
    assert not listed_fields_equal("task", '{"done": false}', "{}")
