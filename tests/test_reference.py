"""Reference data layer, on the real shipped files (no mocks)."""

from __future__ import annotations

import csv
import time
from datetime import date
from pathlib import Path

import pytest

from sync.reference import (
    Codifier,
    Unit,
    get_codifier,
    get_hostilities_list,
    install_edition,
    installed_path,
    is_valid_code_format,
    parse_exceptions,
)
from sync.reference.hostilities import PACKAGED_FILE
from sync.resources import reference_dir

DONETSKA = "UA14000000000091971"
BAKHMUT_RAION = "UA14020000000013572"
BAKHMUT = "UA14020010010059145"
KYIV = "UA80000000000093317"
HOLOSIIVSKYI = "UA80000000000126643"
MYRIVSKA_HROMADA = "UA12080030000022466"  # possible hostilities "за винятком с. Вищетарасівка"
VYSHCHETARASIVKA = "UA12080030040092116"
MYROVE = "UA12080030010018520"
BLAHOVISHCHENSKA_HROMADA = "UA23040010000033945"  # occupied since 02.03.2022
HURTOVE = "UA23040010020011529"  # a village of that hromada, not listed on its own
LVIV_VILLAGE = "UA46060250020038547"  # м. Винники, Lviv: not on the list

PACKAGED = reference_dir() / PACKAGED_FILE


@pytest.fixture(scope="module")
def cod() -> Codifier:
    return get_codifier()


# -- codifier -----------------------------------------------------------------------------------

def test_code_to_unit(cod):
    unit = cod.get(BAKHMUT)
    assert unit is not None
    assert (unit.name, unit.level, unit.category) == ("Бахмут", 4, "M")
    assert BAKHMUT in cod and "UA00000000000000000" not in cod
    assert cod.get("UA00000000000000000") is None
    assert len(cod) == 31_744


def test_parents_and_path(cod):
    assert [u.code for u in cod.parents(BAKHMUT)] == [DONETSKA, BAKHMUT_RAION, cod.get(BAKHMUT).parent_code]
    assert [u.level for u in cod.path(BAKHMUT)] == [1, 2, 3, 4]
    assert cod.parents(DONETSKA) == []
    assert cod.path("UA00000000000000000") == []


def test_children_of_oblast_are_its_raions(cod):
    raions = cod.children(DONETSKA)
    assert {u.category for u in raions} == {"P"}
    names = [u.name for u in raions]
    assert {"Бахмутський", "Покровський", "Маріупольський"} <= set(names)
    assert all(u.parent_code == DONETSKA for u in raions)


def _index(names: list[str], name: str) -> int:
    return names.index(name)


def test_children_in_ukrainian_order(cod):
    # Code-point order would put Ґ after Я and Є, І, Ї before А; Ukrainian order does not.
    zvenyhorodska = [u.name for u in cod.children("UA71020130000086047")]
    assert _index(zvenyhorodska, "Гусакове") < _index(zvenyhorodska, "Ґудзівка") < _index(zvenyhorodska, "Звенигородка")
    berezanska = [u.name for u in cod.children("UA48060010000061913")]
    assert _index(berezanska, "Елеваторне") < _index(berezanska, "Єлизаветівка")
    assert berezanska[0].startswith("А")
    poltavska = [u.name for u in cod.children("UA53080370000025447")]
    assert _index(poltavska, "Івашки") < _index(poltavska, "Їжаківка")
    regions = [u.name for u in cod.regions()]
    # И before І (Київська before Кіровоградська); І after З, not first.
    assert regions[0] == "Автономна Республіка Крим"
    assert _index(regions, "Запорізька") < _index(regions, "Івано-Франківська") < _index(regions, "Київ")
    assert _index(regions, "Київ") < _index(regions, "Київська") < _index(regions, "Кіровоградська")


def test_27_regions(cod):
    regions = cod.regions()
    assert len(regions) == 27
    assert {u.category for u in regions} == {"O", "K"}
    assert cod.children(None) == regions
    assert {"Київ", "Севастополь"} <= {u.name for u in regions}


def test_labels(cod):
    assert cod.label(BAKHMUT) == "м. Бахмут, Бахмутський р-н, Донецька обл."
    assert cod.label(HURTOVE) == "с. Гуртове, Василівський р-н, Запорізька обл."
    assert cod.label(MYRIVSKA_HROMADA) == "Мирівська громада, Нікопольський р-н, Дніпропетровська обл."
    assert cod.label(BAKHMUT_RAION) == "Бахмутський р-н, Донецька обл."
    assert cod.label(DONETSKA) == "Донецька обл."
    assert cod.label("UA01000000000013043") == "АР Крим"
    assert cod.label(KYIV) == "м. Київ"
    assert cod.label("nonsense") == "nonsense"


def test_kyiv_districts_parent_is_the_city(cod):
    district = cod.get(HOLOSIIVSKYI)
    assert (district.category, district.parent_code) == ("B", KYIV)
    assert [u.code for u in cod.parents(HOLOSIIVSKYI)] == [KYIV]
    assert {u.category for u in cod.children(KYIV)} == {"B"}
    assert len(cod.children(KYIV)) == 10
    assert cod.label(HOLOSIIVSKYI) == "Голосіївський р-н, м. Київ"


def test_search_prefix_first_then_substring(cod):
    found = cod.search("бахм")
    assert found[0].name.startswith("Бахм")
    assert BAKHMUT in [u.code for u in found]
    assert all(u.level == 4 for u in found)
    found = cod.search("ківка", limit=20)  # only substring hits exist
    assert len(found) == 20 and all("ківка" in u.name.lower() for u in found)
    mixed = cod.search("кам’ян", limit=200)
    is_prefix = [u.name.lower().startswith("кам’ян") for u in mixed]
    assert is_prefix[0] and not is_prefix[-1]
    assert is_prefix == sorted(is_prefix, reverse=True)  # every prefix hit before any substring hit
    assert cod.search("") == [] and cod.search("   ") == []
    assert cod.search("zzzz") == []


def test_search_apostrophe_and_case_insensitive(cod):
    names = {u.name for u in cod.search("БІЛОКАМ'ЯН")}  # ASCII apostrophe, codifier uses U+2019
    assert "Білокам’яне" in names
    assert {u.name for u in cod.search("білокам`ян")} == names
    assert {u.name for u in cod.search("білокамян")} == names


def test_search_levels(cod):
    assert [u.code for u in cod.search("голосіїв", levels=(5,))] == [HOLOSIIVSKYI]
    hromadas = cod.search("мирівськ", levels=(3,))
    assert MYRIVSKA_HROMADA in [u.code for u in hromadas]


def test_search_is_fast(cod):
    cod.warm_up()
    queries = ["а", "о", "ка", "нов", "олександрівка", "кам'ян", "ськ", "біла церква", "ів", "zz"]
    # CPU time of this thread, not wall-clock: other tests run beside this one (the suite is parallel).
    start = time.thread_time()
    for _ in range(10):
        for q in queries:
            cod.search(q)
    per_query_ms = (time.thread_time() - start) * 1000 / (10 * len(queries))
    assert per_query_ms < 5


def test_code_format():
    assert is_valid_code_format(BAKHMUT)
    assert not is_valid_code_format("UA1402001001005914")  # 16 digits
    assert not is_valid_code_format("UA140201100200772055")  # 18 digits (a typo in the list)
    assert not is_valid_code_format("ua14020010010059145")
    assert not is_valid_code_format("UA１４020010010059145")  # full-width digits
    assert not is_valid_code_format(None)


def test_quoted_csv_parses_like_the_lean_path(tmp_path, cod):
    src = (reference_dir() / "katottg.csv").read_text(encoding="utf-8").splitlines()[:400]
    rows = list(csv.reader(src))
    out = tmp_path / "quoted.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)
    small = Codifier.from_csv(out)
    assert len(small) == 399
    for code in (r[0] for r in rows[1:]):
        assert small.get(code) == cod.get(code)


# -- hostilities --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hl():
    return get_hostilities_list()


def test_packaged_list_loads(hl):
    assert len(hl) == 3018
    assert "376" in hl.edition and "3018" in hl.edition and hl.sha256[:12] in hl.edition
    # Two rows have an end date but no start date; they are kept and reported, not fatal.
    assert any(w.startswith("line 471:") for w in hl.warnings)


def test_settlement_covered_through_its_occupied_hromada(hl, cod):
    listings = hl.listings_for(HURTOVE, cod)
    assert [x.code for x in listings] == [BLAHOVISHCHENSKA_HROMADA]
    listing = listings[0]
    assert listing.subsection == "occupied" and listing.section == "II_occupied"
    assert listing.subsection_label == "тимчасово окуповані Російською Федерацією території"
    assert listing.subsection_label_en.startswith("territories temporarily occupied")
    assert listing.since == date(2022, 3, 2)
    assert listing.is_current(date(2026, 1, 1)) and listing.is_current()
    assert not listing.is_current(date(2022, 3, 1))
    assert hl.current_for(HURTOVE, codifier=cod) == [listing]


def test_listing_with_end_date_is_not_current_after_it(hl, cod):
    (kyiv,) = hl.listings_for(KYIV, cod)
    assert kyiv.subsection == "active_hostilities"
    assert kyiv.periods[-1].end == date(2022, 4, 30)
    assert kyiv.is_current(date(2022, 4, 30))  # the end date itself is included
    assert not kyiv.is_current(date(2022, 5, 1))
    assert not kyiv.is_current()
    # A Kyiv district is covered through the city.
    assert hl.listings_for(HOLOSIIVSKYI, cod) == [kyiv]


def test_exceptions_named_in_a_listing_are_respected(hl, cod):
    hromada_listing = next(x for x in hl.listings_for(MYRIVSKA_HROMADA, cod)
                           if x.subsection == "possible_hostilities")
    assert hromada_listing.exceptions == ("вищетарасівка",)
    assert hromada_listing in hl.listings_for(MYROVE, cod)
    excepted = hl.listings_for(VYSHCHETARASIVKA, cod)
    assert hromada_listing not in excepted
    assert "active_hostilities_with_e_resources" in {x.subsection for x in excepted}


def test_parse_exceptions_shapes():
    assert parse_exceptions("Гірська громада за винятком с. Жолобок, с. Сокільники, частина м. Золоте (Золоте – 5)") \
        == ("жолобок", "сокільники")
    assert parse_exceptions("X за винятком с-ще Козацьке та с-ще Веселе") == ("козацьке", "веселе")
    assert parse_exceptions("X за винятком: с. Новокаїри с. Республіканець,с. Кам’яна Яруга") \
        == ("новокаїри", "республіканець", "камяна яруга")
    assert parse_exceptions("X за винятком с. Новобахмутівка (UA14160190130054690)") == ("UA14160190130054690",)
    assert parse_exceptions("Мирівська сільська територіальна громада") == ()


def test_multi_period_cells_pair_by_position(hl):
    # "24.02.2022|15.09.2023" / "29.11.2022": the second period is still open.
    row = next(x for x in hl.listings if x.line == 492)
    assert [(p.start, p.end) for p in row.periods] == [
        (date(2022, 2, 24), date(2022, 11, 29)), (date(2023, 9, 15), None)]
    assert not row.is_current(date(2023, 1, 1)) and row.is_current(date(2024, 1, 1))
    assert row.since == date(2022, 2, 24)


# -- installing a newer edition -----------------------------------------------------------------

def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_install_edition_round_trip(tmp_path, cod):
    fields, rows = _rows(PACKAGED)
    rows.append({**rows[0], "subsection": "occupied", "section": "II_occupied", "code": LVIV_VILLAGE,
                 "code_normalized": LVIV_VILLAGE, "name": "тестовий рядок", "start_dates": "01.10.2025",
                 "end_dates": ""})
    src = _write(tmp_path / "new_edition.csv", fields, rows)
    data_dir = tmp_path / "data"
    assert get_hostilities_list(data_dir).path == PACKAGED  # nothing installed yet

    report = install_edition(src, data_dir, edition="Наказ № 9999 від 01.10.2025", codifier=cod)
    assert report.row_count == 3019 and report.valid_rows == 3017
    assert report.per_subsection["occupied"] == 1495
    assert report.added == 1 and report.removed == 0
    assert report.unknown_codes == ["UA140201100200772055"]
    assert {line for line, _ in report.bad_lines} == {471, 477, 1317}
    text = str(report)
    assert "Наказ № 9999" in text and "3019" in text and "line 471" in text and report.summary() == text
    assert installed_path(data_dir).read_bytes() == src.read_bytes()
    assert not [p for p in installed_path(data_dir).parent.iterdir() if p.name.endswith(".tmp")]

    current = get_hostilities_list(data_dir)
    assert current.path == installed_path(data_dir)
    assert "Наказ № 9999" in current.edition and "3019" in current.edition
    (listing,) = current.listings_for(LVIV_VILLAGE, cod)
    assert listing.is_current(date(2026, 1, 1)) and listing.since == date(2025, 10, 1)
    assert get_hostilities_list().listings_for(LVIV_VILLAGE, cod) == []  # the packaged list is unchanged

    # A second install over the first one is picked up as well (the cache follows the file).
    _write(src, fields, rows[:100])
    install_edition(src, data_dir, codifier=cod)
    assert len(get_hostilities_list(data_dir)) == 100
    assert get_hostilities_list(data_dir).listings_for(LVIV_VILLAGE, cod) == []


def test_broken_file_refused_and_nothing_installed(tmp_path):
    fields, rows = _rows(PACKAGED)
    kept = [f for f in fields if f not in ("start_dates", "end_dates")]
    src = _write(tmp_path / "broken.csv", kept, [{k: r[k] for k in kept} for r in rows[:10]])
    data_dir = tmp_path / "data"
    with pytest.raises(ValueError) as err:
        install_edition(src, data_dir)
    message = str(err.value)
    assert "бракує стовпців" in message and "missing columns" in message
    assert "start_dates" in message and "end_dates" in message
    assert not installed_path(data_dir).exists()
    assert not (data_dir / "reference").exists() or not any((data_dir / "reference").iterdir())
    assert get_hostilities_list(data_dir).path == PACKAGED


def test_file_without_valid_rows_refused(tmp_path):
    fields, rows = _rows(PACKAGED)
    bad = [{**r, "start_dates": "не дата"} for r in rows[:5]]
    src = _write(tmp_path / "no_dates.csv", fields, bad)
    with pytest.raises(ValueError, match="no valid rows"):
        install_edition(src, tmp_path / "data")
    assert not installed_path(tmp_path / "data").exists()


def test_bad_date_row_reported_with_its_line(tmp_path, cod):
    fields, rows = _rows(PACKAGED)
    rows = rows[:20]
    rows[9] = {**rows[9], "start_dates": "31.02.2024"}  # no such day; CSV line 11 (header is line 1)
    src = _write(tmp_path / "one_bad.csv", fields, rows)
    data_dir = tmp_path / "data"
    report = install_edition(src, data_dir, codifier=cod)
    assert report.row_count == 20 and report.valid_rows == 19
    assert [line for line, _ in report.bad_lines] == [11, 11]
    assert "31.02.2024" in report.bad_lines[0][1]
    assert "line 11" in str(report)
    loaded = get_hostilities_list(data_dir)
    assert len(loaded) == 20  # the row is kept, without the bad period
    assert any(w.startswith("line 11:") for w in loaded.warnings)
    assert next(x for x in loaded.listings if x.line == 11).periods == ()


def test_semicolon_csv_from_excel_is_accepted(tmp_path, cod):
    fields, rows = _rows(PACKAGED)
    src = tmp_path / "excel.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, delimiter=";")
        writer.writeheader()
        writer.writerows(rows[:30])
    report = install_edition(src, tmp_path / "data", codifier=cod)
    assert report.valid_rows == 30


def test_damaged_installed_file_falls_back_to_packaged(tmp_path):
    target = installed_path(tmp_path)
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\xff\xfe not a csv")
    hl = get_hostilities_list(tmp_path)
    assert hl.path == PACKAGED and len(hl) == 3018
    assert "unreadable" in hl.warnings[0]


def test_lines_parsed_on_demand_read_like_the_csv_module():
    """The shipped file is split line by line as units are asked for: the same units, in file order."""
    path = reference_dir() / "katottg.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    expected = {r["code"]: Unit(r["code"], int(r["level"]), r["category"], r["name"], r["parent_code"] or None)
                for r in rows}
    lazy = Codifier.from_csv(path)
    assert len(lazy) == len(expected) == 31_744
    assert BAKHMUT in lazy and "UA00000000000000000" not in lazy and None not in lazy
    assert lazy.get(BAKHMUT) == expected[BAKHMUT]  # one line parsed, then every one of them
    assert [u.code for u in lazy.all_units()] == list(expected)
    assert all(lazy.get(code) == unit for code, unit in expected.items())
    assert len(lazy) == 31_744 and BAKHMUT in lazy
