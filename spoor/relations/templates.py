"""Surface templates for appositions and titles.

The small parser often mangles "ISKP leader Shahab al-Muhajir" or "the founding
emir of ISKP, Hafiz Saeed Khan"; the words between two names are regular enough
that a pattern over the sentence, with each mention replaced by a slot, is more
precise. Templates and role words live in relations.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spoor.records import Mention
from spoor.relations.arguments import Candidate
from spoor.relations.lexicon import Lexicon
from spoor.relations.sentence import Arg, SentenceView

# family -> (predicate or "role", subject slot, cue group). Slots are typed afterwards,
# by the ontology's signature of the predicate.
_FAMILIES = {
    "media_arm_of": ("media_arm_of", "outlet", "arm"),
    "role": ("role", "person", "role"),
    "affiliate_of": ("affiliate_of", "member", "branch"),
    "leader_of": ("leader_of", "person", "verb"),
    "allied_with": ("allied_with", "member", "verb"),
    "pledged_allegiance_to": ("pledged_allegiance_to", "member", "verb"),
}
_SLOTS = ("outlet", "person", "group", "member")


@dataclass(slots=True, frozen=True)
class Template:
    family: str  # "media_arm_of" or "role"
    pattern: re.Pattern[str]


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_CACHE: dict[int, tuple[Lexicon, list[Template]]] = {}


def _compiled(lexicon: Lexicon) -> list[Template]:
    """Templates compiled once per lexicon object (the lexicon itself is not hashable)."""
    cached = _CACHE.get(id(lexicon))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    templates = _compile(lexicon)
    _CACHE[id(lexicon)] = (lexicon, templates)
    return templates


def _compile(lexicon: Lexicon) -> list[Template]:
    role = (
        f"(?P<role>(?:(?:{_alternation(lexicon.modifiers)})\\s+)*"
        f"(?:{_alternation(list(lexicon.roles))}))"
    )
    mods = f"(?P<mods>(?:(?:{_alternation(lexicon.modifiers)})\\s+)*)"
    arm = f"(?P<arm>{_alternation(lexicon.media_arms)})"
    branch = f"(?P<branch>{_alternation(lexicon.branches)})"
    templates = []
    for family, patterns in lexicon.templates.items():
        for source in patterns:
            text = source.replace("{ROLE}", role).replace("{ARM}", arm).replace("{MODS}", mods)
            text = text.replace("{BRANCH}", branch)
            for slot in _SLOTS:
                text = text.replace("{" + slot + "}", f"(?:the\\s+)?<(?P<{slot}>\\d+)>")
            text = text.replace(" ", r"\s+")
            templates.append(Template(family, re.compile(text, re.IGNORECASE)))
    return templates


def _abstract(view: SentenceView, slots: list[Mention]) -> tuple[str, list[int]]:
    """The sentence with each mention replaced by ``<index>``, and a map from each
    character of that string back to an offset in the document."""
    sent = view.sent
    # Doc.text re-joins every token of the document on each call (a tenth of ingest time
    # when read per sentence); the sentence's own text holds every slot in practice.
    inside = all(m.end <= sent.end_char for m in slots)
    text, base = (sent.text, sent.start_char) if inside else (sent.doc.text, 0)
    out: list[str] = []
    offsets: list[int] = []
    cursor = sent.start_char
    for index, mention in enumerate(slots):
        if mention.start < cursor:
            continue
        chunk = text[cursor - base : mention.start - base].replace("\u2019", "'")
        out.append(chunk)
        offsets.extend(range(cursor, mention.start))
        slot = f"<{index}>"
        out.append(slot)
        offsets.extend([mention.start] * len(slot))
        cursor = mention.end
    out.append(text[cursor - base : sent.end_char - base].replace("\u2019", "'"))
    offsets.extend(range(cursor, sent.end_char))
    return "".join(out), offsets


def template_candidates(view: SentenceView, lexicon: Lexicon) -> list[Candidate]:
    slots = sorted(
        (m for m in view.mentions + view.pronouns if not _resolved_title(m, lexicon)),
        key=lambda m: m.start,
    )
    if len(slots) < 2:
        return []
    abstract, offsets = _abstract(view, slots)
    found: list[Candidate] = []
    for template in _compiled(lexicon):
        for match in template.pattern.finditer(abstract):
            candidate = _candidate(template, match, view, slots, lexicon, offsets)
            if candidate is not None:
                found.append(candidate)
    return found


def _resolved_title(mention: Mention, lexicon: Lexicon) -> bool:
    """A title that coreference resolved to a person ("its leader" -> Iyad Ag Ghaly): the
    templates read the title words themselves ("Its leader, Iyad Ag Ghaly"), so it is text,
    not a slot."""
    if mention.origin != "coref" or mention.entity_type != "person":
        return False
    words = mention.text.lower().split()
    if not words:
        return False
    last = words[-1].removesuffix("s")  # "one of its commanders"
    return last in lexicon.roles or " ".join([*words[-2:-1], last]) in lexicon.roles


def _candidate(
    template: Template,
    match: re.Match[str],
    view: SentenceView,
    mentions: list[Mention],
    lexicon: Lexicon,
    offsets: list[int],
) -> Candidate | None:
    slots = match.groupdict()
    group = _mention(mentions, slots.get("group"))
    predicate, subject_slot, cue_name = _FAMILIES[template.family]
    subject = _mention(mentions, slots.get(subject_slot))
    if group is None or subject is None:
        return None
    # a template without a cue word ("ISKP's Al-Azaim") is triggered by its subject
    cue = cue_name if slots.get(cue_name) is not None else subject_slot
    cue_start = offsets[match.start(cue)]
    trigger = view.sent.doc.char_span(cue_start, cue_start + 1, alignment_mode="expand")
    if trigger is None:
        return None
    attributes: dict[str, str] = {}
    if predicate == "role" and (
        _title_of_next_person(match, mentions) or _person_between(match, subject, mentions)
    ):
        return None
    if predicate == "role":
        stated = (slots.get("mods") or "") + " " + match.group("role")
        role = re.sub(r"\s+", " ", stated.lower()).strip()
        predicate = _role_predicate(role, match, lexicon)
        if predicate == "leader_of" and (_of_a_unit(match) or _in_a_region(match, mentions)):
            predicate = "member_of"
        attributes = {"role": role}
    # The cue word is the trigger: its clause dates the fact only through a verb such
    # as "was appointed" (see timed_verbs in relations.yaml).
    token = trigger[0]
    misread = token.dep_ in ("amod", "compound") or token.pos_ not in ("VERB", "AUX")
    if predicate == "pledged_allegiance_to" and not misread:
        return None  # a pledge the parser read as a verb is the frames' (with its subject)
    # "The IMU swore allegiance to X in 2015": the parser may take the verb for a modifier
    # of its object, whose clause then holds the date
    time_from = (token.head,) if token.dep_ in ("amod", "compound") else ()
    return Candidate(
        Arg(subject, token),
        predicate,
        token,
        Arg(group, token),
        attributes=dict(attributes),
        local=True,
        negated=predicate == "affiliate_of" and _breakaway(match.group(0), lexicon),
        # a pledge is an act, dated by its clause ("swore allegiance to X in 2015"); a title
        # is a state, dated only through a verb such as "was appointed" or its own start
        # ("X, ISKP's leader since 2020")
        timed=predicate == "pledged_allegiance_to"
        or _SINCE.match(match.string, match.end()) is not None,
        time_from=time_from,
    )


_SINCE = re.compile(r"\s+since\b", re.IGNORECASE)
# The owner's mark and a lower-case word: the group owns a unit the role heads.
_UNIT_AFTER = re.compile(r"'s?\s+(?:[a-z][\w-]*\s+){0,3}?[a-z][\w-]*")


def _of_a_unit(match: re.Match[str]) -> bool:
    """Whether a role said of a group heads one of its units: "the head of the Taliban's
    political office" is a member of the Taliban, not its leader."""
    if match.start("group") < match.start("role"):
        return False  # "ISKP's leader X": the group owns the role itself
    # the slot is "<n>": its digits end before the closing ">"
    return _UNIT_AFTER.match(match.string, match.end("group") + 1) is not None


_FOR_PLACE = re.compile(r"\s+(?:for|in)\s+(?:the\s+)?<(\d+)>")


def _in_a_region(match: re.Match[str], mentions: list[Mention]) -> bool:
    """Whether a leading role is said of one region: "the ISKP emir for Kunar", "the
    emir of ISKP in Kunar" leads a part of the group."""
    found = _FOR_PLACE.match(match.string, match.end())
    if found is None:
        return False
    place = _mention(mentions, found.group(1))
    return place is not None and place.place is not None


_SLOT = re.compile(r"<(\d+)>")


def _person_between(match: re.Match[str], person: Mention, mentions: list[Mention]) -> bool:
    """Whether another person is named between a person and the role read as theirs: in
    "X, who met Y and the leader of Z" the title is not X's."""
    if match.start("person") > match.start("role"):
        return False
    between = match.string[match.end("person") + 1 : match.start("role")]
    for slot in _SLOT.finditer(between):
        other = _mention(mentions, slot.group(1))
        if other is not None and other.entity_type == "person" and other is not person:
            return True
    return False


def _breakaway(text: str, lexicon: Lexicon) -> bool:
    """Whether a branch phrase names a part that left ("a splinter faction of X")."""
    return any(word in lexicon.breakaway_words for word in re.findall(r"[\w-]+", text.lower()))


# A few words (no comma) and then a slot: "chief of staff <3>".
_WORDS_THEN_SLOT = re.compile(r"(?:\s+[\w'-]+){0,3}?\s+<(\d+)>")


def _title_of_next_person(match: re.Match[str], mentions: list[Mention]) -> bool:
    """Whether the role a match ends on is the title of the person named right after it:
    in "Russian leader Vladimir Putin, White House chief of staff John Kelly" the role
    "chief" is Kelly's, not Putin's."""
    if match.end("role") != match.end():
        return False
    following = _WORDS_THEN_SLOT.match(match.string, match.end())
    if following is None:
        return False
    after = _mention(mentions, following.group(1))
    return after is not None and after.entity_type == "person"


def _role_predicate(role: str, match: re.Match[str], lexicon: Lexicon) -> str:
    head = role.split()[-1]
    base = lexicon.roles.get(role) or lexicon.roles.get(head, "member_of")
    if head in lexicon.definite_leader_roles:
        before = match.string[: match.start("role")].rstrip().lower()
        return (
            "leader_of"
            if before.endswith(("the", "its"))
            and " of " in (match.string[match.end("role") : match.end("role") + 4])
            else "member_of"
        )
    if base == "leader_of" and head in lexicon.indefinite_member_roles and _indefinite(match):
        return "member_of"  # "X, a Taliban leader": one of its leaders
    return base


# The last determiner or owner before a role: "a", "an", "the", "its" or a slot's "'s".
_DETERMINERS = re.compile(r"\b(a|an|the|its|his|their)\s|'s?\s", re.IGNORECASE)


def _indefinite(match: re.Match[str]) -> bool:
    """Whether the role is said with "a"/"an": "X, a senior Taliban leader"."""
    before = match.string[match.start() : match.start("role")]
    found = [m.group(1) for m in _DETERMINERS.finditer(before)]
    return bool(found) and (found[-1] or "").lower() in ("a", "an")


def _mention(mentions: list[Mention], index: str | None) -> Mention | None:
    if index is None:
        return None
    position = int(index)
    return mentions[position] if 0 <= position < len(mentions) else None
