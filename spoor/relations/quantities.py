"""Counts in text: "13", "1,500", "three", "dozens" (ACLED's conventions, see weapons.yaml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

if TYPE_CHECKING:
    from spoor.relations.lexicon import Lexicon

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
}


def number_value(text: str) -> int | None:
    """An integer from digits ("1,500") or a number word ("three"); None otherwise."""
    cleaned = text.lower().replace(",", "").strip()
    if cleaned.isdigit():
        return int(cleaned)
    return _WORDS.get(cleaned)


def parse_count(token: Token, lexicon: Lexicon) -> int | None:
    """The count a number token stands for, the lowest where a range is given.

    "at least 13" and "more than 140" keep the stated number (ACLED takes the most
    conservative figure); a range "10 to 15" gives 10; "dozens" gives 12.
    """
    values = range_values(token)
    if values:
        return min(values)
    return lexicon.vague_counts.get(token.lower_)


def range_values(token: Token) -> list[int]:
    """Numbers in a number token and its quantity modifiers ("1,500 to 2,200"), a range
    written as one token ("1,000-1,500") and a number word times a multiplier ("two
    thousand" is 2,000, not 2 and 1,000)."""
    joined = _joined_range(token.text)
    if joined:
        return joined
    multiplier = _MULTIPLIERS.get(token.lower_)
    if multiplier is not None:
        factors = [
            number_value(c.text)
            for c in token.children
            if c.dep_ in ("compound", "nummod") and c.i < token.i
        ]
        if factors and all(f is not None for f in factors):
            return [f * multiplier for f in factors if f is not None]
    values = []
    for item in sorted([token, *token.children], key=lambda t: t.i):
        if item is token or item.dep_ in ("quantmod", "nummod", "conj", "compound"):
            value = number_value(item.text)
            if value is not None:
                values.append(value)
    return values


_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_DASHES = ("\u2013", "\u2014", "-")


def _joined_range(text: str) -> list[int]:
    """ "1,000-1,500" or "1,000\u20131,500" in one token: both ends; [] otherwise."""
    for dash in _DASHES:
        low, sep, high = text.partition(dash)
        if sep and low and high:
            ends = [number_value(low), number_value(high)]
            return [v for v in ends if v is not None] if all(ends) else []
    return []


# Words before a number that qualify it, longest first. Lower bounds keep the number as the
# minimum ("more than 600": at least 600), upper bounds as the maximum ("as many as 500"),
# approximations keep it as the value ("about 30") and mark it approximate.
_LOWER = ("more than", "at least", "upwards of", "in excess of", "over", "above")
_UPPER = ("as many as", "up to", "fewer than", "less than", "at most", "under", "nearly", "almost")
_APPROX = (
    "an estimated",
    "approximately",
    "roughly",
    "around",
    "about",
    "some",
    "estimated",
    "circa",
    "perhaps",
)


def qualifier(number: Token) -> dict[str, object]:
    """What the words before a number say about it: {"qualifier": "over", "min": 300} for
    "over 300", {"qualifier": "about", "approximate": True} for "about 30"; {} if nothing."""
    value = number_value(number.text)
    start = max(number.sent.start, number.i - 3)
    before = " ".join(t.lower_ for t in number.doc[start : number.i])
    for words, key in ((_LOWER, "min"), (_UPPER, "max"), (_APPROX, "approximate")):
        for phrase in words:
            if before == phrase or before.endswith(" " + phrase):
                found: dict[str, object] = {"qualifier": phrase}
                if key == "approximate":
                    found["approximate"] = True
                elif value is not None:
                    found[key] = value
                return found
    return {}


def fatalities(sent: Span, lexicon: Lexicon) -> int | None:
    """The death toll a sentence gives, if any: "killed at least 13 people", "13 dead"."""
    # victims listed together add up ("6 soldiers and 2 civilians" is 8); separate figures
    # for the same toll give the most conservative (ACLED's rule)
    groups: dict[int, int] = {}
    for token in sent:
        vague = token.lower_ in lexicon.vague_counts
        if token.lemma_.lower() not in lexicon.victims and not token.like_num and not vague:
            continue
        head = token.head
        if token.like_num or vague:
            # "killed 13" (the number itself is the object)
            if head.lemma_.lower() not in lexicon.fatality_verbs or token.dep_ not in (
                "dobj",
                "nsubjpass",
                "nsubj",
            ):
                continue
            value = parse_count(token, lexicon)
        else:
            anchor = token  # "6 soldiers and 2 civilians": the list's first item is governed
            while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
                anchor = anchor.head
            head = anchor.head
            governor = head if anchor.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj") else None
            dead = token.lemma_.lower() in ("dead", "death", "fatality", "life")
            if governor is None or (
                governor.lemma_.lower() not in lexicon.fatality_verbs and not dead
            ):
                continue
            if anchor.dep_ == "nsubj" and governor.lemma_.lower() != "die":
                continue  # "militants killed ..." counts the killers, not the dead
            value = _count_child(token, lexicon)
        if value is not None:
            root = token
            while root.dep_ == "conj" and root.head.i != root.i:
                root = root.head
            groups[root.i] = groups.get(root.i, 0) + value
    return min(groups.values()) if groups else None


def _count_child(token: Token, lexicon: Lexicon) -> int | None:
    for child in token.children:
        if child.dep_ in ("nummod", "amod", "quantmod") or child.like_num:
            value = parse_count(child, lexicon)
            if value is not None:
                return value
        # "dozens of people": the count word heads the victims noun
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        value = lexicon.vague_counts.get(token.head.head.lower_)
        if value is not None:
            return value
    return None
