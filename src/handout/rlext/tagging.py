"""Tagged PDF (PDF/UA-1) inside ReportLab's own object model, in one pass.

ReportLab writes no structure tree. Here:
- a typesetter builds its structure in reading order as Elem objects (Document, H1, Sect, L, LI,
  Lbl, LBody, Table, TR, TH, TD, Figure, ...) and hangs a leaf on the flowable that draws it
  (tag(flowable, elem));
- while drawing, everything is an artifact (/Artifact BMC ... EMC) unless a tagged flowable is
  being drawn: Flowable.drawOn switches to /<role> <</MCID n>> BDC for the time it draws;
- inside a paragraph, <onDraw name="tag" label="..."/> marks switch the element mid-line: a
  citation marker becomes a Reference, a source's address a Link (with its annotation as an
  OBJR), a source's number its Lbl; a bullet drawn by Paragraph's own bullet code is the Lbl;
- a paragraph that Frame splits across pages continues the element its first part ended in;
  a flowable drawn a second time in one document (a table's repeated header row) is an artifact;
- at save: /StructTreeRoot with its /ParentTree, /MarkInfo, /ViewerPreferences
  /DisplayDocTitle, XMP metadata (pdfuaid:part 1, dc:title) and /Tabs /S on every page.

What it cannot know is whether the tags are true: tests/test_tagging.py reads them back.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from xml.sax.saxutils import escape as xml_escape

from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFObject, PDFPage, PDFStream, PDFString
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import flowables as rl_flowables
from reportlab.platypus import paragraph as rl_paragraph

_PAGE_KEYS = PDFPage.__NoDefault__ + ["StructParents", "Tabs"]


class Elem:
    """A structure element: a role, its kids in reading order (elements, and while drawing, the
    marked content (page, MCID) and annotations that make it up), and its own Alt, Lang, attributes."""

    __slots__ = ("role", "kids", "parent", "alt", "lang", "attrs")

    def __init__(self, role: str, parent: Elem | None = None, *, alt: str | None = None,
                 lang: str | None = None, attrs: dict | None = None):
        self.role, self.kids, self.parent = role, [], parent
        self.alt, self.lang, self.attrs = alt, lang, attrs
        if parent is not None:
            parent.kids.append(self)

    def add(self, role: str, **kw) -> Elem:
        return Elem(role, self, **kw)


def tag(flowable, elem: Elem | None, label: Elem | None = None):
    """Draw flowable as elem (its bullet, if it has one, as label: an Lbl). Returns the flowable."""
    if elem is not None:
        flowable._struct = elem
        if label is not None:
            flowable._tag_lbl = label
    return flowable


# Marks a typesetter writes into paragraph text (they draw nothing, and take no width).
REFERENCE = '<onDraw name="tag" label="Reference"/>'
LINK = '<onDraw name="tag" label="Link"/>'
LBODY = '<onDraw name="tag" label="LBody"/>'
END = '<onDraw name="tag" label="end"/>'

_EMPHASIS = {"<b>": '<onDraw name="tag" label="Strong"/><b>', "</b>": "</b>" + END,
             "<i>": '<onDraw name="tag" label="Em"/><i>', "</i>": "</i>" + END}
_EMPHASIS_RE = re.compile("|".join(map(re.escape, _EMPHASIS)))


def emphasis(markup: str) -> str:
    """Paragraph markup with its bold runs tagged Strong and its italic runs Em."""
    return _EMPHASIS_RE.sub(lambda m: _EMPHASIS[m.group()], markup) if "<" in markup else markup


# Draw as a pagination artifact (running header and footer), where None is any other artifact.
PAGINATION = "Pagination"


class Tagger:
    """The structure of one document and the marked content that fills it."""

    def __init__(self):
        self.root = Elem("Document")
        self.stack: list = []   # open elements, innermost last; empty: drawing an artifact
        self.parents: dict = {}  # page number -> elements by MCID
        self.pages: dict = {}   # page number -> PDFPage
        self.annots: list = []  # (annotation, its reference, page number, Link element)
        self.after_bullet = None
        self.inline_open = 0  # elements opened by marks in the paragraph being drawn
        self.link = None
        self.link_contents: dict = {}  # address -> what a link annotation says (its /Contents)

    def _open(self, code: list, page: int, elem) -> None:
        if elem is None:
            code.append("/Artifact BMC")
            return
        if elem is PAGINATION:
            code.append("/Artifact <</Type /Pagination>> BDC")
            return
        mcids = self.parents.setdefault(page, [])
        elem.kids.append((page, len(mcids)))
        code.append(f"/{elem.role} <</MCID {len(mcids)}>> BDC")
        mcids.append(elem)

    def push(self, code: list, page: int, elem) -> None:
        """Draw what follows as elem (an Elem, None for an artifact, or PAGINATION) until pop()."""
        code.append("EMC")
        self.stack.append(elem)
        self._open(code, page, elem)

    def pop(self, code: list, page: int) -> None:
        code.append("EMC")
        self.stack.pop()
        self._open(code, page, self.stack[-1] if self.stack else None)

    def replace(self, code: list, page: int, elem: Elem) -> None:
        code.append("EMC")
        self.stack[-1] = elem
        self._open(code, page, elem)

    def inline(self, canv, kind, label: str) -> None:
        """An <onDraw name="tag"> mark inside a paragraph being drawn."""
        top = self.stack[-1] if self.stack else None
        if not isinstance(top, Elem):  # the paragraph is drawn as an artifact
            return
        code, page = canv._curr_tx_info["tx"]._code, canv._pageNumber
        if label == "end":
            if self.inline_open:  # (a run that began before a page break ends in its paragraph's element)
                self.inline_open -= 1
                self.pop(code, page)
        elif label == "LBody":  # the number before it was the Lbl
            self.replace(code, page, Elem("LBody", top.parent))
        else:
            elem = Elem(label, top)
            if label == "Link":
                self.link = elem
            self.inline_open += 1
            self.push(code, page, elem)

    def finish(self, canv) -> None:
        """Write the structure tree, its parent tree and the document-level entries PDF/UA asks for.
        The tree's objects are written straight to bytes (_Raw): ReportLab's generic dictionaries
        would make tagging cost as much as typesetting."""
        doc = canv._doc
        elems = []
        _walk(self.root, elems)
        raws = {id(e): _Raw([]) for e in elems}
        refs = {i: doc.Reference(r).name for i, r in raws.items()}  # names: _Raw writes "n 0 R"
        page_refs = {n: doc.Reference(p).name for n, p in self.pages.items()}
        nums, key = [b"<< /Nums ["], 0
        for n in sorted(self.pages):
            self.pages[n].StructParents = key
            nums.append(b" %d [" % key)
            for e in self.parents.get(n, []):
                nums += [b" ", refs[id(e)]]
            nums.append(b" ]")
            key += 1
        for ann, ann_ref, page, link in self.annots:
            ann["StructParent"] = key
            nums += [b" %d " % key, refs[id(link)]]
            key += 1
            link.kids.append(("objr", ann_ref.name, page))
        nums.append(b" ] >>")
        # Strong and Em (emphasis()) are PDF 2.0 types: mapped to Span for PDF 1.7 readers
        tree_ref = doc.Reference(_Raw([b"<< /Type /StructTreeRoot /RoleMap << /Strong /Span /Em /Span >> /K ",
                                       refs[id(self.root)], b" /ParentTree ",
                                       doc.Reference(_Raw(nums)).name, b" /ParentTreeNextKey %d >>" % key]))
        for e in elems:
            parts = raws[id(e)].parts
            parts += [b"<< /Type /StructElem /S /", e.role.encode("ascii"), b" /P ",
                      refs[id(e.parent)] if e.parent is not None else tree_ref.name]
            first = next((k[0] for k in e.kids if type(k) is tuple and k[0] != "objr"), None)
            if first is not None:
                parts += [b" /Pg ", page_refs[first]]
            parts.append(b" /K [")
            for k in e.kids:
                if type(k) is not tuple:
                    parts += [b" ", refs[id(k)]]
                elif k[0] == "objr":
                    parts += [b" << /Type /OBJR /Obj ", k[1], b" /Pg ", page_refs[k[2]], b" >>"]
                elif k[0] == first:
                    parts.append(b" %d" % k[1])
                else:
                    parts += [b" << /Type /MCR /Pg ", page_refs[k[0]], b" /MCID %d >>" % k[1]]
            parts.append(b" ]")
            if e.alt is not None:
                parts += [b" /Alt ", PDFString(e.alt)]
            if e.lang:
                parts += [b" /Lang ", PDFString(e.lang)]
            if e.attrs:
                parts.append(b" /A <<" + b"".join(b" /%s %s" % (k.encode("ascii"), _value(v))
                                                  for k, v in e.attrs.items()) + b" >>")
            parts.append(b" >>")
        cat = doc.Catalog
        cat.StructTreeRoot = tree_ref
        cat.MarkInfo = PDFDictionary({"Marked": "true"})
        canv.setViewerPreference("DisplayDocTitle", "true")
        title = doc.info.title or ""
        lang = getattr(cat, "Lang", None) or "x-default"
        cat.Metadata = doc.Reference(PDFStream(PDFDictionary({"Type": PDFName("Metadata"),
                                                              "Subtype": PDFName("XML")}),
                                               content=_xmp(title, str(lang)), filters=[]))


def _value(v) -> bytes:
    if isinstance(v, str):
        return b"/" + v.encode("ascii")
    if isinstance(v, (list, tuple)):
        return b"[" + b" ".join(fp_str(x).encode("ascii") for x in v) + b"]"
    return b"%d" % v


class _Raw(PDFObject):
    """A PDF object given as parts: bytes, the names of registered objects (written "n 0 R"),
    and objects that format themselves (strings)."""

    def __init__(self, parts: list):
        self.parts = parts

    def format(self, document) -> bytes:
        ids = document.idToObjectNumberAndVersion
        return b"".join(p if type(p) is bytes else b"%d %d R" % ids[p] if type(p) is str else p.format(document)
                        for p in self.parts)


_CELLS = frozenset(("TD", "TH", "TR"))  # kept when empty: a table stays regular


def _walk(e: Elem, out: list) -> bool:
    """Put e and its descendants in out in document order, leaving out elements with nothing in
    them (nothing was drawn for them). Whether e holds any content."""
    out.append(e)
    kept, has = [], False
    for k in e.kids:
        if type(k) is tuple:
            kept.append(k)
            has = True
            continue
        mark = len(out)
        if _walk(k, out):
            has = True
        elif k.role not in _CELLS:
            del out[mark:]
            continue
        kept.append(k)
    e.kids[:] = kept
    return has


def _xmp(title: str, lang: str) -> bytes:
    t, lang = xml_escape(title), xml_escape(lang)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        '   <pdfuaid:part>1</pdfuaid:part>\n'
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{t}</rdf:li></rdf:Alt></dc:title>\n'
        f'   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n'
        '  </rdf:Description>\n'
        ' </rdf:RDF>\n'
        '</x:xmpmeta>\n'
        '<?xpacket end="w"?>'
    ).encode("utf-8")


_enabled = True


def set_enabled(on: bool) -> None:
    """Off, a TaggedCanvas draws the same pages with no tags at all: for measuring what tagging
    costs (benchmarks/bench.py), never for output."""
    global _enabled
    _enabled = on


class TaggedCanvas(Canvas):
    """A canvas that writes a tagged PDF: give it a Tagger (tagger=...)."""

    def __init__(self, *args, tagger: Tagger | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._tagger = (tagger or Tagger()) if _enabled else None
        self._namedCB["tag"] = self._tagger.inline if _enabled else _ignore

    def showPage(self):
        if self._tagger is not None:
            self._code.insert(0, "/Artifact BMC")
            self._code.append("EMC")
        super().showPage()

    def _setAnnotations(self, page):
        super()._setAnnotations(page)
        if self._tagger is None or not isinstance(page, PDFPage):  # untagged, or a form
            return
        page.__NoDefault__ = _PAGE_KEYS
        page.Tabs = PDFName("S")
        self._tagger.pages[self._pageNumber] = page

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        super()._addAnnotation(annotation, name, addtopage)
        if self._tagger is None:
            return
        link = self._tagger.link
        if link is not None and addtopage:
            uri = annotation["A"]["URI"]
            uri = uri.s if isinstance(uri, PDFString) else str(uri)
            annotation["Contents"] = PDFString(self._tagger.link_contents.get(uri, uri))
            self._tagger.annots.append((annotation, self._annotationrefs[-1], self._pageNumber, link))

    def save(self):
        if self._tagger is not None:
            self._tagger.finish(self)
        super().save()


def _ignore(canv, kind, label) -> None:
    pass


def canvasmaker(tagger: Tagger, base=TaggedCanvas):
    """For SimpleDocTemplate.build(canvasmaker=...)."""
    def make(*args, **kwargs):
        return base(*args, tagger=tagger, **kwargs)
    return make


@contextmanager
def tagged(canv, elem):
    """Draw on canv directly as elem (None: an artifact; PAGINATION: a running header or footer)."""
    tagger = getattr(canv, "_tagger", None)
    if tagger is None:
        yield
        return
    tagger.push(canv._code, canv._pageNumber, elem)
    try:
        yield
    finally:
        tagger.pop(canv._code, canv._pageNumber)


def _wrap_draw_on(original):
    def drawOn(self, canvas, x, y, *args, **kwargs):
        tagger = getattr(canvas, "_tagger", None)
        if tagger is None:
            return original(self, canvas, x, y, *args, **kwargs)
        d = self.__dict__
        elem = d.get("_struct")
        if elem is None:
            prev = d.get("_tag_prev")  # the second part of a split paragraph
            elem = prev.__dict__.get("_tag_end") if prev is not None else None
            if elem is None:
                return original(self, canvas, x, y, *args, **kwargs)
        page, code = canvas._pageNumber, canvas._code
        depth, inline_open = len(tagger.stack), tagger.inline_open
        tagger.inline_open = 0
        if d.get("_tag_drawn") is tagger:  # drawn before: a repeated table header
            tagger.push(code, page, None)
        else:
            d["_tag_drawn"] = tagger
            if elem.role == "Figure" and elem.attrs is None:  # where it is on the page
                x0 = self._hAlignAdjust(x, args[0] if args else 0)
                elem.attrs = {"O": "Layout", "BBox": (x0, y, x0 + self.width, y + self.height)}
            lbl = d.get("_tag_lbl")
            if lbl is not None and self.__dict__.get("bulletText") is not None:
                tagger.after_bullet = elem
                elem = lbl
            tagger.push(code, page, elem)
        try:
            return original(self, canvas, x, y, *args, **kwargs)
        finally:
            tagger.after_bullet = None
            tagger.inline_open = inline_open
            d["_tag_end"] = tagger.stack[depth] if len(tagger.stack) > depth else None
            while len(tagger.stack) > depth:
                tagger.pop(code, canvas._pageNumber)
    drawOn._tagging = True
    return drawOn


def _wrap_bullet(original):
    def _drawBullet(canvas, *args, **kwargs):
        out = original(canvas, *args, **kwargs)
        tagger = getattr(canvas, "_tagger", None)
        if tagger is not None and tagger.after_bullet is not None:
            tagger.replace(canvas._code, canvas._pageNumber, tagger.after_bullet)
            tagger.after_bullet = None
        return out
    return _drawBullet


def _wrap_split(original):
    def split(self, *args, **kwargs):
        parts = original(self, *args, **kwargs)
        d = self.__dict__
        if len(parts) == 2 and ("_struct" in d or "_tag_prev" in d):
            first, second = parts
            if first is not self:
                first.__dict__.update({k: d[k] for k in ("_struct", "_tag_lbl", "_tag_prev") if k in d})
            second._tag_prev = first
        return parts
    return split


def install() -> None:
    if getattr(rl_flowables.Flowable.drawOn, "_tagging", False):
        return
    rl_flowables.Flowable.drawOn = _wrap_draw_on(rl_flowables.Flowable.drawOn)
    if "drawOn" in Drawing.__dict__:
        Drawing.drawOn = _wrap_draw_on(Drawing.drawOn)
    rl_paragraph._drawBullet = _wrap_bullet(rl_paragraph._drawBullet)
    rl_paragraph.Paragraph.split = _wrap_split(rl_paragraph.Paragraph.split)
