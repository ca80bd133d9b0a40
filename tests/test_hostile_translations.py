"""Translations are data, never code (issue 15, item 3): a hostile or careless translation is
refused at its PO file and line, through the real command, and nothing is written."""
from __future__ import annotations

import re

import pytest

from test_i18n import fresh, run, translate  # noqa: F401 - fresh is a fixture

def _po_line(project, catalog: str, ctx: str) -> int:
    """The line of an entry in the Spanish catalog (its msgid, after the msgctxt), as Babel numbers it."""
    lines = (project / "locales" / "es" / f"{catalog}.po").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line == f'msgctxt "{ctx}"') + 1


CASES = [
    # a comment hides a number from the checks; Jinja would drop it from the page
    ("layout", "handout|timeline_medicine|*", lambda s: s + " {# 24 #}", "contains template code '{# 24 #}'"),
    ("layout", "handout|title|*", lambda s: "{{ brand }} {{ generic.__class__ }}", "contains template code"),
    # an expression split over lines is not the English's placeholder
    ("layout", "handout|footer_page|*", lambda s: s.replace("{{ page }}", "{{ page\n}}"),
     "contains template code '{{ page\\n}}'"),
    ("layout", "handout|footer_page|*", lambda s: s + " {%", "contains '{%', which starts or ends template code"),
    ("layout", "handout|footer_page|*", lambda s: s + " {{ pages }}", "the placeholders differ from the English"),
    ("layout", "handout|pronunciation|*", lambda s: "{%- if pronunciation %}" + s + "{% endif %}",
     "contains template code '{%- if pronunciation %}'"),
    # a per-page word: an invisible character is refused like anywhere else
    ("layout", "handout|footer_page|*", lambda s: s.replace("Page", "Pa\u200bge"), "U+200B"),
    ("layout", "handout|calendar_day|*", lambda s: s + "\u202e", "U+202E"),
    # a blank translation would print nothing where the English warns
    ("layout", "handout|footer_disclaimer|adult", lambda s: "   ", "the translation is blank"),
]


@pytest.mark.parametrize("catalog,ctx,edit,message", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_hostile_translation_is_refused_at_its_po_line(fresh, capsys, catalog, ctx, edit, message):
    translate(fresh, lambda c, m: edit("ES " + m) if c == ctx else "ES " + m)
    code, out, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult",
                         "--out", str(fresh / "out"))
    assert code == 1, err
    assert message in err, err
    line = _po_line(fresh, catalog, ctx)
    assert re.search(rf"locales/es/{catalog}\.po:{line}: ", err), err
    assert not (fresh / "out").exists()


_PAIR = re.compile(r"(\d+(?:\.\d+)?)\s?°([FC])(\W{1,3})(\d+(?:\.\d+)?)\s?°([FC])")


def _paired_temperature(project) -> tuple[str, str]:
    """(context, English) of a drug entry that names a temperature in °F and °C, whatever the wording."""
    from babel.messages.pofile import read_po
    with (project / "locales" / "es" / "blinatumomab.po").open("rb") as fh:
        for msg in read_po(fh):
            if msg.id and _PAIR.search(msg.id):
                return msg.context, msg.id
    raise AssertionError("no entry gives a temperature in both °F and °C")


@pytest.mark.parametrize("swap,message", [
    # the two numbers change places, each keeping its unit: the order is the English's
    (lambda m: f"{m[4]} °{m[5]}{m[3]}{m[1]} °{m[2]}", "in the same order, with the same units"),
    # the numbers stay, the units change places: 100.4 °C is not 100.4 °F
    (lambda m: f"{m[1]} °{m[5]}{m[3]}{m[4]} °{m[2]}", "in the English"),
    (lambda m: f"{m[1].translate(str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩'))} °{m[2]}{m[3]}{m[4]} °{m[5]}",
     "uses digits of another script"),
])
def test_a_translation_keeps_temperatures_in_order_and_paired(fresh, capsys, swap, message):
    ctx, english = _paired_temperature(fresh)
    translate(fresh, lambda c, m: "ES " + (_PAIR.sub(swap, m, count=1) if c == ctx else m))
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "all", "--out", str(fresh / "out"))
    assert code == 1 and message in err, err
    assert f"locales/es/blinatumomab.po:{_po_line(fresh, 'blinatumomab', ctx)}: " in err


def test_a_per_page_word_missing_a_glyph_is_named_at_its_po_line(fresh, capsys):
    """The page footer is drawn once per page, so it never was in the checked words: now it is."""
    ctx = "handout|footer_page|*"
    translate(fresh, lambda c, m: "ES " + m + (" \u2603" if c == ctx else ""))
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "handout",
                       "--out", str(fresh / "out"))
    assert code == 1
    assert f"locales/es/layout.po:{_po_line(fresh, 'layout', ctx)}: word 'footer_page'" in err
    assert "cannot draw '\u2603'" in err


def test_placeholders_keep_the_english_order(fresh, capsys):
    """Like numbers, placeholders keep their order: "{{ pages }} / {{ page }}" would print "13 / 1"
    on page 1, a wrong number that no check could tell from a deliberate move."""
    ctx = "handout|footer_page|*"
    translate(fresh, lambda c, m: "{{ pages }} / {{ page }} ES" if c == ctx else "ES " + m)
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "handout",
                       "--out", str(fresh / "out"))
    assert code == 1 and "layout word 'footer_page' (*): the placeholders are in another order" in err
    translate(fresh, lambda c, m: "ES {{ page }} / {{ pages }}" if c == ctx else "ES " + m)
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "handout",
                       "--out", str(fresh / "out"))
    assert code == 0, err


def test_a_translated_block_missing_a_glyph_is_named_at_its_po_line(fresh, capsys):
    ctx = _paired_temperature(fresh)[0]
    translate(fresh, lambda c, m: "ES " + m + (" \u2603" if c == ctx else ""))
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "all", "--format", "handout",
                       "--out", str(fresh / "out"))
    assert code == 1
    assert f"locales/es/blinatumomab.po:{_po_line(fresh, 'blinatumomab', ctx)}: block '{ctx.split('|')[0]}'" in err
    assert "cannot draw '\u2603'" in err


def test_a_card_translation_too_long_is_named_at_its_po_line(fresh, capsys):
    """The wallet card cannot fit a translation three times the English: the translator is told
    where, at the PO entry, not the content editor at the English block."""
    from babel.messages.pofile import read_po
    with (fresh / "locales" / "es" / "blinatumomab.po").open("rb") as fh:
        ctx = next(m.context for m in read_po(fh) if m.id and m.context.endswith("|adult|card"))
    translate(fresh, lambda c, m: "ES " + m + (" y muchas palabras más" * 25 if c == ctx else ""))
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "card",
                       "--out", str(fresh / "out"))
    assert code == 1 and "wallet card" in err and "does not fit" in err
    assert "locales/es/blinatumomab.po:" in err.splitlines()[1]


def test_a_translation_far_too_long_is_refused_at_its_po_line(fresh, capsys):
    ctx = "handout|footer_page|*"
    translate(fresh, lambda c, m: "ES " + m + (" palabra" * 5000 if c == ctx else ""))
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--audience", "adult", "--format", "handout",
                       "--out", str(fresh / "out"))
    assert code == 1
    assert f"locales/es/layout.po:{_po_line(fresh, 'layout', ctx)}: layout word 'footer_page' (*): the " \
           "translation is 40,033 characters long; the limit is 20,000" in err


def test_an_entry_given_twice_is_refused_not_silently_replaced(fresh, capsys):
    """Babel keeps the last of two entries for one place: a second, unreviewed translation could
    print in place of the first. Refused at the second one's line."""
    translate(fresh)
    po = fresh / "locales" / "es" / "layout.po"
    text = po.read_text(encoding="utf-8")
    first = _po_line(fresh, "layout", "handout|footer_page|*") - 1
    start = text.index('msgctxt "handout|footer_page|*"')
    end = text.index("\n\n", start)
    po.write_text(text + "\n" + text[start:end].replace("ES ", "OTRA ") + "\n", encoding="utf-8")
    second = text.count("\n") + 2
    code, _, err = run(capsys, fresh, "build", "--locale", "es", "--out", str(fresh / "out"))
    assert code == 1
    assert f"locales/es/layout.po:{second}: the entry for 'handout|footer_page|*' appears twice (first on line " \
           f"{first}); keep one" in err
