"""The geoparser: detect toponyms in a text and resolve each to a place."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spoor.geo.detect import Proposal, gazetteer_proposals, ner_proposals
from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.resolve import Choice, resolve
from spoor.records import Mention

# A name found only by the gazetteer (no NER span) must be a place worth
# the risk: a country, region or curated place, or a town of this size.
MIN_POPULATION_ALONE = 15_000
MIN_POPULATION_LOCATIVE = 1_000  # "in X", "near X"
MIN_POPULATION_MULTIWORD = 1_000  # "Dera Ismail Khan" is rarely an ordinary phrase
_WORD = re.compile(r"[^\W\d_]+")
_CONTRACTION = re.compile(r"[\u2019'](?:ve|d|ll|re|m|t|s)$", re.IGNORECASE)


class Geoparser:
    """Finds place names in text and resolves them against a ``Gazetteer``."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, demonyms: bool = False) -> None:
        """``demonyms=True`` also resolves "Russian", "Uzbek" ... to their country.

        Spoor leaves it off: a demonym names people or a language, not where
        something happened. Benchmarks that annotate demonyms turn it on.
        """
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self.demonyms = demonyms

    def geoparse(self, text: str, ner_spans: Sequence[tuple[int, int, str]] = ()) -> list[Mention]:
        """Resolved toponyms in ``text``, in text order.

        ``ner_spans`` are (start_char, end_char, label) from spaCy. GPE and LOC
        spans are looked up; other entity spans block gazetteer matching
        inside them (a place inside an organisation's name is not a place).
        """
        proposals = ner_proposals(text, self.gazetteer, ner_spans, self.demonyms)
        blocked = [(start, end) for start, end, _ in ner_spans]
        blocked += [(p.start, p.end) for p in proposals]
        proposals += gazetteer_proposals(text, self.gazetteer, blocked, self.demonyms)
        proposals.sort(key=lambda p: (p.start, -p.end))
        proposals = _drop_overlaps(proposals)
        mentions = []
        lowercase_words = {word for word in _WORD.findall(text) if word.islower()}
        for choice in resolve(proposals):
            if choice is None or not _acceptable(choice, lowercase_words):
                continue
            mentions.append(_mention(choice))
        return mentions


def _drop_overlaps(proposals: list[Proposal]) -> list[Proposal]:
    kept: list[Proposal] = []
    for proposal in proposals:
        if kept and proposal.start < kept[-1].end:
            continue
        kept.append(proposal)
    return kept


def _acceptable(choice: Choice, lowercase_words: set[str]) -> bool:
    proposal, candidate = choice.proposal, choice.candidate
    major = candidate.place_type in ("country", "province") or (
        candidate.place.id.startswith("curated:"))
    surface = proposal.text
    if len(surface) <= 3 and not candidate.main_name and not major:
        return False  # "AI", "P.A.": codes that hit some town's alternate name
    if proposal.origin == "ner":
        return True
    if _CONTRACTION.search(surface):
        return False  # "I've", "We'd"
    letters = [ch for ch in surface if ch.isalpha()]
    shouty = surface.isupper() and len(letters) <= 5
    camel = any(ch.isupper() for ch in surface[1:]) and not surface.isupper() and (
        " " not in surface and "-" not in surface)
    if (shouty or camel) and not major:
        return False  # acronyms and brand spellings: "HART", "MoD", "NoMa"
    single = " " not in surface.strip()
    if single and not major and (
        surface.lower() in lowercase_words
    ):
        return False  # the text itself uses the word as an ordinary word
    return _significant(candidate, proposal)


def _significant(candidate: Candidate, proposal: Proposal) -> bool:
    place = candidate.place
    if proposal.hint is not None:
        return True
    if place.id.startswith("curated:") or candidate.place_type in ("country", "province"):
        return True
    if candidate.place_type in ("region", "historical_region") and place.precision >= 3:
        return True
    if candidate.place_type != "city":
        return False
    if candidate.population >= MIN_POPULATION_ALONE:
        return True
    if " " in proposal.text.strip() and candidate.population >= MIN_POPULATION_MULTIWORD:
        return True
    return proposal.locative and candidate.population >= MIN_POPULATION_LOCATIVE


def _mention(choice: Choice) -> Mention:
    proposal, candidate = choice.proposal, choice.candidate
    return Mention(
        start=proposal.start,
        end=proposal.end,
        text=proposal.text,
        label=candidate.place_type,
        origin=proposal.origin,
        entity_type=candidate.place_type,
        score=round(choice.score, 3),
        place=candidate.place,
    )
