"""Finding a case as people type it: names in Cyrillic or Latin, with typos, and identifiers.

Exact and prefix matches are range scans of the (kind, term) index of `search_terms`, so they
always see the latest save. Typos are matched in memory against the vocabulary of distinct name
tokens (a few thousand words even at 100,000 cases); the near words found are then looked up
exactly. The vocabulary is reloaded only when the store changed, with a loose index scan that
reads one index entry per distinct word.

Also the duplicate check of the registration form (`find_duplicates`).
Qt-free: runs on the database worker.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from sqlalchemy import text
from sqlalchemy.engine import Engine

from desktop.store.projection import TERMS_ADDED_KEY
from desktop.store.search_terms import birth_term, name_tokens
from sync import matching
from sync.matching import swapped_birth
from sync.records.dates import parse_date
from sync.records.identifiers import (
    normalize_certificate,
    normalize_phone,
    normalize_rnokpp,
    normalize_unzr,
    phone_search_keys,
    transliterate,
)
from sync.text import fold_for_search

EXACT, PREFIX = 3.0, 2.0
FUZZY = {1: 1.0, 2: 0.6}         # full word within 1 (or 2) edits
FUZZY_PREFIX = 0.8               # what was typed so far is one edit from the start of a word
FUZZY_MIN_LEN = 4                # "Шевчнеко": one wrong/missing/extra/swapped letter
FUZZY_TWO_EDITS_LEN = 8          # long names may carry two typos
MAX_FUZZY_TERMS = 40             # per typed word: enough for every plausible reading
ESTIMATE_CAP = 20_000            # counting matches of a word stops here (index-only, ~1 ms)
BROAD_SHARE = 0.05               # a word matching 1 case in 20 or more: walk in name order instead
HIGH = "\U0010ffff"              # above every character: `term < prefix || HIGH` bounds a prefix range

_CYRILLIC = re.compile(r"[а-яіїєґё]")
_LETTER = re.compile(r"[^\W\d_]")
# Passport series typed with the Latin keyboard: АА123456 and AA123456 look the same on paper.
_LATIN_SERIES = str.maketrans("ABCEHIKMOPTX", "АВСЕНІКМОРТХ")


@dataclass(frozen=True)
class SearchHit:
    case_id: str
    score: float  # 0..1: 1 is an exact match of every typed word
    matched: str  # "name", "latin", "rnokpp", "phone", "cert", "unzr", "doc"


@dataclass
class _Token:
    text: str
    kind: str  # "name" (Cyrillic) or "latin"
    fuzzy: dict[str, float] = field(default_factory=dict)  # near words -> quality


# --- the vocabulary of name words ---------------------------------------------------------------

_SIGNATURE = text(
    f"SELECT (SELECT value FROM meta WHERE key = '{TERMS_ADDED_KEY}'), (SELECT max(seq) FROM outbox), "
    "(SELECT value FROM meta WHERE key = 'cursor')")
# One index seek per distinct word (a "loose index scan"): ~5,000 seeks instead of 1.5 M rows.
_DISTINCT_TERMS = text(
    "WITH RECURSIVE v(term) AS ("
    " SELECT min(term) FROM search_terms WHERE kind = :kind"
    " UNION ALL"
    " SELECT (SELECT min(term) FROM search_terms WHERE kind = :kind AND term > v.term) FROM v"
    " WHERE v.term IS NOT NULL)"
    " SELECT term FROM v WHERE term IS NOT NULL")


class _Vocabulary:
    """Distinct "name" and "latin" terms, sorted; reloaded when the store's signature changes.

    The signature (how many writes added search terms, newest pending change, sync cursor) moves on
    every write that can bring a new word and costs three index lookups. Words that disappeared stay
    until the next reload, which is harmless: they are only candidates, looked up exactly.
    """

    def __init__(self) -> None:
        self.signature: tuple | None = None
        self.words: dict[str, list[str]] = {"name": [], "latin": []}
        self._lock = threading.Lock()

    def refresh(self, conn) -> None:
        signature = tuple(conn.execute(_SIGNATURE).one())
        if signature == self.signature:
            return
        with self._lock:
            words = {kind: list(conn.execute(_DISTINCT_TERMS, {"kind": kind}).scalars()) for kind in self.words}
            self.words, self.signature = words, signature

    def has_prefix(self, kind: str, prefix: str) -> bool:
        words = self.words[kind]
        i = bisect_left(words, prefix)
        return i < len(words) and words[i].startswith(prefix)

    def near(self, kind: str, token: str) -> dict[str, float]:
        """Words within one edit (two for long ones) of the token; OSA counts a swap as one edit."""
        if len(token) < FUZZY_MIN_LEN:
            return {}
        limit = 2 if len(token) >= FUZZY_TWO_EDITS_LEN else 1
        found = process.extract(token, self.words[kind], scorer=OSA.distance, score_cutoff=limit,
                                limit=MAX_FUZZY_TERMS)
        return {word: FUZZY[dist] for word, dist, _ in found if dist > 0}

    def near_prefix(self, kind: str, token: str) -> dict[str, float]:
        """Words whose beginning is within one edit of the token: "шевчн" while typing "шевчнеко"."""
        if len(token) < FUZZY_MIN_LEN + 1:
            return {}
        n = len(token)
        out: dict[str, float] = {}
        for word in self.words[kind]:
            if len(word) < n - 1 or not (set(word[:2]) & set(token[:2])):
                continue  # one edit keeps at least one of the first two letters in place
            dist = min(OSA.distance(token, word[:m], score_cutoff=1) for m in (n - 1, n, n + 1))
            if dist <= 1:
                out[word] = FUZZY_PREFIX
                if len(out) >= MAX_FUZZY_TERMS:
                    break
        return out


# --- the search -------------------------------------------------------------------------------

class CaseSearch:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.vocabulary = _Vocabulary()

    def warm_up(self) -> None:
        """Load the vocabulary ahead of the first keystroke (call on the db worker after unlock)."""
        with self.engine.connect() as conn:
            self.vocabulary.refresh(conn)

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Cases matching the query, best first (then in name order).

        A query with a digit in it is read as an identifier (RNOKPP, phone, UNZR, IDP certificate,
        document number); otherwise as words of names, all of which must match.
        """
        query = (query or "").strip()
        if not query or limit <= 0:
            return []
        with self.engine.connect() as conn:
            if any(ch.isdigit() for ch in query):
                return self._search_identifiers(conn, query, limit)
            return self._search_names(conn, query, limit)

    # names ------------------------------------------------------------------------------------
    def _tokens(self, conn, query: str) -> list[_Token]:
        tokens, seen = [], set()
        for word in name_tokens(query):
            if word in seen:
                continue
            seen.add(word)
            tokens.append(_Token(word, "name" if _CYRILLIC.search(word) else "latin"))
        if any(len(tok.text) >= FUZZY_MIN_LEN for tok in tokens):
            self.vocabulary.refresh(conn)
            for tok in tokens:
                tok.fuzzy = self.vocabulary.near(tok.kind, tok.text)
                if not tok.fuzzy and not self.vocabulary.has_prefix(tok.kind, tok.text):
                    tok.fuzzy = self.vocabulary.near_prefix(tok.kind, tok.text)
        return tokens

    def _search_names(self, conn, query: str, limit: int) -> list[SearchHit]:
        """All words must match. The most selective word drives: its matches come from the term
        index; every other word is checked among the few terms of each of those cases.

        A query matching a large share of all cases (one or two letters) walks the cases in name
        order instead and stops at `limit`; such results are ordered by name only.
        """
        tokens = self._tokens(conn, query)
        if not tokens:
            return []
        params: dict[str, Any] = {"limit": limit}
        for i, tok in enumerate(tokens):
            params.update({f"k{i}": tok.kind, f"t{i}": tok.text, f"h{i}": tok.text + HIGH, f"p{i}": f'$."{tok.kind}"'})
            params.update({f"f{i}_{j}": word for j, word in enumerate(tok.fuzzy)})
        counts = [self._estimate(conn, i, tok, params) for i, tok in enumerate(tokens)]
        driver = min(range(len(tokens)), key=lambda i: counts[i])
        if counts[driver] == 0:
            return []
        others = [i for i in range(len(tokens)) if i != driver]
        if counts[driver] >= BROAD_SHARE * self._case_count(conn):
            checks = [_token_quality(i, tokens[i], "c.case_id") for i in range(len(tokens))]
            sql = (f"SELECT case_id, score FROM (SELECT c.case_id, c.sort_key, {' + '.join(checks)} AS score "
                   f"FROM case_index c) WHERE score IS NOT NULL ORDER BY sort_key LIMIT :limit")
        else:
            checks = [f"{_token_quality(i, tokens[i], 'm.case_id')} AS q{i}" for i in others]
            filters = " AND ".join(f"q{i} IS NOT NULL" for i in others) or "1"
            score = " + ".join(["q"] + [f"q{i}" for i in others])
            sql = (f"WITH m AS ({_token_matches(driver, tokens[driver])}), "
                   f"n AS (SELECT m.case_id, m.q{''.join(', ' + c for c in checks)} FROM m) "
                   f"SELECT n.case_id, {score} AS score FROM n JOIN case_index c ON c.case_id = n.case_id "
                   f"WHERE {filters} ORDER BY score DESC, c.sort_key LIMIT :limit")
        matched = "latin" if any(tok.kind == "latin" for tok in tokens) else "name"
        top = EXACT * len(tokens)
        return [SearchHit(row[0], round(row[1] / top, 4), matched) for row in conn.execute(text(sql), params)]

    def _estimate(self, conn, i: int, tok: _Token, params: dict[str, Any]) -> int:
        """How many terms the word matches, counted in the index alone and only up to a cap."""
        sql = f"SELECT count(*) FROM ({_token_rows(i, tok, '1')} LIMIT {ESTIMATE_CAP})"
        return conn.execute(text(sql), params).scalar()

    def _case_count(self, conn) -> int:
        return conn.execute(text("SELECT count(*) FROM case_index")).scalar() or 1

    # identifiers ------------------------------------------------------------------------------
    def _search_identifiers(self, conn, query: str, limit: int) -> list[SearchHit]:
        alternatives = identifier_alternatives(query)
        if not alternatives:
            return []
        params: dict[str, Any] = {"limit": limit}
        parts = []
        for i, (kind, value, prefix) in enumerate(alternatives):
            params.update({f"k{i}": kind, f"v{i}": value, f"h{i}": value + HIGH})
            if prefix:
                parts.append(f"SELECT case_id, kind, CASE WHEN term = :v{i} THEN {EXACT} ELSE {PREFIX} END AS q "
                             f"FROM search_terms WHERE kind = :k{i} AND term >= :v{i} AND term < :h{i}")
            else:
                parts.append(f"SELECT case_id, kind, {EXACT} AS q FROM search_terms WHERE kind = :k{i} AND term = :v{i}")
        # SQLite fills the bare column `kind` from the row that gave max(q).
        sql = (f"WITH m AS (SELECT case_id, max(q) AS q, kind FROM ({' UNION ALL '.join(parts)}) GROUP BY case_id) "
               f"SELECT m.case_id, m.q, m.kind FROM m JOIN case_index c ON c.case_id = m.case_id "
               f"ORDER BY m.q DESC, c.sort_key LIMIT :limit")
        return [SearchHit(row[0], round(row[1] / EXACT, 4), row[2]) for row in conn.execute(text(sql), params)]

    # duplicates -------------------------------------------------------------------------------
    def find_duplicates(self, person: dict[str, Any], *, displacement: dict[str, Any] | None = None,
                        exclude_case_id: str | None = None, conn=None) -> list[DuplicateCandidate]:
        """Cases that may already hold this person (as the applicant or as a household member).

        `conn`: an open connection to read on (an import checks thousands of rows on one).
        """
        if conn is None:
            with self.engine.connect() as own:
                return self.find_duplicates(person, displacement=displacement, exclude_case_id=exclude_case_id,
                                            conn=own)
        found: dict[str, DuplicateCandidate] = {}

        def add(case_id: str, reason: str, score: float) -> None:
            if case_id == exclude_case_id:
                return
            cand = found.setdefault(case_id, DuplicateCandidate(case_id, [], 0.0))
            if reason not in cand.reasons:
                cand.reasons.append(reason)
                # Independent pieces of evidence: each one closes part of the remaining doubt.
                cand.score = round(1 - (1 - cand.score) * (1 - score), 4)

        # The DB-API cursor of the connection: an import asks this for every row, and SQLAlchemy's
        # statement machinery cost more than the four index lookups themselves.
        cursor = conn.connection.dbapi_connection.cursor()
        for reason, kind, term, score in _identifier_evidence(person, displacement or {}):
            for (case_id,) in cursor.execute(_SAME_TERM, (kind, term)):
                add(case_id, reason, score)
        birth = _iso_date(person.get("birth_date"))
        if birth and (person.get("surname") or person.get("given_name")):
            wanted = birth_term(birth, person.get("surname"), person.get("given_name"),
                                person.get("patronymic")).split("|")[1:]
            # The server's rules (sync.matching) for the same birth date and, with a closer name,
            # for day and month swapped; this check's own rule still covers household members
            # registered without a surname.
            for day, swapped in ((birth, False), (swapped_birth(birth), True)):
                if day is None:
                    continue
                for case_id, term in cursor.execute(_BORN_ON, (day + "|", day + "|" + HIGH)).fetchall():
                    names = term.split("|")[1:]
                    shared = matching.name_similarity(_skeletons(wanted), _skeletons(names))
                    if swapped:
                        if shared >= 0.85:
                            add(case_id, "similar_name_swapped_birth_date", 0.5 + 0.3 * shared)
                        continue
                    similarity = max(shared, name_similarity(wanted, names))
                    if similarity > 0:
                        add(case_id, "similar_name_same_birth_date", 0.6 + 0.35 * similarity)
        return sorted(found.values(), key=lambda c: (-c.score, c.case_id))


def _skeletons(names: list[str]) -> tuple[str, str, str]:
    return tuple(matching.skeleton(x) for x in (list(names) + ["", "", ""])[:3])  # type: ignore[return-value]


_SAME_TERM = "SELECT DISTINCT case_id FROM search_terms WHERE kind = ? AND term = ?"
_BORN_ON = "SELECT case_id, term FROM search_terms WHERE kind = 'birth' AND term >= ? AND term < ?"


def _names(i: int, tok: _Token) -> str:
    return ", ".join(f":f{i}_{j}" for j in range(len(tok.fuzzy)))


def _quality_expr(i: int, tok: _Token, term: str = "term") -> str:
    """Quality of one term (the column or value `term`) for word i: exact, prefix, or the fuzzy quality of a
    near word."""
    fuzzy = "".join(f" WHEN :f{i}_{j} THEN {q}" for j, q in enumerate(tok.fuzzy.values()))
    inner = f"CASE {term}{fuzzy} END" if fuzzy else "NULL"
    return (f"CASE WHEN {term} = :t{i} THEN {EXACT} WHEN {term} >= :t{i} AND {term} < :h{i} THEN {PREFIX} "
            f"ELSE {inner} END")


def _token_rows(i: int, tok: _Token, columns: str) -> str:
    """Rows of search_terms matching word i. Range and near words are separate SELECTs: with an
    OR between them SQLite would scan every term of the kind instead of two index ranges."""
    sql = f"SELECT {columns} FROM search_terms WHERE kind = :k{i} AND term >= :t{i} AND term < :h{i}"
    if tok.fuzzy:
        sql += f" UNION ALL SELECT {columns} FROM search_terms WHERE kind = :k{i} AND term IN ({_names(i, tok)})"
    return sql


def _token_matches(i: int, tok: _Token) -> str:
    """(case_id, q) for every case whose terms match word i, from the (kind, term) index."""
    return (f"SELECT case_id, max(q) AS q FROM ({_token_rows(i, tok, f'case_id, {_quality_expr(i, tok)} AS q')}) "
            f"GROUP BY case_id")


def _token_quality(i: int, tok: _Token, case_ref: str) -> str:
    """Best quality of word i among one case's terms (NULL: no match), read from the case's own
    `case_terms` row (its terms of word i's kind, a JSON array: `$."kind"`), found by its key.
    search_terms has no index by case since migration 0011; asked by case, it was read whole for
    every case checked (a two-word search of 20,000 cases ran for minutes)."""
    return (f"(SELECT max({_quality_expr(i, tok, 'j.value')}) FROM case_terms ct, json_each(ct.terms, :p{i}) j "
            f"WHERE ct.case_id = {case_ref})")


def identifier_alternatives(query: str) -> list[tuple[str, str, bool]]:
    """(kind, value, prefix?) readings of a typed number: RNOKPP, phone, UNZR, certificate, document."""
    digits = re.sub(r"\D", "", query)
    has_letters = _LETTER.search(query) is not None
    out: list[tuple[str, str, bool]] = []
    if not has_letters:
        if len(digits) == 10:
            out.append(("rnokpp", digits, False))
        full_phone = len(digits) >= 9 and _is_phone(query)
        for key in phone_search_keys(query):
            if full_phone:
                out.append(("phone", key, False))
            elif len(key) >= 6:
                out.append(("phone", key, True))
                if not key.startswith(("0", "380")):
                    out.append(("phone", "0" + key, True))  # "67 123 45 67": the trunk zero left off
        if len(digits) == 13:
            out.append(("unzr", digits, False))
        elif len(digits) >= 9:
            out.append(("unzr", digits, True))
    value = normalize_certificate(query)
    if len(value) >= 4:
        out.append(("cert", value, True))
        out.append(("doc", value, True))
        latin_series = value.translate(_LATIN_SERIES)
        if latin_series != value:
            out.append(("doc", latin_series, True))
    return out


def _is_phone(text_: str) -> bool:
    try:
        normalize_phone(text_)
    except ValueError:
        return False
    return True


# --- duplicates -------------------------------------------------------------------------------

DUPLICATE_REASON_LABELS = {
    "same_rnokpp": ("Той самий РНОКПП", "Same RNOKPP (tax number)"),
    "same_unzr": ("Той самий УНЗР", "Same UNZR (register number)"),
    "same_certificate": ("Та сама довідка ВПО", "Same IDP certificate"),
    "similar_name_same_birth_date": ("Схоже ім'я і та сама дата народження", "Similar name and same birth date"),
    "similar_name_swapped_birth_date": ("Схоже ім'я, день і місяць народження переставлені",
                                        "Similar name, birth day and month swapped"),
    "same_document": ("Той самий документ", "Same identity document"),
    "same_phone": ("Той самий номер телефону", "Same phone number"),
}


@dataclass
class DuplicateCandidate:
    case_id: str
    reasons: list[str]
    score: float  # 0..1: how likely the same person


def _identifier_evidence(person: dict[str, Any], displacement: dict[str, Any]):
    """(reason, kind, term, weight) for each identifier of the new person, normalised as indexed."""
    rnokpp = normalize_rnokpp(person.get("rnokpp"))
    if rnokpp:
        yield "same_rnokpp", "rnokpp", rnokpp, 0.97
    unzr = re.sub(r"\D", "", normalize_unzr(person.get("unzr")))
    if unzr:
        yield "same_unzr", "unzr", unzr, 0.97
    cert = normalize_certificate(displacement.get("idp_certificate_number"))
    if cert:
        yield "same_certificate", "cert", cert, 0.9
    doc = normalize_certificate(person.get("id_document_number"))
    if len(doc) >= 6:
        yield "same_document", "doc", doc, 0.9
    for phone in person.get("phones") or []:
        if _is_phone(phone):  # a partial number typed so far is no evidence
            yield "same_phone", "phone", phone_search_keys(phone)[0], 0.5  # families share phones


def _iso_date(value: Any) -> str | None:
    """The form may hand over a date, an ISO string or what was typed (dd.mm.yyyy)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    try:
        return parse_date(value).isoformat() if value else None
    except ValueError:
        return None


def _close(a: str, b: str) -> float | None:
    """Similarity 0..1 of two name words if within the typo allowance of search, else None."""
    if not a or not b:
        return None
    longest = max(len(a), len(b))
    allowed = 0 if longest < FUZZY_MIN_LEN else (2 if longest >= FUZZY_TWO_EDITS_LEN else 1)
    dist = OSA.distance(a, b, score_cutoff=allowed)
    return 1 - dist / longest if dist <= allowed else None


def name_similarity(a: list[str], b: list[str]) -> float:
    """0..1 for [surname, given, patronymic] pairs; 0 when they are not plausibly one person.

    Compared in Cyrillic when both are Cyrillic (one typo is one edit there), otherwise both in
    KMU-55 Latin so Шевченко and Shevchenko compare equal. Surname and given name may be swapped
    (imports often do); a missing surname (household members) needs the patronymic instead.
    """
    if not (_CYRILLIC.search(" ".join(a)) and _CYRILLIC.search(" ".join(b))):
        a, b = ([fold_for_search(transliterate(p)) for p in x] for x in (a, b))
    sa, ga, pa = a
    sb, gb, pb = b
    if sa and sb:
        pairs = [(_close(sa, sb), _close(ga, gb)), (_close(sa, gb), _close(ga, sb))]
        scores = [(x + y) / 2 for x, y in pairs if x is not None and y is not None]
        return max(scores, default=0.0)
    given, patronymic = _close(ga, gb), _close(pa, pb)
    return (given + patronymic) / 2 if given is not None and patronymic is not None else 0.0
