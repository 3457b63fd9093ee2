"""Footprint constructions the trigger frames miss: places named around a presence word
rather than by its own preposition, and presence said without a trigger frame.

- a relative "where" clause: "Cabo Delgado, where the group operates";
- a range: "active from Nigeria to Cameroon";
- examples of a place noun: "coastal states such as Benin and Togo";
- a place hung on a span of time: "has operated for most of its existence from X";
- "most of them in X" said of a group's fighters;
- a stronghold noun equated with a place: "its last stronghold, Baghuz", "the Hamrin range
  has been one of the group's last refuges";
- a branch placed by its noun: "ISKP is the Islamic State's branch in Afghanistan", "its
  Afghan affiliate";
- a place modifier with "-based": "the Pakistan-based Jaish-e-Mohammed";
- a hold over an area: "gained control of large parts of central Mali";
- a group's people seen somewhere: "ISKP fighters have been spotted in Kunar";
- a place driven out of or lost, which the group held until then ("pushed out of its bases
  in X", "lost Mosul in 2017": the fact gets `ousted`, and its date is its end).

frames.py calls these; words live in spoor/kb/lexicons/footprint.yaml.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Token

from spoor.geo.normalize import normalize_name
from spoor.relations.arguments import (
    Candidate,
    agents,
    only_places,
    pobjs_of,
    presence,
    quantified,
)
from spoor.relations.lexicon import LEXICON_DIR, Frame, Lexicon, _read
from spoor.relations.sentence import PLACE_TYPES, Arg, SentenceView

# frames whose object is where the group is (not threats or propaganda)
PRESENCE_PREDICATES = frozenset({"active_in", "supporters_in"})
# frames whose object is whom a group aims at: only examples of their nouns are added
AUDIENCE_PREDICATES = frozenset({"threatens", "propaganda_targets"})


@dataclass(frozen=True, slots=True)
class FootprintWords:
    stronghold_nouns: frozenset[str]
    branch_nouns: frozenset[str]
    based_words: frozenset[str]
    range_starts: frozenset[str]
    range_ends: frozenset[str]
    example_words: frozenset[str]
    share_words: frozenset[str]
    ouster_verbs: frozenset[str]
    control_nouns: frozenset[str]
    control_preps: frozenset[str]
    control_verbs: frozenset[str]
    sighting_verbs: frozenset[str]
    event_like_nouns: frozenset[str]
    named_branch_nouns: frozenset[str]
    duration_preps: frozenset[str]
    duration_nouns: frozenset[str]
    lost_verbs: frozenset[str]
    combat_nouns: frozenset[str]
    held_verbs: frozenset[str]
    haven_nouns: frozenset[str]
    haven_copulas: frozenset[str]
    haven_users: frozenset[str]
    raising_verbs: frozenset[str]
    contest_verbs: frozenset[str]
    stationed_doers: frozenset[str]
    naming_verbs: frozenset[str]
    retake_verbs: frozenset[str]


@functools.cache
def footprint_words(path: Path = LEXICON_DIR / "footprint.yaml") -> FootprintWords:
    data = _read(path)
    keys = [f.name for f in dataclasses.fields(FootprintWords)]
    return FootprintWords(**{key: frozenset(str(w) for w in data.get(key, ())) for key in keys})


def extra_places(token: Token, frame: Frame, view: SentenceView) -> list[Arg]:
    """Places of a presence trigger named outside its own prepositions (see module doc)."""
    words = footprint_words()
    preps = frozenset(
        item.removeprefix("prep:")
        for item in frame.object.split("|")
        if item not in ("agent", "patient", "self")
    )
    named = _called(token, preps, view, words)  # "a state in what it calls East Turkestan"
    if frame.predicate == "claims_territory":
        return _unique(named)
    if frame.predicate in AUDIENCE_PREDICATES:
        # "a threat to Central Asian states such as Tajikistan"
        nouns = pobjs_of(token, preps) if preps else []
        nouns += (
            [c for c in token.children if c.dep_ == "dobj"] if "patient" in frame.object else []
        )
        return _unique([a for n in nouns for a in example_places(n, view, words)])
    if frame.predicate not in PRESENCE_PREDICATES or frame.place != "object":
        return []
    hosts = _hosts(token)
    found: list[Arg] = list(named)
    if _raised(token):
        # "In northern Mozambique, insurgents continue to operate": the place is the raising
        # verb's
        found += only_places([a for p in pobjs_of(token.head, preps) for a in view.args(p)])
    for host in hosts:
        found += [a for p in pobjs_of(host, preps) for a in example_places(p, view, words)]
    if token.pos_ in ("VERB", "AUX", "ADJ"):
        # the parser hangs the place on a span of time: "has operated for most of its
        # existence from North Kivu", "has fought for years in Somalia"
        found += only_places(
            [a for d in _durations(hosts, words) for p in pobjs_of(d, preps) for a in view.args(p)]
        )
    # "sent fighters to Pakistan": the parser may read "to" as a dative
    found += [
        a
        for c in token.children
        if c.dep_ == "dative" and c.lower_ in preps
        for p in c.children
        if p.dep_ == "pobj"
        for a in view.args(p)
    ]
    if not preps & {"in", "from"}:
        return _unique(found)  # "networks among migrants": who, not where
    found += where_antecedent(hosts, view)
    for host in hosts:
        found += range_places(host, view, words)
        # "operates out of camps in North Kivu": "of" hangs on "out"
        out_of = [p for c in host.children if c.lower_ == "out" for p in pobjs_of(c, _OF)]
        if "from" in preps:
            found += only_places([a for p in out_of for a in view.args(p)])
        for pobj in pobjs_of(host, preps):
            if pobj.lemma_.lower() in view.lexicon.place_nouns and view.mention_at(pobj) is None:
                # "bases in the forests around Macomia": the area named by its town
                found += only_places([a for p in pobjs_of(pobj, _NEAR) for a in view.args(p)])
        for pobj in pobjs_of(host, preps | {"from"}) + out_of:
            if pobj.lemma_.lower() in words.stronghold_nouns and view.mention_at(pobj) is None:
                # "operates from bases in North Kivu", "is active in hideouts across X"
                found += only_places([a for p in pobjs_of(pobj, _LOCATIVE) for a in view.args(p)])
    if token.pos_ in ("NOUN", "PROPN"):
        found += tied_places(token, view, preps)
        # "12,000 fighters, most of them in southern Somalia"
        found += [
            a for c in _shares(token, words) for p in pobjs_of(c, preps) for a in view.args(p)
        ]
        if token.lemma_.lower() in words.stronghold_nouns:
            found += equated_places(token, view)
    return _unique(found)


def _called(
    token: Token, preps: frozenset[str], view: SentenceView, words: FootprintWords
) -> list[Arg]:
    """A place named by a clause of naming after a preposition: "an independent state in
    what it calls East Turkestan", "active in what officials term the tri-border area"."""
    hosts = [token, token.head] if token.dep_ == "dobj" else [token]
    return only_places(
        [
            a
            for host in hosts
            for prep in host.children
            if prep.dep_ == "prep" and prep.lower_ in preps
            for clause in prep.children
            if clause.dep_ == "pcomp" and clause.lemma_.lower() in words.naming_verbs
            for named in clause.children
            if named.dep_ in ("oprd", "attr", "xcomp", "dobj")
            for a in view.args(named)
        ]
    )


def _shares(noun: Token, words: FootprintWords) -> list[Token]:
    """ "most of them" said of a noun's people: apposed to it, or (as the parser may read
    it) a second object of its verb."""
    near = [c for c in noun.children if c.dep_ == "appos"]
    if noun.dep_ == "dobj":
        near += [c for c in noun.head.children if c.i > noun.i and c.dep_ in ("dobj", "appos")]
    return [
        c
        for c in near
        if c.lower_ in words.share_words
        and any(p.lower_ in ("them", "these", "those") for p in pobjs_of(c, frozenset({"of"})))
    ]


def ousted_places(verb: Token, view: SentenceView) -> list[Arg]:
    """Where a group was driven from, which it held until then: "pushed ISSP out of its
    bases in the Cal Miskaad mountains", "expelled al-Shabaab from several towns in
    Hiraan", "drove the group out of Palma"."""
    words = footprint_words()
    if verb.lemma_.lower() not in words.ouster_verbs:
        return []
    sources: list[Token] = pobjs_of(verb, frozenset({"from"}))
    for out in verb.children:  # "out of": "of" hangs on "out"
        if out.lower_ == "out" and out.dep_ in ("prep", "prt", "advmod"):
            sources += pobjs_of(out, frozenset({"of"}))
    sources += pobjs_of(verb, frozenset({"of"}))  # "out" read as a particle
    found: list[Arg] = []
    for source in sources:
        for item in (source, *quantified(source), *_partitive(source)):
            found += view.args(item)
            found += [a for p in pobjs_of(item, _LOCATIVE) for a in view.args(p)]
    return _unique(found)


def _partitive(token: Token) -> list[Token]:
    """ "several of its bases": the counted noun, when the parser does not quantify it."""
    return [
        p
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]


_LOCATIVE = frozenset({"in", "across", "throughout", "inside"})
_OF = frozenset({"of"})
_NEAR = frozenset({"around", "near"})


def _durations(hosts: list[Token], words: FootprintWords) -> list[Token]:
    """The nouns of a duration on a verb: "for years", "for most of its existence"."""
    found: list[Token] = []
    for host in hosts:
        for noun in pobjs_of(host, words.duration_preps):
            for item in (noun, *quantified(noun), *_partitive(noun)):
                if item.lemma_.lower() in words.duration_nouns or item.ent_type_ == "DATE":
                    found.append(item)
    return found


def lost_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A place a group lost was one it held until then: "since it lost Mosul in 2017", "the
    group ceded Palma". Only a named place as the direct object counts."""
    words = footprint_words()
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words.lost_verbs:
            continue
        places = only_places([a for c in verb.children if c.dep_ == "dobj" for a in view.args(c)])
        if not places:
            continue
        for group in agents(verb, view, lexicon):
            if (group.mention.entity_type or "") not in lexicon.footprint_subjects:
                continue
            for place in places:
                candidate = presence(group, verb, place)
                candidate.attributes["ousted"] = True  # the presence ended then
                found.append(candidate)
    return found


def _hosts(token: Token) -> list[Token]:
    """The trigger and the word its place phrases may hang on: the copula of an adjective
    ("is active in"), the verb whose object a presence noun is ("maintains cells"), the verb
    an infinitive of presence completes ("In Mozambique, insurgents continue to operate")."""
    hosts = [token]
    adjective = token.pos_ == "ADJ" and token.head.i != token.i
    possessed = token.pos_ in ("NOUN", "PROPN") and token.dep_ == "dobj"
    if adjective or possessed or _raised(token):
        hosts.append(token.head)
    return hosts


def _raised(token: Token) -> bool:
    """An infinitive of presence after a verb that passes it its subject ("continue to
    operate", "remains active")."""
    return (
        token.dep_ in ("xcomp", "acomp")
        and token.pos_ in ("VERB", "ADJ")
        and token.head.lemma_.lower() in footprint_words().raising_verbs
    )


def tied_places(noun: Token, view: SentenceView, preps: frozenset[str]) -> list[Arg]:
    """Places inside the phrase that ties people to their group, where the parser hangs
    them: "militants affiliated with ISKP in Badakhshan", "supporters of ISKP in Germany"."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    words = view.lexicon.tie_words
    found: list[Arg] = []
    for child in noun.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.lemma_.lower() in words:
            groups = [t for t in child.subtree if _is_group(t, view)]
        elif child.dep_ == "prep" and child.lower_ == "of":
            groups = [p for p in pobjs_of(noun, frozenset({"of"})) if _is_group(p, view)]
        else:
            continue
        found += only_places([a for g in groups for p in pobjs_of(g, preps) for a in view.args(p)])
    return found


def tied_groups(token: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The group people of a presence noun are tied to: "militants affiliated with ISKP in
    Badakhshan", "fighters loyal to the Islamic State in Syria"."""
    if token.pos_ not in ("NOUN", "PROPN") or token.lemma_.lower() not in lexicon.tie_nouns:
        return []
    tied = view.entity_of(token)
    if tied is None or (tied.mention.entity_type or "") not in lexicon.footprint_subjects:
        return []
    return [tied]


def _is_group(token: Token, view: SentenceView) -> bool:
    mention = view.mention_at(token)
    return mention is not None and (mention.entity_type or "") in view.lexicon.footprint_subjects


def described_groups(token: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The group a participle or adjective of presence is said of: "ISKP, operating from
    bases in Kunar, ...", "JNIM, a coalition active across the Sahel, ...". Only a group
    the phrase hangs on (or the name its noun is apposed to), never a clause's subject."""
    if token.dep_ not in ("acl", "amod") or token.i == token.head.i:
        return []
    if token.pos_ == "VERB" and token.tag_ != "VBG":
        return []  # "the group based in X" is the frames' patient; "seen" is not said of it
    head = token.head
    found = list(view.args(head))
    if not found and head.dep_ == "appos":
        found = view.args(head.head)
    if not found:
        found = [a for c in head.children if c.dep_ == "appos" for a in view.args(c)]
    return [a for a in found if (a.mention.entity_type or "") in lexicon.footprint_subjects]


def where_antecedent(hosts: list[Token], view: SentenceView) -> list[Arg]:
    """The place a relative "where" stands for: "Cabo Delgado, where the group operates",
    "Kabul, where ISKP maintains cells"."""
    for host in hosts:
        if host.dep_ == "relcl" and any(
            c.dep_ == "advmod" and c.lower_ == "where" for c in host.children
        ):
            return only_places(view.args(host.head))
    return []


def range_places(host: Token, view: SentenceView, words: FootprintWords) -> list[Arg]:
    """Both ends of a range of places: "active from Nigeria to Cameroon". A "from" alone is
    where a group came from, not where it is, so only a complete range counts."""
    found: list[Arg] = []
    for prep in host.children:
        if prep.dep_ != "prep" or prep.lower_ not in words.range_starts:
            continue
        starts = [c for c in prep.children if c.dep_ == "pobj"]
        # the parser hangs "to Y" on "from", on X or on the verb
        ends = pobjs_of(prep, words.range_ends)
        ends += [p for s in starts for p in pobjs_of(s, words.range_ends)]
        ends += [p for p in pobjs_of(host, words.range_ends) if p.i > prep.i]
        end_places = only_places([a for p in ends for a in view.args(p)])
        start_places = only_places([a for s in starts for a in view.args(s)])
        if start_places and end_places:
            found += start_places + end_places
    return found


def example_places(noun: Token, view: SentenceView, words: FootprintWords) -> list[Arg]:
    """Places given as examples of a noun: "coastal states such as Benin and Togo", "several
    provinces, including Kunar"."""
    found: list[Arg] = []
    for item in (noun, *noun.conjuncts):
        for prep in (*item.children, *_clause_preps(item)):
            if prep.dep_ != "prep":
                continue
            such = prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)
            such = such or (prep.lower_ == "as" and item.i + 1 < prep.i and _such_before(prep))
            if such or prep.lower_ in words.example_words:
                found += only_places(
                    [a for p in prep.children if p.dep_ == "pobj" for a in view.args(p)]
                )
    return found


def _clause_preps(noun: Token) -> list[Token]:
    """Prepositions inside a participle said of a place noun, where the parser hangs the
    noun's examples on the participle's object: "the districts bordering Afghanistan,
    including Bajaur and Khyber"."""
    return [
        t
        for c in noun.children
        if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN")
        for t in c.subtree
        if t.dep_ == "prep" and t.head.i != c.i
    ]


def _such_before(prep: Token) -> bool:
    return prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"


def equated_places(noun: Token, view: SentenceView) -> list[Arg]:
    """A place a stronghold noun is said to be: apposed ("its stronghold, Baghuz"; "Baghuz,
    the last stronghold of ..."), named by "of" ("its stronghold of Jilib") or the subject of
    a copula ("the Hamrin range has been one of the group's last refuges")."""
    found: list[Arg] = []
    found += [a for c in noun.children if c.dep_ == "appos" for a in view.args(c)]
    found += [a for p in pobjs_of(noun, frozenset({"of"})) for a in view.args(p)]
    if noun.dep_ == "appos":
        found += view.args(noun.head)
    attr = noun
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        attr = noun.head.head  # "one of its refuges"
    if attr.dep_ == "attr":
        found += [a for c in attr.head.children if c.dep_ == "nsubj" for a in view.args(c)]
    return only_places(found)


def branch_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A branch placed by its noun: "ISKP is the Islamic State's branch in Afghanistan",
    "al-Shabaab, al-Qaeda's affiliate in Somalia". The branch is the copula's subject or
    the apposed name; the noun's owner is the parent group and gets nothing."""
    words = footprint_words()
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() not in words.branch_nouns:
            continue
        if noun.tag_ in ("NNS", "NNPS"):
            # "its provinces in West and Central Africa, ISWAP and ISCAP": which is where
            # is not said
            continue
        places = only_places(
            [a for p in pobjs_of(noun, frozenset({"in", "across"})) for a in view.args(p)]
        )
        if noun.lemma_.lower() in words.named_branch_nouns:
            places += _modifier_places(noun, view)
        # "the Islamic State's Khorasan branch" names a claimed region, not a presence
        places = [a for a in places if a.mention.entity_type != "historical_region"]
        if not places:
            continue
        for group in _named_as(noun, view, lexicon):
            found += [presence(group, noun, place, timed=False) for place in places]
    return found


def _modifier_places(noun: Token, view: SentenceView) -> list[Arg]:
    """Places a branch noun's modifiers name: "its Afghan affiliate" (the country of a
    people's adjective, when the document names it), "the Somalia branch"."""
    found: list[Arg] = []
    for child in noun.children:
        if child.dep_ not in ("amod", "compound", "nmod") or child.i > noun.i:
            continue
        mention = view.mention_at(child)
        if mention is not None and mention.entity_type in PLACE_TYPES:
            found.append(Arg(mention, child))
            continue
        for word in ([mention.text] if mention is not None else []) + [child.text]:
            nation = view.nations.get(normalize_name(word))
            if nation is not None:
                found.append(Arg(nation, child))
                break
    return found


def _named_as(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The groups a common noun is said to be: the subject of its copula, the name it is
    apposed to or that is apposed to it."""
    args: list[Arg] = []
    if noun.dep_ == "attr":
        args += [a for c in noun.head.children if c.dep_ == "nsubj" for a in view.args(c)]
    if noun.dep_ == "appos":
        args += view.args(noun.head)
    args += [a for c in noun.children if c.dep_ == "appos" for a in view.args(c)]
    return [a for a in args if (a.mention.entity_type or "") in lexicon.footprint_subjects]


def control_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A hold over a place: "JNIM has gained control of large parts of central Mali", "the
    group's grip on rural Somalia". The holder is the noun's owner or the subject of the
    verb that has it, never the place "of" names; a lost or ended hold ("lost control of",
    "the end of its control") is left to the frames that read losses."""
    words = footprint_words()
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words.control_nouns:
            continue
        verb = noun.head
        areas = pobjs_of(noun, words.control_preps)
        if noun.dep_ == "dobj":
            # "holds sway over much of the basin": the parser hangs "over" on the verb
            areas += pobjs_of(verb, words.control_preps - _OF)
        areas = [x for a in areas for x in (a, *_partitive(a))]
        places = only_places(
            [
                a
                for p in areas
                # "control of Bagram prison" is of a building (an event, not an area), also
                # when the parser splits "Bagram and Pul-e-Charkhi prisons"
                if _area(p, view, lexicon)
                for a in view.args(p)
            ]
        )
        under = _under_control(noun, view, lexicon)
        places += under
        if not places:
            continue
        holders = [a for c in noun.children if c.dep_ in ("poss", "compound") for a in view.args(c)]
        if not holders and noun.dep_ == "pobj" and noun.head.lower_ == "for":
            # "JNIM and ISSP compete for control of Menaka": each is there
            contest = noun.head.head
            if contest.lemma_.lower() in words.contest_verbs:
                holders = agents(contest, view, lexicon)
        if not holders and noun.dep_ == "dobj" and verb.lemma_.lower() in words.control_verbs:
            holders = [a for c in verb.children if c.dep_ == "nsubj" for a in view.args(c)]
            if (
                not holders
                and verb.dep_ in ("relcl",)
                and any(
                    c.dep_ == "nsubj" and c.lower_ in ("which", "that", "who")
                    for c in verb.children
                )
            ):
                holders = view.args(verb.head)
        for group in holders:
            if (group.mention.entity_type or "") in lexicon.footprint_subjects:
                held = [presence(group, noun, place) for place in places]
                found += [as_description(c) for c in held] if under else held
    return found


def _under_control(noun: Token, view: SentenceView, lexicon: Lexicon) -> list[Arg]:
    """The area said to be under a hold: "areas under its control in Lower Shabelle",
    "Jilib, under al-Shabaab control"."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "under":
        return []
    area = noun.head.head
    found = [a for p in pobjs_of(noun, _LOCATIVE) for a in view.args(p)]
    if view.mention_at(area) is not None or area.lemma_.lower() in lexicon.place_nouns:
        found += view.args(area)
        found += [a for p in pobjs_of(area, _LOCATIVE) for a in view.args(p)]
    return only_places(found)


def sighted_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A group's people or cells seen somewhere: "ISKP fighters have been spotted in northern
    Afghanistan", "officials found an al-Shabaab cell in Mombasa". Only nouns of presence
    (the active_in nouns of relations.yaml, not its events) count."""
    words = footprint_words()
    nouns = {
        lemma
        for f in lexicon.frames
        if f.predicate == "active_in" and f.pos == "NOUN"
        for lemma in f.lemmas
    } - words.event_like_nouns
    found: list[Candidate] = []
    for verb in view.sent:
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words.sighting_verbs:
            continue
        seen = [
            c
            for c in verb.children
            if c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in nouns
        ]
        places = only_places([a for p in pobjs_of(verb, _LOCATIVE) for a in view.args(p)])
        if not places:
            continue
        for noun in seen:
            for group in view.args(noun):
                if (group.mention.entity_type or "") in lexicon.footprint_subjects:
                    found += [presence(group, verb, place) for place in places]
    return found


def _area(token: Token, view: SentenceView, lexicon: Lexicon) -> bool:
    """Whether a noun and its conjuncts name areas (places or place nouns), not buildings."""
    return all(
        (view.mention_at(t) is not None and t.pos_ == "PROPN")
        or t.lemma_.lower() in lexicon.place_nouns
        for t in (token, *token.conjuncts)
    )


def threat_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """A threat whose group is named by "posed by" or "from": "the threat posed by ISKP to
    Europe", "the threat from ISKP in Russia". (A threat owned by its group, "ISKP's threat
    to X", is read by the frames of relations.yaml.)"""
    nouns = {
        lemma
        for f in lexicon.frames
        if f.predicate == "threatens" and f.pos == "NOUN"
        for lemma in f.lemmas
    }
    targets = frozenset({"to", "against", "for", "in"})
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in nouns:
            continue
        posed = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        sources = pobjs_of(noun, frozenset({"from"}))
        sources += [p for verb in posed for p in pobjs_of(verb, frozenset({"by"}))]
        groups = [
            a
            for p in sources
            for a in view.args(p)
            if (a.mention.entity_type or "") in lexicon.footprint_subjects
        ]
        if not groups:
            continue
        named = {id(g.mention) for g in groups}
        objects = [
            a
            for host in (noun, *posed)
            for p in pobjs_of(host, targets)
            for a in view.args(p)
            if id(a.mention) not in named
        ]
        for group in groups:
            for obj in objects:
                place = obj.mention.place if obj.mention.entity_type in PLACE_TYPES else None
                found.append(
                    Candidate(
                        group,
                        "threatens",
                        noun,
                        obj,
                        place=place,
                        place_args=[obj] if place else [],
                    )
                )
    return found


def fighting_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """Fighting somewhere between named sides puts each armed side there: "clashes between
    the Taliban and ISKP in Kunar", "fighting between JNIM and ISSP in Menaka" (the parser
    may hang the place on a side's name)."""
    words = footprint_words()
    found: list[Candidate] = []
    for noun in view.sent:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words.combat_nouns:
            continue
        sides = pobjs_of(noun, frozenset({"between", "among"}))
        tokens = [t for side in sides for t in (side, *side.conjuncts)]
        places = only_places(
            [a for host in (noun, *tokens) for p in pobjs_of(host, _LOCATIVE) for a in view.args(p)]
        )
        if not places:
            continue
        for side in [a for t in sides for a in view.args(t)]:
            if (side.mention.entity_type or "") in lexicon.footprint_subjects:
                found += [presence(side, noun, place) for place in places]
    return found


def based_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """ "The Pakistan-based Jaish-e-Mohammed", "al-Shabaab, the Somalia-based affiliate of
    al-Qaeda": the place modifier of "based" places the group the noun names or is said to
    be (never the owner of the noun)."""
    words = footprint_words()
    found: list[Candidate] = []
    for word in view.sent:
        if word.lower_ not in words.based_words or word.dep_ not in ("amod", "compound"):
            continue
        places = only_places(
            [
                a
                for c in word.children
                if c.dep_ in ("npadvmod", "compound", "nmod", "amod") and c.i < word.i
                for a in view.args(c)
            ]
        )
        if not places:
            continue
        noun = word.head
        groups = [
            a
            for a in view.args(noun)
            if (a.mention.entity_type or "") in lexicon.footprint_subjects
        ] or _named_as(noun, view, lexicon)
        for group in groups:
            found += [presence(group, word, place, timed=False) for place in places]
    return found


def _unique(args: list[Arg]) -> list[Arg]:
    seen: set[int] = set()
    kept: list[Arg] = []
    for arg in args:
        if id(arg.mention) not in seen and arg.mention.entity_type in PLACE_TYPES:
            seen.add(id(arg.mention))
            kept.append(arg)
    return kept


def as_description(candidate: Candidate) -> Candidate:
    """A hold named inside a noun phrase describes it: the clause's hedges and denials are
    about something else ("aid workers cannot reach al-Shabaab-held villages")."""
    candidate.local = True
    return candidate
