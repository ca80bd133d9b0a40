"""Every user mistake gets one clear message with file and line, a non-zero exit,
no traceback, and no half-written output."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import flat, handout_pdf, page_texts, run_handout
from handout.cli import main

BLOCKS = Path("content/blinatumomab/blocks")


def build(capsys, project: Path, *args) -> tuple[int, str]:
    code = main(["build", "--project", str(project), "--out", str(project / "out"), *map(str, args)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text()
    assert old in text, f"test set-up: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1))


def line_of(project: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((project / rel).read_text().splitlines(), 1) if needle in line)


def test_tab_in_yaml_names_file_and_line(project, capsys):
    edit(project, "content/blinatumomab/glossary.yaml", "  term: Tremor", "\tterm: Tremor")
    code, err = build(capsys, project)
    assert code == 1
    line = line_of(project, "content/blinatumomab/glossary.yaml", "\tterm: Tremor")
    assert f"content/blinatumomab/glossary.yaml:{line}: a tab character" in err
    assert not (project / "out").exists()


def test_all_problems_are_reported_together(project, capsys):
    rel = str(BLOCKS / "40-pump.yaml")
    edit(project, rel, "  cites: [label-pi, cuh, stjude, amgen-patient, rch-pump]\n  facts: >-\n    At home",
         "  cites: [label-pi, fda-label]\n  colour: red\n  facts: >-\n    At home")
    edit(project, rel, "  pediatric:\n    heading: \"Keep the line clean and dry\"",
         "  pediatrc:\n    heading: \"Keep the line clean and dry\"")
    edit(project, str(BLOCKS / "20-about.yaml"), "- id: how-it-works", "- id: what-it-is")
    code, err = build(capsys, project)
    assert code == 1
    assert "5 problem(s)" in err
    assert f"{rel}:{line_of(project, rel, 'colour: red')}: block 'pump-at-home': unknown key 'colour'" in err
    assert "cites 'fda-label', which is not in sources.yaml" in err
    assert "unknown key 'pediatrc'; did you mean 'pediatric'?" in err
    assert "lists audience 'pediatric' but has no 'pediatric:' text" in err
    assert "block id 'what-it-is' is already used at content/blinatumomab/blocks/20-about.yaml:3" in err


def test_block_without_text_and_wrong_types(project, capsys):
    rel = str(BLOCKS / "60-common.yaml")
    edit(project, rel, "  safety_critical: false\n  cites: [healthtree, monograph, goodrx]",
         "  safety_critical: maybe\n  cites: [healthtree, monograph, goodrx]")
    edit(project, rel, "  adult:\n    text: >-\n      Some side effects", "  adult:\n    card: x\n    note: >-\n"
                                                                         "      Some side effects")
    code, err = build(capsys, project)
    assert code == 1
    assert "'safety_critical' should be true or false, found 'maybe'" in err
    assert "unknown key 'note'" in err


def test_unbalanced_bold_is_caught(project, capsys):
    edit(project, str(BLOCKS / "80-daily-life.yaml"), "**Do not drive** or use", "**Do not drive or use")
    code, err = build(capsys, project)
    assert code == 1 and "a '**' has no partner" in err


def test_missing_glyph_stops_the_build_with_the_character(project, capsys):
    edit(project, str(BLOCKS / "40-pump.yaml"), "A small pump moves the medicine", "A small pump moves → the medicine")
    code, err = build(capsys, project, "--audience", "adult")
    assert code == 1
    assert "block 'pump-at-home' (adult, en): the font cannot draw '→' (U+2192)" in err
    assert "content/blinatumomab/blocks/40-pump.yaml:4:" in err
    assert not (project / "out").exists()


def test_markup_and_template_code_in_content_print_literally(project, capsys):
    hostile = '<img src="/etc/passwd"/> & <font color=red>x</font> {{ 7*7 }} {0.__class__}'
    edit(project, str(BLOCKS / "40-pump.yaml"), "A small pump moves the medicine", f"A small pump moves {hostile} the medicine")
    code, err = build(capsys, project, "--audience", "adult", "--allow-hard-reading")
    assert code == 0, err
    text = flat("\n".join(page_texts(handout_pdf(project / "out", "adult"))))
    assert hostile in text


def test_section_missing_from_layout_names_the_block(project, capsys):
    edit(project, str(BLOCKS / "90-report-and-questions.yaml"), "section: report", "section: reporting")
    code, err = build(capsys, project)
    assert code == 1
    assert "block 'report-side-effects': section 'reporting' is not in layouts/handout.yaml" in err


def test_layout_refuses_small_reading_text(project, capsys):
    edit(project, "layouts/handout.yaml", "body:          {size: 12.5", "body:          {size: 10")
    code, err = build(capsys, project)
    assert code == 1
    line = line_of(project, "layouts/handout.yaml", "body:          {size: 10")
    assert f"layouts/handout.yaml:{line}: style 'body': size 10 is too small" in err


def test_layout_template_error_names_the_line(project, capsys):
    edit(project, "layouts/handout.yaml", 'glossary_heading: "Words to know"', 'glossary_heading: "{{ brand "')
    code, err = build(capsys, project)
    assert code == 1
    assert f"layouts/handout.yaml:{line_of(project, 'layouts/handout.yaml', 'glossary_heading')}: word " in err


def test_layout_template_cannot_reach_python_internals(project, capsys):
    edit(project, "layouts/handout.yaml", 'glossary_heading: "Words to know"',
         'glossary_heading: "{{ brand.__class__.__mro__ }}"')
    code, err = build(capsys, project)
    assert code == 1 and "glossary_heading" in err


@pytest.mark.parametrize("args,expected", [
    (["--audience", "kids"], "--audience 'kids' is not a known audience; choose one of: adult, pediatric, all"),
    (["--paper", "legal"], "--paper 'legal' is not a known paper size; choose one of: letter, a4, all"),
    (["--drug", "../../etc"], "--drug '../../etc' is not a known drug"),
    (["--locale", "xx"], "--locale 'xx' is not a known locale"),
])
def test_unknown_names_on_the_command_line(project, capsys, args, expected):
    code, err = build(capsys, project, *args)
    assert code == 2 and expected in err


def test_project_folder_without_content(tmp_path, capsys):
    code = main(["build", "--project", str(tmp_path)])
    assert code == 2 and "has no content/ and layouts/ folders" in capsys.readouterr().err


@pytest.mark.parametrize("profile,expected", [
    ("name: X\ndaytime_phone: call us\nafter_hours_phone: (555) 010-0199\n",
     "c.yaml:2: daytime_phone: 'call us' does not look like a phone number"),
    ("name: X\ndaytime_phone: (555) 010-0123\nafter_hours_phone: (555) 010-0199\nfax: 1\n",
     "c.yaml:4: clinic profile: unknown key 'fax'"),
    ("name: X\ndaytime_phone: (555) 010-0123\n", "clinic profile: missing 'after_hours_phone'"),
    ("name: [X\n", "c.yaml:2: this is not valid YAML"),
])
def test_bad_clinic_profiles(project, capsys, profile, expected):
    (project / "c.yaml").write_text(profile)
    code, err = build(capsys, project, "--clinic", project / "c.yaml")
    assert code == 1 and expected in err


def test_missing_clinic_profile(project, capsys):
    code, err = build(capsys, project, "--clinic", project / "nope.yaml")
    assert code == 1 and "nope.yaml: clinic profile not found" in err


def test_unwritable_output_is_a_clear_message(project, capsys):
    blocker = project / "out"
    blocker.write_text("a file where the output folder should be")
    code, err = build(capsys, project)
    assert code == 3 and "cannot write" in err and "--out" in err


def test_failed_build_leaves_earlier_output_intact(project, capsys):
    code, _ = build(capsys, project, "--audience", "adult", "--format", "handout")
    assert code == 0
    pdf = handout_pdf(project / "out", "adult")
    before = pdf.read_bytes()
    edit(project, str(BLOCKS / "40-pump.yaml"), "A small pump moves the medicine", "A small pump moves ☎ the medicine")
    code, _ = build(capsys, project, "--audience", "adult")
    assert code == 1
    assert pdf.read_bytes() == before
    assert [p.name for p in pdf.parent.iterdir()] == [pdf.name], "no temporary files left behind"


def test_real_command_prints_no_traceback(project):
    edit(project, "content/blinatumomab/glossary.yaml", "  term: Tremor", "\tterm: Tremor")
    result = run_handout("build", "--project", project, "--out", project / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "glossary.yaml" in result.stderr
    debug = run_handout("--debug", "build", "--project", project, "--out", project / "out")
    assert "Traceback" in debug.stderr


def _second_drug(project: Path, drug_id: str = "zzdrug") -> Path:
    """A copy of blinatumomab under another id, built after it (drugs build in name order)."""
    folder = project / "content" / drug_id
    shutil.copytree(project / "content" / "blinatumomab", folder)
    edit(project, f"content/{drug_id}/drug.yaml", "id: blinatumomab", f"id: {drug_id}")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_problem_in_the_last_drug_writes_nothing_at_all(project, capsys, jobs):
    _second_drug(project)
    edit(project, "content/zzdrug/blocks/40-pump.yaml", "A small pump moves the medicine",
         "A small pump moves ☎ the medicine")
    code, err = build(capsys, project, "--jobs", jobs, "--locale", "en")
    assert code == 1
    assert "content/zzdrug/blocks/40-pump.yaml" in err and "blinatumomab/blocks" not in err
    out = project / "out"
    left = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert left == [], "the first drug's PDFs were typeset, but must not be written"


def test_one_drug_builds_while_another_is_broken(project, capsys):
    _second_drug(project)
    edit(project, "content/zzdrug/glossary.yaml", "  term: Tremor", "\tterm: Tremor")
    code, err = build(capsys, project, "--drug", "blinatumomab", "--locale", "en", "--format", "card")
    assert code == 0, err
    code, err = build(capsys, project, "--locale", "en", "--format", "card", "--force")
    assert code == 1 and "content/zzdrug/glossary.yaml" in err
