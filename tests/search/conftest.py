"""A store with ~300 synthetic cases and a few planted people whose every identifier is known.

Built once per module (registering 300 cases takes about a second); tests that write use the
function-scoped `store`/`cases` fixtures instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

import pytest

from tests.conftest import TEST_PASSWORD

OLENA_BIRTH = date(1985, 3, 2)


@dataclass
class Planted:
    store: object
    service: object
    search: object
    case_ids: dict[str, str] = field(default_factory=dict)
    people: dict[str, dict] = field(default_factory=dict)
    displacements: dict[str, dict] = field(default_factory=dict)


def planted_people() -> dict[str, tuple[dict, dict, list[dict]]]:
    from sync.records.identifiers import make_rnokpp, make_unzr

    rng = random.Random(2024)
    olena = {"surname": "Шевченко", "given_name": "Олена", "patronymic": "Петрівна", "sex": "female",
             "birth_date": OLENA_BIRTH.isoformat(), "rnokpp": make_rnokpp(OLENA_BIRTH, "female", rng),
             "unzr": make_unzr(OLENA_BIRTH, rng), "phones": ["+380671234567"],
             "id_document_type": "passport_book", "id_document_number": "АВ 123456"}
    son = {"surname": "Шевченко", "given_name": "Марко", "patronymic": "Андрійович", "sex": "male",
           "birth_date": "2012-05-05", "relationship": "child"}
    return {
        "olena": (olena, {"idp_certificate_number": "1234-5678901234", "idp_certificate_date": "2022-04-01"}, [son]),
        # Same name, another birth date: a different person who must never be offered as a duplicate.
        "olena_namesake": ({"surname": "Шевченко", "given_name": "Олена", "patronymic": "Петрівна",
                            "sex": "female", "birth_date": "1990-07-15", "phones": ["+380501112233"]}, {}, []),
        "andrii": ({"surname": "Шевченко", "given_name": "Андрій", "patronymic": "Іванович", "sex": "male",
                    "birth_date": "1979-11-20", "phones": ["+380931234000"]}, {}, []),
        "kovalenko_olena": ({"surname": "Коваленко", "given_name": "Олена", "sex": "female",
                             "birth_date": "1970-01-09"}, {}, []),
        "shevchenkova": ({"surname": "Шевченкова", "given_name": "Ірина", "sex": "female",
                          "birth_date": "1961-06-30"}, {}, []),
        "maryana": ({"surname": "Мар'яненко", "given_name": "Мар’яна", "sex": "female",
                     "birth_date": "1999-12-31"}, {}, []),
        "yuliia": ({"surname": "Ярошенко", "given_name": "Юлія", "sex": "female", "birth_date": "1993-08-08"}, {}, []),
    }


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    from desktop.services.cases import CaseService, Registration
    from desktop.services.search import CaseSearch
    from desktop.services.synthetic import populate
    from desktop.store.store import create_store

    store = create_store(tmp_path_factory.mktemp("search") / "data", "olena", TEST_PASSWORD)
    service = CaseService(store)
    populate(service, 300, seed=5, chunk=150)
    result = Planted(store, service, CaseSearch(store.engine))
    for key, (person, displacement, household) in planted_people().items():
        cs = service.register(Registration(person=person, displacement=displacement, household=household))
        result.case_ids[key] = next(iter(cs.case_ids))
        result.people[key] = person
        result.displacements[key] = displacement
    yield result
    store.close()
