"""Name normalisation, matching keys, acronyms and fuzzy similarity.

Used by the knowledge-base loader (alias collisions) and by the link stage
(alias resolution). Everything here is a pure function of its input.

``normalize`` folds the spelling variation that never changes identity:
Unicode width and case, diacritics, dash / apostrophe / quote variants,
punctuation, the English article "the", a possessive "'s", the Arabic
article written "al-", "el-", "ul-", "as-" ... (always "al"), the Persian
ezafe written "-e-" / "-i-" (always "e"), and Arabic-script letter variants
(alef forms, Persian yeh and keheh, teh marbuta, tatweel).

``keys`` adds looser keys: the name without Arabic articles and, for
Cyrillic or Arabic script, a Latin transliteration (``anyascii``) so that
"Vilayat Khorasan" written in Latin meets "Вилаят Хорасан".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u058a\u05be"
_APOSTROPHES = "\u2019\u2018\u02bc\u02bb\u02bd\u0060\u00b4\u2032\u201b\uff07"
_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2039\u203a\uff02"
_TRANSLATE = str.maketrans(
    {
        **{c: "-" for c in _DASHES},
        **{c: "'" for c in _APOSTROPHES},
        **{c: '"' for c in _QUOTES},
        # Arabic-script letter variants that spell the same name.
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0649": "\u064a",  # alef maksura -> yeh
        "\u06cc": "\u064a",  # Persian yeh -> Arabic yeh
        "\u06d2": "\u064a",  # Urdu yeh barree -> yeh
        "\u06a9": "\u0643",  # keheh -> kaf
        "\u06c1": "\u0647",  # Urdu heh goal -> heh
        "\u0640": None,  # tatweel (letter stretching) carries no meaning
        "\u200c": None,  # zero-width non-joiner: Persian writes it inconsistently
        "\u200d": None,
        "\u0451": "\u0435",  # Cyrillic yo -> ie, as most Russian text does
    }
)

# Arabic article before a hyphen in every transliteration ("al-", "el-", "ul-", the sun-letter
# assimilations "as-", "ash-", "ad-" ...), or as a separate word ("al Qaeda", "el Muhajir").
_ARTICLE_HYPHEN = re.compile(r"\b(?:al|el|ul|ud|ad|adh|ar|as|ash|at|ath|az|an|un|ur|us)-(?=\w)")
_ARTICLE_WORD = re.compile(r"\b(?:el|ul)\b(?=\s+\w)")
_EZAFE = re.compile(r"(?<=\w)-(?:e|i|y)-(?=\w)")
_POSSESSIVE = re.compile(r"'s\b")
_DROP_CHARS = re.compile(r"['.\u0654\u0655]")
_NON_WORD = re.compile(r"[^\w]+")
_ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_NON_LATIN_LETTERS = re.compile(r"[^\W\d_a-z]")

_STOPWORDS = frozenset({"the"})
_ARTICLES = frozenset({"al"})
# Words skipped when forming an acronym ("Islamic State of Iraq and the Levant" -> ISIL).
_ACRONYM_SKIP = frozenset(
    {"of", "the", "and", "in", "for", "on", "e", "i", "wal", "wa", "de", "la"}
)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Return the canonical matching form of ``name`` (lower case, single spaces)."""
    text = unicodedata.normalize("NFKC", name).translate(_TRANSLATE).casefold()
    text = _strip_marks(text)
    text = _POSSESSIVE.sub("", text)
    text = _EZAFE.sub(" e ", text)
    text = _ARTICLE_HYPHEN.sub("al ", text)
    text = _DROP_CHARS.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    # after separators are spaces, so "el" before any separator is read the same way twice
    text = _ARTICLE_WORD.sub("al", text)
    words = [word for word in text.split() if word not in _STOPWORDS]
    return " ".join(words)


def _without_articles(norm: str) -> str:
    return " ".join(word for word in norm.split() if word not in _ARTICLES)


def _transliterate(norm: str) -> str:
    return normalize(anyascii(norm))


def is_latin(text: str) -> bool:
    """True when ``text`` has no letters outside basic Latin (after normalisation)."""
    return not _NON_LATIN_LETTERS.search(normalize(text))


def ordered_keys(name: str) -> list[str]:
    """The keys of ``name``, most specific first (the normalised form leads)."""
    norm = normalize(name)
    if not norm:
        return []
    found = [norm]
    bare = _without_articles(norm)
    if bare and bare not in found:
        found.append(bare)
    if _NON_LATIN_LETTERS.search(norm):
        latin = _transliterate(norm)
        for key in (latin, _without_articles(latin)):
            if key and key not in found:
                found.append(key)
    return found


def keys(name: str) -> set[str]:
    """All matching keys of ``name``: normalised, article-free and transliterated forms."""
    return set(ordered_keys(name))


def acronym(name: str) -> str:
    """Upper-case initials of the significant words: "Tehrik-i-Taliban Pakistan" -> "TTP".

    A leading Arabic article counts ("Al-Qaeda in the Arabian Peninsula" -> "AQAP");
    later articles, ezafe and English function words do not.
    """
    words = normalize(name).split()
    letters = []
    for position, word in enumerate(words):
        if word in _ACRONYM_SKIP or (word in _ARTICLES and position > 0):
            continue
        letters.append(word[0])
    return "".join(letters).upper()


def compact(text: str) -> str:
    """``text`` without spaces, dashes, dots or a possessive: "IS-K" -> "ISK", "U.S." -> "US"."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _POSSESSIVE.sub("", text)
    return re.sub(r"[\s.\-']+", "", text)


def looks_like_acronym(text: str) -> bool:
    """Short and mostly upper case: "ISKP", "IS-K", "LeT", "ГКНБ" (not "Daesh", not "is")."""
    letters = compact(text)
    if not 2 <= len(letters) <= 7 or not letters.isalnum():
        return False
    upper = sum(ch.isupper() for ch in letters)
    lower = sum(ch.islower() for ch in letters)
    return upper >= 2 and upper > lower


# Transliteration variants folded before fuzzy comparison: Muhajir / Mohajer, Ghafari / Ghaffari,
# Khurasan / Khorasan, Qaeda / Kaeda, Sayed / Said.
_FOLDS = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ph", "f"),
    ("q", "k"),
    ("o", "u"),
    ("e", "i"),
    ("y", "i"),
)
_DOUBLED = re.compile(r"(\w)\1+")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A lossy phonetic key of a Latin name for fuzzy comparison (articles dropped)."""
    text = _without_articles(normalize(name))
    if _NON_LATIN_LETTERS.search(text):
        text = _without_articles(_transliterate(text))
    for old, new in _FOLDS:
        text = text.replace(old, new)
    return _DOUBLED.sub(r"\1", text)


# A folded match scores at most this: exact spelling stays distinguishable from a variant.
_FOLDED_WEIGHT = 0.96


def similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1] after normalisation; 1.0 means same normalised form."""
    norm_a, norm_b = normalize(a), normalize(b)
    if not norm_a or not norm_b:
        return 0.0
    if norm_a == norm_b:
        return 1.0
    plain = fuzz.ratio(norm_a, norm_b) / 100.0
    folded = fuzz.ratio(fold(a), fold(b)) / 100.0 * _FOLDED_WEIGHT
    return max(plain, folded)


def script_of(text: str) -> str:
    """ISO 15924 code of the dominant letter script: "Latn", "Cyrl", "Arab" or "Zyyy"."""
    counts = {"Latn": 0, "Cyrl": 0, "Arab": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u04ff":
            counts["Cyrl"] += 1
        elif _ARABIC_LETTERS.match(ch):
            counts["Arab"] += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
            counts["Latn"] += 1
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] else "Zyyy"
