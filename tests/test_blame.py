"""Text too long for its page is blamed where it was written: a translated block or layout word at
its PO entry (issue 15 item 8), read from the real command's message."""
from __future__ import annotations

from conftest import run_handout


def _set(project, rel: str, context: str, text: str) -> int:
    """Replace one PO entry's translation; the line of its msgid."""
    path = project / rel
    po = path.read_text(encoding="utf-8")
    start = po.index(f'msgctxt "{context}"')
    end = po.index("\n\n", start)
    entry = po[start:end]
    path.write_text(po[:start] + entry[:entry.index("msgstr")] + f'msgstr "{text}"' + po[end:], encoding="utf-8")
    return po[:start].count("\n") + 2


def _build(project, tmp_path):
    return run_handout("build", "--locale", "es", "--audience", "adult", "--format", "handout",
                       "--allow-hard-reading", "--out", tmp_path / "out", cwd=project)


def test_a_translated_call_box_item_too_long_names_its_po_line(project, tmp_path):
    rel = "locales/es/blinatumomab.po"
    line = _set(project, rel, "call-fever|adult|item1", "Tiene **fiebre de 100.4 °F (38 °C) o más**. Puede ser una "
                "infección o una reacción al medicamento. " + "Llame ya. " * 600)
    result = _build(project, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{rel}:{line}: block 'call-fever' (adult, es, letter): the text is too long for the call box" \
        in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_translated_heading_too_long_names_its_po_line(project, tmp_path):
    rel = "locales/es/layout.po"
    line = _set(project, rel, "handout|callbox_title|adult", "Llame ya " + "a su equipo médico " * 900)
    result = _build(project, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{rel}:{line}: layout word 'callbox_title' (adult, es): it is too long for the call box" in result.stderr
