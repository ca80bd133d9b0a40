"""Shared fixtures: build real PDFs through the `handout` command once per session."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_handout(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    """The real command, as a clinic runs it (python -m handout is the console script's twin)."""
    return subprocess.run([sys.executable, "-m", "handout", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def page_texts(path: Path) -> list[str]:
    """What a reader sees, page by page. Superscript citation markers sit a little
    above the line, so a generous y tolerance keeps them on their line."""
    with pdfplumber.open(path) as pdf:
        return [normalise(p.extract_text(y_tolerance=6) or "") for p in pdf.pages]


def normalise(text: str) -> str:
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r" ?\n ?", "\n", text)


def flat(text: str) -> str:
    """One line, single spaces: for phrases that may wrap."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> dict:
    """Every audience on both papers, no clinic profile."""
    out = tmp_path_factory.mktemp("build")
    result = run_handout("build", "--paper", "all", "--out", out)
    assert result.returncode == 0, result.stderr
    return {"out": out, "stdout": result.stdout}


@pytest.fixture(scope="session")
def built_with_clinic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("clinic")
    result = run_handout("build", "--clinic", ROOT / "clinics" / "example.yaml", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def handout_pdf(out: Path, audience: str, paper: str = "letter") -> Path:
    return out / "blinatumomab" / "en" / f"{audience}-handout-{paper}.pdf"


@pytest.fixture
def project(tmp_path) -> Path:
    """A private copy of the project's inputs that a test may break."""
    for name in ("content", "layouts", "clinics", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    return tmp_path
