"""Names a text describes as an armed group (spoor/text/described.py; issue 4, session 4):
NER types many unknown group names as people, the phrase beside the name says otherwise."""

from __future__ import annotations

import pytest

from spoor.text.described import described_as_group

CASES: list[tuple[str, str, bool]] = [
    # an apposition whose head is an armed group
    ("Hizbul Example", "Hizbul Example, a rival Islamist militia, merged with it.", True),
    ("Ansar Example", "Ansar Example, an affiliate of the Islamic State, raided the town.", True),
    ("Jund Example", "Jund Example is a jihadist group based in the hills.", True),
    ("Katibat Example", "Katibat Example, a militant group in the north, claimed it.", True),
    ("Liwa Example", "Liwa Example (a militia) took the town.", True),
    ("Saraya Example", "Saraya Example, a breakaway faction, left in 2019.", True),
    # a person described through the group, or a group of another kind
    ("Ali Example", "Ali Example, a spokesman for the militia, said so.", False),
    ("Ali Example", "Ali Example, a member of the militant group, was held.", False),
    ("Ali Example", "Ali Example, the militia commander, was killed.", False),
    ("Ali Example", "Ali Example, a militia leader, was killed.", False),
    ("Rights Example", "Rights Example, a rights group, published a report.", False),
    ("Radio Example", "Radio Example, an affiliate of the broadcaster, aired it.", False),
    ("Student Example", "Student Example, a student movement, marched.", False),
    ("Nowhere Example", "The report did not mention anything else.", False),
]


@pytest.mark.parametrize(("surface", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_described_as_group(surface: str, text: str, expected: bool) -> None:
    assert described_as_group(surface, text) is expected


def test_any_occurrence_describes_the_name() -> None:
    text = "Liwa Example attacked a post. Liwa Example, an armed group from the south, denied it."
    assert described_as_group("Liwa Example", text)
