"""Tagged PDF (PDF/UA-1), read back without Java: every text-showing operator is tagged content or
an artifact, artifacts hold only page furniture, the structure tree has the handout's shape and
order, figures have Alt text, links and references are where they belong.

veraPDF (../shared/tools/verapdf) checks the rules a tree can show; these tests check that the
tags are true, which a validator cannot judge.
"""
from __future__ import annotations

import io
import re
from collections import defaultdict

import pdfplumber
import pikepdf
import pytest
from conftest import ROOT, run_handout
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from handout.rlext import Paragraph, install, tagging

install()

TEXT_OPS = {"Tj", "TJ", "'", '"'}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Every ready locale with a calendar page and a clinic, both papers; the report; the Spanish proof."""
    out = tmp_path_factory.mktemp("tagged")
    result = run_handout("build", "--paper", "all", "--start-date", "2026-12-28", "--out", out)
    assert result.returncode == 0, result.stderr
    clinic = run_handout("build", "--clinic", ROOT / "clinics" / "example.yaml", "--audience", "adult",
                         "--locale", "en", "--out", out / "clinic")
    assert clinic.returncode == 0, clinic.stderr
    assert run_handout("report", "--out", out / "report.pdf").returncode == 0
    assert run_handout("proof", "--locale", "es", "--out", out / "proof-es.pdf").returncode == 0
    return out


def all_pdfs(out) -> list:
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 14
    return pdfs


# ---- reading the tags back --------------------------------------------------------------------

def marked_content(path) -> list:
    """(page number, operator, what encloses it) for every text-showing and XObject operator:
    ('mcid', n) for tagged content, ('artifact',) for an artifact, None for neither."""
    found = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            stack = []
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op == "BMC":
                    stack.append(("artifact",) if str(operands[0]) == "/Artifact" else ("other",))
                elif op == "BDC":
                    props = operands[1]
                    if str(operands[0]) == "/Artifact":
                        stack.append(("artifact",))
                    elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                        stack.append(("mcid", int(props.MCID)))
                    else:
                        stack.append(("other",))
                elif op == "EMC":
                    stack.pop()
                elif op in TEXT_OPS or op == "Do":
                    found.append((number, op, stack[-1] if stack else None, len(stack)))
            assert not stack, f"{path.name} page {number}: marked content left open"
    return found


class Node:
    def __init__(self, role, alt=None, lang=None, attrs=None):
        self.role, self.alt, self.lang, self.attrs = role, alt, lang, attrs or {}
        self.kids = []  # Node, ("mcid", page, n) or ("objr", annotation)

    def walk(self):
        yield self
        for k in self.kids:
            if isinstance(k, Node):
                yield from k.walk()

    def text(self, texts) -> str:
        parts = []
        for k in self.kids:
            if isinstance(k, Node):
                parts.append(k.text(texts))
            elif k[0] == "mcid":
                parts.append(texts.get((k[1], k[2]), ""))
        return "".join(parts)


def structure(path, text=True):
    """The structure tree as Nodes, the text of each marked-content sequence by (page, MCID), and
    the parent tree (page number -> struct element roles by MCID)."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(root.Lang)
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "<dc:title>" in xmp
        pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages, start=1)}
        for p in pdf.pages:
            assert p.obj.Tabs == pikepdf.Name.S
        tree = root.StructTreeRoot

        def node(d, page=None):
            attrs = {}
            if "/A" in d:
                attrs = {str(k)[1:]: (str(v)[1:] if isinstance(v, pikepdf.Name) else v) for k, v in d.A.items()}
            n = Node(str(d.S)[1:], str(d.Alt) if "/Alt" in d else None, str(d.Lang) if "/Lang" in d else None,
                     attrs)
            page = pages[d.Pg.objgen] if "/Pg" in d else page
            kids = d.K if isinstance(d.K, pikepdf.Array) else [d.K]
            for k in kids:
                if isinstance(k, int):
                    n.kids.append(("mcid", page, k))
                elif k.get("/Type") == pikepdf.Name.MCR:
                    n.kids.append(("mcid", pages[k.Pg.objgen], int(k.MCID)))
                elif k.get("/Type") == pikepdf.Name.OBJR:
                    a = k.Obj
                    n.kids.append(("objr", {"Contents": str(a.get("/Contents", "")), "URI": str(a.A.URI),
                                            "StructParent": "/StructParent" in a}))
                else:
                    assert k.P.objgen == d.objgen, "a kid's /P is its parent"
                    n.kids.append(node(k, page))
            return n

        top = node(tree.K)
        nums = tree.ParentTree.Nums
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        page_keys = {pages[p.obj.objgen]: int(p.obj.StructParents) for p in pdf.pages}
        parents = {n: [str(e.S)[1:] for e in parent_tree[k]] for n, k in page_keys.items()}
    texts = defaultdict(str)
    artifacts = defaultdict(list)
    if not text:
        return top, texts, parents, artifacts
    with pdfplumber.open(path) as plumb:
        for page in plumb.pages:
            for c in page.chars:
                if c.get("mcid") is not None:
                    texts[(page.page_number, c["mcid"])] += c["text"]
                elif c.get("tag") == "Artifact":
                    artifacts[page.page_number].append(c)
    return top, texts, parents, artifacts


def order(top, texts) -> str:
    """The document's text as a screen reader follows the structure tree, Alt text in place of a figure."""
    def walk(n):
        if n.alt is not None:
            return f" [{n.alt}] "
        return "".join(walk(k) if isinstance(k, Node) else (texts.get((k[1], k[2]), "") if k[0] == "mcid" else "")
                       for k in n.kids) + (" " if n.role in ("P", "H1", "H2", "H3", "LI", "TD", "TH") else "")
    return re.sub(r"\s+", " ", walk(top))


# ---- every PDF --------------------------------------------------------------------------------

def test_every_text_operator_is_tagged_content_or_an_artifact(out):
    for path in all_pdfs(out):
        _, _, parents, _ = structure(path, text=False)
        for page, op, where, depth in marked_content(path):
            assert where is not None and where[0] in ("mcid", "artifact"), f"{path.name} p{page}: {op} outside tags"
            assert depth == 1, f"{path.name} p{page}: {op} in nested marked content"
            if where[0] == "mcid":
                assert where[1] < len(parents[page]), f"{path.name} p{page}: MCID {where[1]} not in the parent tree"


def test_structure_rules_for_every_pdf(out):
    """Headings do not skip levels, lists and tables are well formed, figures have Alt text."""
    for path in all_pdfs(out):
        top, texts, _, _ = structure(path, text=False)
        assert top.role == "Document"
        levels = [int(n.role[1]) for n in top.walk() if re.fullmatch(r"H[1-6]", n.role)]
        assert levels[0] == 1, path.name
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{path.name}: skipped heading level"
        for n in top.walk():
            kids = [k.role for k in n.kids if isinstance(k, Node)]
            if n.role == "L":
                assert kids and set(kids) == {"LI"}, path.name
            if n.role == "LI":
                assert kids in (["Lbl", "LBody"], ["LBody"]), (path.name, kids)
            if n.role == "Table":
                assert kids and set(kids) == {"TR"}, path.name
            if n.role == "TR":
                assert kids and set(kids) <= {"TH", "TD"}, path.name
            if n.role == "TH":
                assert n.attrs.get("Scope") in ("Row", "Column"), path.name
            if n.role == "Figure":
                assert n.alt and len(n.alt) > 20, f"{path.name}: a Figure without Alt text"
                assert len(n.attrs.get("BBox", ())) == 4, f"{path.name}: a Figure without its place"
            if n.role == "Link":
                assert any(k[0] == "objr" for k in n.kids if not isinstance(k, Node)), path.name


# ---- the handout ------------------------------------------------------------------------------

def _handout(out, locale="en", audience="adult", paper="letter"):
    return out / "blinatumomab" / locale / f"{audience}-handout-{paper}.pdf"


def test_handout_reads_in_logical_order(out):
    top, texts, _, _ = structure(_handout(out))
    kids = [k for k in top.kids if isinstance(k, Node)]
    assert kids[0].role == "H1" and kids[0].text(texts).startswith("Blincyto")
    sects = [k for k in kids if k.role == "Sect"]
    box = sects[0]
    assert box.kids[0].role == "H2" and "right away" in box.kids[0].text(texts)
    assert any(n.role == "Table" for n in box.walk()), "the phone rows are a table"
    headings = [s.kids[0].text(texts) for s in sects]
    for earlier, later in [("What is Blincyto?", "Serious side effects to watch for"),
                           ("Serious side effects to watch for", "Sources"),
                           ("Words to know", "Sources"), ("Sources", "Your cycle 1 calendar")]:
        assert headings.index(earlier) < headings.index(later)
    text = order(top, texts)
    assert text.index("right away") < text.index("What is Blincyto?") < text.index("Timeline of one cycle")
    assert text.index("Timeline of one cycle") < text.index("Sources")
    # the footer's notice is content, read once, at the end
    assert kids[-1].role == "P" and "does not replace advice" in kids[-1].text(texts)
    assert text.count("does not replace advice") == 1


def test_handout_artifacts_are_only_page_furniture(out):
    for path in [_handout(out), _handout(out, audience="pediatric", paper="a4"),
                 out / "clinic" / "blinatumomab" / "en" / "adult-handout-letter.pdf"]:
        _, _, _, artifacts = structure(path)
        with pdfplumber.open(path) as pdf:
            height = pdf.pages[0].height
        for page, chars in artifacts.items():
            for c in chars:  # the header band above the text frame, the footer band below it
                assert c["bottom"] < 58 or c["top"] > height - 66, (path.name, page, c["text"], c["top"])
            lines = defaultdict(str)
            for c in chars:
                lines[round(c["top"])] += c["text"]
            for line in lines.values():
                assert re.search(r"Blincyto|Content version|Page \d+ of \d+|does not replace|Riverside", line), line
        with pikepdf.open(path) as pdf:  # the running header and footer say what they are
            for page in pdf.pages:
                assert any(str(op) == "BDC" and str(operands[0]) == "/Artifact"
                           and operands[1].get("/Type") == pikepdf.Name.Pagination
                           for operands, op in pikepdf.parse_content_stream(page))


def test_citations_are_references_and_sources_a_numbered_list_of_links(out):
    top, texts, _, _ = structure(_handout(out))
    refs = [n.text(texts) for n in top.walk() if n.role == "Reference"]
    assert refs and all(re.fullmatch(r"\[\d+(\u2013\d+)?(,\d+(\u2013\d+)?)*\]", r) for r in refs)
    sources = [s for s in top.kids if isinstance(s, Node) and s.role == "Sect"
               and s.kids[0].text(texts) == "Sources"][0]
    numbered = [n for n in sources.kids if isinstance(n, Node) and n.role == "L"][0]
    assert numbered.attrs.get("ListNumbering") == "Decimal"
    items = [li for li in numbered.kids if isinstance(li, Node)]
    assert [li.kids[0].text(texts) for li in items] == [f"{i}." for i in range(1, len(items) + 1)]
    links = [n for li in items for n in li.walk() if n.role == "Link"]
    assert links
    for link in links:
        annots = [k[1] for k in link.kids if not isinstance(k, Node) and k[0] == "objr"]
        assert annots and all(a["StructParent"] for a in annots)
        assert all(a["Contents"] and not a["Contents"].startswith("http") for a in annots)  # says where it leads
        assert annots[0]["URI"] == link.text(texts).replace(" ", "")


def test_bullets_are_lists_with_labels(out):
    top, texts, _, _ = structure(_handout(out))
    items = [n for n in top.walk() if n.role == "LI"]
    assert len(items) > 10
    bullets = [li for li in items if li.kids[0].role == "Lbl" and li.kids[0].text(texts) == "•"]
    assert len(bullets) > 10 and all(li.kids[1].text(texts) for li in bullets)


def test_timeline_figure_and_calendar_table(out):
    top, texts, _, _ = structure(_handout(out))
    figures = [n for n in top.walk() if n.role == "Figure"]
    assert len(figures) == 3 and "42 days" not in figures[0].alt and "Timeline of one cycle" in figures[0].alt
    calendar = [s for s in top.kids if isinstance(s, Node) and s.role == "Sect"][-1]
    assert calendar.kids[0].text(texts) == "Your cycle 1 calendar"
    weeks = [n for n in calendar.walk() if n.role == "Table"][0]
    header, first = weeks.kids[0], weeks.kids[1]
    assert [c.role for c in header.kids] == ["TH"] * 7 and header.kids[0].attrs["Scope"] == "Column"
    assert len(first.kids) == 7 and "Day 1" in "".join(c.text(texts) for c in first.kids)


def test_translated_handout_has_its_language_and_alt_text(out):
    for locale, word in (("es", "Línea de tiempo"), ("zh-Hans", "时间线")):
        path = _handout(out, locale)
        if not path.exists():  # a locale that is not ready is left out of a plain build
            continue
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == locale
        top, texts, _, _ = structure(path)
        assert word in [n for n in top.walk() if n.role == "Figure"][0].alt
        text = order(top, texts)
        if locale == "es":
            assert "no ha sido revisada" in text or "traductor" in text


# ---- cards ------------------------------------------------------------------------------------

def test_card_is_fully_tagged_and_the_sheet_tags_one_card(out):
    card = out / "blinatumomab" / "en" / "adult-card.pdf"
    sheet = out / "blinatumomab" / "en" / "adult-card-sheet-letter.pdf"
    top, texts, _, artifacts = structure(card)
    assert not any(c["text"].strip() for chars in artifacts.values() for c in chars)
    front, back = [k for k in top.kids if isinstance(k, Node)]
    assert front.kids[0].role == "H1" and back.kids[0].role == "H2"
    card_text = order(top, texts)
    sheet_top, sheet_texts, _, sheet_artifacts = structure(sheet)
    assert order(sheet_top, sheet_texts) == card_text  # one front and one back, not ten
    copies = "".join(c["text"] for c in sheet_artifacts[1])
    assert copies.count("My name:") >= 7
    for page, op, where, _ in marked_content(sheet):
        if op == "Do":  # the copies are placed forms: artifacts
            assert where == ("artifact",)


# ---- the tagging code itself ------------------------------------------------------------------

def test_a_paragraph_split_across_pages_stays_one_element():
    tagger = tagging.Tagger()
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=12, leading=14)
    elem = tagger.root.add("P")
    story = [tagging.tag(Paragraph(" ".join(["word"] * 1500), style), elem)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, invariant=1, title="t", lang="en").build(story, canvasmaker=tagging.canvasmaker(tagger))
    pages = {k[0] for k in elem.kids}
    assert len(pages) >= 2 and all(type(k) is tuple for k in elem.kids)
    assert [e.role for e in tagger.root.kids] == ["P"]


def test_fallback_text_carries_english_lang():
    from handout.assemble import Item
    from handout.typeset import _item_flowables
    style = ParagraphStyle("b", fontName="Helvetica", fontSize=12, leading=14)
    styles = {"body": style, "bullet": style}
    root = tagging.Elem("Document")
    item = Item("x", "f", 1, "Call now.", ("one", "two"), (1,), fallback=True)
    _item_flowables(item, styles, root, note="Sin traducir:", locale="es")
    roles = [(e.role, e.lang) for e in root.kids]
    assert roles == [("P", None), ("P", "en"), ("L", "en")]


def test_bold_runs_are_strong_mapped_to_span(out):
    path = _handout(out)
    top, texts, _, _ = structure(path)
    strong = [n.text(texts) for n in top.walk() if n.role == "Strong"]
    assert strong and all(strong)
    with pikepdf.open(path) as pdf:
        assert pdf.Root.StructTreeRoot.RoleMap.Strong == pikepdf.Name.Span


def test_report_and_proof_have_no_text_outside_the_tree(out):
    """They have no running header or footer: every word is content, except a table's header row
    repeated on the next page (read once, where the table starts)."""
    for path in (out / "report.pdf", out / "proof-es.pdf"):
        top, texts, _, artifacts = structure(path)
        header_rows = {re.sub(r"\s", "", tr.text(texts)) for tr in top.walk()
                       if tr.role == "TR" and {k.role for k in tr.kids} == {"TH"}}
        for page, chars in artifacts.items():
            text = re.sub(r"\s", "", "".join(c["text"] for c in chars))
            assert not text or text in header_rows, (path.name, page, text)
        assert [k.role for k in top.kids if isinstance(k, Node)][0] == "H1"
        assert any(n.role == "Table" for n in top.walk())
