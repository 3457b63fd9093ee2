"""Tests for spoor.stages.language: detectors plus our letter cues."""

from __future__ import annotations

import pytest

from spoor.records import Document, Paragraph
from spoor.stages import language
from spoor.stages.language import detect, detect_text, script_of

# (expected language, expected script, sentence): neutral news-style text.
SENTENCES: list[tuple[str, str, str]] = [
    (
        "en",
        "Latn",
        "Heavy snowfall closed the Salang Pass for two days this week, and transport "
        "officials said traffic between Kabul and the northern provinces would resume once the "
        "road was cleared.",
    ),
    (
        "en",
        "Latn",
        "Wheat prices in the main markets of Herat rose slightly in March, according "
        "to traders, who said supplies from neighbouring countries had slowed because of delays at "
        "the border.",
    ),
    (
        "en",
        "Latn",
        "Police in the capital reported that the security situation remained calm "
        "over the weekend, while officials urged residents to report unattended bags at bus "
        "stations.",
    ),
    (
        "ru",
        "Cyrl",
        "В ближайшие дни в Ташкенте ожидается тёплая погода, а к концу недели "
        "синоптики прогнозируют кратковременные дожди и усиление ветра.",
    ),
    (
        "ru",
        "Cyrl",
        "Цены на пшеницу на рынках Душанбе в марте немного выросли, сообщили "
        "торговцы, объяснив это задержками поставок на границе.",
    ),
    (
        "ru",
        "Cyrl",
        "Движение поездов между Бишкеком и Балыкчи было временно приостановлено "
        "из-за ремонта путей, сообщила во вторник пресс-служба железной дороги.",
    ),
    (
        "uz",
        "Latn",
        "Toshkent shahrida ertaga havo iliq bo'ladi va kechqurun yomg'ir yog'ishi "
        "kutilmoqda, deya xabar berdi gidrometeorologiya xizmati.",
    ),
    (
        "uz",
        "Latn",
        "O\u02bbzbekiston temir yo\u02bbllari Samarqand va Buxoro o\u02bbrtasida "
        "yangi tezyurar poyezd qatnovini yo\u02bblga qo\u02bbydi, chiptalar narxi esa "
        "o\u02bbzgarmadi.",
    ),
    (
        "uz",
        "Latn",
        "Farg'ona vodiysidagi bozorlarda bug'doy narxi mart oyida biroz oshdi, "
        "savdogarlar buni chegaradagi kechikishlar va yuk tashish xarajatlari bilan izohlashdi.",
    ),
    (
        "uz",
        "Cyrl",
        "Тошкент шаҳрида эртага ҳаво илиқ бўлади ва кечқурун ёмғир ёғиши "
        "кутилмоқда, деб хабар берди гидрометеорология хизмати.",
    ),
    (
        "tg",
        "Cyrl",
        "Дар шаҳри Душанбе имрӯз ҳаво гарм буда, дар нимаи дуюми рӯз борони "
        "кӯтоҳмуддат пешбинӣ мешавад, хабар дод хадамоти обуҳавошиносӣ.",
    ),
    (
        "tg",
        "Cyrl",
        "Нархи орд дар бозорҳои Хуҷанд дар моҳи март каме боло рафт, зеро интиқоли "
        "бор аз кишварҳои ҳамсоя суст шудааст.",
    ),
    (
        "tg",
        "Cyrl",
        "Ҳаракати қатораҳо байни Душанбе ва Бохтар барои таъмири роҳи оҳан "
        "муваққатан қатъ карда шуд, гуфта шудааст дар изҳороти ширкат.",
    ),
    (
        "ky",
        "Cyrl",
        "Бишкекте эртең аба ырайы жылуу болот, бирок кечинде тоолуу аймактарда "
        "жаан жаашы күтүлүүдө деп билдирди гидрометеорология кызматы.",
    ),
    (
        "ky",
        "Cyrl",
        "Ош шаарындагы базарларда ун менен буудайдын баасы март айында бир аз "
        "көтөрүлдү, соодагерлер муну чек арадагы кечигүүлөр менен түшүндүрүштү.",
    ),
    (
        "ky",
        "Cyrl",
        "Бишкек менен Балыкчынын ортосундагы поезддердин каттамы темир жолду оңдоо "
        "иштерине байланыштуу убактылуу токтотулду деп кабарлады темир жол башкармалыгы.",
    ),
    (
        "kk",
        "Cyrl",
        "Алматыда ертең ауа райы жылы болады, бірақ кешке қарай таулы аудандарда "
        "жаңбыр жаууы мүмкін деп хабарлады синоптиктер.",
    ),
    (
        "ps",
        "Arab",
        "د کابل په ښار کې نن ورځ هوا توده ده او د ماښام لخوا د باران د ورېدو اټکل کېږي.",
    ),
    (
        "ps",
        "Arab",
        "د هرات په بازارونو کې د غنمو بیې د مارچ په میاشت کې لږ لوړې شوې، سوداګرو "
        "وویل چې د پولې ځنډ یې لامل دی.",
    ),
    (
        "ps",
        "Arab",
        "د جلال اباد او تورخم ترمنځ لویه لاره د ترمیم له امله د دوو ورځو لپاره وتړل "
        "شوه، د ټرانسپورټ چارواکو وویل.",
    ),
    (
        "fa",
        "Arab",
        "در شهر کابل امروز هوا گرم است و پیش بینی می شود که عصر باران خفیفی ببارد، "
        "اداره هواشناسی اعلام کرد.",
    ),
    (
        "fa",
        "Arab",
        "قیمت گندم در بازارهای هرات در ماه مارچ اندکی افزایش یافت و بازرگانان علت آن "
        "را تاخیر در گذرگاه های مرزی دانستند.",
    ),
    (
        "fa",
        "Arab",
        "رفت و آمد در شاهراه سالنگ به دلیل بارش شدید برف برای دو روز متوقف شد و "
        "مسئولان از رانندگان خواستند صبر کنند.",
    ),
    (
        "ur",
        "Arab",
        "کراچی میں آج موسم گرم رہے گا اور شام کے وقت ہلکی بارش کا امکان ہے، محکمہ "
        "موسمیات نے بتایا۔",
    ),
    (
        "ur",
        "Arab",
        "لاہور کی منڈیوں میں گندم کی قیمت مارچ کے مہینے میں تھوڑی بڑھ گئی، تاجروں کے "
        "مطابق سرحد پر تاخیر اس کی وجہ ہے۔",
    ),
    (
        "ur",
        "Arab",
        "پشاور اور اسلام آباد کے درمیان ریل سروس پٹڑی کی مرمت کی وجہ سے دو دن کے لیے "
        "معطل رہی، ریلوے حکام نے کہا۔",
    ),
    (
        "ar",
        "Arab",
        "من المتوقع أن يكون الطقس حارا في العاصمة اليوم مع احتمال سقوط أمطار خفيفة في "
        "المساء، بحسب هيئة الأرصاد الجوية.",
    ),
    (
        "ar",
        "Arab",
        "ارتفعت أسعار القمح في الأسواق المحلية بشكل طفيف خلال شهر مارس، وعزا التجار "
        "ذلك إلى تأخر الشحنات عند المعابر الحدودية.",
    ),
    (
        "ar",
        "Arab",
        "أعلنت هيئة السكك الحديدية توقف حركة القطارات بين المدينتين لمدة يومين بسبب "
        "أعمال صيانة في الخط الرئيسي للشبكة.",
    ),
    (
        "fr",
        "Latn",
        "Des chutes de neige abondantes ont fermé le col de Salang pendant deux jours "
        "cette semaine, et la circulation devrait reprendre une fois la route dégagée.",
    ),
    (
        "fr",
        "Latn",
        "Les prix du blé ont légèrement augmenté en mars sur les marchés de Hérat, "
        "selon des commerçants qui évoquent des retards aux postes frontaliers.",
    ),
    (
        "fr",
        "Latn",
        "La police de la capitale a indiqué que la situation sécuritaire était restée "
        "calme pendant le week-end, tout en appelant les habitants à la vigilance.",
    ),
]


@pytest.mark.parametrize(("lang", "script", "sentence"), SENTENCES)
def test_detect_text_sentences(lang: str, script: str, sentence: str) -> None:
    assert detect_text(sentence) == (lang, script)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (None, None)),
        ("1,500 — 2021-08-26", (None, None)),
        ("Kabul", (None, "Latn")),
        ("Кабул, 12 марта", (None, "Cyrl")),
        ("کابل", (None, "Arab")),
        ("天气预报", (None, "Hani")),
    ],
)
def test_detect_text_short_or_empty(text: str, expected: tuple[str | None, str | None]) -> None:
    assert detect_text(text) == expected


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Weather report", "Latn"),
        ("Прогноз погоды", "Cyrl"),
        ("پیش بینی هوا", "Arab"),
        ("मौसम का पूर्वानुमान", "Deva"),
        ("天气预报", "Hani"),
        ("Прогноз погоды for Kabul", "Cyrl"),
        ("12:30 — 1,500", None),
    ],
)
def test_script_of(text: str, script: str | None) -> None:
    assert script_of(text) == script


def _document(paragraphs: list[str], lang: str | None = None) -> Document:
    text = ""
    spans: list[Paragraph] = []
    for paragraph in paragraphs:
        if text:
            text += "\n\n"
        spans.append(Paragraph(start=len(text), end=len(text) + len(paragraph)))
        text += paragraph
    return Document(id="doc", uri="test://doc", text=text, lang=lang, paragraphs=spans)


def _sentence(lang: str, index: int = 0) -> str:
    return [text for code, _, text in SENTENCES if code == lang][index]


def test_mixed_document_english_report_with_russian_paragraph() -> None:
    document = _document([_sentence("en", 0), _sentence("ru", 0), _sentence("en", 1)])
    detect(document)
    assert document.lang == "en"
    assert document.script == "Latn"
    assert [(p.lang, p.script) for p in document.paragraphs] == [
        ("en", "Latn"),
        ("ru", "Cyrl"),
        ("en", "Latn"),
    ]


@pytest.mark.parametrize(
    ("paragraphs", "doc_lang", "doc_script", "paragraph_langs"),
    [
        # The language covering most characters wins, not the first paragraph's.
        (
            [_sentence("en", 2), _sentence("ru", 0), _sentence("ru", 1), _sentence("ru", 2)],
            "ru",
            "Cyrl",
            ["en", "ru", "ru", "ru"],
        ),
        # A short dateline is left without a language and does not count.
        (
            ["Kabul, March 12", _sentence("ps", 0), _sentence("ps", 1)],
            "ps",
            "Arab",
            [None, "ps", "ps"],
        ),
        ([_sentence("tg", 0), _sentence("uz", 3)], "tg", "Cyrl", ["tg", "uz"]),
        (
            [_sentence("fa", 0), _sentence("ur", 1), _sentence("fa", 2)],
            "fa",
            "Arab",
            ["fa", "ur", "fa"],
        ),
    ],
)
def test_detect_document_majority(
    paragraphs: list[str], doc_lang: str, doc_script: str, paragraph_langs: list[str | None]
) -> None:
    document = detect(_document(paragraphs))
    assert (document.lang, document.script) == (doc_lang, doc_script)
    assert [p.lang for p in document.paragraphs] == paragraph_langs


def test_detect_keeps_language_set_by_user_but_fills_script() -> None:
    document = detect(_document([_sentence("fa", 0)], lang="prs"))
    assert document.lang == "prs"
    assert document.script == "Arab"
    assert document.paragraphs[0].lang == "fa"


def test_detect_document_without_paragraphs_uses_whole_text() -> None:
    document = Document(id="doc", uri="test://doc", text=_sentence("ky", 1))
    detect(document)
    assert (document.lang, document.script) == ("ky", "Cyrl")
    assert document.paragraphs == []


@pytest.mark.parametrize(
    ("sentence", "confused_vote", "expected"),
    [
        # Detectors that mix up neighbours are outvoted by letters only one language uses.
        (_sentence("tg", 1), "uz", "tg"),
        (_sentence("uz", 3), "tg", "uz"),
        (_sentence("ky", 0), "kk", "ky"),
        (_sentence("kk", 0), "ky", "kk"),
        (_sentence("ps", 2), "fa", "ps"),
        (_sentence("ur", 0), "fa", "ur"),
        (_sentence("uz", 2), "tr", "uz"),
    ],
)
def test_letter_cues_outvote_confused_detectors(
    monkeypatch: pytest.MonkeyPatch, sentence: str, confused_vote: str, expected: str
) -> None:
    monkeypatch.setattr(language, "_cld2_vote", lambda text: (confused_vote, 0.99))
    monkeypatch.setattr(language, "_langid_vote", lambda text: (confused_vote, 0.99))
    assert detect_text(sentence)[0] == expected


def test_detectors_disagreeing_without_cues_give_no_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(language, "_cld2_vote", lambda text: ("en", 0.95))
    monkeypatch.setattr(language, "_langid_vote", lambda text: ("fr", 0.95))
    assert detect_text(_sentence("en", 0)) == (None, "Latn")
