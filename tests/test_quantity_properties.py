"""Properties of the quantity scanner: numerals round-trip, ranges are ordered, qualifiers never
narrow a figure below its rounding, no text crashes it, and offsets always index the input."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claims
from claims.quantities.find import default_quantity_resources, find_quantities
from claims.quantities.intervals import rounding_step
from claims.quantities.numerals import parse_chinese, render_chinese
from claims.quantities.squeeze import squeeze

RESOURCES = default_quantity_resources()
LEX = RESOURCES.lexicon
SCALES = {"万": 10**4, "亿": 10**8, "万亿": 10**12, " thousand": 10**3, " million": 10**6, " billion": 10**9}


def only(text: str):
    found = find_quantities(text, resources=RESOURCES)
    assert len(found) == 1, (text, found)
    return found[0]


@given(st.integers(min_value=0, max_value=10**13))
def test_chinese_numerals_round_trip(n):
    rendered = render_chinese(n)
    assert parse_chinese(rendered, LEX.digits, LEX.cn_units, LEX.points) == n
    quantity = only(f"提升{rendered}倍")
    assert quantity.value == n
    assert quantity.text == f"{rendered}倍"


@given(st.integers(min_value=0, max_value=10**8), st.text(alphabet="0123456789", min_size=1, max_size=4))
def test_chinese_decimals_round_trip(n, decimals):
    digits = "零一二三四五六七八九"
    rendered = f"{render_chinese(n)}点{''.join(digits[int(d)] for d in decimals)}"
    quantity = only(f"提升{rendered}倍")
    assert quantity.value == Decimal(f"{n}.{decimals}")
    assert quantity.lo <= quantity.value <= quantity.hi


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=999))
def test_arabic_with_separators_round_trip(whole, fraction):
    text = f"{whole:,}.{fraction:03d}" if fraction else f"{whole:,}"
    quantity = only(f"售价 ${text}")
    assert quantity.value == Decimal(text.replace(",", ""))
    assert quantity.unit == "USD"
    assert quantity.lo <= quantity.value <= quantity.hi


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(sorted(SCALES)))
def test_scale_words_round_trip(n, scale):
    quantity = only(f"投入 {n}{scale} 美元")
    assert quantity.value == n * SCALES[scale]


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_keep_lo_below_hi(a, b):
    low, high = min(a, b), max(a, b) + 1
    quantity = only(f"价格 {low}-{high} 美元")
    assert quantity.qualifier == "range"
    assert quantity.lo == low and quantity.hi == high
    assert quantity.lo <= quantity.value <= quantity.hi


@given(
    st.sampled_from(sorted(form for form in LEX.before if not form.isascii())),
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=0, max_value=2),
)
def test_qualifiers_never_narrow_below_rounding(qualifier, n, decimals):
    """On every side a qualifier does not bound, the interval reaches at least the rounding."""
    written = Decimal(n).scaleb(-decimals)
    quantity = only(f"，{qualifier}{written}美元")
    half = rounding_step(written) / 2
    kind = LEX.before[qualifier]
    assert quantity.lo <= written <= quantity.hi
    if kind != "at_least":
        assert quantity.lo <= written - half
    if kind in ("approx", "at_least", "peak", "order"):  # order (数十亿): up to ten times the figure
        assert quantity.hi >= written + half  # peak (高达): the figure reached, as stated
    else:
        assert quantity.hi == written  # near, at_most, under: the figure caps the value


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            "0123456789一二三四五六七八九十百千万亿.,-~%$¥ 元年月日个倍约近超多余GBTKxX:/\n#第"
        )
    )
)
def test_no_text_crashes_and_offsets_are_exact(text):
    found = find_quantities(text, resources=RESOURCES)
    last = 0
    for quantity in found:
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start >= last
        last = quantity.end
        assert quantity.lo <= quantity.hi


@given(st.text(max_size=200))
def test_any_unicode_text_scans(text):
    for quantity in find_quantities(text, resources=RESOURCES):
        assert text[quantity.start : quantity.end] == quantity.text


# Pieces of the Chinese shapes that meet in one figure: money with subunits and spoken decimals,
# fractions (分之, slash, 又), juxtaposed ranges and orders of magnitude, 折 and 成, powers, spaces.
CHINESE_PIECES = st.sampled_from(
    ["二十", "块", "五", "毛", "元", "角", "分", "又", "分之", "/", "三四", "百", "六七", "亿", "千亿", "级",
     "折", "八五", "成", "半", " ", "\u3000", "两", "斤", "米", "零", "1", "7", "85", "2^", "e-", "新台币",
     "美元", "美分", "刀", "百分之", "万分之", "‰", "负", "约", "多", "几", "数", "打", "个", "小时", "钱"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)  # the first example loads the extraction resources
@given(st.lists(CHINESE_PIECES, max_size=12))
def test_chinese_money_fractions_and_ranges_never_crash(pieces):
    text = "".join(pieces)
    last = 0
    for quantity in find_quantities(text, resources=RESOURCES):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.start >= last
        last = quantity.end
        assert quantity.lo <= quantity.value <= quantity.hi
    for claim in claims.extract(text):
        assert text[claim.start : claim.end] == claim.quote


@given(st.text(alphabet="的了在是 ，。abc", max_size=30), st.text(alphabet="的了在是 ，。", max_size=30))
def test_offsets_are_document_absolute(before, after):
    text = f"{before}，32 GB，{after}"
    found = [q for q in find_quantities(text, resources=RESOURCES) if q.unit == "B"]
    assert [(q.start, q.text) for q in found] == [(len(before) + 1, "32 GB")]
    sliced = find_quantities(text, start=len(before), end=len(text), resources=RESOURCES)
    assert [(q.start, q.text) for q in sliced if q.unit == "B"] == [(len(before) + 1, "32 GB")]


@pytest.mark.parametrize(
    "text",
    [
        "1" * 100 + " 美元",
        "9" * 5000,
        "一" * 3000,
        "十" * 2000 + "万",
        "1." + "5" * 200 + "%",
        "约" * 100 + "5",
        "5" + "万" * 200,
        "2" * 40 + "×" + "3" * 40,
        "$" + "9" * 31,
        # English number words with nothing a figure could continue with: they once raised
        "a review of techniques from three perspectives",
        "learning from one another",
        "at least three of the labs",
        "nearly nine in ten users",
        "under ten",
        "It has about eight.",
    ],
    ids=[
        "long-digits-money",
        "digit-run",
        "numeral-run",
        "tens-run",
        "long-decimal",
        "qualifier-run",
        "scale-run",
        "huge-resolution",
        "huge-money",
        "word-from-three",
        "word-one-another",
        "word-at-least-three",
        "word-nine-in-ten",
        "word-under-ten",
        "word-about-eight",
    ],
)
def test_pathological_runs_neither_crash_nor_invent_figures(text):
    for quantity in find_quantities(text, resources=RESOURCES):
        assert text[quantity.start : quantity.end] == quantity.text
        assert abs(quantity.value) < Decimal("1e30")


# English words that read as numbers, qualifiers, prepositions and units, mixed with ordinary words:
# the shapes that once raised inside the scanner ("from three perspectives", "at least three of").
_ENGLISH_TEXT = (
    "one two three eight nine ten eleven twenty hundred thousand million billion trillion half a an "
    "from to between and or of in than at least most nearly about around over under up more less "
    "times x % $ GB B M K tokens users labs another perspectives percent per cent dozen - , . ( ) "
    # ordinals, fractions, signs and joiners of English numerals
    "first second third twenty-first hundredth quarter quarters fifths point nought minus negative "
    "over out A Three Two "
    # currencies, their minor units and scale words of the press
    "€ £ ¥ ₹ ₩ ₡ ¢ US$ c USD EUR usd rmb dollars dollar cents pence yen -cent -yen "
    "MUSD mln bln lakh crore MM "
    # units
    "mph km/h kHz GHz Hz rpm hp Nm sq ft miles yards feet inches -inch lbs tons °F °C mg ml L m long tall"
)
_ENGLISH_WORDS = [
    *_ENGLISH_TEXT.split(" "),
    *("1", "2.5", "40", "2024", "3-4", "1e5", "2^10", "3.8x10^25", "1 234 567", "12,34,567", "½"),
    *("USD115", "6m"),
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_ENGLISH_WORDS), max_size=14))
def test_no_english_word_mix_crashes_the_scanner(words):
    text = " ".join(words)
    for quantity in find_quantities(text, resources=RESOURCES):
        assert text[quantity.start : quantity.end] == quantity.text
        assert quantity.lo <= quantity.value <= quantity.hi


# Spaced numerals among other text: runs that are squeezed, and runs that are not (部分 之).
_SPACED = st.text(alphabet=list("一二五十百千万共人部分之 \t\u30003"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_SPACED)
def test_a_squeezed_text_maps_back_to_the_text(text):
    """Each character of a squeezed text is the character of the text it maps to, in order; only
    spaces are left out; one past the end maps to the text's end; and the first character at or after
    any offset of the text is where the map first reaches it."""
    squeezed, origin = squeeze(text, RESOURCES.patterns)
    if origin is None:
        assert squeezed == text
        return
    places = [origin[i] for i in range(len(squeezed) + 1)]
    assert [text[p] for p in places[:-1]] == list(squeezed)
    assert places == sorted(set(places)) and places[-1] == len(text)
    assert all(text[p] in " \t\u3000" for p in set(range(len(text))) - set(places))
    for offset in range(len(text) + 1):
        assert origin.at_or_after(offset) == next(i for i, p in enumerate(places) if p >= offset)


def test_a_long_text_squeezed_is_not_mapped_a_character_at_a_time():
    """The map of a squeezed text holds its runs, not an offset per character: squeezing a long
    document costs about two copies of its text (the pieces kept, then the result joined), where a
    list of offsets cost 36 bytes a character."""
    text = "共 一百 五 十 二 人参加。" + "模型发布后的新闻报道" * 50_000  # 500,000 characters, 2 bytes each
    tracemalloc.start()
    try:
        squeezed, origin = squeeze(text, RESOURCES.patterns)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert origin is not None and squeezed.startswith("共 一百五十二 人")
    assert peak < 6 * len(text), peak
