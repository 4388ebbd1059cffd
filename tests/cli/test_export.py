"""`poruch export`: deterministic jsonl without device-local fields; csv/xlsx that import back unchanged."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

from sqlalchemy import func, select, update

from desktop.store import tables as t
from desktop.store.database import writing
from desktop.store.store import unlock_store
from tests.cli.conftest import PASSWORD, synthetic_rows, write_csv


def _populate(poruch, open_store, tmp_path, n=40):
    """Cases from an import, plus assessments, journal entries and tasks on some of them."""
    code, out, _ = poruch("import", write_csv(tmp_path / "seed.csv", synthetic_rows(n, seed=31)))
    assert code == 0, out
    store = open_store()
    from desktop.services.cases import CaseService
    from desktop.services.reads import iter_cases

    service = CaseService(store)
    with store.engine.connect() as conn:
        ids = [cid for cid, _ in iter_cases(conn)]
    for i, cid in enumerate(ids[::5]):
        service.add("assessment", cid, {"assessed_on": f"2025-03-0{i % 9 + 1}", "housing": "high",
                                        "income_employment": "high"})
        service.add("journal_entry", cid, {"kind": "call", "text": "Дзвінок щодо житла"})
        service.add("task", cid, {"title": "Перевірити документи", "due_date": "2025-04-01"})
        service.add("household_member", cid, {"given_name": "Марія", "relationship": "child",
                                              "birth_date": "2015-06-01"})
    store.close()
    return ids


def _snapshot(store):
    with store.engine.connect() as conn:
        return {
            "outbox": conn.execute(select(func.count()).select_from(t.outbox)).scalar(),
            "records": conn.execute(select(t.records.c.id, t.records.c.data).order_by(t.records.c.id)).all(),
        }


def test_jsonl_is_identical_on_a_device_with_different_local_state(poruch, open_store, tmp_path):
    ids = _populate(poruch, open_store, tmp_path)
    first = tmp_path / "a.jsonl"
    assert poruch("export", "--format", "jsonl", "--out", first)[0] == 0
    again = tmp_path / "a2.jsonl"
    assert poruch("export", "--out", again)[0] == 0  # format from the suffix
    assert first.read_bytes() == again.read_bytes()

    # "Another device" with the same data: a copy of the store whose device-local state differs
    # (as after a sync: server sequence numbers and hashes set, outbox drained, other local
    # timestamps, case list rebuilt in another order, another device id).
    other_dir = tmp_path / "other"
    shutil.copytree(poruch.data_dir, other_dir)
    other = unlock_store(other_dir, "olena", PASSWORD)
    with writing(other.engine) as conn, conn.begin():
        conn.execute(update(t.records).values(server_seq=t.records.c.server_seq + 977,
                                              server_share=-12345, updated_at=t.records.c.updated_at * 3 + 1))
        conn.execute(t.outbox.delete())
        conn.execute(update(t.case_index).values(updated_at=5, priority_rank=0))
        other.set_meta("device_id", "another-device", conn)
        other.set_meta("cursor", 12345, conn)
    from desktop.services.exporter import write_jsonl

    with open(tmp_path / "b.jsonl", "wb") as f:
        assert write_jsonl(other.engine, f) == len(ids)
    other.close()
    assert (tmp_path / "b.jsonl").read_bytes() == first.read_bytes()

    lines = first.read_text("utf-8").splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["case_id"] for d in docs] == sorted(ids)
    assert all(line == json.dumps(d, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
               for line, d in zip(lines, docs, strict=True))
    text = first.read_text("utf-8")
    for local in ("server_seq", "server_share", "updated_at", "outbox", "base_seq", "hlc", "priority_rank"):
        assert local not in text
    full = next(d for d in docs if d["assessment"])
    assert set(full) >= {"case_id", "case", "person", "displacement", "household_member", "assessment", "goal",
                         "service", "journal_entry", "task", "attachment", "history", "conflict"}
    assert full["case"]["id"] == full["case_id"] and full["journal_entry"][0]["text"] == "Дзвінок щодо житла"
    assert full["household_member"][0]["given_name"] == "Марія"


def test_jsonl_and_csv_to_stdout(poruch, open_store, tmp_path):
    _populate(poruch, open_store, tmp_path, n=5)
    code, out, _ = poruch("export", "--format", "jsonl")
    assert code == 0 and len(out.splitlines()) == 5
    code, out, _ = poruch("export", "--format", "csv")
    assert code == 0 and not out.startswith("\ufeff")  # no BOM on a pipe
    assert out.splitlines()[0].startswith("id,surname,given_name,patronymic,surname_latin,given_name_latin,")
    assert len(out.splitlines()) == 6
    code, _, err = poruch("export", "--format", "xlsx")
    assert code == 2 and "--out" in err


def test_csv_export_reimported_with_ids_changes_nothing(poruch, open_store, tmp_path):
    _populate(poruch, open_store, tmp_path)
    exported = tmp_path / "cases.csv"
    assert poruch("export", "--format", "csv", "--out", exported)[0] == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM in a file: Excel reads it as UTF-8
    header = exported.read_text("utf-8-sig").splitlines()[0].split(",")
    row = dict(zip(header, exported.read_text("utf-8-sig").splitlines()[1].split(","), strict=False))
    assert row["surname_latin"] and row["priority"] in ("none", "critical")
    assert len(row["birth_date"]) == 10 and row["birth_date"][2] == "."
    before = _snapshot(open_store())
    code, out, _ = poruch("import", exported)
    assert code == 0, out
    assert "оновлено: 0; без змін: 40;" in out
    assert "«surname_latin», «given_name_latin», «priority»" in out  # derived columns, said so
    assert _snapshot(open_store()) == before


def test_xlsx_export_layout_and_round_trip(poruch, open_store, tmp_path):
    from openpyxl import load_workbook

    ids = _populate(poruch, open_store, tmp_path, n=12)
    path = tmp_path / "cases.xlsx"
    code, _, err = poruch("export", "--format", "xlsx", "--out", path)
    assert code == 0 and "12" in err
    wb = load_workbook(path)
    ws = wb.active
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:4] == ["id", "surname", "given_name", "patronymic"] and ws["A1"].font.bold
    assert ws.column_dimensions["A"].width >= 36
    birth = ws.cell(row=2, column=header.index("birth_date") + 1)
    assert isinstance(birth.value, datetime | date) and birth.number_format == "DD.MM.YYYY"
    assert sorted(ws.cell(row=r, column=1).value for r in range(2, 14)) == sorted(ids)
    wb.close()
    before = _snapshot(open_store())
    code, out, _ = poruch("import", path)
    assert code == 0 and "без змін: 12;" in out, out
    assert _snapshot(open_store()) == before


def test_edited_export_changes_exactly_the_edited_cells(poruch, open_store, tmp_path):
    import csv

    _populate(poruch, open_store, tmp_path, n=8)
    exported = tmp_path / "cases.csv"
    assert poruch("export", "--format", "csv", "--out", exported)[0] == 0
    with open(exported, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[3]["status"] = "активна"
    rows[5]["current_katottg"] = rows[0]["origin_katottg"]
    edited = tmp_path / "edited.csv"
    with open(edited, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    code, out, _ = poruch("import", edited)
    assert code == 0 and "оновлено: 2; без змін: 6;" in out, out
    store = open_store()
    from desktop.services.reads import load_case

    with store.engine.connect() as conn:
        assert load_case(conn, rows[3]["id"])["case"][0]["status"] == "active"
        assert load_case(conn, rows[5]["id"])["displacement"][0]["current_katottg"] == rows[0]["origin_katottg"]
