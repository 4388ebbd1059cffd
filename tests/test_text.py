"""sync.text.uk_sort_key: Ukrainian alphabetical order as plain code-point order."""

import random
import unicodedata

from sync import text as T
from sync.text import uk_sort_key


def _reference_key(text: str | None) -> str:
    """The rule written out letter by letter: each Ukrainian letter to its key, apostrophes and hyphens dropped."""
    if not text:
        return ""
    out = []
    for ch in unicodedata.normalize("NFC", text.strip().lower()):
        if ch in T._APOSTROPHES or ch == "-":
            continue
        out.append(T._LETTER_KEYS.get(ch, ch))
    return "".join(out)


def test_ukrainian_order():
    words = ["Яковенко", "Гнатюк", "Ґудзь", "Еней", "Єрмак", "Іваненко", "Їжак", "Иванів", "Бабій", "Smith"]
    assert sorted(words, key=uk_sort_key) == ["Smith", "Бабій", "Гнатюк", "Ґудзь", "Еней", "Єрмак", "Иванів",
                                              "Іваненко", "Їжак", "Яковенко"]
    assert uk_sort_key("Мар'яна") == uk_sort_key("Марʼяна") == uk_sort_key("марЯна")
    assert uk_sort_key("Петренко-Шевчук") == uk_sort_key(" петренкошевчук ")
    assert uk_sort_key(None) == uk_sort_key("") == ""


def test_same_key_as_the_rule_letter_by_letter():
    alphabet = (T.UKRAINIAN_ALPHABET + T.UKRAINIAN_ALPHABET.upper() + "ёъыэЁЪЫЭ-'\u2019\u02bc`\u2018 abcXYZ019.,é"
                + "и\u0306")  # и + combining breve: NFC makes it й
    rng = random.Random(7)
    for _ in range(20_000):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 16)))
        assert uk_sort_key(word) == _reference_key(word), word
