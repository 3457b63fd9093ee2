"""Language stage: language (ISO 639-1) and script (ISO 15924) of documents.

Two offline detectors vote (pycld2 and py3langid, both ship their models),
and our own cues break their confusions. The detectors mix up the Central
Asian languages Spoor reads (Tajik/Uzbek Cyrillic, Kyrgyz/Kazakh) and the
Arabic-script ones (Pashto, Urdu, Persian/Dari, Arabic), while each of those
has letters no neighbour uses: ``ӣ ӯ ҷ`` are Tajik, ``ў`` Uzbek, ``ښ ږ ګ``
Pashto, ``ٹ ڈ ڑ ں ے`` Urdu. Those letters are strong evidence and outvote
a confused detector. Dari is reported as ``fa`` (ISO 639-1 has no Dari).

Text too short or too evenly split between candidates gets language
``None`` and keeps its script: a wrong language is worse than none.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pycld2

from spoor.records import Document

log = logging.getLogger(__name__)

# Fewer letters than this and no detector is trusted.
MIN_LETTERS = 15
# Detectors see at most this many characters: enough for a stable vote and
# keeps a long paragraph from costing more than a short one.
MAX_DETECT_CHARS = 2000
# The winner needs this much support (one confident detector is ~1.0) ...
MIN_SCORE = 0.9
# ... and this lead over the runner-up, or the text is called ambiguous.
MIN_MARGIN = 0.3
# Weight of letter cues: STRONG outvotes two agreeing but confused detectors.
STRONG_CUE = 2.5
WEAK_CUE = 1.0

# Letters (never digits or punctuation) per script, by Unicode block.
_SCRIPT_PATTERNS: dict[str, re.Pattern[str]] = {
    "Latn": re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF\u02BB\u02BC]"),
    "Cyrl": re.compile(r"[\u0400-\u0482\u048A-\u052F]"),
    "Arab": re.compile(
        r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE\u06EF\u06FA-\u06FF"
        r"\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]"
    ),
    "Hani": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"),
    "Deva": re.compile(r"[\u0900-\u0963\u0966-\u097F]"),
    "Grek": re.compile(r"[\u0370-\u03FF\u1F00-\u1FFF]"),
    "Hebr": re.compile(r"[\u05D0-\u05EA\u05F0-\u05F2]"),
    "Armn": re.compile(r"[\u0531-\u0587]"),
    "Geor": re.compile(r"[\u10A0-\u10FF]"),
    "Beng": re.compile(r"[\u0980-\u09FF]"),
    "Guru": re.compile(r"[\u0A00-\u0A7F]"),
    "Taml": re.compile(r"[\u0B80-\u0BFF]"),
    "Thai": re.compile(r"[\u0E00-\u0E7F]"),
    "Hira": re.compile(r"[\u3040-\u309F]"),
    "Kana": re.compile(r"[\u30A0-\u30FF]"),
    "Hang": re.compile(r"[\uAC00-\uD7AF\u1100-\u11FF]"),
    "Ethi": re.compile(r"[\u1200-\u137F]"),
}

# Scripts a language is written in, for the languages Spoor cares about.
# A vote for a language in a script it is never written in is dropped
# (a detector calling Cyrillic text "en" is noise). Unlisted languages pass.
_LANG_SCRIPTS: dict[str, frozenset[str]] = {
    **{code: frozenset({"Latn"}) for code in ("en", "fr", "de", "es", "it", "pt", "nl", "tr")},
    **{code: frozenset({"Cyrl"}) for code in ("ru", "uk", "be", "bg", "mk", "tg", "ky", "mn")},
    "kk": frozenset({"Cyrl", "Latn"}),
    "sr": frozenset({"Cyrl", "Latn"}),
    "uz": frozenset({"Latn", "Cyrl", "Arab"}),
    **{code: frozenset({"Arab"}) for code in ("ar", "fa", "ps", "ur", "sd", "ug", "ku")},
    "zh": frozenset({"Hani"}),
    "hi": frozenset({"Deva"}),
}

# Codes the detectors emit that are not the ISO 639-1 code we report.
_CODE_ALIASES: dict[str, str] = {
    "iw": "he",
    "jw": "jv",
    "in": "id",
    "mo": "ro",  # cld2's legacy codes
    "ary": "ar",
    "arz": "ar",
    "apc": "ar",
    "ajp": "ar",
    "acm": "ar",
    "aeb": "ar",
    "uzs": "uz",  # Southern Uzbek, Arabic script (Afghanistan)
    "prs": "fa",
    "pes": "fa",  # Dari and Iranian Persian
    "pbu": "ps",
    "pbt": "ps",
    "pst": "ps",
    "cmn": "zh",
    "wuu": "zh",
    "yue": "zh",
}

# --- letter cues ----------------------------------------------------------------
_TAJIK_ONLY = re.compile(r"[ӣӯҷӢӮҶ]")
_UZBEK_CYRL_ONLY = re.compile(r"[ўЎ]")
_UZ_TG_SHARED = re.compile(r"[қғҳҚҒҲ]")
_KAZAKH_ONLY = re.compile(r"[әұӘҰһҺ]")
_KAZAKH_I = re.compile(r"[іІ]")
_TURKIC_SHARED = re.compile(r"[ңөүҢӨҮ]")
_KYRGYZ_EXCLUDED = re.compile(r"[әұіһқғҳҷӣӯўҡҙҫҗӘҰІҺҚҒҲҶӢӮЎҠҘҪҖ]")
# ټ ډ ړ ږ ښ ګ ڼ ۍ ې
_PASHTO = re.compile(r"[\u067C\u0689\u0693\u0696\u069A\u06AB\u06BC\u06CD\u06D0]")
_URDU = re.compile(r"[\u0679\u0688\u0691\u06BA\u06D2\u06D3]")  # ٹ ڈ ڑ ں ے ۓ
_URDU_SOFT = re.compile(r"[\u06BE\u06C1]")  # ھ ہ, also in other scripts
_UYGHUR = re.compile(r"[\u06C6\u06C7\u06C8\u06CB\u06D5]")  # ۆ ۇ ۈ ۋ ە
_PERSIAN = re.compile(r"[\u067E\u0686\u0698\u06AF]")  # پ چ ژ گ
_PERSIAN_YEH_KAF = re.compile(r"[\u06CC\u06A9]")  # ی ک
_ARABIC_ONLY = re.compile(r"[\u0629\u064A\u0643\u0649]")  # ة ي ك ى
_UZ_LATN_APOS = re.compile(r"[oOgG][\u02BB\u02BC\u2018\u2019'`](?=[^\W\d_]{2})")
_UZ_LATN_WORDS = re.compile(
    r"\b(?:va|bilan|uchun|ham|deb|esa|emas|yil|yilda|bo[\u02BB\u2018\u2019'`]yicha|"
    r"qilindi|bo[\u02BB\u2018\u2019'`]ldi|mumkin|kuni)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Cue:
    lang: str
    weight: float


def script_of(text: str) -> str | None:
    """The ISO 15924 script with the most letters in ``text``, or None."""
    counts = _script_counts(text)
    return counts.most_common(1)[0][0] if counts else None


def _script_counts(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for script, pattern in _SCRIPT_PATTERNS.items():
        found = len(pattern.findall(text))
        if found:
            counts[script] = found
    return counts


def _cyrillic_cue(text: str) -> _Cue | None:
    tajik = len(_TAJIK_ONLY.findall(text))
    uzbek = len(_UZBEK_CYRL_ONLY.findall(text))
    if tajik and tajik >= uzbek:
        return _Cue("tg", STRONG_CUE)
    if uzbek:
        return _Cue("uz", STRONG_CUE)
    turkic = len(_TURKIC_SHARED.findall(text))
    # Kazakh: ә ұ һ are its own; і alone is Ukrainian or Belarusian too.
    kazakh_i = _KAZAKH_I.search(text) and (turkic or _UZ_TG_SHARED.search(text))
    if _KAZAKH_ONLY.search(text) or kazakh_i:
        return _Cue("kk", STRONG_CUE)
    if turkic and not _KYRGYZ_EXCLUDED.search(text):
        # ң settles it; ө ү alone are also Mongolian, so only a nudge.
        return _Cue("ky", STRONG_CUE if "ң" in text.lower() else WEAK_CUE)
    if _UZ_TG_SHARED.search(text):
        return None  # қ ғ ҳ without ў or ӣ ӯ ҷ: Uzbek or Tajik, let detectors decide
    return None


def _arabic_cue(text: str) -> _Cue | None:
    if _UYGHUR.search(text):
        return None  # Uyghur, Kurdish or Uzbek (Arabic): leave it to the detectors
    pashto = len(_PASHTO.findall(text))
    urdu = len(_URDU.findall(text))
    if pashto >= 2 and pashto >= urdu:
        return _Cue("ps", STRONG_CUE)
    if urdu >= 2:
        return _Cue("ur", STRONG_CUE)
    if pashto or urdu:
        return _Cue("ps" if pashto else "ur", WEAK_CUE)
    if _URDU_SOFT.search(text) and len(_URDU_SOFT.findall(text)) >= 2:
        return _Cue("ur", WEAK_CUE)
    persian = len(_PERSIAN.findall(text)) + len(_PERSIAN_YEH_KAF.findall(text))
    arabic = len(_ARABIC_ONLY.findall(text))
    if persian > arabic:
        return _Cue("fa", WEAK_CUE)
    if arabic > persian:
        return _Cue("ar", WEAK_CUE)
    return None


def _latin_cue(text: str) -> _Cue | None:
    apostrophes = len(_UZ_LATN_APOS.findall(text))
    words = len(_UZ_LATN_WORDS.findall(text))
    if apostrophes >= 2 and words >= 1:
        return _Cue("uz", STRONG_CUE)
    if words >= 2 or (apostrophes >= 1 and words >= 1):
        return _Cue("uz", WEAK_CUE)
    return None


def _cue(text: str, script: str) -> _Cue | None:
    if script == "Cyrl":
        return _cyrillic_cue(text)
    if script == "Arab":
        return _arabic_cue(text)
    if script == "Latn":
        return _latin_cue(text)
    return None


def _normalise_code(code: str) -> str | None:
    code = code.lower().split("-")[0]
    if code in ("un", "xx", "zxx", "und", ""):
        return None
    code = _CODE_ALIASES.get(code, code)
    return code if len(code) == 2 else None  # no ISO 639-1 code: abstain


@lru_cache(maxsize=1)
def _langid() -> Any:
    """py3langid's identifier, loaded once (about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _cld2_vote(text: str) -> tuple[str | None, float]:
    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        # cld2 refuses some control characters; keep only printable text.
        cleaned = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
        try:
            reliable, _, details = pycld2.detect(cleaned)
        except pycld2.error:
            log.debug("pycld2 could not read the text; it abstains")
            return None, 0.0
    code = _normalise_code(details[0][1])
    weight = details[0][2] / 100.0 * (1.0 if reliable else 0.6)
    return code, weight


def _langid_vote(text: str) -> tuple[str | None, float]:
    code, prob = _langid().classify(text)
    return _normalise_code(str(code)), float(prob)


def _vote(text: str, script: str) -> str | None:
    scores: dict[str, float] = {}
    cue = _cue(text, script)
    votes = [_cld2_vote(text), _langid_vote(text)]
    if cue is not None:
        votes.append((cue.lang, cue.weight))
    for code, weight in votes:
        allowed = _LANG_SCRIPTS.get(code or "")
        if code is not None and (allowed is None or script in allowed):
            scores[code] = scores.get(code, 0.0) + weight
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:2]
    if not ranked:
        return None
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score < MIN_SCORE or best_score - runner_up < MIN_MARGIN:
        return None
    return best


def detect_text(text: str) -> tuple[str | None, str | None]:
    """Return ``(language, script)`` for ``text``: ISO 639-1 and ISO 15924.

    Language is None when the text is too short or the vote is ambiguous;
    script is None only when the text has no letters.
    """
    sample = text[:MAX_DETECT_CHARS]
    counts = _script_counts(sample)
    if not counts:
        return None, None
    script = counts.most_common(1)[0][0]
    if sum(counts.values()) < MIN_LETTERS:
        return None, script
    return _vote(sample, script), script


def detect(document: Document) -> Document:
    """Fill language and script on ``document`` and each of its paragraphs.

    The document's language is the one covering most characters of its
    paragraphs; a language the user set on the document is kept (its
    script is still filled). Returns the same, updated, document.
    """
    covered: Counter[str] = Counter()
    for paragraph in document.paragraphs:
        lang, script = detect_text(document.text[paragraph.start : paragraph.end])
        paragraph.lang, paragraph.script = lang, script
        if lang is not None:
            covered[lang] += paragraph.end - paragraph.start
    whole_lang: str | None = None
    if not covered:
        # No paragraphs, or all too short to call: judge the whole text.
        whole_lang, _ = detect_text(document.text)
    if document.lang is None:
        document.lang = covered.most_common(1)[0][0] if covered else whole_lang
    document.script = script_of(document.text)
    return document
