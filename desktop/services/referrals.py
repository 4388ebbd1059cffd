"""Referrals: the partner's answer (accepted, service delivered, declined with a reason) and the letter the
person takes to the partner. Qt-free: the PDF itself is drawn by desktop.ui.referral_letter_pdf.

The letter carries only what the referral needs: the person's name, birth date and one phone to reach
them, the service, the partner, the office and caseworker who refer, the date and a reference number.
No identifiers (RNOKPP, documents), no address, no needs assessment. Making it is an export (the file
leaves the encrypted store): recorded in the laptop's export log and audit log, and in the case history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.services.cases import CaseService, ChangeSet
from desktop.services.export_log import record_export
from desktop.services.providers import ProviderDirectory
from desktop.store.store import OpenStore
from sync.records.issues import ValidationError, ValidationIssue
from sync.records.schema import REFERRAL_OUTCOMES

# The service's status that follows from the partner's answer (reports count services by status).
STATUS_OF_OUTCOME = {"accepted": "in_progress", "delivered": "delivered", "declined": "declined"}


def outcome_fields(record: dict[str, Any], outcome: str | None, note: str, on: str | None) -> dict[str, Any]:
    """The fields of a service record that record the partner's answer; a declined referral needs a reason.
    No outcome clears it (the status stays as it is)."""
    note = note.strip()
    if outcome is None:
        return {"outcome": None, "outcome_on": None, "outcome_note": note or None}
    if outcome not in REFERRAL_OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if outcome == "declined" and not note:
        raise ValidationError([ValidationIssue("outcome_note", "required")])
    day = on or date.today().isoformat()
    fields: dict[str, Any] = {"outcome": outcome, "outcome_on": day, "outcome_note": note or None,
                              "status": STATUS_OF_OUTCOME[outcome]}
    if not record.get("referred_on"):
        fields["referred_on"] = record.get("referred_on") or day
    if outcome == "delivered" and not record.get("delivered_on"):
        fields["delivered_on"] = day
    return fields


@dataclass(frozen=True)
class ReferralLetter:
    """What the letter shows, nothing more."""

    reference: str            # a short number the partner can quote back (the service record's id, shortened)
    issued_on: str            # dd.mm.yyyy
    person_name: str
    birth_date: str           # dd.mm.yyyy, or ""
    phone: str
    service: str
    partner_name: str
    partner_contacts: str     # address, phone, email of the partner, as the directory holds them
    office_name: str
    caseworker: str
    notes: str                # the service's note for the partner (what the referral is about)


def _ua_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso[:10].split("-")
    return f"{d}.{m}.{y}"


def letter_for(case: Any, service_id: str, directory: ProviderDirectory, *, caseworker: str) -> ReferralLetter:
    """The letter of one service of a case (a desktop.services.reads.CaseData). KeyError: no such service."""
    service = next((s for s in case.many("service") if s["id"] == service_id), None)
    if service is None:
        raise KeyError("no such service")
    if not service.get("provider_name"):
        raise ValidationError([ValidationIssue("provider_name", "required")])
    person = case.one("person")
    name = " ".join(x for x in (person.get("surname"), person.get("given_name"), person.get("patronymic")) if x)
    partner = directory.provider(service.get("provider_code"))
    contacts = ""
    if partner is not None:
        contacts = " · ".join(x for x in (partner.address, partner.phone, partner.email, partner.website) if x)
    phones = person.get("phones") or []
    return ReferralLetter(
        reference=service_id.replace("-", "")[-8:].upper(), issued_on=_ua_date(date.today().isoformat()),
        person_name=name, birth_date=_ua_date(person.get("birth_date")), phone=phones[0] if phones else "",
        service=service.get("title") or "", partner_name=service.get("provider_name") or "",
        partner_contacts=contacts, office_name=case.office_name or "", caseworker=caseworker,
        notes=(service.get("notes") or "").strip())


def record_letter(store: OpenStore, cases: CaseService, case_id: str, service_id: str, path: Path) -> ChangeSet:
    """The letter written to `path` is an export: in the export and audit logs and in the case's history,
    in one transaction."""
    return cases.log_export(case_id, "service", service_id, lambda conn: record_export(
        store, what="referral_letter", fmt="pdf", path=path, count=1, service=service_id, conn=conn))


# The letter is addressed to a Ukrainian partner: it is written in Ukrainian whatever the window's language.
LETTER_TITLE = "НАПРАВЛЕННЯ"
LETTER_NUMBER = "№ {reference} від {issued_on}"
LETTER_FIELDS = (("to", "Кому"), ("partner_contacts", "Контакти надавача"), ("office_name", "Від"),
                 ("person_name", "Особа"), ("birth_date", "Дата народження"), ("phone", "Телефон для зв'язку"),
                 ("service", "Послуга"), ("notes", "Примітка"))
LETTER_REQUEST = ("Просимо прийняти особу та надати зазначену послугу. Про результат (прийнято, послугу надано або "
                  "відмовлено із зазначенням причини) просимо повідомити фахівця, який направив, або заповнити "
                  "відривну частину і передати її через особу.")
LETTER_SIGNED = "Фахівець: {caseworker}"
LETTER_SIGNATURE = "Підпис ____________________"
LETTER_ANSWER_TITLE = "Відповідь надавача на направлення № {reference}"
LETTER_ANSWER_CHOICES = ("☐ особу прийнято", "☐ послугу надано", "☐ відмовлено, причина:")
LETTER_ANSWER_LINES = ("Дата ______________    Підпис ____________________",)
LETTER_FOOTER = "Лист містить лише відомості, потрібні для направлення. Не передавайте його третім особам."
MAX_NOTE_IN_LETTER = 600  # the letter stays one page


def letter_rows(letter: ReferralLetter) -> list[tuple[str, str]]:
    """The letter's labelled lines, in order, leaving out empty ones."""
    values = {**letter.__dict__, "to": letter.partner_name,
              "notes": letter.notes if len(letter.notes) <= MAX_NOTE_IN_LETTER
              else letter.notes[:MAX_NOTE_IN_LETTER - 1].rstrip() + "…"}
    return [(label, values[key]) for key, label in LETTER_FIELDS if values.get(key)]
