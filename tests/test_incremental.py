"""Incremental and parallel builds: nothing unchanged is rebuilt, and N processes give the same files."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_handout
from handout.cli import _progress_bar, main
from handout.contexts import printed_in
from handout.catalog_digest import catalog_digests
from handout.catalog_digest import chunks as po_chunks
from handout.incremental import environment, Hasher, plan


def build(capsys, project: Path, *args) -> tuple[list, str]:
    assert main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "en", *args]) == 0
    out = capsys.readouterr()
    return out.out.split(), out.err


def mtimes(folder: Path) -> dict:
    return {p.name: p.stat().st_mtime_ns for p in folder.rglob("*.pdf")}


def test_unchanged_rebuild_does_nothing_and_force_rebuilds(project, capsys):
    first, _ = build(capsys, project)
    assert len(first) == 6
    before = mtimes(project / "out")
    again, err = build(capsys, project)
    assert again == [] and "all 6 files are up to date" in err
    assert mtimes(project / "out") == before
    forced, _ = build(capsys, project, "--force")
    assert forced == first


def test_a_change_rebuilds_only_what_uses_it(project, capsys):
    build(capsys, project, "--paper", "all")
    card = project / "layouts" / "card.yaml"
    card.write_text(card.read_text().replace("bar: \"#A4161A\"", "bar: \"#8B0000\""))
    rebuilt, _ = build(capsys, project, "--paper", "all")
    assert sorted(Path(p).name for p in rebuilt) == sorted(
        f"{a}-{k}.pdf" for a in ("adult", "pediatric") for k in ("card", "card-sheet-letter", "card-sheet-a4"))
    pump = project / "content" / "blinatumomab" / "blocks" / "40-pump.yaml"
    pump.write_text(pump.read_text().replace("day and\n      night.", "day and night."))
    assert len(build(capsys, project, "--paper", "all")[0]) == 10  # the drug's content feeds everything
    (project / "out" / "blinatumomab" / "en" / "adult-handout-a4.pdf").unlink()
    assert [Path(p).name for p in build(capsys, project, "--paper", "all")[0]] == ["adult-handout-a4.pdf"]


def test_options_are_inputs_too(project, capsys):
    build(capsys, project, "--format", "handout")
    assert len(build(capsys, project, "--format", "handout", "--clinic",
                     str(project / "clinics" / "example.yaml"))[0]) == 2
    assert len(build(capsys, project, "--format", "handout", "--start-date", "2026-12-07")[0]) == 2


def test_a_new_release_of_a_library_rebuilds(project, monkeypatch, tmp_path):
    """Babel's date formats or ReportLab's drawing may change with a release: the PDFs follow."""
    site = tmp_path / "site"
    (site / "Babel-2.18.0.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    before = fingerprint(project, "es", "adult", "handout")
    assert ("babel", "2.18.0") in environment(Hasher())
    (site / "Babel-2.18.0.dist-info").rename(site / "Babel-2.19.0.dist-info")
    assert fingerprint(project, "es", "adult", "handout") != before


def test_each_locale_has_its_own_fingerprint(project):
    (project / "locales" / "fr").mkdir()
    po = project / "locales" / "fr" / "blinatumomab.po"
    po.write_text('msgid "a"\nmsgstr "b"\n')
    targets = [("blinatumomab", lo, "adult", "handout") for lo in ("en", "fr")]
    before = plan(project, project / "out", targets, ["letter"], {})
    po.write_text('msgid "a"\nmsgstr "c"\n')
    after = plan(project, project / "out", targets, ["letter"], {})
    assert before[0].fingerprint == after[0].fingerprint      # English untouched
    assert before[1].fingerprint != after[1].fingerprint      # only French changes


def test_any_number_of_jobs_gives_the_same_files_in_the_same_order(project, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = run_handout("build", "--project", project, "--paper", "all", "--jobs", "1", "--out", one)
    r2 = run_handout("build", "--project", project, "--paper", "all", "--jobs", "2", "--out", two)
    assert r1.returncode == r2.returncode == 0
    assert [Path(p).relative_to(one) for p in r1.stdout.split()] == [Path(p).relative_to(two) for p in r2.stdout.split()]
    for path in one.rglob("*.pdf"):
        assert path.read_bytes() == (two / path.relative_to(one)).read_bytes()
    assert r1.stderr == r2.stderr == "", "quiet when not on a terminal"


def test_progress_bar_draws_on_one_line(capsys):
    show = _progress_bar()
    for done in (1, 2, 3, 4):
        show(done, 4)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.endswith("] 4/4\n") and "\rbuilding [" in err


def test_manifest_lives_in_the_output_folder(project, capsys):
    build(capsys, project, "--format", "card")
    assert (project / "out" / ".handout-manifest.json").is_file()
    shutil.rmtree(project / "out" / "blinatumomab")
    assert len(build(capsys, project, "--format", "card")[0]) == 4, "deleted files come back"


# Translations: each document takes only the catalog entries it can print.

DOCS = [(a, f) for a in ("adult", "pediatric") for f in ("handout", "card")]


def edit_entries(project: Path, locale: str, keep) -> list:
    """Append a word to the translation of every entry (catalog, context) for which keep() is
    false, as a translator would: numbers, marks and placeholders stay valid. Returns them."""
    changed = []
    for po in sorted((project / "locales" / locale).glob("*.po")):
        chunks = []
        for context, chunk in po_chunks(po.read_text(encoding="utf-8")):
            body = chunk.rstrip("\n")
            if context is not None and not keep(po.stem, context) and not body.endswith('msgstr ""'):
                chunk = body[:-1] + ' Zq"' + chunk[len(body):]
                changed.append((po.stem, context))
            chunks.append(chunk)
        po.write_text("\n\n".join(chunks), encoding="utf-8")
    return changed


def fingerprint(project: Path, locale: str, audience: str, fmt: str) -> str:
    return plan(project, project / "out", [("blinatumomab", locale, audience, fmt)], ["letter"], {})[0].fingerprint


def pdf_bytes(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def test_an_edited_translation_rebuilds_only_the_documents_that_print_it(project, capsys):
    everything = ["--locale", "all", "--paper", "all"]
    assert len(build(capsys, project, *everything)[0]) == 30
    entry = 'msgctxt "call-fever|pediatric|card"\nmsgid "**Fever of 100.4 °F (38 °C)** or higher"\nmsgstr "'
    po = project / "locales" / "es" / "blinatumomab.po"
    po.write_text(po.read_text().replace(entry + "**Fiebre", entry + "**Una fiebre"))
    assert sorted(build(capsys, project, *everything)[0]) == sorted(
        str(project / "out" / "blinatumomab" / "es" / f"pediatric-{n}.pdf")
        for n in ("card", "card-sheet-a4", "card-sheet-letter"))
    definition = 'msgctxt "glossary|crs|definition"\nmsgid "'
    text = po.read_text()
    end = text.index('"\n\n', text.index(definition))
    po.write_text(text[:end] + " (CRS)" + text[end:])  # "Words to know" is printed in handouts only
    assert sorted(Path(p).name for p in build(capsys, project, *everything)[0]) == [
        f"{a}-handout-{p}.pdf" for a in ("adult", "pediatric") for p in ("a4", "letter")]
    po.write_text(po.read_text().replace("# Medical-Review:", "# Medical-Review: A. Reviewer, 2026-11-20"))
    assert len(build(capsys, project, *everything)[0]) == 10  # the header: every Spanish document
    layout = project / "locales" / "zh-Hans" / "layout.po"
    text = layout.read_text()
    heading = text.index('msgctxt "handout|heading:giving|adult"')
    end = text.index('"\n\n', heading)
    layout.write_text(text[:end] + '。' + text[end:])
    assert [Path(p).name for p in build(capsys, project, *everything)[0]] == [
        "adult-handout-letter.pdf", "adult-handout-a4.pdf"]


def test_another_drugs_catalog_is_not_an_input(project):
    before = fingerprint(project, "es", "adult", "handout")
    (project / "locales" / "es" / "otherdrug.po").write_text('msgctxt "a|adult|text"\nmsgid "a"\nmsgstr "b"\n')
    assert fingerprint(project, "es", "adult", "handout") == before


def test_entries_a_document_does_not_print_cannot_change_it(project, capsys, tmp_path):
    """The guarantee behind skipping: change every translation outside a document's entries and
    the document comes out byte for byte the same; change one of its own and it does not."""
    base = tmp_path / "base"
    assert main(["build", "--project", str(project), "--out", str(base), "--locale", "all", "--jobs", "1",
                 "--force"]) == 0
    pristine = tmp_path / "pristine-locales"
    shutil.copytree(project / "locales", pristine)
    for locale in ("es", "zh-Hans"):
        for audience, fmt in DOCS:
            shutil.rmtree(project / "locales")
            shutil.copytree(pristine, project / "locales")
            before = fingerprint(project, locale, audience, fmt)
            changed = edit_entries(project, locale, lambda cat, ctx: printed_in(cat, ctx, audience, fmt))
            assert len(changed) > 50
            assert fingerprint(project, locale, audience, fmt) == before
            out = tmp_path / f"{locale}-{audience}-{fmt}"
            args = ["build", "--project", str(project), "--out", str(out), "--locale", locale, "--audience", audience,
                    "--format", fmt, "--jobs", "1"]
            assert main(args) == 0, capsys.readouterr().err
            files = pdf_bytes(out)
            assert files and all(data == (base / path).read_bytes() for path, data in files.items())
            # one entry the document prints: a new fingerprint and a new PDF
            catalog = project / "locales" / locale / "blinatumomab.po"
            mine = next(ctx for ctx, _ in po_chunks(catalog.read_text(encoding="utf-8"))
                        if ctx and printed_in("blinatumomab", ctx, audience, fmt)
                        and not ctx.startswith("key-points|"))  # a word more would overfill the 5-line box
            own = edit_entries(project, locale, lambda cat, ctx: (cat, ctx) != ("blinatumomab", mine))
            assert len(own) == 1 and fingerprint(project, locale, audience, fmt) != before
            assert main(args) == 0, capsys.readouterr().err
            assert all(data != (base / path).read_bytes() for path, data in pdf_bytes(out).items())
    capsys.readouterr()


COUNTING = """
import collections, json, sys
from handout import build, fonts
from handout.cli import main
calls = collections.Counter()

def counted(module, name, key):
    real = getattr(module, name)
    def spy(*args, **kwargs):
        calls[key(*args, **kwargs)] += 1
        return real(*args, **kwargs)
    setattr(module, name, spy)

counted(build, "load_library", lambda folder, drugs=None: "load " + (
    "every drug" if drugs is None else ",".join(drugs) or "no drug"))
counted(build, "load_translation", lambda root, locale, names: f"translation {locale} {','.join(names)}")
counted(build, "localize_drug", lambda drug, tr, allow: f"localize {drug.id} {tr.locale}")
counted(build, "localize_layout", lambda layout, kind, tr, allow: f"localize {kind} layout {tr.locale}")
counted(fonts, "TTFont", lambda name, path: f"font {name}")
code = main(sys.argv[1:])
print(json.dumps({"code": code, "calls": calls}))
"""


def test_shared_work_is_done_once_per_process_not_once_per_document(project, tmp_path):
    """The whole matrix in one process: 30 PDFs from 12 documents, yet the drug is loaded and
    checked once, each translation read and applied once, each font file parsed once."""
    result = subprocess.run([sys.executable, "-c", COUNTING, "build", "--project", str(project), "--locale", "all",
                             "--paper", "all", "--jobs", "1", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    found = json.loads(result.stdout.splitlines()[-1])
    assert found["code"] == 0, result.stderr
    assert len(list((tmp_path / "out").rglob("*.pdf"))) == 30
    calls = found["calls"]
    assert calls.pop("load blinatumomab") == 1
    assert calls.pop("load no drug") == 1  # the project itself: layouts, config, rules
    for locale in ("es", "zh-Hans"):
        for what in (f"translation {locale} blinatumomab", f"translation {locale} layout",
                     f"localize blinatumomab {locale}", f"localize handout layout {locale}",
                     f"localize card layout {locale}"):
            assert calls.pop(what) == 1, what
    fonts = {k: n for k, n in calls.items() if k.startswith("font ")}
    assert len(fonts) == 6 and set(fonts.values()) == {1}, fonts  # four Latin faces, two Chinese
    assert not {k: n for k, n in calls.items() if not k.startswith("font ")}


# Hand-edited catalogs: Babel ignores blank lines and leading whitespace, so a chunk between blank
# lines is one entry's only in the shape Babel writes; any other shape makes the file count whole.

ENTRY = ('#. note\n#: content/x.yaml:4\n#, fuzzy\nmsgctxt "b|adult|card"\nmsgid ""\n"Fever"\n"100.4"\n'
         'msgstr "Fiebre"\n')
HEADER = '# Medical-Review:\nmsgid ""\nmsgstr ""\n"Language: es\\n"\n'
OBSOLETE = '#~ msgctxt "old|adult|card"\n#~ msgid "Old"\n#~ msgstr "Viejo"\n'


def test_catalog_entries_in_the_shape_babel_writes_are_told_apart():
    text = "\n\n".join([HEADER, ENTRY, OBSOLETE, ENTRY.replace("b|adult|card", "b|pediatric|card")])
    assert [ctx for ctx, _ in po_chunks(text)] == [None, "b|adult|card", None, "b|pediatric|card"]
    assert po_chunks(text.replace("\n", "\r\n")) is not None
    shared, entries = catalog_digests(text.encode())
    edited = catalog_digests(text.replace('msgstr "Fiebre"', 'msgstr "Una fiebre"', 1).encode())
    assert edited[0] == shared and edited[1]["b|adult|card"] != entries["b|adult|card"]
    assert edited[1]["b|pediatric|card"] == entries["b|pediatric|card"]


@pytest.mark.parametrize("irregular", [
    ENTRY + '  msgctxt "c|adult|card"\nmsgid "x"\nmsgstr "y"\n',      # indented: Babel still reads it
    ENTRY + '\f\nmsgctxt "c|adult|card"\nmsgid "x"\nmsgstr "y"\n',    # a form feed is a blank line to Babel
    ENTRY + "#, fuzzy\n",                                            # a flag for the next entry
    ENTRY + '\n\n"more text"\n',                                     # continues the entry above
    ENTRY + '\n\n#~ " No espere."\n',                                # the same, obsolete-marked
    ENTRY + '\n\n#~ msgstr ""\n',                                    # makes the entry above obsolete
    ENTRY + "\n\n# a note on its own, then\n\n" + ENTRY.replace("adult", "pediatric"),
    OBSOLETE + "#, fuzzy\n\n" + ENTRY,                               # after an obsolete entry
])
def test_any_other_shape_makes_every_entry_count_for_every_document(irregular):
    text = "\n\n".join([HEADER, irregular])
    assert po_chunks(text) is None
    shared, entries = catalog_digests(text.encode())
    assert entries == {} and shared != catalog_digests(text.replace("Fiebre", "Fiebres").encode())[0]


def test_a_catalog_in_another_charset_is_compared_byte_for_byte():
    text = "\n\n".join([HEADER.replace("es", "es\\nContent-Type: text/plain; charset=ISO-8859-1"), ENTRY])
    before = catalog_digests(text.replace("Fiebre", "más").encode("latin-1"))
    after = catalog_digests(text.replace("Fiebre", "mús").encode("latin-1"))
    assert before[1]["b|adult|card"] != after[1]["b|adult|card"]


def test_a_hand_merged_entry_still_rebuilds_the_documents_it_feeds(project, capsys, tmp_path):
    """A translator's editor joined two entries and indented the second: the edit in the second
    entry must still reach the pediatric handout, exactly as a forced build prints it."""
    everything = ["--locale", "es"]
    build(capsys, project, *everything)
    po = project / "locales" / "es" / "blinatumomab.po"
    text = po.read_text(encoding="utf-8")
    card = 'msgstr "**Fiebre de 100.4 °F (38 °C)** o más"\n\n#. Clinical meaning: A fever'
    assert text.count(card) == 1  # call-fever: the adult card text, then the pediatric handout item
    merged = text.replace(card, card.replace("\n\n", "\n"), 1)
    merged = merged.replace('msgctxt "call-fever|pediatric|item1"', '  msgctxt "call-fever|pediatric|item1"')
    po.write_text(merged, encoding="utf-8")
    build(capsys, project, *everything)
    po.write_text(merged.replace("Su hijo tiene **fiebre", "Si su hijo tiene **fiebre"), encoding="utf-8")
    rebuilt = [Path(p).name for p in build(capsys, project, *everything)[0]]
    assert "pediatric-handout-letter.pdf" in rebuilt
    assert main(["build", "--project", str(project), "--out", str(tmp_path / "fresh"), *everything, "--force",
                 "--jobs", "1"]) == 0
    assert pdf_bytes(project / "out") == pdf_bytes(tmp_path / "fresh")


def test_reportlab_settings_from_the_environment_are_inputs(project, monkeypatch):
    before = fingerprint(project, "en", "adult", "handout")
    monkeypatch.setenv("RL_pageCompression", "0")
    assert fingerprint(project, "en", "adult", "handout") != before


def test_a_build_past_the_reading_gate_is_not_current_for_a_plain_build(project, capsys):
    build(capsys, project, "--format", "card", "--allow-hard-reading")
    assert len(build(capsys, project, "--format", "card")[0]) == 4  # checked again, at the gate


def test_a_file_copied_over_an_output_is_rebuilt(project, capsys):
    build(capsys, project, "--format", "handout")
    folder = project / "out" / "blinatumomab" / "en"
    shutil.copy(folder / "pediatric-handout-letter.pdf", folder / "adult-handout-letter.pdf")
    assert [Path(p).name for p in build(capsys, project, "--format", "handout")[0]] == ["adult-handout-letter.pdf"]
    assert build(capsys, project, "--format", "handout")[0] == []


def test_catalogs_are_read_entry_by_entry_only_when_they_changed(project, capsys, monkeypatch):
    """The manifest keeps each catalog's digests by its content: an unchanged catalog is not
    parsed again, an edited one is (and its edit still counts)."""
    from handout import incremental

    build(capsys, project, "--locale", "es", "--format", "card")
    parsed = []
    real = incremental.catalog_digests
    monkeypatch.setattr(incremental, "catalog_digests", lambda data, group: parsed.append(1) or real(data, group))
    assert build(capsys, project, "--locale", "es", "--format", "card")[0] == []
    assert parsed == []
    po = project / "locales" / "es" / "blinatumomab.po"
    po.write_text(po.read_text().replace("**Fiebre de 100.4", "**Una fiebre de 100.4"))
    assert len(build(capsys, project, "--locale", "es", "--format", "card")[0]) == 4
    assert parsed == [1]
