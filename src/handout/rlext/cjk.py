"""Line breaking for Chinese (and other scripts written without spaces) in ReportLab.

ReportLab's CJK wrapping (reportlab.platypus.paragraph.cjkFragSplit, BSD licence) lets one
closing mark hang at the end of a line, and lists only some marks. Chinese needs all its
closing marks kept off the start of a line, also two in a row ("）。"). _lines() is ReportLab's
line filling with three changes, marked below; install() puts it in ReportLab's place for both
the paths ReportLab takes (one font run, or several).

Change 3 keeps together what must not part: a Latin word or number ("1-800-332-1088"), a
number and its unit (markup.py puts a no-break space between them and word joiners inside a
unit such as 小时), a citation marker and the text before it ("。[1,2]", never "[1,2]" alone at
the start of a line), an opening mark and what follows it ("（1-800"), and a tagging mark (an
empty character) and the text it marks; and a line never starts with a space (it stays, unseen, at the end of the line before).
"""
from __future__ import annotations

from unicodedata import category

from reportlab.lib.textsplit import getCharWidths
from reportlab.lib.utils import isBytes
from reportlab.platypus import paragraph as rl
from reportlab.rl_config import _FUZZ

# Marks that may not start a line: ReportLab's list plus the full-width marks Chinese uses.
CANNOT_START = rl.ALL_CANNOT_START + "，。、：；？！）》」』】〉”’％·"
CANNOT_END = "（《「『【〈“‘([{"  # opening marks: never the last character of a line
NBSP, WJ = "\u00a0", "\u2060"  # no-break space, word joiner (zero width; dropped when drawn)


def _in_word(c: str) -> bool:
    return ord(c[0]) < 0x3000 and not c.isspace()


def _glued(chars) -> list:
    """glued[k]: no line may start at chars[k]. Tagging marks are empty characters: they go with
    the character after them, so a line may start only before the first of them."""
    n = len(chars)
    out = [False] * (n + 1)
    prev = None
    seen = []  # indices of the non-empty characters so far
    for k, c in enumerate(chars):
        if not c:
            continue
        if prev is not None and c == "[" and k + 1 < n and chars[k + 1][:1].isdigit() and len(seen) >= 3 \
                and chars[prev] in CANNOT_START and ord(chars[seen[-2]][:1] or " ") >= 0x3000:
            # a marker after "泵。" takes two characters with it, never one alone ("输液 / 泵。[3]")
            for m in range(seen[-3] + 1, seen[-2] + 1):
                out[m] = True
        seen.append(k)
        if prev is not None:
            p = chars[prev]
            marker = c == "[" and k + 1 < n and chars[k + 1][:1].isdigit()  # a citation marker
            latin = _in_word(p) and _in_word(c)  # inside a Latin word or number: "1-800-332-1088"
            # a closing mark cannot start a line, nor can a tagging mark just before it ("911</b>。")
            closing = c in CANNOT_START
            joined = p in (NBSP, WJ) or c in (NBSP, WJ) or p in CANNOT_END or marker or latin or closing
            first = prev + 1 if joined else prev + 2
            for m in range(first, k + 1):
                out[m] = True
        prev = k
    return out


def _lines(chars, widths, maxWidths, hard=lambda k: False) -> list:
    """ReportLab's greedy CJK line filling, with the two changes, for both of its code paths.

    Returns (start, end, width used, extra space, line width, hard break) per line; the last
    line, filled only in part, has hard break None.
    """
    def width(k: int, room: float):
        w = widths[k]
        if hasattr(w, "normalizedValue"):  # a width given relative to the line
            w._normalizer = room
            w = w.normalizedValue(room)
        return w

    out, n = [], len(chars)
    if WJ in chars:  # zero width: it only joins
        widths = [0 if c == WJ else w for c, w in zip(chars, widths)]
    glued = _glued(chars)
    i = used = start = 0
    room = maxWidths[0]
    while i < n:
        c, w = chars[i], width(i, room)
        brk = hard(i)
        i += 1
        used += w
        if not ((used > room + _FUZZ and used > 0) or brk):
            continue
        extra = room - used
        if not brk:
            if c and ord(c) < 0x3000:  # inside a Latin word: go back to a space or to CJK text
                for j in range(i - 1, (start + i) >> 1, -1):
                    cj = chars[j]
                    if cj and (category(cj) == "Zs" or ord(cj) >= 0x3000):
                        k = j + 1
                        if k < i:
                            extra += sum(width(m, room) for m in range(k + 1, i))
                            w, c, i = width(k, room), chars[k], k + 1
                            break
            if c not in CANNOT_START and i > start + 1:  # change 1: the fuller list
                i -= 1
                extra += w
                if chars[i] in CANNOT_START and i > start + 1:
                    # the pushed-back character would start the line: take its neighbour too
                    i -= 1
                    extra += width(i, room)
            else:
                # change 2: marks that follow a hanging mark hang with it, never start a line
                while i < n and chars[i] in CANNOT_START and not hard(i):
                    used += width(i, room)
                    extra -= width(i, room)
                    i += 1
            # change 3: never part what is glued; never start a line with a space
            k = i
            while k > start + 1 and k < n and (glued[k] or (chars[k] and chars[k] in CANNOT_START)):
                k -= 1
            if k == start + 1 and (glued[k] or (chars[k] and chars[k] in CANNOT_START)):
                k = i  # a glued run as long as the line: break where it overflows
            while k < n and chars[k] == " ":
                k += 1
            if k != i:
                i = k
                used = sum(width(m, room) for m in range(start, i))
                extra = room - used
        # A line that runs into the margin (a hanging mark, spaces at its end) has no extra space
        # rather than less than none: ReportLab would squeeze its no-break spaces to fit, to
        # negative widths, drawing characters over each other ("45 kg").
        out.append((start, i, used, max(extra, 0), room, brk))
        room = maxWidths[min(len(out), len(maxWidths) - 1)]
        start, used = i, 0
    if used > 0:
        out.append((start, n, used, room - used, room, None))
    return out


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """reportlab.platypus.paragraph.cjkFragSplit: a paragraph of several font runs. ReportLab makes
    a string object per character to carry its fragment and width; parallel lists do the same
    for a fraction of the time."""
    chars, owner, widths = [], [], []
    for f in frags:
        text = f.text
        if isBytes(text):
            text = text.decode(encoding)
        run = list(text) or [text]  # an empty fragment still takes its place
        if hasattr(f, "cbDefn"):
            widths += [getattr(f.cbDefn, "width", 0)] * len(run)
        else:
            widths += [rl.stringWidth(c, f.fontName, f.fontSize) for c in run]
        chars += run
        owner += [f] * len(run)
    hard = [hasattr(f, "lineBreak") for f in owner]
    lines = _lines(chars, widths, maxWidths, hard.__getitem__)
    return rl.ParaLines(kind=1, lines=[_para_line(chars, owner, a, b, room, used, extra, bool(brk), calcBounds)
                                       for a, b, used, extra, room, brk in lines])


def _para_line(chars, owner, start, end, maxWidth, widthUsed, extraSpace, lineBreak, calcBounds):
    """reportlab.platypus.paragraph.makeCJKParaLine for characters start..end, measuring each run
    of characters from one fragment once instead of once per character (the same result)."""
    words, CW = [], []
    f0 = rl.FragLine()
    maxSize = maxAscent = minDescent = 0
    run = plain = None
    for i in range(start, end):
        f = owner[i]
        if f is run and plain:  # same fragment as the character before: same size, same word
            CW.append(chars[i])
            continue
        run, plain = f, not ("cbDefn" in f.__dict__ or "lineBreak" in f.__dict__)
        fontSize = f.fontSize
        cbDefn = getattr(f, "cbDefn", None) if calcBounds else None
        if getattr(cbDefn, "width", 0):
            descent, ascent = rl.imgVRange(rl.imgNormV(cbDefn.height, fontSize), cbDefn.valign, fontSize)
        else:
            ascent, descent = rl.getAscentDescent(f.fontName, fontSize)
        maxSize = max(maxSize, fontSize)
        maxAscent = max(maxAscent, ascent)
        minDescent = min(minDescent, descent)
        if not rl.sameFrag(f0, f):
            f0 = f0.clone()
            f0.text = "".join(CW)
            words.append(f0)
            CW = []
            f0 = f
        CW.append(chars[i])
    if CW:
        f0 = f0.clone()
        f0.text = "".join(CW)
        words.append(f0)
    return rl.FragLine(kind=1, extraSpace=extraSpace, wordCount=1, words=words[1:], fontSize=maxSize,
                       ascent=maxAscent, descent=minDescent, maxWidth=maxWidth, currentWidth=widthUsed,
                       lineBreak=lineBreak)


def dumb_split(word: str, widths, maxWidths):
    """reportlab.lib.textsplit.dumbSplit: a paragraph of one font run."""
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    return [[extra, word[a:b] if brk is None else word[a:b].strip()]
            for a, b, used, extra, room, brk in _lines(word, widths, maxWidths)]


def word_split(word, maxWidths, fontName, fontSize, encoding="utf8"):
    text = word.decode(encoding) if isBytes(word) else word
    return dumb_split(text, getCharWidths(text, fontName, fontSize), maxWidths)


def install() -> None:
    rl.cjkFragSplit = cjk_frag_split
    rl.wordSplit = word_split
