"""The code style is checked with the tests, so that it holds on every change (ruff's settings: pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import PROJECT_DIR


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or [sys.executable, "-m", "ruff"]
    command = [ruff] if isinstance(ruff, str) else ruff
    result = subprocess.run([*command, "check", "--no-cache", "."], cwd=PROJECT_DIR, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
