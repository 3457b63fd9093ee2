"""Finding toponym spans from NER: place labels, rescued labels, lists, datelines.

The other detectors live beside it: capitalised runs the gazetteer knows
(spoor.geo.runs) and places inside longer names (spoor.geo.embedded).
``spoor.geo.parser`` runs them all; ``spoor.geo.resolve`` picks the places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spoor.geo.embedded import places_inside
from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.spans import (
    DIRECTIONS,
    PLACE_LABELS,
    Proposal,
    Token,
    capital_or_country,
    context_hint,
    coordinated,
    extend_with_suffix,
    is_locative,
    major,
    overlapping,
    part_of_group_name,
    strong,
    tokenize,
    trim_span,
)

# Also rescued in toponyms mode: spaCy's small model calls "Chattanooga" a PRODUCT.
TOPONYM_RESCUABLE = frozenset({"PRODUCT"})
ORG_RESCUE_POPULATION = 20_000  # a whole ORG span naming a town this size is the town
# NER labels whose span may still be a place when context says so: spaCy's
# small model often calls an unfamiliar Afghan district a PERSON or ORG.
RESCUABLE_LABELS = frozenset({"PERSON", "ORG", "FAC"})


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
        start, end = trim_span(text, raw_start, raw_end)
        surface = text[start:end]
        if not surface.strip():
            continue
        if gazetteer.is_demonym(surface):
            longer_end, candidates, hint = extend_with_suffix(text, start, end, gazetteer)
            if candidates and longer_end > end:  # "the Syrian desert" is a place
                proposals.append(
                    Proposal(
                        start,
                        longer_end,
                        text[start:longer_end],
                        "ner",
                        candidates,
                        hint,
                        is_locative(text, start),
                    )
                )
            continue  # see demonym_proposals
        if gazetteer.is_stopword(surface) and " " in surface.strip():
            continue  # multi-word stop entries: "Khorasan Province" the group
        if part_of_group_name(text, start, end):
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
                    or (locative and strong(candidates))
                    or coordinated(text, start, previous)
                    or (label != "PERSON" and major(candidates))
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
                for p in places_inside(text, tokens, gazetteer)
            ]
        proposals.extend(parts)
    return proposals


def join_named_pairs(
    text: str, gazetteer: Gazetteer, ner_spans: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Join two place spans that together are one known name: NER splits "Sistan and
    Baluchestan" and "Jammu and Kashmir" into two spans, neither of them a place alone."""
    spans = sorted(ner_spans)
    joined: list[tuple[int, int, str]] = []
    for span in spans:
        if joined:
            start, end, label = joined[-1]
            between = text[end : span[0]]
            if (
                label in PLACE_LABELS
                and span[2] in PLACE_LABELS
                and re.fullmatch(r"\s+(?:and|&)\s+", between)
                and any(c.main_name for c in gazetteer.lookup(text[start : span[1]])[0])
            ):
                joined[-1] = (start, span[1], label)
                continue
        joined.append(span)
    return joined


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
            major(candidates)
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


def _split_list(
    text: str, start: int, end: int, gazetteer: Gazetteer, locative: bool
) -> list[Proposal]:
    """ "Kunar and Nangarhar" tagged as one span: look up each part. A bare direction shares
    the last part's name: "North and South Waziristan", "Lower and Middle Shabelle"."""
    found = []
    shared = re.search(
        r"\b(?:North|South|East|West|Upper|Lower|Middle|Central)\s+((?:(?!\band\b|\bor\b)[^,])+)$",
        text[start:end],
    )
    for match in re.finditer(r"[^,]+?(?=\s*(?:,|\band\b|$))", text[start:end]):
        part = match.group().strip()
        part = re.sub(r"^(?:and|or)\s+", "", part)
        if not part or part == text[start:end]:
            continue
        offset = text.find(part, start + match.start(), end)
        name = part
        if shared is not None and part.lower() in DIRECTIONS and offset < start + shared.start():
            name = f"{part} {shared.group(1)}"
        candidates, hint = gazetteer.lookup(name)
        if candidates and offset >= 0:
            hint = hint or context_hint(text, offset, offset + len(part))
            found.append(
                Proposal(offset, offset + len(part), part, "ner", candidates, hint, locative)
            )
    return found


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
            candidates = [c for c in candidates if capital_or_country(c)]
        if candidates:
            found.append(Proposal(start, end, surface, "dateline", candidates, None, True))
    return found
