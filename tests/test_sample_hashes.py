"""The sample outputs are the bytes recorded in tests/data/sample-outputs.sha256.

A change that alters what the samples render must record the new hashes
(``scripts/sample_hashes.py --write``) and the README's pictures (``scripts/readme_pictures.py``),
and say why in its commit. The bytes also depend on
WeasyPrint and the font files; where those are not the recorded ones, the test is skipped.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import sample_hashes  # noqa: E402


def test_sample_outputs_are_the_recorded_bytes() -> None:
    recorded_env, _ = sample_hashes.read_hashes()
    if recorded_env[1:] != sample_hashes.environment()[1:]:
        pytest.skip(f"recorded with {recorded_env}, this machine has {sample_hashes.environment()}")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "sample_hashes.py")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_dossier_page_is_what_renders_today() -> None:
    """docs/dossier-ko-km-en-page3.png, the README's picture, is page 3 as the samples render now."""
    recorded_env, _ = sample_hashes.read_hashes()
    if recorded_env[1:] != sample_hashes.environment()[1:]:
        pytest.skip(f"recorded with {recorded_env}, this machine has {sample_hashes.environment()}")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_pictures.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
