"""Spanish is gated on reading level like English (issue 17 item 11): on Fernández-Huerta reading
ease (higher is easier) with targets in config.yaml; Chinese has no formula and no gate."""
from __future__ import annotations

import re

from handout.cli import main
from test_errors import edit, line_of

HARD = ("La administración intravenosa continua requiere monitorización hematológica, neurológica "
        "y bioquímica exhaustiva, particularmente durante las primeras administraciones terapéuticas.")


def _set_spanish(project, context: str, text: str) -> None:
    path = project / "locales/es/blinatumomab.po"
    po = path.read_text(encoding="utf-8")
    start = po.index(f'msgctxt "{context}"')
    end = po.index("\n\n", start)
    entry = po[start:end]
    path.write_text(po[:start] + entry[:entry.index("msgstr")] + f'msgstr "{text}"' + po[end:], encoding="utf-8")


def test_a_hard_spanish_block_fails_check_and_build(project, capsys):
    _set_spanish(project, "driving|adult|text", "**No maneje.** " + HARD)
    code = main(["check", "--project", str(project)])
    out = capsys.readouterr()
    assert code == 1
    assert re.search(r"locales/es/blinatumomab\.po:\d+: block 'driving' \(adult, es, handout\): "
                     r"Fernández-Huerta reading ease -?\d+\.\d is below the target 70\. Use shorter sentences", out.err)
    assert re.search(r"driving\s+n/a\s+-?\d+\.\d\s+70\s+OVER", out.out)  # the table shows the score, no English grade
    code = main(["build", "--project", str(project), "--out", str(project / "out"), "--locale", "es",
                 "--audience", "adult", "--format", "handout"])
    err = capsys.readouterr().err
    assert code == 1 and "Fernández-Huerta reading ease" in err and "--allow-hard-reading" in err
    assert not (project / "out").exists()


def test_the_shipped_spanish_handouts_meet_their_target(project, capsys):
    code = main(["check", "--project", str(project)])
    out = capsys.readouterr().out
    assert code == 0, out[-2000:]
    for audience in ("adult", "pediatric"):
        head = re.search(rf"blinatumomab · {audience} · es · handout: document grade ([\d.]+) \(target 70\)", out)
        assert head and float(head[1]) >= 70


def test_chinese_has_no_gate(project, capsys):
    main(["check", "--project", str(project)])
    out = capsys.readouterr().out
    assert re.search(r"blinatumomab · adult · zh-Hans · handout: document grade n/a", out)


def test_a_wrong_formula_in_config_names_the_line(project, capsys):
    edit(project, "config.yaml", "      formula: fernandez_huerta", "      formula: flesch_kincaid_grade")
    line = line_of(project, "config.yaml", "formula: flesch_kincaid_grade")
    code = main(["check", "--project", str(project)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"config.yaml:{line}: reading: locales: es: formula should be one of fernandez_huerta, szigriszt_pazos" \
        in err
    assert "Traceback" not in err
