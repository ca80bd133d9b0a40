"""Settings from the environment that change what is printed are checked like any input."""
from __future__ import annotations

import pytest

from conftest import ROOT, run_handout


@pytest.mark.parametrize("value", ["abc", "-5", "99999999999999", "1.5", ""])
def test_a_bad_source_date_epoch_is_refused_without_a_traceback(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run_handout("build", "--locale", "en", "--audience", "adult", "--format", "card", "--out", tmp_path)
    assert result.returncode == 2
    assert "SOURCE_DATE_EPOCH should be whole seconds since 1970" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_good_source_date_epoch_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")
    result = run_handout("build", "--locale", "en", "--audience", "adult", "--format", "card", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "blinatumomab" / "en" / "adult-card.pdf").exists()
    assert ROOT
