"""Signing with a key on a PKCS#11 token, as ministries hold theirs: a SoftHSM2 token in a folder of the session
(tests/softhsm.py). Each signature is made by ``python -m dossiergen`` in a process of its own, as a user
runs it: a PKCS#11 module is loaded once per process, with the configuration it finds then."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossiergen.cli.main import main

from .conftest import SIGN
from .local_pki import LocalPki
from .softhsm import SoftToken


def _sign(token: SoftToken, pdf: Path, *options: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**token.env, "DOSSIERGEN_PKCS11_PIN": token.pin if pin is None else pin}
    return subprocess.run([sys.executable, "-m", "dossiergen", "sign", "--draft", str(pdf), *options], env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300, check=False)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory, render_sample: Callable[[str, str], Path]) -> Path:
    return render_sample("dossier", "ko+en")


def test_a_dossier_signed_with_the_key_and_certificate_on_the_token(
        token_and_out: tuple[SoftToken, Path], dossier: Path, local_pki: LocalPki) -> None:
    token, folder = token_and_out
    signed = folder / "token-signed.pdf"
    result = _sign(token, dossier, *token.options(), "-o", str(signed))
    assert result.returncode == 0, result.stderr
    assert signed.read_bytes().startswith(dossier.read_bytes()), "signing appends; the rendered bytes stay"
    verified = CliRunner().invoke(main, ["verify", str(signed), "--trust", str(local_pki.root)])
    assert verified.exit_code == 0, verified.output
    line = verified.stdout.splitlines()[-1]
    assert f"{signed}: Signature1 by Common Name: Test Signatory" in line
    assert line.endswith("PAdES B-B: intact, trusted; its revision is PDF/A-3B with every font embedded")
    report = subprocess.run(["pdfsig", "-nocert", str(signed)], capture_output=True, text=True, check=False).stdout
    assert "Signer Certificate Common Name: Test Signatory" in report and "Signature is Valid." in report


def test_a_token_signature_with_the_certificate_from_a_file_and_a_timestamp(
        token_and_out: tuple[SoftToken, Path], dossier: Path, local_pki: LocalPki) -> None:
    token, folder = token_and_out
    signed = folder / "token-b-t.pdf"
    result = _sign(token, dossier, *token.options(), "--cert", str(local_pki.cert), "--level", "B-T",
                   "--timestamp-url", local_pki.tsa_url, "-o", str(signed))
    assert result.returncode == 0, result.stderr
    verified = CliRunner().invoke(main, ["verify", str(signed), "--trust", str(local_pki.root)])
    assert verified.exit_code == 0, verified.output
    assert "PAdES B-T, timestamped " in verified.stdout and "by Common Name: Test Time-Stamping Authority" in \
        verified.stdout


@pytest.mark.parametrize("case", ["wrong PIN", "no such token", "no such key", "no module", "not a module"])
def test_a_token_that_cannot_sign_is_one_located_line(case: str, token_and_out: tuple[SoftToken, Path],
                                                      dossier: Path) -> None:
    token, folder = token_and_out
    module, label, key_label, pin = str(token.module), token.label, token.key_label, token.pin
    if case == "wrong PIN":
        pin = "000000"
    elif case == "no such token":
        label = "no-such-token"
    elif case == "no such key":
        key_label = "no-such-key"
    elif case == "no module":
        module = str(folder / "missing.so")
    else:
        module = str(folder / "not-a-module.so")
        Path(module).write_bytes(b"not a shared library\n")
    target = folder / f"{case}.pdf"
    result = _sign(token, dossier, "--pkcs11-module", module, "--token", label, "--key-label", key_label,
                   "-o", str(target), pin=pin)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    expected = {"wrong PIN": f"{module}: token '{label}': the PIN is not the token's user PIN",
                "no such token": f"{module}: token '{label}': no token with this label in the module",
                "no such key": f"{module}: token '{label}': ",
                "no module": f"{module}: no PKCS#11 module at this path",
                "not a module": f"{module}: not a PKCS#11 module: "}[case]
    assert result.stderr.startswith(expected), result.stderr
    if case == "no such key":
        assert "Could not find" in result.stderr and "'no-such-key'" in result.stderr, result.stderr
    assert not target.exists()


def test_the_pin_is_asked_for_when_the_environment_has_none(token_and_out: tuple[SoftToken, Path],
                                                            dossier: Path) -> None:
    token, folder = token_and_out
    env = {key: value for key, value in token.env.items() if key != "DOSSIERGEN_PKCS11_PIN"}
    signed = folder / "prompted.pdf"
    result = subprocess.run([sys.executable, "-m", "dossiergen", "sign", "--draft", str(dossier), *token.options(),
                             "-o", str(signed)], env=env, input=f"{token.pin}\n", capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert f"user PIN of token '{token.label}'" in result.stderr
    assert token.pin not in result.stdout + result.stderr, "the PIN is not echoed"
    assert signed.is_file()


def test_token_options_without_a_module_are_refused(tmp_path: Path, dossier: Path) -> None:
    result = CliRunner().invoke(main, [*SIGN, str(dossier), "--token", "x", "--key-label", "y",
                                       "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert result.stderr == "--token and --key-label name a key on a token: give its --pkcs11-module too\n"
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def token_and_out(softhsm_token: SoftToken, tmp_path: Path) -> tuple[SoftToken, Path]:
    return softhsm_token, tmp_path
