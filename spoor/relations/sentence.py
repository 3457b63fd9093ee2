"""A sentence seen through its linked mentions: which token names which entity.

The parser of a small model often attaches names oddly, so argument lookup is
forgiving in a controlled way: a token inside a mention is that mention; a
"proxy" noun ("an ISKP suicide bomber", "three ISKP militants", "a US strike")
stands for the actor that modifies it; a role noun with a person in apposition
("the founding emir of ISKP, Hafiz Saeed Khan") stands for that person; and a
common noun modified by a place ("Kabul airport") stands for the place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from spoor.records import Document, Mention
from spoor.relations.lexicon import Lexicon
from spoor.relations.quantities import parse_count

PLACE_TYPES = frozenset({"country", "region", "province", "district", "city", "historical_region"})
# Dependency labels by which a modifier names the owner of a noun.
# Who people may be tied to ("suspected of belonging to ISKP").
_GROUP_TYPES = frozenset({"armed_group", "organization"})
# What a population noun's modifiers may name ("Tajik migrants", "refugees in Dadaab").
_POPULATION_TYPES = PLACE_TYPES | {"ethnic_group"}
# Dependency labels that only a noun phrase takes.
_NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass", "appos"})
OWNER_DEPS = frozenset({"poss", "compound", "amod", "nmod", "npadvmod"})


@dataclass(slots=True)
class Arg:
    """An argument found in the parse: the mention it names and the token that names it."""

    mention: Mention
    token: Token
    count: int | None = None
    # named through a noun that stands for it ("three US soldiers" names the US this way)
    proxy: bool = False


@dataclass(slots=True)
class SentenceView:
    sent: Span
    mentions: list[Mention]
    lexicon: Lexicon
    # "its" bound to the salient group; only the title templates read these
    pronouns: list[Mention] = field(default_factory=list)
    # a people's adjective -> the country the document names for it ("Kenyan" -> Kenya)
    nations: dict[str, Mention] = field(default_factory=dict)
    # the report's group implied by a following noun ("Sympathisers in Kazakhstan"); read
    # only as the doer of footprint and recruitment frames (spoor/relations/frames.py)
    implied: list[Mention] = field(default_factory=list)
    # "the two groups": token index -> the two groups it means (spoor/relations/pairs.py)
    pairs: dict[int, list[Mention]] = field(default_factory=dict)
    by_token: dict[int, Mention] = field(default_factory=dict)

    def __post_init__(self) -> None:
        doc = self.sent.doc
        for mention in self.mentions:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.by_token.setdefault(token.i, mention)

    def mention_at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def args(self, token: Token) -> list[Arg]:
        """The entities a token and its conjuncts name ("Kunar, Nangarhar and Nuristan")."""
        found: list[Arg] = []
        seen: set[int] = set()
        for item in (token, *token.conjuncts, *self._listed_appos(token)):
            if item.i in self.pairs:
                found.extend(Arg(m, item) for m in self.pairs[item.i] if id(m) not in seen)
                seen.update(id(m) for m in self.pairs[item.i])
                continue
            listed: list[Arg | None] = list(self._place_list(item))
            if not listed:
                listed = [self.entity_of(item)]
                listed += self._listed_wholes(item, listed[0])
            for arg in listed:
                if arg is not None and id(arg.mention) not in seen:
                    seen.add(id(arg.mention))
                    found.append(arg)
        return found

    def _listed_appos(self, token: Token) -> list[Token]:
        """Names the parser hung as an apposition that heads the rest of a list: in
        "Ansar Dine, al-Mourabitoun and the Macina Liberation Front formed ..." the second
        name is an apposition of the first and the third its conjunct. Only named items
        joined by "and"/"or" count ("ISKP, the group's branch" renames, it lists nothing)."""
        if self.mention_at(token) is None:
            return []
        for child in token.children:
            if child.dep_ != "appos" or self.mention_at(child) is None:
                continue
            if not any(c.dep_ == "cc" and c.lower_ in ("and", "or") for c in child.children):
                continue
            items = [child, *child.conjuncts]
            if all(self.mention_at(t) is not None for t in items):
                return items
        return []

    def _listed_wholes(self, item: Token, part: Arg | None) -> list[Arg | None]:
        """The other wholes a part is of: "hundreds of Uzbeks and Tajiks" names both."""
        if part is None or part.token.i == item.i:
            return []
        whole = part.token
        of = whole.head
        if not (whole.dep_ == "pobj" and of.lower_ == "of" and of.head.i == item.i):
            return []
        return [self.entity_of(c) for c in whole.conjuncts]

    def _place_list(self, token: Token) -> list[Arg]:
        """Places named by a place noun's modifiers: "Kunar, Nangarhar and Paktika
        provinces", "the Menaka and Gao regions", "the town of Sarmada"."""
        lemma = token.lemma_.lower()
        own = self.mention_at(token)
        if own is not None and not (
            lemma in self.lexicon.place_nouns and own.entity_type in PLACE_TYPES
        ):
            return []
        preps: tuple[str, ...]
        if lemma in self.lexicon.place_nouns:
            # "the town of Sarmada"; "much of the countryside in Somalia" (the area named);
            # but "ISKP camps in Bajaur" are ISKP's, not Bajaur
            types, preps = PLACE_TYPES, ("of",) if self._owned(token) else ("of", "in")
        elif lemma in self.lexicon.population_nouns:
            # "Fulani herding communities", "Tajik labour migrants in Russia"; defectors are
            # named by the group they left ("defectors from the Taliban")
            types, preps = _POPULATION_TYPES, ("of", "in", "from")
            if lemma in ("defector", "deserter"):
                types = types | _GROUP_TYPES
        else:
            return []
        found: list[Arg] = []
        for child in token.children:
            items: list[Token] = []
            if child.dep_ in ("compound", "nmod", "amod") and child.i < token.i:
                items = [child, *child.conjuncts]
                # "Fulani herding communities": the parser may hang the name as npadvmod
                items += [c for c in child.children if c.dep_ in ("compound", "amod", "npadvmod")]
            elif child.dep_ == "prep" and child.lower_ in preps:
                items = [q for p in _pobjs(child) for q in (p, *p.conjuncts)]
            for item in items:
                mention = self.mention_at(item)
                if mention is not None and mention.entity_type in types:
                    found.append(Arg(mention, item))
                elif (
                    mention is None
                    and item.i > token.i
                    and item.lemma_.lower() in self.lexicon.population_nouns
                ):
                    # "young men in coastal Mwani communities": the inner people are meant
                    found.extend(self._place_list(item))
        if own is not None and found and all(a.mention is not own for a in found):
            # "Paktia, Paktika and Khost provinces": the geoparser's last name takes the noun
            found.append(Arg(own, token))
        return found

    def _owned(self, token: Token) -> bool:
        """Whether a noun's modifiers name an actor ("ISKP camps", "the group's bases")."""
        return any(
            c.dep_ in ("compound", "poss", "nmod")
            and (m := self.mention_at(c)) is not None
            and m.entity_type not in PLACE_TYPES
            for c in token.children
        )

    def entity_of(self, token: Token) -> Arg | None:
        mention = self.mention_at(token)
        if mention is not None:
            # "seven Syrian soldiers": a force named with its people is counted too
            counted = token.pos_ == "NOUN" or token.tag_ == "NNPS"  # "some 170 Afghans"
            count = _count_of(token, self.lexicon) if counted else None
            return Arg(mention, token, count=count)
        if token.pos_ in ("NUM", "ADJ", "PRON", "DET") and token.dep_ in _NOMINAL_DEPS:
            return self._partitive(token)  # "25 of the 33 militants", "several of its leaders"
        if token.pos_ not in ("NOUN", "PROPN") and not (
            token.dep_ in _NOMINAL_DEPS and token.tag_ in ("NNS", "NN", "VBZ")
        ):
            return None  # a noun the tagger took for a verb ("hideouts") still counts
        apposed = self._apposed_person(token) or self._apposed(token)
        if apposed is not None:
            return apposed
        part = self._partitive(token)
        if part is not None:
            return part
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.tie_nouns:
            tied = self._tied_group(token)
            if tied is not None:
                return tied
        proxy = lemma in self.lexicon.proxy_nouns or token.text.lower() in self.lexicon.proxy_nouns
        if not proxy and token.dep_ == "appos":
            # "Abdulqadir Mumin, a former preacher who pledged ...": the apposition renames
            # the name it follows
            named = self.mention_at(token.head)
            if named is not None:
                return Arg(named, token.head)
        if proxy and token.dep_ == "appos" and self._branch_noun(token):
            # "Katiba Macina, a JNIM affiliate led by X": the branch is the name it follows,
            # not its parent
            named = self.mention_at(token.head)
            if named is not None and named.entity_type in _GROUP_TYPES:
                return Arg(named, token.head)
        if proxy:
            owner = self._owner(token, places_only=False)
            if owner is None and token.dep_ in ("nsubj", "nsubjpass"):
                # the doer "gunmen from ISKP"; but "recruited fighters from the TTP" is where
                # they came from
                owner = self._origin_actor(token)
            if owner is not None:
                owner.count = _count_of(token, self.lexicon)
                owner.proxy = True
                return owner
            return None
        return self._owner(token, places_only=True)

    def _branch_noun(self, token: Token) -> bool:
        """Whether a noun names a part of a group ("affiliate", "faction", "wing")."""
        return self.lexicon.relation_nouns.get(token.lemma_.lower()) == "affiliate_of"

    def owner(self, token: Token) -> list[Arg]:
        """Who a noun belongs to: "ISKP's propaganda", "ISKP cells", "the attack by ISKP"."""
        found: list[Arg] = []
        for child in token.children:
            if child.i < token.i and child.dep_ in OWNER_DEPS:
                found.extend(self._owners_in(child))
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "of"):
                for pobj in _pobjs(child):
                    found.extend(self.args(pobj))
        return found

    def _partitive(self, token: Token) -> Arg | None:
        """A part or number of a whole stands for the whole: "a string of its commanders",
        "several of its leaders", "25 of the 33 militants", "dozens of ISKP members"."""
        if token.lemma_.lower() not in self.lexicon.partitive_nouns and not (
            token.like_num or token.lower_ in self.lexicon.vague_counts
        ):
            return None
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in _pobjs(child):
                    arg = self.entity_of(pobj)
                    if arg is not None:
                        if token.like_num and arg.count is None:
                            arg.count = parse_count(token, self.lexicon)
                        return arg
        return None

    def _origin_actor(self, token: Token) -> Arg | None:
        """The actor a proxy noun comes from: "gunmen from ISKP", "fighters from the BLA"
        (a place after "from" is where they come from, not whose they are)."""
        for child in token.children:
            if child.dep_ != "prep" or child.lower_ != "from":
                continue
            for pobj in _pobjs(child):
                mention = self.mention_at(pobj)
                if (
                    mention is not None
                    and mention.entity_type in _ACTOR_TYPES
                    and (mention.entity_type != "country")
                ):
                    return Arg(mention, pobj)
        return None

    def _owners_in(self, token: Token) -> Iterator[Arg]:
        mention = self.mention_at(token)
        if mention is not None:
            yield Arg(mention, token)
            return
        # "the ISKP-affiliated cell", compound chains: look one level deeper.
        for child in token.children:
            if child.dep_ in OWNER_DEPS:
                inner = self.mention_at(child)
                if inner is not None:
                    yield Arg(inner, child)

    def _owner(self, token: Token, places_only: bool) -> Arg | None:
        for arg in self.owner(token):
            etype = arg.mention.entity_type or ""
            if places_only and etype not in PLACE_TYPES:
                continue
            if places_only and arg.token.dep_ not in ("compound", "poss"):
                continue
            return arg
        return None

    def tied_group(self, token: Token) -> Arg | None:
        """The group people are held for ("a Tajik national suspected of plotting an attack
        on behalf of ISKP" is ISKP's, whatever people the noun's modifier names)."""
        if token.lemma_.lower() not in self.lexicon.tie_nouns:
            return None
        return self._tied_group(token)

    def _tied_group(self, token: Token) -> Arg | None:
        """The group that people are tied to by a modifier: "nine people suspected of
        belonging to ISKP", "two men linked to the Islamic State"."""
        tied = any(
            c.dep_ in ("acl", "relcl", "amod") and c.lemma_.lower() in self.lexicon.tie_words
            for c in token.children
        )
        own = self._owner(token, places_only=False) if tied else None
        if own is not None and own.mention.entity_type == "armed_group":
            # "an ISKP member accused of planning the Crocus attack": its own group
            own.count = _count_of(token, self.lexicon)
            return own
        events = frozenset(self.lexicon.event_nouns.get("lemmas", ()))
        for child in token.children:
            if child.dep_ not in ("acl", "relcl", "amod") or (
                child.lemma_.lower() not in self.lexicon.tie_words
            ):
                continue
            for item in child.subtree:
                mention = self.mention_at(item)
                if (
                    mention is not None
                    and mention.entity_type == "organization"
                    and item.head.lemma_.lower() in events
                ):
                    continue  # "accused of planning the Crocus attack": its target
                if mention is not None and mention.entity_type in _GROUP_TYPES:
                    arg = Arg(mention, item)
                    arg.count = _count_of(token, self.lexicon)
                    return arg
        return None

    def _apposed(self, token: Token) -> Arg | None:
        """A noun renamed by an apposition: "the group's Khorasan branch, ISKP"."""
        for child in token.children:
            if child.dep_ == "appos":
                mention = self.mention_at(child)
                if mention is not None:
                    return Arg(mention, child)
        return None

    def _apposed_person(self, token: Token) -> Arg | None:
        """A role noun's person: "the head of ISKP, Shahab al-Muhajir" (appos anywhere below,
        reached through prepositions only, since the parser may hang it on the group)."""
        if token.lemma_.lower() not in self.lexicon.roles:
            return None
        stack = [token]
        while stack:
            current = stack.pop()
            for child in current.children:
                if child.dep_ == "appos":
                    mention = self.mention_at(child)
                    if mention is not None and mention.entity_type == "person":
                        return Arg(mention, child)
                if child.dep_ in ("prep", "pobj", "appos", "compound"):
                    stack.append(child)
        return None


def _pobjs(prep: Token) -> list[Token]:
    return [child for child in prep.children if child.dep_ == "pobj"]


def _count_of(token: Token, lexicon: Lexicon) -> int | None:
    for child in token.children:
        if child.dep_ == "nummod":
            value = parse_count(child, lexicon)
            if value is not None:
                return value
    return None


def sentence_mentions(sent: Span, mentions: Sequence[Mention]) -> list[Mention]:
    """Linked mentions inside the sentence, in text order, without overlaps."""
    inside = sorted(
        (
            m
            for m in mentions
            if m.entity_id and m.start >= sent.start_char and m.end <= sent.end_char
        ),
        key=lambda m: (m.start, -(m.end - m.start)),
    )
    kept: list[Mention] = []
    for mention in inside:
        if _common_word(mention):
            continue
        if kept and mention.start < kept[-1].end:
            continue  # keep the longer of two overlapping mentions
        kept.append(mention)
    return kept


def _common_word(mention: Mention) -> bool:
    """A linked name written as one lower-case word ("base" for al-Qaeda, "shabaab") is far
    more often the common word: names of actors are capitalised in English prose."""
    text = mention.text
    return (
        mention.origin != "coref"
        and mention.entity_type in _ACTOR_TYPES
        and text.isalpha()
        and text.islower()
    )


def salient_group(
    own: list[Mention], earlier: list[Mention], lexicon: Lexicon, topic: str | None = None
) -> str | None:
    """The one armed group a back-reference can mean, or None when it is not unambiguous.

    Salient: the only armed group named in the sentence; failing that, the only one named
    earlier in the paragraph; failing that, the group last named as the subject of a
    sentence in the paragraph (``topic``: reporting keeps its topic as the subject).
    Anything else stays unresolved (precision first).
    """
    types = set(lexicon.coreference["types"])
    candidates = {m.entity_id for m in own if m.entity_type in types}
    if not candidates:
        candidates = {m.entity_id for m in earlier if m.entity_type in types}
        if topic is not None and (not candidates or topic in candidates):
            return topic
    return next(iter(candidates)) if len(candidates) == 1 else None


def subject_group(sent: Span, own: list[Mention], lexicon: Lexicon) -> str | None:
    """The armed group that is the grammatical subject of the sentence's main clause (or of
    its first clause), if any: "ISWAP is estimated to have ...", "The group's fighters ..."."""
    types = set(lexicon.coreference["types"])
    doc = sent.doc
    subjects: list[str] = []
    for mention in own:
        if mention.entity_type not in types:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        while root.dep_ in ("poss", "compound") and root.head.i != root.i:
            root = root.head  # "ISKP's fighters", "ISKP fighters" as the subject
        if root.dep_ == "conj":  # "ISKP and the TTP clashed": both are subjects
            while root.dep_ == "conj" and root.head.i != root.i:
                root = root.head
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ in ("ROOT", "ccomp", "conj"):
            subjects.append(mention.entity_id or "")
    # one subject group, or none when two share the subject
    return subjects[0] if len(set(subjects)) == 1 else None


def coreference_mentions(
    sent: Span, own: list[Mention], entity_id: str, lexicon: Lexicon
) -> list[Mention]:
    """Mentions for "the group", "this organisation" bound to the salient armed group."""
    spec = lexicon.coreference
    covered = {i for m in own for i in range(m.start, m.end)}
    found = []
    for token in sent:
        if token.lemma_.lower() not in spec["nouns"] or token.idx in covered:
            continue
        dets = [c for c in token.children if c.dep_ == "det" and c.lower_ in spec["determiners"]]
        if not dets or any(c.dep_ == "compound" for c in token.children):
            continue
        if _named_in_sentence(own, entity_id):
            continue
        found.append(_pseudo(sent, dets[0].idx, token.idx + len(token.text), entity_id))
    return found


def _named_in_sentence(own: list[Mention], entity_id: str) -> bool:
    """The sentence itself names the entity. Then the coreference stage (which reads the
    clause and the paragraph) has already decided the back-reference, or left it open as
    ambiguous: in "It has never been a branch of the Afghan Taliban, though it pledges
    allegiance to the Taliban's leader", neither "it" is the Taliban."""
    return any(m.entity_id == entity_id and m.origin != "coref" for m in own)


def pronoun_mentions(
    sent: Span, own: list[Mention], entity_id: str, lexicon: Lexicon
) -> list[Mention]:
    """Mentions for a possessive "its" bound to the salient armed group.

    Used by the title templates only ("Its first leader, Hafiz Saeed Khan"; "Al-Azaim,
    its media outlet"): elsewhere "its" too often belongs to another actor.
    """
    covered = {i for m in own for i in range(m.start, m.end)}
    return [
        stand_in(token, entity_id)
        for token in sent
        if token.lower_ in lexicon.coreference["pronouns"]
        and token.dep_ == "poss"
        and token.idx not in covered
        and not _named_in_sentence(own, entity_id)
    ]


_ACTOR_TYPES = frozenset(
    {
        "armed_group",
        "organization",
        "armed_forces",
        "intelligence_agency",
        "government",
        "media_outlet",
        "country",
    }
)


def _same_subject(pronoun: Token, bound: dict[int, Mention]) -> Mention | None:
    """The mention an earlier subject pronoun was bound to, when ``pronoun`` heads a clause
    hung on that pronoun's clause ("It ..., though it ...", "It ... and it ...")."""
    clause = pronoun.head
    if clause.dep_ not in ("advcl", "conj") or clause.head.i == clause.i:
        return None
    for child in clause.head.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ == pronoun.lower_:
            mention = bound.get(child.idx)
            if mention is not None and mention.entity_id:
                return mention
    return None


def leading_pronoun_mentions(
    sent: Span, own: list[Mention], entity_id: str | None, lexicon: Lexicon
) -> list[Mention]:
    """Mentions for "it" (as a subject) and "its" bound to the salient armed group, when no
    actor is named earlier in the sentence: in "It operates in Borno" or "Its fighters
    attacked Kunar" the paragraph's one group is meant; in "The Taliban expanded its
    presence" the nearer actor may be, so nothing is bound."""
    spec = lexicon.coreference
    subjects = frozenset(spec.get("subject_pronouns", ()))
    possessives = frozenset(spec["pronouns"])
    covered = {i for m in own for i in range(m.start, m.end)}
    found: list[Mention] = []
    for token in sent:
        if token.idx in covered:
            continue
        speaker = _speaker(token, own, subjects | {"they", "their"})
        if speaker is not None:  # "the GKNB said that it had detained ..."
            found.append(stand_in(token, speaker.entity_id or "", speaker.entity_type or ""))
            continue
        is_subject = token.lower_ in subjects and token.dep_ in ("nsubj", "nsubjpass")
        earlier = _same_subject(token, {m.start: m for m in own + found}) if is_subject else None
        if earlier is not None:
            # "It has never been a branch of X, though it pledges allegiance to X's leader":
            # the subordinate clause keeps the main clause's subject
            found.append(stand_in(token, earlier.entity_id or "", earlier.entity_type or ""))
            continue
        if entity_id is None:
            continue
        is_possessive = token.lower_ in possessives and token.dep_ == "poss"
        if not (is_subject or is_possessive) or _named_in_sentence(own, entity_id):
            continue
        if any(
            m.end <= token.idx and m.entity_type in _ACTOR_TYPES and m.entity_id != entity_id
            for m in own
        ):
            break  # another actor is nearer: this and later pronouns stay unresolved
        found.append(stand_in(token, entity_id))
    return found


def _speaker(token: Token, own: list[Mention], pronouns: frozenset[str]) -> Mention | None:
    """The actor that says what a subject pronoun does: in "the GKNB said that it had
    detained nine people", "it" is the GKNB (the subject of the reporting verb)."""
    if token.lower_ not in pronouns:
        return None
    subject = token
    if token.lower_ == "their" and token.dep_ == "poss":
        subject = token.head  # "the Taliban said their forces had fired on ..."
    if subject.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = subject.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ != "ccomp":
        return None
    speech = verb.head
    while not any(c.dep_ == "nsubj" for c in speech.children) and speech.dep_ == "conj":
        speech = speech.head  # "condemned the attack and said they ...": the shared subject
    for child in speech.children:
        if child.dep_ != "nsubj":
            continue
        for mention in own:
            named = mention.start <= child.idx < mention.end or any(
                mention.start <= c.idx < mention.end
                for c in child.children
                if c.dep_ in ("poss", "compound", "appos")
            )
            if named and mention.entity_type in _ACTOR_TYPES and mention.entity_type != "country":
                return mention
    return None


def stand_in(
    token: Token, entity_id: str, entity_type: str = "armed_group", label: str = "coref"
) -> Mention:
    """A mention the text does not make: a word standing for a known actor ("it", "the
    suspects", "police" read as a country's police)."""
    return Mention(
        start=token.idx,
        end=token.idx + len(token.text),
        text=token.text,
        label=label,
        origin="coref",
        entity_id=entity_id,
        entity_type=entity_type,
    )


def _pseudo(
    sent: Span, start: int, end: int, entity_id: str, entity_type: str = "armed_group"
) -> Mention:
    return Mention(
        start=start,
        end=end,
        text=sent.doc.text[start:end],
        label="coref",
        origin="coref",
        entity_id=entity_id,
        entity_type=entity_type,
    )


def paragraph_start(document: Document, doc: Doc, sent: Span) -> int:
    """Where the paragraph holding ``sent`` begins (paragraph records, else a blank line)."""
    for paragraph in document.paragraphs:
        if paragraph.start <= sent.start_char < paragraph.end:
            return paragraph.start
    blank = doc.text.rfind("\n\n", 0, sent.start_char)
    return 0 if blank < 0 else blank + 2
