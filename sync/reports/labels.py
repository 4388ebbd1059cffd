"""Names of report rows and columns in Ukrainian and English (Qt-free: the server and the CLI use them too).

The desktop's own labels (desktop/ui/labels.py) go through Qt's translator; reports are also made
on the server and from the command line, so their words live here, Ukrainian first.
"""

from __future__ import annotations

UNKNOWN = ("не вказано", "not stated")
TOTAL = ("Усього", "Total")

VALUES: dict[str, dict[str, tuple[str, str]]] = {
    "category": {
        "idp": ("ВПО", "IDP"), "returnee_abroad": ("Повернулися з-за кордону", "Returned from abroad"),
        "returnee_deoccupied": ("Повернулися на деокуповану територію", "Returned to de-occupied territory"),
        "local_difficult": ("Місцеві у складних життєвих обставинах", "Local residents in difficulty"),
    },
    "status": {"open": ("Відкрита", "Open"), "active": ("Активна", "Active"),
               "suspended": ("Призупинена", "Suspended"), "closed": ("Закрита", "Closed")},
    "stage": {"identification": ("Виявлення", "Identification"), "assessment": ("Оцінювання потреб", "Assessment"),
              "planning": ("Планування", "Planning"), "services": ("Надання послуг", "Services"),
              "monitoring": ("Моніторинг", "Monitoring"), "closure": ("Закриття", "Closure")},
    "displacement_stage": {"evacuation": ("Евакуація", "Evacuation"), "adaptation": ("Адаптація", "Adaptation"),
                           "integration": ("Інтеграція", "Integration"), "return": ("Повернення", "Return"),
                           "other_durable_solution": ("Інше довготривале рішення", "Other durable solution")},
    "closure_reason": {
        "goals_achieved": ("Цілей досягнуто", "Goals achieved"),
        "durable_solution": ("Довготривале рішення", "Durable solution"),
        "moved_away": ("Переїхали", "Moved away"), "transferred": ("Передано іншому офісу", "Transferred"),
        "refused_support": ("Відмова від підтримки", "Refused support"), "no_contact": ("Немає зв'язку", "No contact"),
        "deceased": ("Смерть", "Deceased"), "other": ("Інша причина", "Other")},
    "sex": {"male": ("Чоловіки", "Men"), "female": ("Жінки", "Women")},
    "age_band": {"0-4": ("0–4", "0–4"), "5-11": ("5–11", "5–11"), "12-17": ("12–17", "12–17"),
                 "18-59": ("18–59", "18–59"), "60+": ("60+", "60+")},
    "disability": {"1": ("з інвалідністю", "with disability"), "0": ("без інвалідності", "without disability")},
    "domain": {
        "housing": ("Житло", "Housing"), "income_employment": ("Дохід і зайнятість", "Income and employment"),
        "health_rehabilitation": ("Здоров'я і реабілітація", "Health and rehabilitation"),
        "psychosocial": ("Психосоціальна підтримка", "Psychosocial support"),
        "documents_legal": ("Документи і правова допомога", "Documents and legal aid"),
        "education_childcare": ("Освіта і догляд за дітьми", "Education and childcare"),
        "humanitarian_basic": ("Гуманітарні й базові потреби", "Humanitarian and basic needs"),
        "social_benefits": ("Соціальні виплати", "Social benefits"), "other": ("Інше", "Other")},
    "severity": {"none": ("немає", "none"), "low": ("низька", "low"), "medium": ("середня", "medium"),
                 "high": ("висока", "high"), "critical": ("критична", "critical")},
    "service_status": {"planned": ("Заплановано", "Planned"), "referred": ("Направлено", "Referred"),
                       "in_progress": ("Надається", "In progress"), "delivered": ("Надано", "Delivered"),
                       "declined": ("Відмовлено", "Declined")},
    "provider_kind": {"office": ("Власний офіс", "Own office"), "state": ("Державні", "State"),
                      "ngo": ("Громадські (НУО)", "NGO"), "international": ("Міжнародні", "International"),
                      "business": ("Бізнес", "Business"), "community": ("Громада", "Community")},
    "housing": {"collective_centre": ("Місце компактного проживання", "Collective centre"),
                "hosted": ("У родичів чи знайомих", "Hosted by relatives or friends"),
                "rented": ("Оренда", "Rented"), "own": ("Власне житло", "Own"),
                "dormitory_social": ("Гуртожиток, соціальне житло", "Dormitory or social housing"),
                "other": ("Інше", "Other")},
    "employment": {"employed": ("Працює", "Employed"), "self_employed": ("Самозайнятість", "Self-employed"),
                   "registered_unemployed": ("Безробітний (центр зайнятості)", "Registered unemployed"),
                   "not_working": ("Не працює", "Not working"), "pensioner": ("Пенсіонер", "Pensioner"),
                   "student": ("Навчається", "Student")},
    "income_source": {"wages": ("Заробітна плата", "Wages"), "self_employment": ("Власна справа", "Self-employment"),
                      "pension": ("Пенсія", "Pension"), "social_benefits": ("Соціальні виплати", "Social benefits"),
                      "idp_allowance": ("Допомога ВПО на проживання", "IDP living allowance"),
                      "humanitarian_aid": ("Гуманітарна допомога", "Humanitarian aid"),
                      "family_support": ("Підтримка родини", "Family support"),
                      "no_income": ("Без доходу", "No income"), "other": ("Інше", "Other")},
    "yes_no": {"yes": ("так", "yes"), "no": ("ні", "no"), "not_applicable": ("не стосується", "not applicable")},
    "indicator": {
        "housing": ("Житло", "Housing"), "employment": ("Зайнятість", "Employment"),
        "income_source": ("Основне джерело доходу", "Main income source"),
        "children_in_school": ("Діти у школі чи садочку", "Children in school or kindergarten"),
        "family_doctor": ("Декларація із сімейним лікарем", "Declaration with a family doctor"),
        "living_allowance": ("Допомога ВПО на проживання виплачується", "IDP living allowance in payment"),
        "id_documents_restored": ("Документи, що посвідчують особу, відновлено", "Identity documents restored"),
        "property_documents_restored": ("Документи на майно відновлено", "Property documents restored")},
    "moment": {"start": ("На початок", "At start"), "end": ("На кінець", "At end"), "change": ("Зміна", "Change")},
    "quality": {"rnokpp_missing": ("Без РНОКПП і без позначки про відмову", "No RNOKPP and no refusal mark"),
                "warnings": ("З неусуненими попередженнями перевірки", "With unresolved validation warnings"),
                "no_assessment": ("Без оцінювання потреб", "Without a needs assessment")},
    "reach": {"households": ("Домогосподарства", "Households"), "members": ("Осіб у них", "People in them")},
    "listed": {"1": ("Із території бойових дій/окупації (перелік)", "From a listed hostilities/occupation area"),
               "0": ("З інших територій", "From other areas")},
    "transfer_direction": {"out": ("Вихідні (до інших офісів)", "Outgoing (to other offices)"),
                           "in": ("Вхідні (від інших офісів)", "Incoming (from other offices)")},
    "transfer_state": {"pending": ("Очікує відповіді", "Awaiting an answer"), "accepted": ("Прийнято", "Accepted"),
                       "declined": ("Відхилено", "Declined"), "revoked": ("Відкликано", "Revoked"),
                       "expired": ("Строк минув", "Expired")},
    "aid_kind": {"cash_assistance": ("Багатоцільова грошова допомога", "Multipurpose cash"),
                 "food_kit": ("Продуктовий набір", "Food kit"), "hygiene_kit": ("Гігієнічний набір", "Hygiene kit"),
                 "winter_support": ("Зимова підтримка", "Winter support")},
    "overlap_status": {"open": ("Не переглянуто", "Not reviewed"), "reviewed": ("Переглянуто", "Reviewed")},
    "measure": {"count": ("Кількість", "Count"), "median_days": ("Медіана днів від направлення до надання",
                                                                 "Median days from referral to delivery"),
                "cases": ("Справ", "Cases"), "last_change": ("Останні дані", "Latest data")},
}
# Indicator values use the value set of their field (yes/no fields share one).
for _name in ("children_in_school", "family_doctor", "living_allowance", "id_documents_restored",
              "property_documents_restored"):
    VALUES[_name] = VALUES["yes_no"]
VALUES["from_stage"] = VALUES["to_stage"] = VALUES["displacement_stage"]


def value_label(dim: str, value: object, lang: str = "uk") -> str:
    if value is None or value == "":
        return UNKNOWN[lang == "en"]
    pair = VALUES.get(dim, {}).get(str(value))
    return pair[lang == "en"] if pair else str(value)


def text(pair: tuple[str, str], lang: str = "uk") -> str:
    return pair[1] if lang == "en" else pair[0]
