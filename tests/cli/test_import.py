"""`poruch import`: bad rows reported by line number, good rows imported, edits by case id."""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from desktop.store import tables as t
from tests.cli.conftest import IMPORT_HEADER, synthetic_rows, write_csv


def _count(store, table, *where) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def _live_cases(store) -> int:
    return _count(store, t.records, t.records.c.type == "case", t.records.c.deleted == 0)


def _bad_checksum(rnokpp: str) -> str:
    return rnokpp[:9] + str((int(rnokpp[9]) + 1) % 10)


def test_thousand_rows_with_planted_bad_rows(poruch, open_store, tmp_path):
    rows = synthetic_rows(1000)
    future = date.today() + timedelta(days=30)
    # Row index i is file line i + 2 (the header is line 1).
    planted = {
        17: ("rnokpp", _bad_checksum(rows[17]["rnokpp"])),
        140: ("birth_date", "31.02.2020"),
        333: ("birth_date", f"{future:%d.%m.%Y}"),
        512: ("surname", ""),
        777: ("origin_katottg", "UA99999999999999999"),
        901: ("phone", "12-34"),
    }
    for i, (column, value) in planted.items():
        rows[i][column] = value
        if column == "birth_date":
            rows[i]["rnokpp"] = ""  # the number encodes the birth date: keep one problem per row
    path = write_csv(tmp_path / "list.csv", rows)

    started = time.perf_counter()
    code, out, _ = poruch("import", path)
    elapsed = time.perf_counter() - started
    print(f"\n1,000-row CSV import: {elapsed:.2f} s")

    assert code == 1  # some rows failed
    bad_lines = sorted(i + 2 for i in planted)
    reported = sorted({int(line.split(":")[0].split()[1]) for line in out.splitlines()
                       if line.startswith("рядок ") and "помилка" in line})
    assert reported == bad_lines
    assert "Прочитано рядків: 1000; імпортовано: 994;" in out
    assert "з помилками: 6;" in out
    for line, (column, code_word) in zip(bad_lines, [("rnokpp", "контрольної"), ("birth_date", "дд.мм.рррр"),
                                                       ("birth_date", "майбутньому"), ("surname", "Обов'язкове"),
                                                       ("origin_katottg", "кодифікаторі"),
                                                       ("phone", "телефону")], strict=True):
        assert any(ln.startswith(f"рядок {line}:") and f"«{column}»" in ln and code_word in ln
                   for ln in out.splitlines()), (line, column)

    # Nothing personal in the report: no name, RNOKPP, phone or certificate number of anybody.
    for row in rows:
        for key in ("surname", "rnokpp", "idp_certificate_number"):
            if len(row[key]) >= 4:
                assert row[key] not in out, key
        for phone in filter(None, row["phone"].split(", ")):
            assert phone[-7:] not in out

    store = open_store()
    assert _live_cases(store) == 994
    exported = tmp_path / "all.jsonl"
    code, _, _ = poruch("export", "--format", "jsonl", "--out", exported)
    assert code == 0
    docs = [json.loads(line) for line in exported.read_text("utf-8").splitlines()]
    assert len(docs) == 1000 - len(bad_lines)
    imported_rnokpp = {d["person"]["rnokpp"] for d in docs}
    expected = {r["rnokpp"] for i, r in enumerate(rows) if i not in planted}
    assert imported_rnokpp == expected


def test_semicolon_bom_and_ukrainian_headers(poruch, open_store, tmp_path):
    rows = synthetic_rows(5, seed=11)
    rows[0]["phone"] = "+380671234567; 050 123 45 67"  # several phones in one cell, ; inside quotes
    rows[1]["birth_date"] = "1980-07-15"
    rows[1]["rnokpp"] = ""
    names = {"surname": "Прізвище", "given_name": "Ім’я", "patronymic": "По-батькові", "birth_date": "Дата народження",
             "sex": "Стать", "rnokpp": "IПН", "phone": "Телефон", "origin_katottg": "КАТОТТГ походження",
             "current_katottg": "Код громади проживання", "idp_certificate_number": "Номер довідки ВПО",
             "idp_certificate_date": "Дата довідки ВПО", "category": "Категорія"}
    path = write_csv(tmp_path / "uk.csv", rows, delimiter=";", bom=True, names=names,
                     header=[*IMPORT_HEADER, "Примітка"])
    code, out, _ = poruch("import", path)
    assert code == 0, out
    assert "імпортовано: 5;" in out
    assert "ignored columns: «Примітка»" in out
    store = open_store()
    from desktop.services.reads import iter_cases

    with store.engine.connect() as conn:
        people = {b["person"][0]["rnokpp"] if b["person"][0].get("rnokpp") else "": b
                  for _, b in iter_cases(conn)}
    first = people[rows[0]["rnokpp"]]
    assert first["person"][0]["phones"] == ["+380671234567", "+380501234567"]
    assert first["person"][0]["surname"] == rows[0]["surname"]
    assert first["displacement"][0]["origin_katottg"] == rows[0]["origin_katottg"]
    assert people[""]["person"][0]["birth_date"] == "1980-07-15"


def test_xlsx_import_with_title_row_and_date_cells(poruch, open_store, tmp_path):
    from openpyxl import Workbook

    rows = synthetic_rows(4, seed=3)
    wb = Workbook()
    ws = wb.active
    ws.append(["Список ВПО станом на 01.09.2025"])  # a title above the header is common
    ws.append(["Прізвище", "Ім'я", "По батькові", "Дата народження", "Стать", "РНОКПП", "Телефон",
               "Дата довідки ВПО", "Категорія"])
    for i, r in enumerate(rows):
        born = datetime.strptime(r["birth_date"], "%d.%m.%Y")
        phone = int(r["phone"].split(",")[0][1:]) if r["phone"] else None  # a number cell, as Excel makes it
        cert_date = datetime.strptime(r["idp_certificate_date"], "%d.%m.%Y") if i != 2 else "31.02.2023"
        ws.append([r["surname"], r["given_name"], r["patronymic"], born, r["sex"], int(r["rnokpp"]), phone,
                   cert_date, "ВПО"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    code, out, _ = poruch("import", path)
    assert code == 1
    assert "рядок 5: помилка — «Дата довідки ВПО»" in out  # title 1, header 2, data 3..6
    assert "імпортовано: 3;" in out and "з помилками: 1;" in out
    store = open_store()
    from desktop.services.reads import iter_cases

    with store.engine.connect() as conn:
        births = sorted(b["person"][0]["birth_date"] for _, b in iter_cases(conn))
    assert births == sorted(datetime.strptime(r["birth_date"], "%d.%m.%Y").date().isoformat()
                            for i, r in enumerate(rows) if i != 2)


def test_update_by_id_changes_only_given_fields(poruch, open_store, tmp_path):
    rows = synthetic_rows(3, seed=5)
    code, out, _ = poruch("import", write_csv(tmp_path / "new.csv", rows))
    assert code == 0, out
    store = open_store()
    from desktop.services.reads import iter_cases

    with store.engine.connect() as conn:
        before = {b["person"][0]["rnokpp"]: (cid, b) for cid, b in iter_cases(conn)}
    outbox_before = _count(store, t.outbox)
    store.close()
    case_id, bundle = before[rows[0]["rnokpp"]]
    person_id = bundle["person"][0]["id"]
    # id + three columns: a new phone, an empty surname cell (no change), "-" in patronymic (clear).
    edit = tmp_path / "edit.csv"
    edit.write_text("id,surname,patronymic,phone\n"
                    f"{case_id},,-,+380931112233\n"
                    "01a00000-0000-7000-8000-000000000000,Іваненко,,\n", encoding="utf-8")
    code, out, _ = poruch("import", edit)
    assert code == 1  # the unknown id
    assert "рядок 3: помилка — «id»: справу з таким id не знайдено" in out
    assert "оновлено: 1;" in out

    store = open_store()
    from desktop.services.reads import load_case

    with store.engine.connect() as conn:
        after = load_case(conn, case_id)
        outbox = conn.execute(select(t.outbox.c.record_type, t.outbox.c.fields)
                              .where(t.outbox.c.seq > 0).order_by(t.outbox.c.seq)).all()
    person = after["person"][0]
    old = bundle["person"][0]
    assert person["phones"] == ["+380931112233"]
    assert person["surname"] == old["surname"]
    assert person.get("patronymic") is None
    assert {k: v for k, v in person.items() if k not in ("phones", "patronymic")} == \
        {k: v for k, v in old.items() if k not in ("phones", "patronymic")}
    assert after["displacement"] == bundle["displacement"] and after["case"] == bundle["case"]
    updates = [h for h in after["history"] if h["action"] == "update"]
    assert len(updates) == 1 and updates[0]["record_id"] == person_id
    assert updates[0]["fields"] == ["patronymic", "phones"] and updates[0]["user"] == "olena"
    pending = [(rt, json.loads(f)) for rt, f in outbox[outbox_before:]]
    assert ("person", {"patronymic": None, "phones": ["+380931112233"]}) in pending
    # The other cases were not touched.
    with store.engine.connect() as conn:
        for cid, b in before.values():
            if cid != case_id:
                assert load_case(conn, cid) == b


def test_update_that_breaks_validation_is_a_bad_row(poruch, open_store, tmp_path):
    code, _, _ = poruch("import", write_csv(tmp_path / "new.csv", synthetic_rows(2, seed=9)))
    assert code == 0
    store = open_store()
    from desktop.services.reads import iter_cases

    with store.engine.connect() as conn:
        ids = [cid for cid, _ in iter_cases(conn)]
    store.close()
    edit = tmp_path / "edit.csv"
    edit.write_text(f"id,surname,birth_date\n{ids[0]},-,\n{ids[1]},,01.01.2999\n", encoding="utf-8")
    code, out, _ = poruch("import", edit)
    assert code == 1
    assert "рядок 2: помилка — «surname»: Обов'язкове поле" in out
    assert "рядок 3: помилка — «birth_date»: Дата не може бути в майбутньому" in out
    assert "оновлено: 0;" in out


def test_dry_run_saves_nothing(poruch, open_store, tmp_path):
    code, out, _ = poruch("import", write_csv(tmp_path / "a.csv", synthetic_rows(10)), "--dry-run")
    assert code == 0
    assert "нічого не збережено" in out and "було б імпортовано: 10;" in out
    assert _live_cases(open_store()) == 0


def test_reimport_skips_registered_people(poruch, open_store, tmp_path):
    rows = synthetic_rows(6, seed=21)
    rows.append(dict(rows[0]))  # the same person twice in one file
    path = write_csv(tmp_path / "a.csv", rows)
    code, out, _ = poruch("import", path)
    assert code == 1
    assert "рядок 8: пропущено — «rnokpp»: той самий РНОКПП, що в рядку 2" in out
    assert "імпортовано: 6;" in out
    code, out, _ = poruch("import", path)
    assert code == 1
    assert "імпортовано: 0;" in out and "пропущено (вже зареєстровані): 7;" in out
    assert out.count("уже зареєстровано (справа ") == 7
    code, out, _ = poruch("import", path, "--allow-duplicates")
    assert code == 0 and "імпортовано: 7;" in out
    assert _live_cases(open_store()) == 13


def test_report_file_and_file_level_errors(poruch, tmp_path):
    rows = synthetic_rows(3, seed=2)
    rows[1]["sex"] = "невідомо"
    report = tmp_path / "report.csv"
    code, _, _ = poruch("import", write_csv(tmp_path / "a.csv", rows), "--report", report)
    assert code == 1
    text = report.read_text("utf-8-sig")
    assert text.splitlines()[0] == "аркуш,рядок,рівень,колонка,повідомлення"
    assert ",3,помилка,sex,Неприпустиме значення" in text
    assert rows[1]["surname"] not in text

    no_names = tmp_path / "b.csv"
    no_names.write_text("телефон,стать\n0671234567,ч\n", encoding="utf-8")
    code, _, err = poruch("import", no_names)
    assert code == 1 and "Не вказано обов'язкових колонок" in err and "Nothing was imported" in err
    code, _, err = poruch("import", tmp_path / "missing.csv")
    assert code == 1 and "Файл не знайдено" in err


def test_possible_duplicate_without_rnokpp_is_imported_with_a_warning(poruch, tmp_path):
    import pytest

    pytest.importorskip("desktop.services.search")
    rows = synthetic_rows(3, seed=13)
    assert poruch("import", write_csv(tmp_path / "a.csv", rows))[0] == 0
    again = dict(rows[1], rnokpp="", idp_certificate_number="", phone="")  # same name and birth date only
    code, out, _ = poruch("import", write_csv(tmp_path / "b.csv", [again]))
    assert code == 0 and "імпортовано: 1;" in out
    assert "рядок 2: попередження — можливо, ця особа вже є у справі" in out and "імпортовано, перевірте" in out
    assert "Схоже ім'я і та сама дата народження" in out
