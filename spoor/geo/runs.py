"""Gazetteer matches of capitalised runs: names NER missed ("in Dera Ismail Khan").

A run of capitalised words is stripped of sentence furniture, split at list
punctuation and heads ("Province", "District"), and segmented into the longest
names the gazetteer knows.
"""

from __future__ import annotations

import re

from spoor.geo.embedded import places_inside
from spoor.geo.gazetteer import Candidate, Gazetteer
from spoor.geo.normalize import PLACE_SUFFIXES
from spoor.geo.spans import (
    CONNECTORS,
    DIRECTIONS,
    FUNCTION_WORDS,
    Proposal,
    Token,
    capitalised,
    context_hint,
    extend_with_suffix,
    is_locative,
    sentence_initial,
    strong,
    tokenize,
)


def _possessive(token: Token) -> Token | None:
    """ "Kunar's" as the token "Kunar", or None when ``token`` is not a capitalised possessive."""
    for suffix in ("'s", "\u2019s"):
        if token.text.endswith(suffix) and len(token.text) > len(suffix) and capitalised(token):
            return Token(token.start, token.end - len(suffix), token.text[: -len(suffix)])
    return None


def _glued_modifier(token: Token) -> bool:
    """A name glued by a hyphen to a lower-case word that modifies the next name: "HTS-held
    Idlib", "Taliban-ruled Afghanistan" (not an ezafe or article: "Mazar-e Sharif")."""
    last = re.split(r"[\-\u2010\u2011]", token.text)[-1]
    return last.islower() and len(last) > 2 and last not in CONNECTORS


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
        if free(token) and capitalised(token) and (joined or not current):
            current.append(token)
            continue
        if (
            free(token)
            and current
            and joined
            and token.text in CONNECTORS
            and index + 1 < len(tokens)
            and capitalised(tokens[index + 1])
        ):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = [token] if free(token) and capitalised(token) else []
    if current:
        runs.append(current)
    return runs


def _strip_run(text: str, run: list[Token], gazetteer: Gazetteer) -> list[Token]:
    """Drop sentence-initial function words, "Governor of"-style heads and trailing connectors."""
    while run and (
        run[0].text.lower() in FUNCTION_WORDS
        or (sentence_initial(text, run[0]) and gazetteer.is_stopword(run[0].text))
    ):
        run = run[1:]
    if (
        len(run) > 2
        and run[1].text == "of"
        and (
            run[0].text.lower() in _HEADS
            or (sentence_initial(text, run[0]) and not gazetteer.lookup(run[0].text)[0])
        )
    ):
        # "Governor of Kunar", "Residents of Shigal" (capitalised only as a sentence start)
        run = run[2:]
    while run and run[-1].text in CONNECTORS:
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


def _segment(text: str, run: list[Token], gazetteer: Gazetteer) -> list[tuple[int, int]] | None:
    """Split a run into known names, longest first; None if any part is unknown."""
    pieces: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        if run[i].text in CONNECTORS:
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
            if word in DIRECTIONS or word in PLACE_SUFFIXES or word in CONNECTORS:
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
        return _with_feature_word(text, run, gazetteer)  # "the Syrian desert"
    pieces = _segment(text, run, gazetteer)
    if pieces is None and len(run) > 1 and _glued_modifier(run[0]):
        return _run_proposals(text, run[1:], gazetteer, toponyms)
    if pieces is None:
        extended = _with_feature_word(text, run, gazetteer)  # "the Jubba valley"
        if extended:
            return extended
        # "Kunar and Sheikh Ahmad": judge each side of a coordination on its own.
        cuts = [i for i, token in enumerate(run) if token.text in ("and", "or")]
        if not cuts:
            return places_inside(text, run, gazetteer) if toponyms and len(run) > 1 else []
        found = []
        for lo, hi in zip([-1, *cuts], [*cuts, len(run)], strict=True):
            part = _strip_run(text, run[lo + 1 : hi], gazetteer)
            if part:
                found.extend(_run_proposals(text, part, gazetteer, toponyms))
        return found
    for (i, j), (k, m) in zip(pieces, pieces[1:], strict=False):
        touching = j == k
        if touching and not (
            strong(_lookup(text, run, i, j, gazetteer))
            and strong(_lookup(text, run, k, m, gazetteer))
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


def _with_feature_word(text: str, run: list[Token], gazetteer: Gazetteer) -> list[Proposal]:
    """A run known only with the lower-case place word after it: "the Jubba valley", "the
    Syrian desert", "the Boni forest"."""
    start, end = run[0].start, run[-1].end
    longer_end, candidates, hint = extend_with_suffix(text, start, end, gazetteer)
    if not candidates or longer_end == end:
        return []
    surface = text[start:longer_end]
    return [
        Proposal(
            start, longer_end, surface, "gazetteer", candidates, hint, is_locative(text, start)
        )
    ]


def _lookup(text: str, run: list[Token], i: int, j: int, gazetteer: Gazetteer) -> list[Candidate]:
    return gazetteer.lookup(text[run[i].start : run[j - 1].end])[0]
