"""Place-name normalisation shared by the index builder and the look-up.

Both sides must agree exactly, so the one function that turns a surface
form into an index key lives here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophes and dots vanish ("D'Aunoy" -> "daunoy", "U.S." -> "us");
# dashes, slashes and underscores become spaces ("Mazar-i-Sharif").
_DROP = re.compile(r"[\u0027\u2019\u2018\u02bc\u02bb`´.\u0640]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015\u2212/_,()]+")
# Persian/Pashto ezafe connectives inside a name: "Mazar-e Sharif" and
# "Mazar-i-Sharif" share the key "mazar sharif".
_EZAFE = {"i", "e", "ye", "yi", "al", "el"}

# Words that only say what kind of place follows or precedes a name.
PLACE_SUFFIXES: dict[str, str] = {
    "province": "province",
    "provinces": "province",
    "region": "province",
    "oblast": "province",
    "viloyati": "province",
    "wilayat": "province",
    "state": "province",
    "district": "district",
    "districts": "district",
    "county": "district",
    "agency": "district",
    "tehsil": "district",
    "valley": "region",
    "city": "city",
    "town": "city",
    "village": "city",
}


def fold(text: str) -> str:
    """Lower-case and strip diacritics, keeping non-Latin letters intact."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFKC", kept).casefold()


@lru_cache(maxsize=65_536)  # pure, and the same words recur across a corpus
def normalize_name(text: str) -> str:
    """Index key of a place name: folded, punctuation-free, ezafe-free."""
    folded = _SPACE.sub(" ", _DROP.sub("", fold(text))).strip()
    tokens = folded.split()
    if len(tokens) > 2:
        tokens = [tokens[0]] + [t for t in tokens[1:-1] if t not in _EZAFE] + [tokens[-1]]
    return " ".join(tokens)


def name_variants(text: str) -> list[tuple[str, str | None]]:
    """Keys to try for a surface form, best first, each with a type hint.

    "the Kunar Province" -> [("the kunar province", None),
    ("kunar province", None), ("kunar", "province")].
    The full form comes first so that "Rasht Valley" (Tajikistan) wins
    over "Rasht" (a city in Iran).
    """
    key = normalize_name(text)
    variants: list[tuple[str, str | None]] = [(key, None)]
    tokens = key.split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
        variants.append((" ".join(tokens), None))
    if len(tokens) > 1 and tokens[-1] in PLACE_SUFFIXES:
        variants.append((" ".join(tokens[:-1]), PLACE_SUFFIXES[tokens[-1]]))
    elif len(tokens) > 2 and tokens[0] in PLACE_SUFFIXES and tokens[1] == "of":
        # "Province of Kunar", "District of Columbia" is caught by the full form.
        variants.append((" ".join(tokens[2:]), PLACE_SUFFIXES[tokens[0]]))
    return variants
