"""Propaganda works and languages: titled releases ("the magazine Voice of Khurasan"),
"produced by", and the languages an outlet publishes in."""

from __future__ import annotations

from typing import Any

from spoor.records import Quantity
from spoor.relations.arguments import Candidate, agents, language_args, pobjs_of, titled_work
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView


def work_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`published` for a titled release: "released an Uzbek video titled The Truth of
    Central Asia" (the title is the object, its language a `propaganda_language` of the
    publisher), and "launched Voice of Khurasan, an English-language magazine"."""
    found: list[Candidate] = []
    verbs = lexicon.publish_verbs
    for verb in view.sent:
        if verb.lemma_.lower() not in verbs or verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = agents(verb, view, lexicon)
        if not subjects:
            continue
        for work in (c for c in verb.children if c.dep_ == "dobj"):
            titled = titled_work(work, view, lexicon)
            if titled is None:
                continue
            title, kind, language_of = titled
            attributes: dict[str, Any] = {"format": kind} if kind else {}
            value = Quantity(value=title, type="text")
            for subject in subjects:
                found.append(
                    Candidate(subject, "published", verb, value=value, attributes=dict(attributes))
                )
                for language in language_of:
                    owner = subject
                    outlet = view.mention_at(work)
                    if outlet is not None and outlet.entity_type == "media_outlet":
                        owner = Arg(outlet, work)  # the magazine's own language
                    # the language of a work is a habit, not dated by the launch
                    found.append(
                        Candidate(owner, "propaganda_language", verb, language, timed=False)
                    )
    return found


def outlet_language_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`propaganda_language` of a named outlet or magazine described by its language:
    "Voice of Hind, an English-language online magazine" (whoever publishes it)."""
    found: list[Candidate] = []
    for token in view.sent:
        mention = view.mention_at(token)
        if mention is None or mention.entity_type != "media_outlet":
            continue
        for appos in (c for c in token.children if c.dep_ == "appos"):
            if appos.lemma_.lower() not in lexicon.formats:
                continue
            for language in language_args(appos, "prep:in", view, lexicon):
                found.append(
                    Candidate(
                        Arg(mention, token), "propaganda_language", appos, language, timed=False
                    )
                )
            # "Voice of Hind, a magazine published by ISKP": the publisher and its title
            kind = lexicon.formats[appos.lemma_.lower()]
            for verb in appos.children:
                if verb.dep_ != "acl" or verb.lemma_.lower() not in lexicon.publish_verbs:
                    continue
                for publisher in (
                    a for p in pobjs_of(verb, frozenset({"by"})) for a in view.args(p)
                ):
                    found.append(
                        Candidate(
                            publisher,
                            "published",
                            verb,
                            value=Quantity(value=mention.text, type="text"),
                            attributes={"format": kind},
                        )
                    )
    return found


def produced_by_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    """`media_arm_of` from a group's work put out by an outlet: "its propaganda, produced
    by the Al-Azaim Foundation" (the outlet speaks for the work's owner)."""
    found: list[Candidate] = []
    for verb in view.sent:
        if (
            verb.dep_ != "acl"
            or verb.tag_ != "VBN"
            or (verb.lemma_.lower() not in lexicon.publish_verbs)
        ):
            continue
        outlets = [
            a
            for p in pobjs_of(verb, frozenset({"by"}))
            for a in view.args(p)
            if a.mention.entity_type == "media_outlet"
        ]
        owners = [a for a in view.owner(verb.head) if a.mention.entity_type != "media_outlet"]
        for outlet in outlets:
            for owner in owners:
                found.append(Candidate(outlet, "media_arm_of", verb, owner, timed=False))
    return found
