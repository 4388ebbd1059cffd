"""Names of the schema's codes (categories, stages, statuses, ...) as people read them.

One table for every screen, so a stage is called the same in the list, the filters, the case
tabs and the conflict dialog. Strings are marked with QT_TRANSLATE_NOOP (context "labels") so
lupdate collects them, and translated when asked for, so a language switch needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from sync.records import schema as s

CHOICES: dict[str, dict[str, str]] = {
    "category": {
        "idp": QT_TRANSLATE_NOOP("labels", "Внутрішньо переміщена особа"),
        "returnee_abroad": QT_TRANSLATE_NOOP("labels", "Повернулася з-за кордону"),
        "returnee_deoccupied": QT_TRANSLATE_NOOP("labels", "Повернулася на деокуповану територію"),
        "local_difficult": QT_TRANSLATE_NOOP("labels", "Місцевий мешканець у складних життєвих обставинах"),
    },
    "stage": {
        "identification": QT_TRANSLATE_NOOP("labels", "Виявлення"),
        "assessment": QT_TRANSLATE_NOOP("labels", "Оцінювання потреб"),
        "planning": QT_TRANSLATE_NOOP("labels", "Планування"),
        "services": QT_TRANSLATE_NOOP("labels", "Надання послуг"),
        "monitoring": QT_TRANSLATE_NOOP("labels", "Моніторинг"),
        "closure": QT_TRANSLATE_NOOP("labels", "Закриття"),
    },
    "displacement_stage": {
        "evacuation": QT_TRANSLATE_NOOP("labels", "Евакуація"),
        "adaptation": QT_TRANSLATE_NOOP("labels", "Адаптація"),
        "integration": QT_TRANSLATE_NOOP("labels", "Інтеграція"),
        "return": QT_TRANSLATE_NOOP("labels", "Повернення"),
        "other_durable_solution": QT_TRANSLATE_NOOP("labels", "Інше довготривале рішення"),
    },
    "status": {
        "open": QT_TRANSLATE_NOOP("labels", "Відкрита"),
        "active": QT_TRANSLATE_NOOP("labels", "Активна"),
        "suspended": QT_TRANSLATE_NOOP("labels", "Призупинена"),
        "closed": QT_TRANSLATE_NOOP("labels", "Закрита"),
    },
    "closure_reason": {
        "goals_achieved": QT_TRANSLATE_NOOP("labels", "Цілей досягнуто"),
        "durable_solution": QT_TRANSLATE_NOOP("labels", "Знайдено довготривале рішення"),
        "moved_away": QT_TRANSLATE_NOOP("labels", "Переїхала"),
        "transferred": QT_TRANSLATE_NOOP("labels", "Передано іншому офісу"),
        "refused_support": QT_TRANSLATE_NOOP("labels", "Відмова від підтримки"),
        "no_contact": QT_TRANSLATE_NOOP("labels", "Немає зв'язку"),
        "deceased": QT_TRANSLATE_NOOP("labels", "Смерть"),
        "other": QT_TRANSLATE_NOOP("labels", "Інша причина"),
    },
    "sex": {
        "male": QT_TRANSLATE_NOOP("labels", "Чоловіча"),
        "female": QT_TRANSLATE_NOOP("labels", "Жіноча"),
    },
    "vulnerability": {
        "disability_1": QT_TRANSLATE_NOOP("labels", "Інвалідність I групи"),
        "disability_2": QT_TRANSLATE_NOOP("labels", "Інвалідність II групи"),
        "disability_3": QT_TRANSLATE_NOOP("labels", "Інвалідність III групи"),
        "child_disability": QT_TRANSLATE_NOOP("labels", "Дитина з інвалідністю"),
        "child": QT_TRANSLATE_NOOP("labels", "Дитина"),
        "orphan": QT_TRANSLATE_NOOP("labels", "Дитина-сирота або позбавлена батьківського піклування"),
        "older_person": QT_TRANSLATE_NOOP("labels", "Особа похилого віку, пенсіонер"),
        "large_family": QT_TRANSLATE_NOOP("labels", "Багатодітна сім'я"),
        "single_parent": QT_TRANSLATE_NOOP("labels", "Одинокий батько або мати"),
        "pregnancy": QT_TRANSLATE_NOOP("labels", "Вагітність"),
        "chronic_illness": QT_TRANSLATE_NOOP("labels", "Хронічне захворювання"),
        "veteran_family": QT_TRANSLATE_NOOP("labels", "Ветеран або сім'я загиблого чи зниклого захисника"),
        "violence_survivor": QT_TRANSLATE_NOOP("labels", "Постраждала від насильства"),
        "low_income": QT_TRANSLATE_NOOP("labels", "Малозабезпеченість"),
    },
    "id_document_type": {
        "id_card": QT_TRANSLATE_NOOP("labels", "ID-картка"),
        "passport_book": QT_TRANSLATE_NOOP("labels", "Паспорт-книжечка"),
        "birth_certificate": QT_TRANSLATE_NOOP("labels", "Свідоцтво про народження"),
        "foreign_passport": QT_TRANSLATE_NOOP("labels", "Закордонний паспорт"),
        "residence_permit": QT_TRANSLATE_NOOP("labels", "Посвідка на проживання"),
        "other": QT_TRANSLATE_NOOP("labels", "Інший документ"),
    },
    "contact_channel": {
        "phone": QT_TRANSLATE_NOOP("labels", "Телефон"),
        "sms": QT_TRANSLATE_NOOP("labels", "SMS"),
        "viber": QT_TRANSLATE_NOOP("labels", "Viber"),
        "telegram": QT_TRANSLATE_NOOP("labels", "Telegram"),
        "signal": QT_TRANSLATE_NOOP("labels", "Signal"),
        "email": QT_TRANSLATE_NOOP("labels", "Електронна пошта"),
        "visit": QT_TRANSLATE_NOOP("labels", "Особистий візит"),
    },
    "relationship": {
        "spouse": QT_TRANSLATE_NOOP("labels", "Чоловік або дружина"),
        "child": QT_TRANSLATE_NOOP("labels", "Син або дочка"),
        "parent": QT_TRANSLATE_NOOP("labels", "Батько або мати"),
        "sibling": QT_TRANSLATE_NOOP("labels", "Брат або сестра"),
        "grandparent": QT_TRANSLATE_NOOP("labels", "Дідусь або бабуся"),
        "grandchild": QT_TRANSLATE_NOOP("labels", "Онук або онука"),
        "guardian": QT_TRANSLATE_NOOP("labels", "Опікун"),
        "other": QT_TRANSLATE_NOOP("labels", "Інший родич"),
    },
    "certificate_status": {
        "valid": QT_TRANSLATE_NOOP("labels", "Чинна"),
        "cancelled": QT_TRANSLATE_NOOP("labels", "Скасована"),
        "deregistered": QT_TRANSLATE_NOOP("labels", "Знято з обліку"),
    },
    # Severity of a need ("потреба" is feminine) and priority of a case ("пріоритет" is masculine).
    "severity": {
        "none": QT_TRANSLATE_NOOP("labels", "Немає потреби"),
        "low": QT_TRANSLATE_NOOP("labels", "Низька"),
        "medium": QT_TRANSLATE_NOOP("labels", "Середня"),
        "high": QT_TRANSLATE_NOOP("labels", "Висока"),
        "critical": QT_TRANSLATE_NOOP("labels", "Критична"),
    },
    "priority": {
        "none": QT_TRANSLATE_NOOP("labels", "Не визначено"),
        "low": QT_TRANSLATE_NOOP("labels", "Низький"),
        "medium": QT_TRANSLATE_NOOP("labels", "Середній"),
        "high": QT_TRANSLATE_NOOP("labels", "Високий"),
        "critical": QT_TRANSLATE_NOOP("labels", "Критичний"),
    },
    "need_domain": {
        "housing": QT_TRANSLATE_NOOP("labels", "Житло"),
        "income_employment": QT_TRANSLATE_NOOP("labels", "Дохід і працевлаштування"),
        "health_rehabilitation": QT_TRANSLATE_NOOP("labels", "Здоров'я та реабілітація"),
        "psychosocial": QT_TRANSLATE_NOOP("labels", "Психосоціальна підтримка"),
        "documents_legal": QT_TRANSLATE_NOOP("labels", "Документи та правова допомога"),
        "education_childcare": QT_TRANSLATE_NOOP("labels", "Освіта та догляд за дітьми"),
        "humanitarian_basic": QT_TRANSLATE_NOOP("labels", "Гуманітарні та базові потреби"),
        "social_benefits": QT_TRANSLATE_NOOP("labels", "Соціальні виплати"),
    },
    "goal_status": {
        "open": QT_TRANSLATE_NOOP("labels", "У роботі"),
        "achieved": QT_TRANSLATE_NOOP("labels", "Досягнуто"),
        "dropped": QT_TRANSLATE_NOOP("labels", "Скасовано"),
    },
    "service_status": {
        "planned": QT_TRANSLATE_NOOP("labels", "Заплановано"),
        "referred": QT_TRANSLATE_NOOP("labels", "Направлено"),
        "in_progress": QT_TRANSLATE_NOOP("labels", "Надається"),
        "delivered": QT_TRANSLATE_NOOP("labels", "Надано"),
        "declined": QT_TRANSLATE_NOOP("labels", "Відмовлено"),
    },
    "referral_outcome": {
        "accepted": QT_TRANSLATE_NOOP("labels", "Прийнято надавачем"),
        "delivered": QT_TRANSLATE_NOOP("labels", "Послугу надано"),
        "declined": QT_TRANSLATE_NOOP("labels", "Надавач відмовив"),
    },
    "provider_kind": {
        "office": QT_TRANSLATE_NOOP("labels", "Наш офіс"),
        "state": QT_TRANSLATE_NOOP("labels", "Державна служба"),
        "ngo": QT_TRANSLATE_NOOP("labels", "Громадська організація"),
        "international": QT_TRANSLATE_NOOP("labels", "Міжнародний партнер"),
        "business": QT_TRANSLATE_NOOP("labels", "Бізнес"),
        "community": QT_TRANSLATE_NOOP("labels", "Громада"),
    },
    "housing": {
        "collective_centre": QT_TRANSLATE_NOOP("labels", "Місце компактного проживання"),
        "hosted": QT_TRANSLATE_NOOP("labels", "У родичів чи знайомих"),
        "rented": QT_TRANSLATE_NOOP("labels", "Оренда"),
        "own": QT_TRANSLATE_NOOP("labels", "Власне житло"),
        "dormitory_social": QT_TRANSLATE_NOOP("labels", "Гуртожиток, соціальне житло"),
        "other": QT_TRANSLATE_NOOP("labels", "Інше"),
    },
    "employment": {
        "employed": QT_TRANSLATE_NOOP("labels", "Працює"),
        "self_employed": QT_TRANSLATE_NOOP("labels", "Самозайнятість"),
        "registered_unemployed": QT_TRANSLATE_NOOP("labels", "Безробітний (центр зайнятості)"),
        "not_working": QT_TRANSLATE_NOOP("labels", "Не працює"),
        "pensioner": QT_TRANSLATE_NOOP("labels", "Пенсіонер"),
        "student": QT_TRANSLATE_NOOP("labels", "Навчається"),
    },
    "income_source": {
        "wages": QT_TRANSLATE_NOOP("labels", "Заробітна плата"),
        "self_employment": QT_TRANSLATE_NOOP("labels", "Власна справа"),
        "pension": QT_TRANSLATE_NOOP("labels", "Пенсія"),
        "social_benefits": QT_TRANSLATE_NOOP("labels", "Соціальні виплати"),
        "idp_allowance": QT_TRANSLATE_NOOP("labels", "Допомога ВПО на проживання"),
        "humanitarian_aid": QT_TRANSLATE_NOOP("labels", "Гуманітарна допомога"),
        "family_support": QT_TRANSLATE_NOOP("labels", "Підтримка родини"),
        "no_income": QT_TRANSLATE_NOOP("labels", "Без доходу"),
        "other": QT_TRANSLATE_NOOP("labels", "Інше"),
    },
    "yes_no_na": {
        "yes": QT_TRANSLATE_NOOP("labels", "так"),
        "no": QT_TRANSLATE_NOOP("labels", "ні"),
        "not_applicable": QT_TRANSLATE_NOOP("labels", "не стосується"),
    },
    "return_intention": {
        "permanent": QT_TRANSLATE_NOOP("labels", "Назавжди"),
        "temporary": QT_TRANSLATE_NOOP("labels", "Тимчасово"),
        "undecided": QT_TRANSLATE_NOOP("labels", "Ще не вирішено"),
    },
    "journal_kind": {
        "contact": QT_TRANSLATE_NOOP("labels", "Контакт"),
        "visit": QT_TRANSLATE_NOOP("labels", "Візит"),
        "call": QT_TRANSLATE_NOOP("labels", "Дзвінок"),
        "message": QT_TRANSLATE_NOOP("labels", "Повідомлення"),
        "note": QT_TRANSLATE_NOOP("labels", "Нотатка"),
        "service": QT_TRANSLATE_NOOP("labels", "Надання послуги"),
    },
    "history_action": {
        "create": QT_TRANSLATE_NOOP("labels", "Створено"),
        "update": QT_TRANSLATE_NOOP("labels", "Змінено"),
        "delete": QT_TRANSLATE_NOOP("labels", "Видалено"),
        "view": QT_TRANSLATE_NOOP("labels", "Переглянуто"),
        "export": QT_TRANSLATE_NOOP("labels", "Експортовано"),
        "conflict_resolved": QT_TRANSLATE_NOOP("labels", "Конфлікт розв'язано"),
        "transfer": QT_TRANSLATE_NOOP("labels", "Передача до іншого офісу"),
        "rejected_reapplied": QT_TRANSLATE_NOOP("labels", "Відхилену зміну внесено знову"),
        "rejected_discarded": QT_TRANSLATE_NOOP("labels", "Відхилену зміну відкинуто"),
        "duplicate_decided": QT_TRANSLATE_NOOP("labels", "Рішення щодо можливого дубліката в іншому офісі"),
        "merged": QT_TRANSLATE_NOOP("labels", "Об'єднано з іншою справою цієї особи"),
        "merge_undone": QT_TRANSLATE_NOOP("labels", "Об'єднання скасовано"),
    },
    "transfer_state": {
        "pending": QT_TRANSLATE_NOOP("labels", "Чекає відповіді"),
        "accepted": QT_TRANSLATE_NOOP("labels", "Прийнято"),
        "declined": QT_TRANSLATE_NOOP("labels", "Відхилено"),
        "revoked": QT_TRANSLATE_NOOP("labels", "Відкликано"),
        "expired": QT_TRANSLATE_NOOP("labels", "Термін минув"),
    },
    "conflict_status": {
        "open": QT_TRANSLATE_NOOP("labels", "Чекає на рішення"),
        "resolved": QT_TRANSLATE_NOOP("labels", "Розв'язано"),
    },
    "conflict_resolution": {
        "kept": QT_TRANSLATE_NOOP("labels", "Залишено чинне значення"),
        "swapped": QT_TRANSLATE_NOOP("labels", "Відновлено інше значення"),
    },
    "record_type": {
        "case": QT_TRANSLATE_NOOP("labels", "Справа"),
        "person": QT_TRANSLATE_NOOP("labels", "Особа"),
        "displacement": QT_TRANSLATE_NOOP("labels", "Переміщення"),
        "household_member": QT_TRANSLATE_NOOP("labels", "Член домогосподарства"),
        "assessment": QT_TRANSLATE_NOOP("labels", "Оцінювання потреб"),
        "goal": QT_TRANSLATE_NOOP("labels", "Мета"),
        "service": QT_TRANSLATE_NOOP("labels", "Послуга"),
        "journal_entry": QT_TRANSLATE_NOOP("labels", "Запис журналу"),
        "task": QT_TRANSLATE_NOOP("labels", "Завдання"),
        "attachment": QT_TRANSLATE_NOOP("labels", "Вкладення"),
        "history": QT_TRANSLATE_NOOP("labels", "Історія"),
        "conflict": QT_TRANSLATE_NOOP("labels", "Конфлікт"),
        "observation": QT_TRANSLATE_NOOP("labels", "Показники інтеграції"),
        "stage_change": QT_TRANSLATE_NOOP("labels", "Зміна етапу"),
        "transfer": QT_TRANSLATE_NOOP("labels", "Передача справи"),
        "local_partner": QT_TRANSLATE_NOOP("labels", "Місцевий надавач"),
        "aid_overlap": QT_TRANSLATE_NOOP("labels", "Перетин допомоги"),
        "person_merge": QT_TRANSLATE_NOOP("labels", "Об'єднання справ"),
    },
    # What a search hit matched (desktop.services.search.SearchHit.matched).
    "search_match": {
        "name": QT_TRANSLATE_NOOP("labels", "ім'я"),
        "latin": QT_TRANSLATE_NOOP("labels", "ім'я латиницею"),
        "rnokpp": QT_TRANSLATE_NOOP("labels", "РНОКПП"),
        "phone": QT_TRANSLATE_NOOP("labels", "телефон"),
        "cert": QT_TRANSLATE_NOOP("labels", "номер довідки ВПО"),
        "unzr": QT_TRANSLATE_NOOP("labels", "УНЗР"),
        "doc": QT_TRANSLATE_NOOP("labels", "номер документа"),
    },
}

# Shorter names for narrow table columns (the full ones stay in forms and tooltips).
SHORT: dict[str, dict[str, str]] = {
    "category": {
        "idp": QT_TRANSLATE_NOOP("labels", "ВПО"),
        "returnee_abroad": QT_TRANSLATE_NOOP("labels", "З-за кордону"),
        "returnee_deoccupied": QT_TRANSLATE_NOOP("labels", "Деокупована тер."),
        "local_difficult": QT_TRANSLATE_NOOP("labels", "Місцевий, СЖО"),
    },
}

# The schema tuple each kind follows, so lists keep the order of the route (not of the alphabet).
ORDER: dict[str, tuple[str, ...]] = {
    "category": s.CATEGORIES, "stage": s.STAGES, "displacement_stage": s.DISPLACEMENT_STAGES,
    "status": s.STATUSES, "closure_reason": s.CLOSURE_REASONS, "sex": s.SEXES,
    "vulnerability": s.VULNERABILITIES, "id_document_type": s.ID_DOCUMENT_TYPES,
    "contact_channel": s.CONTACT_CHANNELS, "relationship": s.RELATIONSHIPS,
    "certificate_status": s.CERTIFICATE_STATUSES, "severity": s.SEVERITIES, "priority": s.PRIORITIES,
    "need_domain": s.NEED_DOMAINS, "goal_status": s.GOAL_STATUSES, "service_status": s.SERVICE_STATUSES,
    "referral_outcome": s.REFERRAL_OUTCOMES,
    "provider_kind": s.PROVIDER_KINDS, "journal_kind": s.JOURNAL_KINDS, "history_action": s.HISTORY_ACTIONS,
    "conflict_status": s.CONFLICT_STATUSES, "conflict_resolution": ("kept", "swapped"),
    "housing": s.HOUSING_SITUATIONS, "employment": s.EMPLOYMENT_STATUSES, "income_source": s.INCOME_SOURCES,
    "yes_no_na": s.YES_NO_NA, "return_intention": s.RETURN_INTENTIONS,
    "record_type": tuple(s.RECORD_TYPES), "transfer_state": s.TRANSFER_STATES,
    "search_match": ("name", "latin", "rnokpp", "phone", "cert", "unzr", "doc"),
}

# Which label kind names the values of a record field (for history, conflicts and generic views).
FIELD_KINDS: dict[str, str] = {
    "category": "category", "stage": "stage", "displacement_stage": "displacement_stage", "status": "status",
    "closure_reason": "closure_reason", "sex": "sex", "vulnerabilities": "vulnerability",
    "id_document_type": "id_document_type", "preferred_contact": "contact_channel",
    "relationship": "relationship", "idp_certificate_status": "certificate_status", "domain": "need_domain",
    "provider_kind": "provider_kind", "outcome": "referral_outcome", "kind": "journal_kind", "action": "history_action",
    "record_type": "record_type", "resolution": "conflict_resolution",
    "housing": "housing", "employment": "employment", "income_source": "income_source",
    **{f: "yes_no_na" for f in ("children_in_school", "family_doctor", "living_allowance", "id_documents_restored",
                                "property_documents_restored")},
    "return_intention": "return_intention",
    **{d: "severity" for d in s.NEED_DOMAINS},
}


# Names of record fields (history, conflicts); need domains and their notes are added below.
FIELDS: dict[str, str] = {
    "office_id": QT_TRANSLATE_NOOP("labels", "Офіс"),
    "category": QT_TRANSLATE_NOOP("labels", "Категорія"),
    "stage": QT_TRANSLATE_NOOP("labels", "Етап"),
    "displacement_stage": QT_TRANSLATE_NOOP("labels", "Етап переміщення"),
    "status": QT_TRANSLATE_NOOP("labels", "Стан"),
    "closure_reason": QT_TRANSLATE_NOOP("labels", "Причина закриття"),
    "closure_note": QT_TRANSLATE_NOOP("labels", "Коментар до закриття"),
    "assigned_to": QT_TRANSLATE_NOOP("labels", "Відповідальний фахівець"),
    "opened_on": QT_TRANSLATE_NOOP("labels", "Дата відкриття"),
    "closed_on": QT_TRANSLATE_NOOP("labels", "Дата закриття"),
    "plan_approved_by": QT_TRANSLATE_NOOP("labels", "План затвердив"),
    "plan_approved_on": QT_TRANSLATE_NOOP("labels", "Дата затвердження плану"),
    "surname": QT_TRANSLATE_NOOP("labels", "Прізвище"),
    "given_name": QT_TRANSLATE_NOOP("labels", "Ім'я"),
    "patronymic": QT_TRANSLATE_NOOP("labels", "По батькові"),
    "birth_date": QT_TRANSLATE_NOOP("labels", "Дата народження"),
    "sex": QT_TRANSLATE_NOOP("labels", "Стать"),
    "rnokpp": QT_TRANSLATE_NOOP("labels", "РНОКПП"),
    "rnokpp_refused": QT_TRANSLATE_NOOP("labels", "Відмова від РНОКПП"),
    "unzr": QT_TRANSLATE_NOOP("labels", "УНЗР"),
    "id_document_type": QT_TRANSLATE_NOOP("labels", "Документ, що посвідчує особу"),
    "id_document_number": QT_TRANSLATE_NOOP("labels", "Номер документа"),
    "phones": QT_TRANSLATE_NOOP("labels", "Телефони"),
    "email": QT_TRANSLATE_NOOP("labels", "Електронна пошта"),
    "preferred_contact": QT_TRANSLATE_NOOP("labels", "Зручний спосіб зв'язку"),
    "languages": QT_TRANSLATE_NOOP("labels", "Мови"),
    "vulnerabilities": QT_TRANSLATE_NOOP("labels", "Вразливості"),
    "notes": QT_TRANSLATE_NOOP("labels", "Примітки"),
    "idp_certificate_number": QT_TRANSLATE_NOOP("labels", "Номер довідки ВПО"),
    "idp_certificate_date": QT_TRANSLATE_NOOP("labels", "Дата довідки ВПО"),
    "idp_certificate_status": QT_TRANSLATE_NOOP("labels", "Стан довідки ВПО"),
    "displacement_date": QT_TRANSLATE_NOOP("labels", "Дата переміщення"),
    "origin_katottg": QT_TRANSLATE_NOOP("labels", "Звідки (громада, населений пункт)"),
    "origin_address": QT_TRANSLATE_NOOP("labels", "Адреса, звідки переміщена"),
    "current_katottg": QT_TRANSLATE_NOOP("labels", "Де проживає зараз"),
    "current_address": QT_TRANSLATE_NOOP("labels", "Поточна адреса"),
    "relationship": QT_TRANSLATE_NOOP("labels", "Родинний зв'язок"),
    "assessed_on": QT_TRANSLATE_NOOP("labels", "Дата оцінювання"),
    "assessed_by": QT_TRANSLATE_NOOP("labels", "Оцінювання провів"),
    "summary": QT_TRANSLATE_NOOP("labels", "Висновок"),
    "title": QT_TRANSLATE_NOOP("labels", "Назва"),
    "domain": QT_TRANSLATE_NOOP("labels", "Сфера потреб"),
    "target_date": QT_TRANSLATE_NOOP("labels", "Цільова дата"),
    "goal_id": QT_TRANSLATE_NOOP("labels", "Мета"),
    "service_code": QT_TRANSLATE_NOOP("labels", "Код послуги"),
    "provider_code": QT_TRANSLATE_NOOP("labels", "Код надавача"),
    "provider_name": QT_TRANSLATE_NOOP("labels", "Надавач"),
    "provider_kind": QT_TRANSLATE_NOOP("labels", "Тип надавача"),
    "referred_on": QT_TRANSLATE_NOOP("labels", "Дата направлення"),
    "outcome": QT_TRANSLATE_NOOP("labels", "Відповідь надавача"),
    "outcome_on": QT_TRANSLATE_NOOP("labels", "Дата відповіді"),
    "outcome_note": QT_TRANSLATE_NOOP("labels", "Відгук надавача / причина відмови"),
    "delivered_on": QT_TRANSLATE_NOOP("labels", "Дата надання"),
    "kind": QT_TRANSLATE_NOOP("labels", "Вид"),
    "occurred_at": QT_TRANSLATE_NOOP("labels", "Коли"),
    "text": QT_TRANSLATE_NOOP("labels", "Текст"),
    "author": QT_TRANSLATE_NOOP("labels", "Автор"),
    "due_date": QT_TRANSLATE_NOOP("labels", "Строк"),
    "assignee": QT_TRANSLATE_NOOP("labels", "Виконавець"),
    "done": QT_TRANSLATE_NOOP("labels", "Виконано"),
    "done_on": QT_TRANSLATE_NOOP("labels", "Дата виконання"),
    "filename": QT_TRANSLATE_NOOP("labels", "Файл"),
    "mime_type": QT_TRANSLATE_NOOP("labels", "Тип файлу"),
    "size": QT_TRANSLATE_NOOP("labels", "Розмір"),
    "sha256": QT_TRANSLATE_NOOP("labels", "Контрольна сума"),
    "description": QT_TRANSLATE_NOOP("labels", "Опис"),
    "returned_from": QT_TRANSLATE_NOOP("labels", "Звідки повернулася (країна чи територія)"),
    "return_date": QT_TRANSLATE_NOOP("labels", "Дата повернення"),
    "return_intention": QT_TRANSLATE_NOOP("labels", "Повернення назавжди?"),
    "return_katottg": QT_TRANSLATE_NOOP("labels", "Куди повернулася (населений пункт)"),
    "observed_on": QT_TRANSLATE_NOOP("labels", "Дата спостереження"),
    "observed_by": QT_TRANSLATE_NOOP("labels", "Записав"),
    "member_id": QT_TRANSLATE_NOOP("labels", "Особа"),
    "housing": QT_TRANSLATE_NOOP("labels", "Житло"),
    "employment": QT_TRANSLATE_NOOP("labels", "Зайнятість"),
    "income_source": QT_TRANSLATE_NOOP("labels", "Основне джерело доходу"),
    "children_in_school": QT_TRANSLATE_NOOP("labels", "Діти у школі чи садочку"),
    "family_doctor": QT_TRANSLATE_NOOP("labels", "Декларація із сімейним лікарем"),
    "living_allowance": QT_TRANSLATE_NOOP("labels", "Допомога ВПО на проживання виплачується"),
    "id_documents_restored": QT_TRANSLATE_NOOP("labels", "Документи, що посвідчують особу, відновлено"),
    "property_documents_restored": QT_TRANSLATE_NOOP("labels", "Документи на майно відновлено"),
    "field": QT_TRANSLATE_NOOP("labels", "Що змінилося"),
    "from_value": QT_TRANSLATE_NOOP("labels", "Було"),
    "to_value": QT_TRANSLATE_NOOP("labels", "Стало"),
    "changed_on": QT_TRANSLATE_NOOP("labels", "Дата зміни"),
    "changed_by": QT_TRANSLATE_NOOP("labels", "Змінив"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def label(kind: str, code: str | None) -> str:
    """The name of `code` in the current language; unknown codes are shown as they are."""
    if code is None:
        return ""
    text = CHOICES.get(kind, {}).get(code)
    return _tr(text) if text else str(code)


def short_label(kind: str, code: str | None) -> str:
    text = SHORT.get(kind, {}).get(code or "")
    return _tr(text) if text else label(kind, code)


def choices(kind: str) -> list[tuple[str, str]]:
    """(code, name) pairs in the schema's order, for combo boxes and filters."""
    return [(code, label(kind, code)) for code in ORDER[kind]]


def field_value_label(field: str, value) -> str:
    """A stored value of a record field as text: choice names, lists joined, yes/no."""
    if value is None or value == "" or value == []:
        return "—"
    kind = FIELD_KINDS.get(field)
    if isinstance(value, list):
        return ", ".join(label(kind, v) if kind else str(v) for v in value)
    if isinstance(value, bool):
        return _tr("так") if value else _tr("ні")
    if kind:
        return label(kind, value)
    return str(value)


# lupdate needs the literal strings used by field_value_label's yes/no.
_YES_NO = (QT_TRANSLATE_NOOP("labels", "так"), QT_TRANSLATE_NOOP("labels", "ні"))


_NOTE_OF = QT_TRANSLATE_NOOP("labels", "Примітка: %1")


def field_label(field: str) -> str:
    """The name of a record field; a need domain's note field is "Note: <domain>"; a merge names its
    fields with their record type ("person.phones")."""
    field = field.partition(".")[2] or field
    if field in CHOICES["need_domain"]:
        return label("need_domain", field)
    if field.endswith("_note") and field[:-5] in CHOICES["need_domain"]:
        return _tr(_NOTE_OF).replace("%1", label("need_domain", field[:-5]))
    text = FIELDS.get(field)
    return _tr(text) if text else field
