"""Line breaking for Chinese (and other scripts written without spaces) in ReportLab.

ReportLab's CJK wrapping (reportlab.platypus.paragraph.cjkFragSplit, BSD licence) lets one
closing mark hang at the end of a line, and lists only some marks. Chinese needs all its
closing marks kept off the start of a line, also two in a row ("）。"). _lines() is ReportLab's
line filling with two changes, marked below; install() puts it in ReportLab's place for both
the paths ReportLab takes (one font run, or several).
"""
from __future__ import annotations

from unicodedata import category

from reportlab.lib.textsplit import getCharWidths
from reportlab.lib.utils import isBytes
from reportlab.platypus import paragraph as rl
from reportlab.rl_config import _FUZZ

# Marks that may not start a line: ReportLab's list plus the full-width marks Chinese uses.
CANNOT_START = rl.ALL_CANNOT_START + "，。、：；？！）》」』】〉”’％·"


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
        out.append((start, i, used, extra, room, brk))
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
