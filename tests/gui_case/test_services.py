"""Qt-free parts behind the case screen: the provider directory, attachments, conflict resolution."""

from __future__ import annotations

import json
import os
import stat

import pytest

from desktop.services import attachments
from desktop.services.cases import Registration
from desktop.services.providers import provider_directory
from sync.records.issues import ValidationError
from tests.gui_case.conftest import load, make_conflict, record_ids


def _case(cases) -> str:
    cs = cases.register(Registration(person={"surname": "Коваленко", "given_name": "Ганна",
                                             "birth_date": "1980-03-02", "phones": ["+380671234567"]}))
    return next(iter(cs.case_ids))


def test_directory_is_consistent():
    directory = provider_directory()
    assert len(directory.providers()) >= 15 and len(directory.services()) >= 20
    kinds = {p.kind for p in directory.providers()}
    assert kinds == {"office", "state", "ngo", "international"}
    legal = [p.name for p in directory.providers("legal_aid")]
    assert any("правничої допомоги" in name for name in legal)
    assert all(s.domain == "housing" for s in directory.services("housing"))


def test_attachment_bytes_and_temp_copy(store, cases, tmp_path):
    case_id = _case(cases)
    src = tmp_path / "скан паспорта.png"
    src.write_bytes(b"\x89PNG fake scan bytes")
    cs = attachments.attach_file(cases, case_id, src, "Паспорт, с. 1")
    attachment_id = cs.record_ids[0]
    assert cases.attachment_content(attachment_id) == b"\x89PNG fake scan bytes"
    record = load(store, attachment_id)
    assert record["size"] == len(b"\x89PNG fake scan bytes") and record["mime_type"] == "image/png"

    copy = attachments.open_for_viewer(cases, attachment_id, "../скан паспорта.png").path
    assert copy.name == "скан паспорта.png" and copy.read_bytes() == b"\x89PNG fake scan bytes"
    with store.engine.connect() as conn:  # the opening is in the audit log, without the file's name
        opened = conn.exec_driver_sql("SELECT user, case_id, record_type, detail FROM audit_log "
                                      "WHERE action = 'attachment_open'").all()
    assert [(r.case_id, r.record_type) for r in opened] == [(case_id, "attachment")]
    assert json.loads(opened[0].detail) == {"attachment": attachment_id, "size": 20}
    assert "скан" not in opened[0].detail and opened[0].user == cases.user
    if os.name == "posix":
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
        assert stat.S_IMODE(attachments.private_temp_dir().stat().st_mode) == 0o700
    attachments.purge_temp_files()
    assert not copy.exists()


def test_attachment_too_large_is_refused(cases, tmp_path, monkeypatch):
    case_id = _case(cases)
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 11)
    with pytest.raises(attachments.AttachmentTooLarge):
        attachments.attach_file(cases, case_id, big)


@pytest.mark.parametrize("resolution, expected", [("kept", "+380671234567"), ("swapped", "+380501112233")])
def test_resolve_conflict(store, cases, resolution, expected):
    case_id = _case(cases)
    person_id = record_ids(store, case_id, "person")[0]
    conflict_id = make_conflict(store, cases, case_id, "person", person_id, "phones",
                                ["+380671234567"], ["+380501112233"])
    cases.resolve_conflict(conflict_id, resolution)
    assert load(store, person_id)["phones"] == [expected]
    conflict = load(store, conflict_id)
    assert conflict["status"] == "resolved" and conflict["resolution"] == resolution


def test_swap_that_fails_validation_changes_nothing(store, cases):
    case_id = _case(cases)
    person_id = record_ids(store, case_id, "person")[0]
    conflict_id = make_conflict(store, cases, case_id, "person", person_id, "birth_date", "1980-03-02", "3000-01-01")
    with pytest.raises(ValidationError):
        cases.resolve_conflict(conflict_id, "swapped")
    assert load(store, conflict_id)["status"] == "open"
    assert load(store, person_id)["birth_date"] == "1980-03-02"
