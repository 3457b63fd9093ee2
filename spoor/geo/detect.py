"""Finding toponym spans: NER spans plus gazetteer matches of capitalised runs.

Also: datelines ("KABUL (Reuters) -"), and, for toponyms mode, places
inside organisation names ("The Washington Post") and adjectival demonyms
("Russian officials"). A span found here is only a *proposal*;
``spoor.geo.resolve`` picks a place for it or drops it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.normalize import PLACE_SUFFIXES

PLACE_LABELS = frozenset({"GPE", "LOC"})
# Also rescued in toponyms mode: spaCy's small model calls "Chattanooga" a PRODUCT.
TOPONYM_RESCUABLE = frozenset({"PRODUCT"})
EMBEDDED_MIN_POPULATION = 100_000
EMBEDDED_INSTITUTION_POPULATION = 5_000
ORG_RESCUE_POPULATION = 20_000  # a whole ORG span naming a town this size is the town
# NER labels whose span may still be a place when context says so: spaCy's
# small model often calls an unfamiliar Afghan district a PERSON or ORG.
RESCUABLE_LABELS = frozenset({"PERSON", "ORG", "FAC"})

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w\u2019'\-]*\w)?")
_CONNECTORS = frozenset(
    {"of", "and", "de", "del", "al", "el", "la", "e", "i", "ye", "da", "do", "du", "upon", "ul"}
)
_DIRECTIONS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "greater",
        "inner",
        "outer",
    }
)
_SENTENCE_END = re.compile(r"[.!?:;\"\u201c\u201d\n]\s*$")
LOCATIVE = frozenset(
    {
        "in",
        "near",
        "at",
        "from",
        "to",
        "outside",
        "around",
        "into",
        "across",
        "toward",
        "towards",
        "through",
        "via",
        "inside",
        "within",
        "of",
    }
)
_LIST_CUE = re.compile(
    r"\b(provinces?|districts?|valleys?|cities|city|towns?|villages?|regions?|areas?)"
    r"\s+(?:of|such as|including|like)\s+",
    re.IGNORECASE,
)
_HISTORICAL_CUE = re.compile(
    r"\b(historic(?:al)?|ancient|greater|so-called|aspirational|wilayat|wilayah|medieval)"
    r"(?:\s+region)?(?:\s+of)?\s*$",
    re.IGNORECASE,
)
_CUE_TYPE = {
    "province": "province",
    "provinces": "province",
    "district": "district",
    "districts": "district",
    "valley": "region",
    "valleys": "region",
    "city": "city",
    "cities": "city",
    "town": "city",
    "towns": "city",
    "village": "city",
    "villages": "city",
    "region": "region",
    "regions": "region",
    "area": None,
    "areas": None,
}


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Proposal:
    """A span that may name a place, with its candidates and what context says."""

    start: int
    end: int
    text: str
    origin: str  # "ner" or "gazetteer"
    candidates: list[Candidate]
    hint: str | None  # expected place type from context, if any
    locative: bool  # preceded by "in", "near", "from" ...


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _capitalised(token: Token) -> bool:
    return token.text[0].isupper()


def _sentence_initial(text: str, token: Token) -> bool:
    before = text[max(0, token.start - 20) : token.start].rstrip(" \t")
    return not before or before[-1] in '.!?:;"\u201c\u201d\n(\u2014-'


def _word_after(text: str, end: int) -> str:
    match = re.match(r"\s+([A-Za-z]+)", text[end : end + 30])
    return match.group(1).lower() if match else ""


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z]+)\s+$", text[max(0, start - 30) : start])
    return match.group(1).lower() if match else ""


def context_hint(text: str, start: int, end: int) -> str | None:
    """Place type that the words around a span announce, if any."""
    following = _word_after(text, end)
    if following in PLACE_SUFFIXES:
        return PLACE_SUFFIXES[following]
    window = text[max(0, start - 200) : start]
    sentence_start = max(window.rfind(". "), window.rfind("\n"))
    window = window[sentence_start + 1 :]
    if _HISTORICAL_CUE.search(window):
        return "historical_region"
    cues = list(_LIST_CUE.finditer(window))
    if cues:
        cue = cues[-1]
        between = window[cue.end() :]
        # Only names, commas and "and"/"or" may stand between cue and span.
        words = re.findall(r"[^\s,]+", between)
        if all(word in ("and", "or", "the") or word[0].isupper() for word in words) and not any(
            word.endswith((".", ";", ":")) for word in words
        ):
            return _CUE_TYPE.get(cue.group(1).lower())
    return None


def is_locative(text: str, start: int) -> bool:
    """Whether a preposition of place ("in", "near the") comes right before ``start``."""
    match = re.search(r"([A-Za-z]+)\s+(?:the\s+)?$", text[max(0, start - 40) : start])
    return match is not None and match.group(1).lower() in LOCATIVE


_INITIALS_END = re.compile(r"(?:\b[A-Z]\.){2,}$")


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive from an NER span."""
    span = text[start:end]
    if span.lower().startswith("the ") and len(span) > 4:
        start += 4
    while end > start and text[end - 1] in ',.;:)"\u201d':
        if text[end - 1] == "." and _INITIALS_END.search(text, start, end):
            break  # "Washington, D.C." keeps its last dot
        end -= 1
    for suffix in ("'s", "\u2019s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    return start, end


def extend_with_suffix(
    text: str, start: int, end: int, gazetteer: Gazetteer
) -> tuple[int, list[Candidate], str | None]:
    """Take in a following lower-case place word when the longer name is known.

    "Rasht valley" (Tajikistan) must not be read as "Rasht" (Iran).
    Returns the new end, the candidates and the type hint.
    """
    match = re.match(r"\s+([A-Za-z]+)", text[end : end + 30])
    if match and match.group(1).lower() in PLACE_SUFFIXES:
        longer_end = end + match.end()
        found, hint = gazetteer.lookup(text[start:longer_end])
        if found:
            return longer_end, found, hint or PLACE_SUFFIXES[match.group(1).lower()]
    found, hint = gazetteer.lookup(text[start:end])
    return end, found, hint


# "Islamic State Khorasan Province", "ISIS-K": a group's name, not a place.
_GROUP_BEFORE = re.compile(r"\b(?:Islamic State|ISIS|ISIL|IS|Daesh|Daesh's|IS's)[\s\-\u2019']*$")


def _part_of_group_name(text: str, start: int, end: int) -> bool:
    if not _GROUP_BEFORE.search(text[max(0, start - 20) : start]):
        return False
    return text[start:end].lower().endswith("province") or _word_after(text, end) == "province"


def _coordinated(text: str, start: int, previous: Proposal | None) -> bool:
    """ "Achin and Deh Bala": a span joined to a place just before it by "and" or a comma."""
    if previous is None or start - previous.end > 8:
        return False
    return re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", text[previous.end : start]) is not None


def ner_proposals(
    text: str,
    gazetteer: Gazetteer,
    ner_spans: Sequence[tuple[int, int, str]],
    demonyms: bool = False,
    toponyms: bool = False,
    people: frozenset[str] = frozenset(),
) -> list[Proposal]:
    """Proposals from spaCy's spans.

    ``demonyms`` is accepted for compatibility; demonyms are proposed by
    ``demonym_proposals``. ``toponyms`` (the benchmark mode) also accepts a
    span spaCy labelled ORG, PERSON, PRODUCT or EVENT when it names a major
    place ("Tamil Nadu said", "Louisville won"); ``people`` are the words of
    the text's multi-word PERSON names, which such a span must not be.
    """
    del demonyms
    labels = RESCUABLE_LABELS | TOPONYM_RESCUABLE if toponyms else RESCUABLE_LABELS
    proposals: list[Proposal] = []
    for raw_start, raw_end, label in sorted(ner_spans):
        if label not in PLACE_LABELS and label not in labels and label != "NORP":
            continue
        start, end = _trim_span(text, raw_start, raw_end)
        surface = text[start:end]
        if not surface.strip():
            continue
        if gazetteer.is_demonym(surface):
            continue  # see demonym_proposals
        if gazetteer.is_stopword(surface) and " " in surface.strip():
            continue  # multi-word stop entries: "Khorasan Province" the group
        if _part_of_group_name(text, start, end):
            continue
        end, candidates, hint = extend_with_suffix(text, start, end, gazetteer)
        surface = text[start:end]
        hint = hint or context_hint(text, start, end)
        locative = is_locative(text, start)
        if (
            label in PLACE_LABELS
            and gazetteer.is_stopword(surface)
            and not any(c.main_name for c in candidates)
        ):
            continue  # "White House" is an alternate name of Casablanca
        if label not in PLACE_LABELS:
            # spaCy's small model calls many Afghan districts PERSON or ORG, and
            # sometimes a country NORP: accept those only when context agrees.
            previous = proposals[-1] if proposals else None
            if (
                not candidates
                or gazetteer.is_stopword(surface)
                or not (
                    hint is not None
                    or (locative and _strong(candidates))
                    or _coordinated(text, start, previous)
                    or (label != "PERSON" and _major(candidates))
                    or (toponyms and _toponym_rescue(label, candidates, surface, locative, people))
                )
            ):
                continue
        if candidates:
            proposals.append(Proposal(start, end, surface, "ner", candidates, hint, locative))
            continue
        parts = _split_list(text, start, end, gazetteer, locative)
        if not parts and label in PLACE_LABELS:
            # "Greece Italy" (a comma lost): major places inside an unknown place span.
            tokens = [
                Token(t.start + start, t.end + start, t.text) for t in tokenize(text[start:end])
            ]
            parts = [
                Proposal(p.start, p.end, p.text, "ner", p.candidates, None, locative)
                for p in _embedded(text, tokens, gazetteer)
            ]
        proposals.extend(parts)
    return proposals


def _toponym_rescue(
    label: str, candidates: list[Candidate], surface: str, locative: bool, people: frozenset[str]
) -> bool:
    """Whether a non-place NER span is a place used for its people or institutions."""
    if " " not in surface and surface in people:
        return False  # "Jordan" after "Michael Jordan"
    if surface.isupper():
        # Acronyms ("NATO", "OAS") are organisations unless a country or region owns them.
        return any(c.place_type in ("country", "province") for c in candidates)
    if label == "PERSON":
        return (
            _major(candidates)
            or any(c.main_name and c.place.feature_code == "PPLC" for c in candidates)
            or (
                locative
                and any(
                    c.main_name and c.place_type in ("city", "district") and c.population >= 15_000
                    for c in candidates
                )
            )
        )
    return any(
        c.place_type in ("country", "province")
        or c.place.id.startswith("curated:")
        or (
            c.main_name
            and c.place_type == "city"
            and c.population >= (5_000 if locative else ORG_RESCUE_POPULATION)
        )
        for c in candidates
    )


def _capital_or_country(candidate: Candidate) -> bool:
    return candidate.place_type == "country" or (
        candidate.main_name and candidate.place.feature_code == "PPLC"
    )


def _major(candidates: list[Candidate]) -> bool:
    """A country or province, or a curated place, under its own name."""
    return any(
        c.main_name
        and (c.place_type in ("country", "province") or c.place.id.startswith("curated:"))
        for c in candidates
    )


def _strong(candidates: list[Candidate]) -> bool:
    return any(
        c.place.id.startswith("curated:")
        or c.place_type in ("country", "province")
        or c.population >= 100_000
        for c in candidates
    )


def _split_list(
    text: str, start: int, end: int, gazetteer: Gazetteer, locative: bool
) -> list[Proposal]:
    """ "Kunar and Nangarhar" tagged as one span: look up each part."""
    found = []
    for match in re.finditer(r"[^,]+?(?=\s*(?:,|\band\b|$))", text[start:end]):
        part = match.group().strip()
        part = re.sub(r"^(?:and|or)\s+", "", part)
        if not part or part == text[start:end]:
            continue
        offset = text.find(part, start + match.start(), end)
        candidates, hint = gazetteer.lookup(part)
        if candidates and offset >= 0:
            hint = hint or context_hint(text, offset, offset + len(part))
            found.append(
                Proposal(offset, offset + len(part), part, "ner", candidates, hint, locative)
            )
    return found


def _possessive(token: Token) -> Token | None:
    """ "Kunar's" as the token "Kunar", or None when ``token`` is not a capitalised possessive."""
    for suffix in ("'s", "\u2019s"):
        if token.text.endswith(suffix) and len(token.text) > len(suffix) and _capitalised(token):
            return Token(token.start, token.end - len(suffix), token.text[: -len(suffix)])
    return None


def _runs(text: str, tokens: list[Token], blocked: list[tuple[int, int]]) -> list[list[Token]]:
    """Maximal runs of capitalised tokens outside NER spans, split at punctuation."""
    mask = bytearray(len(text))
    for s, e in blocked:
        mask[max(0, s) : max(0, e)] = b"\x01" * (max(0, e) - max(0, s))

    def free(token: Token) -> bool:
        return not any(mask[token.start : token.end])

    runs: list[list[Token]] = []
    current: list[Token] = []
    for index, token in enumerate(tokens):
        joined = bool(current) and text[current[-1].end : token.start].strip() == ""
        possessive = _possessive(token)
        if possessive is not None and free(token) and (joined or not current):
            # "Nangarhar's Achin district": the possessive ends one name.
            runs.append([*current, possessive])
            current = []
            continue
        if free(token) and _capitalised(token) and (joined or not current):
            current.append(token)
            continue
        if (
            free(token)
            and current
            and joined
            and token.text in _CONNECTORS
            and index + 1 < len(tokens)
            and _capitalised(tokens[index + 1])
        ):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if free(token) and _capitalised(token) else []
    if current:
        runs.append(current)
    return runs


def _strip_run(text: str, run: list[Token], gazetteer: Gazetteer) -> list[Token]:
    """Drop sentence-initial function words, "Governor of"-style heads and trailing connectors."""
    while run and (
        run[0].text.lower() in _FUNCTION_WORDS
        or (_sentence_initial(text, run[0]) and gazetteer.is_stopword(run[0].text))
    ):
        run = run[1:]
    if (
        len(run) > 2
        and run[1].text == "of"
        and (
            run[0].text.lower() in _HEADS
            or (_sentence_initial(text, run[0]) and not gazetteer.lookup(run[0].text)[0])
        )
    ):
        # "Governor of Kunar", "Residents of Shigal" (capitalised only as a sentence start)
        run = run[2:]
    while run and run[-1].text in _CONNECTORS:
        run = run[:-1]
    return run


_HEADS = frozenset(
    {
        "governor",
        "governors",
        "province",
        "provinces",
        "district",
        "districts",
        "city",
        "town",
        "village",
        "valley",
        "mayor",
        "residents",
        "people",
        "capital",
        "outskirts",
        "north",
        "south",
        "east",
        "west",
        "centre",
        "center",
        "parts",
        "part",
        "areas",
        "area",
        "region",
        "regions",
        "deputy",
        "police",
        "chief",
        "head",
        "elders",
        "tribes",
        "border",
    }
)


_FUNCTION_WORDS = frozenset(
    {
        "the",
        "in",
        "at",
        "on",
        "from",
        "for",
        "to",
        "a",
        "an",
        "and",
        "but",
        "or",
        "as",
        "by",
        "with",
        "after",
        "before",
        "during",
        "when",
        "while",
        "if",
        "since",
        "near",
        "into",
        "of",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "sheikh",
        "mullah",
        "maulvi",
        "mawlawi",
        "hafiz",
        "qari",
        "haji",
    }
)


def _segment(text: str, run: list[Token], gazetteer: Gazetteer) -> list[tuple[int, int]] | None:
    """Split a run into known names, longest first; None if any part is unknown."""
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        if run[i].text in _CONNECTORS:
            i += 1  # "of" in "Tirah Valley of Khyber" is a word, not the Turkish town Of
            continue
        for j in range(min(len(run), i + 6), i, -1):
            surface = text[run[i].start : run[j - 1].end]
            if gazetteer.lookup(surface)[0]:
                pieces.append((i, j))
                i = j
                break
        else:
            word = run[i].text.lower()
            if word in _DIRECTIONS or word in PLACE_SUFFIXES or word in _CONNECTORS:
                i += 1
                continue
            return None
    return pieces


def gazetteer_proposals(
    text: str,
    gazetteer: Gazetteer,
    blocked: list[tuple[int, int]],
    demonyms: bool = False,
    toponyms: bool = False,
) -> list[Proposal]:
    """Known names among capitalised runs outside ``blocked`` spans.

    Demonyms are left to ``demonym_proposals``. With ``toponyms``, a run
    that is not a place name as a whole ("DeSmog Canada") is searched for
    an embedded major place.
    """
    del demonyms
    proposals = []
    for run in _runs(text, tokenize(text), blocked):
        run = _strip_run(text, run, gazetteer)
        if run:
            proposals.extend(_run_proposals(text, run, gazetteer, toponyms))
    return proposals


def _run_proposals(
    text: str, run: list[Token], gazetteer: Gazetteer, toponyms: bool
) -> list[Proposal]:
    run_surface = text[run[0].start : run[-1].end]
    if gazetteer.is_demonym(run_surface) or gazetteer.is_stopword(run_surface):
        return []
    pieces = _segment(text, run, gazetteer)
    if pieces is None:
        # "Kunar and Sheikh Ahmad": judge each side of a coordination on its own.
        cuts = [i for i, token in enumerate(run) if token.text in ("and", "or")]
        if not cuts:
            return _embedded(text, run, gazetteer) if toponyms and len(run) > 1 else []
        found = []
        for lo, hi in zip([-1, *cuts], [*cuts, len(run)], strict=True):
            part = _strip_run(text, run[lo + 1 : hi], gazetteer)
            if part:
                found.extend(_run_proposals(text, part, gazetteer, toponyms))
        return found
    for (i, j), (k, m) in zip(pieces, pieces[1:], strict=False):
        touching = j == k
        if touching and not (
            _strong(_lookup(text, run, i, j, gazetteer))
            and _strong(_lookup(text, run, k, m, gazetteer))
        ):
            # "Aslam Orakzai": a weak name right next to another name is likely a person.
            return []
    proposals = []
    for i, j in pieces:
        start, end = run[i].start, run[j - 1].end
        if gazetteer.is_stopword(text[start:end]) or gazetteer.is_demonym(text[start:end]):
            continue
        end, candidates, hint = extend_with_suffix(text, start, end, gazetteer)
        surface = text[start:end]
        hint = hint or context_hint(text, start, end)
        proposals.append(
            Proposal(start, end, surface, "gazetteer", candidates, hint, is_locative(text, start))
        )
    return proposals


def _lookup(text: str, run: list[Token], i: int, j: int, gazetteer: Gazetteer) -> list[Candidate]:
    return gazetteer.lookup(text[run[i].start : run[j - 1].end])[0]


def overlapping(start: int, end: int, proposals: Sequence[Proposal]) -> bool:
    return any(p.start < end and start < p.end for p in proposals)


def person_tokens(text: str, ner_spans: Sequence[tuple[int, int, str]]) -> frozenset[str]:
    """Words of the text's multi-word PERSON names ("Kobe Bryant" makes "Bryant" a person)."""
    words: set[str] = set()
    for start, end, label in ner_spans:
        if label != "PERSON":
            continue
        tokens = [t.text for t in tokenize(text[start:end])]
        if len(tokens) > 1:
            words.update(t for t in tokens if t[0].isupper())
    return frozenset(words)


# "SAN ANTONIO (AP) -", "WINNIPEG —", "RALEIGH, N.C." at the start of a story or line.
_CAPS = r"([A-Z][A-Z.'\u2019]*(?:[ \-][A-Z][A-Z.'\u2019]*){0,3})"
_DATELINE = re.compile(
    r"(?:^|\n)[ \t]*" + _CAPS + r"(?=\s*(?:,|\(|\u2014|\u2013|-\s|\n|$))"
    # Mid-text, after a byline: "... Associated Press WASHINGTON (AP) -".
    r"|\b" + _CAPS + r"(?=(?:,[ \t]+[A-Z][A-Za-z.]*)?[ \t]*\((?:AP|Reuters|AFP|UPI|dpa|PTI|IANS"
    r"|ANI|Xinhua|CNN|TASS|Bloomberg|RFE/RL)\))"
)
DATELINE_MIN_POPULATION = 1_000


def dateline_proposals(
    text: str, gazetteer: Gazetteer, existing: Sequence[Proposal]
) -> list[Proposal]:
    """The upper-case place a news story is filed from, at the start of a line."""
    found = []
    for match in _DATELINE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.span(group)
        surface = match.group(group)
        if len(surface.replace(".", "")) < 3 or overlapping(start, end, existing):
            continue
        if gazetteer.is_demonym(surface):
            continue
        candidates = [
            c
            for c in gazetteer.lookup(surface)[0]
            if c.main_name
            and (c.place_type in ("country", "province") or c.population >= DATELINE_MIN_POPULATION)
        ]
        if gazetteer.is_stopword(surface):
            candidates = [c for c in candidates if _capital_or_country(c)]
        if candidates:
            found.append(Proposal(start, end, surface, "dateline", candidates, None, True))
    return found


def _embedded_strong(
    candidates: list[Candidate], institution: bool, known: frozenset[str], surface: str
) -> list[Candidate]:
    """Candidates major enough to be trusted inside another name.

    Countries, provinces, wide regions and curated places always are; a
    town is when it is large, when an institution word follows it
    ("Beverly Hills Police Department", "Cavan County Council"), or when
    the text names it as a place elsewhere (one sense per document).
    """
    floor = EMBEDDED_MIN_POPULATION
    if surface in known:
        floor = 0
    elif institution:
        floor = EMBEDDED_INSTITUTION_POPULATION
    return [
        c
        for c in candidates
        if c.place_type == "country"
        or (c.place_type == "province" and c.main_name)
        or c.place.id.startswith("curated:")
        or (c.place_type == "region" and c.place.precision >= 3 and c.main_name)
        or (c.place_type in ("city", "district") and c.main_name and c.population >= floor)
    ]


# Words after a town's name that make the whole an institution of that town.
_INSTITUTIONS = frozenset(
    {
        "police",
        "sheriff",
        "sheriff's",
        "fire",
        "county",
        "city",
        "council",
        "commission",
        "department",
        "club",
        "school",
        "schools",
        "university",
        "college",
        "hospital",
        "airport",
        "times",
        "post",
        "herald",
        "tribune",
        "gazette",
        "news",
        "chronicle",
        "journal",
        "courier",
        "star",
        "press",
        "observer",
        "mail",
        "board",
        "court",
        "municipal",
        "chamber",
        "museum",
        "port",
        "station",
        "institute",
        "academy",
        "pd",
        "district",
        "public",
        "community",
        "women",
        "woman's",
        "woman\u2019s",
        "library",
        "cathedral",
        "mosque",
        "prison",
        "jail",
    }
)


def _split_hyphens(tokens: list[Token]) -> list[Token]:
    """Split "Asia-Pacific" in two and drop possessives ("Pakistan's"); offsets kept."""
    out = []
    for token in tokens:
        for suffix in ("'s", "\u2019s"):
            if token.text.endswith(suffix) and len(token.text) > len(suffix):
                token = Token(token.start, token.end - len(suffix), token.text[: -len(suffix)])
        if "-" not in token.text:
            out.append(token)
            continue
        offset = token.start
        for part in token.text.split("-"):
            if part:
                out.append(Token(offset, offset + len(part), part))
            offset += len(part) + 1
    return out


def _embedded(
    text: str, tokens: list[Token], gazetteer: Gazetteer, known: frozenset[str] = frozenset()
) -> list[Proposal]:
    """Places named inside a longer name: "Toronto Police Service" -> Toronto."""
    tokens = _split_hyphens(tokens)
    found = []
    i = 0
    while i < len(tokens):
        if not _capitalised(tokens[i]) or tokens[i].text.lower() in _FUNCTION_WORDS:
            i += 1
            continue
        for j in range(min(len(tokens), i + 4), i, -1):
            start, end = tokens[i].start, tokens[j - 1].end
            surface = text[start:end]
            if gazetteer.is_demonym(surface):
                continue
            institution = j < len(tokens) and tokens[j].text.lower() in _INSTITUTIONS
            candidates = _embedded_strong(gazetteer.lookup(surface)[0], institution, known, surface)
            if gazetteer.is_stopword(surface):
                # "Washington" is a stopword (a surname); "The Washington Post" names the capital.
                candidates = [c for c in candidates if _capital_or_country(c)]
            if surface.isupper():
                # "BA", "CIS": acronyms, unless a country or region owns them ("US", "UAE").
                candidates = [c for c in candidates if c.place_type in ("country", "province")]
            if candidates and i > 0 and tokens[i - 1].text in _QUALIFIER_WORDS:
                candidates = []  # "North Africa", "Latin America": not Africa, not America
            if candidates:
                found.append(Proposal(start, end, surface, "embedded", candidates, None, False))
                i = j
                break
        else:
            i += 1
    return found


# Capitalised words that make the name after them another place.
_QUALIFIER_WORDS = frozenset(word.capitalize() for word in _DIRECTIONS) | {
    "Latin",
    "New",
    "Old",
    "Sub",
    "Saharan",
}
_NOT_EMBEDDING = PLACE_LABELS | {
    "PERSON",
    "DATE",
    "TIME",
    "PERCENT",
    "MONEY",
    "QUANTITY",
    "ORDINAL",
    "CARDINAL",
    "LANGUAGE",
}


def embedded_proposals(
    text: str,
    gazetteer: Gazetteer,
    ner_spans: Sequence[tuple[int, int, str]],
    existing: Sequence[Proposal],
) -> list[Proposal]:
    """Places inside organisation, facility and event names ("The Washington Post").

    Any span but a place, a person ("George Washington") or a number may
    hold one, including the knowledge base's actor names ("Pakistan Army").
    """
    known = frozenset(p.text for p in existing)
    found: list[Proposal] = []
    for start, end, label in ner_spans:
        if label in _NOT_EMBEDDING or overlapping(start, end, existing):
            continue
        tokens = [Token(t.start + start, t.end + start, t.text) for t in tokenize(text[start:end])]
        found.extend(_embedded(text, tokens, gazetteer, known))
    for start, end, label in ner_spans:
        # spaCy calls "Miami Herald" and "Abuja Chamber of Commerce" people; an institution
        # word right after a town in such a span makes it the town's institution.
        if label != "PERSON" or overlapping(start, end, existing):
            continue
        tokens = [Token(t.start + start, t.end + start, t.text) for t in tokenize(text[start:end])]
        if len(tokens) > 1 and tokens[1].text.lower() in _INSTITUTIONS:
            found.extend(_embedded(text, tokens[:1] + tokens[1:2], gazetteer, known))
    return found
