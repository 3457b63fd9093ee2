"""Names a text describes as an armed group: "Hizbul Islam, a rival Islamist militia",
"Ansar al-Sunna, an affiliate of the Islamic State", "X is a jihadist group".

NER often types an unknown Arabic group name as a person; the noun phrase the writer puts
next to it says what it is. The words live in spoor/kb/lexicons/group_nouns.yaml.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

GROUP_NOUNS_FILE = Path(__file__).resolve().parent.parent / "kb" / "lexicons" / "group_nouns.yaml"

# Words that end the head noun's phrase before it: "a member of the militia" is a person.
_STOP = r"(?:of|for|in|on|at|with|from|to|by|that|which|who|whose|and|or|as|its|his|her|their)"


# Words that may follow the head when it ends the phrase ("a militia based in X"); any other
# word may be the real head ("a militia commander").
_END = (
    r"(?:based|active|operating|that|which|who|whose|in|from|with|linked|led|known|founded|"
    r"formed|allied|aligned|loyal|affiliated|responsible|blamed|accused|behind|and|or|is|was|"
    r"has|had|claimed|said|says|operates|carried)"
)


@dataclass(frozen=True, slots=True)
class GroupNouns:
    armed: frozenset[str]
    parts: frozenset[str]
    qualified: frozenset[str]
    qualifiers: frozenset[str]
    pattern: re.Pattern[str]


@functools.cache
def group_nouns(path: Path = GROUP_NOUNS_FILE) -> GroupNouns:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).casefold() for w in data.get(key) or ())

    armed, parts, qualified = words("armed_nouns"), words("part_nouns"), words("qualified_nouns")
    heads = "|".join(sorted((re.escape(w) for w in armed | parts | qualified), key=len)[::-1])
    # after the name: an apposition or a copula, an article, up to four modifiers, the head
    pattern = re.compile(
        r"\s*(?:,|\(|\s(?:is|was|remains|became))\s*(?:a|an|the|another|one)\s+"
        rf"(?P<mods>(?:(?!{_STOP}\b)[\w'’-]+\s+){{0,4}}?)(?P<head>{heads})s?"
        rf"(?P<after>\s+of\s+(?:the\s+)?(?P<parent>\w)|(?=\s*[,.;:)]|\s+{_END}\b|\s*$))",
        re.IGNORECASE,
    )
    return GroupNouns(armed, parts, qualified, words("qualifiers"), pattern)


def described_as_group(surface: str, text: str, lexicon: GroupNouns | None = None) -> bool:
    """Whether some occurrence of ``surface`` in ``text`` is followed by a noun phrase that
    names an armed group."""
    nouns = lexicon or group_nouns()
    if not surface:
        return False
    for found in re.finditer(re.escape(surface), text):
        match = nouns.pattern.match(text, found.end())
        if match is not None and _armed(match, nouns):
            return True
    return False


def _armed(match: re.Match[str], nouns: GroupNouns) -> bool:
    head = match.group("head").casefold()
    mods = set(re.findall(r"[\w-]+", match.group("mods").casefold()))
    if head in nouns.armed or (head in nouns.qualified and mods & nouns.qualifiers):
        return True
    parent = match.group("parent")
    return head in nouns.parts and parent is not None and parent.isupper()
