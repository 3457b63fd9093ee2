"""A synthetic news corpus for throughput benchmarks: neutral wire reports about armed groups.

Every sentence is built from our own templates and vocabulary (group
names, places and roles are public facts; the events are invented and
deliberately bland). Documents are about 300 words, like a short wire
story: a dated lead about an incident or assessment, background sentences
that name other actors and places, and everyday filler that names nothing.
The generator is deterministic for a seed, so two runs compare the same
texts. Output is JSONL shards (1,000 documents each) that `spoor ingest`
reads like any other record file.

    python bench/synth.py --n 10000 --out /tmp/synth
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

GROUPS = (
    "Islamic State Khorasan Province",
    "ISKP",
    "ISIS-K",
    "the Pakistani Taliban",
    "Tehrik-i-Taliban Pakistan",
    "the Islamic Movement of Uzbekistan",
    "Jamaat Ansarullah",
    "al-Qaeda in the Indian Subcontinent",
    "Lashkar-e-Jhangvi",
    "the Haqqani network",
)
FORCES = (
    "Afghan security forces",
    "Pakistani troops",
    "the Taliban's intelligence directorate",
    "Tajik border guards",
    "Uzbek police",
    "the provincial police",
    "counter-terrorism officers",
)
PLACES = (
    "Kunar",
    "Nangarhar",
    "Jalalabad",
    "Kabul",
    "Kunduz",
    "Mazar-i-Sharif",
    "Herat",
    "Kandahar",
    "Peshawar",
    "Bajaur",
    "Khyber",
    "Quetta",
    "Termez",
    "Dushanbe",
    "Badakhshan",
    "Tashkent",
    "Balkh",
    "Achin",
)
OUTLETS = ("Amaq", "Al-Azaim", "Voice of Khurasan", "Khurasan Ghag")
ROLES = ("commander", "spokesman", "senior leader", "recruiter", "financier", "local emir")
PEOPLE = (
    "Shahab al-Muhajir",
    "Sanaullah Ghafari",
    "Hafiz Saeed Khan",
    "Aslam Farooqi",
    "Abdul Hasib Logari",
    "Zia ul-Haq",
    "Mawlawi Rajab",
    "Qari Hekmat",
)
SOURCES = ("Central Asia Wire", "Hindu Kush Monitor", "Steppe Review", "Frontier Daily")
OFFICIALS = (
    "a provincial spokesman",
    "the district governor",
    "a police official",
    "the interior ministry",
    "two local elders",
    "a security analyst",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ATTACKS = (
    "a roadside bomb",
    "a suicide bombing",
    "a rocket attack",
    "an ambush",
    "a grenade attack",
)
TARGETS = ("a checkpoint", "a mosque", "a market", "a police post", "a convoy", "a school")

LEADS = (
    "{group} claimed responsibility for {attack} on {target} in {place} on {day} {month} {year}, "
    "killing {n} people, {official} said.",
    "{forces} arrested {n} suspected members of {group} in {place} on {day} {month} {year}, "
    "according to {official}.",
    "{group} is active in {place} and {place2}, a United Nations monitoring report said in "
    "{month} {year}.",
    "A {role} of {group}, {person}, was killed in {place} in {month} {year}, {official} said.",
    "{group} has around {big} fighters in {place}, {official} estimated in {month} {year}.",
    "{outlet}, the media arm of {group}, published a new statement in {month} {year}.",
)
BACKGROUND = (
    "{group} was founded in {year0} by defectors from other militant factions.",
    "Analysts say {group} recruits from {place} and from communities across the border.",
    "{person} became the leader of {group} in {year0}, according to {official}.",
    "{group} pledged allegiance to {group2} in {year0}.",
    "Earlier, {forces} reported clashes with {group} near {place2}.",
    "{group} has threatened {place2} in several recent statements.",
    "The attack in {place2} last {month} was also blamed on {group}.",
    "{forces} said they had detained a {role} of {group} in {place2} in {month} {year0}.",
    "{outlet} released audio messages in Uzbek and Tajik during {year0}.",
)
# Everyday sentences are assembled from parts, with a number or date in each, so
# that documents do not share long word runs (which would read as text reuse).
FILLER_SUBJECTS = (
    "Shopkeepers near the bazaar",
    "Officials in the provincial capital",
    "Residents of the eastern districts",
    "Hospital staff",
    "Traders at the crossing",
    "Aid workers",
    "Local journalists",
    "Farmers in the valley",
    "Members of the provincial council",
    "Teachers at a girls' school",
    "Lorry drivers",
    "Relatives of the wounded",
)
FILLER_VERBS = (
    "said on {weekday} that",
    "told reporters {when} that",
    "complained {when} that",
    "reported {when} that",
    "warned on {weekday} that",
)
FILLER_CLAIMS = (
    "{n} shops stayed shut",
    "flour cost {n} percent more than a year ago",
    "the highway was closed for {n} hours",
    "{n} families had left for the city",
    "mobile networks were down for {n} hours",
    "the bridge repairs would take {n} weeks",
    "{n} lorries waited at the checkpoint",
    "the clinic received {n} patients overnight",
    "rain had damaged {n} houses",
    "the market would reopen within {n} days",
    "{n} teachers had not been paid",
    "electricity returned after {n} days",
)
FILLER_TAILS = (
    "",
    " near {place}",
    " in the {side} part of the district",
    " along the road to {place}",
    ", despite promises by the {office}",
    ", according to a {office} statement",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WHENS = ("on {weekday}", "last week", "this month", "earlier this year", "on {day} {month}")
SIDES = ("northern", "southern", "eastern", "western", "central")
OFFICES = ("governor's office", "health department", "municipality", "ministry", "district chief")
WORDS_PER_DOC = 300


def _fill(template: str, rng: random.Random, year: int) -> str:
    group, group2 = rng.sample(GROUPS, 2)
    place, place2 = rng.sample(PLACES, 2)
    return template.format(
        group=group,
        group2=group2,
        place=place,
        place2=place2,
        forces=rng.choice(FORCES),
        official=rng.choice(OFFICIALS),
        attack=rng.choice(ATTACKS),
        target=rng.choice(TARGETS),
        role=rng.choice(ROLES),
        person=rng.choice(PEOPLE),
        outlet=rng.choice(OUTLETS),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        year=year,
        year0=rng.randint(2010, year - 1),
        n=rng.randint(2, 40),
        big=rng.choice((500, 1000, 1500, 2000, 4000)),
    )


def _filler(rng: random.Random) -> str:
    when = rng.choice(WHENS).format(
        weekday=rng.choice(WEEKDAYS), day=rng.randint(1, 28), month=rng.choice(MONTHS)
    )
    verb = rng.choice(FILLER_VERBS).format(weekday=rng.choice(WEEKDAYS), when=when)
    claim = rng.choice(FILLER_CLAIMS).format(n=rng.randint(2, 90))
    tail = rng.choice(FILLER_TAILS).format(
        place=rng.choice(PLACES), side=rng.choice(SIDES), office=rng.choice(OFFICES)
    )
    return f"{rng.choice(FILLER_SUBJECTS)} {verb} {claim}{tail}."


def _capitalised(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def make_document(index: int, seed: int = 7) -> dict[str, Any]:
    """One synthetic wire story; the same (index, seed) always gives the same text."""
    rng = random.Random(seed * 1_000_003 + index)
    year = rng.randint(2016, 2025)
    month = rng.randint(1, 12)
    sentences = [_capitalised(_fill(rng.choice(LEADS), rng, year))]
    words = len(sentences[0].split())
    paragraphs: list[list[str]] = [sentences]
    while words < WORDS_PER_DOC:
        if rng.random() < 0.35:
            sentence = _capitalised(_fill(rng.choice(BACKGROUND), rng, year))
        else:
            sentence = _filler(rng)
        if len(paragraphs[-1]) >= 3:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        words += len(sentence.split())
    title = sentences[0].split(",")[0][:90]
    return {
        "id": f"synth-{seed}-{index}",
        "title": title,
        "published": f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
        "source": rng.choice(SOURCES),
        "text": "\n\n".join(" ".join(p) for p in paragraphs),
    }


def iter_documents(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    for index in range(n):
        yield make_document(index, seed)


def write_corpus(folder: Path, n: int, seed: int = 7, shard_size: int = 1000) -> list[Path]:
    """Write ``n`` documents as JSONL shards under ``folder``; return the shard paths.

    Shards keep each file well below the ingest's max_file_bytes and let
    acquire stream them one at a time.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for start in range(0, n, shard_size):
        path = folder / f"synth-{seed}-{start // shard_size:05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for index in range(start, min(n, start + shard_size)):
                handle.write(json.dumps(make_document(index, seed), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def run() -> dict[str, Any]:
    """Generator sanity numbers for bench/results.json (the throughput bench uses the texts)."""
    docs = list(iter_documents(200))
    words = [len(d["text"].split()) for d in docs]
    return {
        "documents": len(docs),
        "mean_words": round(sum(words) / len(words), 1),
        "distinct_texts": len({d["text"] for d in docs}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.n, args.seed)
    print(f"wrote {args.n} documents in {len(paths)} shards under {args.out}")


if __name__ == "__main__":
    main()
