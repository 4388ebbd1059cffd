"""Reading the free-text values of office lists: vulnerabilities, relationships, whole names, households.

Office lists write these as people say them ("інвалід 2 гр.", "багатодітна", "донька",
"Іваненко Марія Петрівна, донька, 12.03.2010; Іваненко Петро, син"). Each reader returns codes of
sync.records.schema or raises CellError: a value that cannot be read is reported, never guessed.
Qt-free; labels for people are Ukrainian, as in the rest of the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from desktop.services.import_cells import CellError, cell_text, fold_key
from sync.records.dates import parse_date

VULNERABILITY_LABELS = {
    "disability_1": "інвалідність I групи", "disability_2": "інвалідність II групи",
    "disability_3": "інвалідність III групи", "child_disability": "дитина з інвалідністю", "child": "дитина",
    "orphan": "дитина-сирота або позбавлена батьківського піклування",
    "older_person": "особа похилого віку, пенсіонер", "large_family": "багатодітна сім'я",
    "single_parent": "одинокий батько або мати", "pregnancy": "вагітність",
    "chronic_illness": "хронічне захворювання",
    "veteran_family": "ветеран або сім'я загиблого чи зниклого захисника",
    "violence_survivor": "постраждала від насильства", "low_income": "малозабезпеченість",
}
DISPLACEMENT_STAGE_LABELS = {"evacuation": "евакуація", "adaptation": "адаптація", "integration": "інтеграція",
                             "return": "повернення", "other_durable_solution": "інше довготривале рішення"}
RELATIONSHIP_LABELS = {"spouse": "чоловік або дружина", "child": "син або дочка", "parent": "батько або мати",
                       "sibling": "брат або сестра", "grandparent": "дідусь або бабуся",
                       "grandchild": "онук або онука", "guardian": "опікун", "other": "інший родич"}

# Relationship words as lists write them; the ones that also say the sex say it.
_RELATIONSHIP_WORDS: dict[str, tuple[str, str | None]] = {
    "чоловік": ("spouse", "male"), "дружина": ("spouse", "female"), "жінка": ("spouse", "female"),
    "подружжя": ("spouse", None), "spouse": ("spouse", None), "husband": ("spouse", "male"),
    "wife": ("spouse", "female"),
    "син": ("child", "male"), "донька": ("child", "female"), "дочка": ("child", "female"),
    "доч": ("child", "female"), "дитина": ("child", None), "діти": ("child", None), "child": ("child", None),
    "son": ("child", "male"), "daughter": ("child", "female"), "пасинок": ("child", "male"),
    "падчерка": ("child", "female"),
    "мати": ("parent", "female"), "мама": ("parent", "female"), "матір": ("parent", "female"),
    "батько": ("parent", "male"), "тато": ("parent", "male"), "parent": ("parent", None),
    "mother": ("parent", "female"), "father": ("parent", "male"), "свекруха": ("other", "female"),
    "теща": ("other", "female"), "свекор": ("other", "male"), "тесть": ("other", "male"),
    "брат": ("sibling", "male"), "сестра": ("sibling", "female"), "sibling": ("sibling", None),
    "brother": ("sibling", "male"), "sister": ("sibling", "female"),
    "бабуся": ("grandparent", "female"), "баба": ("grandparent", "female"), "бабця": ("grandparent", "female"),
    "дідусь": ("grandparent", "male"), "дід": ("grandparent", "male"), "grandparent": ("grandparent", None),
    "онук": ("grandchild", "male"), "онука": ("grandchild", "female"), "онучка": ("grandchild", "female"),
    "grandchild": ("grandchild", None),
    "опікун": ("guardian", None), "опікунка": ("guardian", "female"), "піклувальник": ("guardian", None),
    "guardian": ("guardian", None),
    "інше": ("other", None), "інший": ("other", None), "інший родич": ("other", None), "родич": ("other", None),
    "other": ("other", None), "племінник": ("other", "male"), "племінниця": ("other", "female"),
    "зять": ("other", "male"), "невістка": ("other", "female"), "співмешканець": ("other", "male"),
    "співмешканка": ("other", "female"),
}
RELATIONSHIP_WORDS = {fold_key(k): v for k, v in _RELATIONSHIP_WORDS.items()}
RELATIONSHIP_WORDS.update({fold_key(label): (code, None) for code, label in RELATIONSHIP_LABELS.items()})
RELATIONSHIP_WORDS.update({code: (code, None) for code in RELATIONSHIP_LABELS})

# Vulnerabilities: (words that must all occur in the folded text, code), most specific first.
_VULNERABILITY_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("дит", "інвалід"), "child_disability"), (("child", "disab"), "child_disability"),
    (("сирот",), "orphan"), (("позбавлен", "піклув"), "orphan"), (("orphan",), "orphan"),
    (("інвалід", "iii"), "disability_3"), (("інвалід", "ііі"), "disability_3"), (("інвалід", "3"), "disability_3"),
    (("інвалід", "ii"), "disability_2"), (("інвалід", "іі"), "disability_2"), (("інвалід", "2"), "disability_2"),
    (("інвалід", "i"), "disability_1"), (("інвалід", "і"), "disability_1"), (("інвалід", "1"), "disability_1"),
    (("disab", "3"), "disability_3"), (("disab", "2"), "disability_2"), (("disab", "1"), "disability_1"),
    (("багатодітн",), "large_family"), (("large", "famil"), "large_family"),
    (("одинок",), "single_parent"), (("single", "parent"), "single_parent"),
    (("вагітн",), "pregnancy"), (("pregnan",), "pregnancy"),
    (("хроніч",), "chronic_illness"), (("тяжк", "захвор"), "chronic_illness"), (("chronic",), "chronic_illness"),
    (("ветеран",), "veteran_family"), (("убд",), "veteran_family"), (("учасник", "бойов"), "veteran_family"),
    (("загибл",), "veteran_family"), (("зникл",), "veteran_family"), (("захисник",), "veteran_family"),
    (("veteran",), "veteran_family"),
    (("насильств",), "violence_survivor"), (("violence",), "violence_survivor"),
    (("малозабезпеч",), "low_income"), (("низьк", "дох"), "low_income"), (("low", "income"), "low_income"),
    (("пенсіон",), "older_person"), (("похил",), "older_person"), (("older",), "older_person"),
    (("pension",), "older_person"),
    (("дитин",), "child"), (("неповнолітн",), "child"), (("child",), "child"),
)
_ROMAN_GROUP = re.compile(r"(?<![a-zа-яії])(iii|ii|i|ііі|іі|і|[123])(?![a-zа-яії0-9])")
_LIST_SPLIT = re.compile(r"[;,\n/]+")


@lru_cache(maxsize=1024)  # an office writes the same few phrases on thousands of rows
def _vulnerability(part: str) -> str | None:
    key = fold_key(part)
    if key in VULNERABILITY_CODES:
        return VULNERABILITY_CODES[key]
    words = key.split()
    for needed, code in _VULNERABILITY_RULES:
        if code.startswith("disability_"):
            # The group is a word of its own ("2 групи", "II гр."), not a digit inside something else.
            group = {"disability_1": ("i", "і", "1"), "disability_2": ("ii", "іі", "2"),
                     "disability_3": ("iii", "ііі", "3")}[code]
            if any(needed[0] in w for w in words) and any(m.group(1) in group for m in _ROMAN_GROUP.finditer(key)):
                return code
            continue
        if all(any(n in w for w in words) for n in needed):
            return code
    return None


VULNERABILITY_CODES = {fold_key(label): code for code, label in VULNERABILITY_LABELS.items()}
VULNERABILITY_CODES.update({code: code for code in VULNERABILITY_LABELS})


def parse_vulnerabilities(value: Any) -> list[str]:
    """Codes from "інвалід 2 гр., багатодітна; пенсіонер"; CellError if a part cannot be read."""
    text = cell_text(value)
    codes: list[str] = []
    for part in _LIST_SPLIT.split(text):
        if not part.strip():
            continue
        code = _vulnerability(part)
        if code is None:
            raise CellError("vulnerability_unknown")
        if code not in codes:
            codes.append(code)
    return codes


def parse_relationship(value: Any) -> tuple[str, str | None]:
    """(relationship code, sex the word implies or None); CellError if it is not a known word."""
    key = fold_key(cell_text(value))
    found = RELATIONSHIP_WORDS.get(key)
    if found is None:
        found = next((RELATIONSHIP_WORDS[w] for w in key.split() if w in RELATIONSHIP_WORDS), None)
    if found is None:
        raise CellError("relationship_unknown")
    return found


def split_full_name(value: Any) -> dict[str, str]:
    """"Прізвище Ім'я По батькові" as the three fields; one word is a given name only."""
    words = cell_text(value).split()
    if not words:
        return {}
    if len(words) == 1:
        return {"given_name": words[0]}
    out = {"surname": words[0], "given_name": words[1]}
    if len(words) > 2:
        out["patronymic"] = " ".join(words[2:])
    return out


# --- a household written in one cell ------------------------------------------------------------

_DATE_IN_TEXT = re.compile(r"\b(\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})\b")
_YEAR_ONLY = re.compile(r"\b(19|20)\d{2}\s*(р\.?|року|р\.н\.?)?")
_ENTRY_SPLIT = re.compile(r"[;\n]+")


@dataclass
class MemberText:
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # codes of what could not be read


def parse_household_text(value: Any) -> list[MemberText]:
    """Members from "Іваненко Марія Петрівна, донька, 12.03.2010; Петро, син, 2015-06-01".

    Each entry (between ";" or line breaks) has a name, a relationship word and optionally a
    birth date, in any order, separated by commas or spaces. An entry without a relationship word
    or a name is reported, not guessed.
    """
    members = []
    for entry in _ENTRY_SPLIT.split(cell_text(value)):
        if not entry.strip(" ,.-"):
            continue
        member = MemberText()
        text = entry
        found = _DATE_IN_TEXT.search(text)
        if found:
            try:
                member.fields["birth_date"] = parse_date(found.group(1).replace("/", ".")).isoformat()
            except ValueError:
                member.problems.append("invalid_date")
            text = text[:found.start()] + " " + text[found.end():]
        elif _YEAR_ONLY.search(text):
            member.problems.append("invalid_date")  # a year alone is not a birth date
            text = _YEAR_ONLY.sub(" ", text)
        text = re.sub(r"\b(н\.?|р\.н\.?|д\.н\.?|народж\w*)", " ", text)
        words = [w for w in re.split(r"[\s,()]+", text) if w.strip(" .-")]
        relationship = None
        name_words = []
        for word in words:
            key = fold_key(word)
            if relationship is None and key in RELATIONSHIP_WORDS:
                relationship = RELATIONSHIP_WORDS[key]
            else:
                name_words.append(word.strip(" .-"))
        if relationship is None:
            member.problems.append("relationship_unknown")
        else:
            member.fields["relationship"] = relationship[0]
            if relationship[1]:
                member.fields["sex"] = relationship[1]
        if name_words:
            member.fields.update(split_full_name(" ".join(name_words)))
        else:
            member.problems.append("member_name_missing")
        members.append(member)
    return members

