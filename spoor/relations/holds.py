"""Holds and havens: a group placed somewhere by how reporting describes the place, not by
a presence word of the group's own (issue 4, session 4).

- a participle hyphenated to the group: "Taliban-ruled Afghanistan", "ISWAP-held villages";
- a place said to be a group's haven, home or hotbed: "the Lake Chad region remains a haven
  for ISWAP", "Ituri is home to ADF fighters";
- a place taken from a group, which held it until then: "troops retook towns from
  al-Shabaab in Hiraan";
- where the doer of an event done to a group is stationed: "police in Mombasa arrested
  three al-Shabaab suspects";
- a branch noun owned by its parent names the branch ("the al-Qaeda affiliate operates in
  Mali" places the affiliate, not al-Qaeda).

frames.py calls these; words live in spoor/kb/lexicons/footprint.yaml.
"""

from __future__ import annotations

from spacy.tokens import Token

from spoor.relations.arguments import (
    Candidate,
    agents,
    is_passive,
    only_places,
    pobjs_of,
    presence,
)
from spoor.relations.footprint import FootprintWords, as_description, footprint_words
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView

_LOCATIVE = frozenset({"in", "across", "throughout", "inside"})


def held_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A place a group holds, named by a participle hyphenated to the group: "Taliban-ruled
    Afghanistan", "al-Shabaab-controlled areas of southern Somalia", "ISWAP-held villages in
    Borno". The participle describes the noun, so the sentence's date is not the hold's."""
    words = footprint_words()
    found: list[Candidate] = []
    for word in view.sent:
        if word.lemma_.lower() not in words.held_verbs or word.tag_ not in ("VBN", "VBD"):
            continue
        if word.i == 0 or word.doc[word.i - 1].text not in ("-", "\u2010", "\u2011"):
            continue  # "areas held by al-Shabaab" is read by the frames
        if word.dep_ not in ("amod", "compound", "nmod", "acl"):
            continue
        groups = [
            a
            for c in word.children
            if c.i < word.i and c.dep_ in ("npadvmod", "compound", "nmod", "amod", "nsubj")
            for a in view.args(c)
            if (a.mention.entity_type or "") in lexicon.footprint_subjects
        ]
        noun = word.head
        places = only_places(view.args(noun))
        if not places and noun.lemma_.lower() in lexicon.place_nouns:
            # "cleared al-Shabaab-held villages in Hiraan": the group's name makes the noun
            # look owned, and the parser may hang the place on the verb
            hosts = [noun, noun.head] if noun.dep_ == "dobj" else [noun]
            places = only_places(
                [a for h in hosts for p in pobjs_of(h, _LOCATIVE) for a in view.args(p)]
            )
        for group in _unique_groups(groups):
            found += [as_description(presence(group, word, place, timed=False)) for place in places]
    return found


def haven_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A place said to be a group's haven, the group named by "for", "to" or "of" or as the
    owner of the people or activity named there: "the Lake Chad region remains a haven for
    ISWAP", "northern Burkina Faso has become a hotbed of JNIM activity", "Ituri is home to
    ADF fighters", "al-Shabaab used the Boni forest as a hideout"."""
    words = footprint_words()
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.lemma_.lower() not in words.haven_nouns and noun.lower_ not in words.haven_nouns:
            continue
        places, groups = _haven_place(noun, view, lexicon, words)
        if not places:
            continue
        for pobj in pobjs_of(noun, frozenset({"for", "to", "of"})):
            for item in (pobj, *pobj.conjuncts):
                named = view.args(item) or view.owner(item)
                groups += [
                    a for a in named if (a.mention.entity_type or "") in lexicon.footprint_subjects
                ]
        for group in _unique_groups(groups):
            # a copula's tense dates the state ("has served as a sanctuary since 2016"); an
            # apposition only describes the place
            timed = noun.dep_ != "appos"
            found += [presence(group, noun, place, timed=timed) for place in places]
    return found


def _haven_place(
    noun: Token, view: SentenceView, lexicon: Lexicon, words: FootprintWords
) -> tuple[list[Arg], list[Arg]]:
    """The places a haven noun is said of, and the group of a verb that uses them as one."""
    head = noun.head
    if _foreseen(head):
        return [], []  # "Afghanistan may become a haven for ISKP" is a fear, not a fact
    if noun.dep_ in ("attr", "advmod", "npadvmod", "acomp") and (
        head.lemma_.lower() in words.haven_copulas
    ):
        return only_places(
            [a for c in head.children if c.dep_ == "nsubj" for a in view.args(c)]
        ), []
    if noun.dep_ == "appos":
        return only_places(view.args(head)), []
    if noun.dep_ == "pobj" and head.lower_ == "as":
        verb = head.head
        if verb.lemma_.lower() in words.haven_copulas:  # "Kunar serves as a base for ISKP"
            return only_places(
                [a for c in verb.children if c.dep_ == "nsubj" for a in view.args(c)]
            ), []
        if verb.lemma_.lower() in words.haven_users:  # "ISKP uses Kunar as a base"
            places = only_places(
                [a for c in verb.children if c.dep_ == "dobj" for a in view.args(c)]
            )
            groups = [
                a
                for a in agents(verb, view, lexicon)
                if (a.mention.entity_type or "") in lexicon.footprint_subjects
            ]
            return places, groups
    return [], []


_MODALS = frozenset({"may", "might", "could", "would", "will", "shall", "can"})


def _foreseen(verb: Token) -> bool:
    """A copula under a modal or another verb ("may become", "risks becoming", "threatens
    to turn into"): what the place could be, not what it is."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)
    return modal or verb.dep_ in ("xcomp", "ccomp") and verb.tag_ in ("VB", "VBG")


def _unique_groups(args: list[Arg]) -> list[Arg]:
    seen: set[int] = set()
    kept: list[Arg] = []
    for arg in args:
        if id(arg.mention) not in seen:
            seen.add(id(arg.mention))
            kept.append(arg)
    return kept


def doer_places(verb: Token, view: SentenceView) -> list[Arg]:
    """Where the doer of an event done to a group is stationed, which is where it was done:
    "police in Mombasa arrested three al-Shabaab suspects", "ISKP members were detained by
    authorities in Tajikistan"."""
    words = footprint_words()
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    doers += pobjs_of(verb, frozenset({"by"})) if is_passive(verb) else []
    return only_places(
        [
            a
            for doer in doers
            if doer.lemma_.lower() in words.stationed_doers
            for p in pobjs_of(doer, frozenset({"in"}))
            for a in view.args(p)
        ]
    )


def parent_of_branch(arg: Arg) -> bool:
    """Whether a group was read through a branch noun it owns ("the al-Qaeda affiliate",
    "al-Qaeda's branch in Somalia"): the noun names the branch, a group of its own."""
    noun = arg.token.head
    return (
        arg.proxy
        and arg.token.dep_ in ("compound", "poss", "nmod")
        and noun.lemma_.lower() in footprint_words().branch_nouns
    )


def retaken_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A place taken from a group was held by it until then: "troops retook several towns
    from al-Shabaab in Hiran", "the army recaptured Mocimboa da Praia from the insurgents"
    (the fact gets `ousted`: its date is its end)."""
    words = footprint_words()
    found: list[Candidate] = []
    for verb in view.sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX") or not {lemma, verb.lower_} & words.retake_verbs:
            continue
        taken = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        froms = [c for t in (verb, *taken) for c in t.children if c.lower_ == "from"]
        losers = [p for f in froms for p in f.children if p.dep_ == "pobj"]
        groups = [
            a
            for p in losers
            for a in view.args(p)
            if (a.mention.entity_type or "") in lexicon.footprint_subjects
        ]
        if not groups:
            continue
        places = only_places([a for t in taken for a in view.args(t)])
        places += only_places(
            [
                a
                for t in taken
                if t.lemma_.lower() in lexicon.place_nouns
                # the parser may hang "in Hiraan" on the verb or on "from"
                for host in (t, verb, *froms)
                for p in pobjs_of(host, _LOCATIVE)
                for a in view.args(p)
            ]
        )
        for group in _unique_groups(groups):
            for place in _unique(places):
                candidate = presence(group, verb, place)
                candidate.attributes["ousted"] = True  # the hold ended then
                found.append(candidate)
    return found


def _unique(args: list[Arg]) -> list[Arg]:
    """Places, each once."""
    return [a for a in _unique_groups(args) if a.mention.entity_type in PLACE_TYPES]
