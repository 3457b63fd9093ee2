"""When a fact happened: the date expressions that date a candidate, resolved against the
publication date ("since June 2018" opens a span; "six years later" counts from the date
before it; a date describing an argument, or inside a relative clause on the object, does
not date the fact)."""

from __future__ import annotations

import datetime
import re

from spacy.tokens import Span, Token

from spoor.records import Document, TimeSpan
from spoor.relations.arguments import Candidate, antecedent_event
from spoor.relations.lexicon import (
    EVENT_PREDICATES,
    STATE_PREDICATES,
    Lexicon,
)
from spoor.relations.modality import clause_path
from spoor.relations.sentence import (
    SentenceView,
)


def clause_head(token: Token) -> Token:
    """The verb that heads the clause holding ``token`` (or the clause's top token)."""
    path = clause_path(token)
    return next((t for t in path if t.pos_ in ("VERB", "AUX")), path[-1])


def fact_time(
    candidate: Candidate, view: SentenceView, document: Document, lexicon: Lexicon
) -> TimeSpan | None:
    if candidate.time is not None:
        return candidate.time  # an earlier sentence dated the event ("claimed the attack")
    respective = _respective_date(candidate, view, document)
    if respective is not None:
        return respective
    span = _stated_time(candidate, view, document, lexicon)
    if span is None and candidate.predicate in lexicon.narrative_time_predicates:
        span = _narrative_time(candidate, view, document)
    if span is None and candidate.predicate in EVENT_PREDICATES:
        span = _coreferent_time(candidate, view, document, lexicon)
    ending = candidate.attributes.get("role") in ("predecessor", "defector")
    if ending or candidate.attributes.get("ousted"):
        # "X succeeded Y in 2020": Y's leadership ended then; "defected from Y in 2015"; "was
        # pushed out of X in 2022": so did the group's presence there
        return TimeSpan(start=None, end=span.start) if span is not None else None
    if (
        span is not None
        and span.end is None
        and candidate.predicate in (lexicon.untimed_predicates)
    ):
        return None  # a habit "since 2021" is not dated by when it began
    return span


def _stated_time(
    candidate: Candidate, view: SentenceView, document: Document, lexicon: Lexicon
) -> TimeSpan | None:
    """The time of the fact: a DATE entity in the trigger's clause, resolved against the
    publication date. Title relations are dated only through a verb such as "appointed"."""
    head = clause_head(candidate.trigger)
    if not candidate.timed and head.lemma_.lower() not in lexicon.timed_verbs:
        return None
    dates = [
        ent
        for ent in view.sent.ents
        if ent.label_ == "DATE"
        and not _describes_argument(ent.root, candidate, lexicon)
        and not (candidate.predicate in STATE_PREDICATES and _dates_other_noun(ent, candidate))
    ]
    heads = {head.i, *(clause_head(t).i for t in candidate.time_from)}
    trigger = candidate.trigger
    if (
        candidate.predicate not in EVENT_PREDICATES
        and trigger.dep_ == "pcomp"
        and trigger.head.lower_ in lexicon.sequence_prepositions
    ):
        # "renamed itself in 2007 after pledging allegiance": only the gerund's own date (an
        # event "raided a house on Monday after tracking him" often shares its day)
        inside = {t.i for t in trigger.subtree}
        dates = [ent for ent in dates if ent.root.i in inside]
    if trigger.dep_ == "acl" and trigger.tag_ == "VB":
        # "the IMU's decision in August to pledge allegiance": the noun's date
        dates_of_noun = [ent for ent in dates if _noun_date(ent.root, trigger.head)]
        for ent in dates_of_noun:
            span = resolve_date(ent, document)
            if span is not None:
                return span
    # "X said on Monday it had killed ...": the parser hangs the statement's date on the
    # reported verb; it dates the event only to its month, and only when nothing else does
    statement = [ent for ent in dates if _statement_date(ent, head)]
    dates = [ent for ent in dates if ent not in statement]
    # the trigger's clause, or a date inside the trigger's own phrase ("the raid on 28 July")
    for ent in dates:
        if (
            clause_head(ent.root).i in heads
            or ent.root.is_ancestor(candidate.trigger)
            or _in_phrase(ent.root, candidate, lexicon)
        ):
            span = resolve_date(ent, document)
            if span is not None:
                return span
    if candidate.predicate not in EVENT_PREDICATES and not candidate.event_time:
        return None
    # "killed 15 fighters, days after the group attacked a base on 10 March": the month of
    # the earlier event (a gap counted in weeks or more may cross a month)
    for ent in dates:
        clause = _sequel_of(ent.root, candidate.trigger, lexicon)
        if clause is None or not _short_gap(clause):
            continue
        span = resolve_date(ent, document)
        if span is not None and span.start is not None and len(span.start) >= 7:
            return TimeSpan(start=span.start[:7], end=span.start[:7])
    for ent in statement:
        span = resolve_date(ent, document)
        if span is not None and span.start is not None:
            return TimeSpan(start=span.start[:7], end=span.start[:7])
    # "conducted a raid on 17 April, killing ...": the date of the clause it hangs on;
    # "X said on Monday that it had arrested ...": the statement's date, to its month
    reported = False
    child = head
    for ancestor in head.ancestors:
        reported = reported or child.dep_ == "ccomp"
        child = ancestor
        for ent in dates:
            if clause_head(ent.root).i != ancestor.i:
                continue
            span = resolve_date(ent, document)
            if span is not None and span.start is not None:
                if not reported:
                    return span
                month = span.start[:7]
                return TimeSpan(start=month, end=month)
    return None


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAY_LIST = r"\d{1,2}(?:(?:,\s*|,?\s+and\s+)\d{1,2})+"
# "8 and 15 October (2021)", "October 8 and 15(, 2021)"
_RESPECTIVE_DAYS = re.compile(
    rf"\b(?:(?P<days1>{_DAY_LIST})\s+(?P<month1>{_MONTHS})|(?P<month2>{_MONTHS})\s+"
    rf"(?P<days2>{_DAY_LIST}))(?:,?\s+(?P<year>\d{{4}}))?\b"
)


def _respective_date(
    candidate: Candidate, view: SentenceView, document: Document
) -> TimeSpan | None:
    """ "attacks on mosques in Kunduz and Kandahar, on 8 and 15 October respectively": the
    k-th place listed takes the k-th day (the parser's date entities split such lists)."""
    obj = candidate.object
    if (
        obj is None
        or candidate.predicate not in EVENT_PREDICATES
        or not any(t.lower_ == "respectively" for t in view.sent)
    ):
        return None
    items = sorted([obj.token, *obj.token.conjuncts], key=lambda t: t.i)
    if len(items) < 2:
        return None
    position = items.index(obj.token)
    for match in _RESPECTIVE_DAYS.finditer(view.sent.text):
        days = re.findall(r"\d{1,2}", match.group("days1") or match.group("days2"))
        if len(days) != len(items):
            continue
        month = match.group("month1") or match.group("month2")
        year = f" {match.group('year')}" if match.group("year") else ""
        from spoor.stages.time import normalize  # imported late: a sibling stage

        if not year:  # one list, one year: the first day's ("on 8 and 15 October")
            first = normalize(f"{days[0]} {month}", document.published, "en")
            if first is not None and first.start is not None:
                year = f" {first.start[:4]}"
        return normalize(f"{days[position]} {month}{year}", document.published, "en")
    return None


def _narrative_time(
    candidate: Candidate, view: SentenceView, document: Document
) -> TimeSpan | None:
    """The month of the previous sentence's main clause, for an undated simple past ("Amaq
    appeared on Thursday. X released a video in Urdu."): the report narrates one stretch
    of time. Not across a paragraph break, and not for a perfect ("has released"), which
    states a habit, nor for a date off the main clause ("its first since March")."""
    trigger = candidate.trigger
    if trigger.tag_ != "VBD" or any(c.dep_ == "aux" for c in trigger.children):
        return None
    sent = view.sent
    if sent.start == 0:
        return None
    previous = sent.doc[sent.start - 1].sent
    # a blank line is a paragraph break (the parser may keep it inside the sentence before)
    gap = document.text[previous.start_char : sent.start_char]
    if re.search(r"\n\s*\n", gap) or previous.text.isspace():
        return None
    for ent in reversed([e for e in previous.ents if e.label_ == "DATE"]):
        if not _noun_date(ent.root, previous.root):
            continue  # "its first since March" dates the issue, not the narrative
        span = resolve_date(ent, document)
        # an open span ("since March") is when something began, not the narrative's time
        if span is not None and span.start is not None and span.end is not None:
            month = span.start[:7]
            return TimeSpan(start=month, end=month)
    return None


# Determiners that make an episode noun point back ("the fighting", "this attack").
_DEFINITE = frozenset({"the", "this", "that"})
# How many sentences back a definite episode noun looks for its date.
_EPISODE_REACH = 3


def _coreferent_time(
    candidate: Candidate, view: SentenceView, document: Document, lexicon: Lexicon
) -> TimeSpan | None:
    """ "Al-Shabaab attacked a base on 14 March. Troops killed 30 fighters in the fighting":
    an undated event whose clause names a definite episode ("in the fighting", "the raid
    left ...") takes the date of the nearest earlier sentence that dates an episode."""
    head = clause_head(candidate.trigger)
    if not any(
        _definite_episode(t, lexicon) for t in _clause_nouns(head, candidate.trigger)
    ) and not _goes_on(head, lexicon):
        return None
    sent = view.sent
    doc = sent.doc
    start = sent.start
    for _ in range(_EPISODE_REACH):
        if start == 0:
            return None
        previous = doc[start - 1].sent
        start = previous.start
        for ent in reversed([e for e in previous.ents if e.label_ == "DATE"]):
            if not _dates_episode(ent, lexicon):
                continue
            span = resolve_date(ent, document)
            # an open span ("since 2007") is when a habit began, not the episode's date
            if span is not None and span.start is not None and span.end is not None:
                return span
    return None


def _goes_on(head: Token, lexicon: Lexicon) -> bool:
    """Whether a clause (or the first of its conjoined verbs) carries an adverb that goes on
    with the episode before ("Gunmen then stormed the compound and fought the guards")."""
    verbs = [head, *([head.head] if head.dep_ == "conj" else [])]
    return any(
        c.dep_ == "advmod" and c.lower_ in lexicon.episode_adverbs
        for verb in verbs
        for c in verb.children
    )


def _clause_nouns(head: Token, trigger: Token) -> list[Token]:
    """The trigger, the clause's subject and the objects of its prepositions: where an
    episode noun names the event ("in the ensuing firefight", "the raid killed")."""
    nouns = [trigger]
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            nouns.append(child)
        elif child.dep_ == "prep":
            nouns.extend(c for c in child.children if c.dep_ == "pobj")
    return nouns


def _definite_episode(noun: Token, lexicon: Lexicon) -> bool:
    if noun.lemma_.lower() not in _episode_lemmas(lexicon):
        return False
    dets = [c for c in noun.children if c.dep_ in ("det", "poss")]
    if any(c.ent_type_ == "DATE" for c in noun.subtree):
        return False  # "the attack on 5 March" is dated by its own phrase
    return any(d.lower_ in _DEFINITE for d in dets) and not any(
        c.dep_ in ("relcl", "acl") for c in noun.children
    )


def _dates_episode(ent: Span, lexicon: Lexicon) -> bool:
    """Whether a date dates an episode: its clause's verb is an event verb or names an
    episode noun ("The assault began on 2 August"), or it hangs on an episode noun."""
    episodes = _episode_lemmas(lexicon)
    holder = next(
        (
            t
            for t in ent.root.ancestors
            # "on the evening of 2 August": the time words are the date's own
            if t.pos_ in ("NOUN", "PROPN", "VERB", "AUX") and t.ent_type_ not in ("DATE", "TIME")
        ),
        None,
    )
    if holder is not None and holder.pos_ in ("NOUN", "PROPN"):
        # "the decision in August" dates the decision; "the raid on Sunday" the raid
        return holder.lemma_.lower() in episodes
    head = clause_head(ent.root)
    if head.lemma_.lower() in _event_lemmas(lexicon):
        return True
    return any(t.lemma_.lower() in episodes for t in _clause_nouns(head, head)) or any(
        t.lemma_.lower() in episodes for t in ent.root.ancestors if t.i != head.i
    )


def _episode_lemmas(lexicon: Lexicon) -> frozenset[str]:
    return lexicon.episode_nouns | frozenset(lexicon.event_nouns["lemmas"])


def _event_lemmas(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(
        lemma
        for frame in lexicon.frames
        if frame.predicate in EVENT_PREDICATES and not frame.negated
        for lemma in frame.lemmas
    )


def _date_text(ent: Span) -> str:
    """The date as written, with a "since" the parser left outside the entity ("since June
    2018" opens a span: a start without an end)."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.lower_ == "since":
        return "since " + ent.text
    closing = _range_end(ent)
    if before is not None and before.lower_ == "from" and closing is not None:
        # "from 2014 until 2017": the parser splits the range into two dates
        return f"from {ent.text} to {closing.text}"
    after = ent.doc[ent.end : ent.end + 2]
    if ent.text.lower().endswith(" ago") and after.text.lower() in _ANNIVERSARY:
        # "Ten years ago today": the parser leaves the anchor outside; it makes the date a day
        return f"{ent.text} {after.text.lower()}"
    if ent.text.lower().endswith(" ago") and after[:1].text.lower() == "today":
        return f"{ent.text} today"
    return ent.text


# Words that close a range opened by "from" ("from 2014 until 2017").
_RANGE_CLOSERS = frozenset({"to", "until", "till", "through"})


def _range_end(ent: Span) -> Span | None:
    """The date right after "until"/"to" following ``ent``, if the parser split it off."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].lower_ not in _RANGE_CLOSERS:
        return None
    return next((e for e in doc.ents if e.start == ent.end + 1 and e.label_ == "DATE"), None)


# What may follow "N years ago" to make an anniversary (spoor/stages/time.py resolves it).
_ANNIVERSARY = frozenset({"this week", "this month"})


def _statement_date(ent: Span, head: Token) -> bool:
    """Whether a date the parser hangs on a reported clause sits between the reporting verb
    and the clause's subject ("said on Tuesday they had killed 40 fighters"): word order
    makes it the date of the saying."""
    if head.dep_ != "ccomp" or not (head.head.i < ent.start):
        return False
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return (
        subject is not None and ent.end <= subject.left_edge.i and clause_head(ent.root).i == head.i
    )


def _noun_date(date: Token, noun: Token) -> bool:
    """Whether a date hangs on ``noun`` through prepositions only ("decision in August")."""
    for token in date.ancestors:
        if token.i == noun.i:
            return True
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN"):
            return False
    return False


def _dates_other_noun(ent: Span, candidate: Candidate) -> bool:
    """Whether a date modifies a noun other than the trigger: in "has 4,000 fighters,
    double its strength of a year ago" the year dates the old strength, not the fact."""
    trigger = candidate.trigger
    for token in ent.root.ancestors:
        if token.pos_ in ("VERB", "AUX"):
            return False
        if token.i == trigger.i or token.is_ancestor(trigger):
            return False
        if token.pos_ in ("NOUN", "PROPN") and token.i not in range(ent.start, ent.end):
            return True
    return False


def _describes_argument(date: Token, candidate: Candidate, lexicon: Lexicon) -> bool:
    """Whether a date sits in a phrase describing an argument, not the fact: "founded by
    Jalaluddin Haqqani, a commander of the 1980s war" is not dated 1980; "JNIM, which formed
    in 2017, is led by Iyad Ag Ghaly" is not dated 2017. A relative clause that restates the
    fact dates it: "led by X, who has headed it since June 2020"."""
    trigger = candidate.trigger.i
    for arg in (candidate.subject, candidate.object):
        if arg is None or arg.token.i == trigger:
            continue
        for child in arg.token.children:
            inside = {t.i for t in child.subtree}
            if date.i not in inside or trigger in inside:
                continue
            if child.dep_ == "appos":
                return True
            if (
                child.dep_ == "relcl"
                and not _restates(child, candidate, lexicon)
                and not _dates_event_noun(child, lexicon)
            ):
                return True
    return False


def _restates(clause: Token, candidate: Candidate, lexicon: Lexicon) -> bool:
    """Whether a relative clause's verb states the candidate's own relation ("who has
    headed it since 2020" of a leader) or a change of title ("who became emir in 2020")."""
    lemma = clause.lemma_.lower()
    if lemma in lexicon.timed_verbs:
        return True
    return any(
        lemma in frame.lemmas
        for frame in lexicon.frames
        # "which broke away in 2014" does not restate "rejoined it in 2020"
        if frame.predicate == candidate.predicate and frame.negated == candidate.negated
    )


_SAME_YEAR = re.compile(r"\b(?:that|the same) year\b", re.IGNORECASE)


# "the same day", "that day", "later that day", "that night": the day of the date before it
_SAME_DAY = re.compile(
    r"^(?:on\s+)?(?:later\s+)?(?:the\s+same|that)\s+(?:day|morning|evening|night)$",
    re.IGNORECASE,
)


_LATER = re.compile(
    r"^(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?P<unit>year|month|week|day|hour)s?\s+(?P<dir>later|after|afterwards|earlier|before)$",
    re.IGNORECASE,
)


# "the following year", "the next month", "the previous year", "the year before", "the next
# day": one step from the last date before it. Without "the" ("next year") it counts from
# publication, which spoor/stages/time.py resolves.
_NEIGHBOUR = re.compile(
    r"^(?:the\s+(?P<pre>following|next|previous|preceding)\s+(?P<unit>year|month|week|day)"
    r"|the\s+(?P<unit2>year|month|week|day)\s+(?P<post>after|before))$",
    re.IGNORECASE,
)


# "hours later", "a few hours after": within the day of the date before it
_HOURS = re.compile(r"^(?:(?:a\s+)?few\s+|several\s+)?hours\s+(?:later|after|afterwards)$", re.I)


_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def _relative_to_earlier(ent: Span, document: Document) -> TimeSpan | None:
    """ "six years later", "two months earlier", "a day later", "the same day": counted from
    the last date before it, in its sentence or the one before ("emerged in 2006 ... It
    joined al-Qaeda six years later" is 2012), at that date's precision; months need a month
    to count from, and days a day (from a month, a few days stay in its month)."""
    from spoor.stages.time import normalize  # imported late: a sibling stage

    step = _step(ent.text.strip())
    if step is None:
        return None
    count, unit = step
    sent = ent.sent
    earlier = [e for e in sent.ents if e.label_ == "DATE" and e.end <= ent.start]
    if not earlier and sent.start > 0:
        previous = ent.doc[sent.start - 1].sent
        earlier = [e for e in previous.ents if e.label_ == "DATE"]
    for anchor_ent in reversed(earlier):
        anchor = normalize(_date_text(anchor_ent), document.published, "en")
        if anchor is None:
            # a chain: "in 2018 ... A year later ... Two years later" counts from 2019
            anchor = _relative_to_earlier(anchor_ent, document)
        if anchor is None or anchor.start is None:
            continue
        if unit in ("day", "week") and anchor.end is not None and anchor.end != anchor.start:
            continue  # a stretch ("from 2014 to 2017", "last week") is no point to count from
        return _count_from(anchor.start, count, unit)
    return None


def _count_from(start: str, count: int, unit: str) -> TimeSpan | None:
    """The date ``count`` ``unit``s from ``start`` (YYYY[-MM[-DD]]), at start's precision."""
    parts = start.split("-")
    year = int(parts[0])
    if unit == "year":
        return TimeSpan(start=str(year + count), end=str(year + count))
    if len(parts) < 2:
        return None
    if unit in ("day", "week") and len(parts) == 3:
        days = count * (7 if unit == "week" else 1)
        when = datetime.date(year, int(parts[1]), int(parts[2])) + datetime.timedelta(days)
        return TimeSpan(start=when.isoformat(), end=when.isoformat())
    if unit in ("day", "week"):
        if abs(count) > 1 or unit == "week":
            return None  # "five days later" than "in March" may be April
        month = start[:7]
        return TimeSpan(start=month, end=month)
    months = year * 12 + int(parts[1]) - 1 + count
    month = f"{months // 12:04d}-{months % 12 + 1:02d}"
    return TimeSpan(start=month, end=month)


def _step(text: str) -> tuple[int, str] | None:
    """(signed count, "year", "month", "week" or "day") of a date counted from an earlier
    one; "the same day" is a step of none."""
    if _SAME_DAY.match(text) or _HOURS.match(text):
        return 0, "day"  # "hours later" is taken as the same day
    match = _LATER.match(text)
    if match is not None:
        raw = match["n"].lower()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        if match["dir"].lower() in ("earlier", "before"):
            count = -count
        if match["unit"].lower() == "hour":
            return 0, "day"  # "12 hours later" is taken as the same day
        return count, match["unit"].lower()
    match = _NEIGHBOUR.match(text)
    if match is None:
        return None
    direction = (match["pre"] or match["post"]).lower()
    back = direction in ("previous", "preceding", "before")
    return (-1 if back else 1), (match["unit"] or match["unit2"]).lower()


def resolve_date(ent: Span, document: Document) -> TimeSpan | None:
    """A DATE entity resolved against the publication date; "in October that year" and
    "the same day" against the last date before it in the sentence ("since 2022, including
    a shooting in October that year" is October 2022)."""
    from spoor.stages.time import normalize  # imported late: a sibling stage

    if _NEIGHBOUR.match(ent.text.strip()):
        # "the next year" in a narrative follows the story's date, not the publication's
        narrative = _relative_to_earlier(ent, document)
        if narrative is not None:
            return narrative
    span = normalize(_date_text(ent), document.published, "en")
    if span is not None:
        return span
    later = _relative_to_earlier(ent, document)
    if later is not None:
        return later
    year_ref = _SAME_YEAR.search(ent.text)
    if year_ref is None:
        return None
    earlier = [e for e in ent.sent.ents if e.label_ == "DATE" and e.end <= ent.start]
    for previous in reversed(earlier):
        before = normalize(previous.text, document.published, "en")
        if before is None or before.start is None:
            continue
        text = ent.text[: year_ref.start()] + before.start[:4] + ent.text[year_ref.end() :]
        return normalize(text, document.published, "en")
    return None


def _in_phrase(token: Token, candidate: Candidate, lexicon: Lexicon) -> bool:
    """Whether ``token`` sits under the trigger ("the raid on 28 July") outside a relative
    clause, which has its own time ("nine people, including two who returned last month")."""
    trigger = candidate.trigger
    if not trigger.is_ancestor(token):
        return False
    if candidate.predicate not in EVENT_PREDICATES:
        # "led by X, who has headed it since June 2020": a title's own start; but "troops,
        # who recaptured the town in 2022, killed ISWAP fighters in Borno" does not date
        # ISWAP's presence there
        return not _other_clause(token, candidate, lexicon)
    current = token
    while current.i != trigger.i:
        if (current.dep_ == "relcl" and not _dates_event_noun(current, lexicon)) or (
            current.dep_ == "acl"
            and current.tag_ == "VBN"
            and not _event_word(current.head, lexicon)
        ):
            # "Frerichs, held since January 2020", "staff abducted in May"; but "an
            # operation backed by aircraft on Saturday" is the event itself
            return False
        if _sequel_clause(current, lexicon):
            return False  # "killed 15, days after the group attacked a base on 10 March"
        current = current.head
    return True


def _dates_event_noun(clause: Token, lexicon: Lexicon) -> bool:
    """Whether a relative clause says when its event noun happened ("the attack in Mogadishu,
    which took place on 9 March"; "an operation that began on 1 March")."""
    lemma = clause.lemma_.lower()
    if lemma not in lexicon.occurrence_verbs:
        return False
    if lemma == "take" and not any(c.lower_ == "place" for c in clause.children):
        return False
    return antecedent_event(clause, lexicon) is not None


def _sequel_clause(token: Token, lexicon: Lexicon) -> bool:
    """Whether ``token`` heads a clause with its own subject that the sentence places before
    or after its main event ("after the group attacked a base"): the clause has its own time."""
    return (
        token.dep_ == "advcl"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
        and any(
            c.dep_ == "mark" and c.lower_ in lexicon.sequence_prepositions for c in token.children
        )
    )


def _sequel_of(date: Token, trigger: Token, lexicon: Lexicon) -> Token | None:
    """The before/after clause under the trigger that holds ``date``, if any."""
    if not trigger.is_ancestor(date):
        return None
    current = date
    while current.i != trigger.i:
        if _sequel_clause(current, lexicon):
            return current
        current = current.head
    return None


# Units of a gap short enough to keep the month ("days after", "hours before").
_SHORT_GAPS = frozenset({"day", "hour", "moment", "minute"})


def _short_gap(clause: Token) -> bool:
    """Whether a before/after clause states no gap or one of days at most."""
    gaps = [c for c in clause.children if c.dep_ == "npadvmod"]
    return all(g.lemma_.lower() in _SHORT_GAPS for g in gaps)


def _other_clause(token: Token, candidate: Candidate, lexicon: Lexicon) -> bool:
    """Whether ``token`` sits, below the trigger, in a relative clause that does not restate
    the candidate's relation."""
    current = token
    while current.i != candidate.trigger.i:
        if current.dep_ == "relcl" and not _restates(current, candidate, lexicon):
            return True
        current = current.head
    return False


def _event_word(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    return lemma in lexicon.event_nouns["lemmas"] or lemma in lexicon.instrument_nouns
