"""The geoparser: detect toponyms in a text and resolve each to a place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from spoor.geo.demonyms import demonym_proposals
from spoor.geo.detect import dateline_proposals, join_named_pairs, ner_proposals
from spoor.geo.embedded import embedded_proposals
from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.resolve import Choice, resolve
from spoor.geo.runs import gazetteer_proposals
from spoor.geo.spans import Proposal, coordinated, person_tokens
from spoor.records import Mention

# A name found only by the gazetteer (no NER span) must be a place worth
# the risk: a country, region or curated place, or a town of this size.
MIN_POPULATION_ALONE = 15_000
MIN_POPULATION_LOCATIVE = 1_000  # "in X", "near X"
MIN_POPULATION_MULTIWORD = 1_000  # "Dera Ismail Khan" is rarely an ordinary phrase
_WORD = re.compile(r"[^\W\d_]+")
_AFTER_NUMBER = re.compile(r"\d\s*$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_CONTRACTION = re.compile(r"[\u2019'](?:ve|d|ll|re|m|t|s)$", re.IGNORECASE)


class GeoMode(StrEnum):
    """What counts as a toponym.

    ``facts`` (ingestion, the default): places where something is or happens.
    A demonym ("Afghan forces") names people, a place inside an organisation's
    name ("Kabul University") names the organisation, so neither becomes a
    place mention that facts could be pinned to.

    ``toponyms`` (``spoor geoparse``, benchmarks): every reference to a place as
    geoparsing corpora annotate it: also adjectival demonyms resolved to their
    country or continent ("Russian officials" -> Russia), metonymic uses of
    names that spaCy labels ORG or PERSON ("Tamil Nadu said"), and places
    embedded in organisation names ("The Washington Post" -> Washington).
    """

    FACTS = "facts"
    TOPONYMS = "toponyms"


class Geoparser:
    """Finds place names in text and resolves them against a ``Gazetteer``."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        demonyms: bool = False,
        mode: GeoMode | str = GeoMode.FACTS,
    ) -> None:
        """``mode`` is a ``GeoMode``; ``demonyms=True`` adds demonyms to ``facts`` mode.

        Spoor's ingestion leaves demonyms off: a demonym names people or a
        language, not where something happened. ``toponyms`` mode always
        resolves them.
        """
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self.mode = GeoMode(mode)
        self.demonyms = demonyms or self.mode is GeoMode.TOPONYMS

    def with_mode(self, mode: GeoMode | str) -> Geoparser:
        """The same gazetteer in another mode (cheap: the index is shared)."""
        if GeoMode(mode) is self.mode:
            return self
        return Geoparser(self.gazetteer, mode=mode)

    def geoparse(
        self,
        text: str,
        ner_spans: Sequence[tuple[int, int, str]] = (),
        actor_countries: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Resolved toponyms in ``text``, in text order.

        ``ner_spans`` are (start_char, end_char, label) from spaCy. GPE and LOC
        spans are looked up; other entity spans block gazetteer matching
        inside them (in ``facts`` mode a place inside an organisation's name
        is not a place; ``toponyms`` mode proposes the major ones).
        ``actor_countries`` are where the groups the text names operate: a weak
        hint for names shared by places in several countries.
        """
        toponyms = self.mode is GeoMode.TOPONYMS
        ner_spans = join_named_pairs(text, self.gazetteer, ner_spans)
        people = person_tokens(text, ner_spans)
        proposals = ner_proposals(text, self.gazetteer, ner_spans, self.demonyms, toponyms, people)
        proposals += dateline_proposals(text, self.gazetteer, proposals)
        blocked = [(start, end) for start, end, _ in ner_spans]
        blocked += [(p.start, p.end) for p in proposals]
        proposals += gazetteer_proposals(text, self.gazetteer, blocked, self.demonyms, toponyms)
        if self.demonyms:
            proposals += demonym_proposals(text, self.gazetteer, ner_spans, proposals)
        if toponyms:
            proposals += embedded_proposals(text, self.gazetteer, ner_spans, proposals)
        proposals.sort(key=lambda p: (p.start, -p.end))
        proposals = _drop_overlaps(proposals)
        mentions = []
        lowercase_words = {word for word in _WORD.findall(text) if word.islower()}
        previous: Proposal | None = None
        for choice in resolve(proposals, text, actor_countries):
            if choice is None or not _acceptable(choice, text, lowercase_words, people, previous):
                continue
            mentions.append(_mention(choice))
            previous = choice.proposal
        return mentions


def _drop_overlaps(proposals: list[Proposal]) -> list[Proposal]:
    kept: list[Proposal] = []
    for proposal in proposals:
        if kept and proposal.start < kept[-1].end:
            continue
        kept.append(proposal)
    return kept


def _acceptable(
    choice: Choice,
    text: str,
    lowercase_words: set[str],
    people: frozenset[str],
    previous: Proposal | None = None,
) -> bool:
    proposal, candidate = choice.proposal, choice.candidate
    major = candidate.place_type in ("country", "province") or (
        candidate.place.id.startswith("curated:")
    )
    surface = proposal.text
    if proposal.origin in ("demonym", "embedded", "dateline"):
        return not _era_or_unit(choice, text)
    if (
        proposal.origin == "gazetteer"
        and " " not in surface
        and surface in people
        and proposal.hint is None
        and not major
    ):
        return False  # "Bryant" after "Kobe Bryant": a surname, not the town
    if len(surface) <= 3 and not candidate.main_name and not major:
        return False  # "AI", "P.A.": codes that hit some town's alternate name
    if proposal.origin == "ner":
        return True
    if _era_or_unit(choice, text):
        return False  # "500 BC" is not British Columbia
    name = candidate.place.name
    if _CAMEL.search(name) and surface != name:
        return False  # "Noma" is a first name; the place is spelt "NoMa"
    if _CONTRACTION.search(surface):
        return False  # "I've", "We'd"
    letters = [ch for ch in surface if ch.isalpha()]
    shouty = surface.isupper() and len(letters) <= 5
    camel = (
        any(ch.isupper() for ch in surface[1:])
        and not surface.isupper()
        and (" " not in surface and "-" not in surface)
    )
    if (shouty or camel) and not major:
        return False  # acronyms and brand spellings: "HART", "MoD", "NoMa"
    single = " " not in surface.strip()
    if single and not major and (surface.lower() in lowercase_words):
        return False  # the text itself uses the word as an ordinary word
    if _significant(candidate, proposal):
        return True
    # "Kech, Panjgur and Gwadar": a name the gazetteer knows under its own name, listed right
    # after an accepted place, is one more place of the list
    return candidate.main_name and coordinated(text, proposal.start, previous)


def _era_or_unit(choice: Choice, text: str) -> bool:
    """An upper-case code right after a number ("500 BC") that is not a country's."""
    proposal = choice.proposal
    return (
        proposal.text.isupper()
        and choice.candidate.place_type not in ("country", "region")
        and _AFTER_NUMBER.search(text, max(0, proposal.start - 8), proposal.start) is not None
    )


def _significant(candidate: Candidate, proposal: Proposal) -> bool:
    place = candidate.place
    if proposal.hint is not None:
        return True
    if place.id.startswith("curated:") or candidate.place_type in ("country", "province"):
        return True
    if candidate.place_type in ("region", "historical_region") and place.precision >= 3:
        return True
    if candidate.place_type == "district":
        # a second-level division under its own name after "in"/"near": "active in Lanao
        # del Sur", "on the island of Basilan" (districts are rarely ordinary words)
        return proposal.locative and candidate.main_name
    if candidate.place_type != "city":
        return False
    if candidate.population >= MIN_POPULATION_ALONE:
        return True
    if " " in proposal.text.strip() and candidate.population >= MIN_POPULATION_MULTIWORD:
        return True
    if " " in proposal.text.strip() and proposal.locative:
        # "a base in Malam Fatori": registries give many villages no population, but a
        # multi-word town name right after "in"/"near" is rarely an ordinary phrase.
        return True
    return proposal.locative and candidate.population >= MIN_POPULATION_LOCATIVE


def _mention(choice: Choice) -> Mention:
    proposal, candidate = choice.proposal, choice.candidate
    return Mention(
        start=proposal.start,
        end=proposal.end,
        text=proposal.text,
        label=candidate.place_type,
        # Datelines, demonyms and embedded names are gazetteer matches to the rest of Spoor.
        origin="ner" if proposal.origin == "ner" else "gazetteer",
        entity_type=candidate.place_type,
        score=round(choice.score, 3),
        place=candidate.place,
    )
