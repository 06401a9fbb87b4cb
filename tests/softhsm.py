"""A SoftHSM2 token for the PKCS#11 tests: initialised in a folder of its own (``SOFTHSM2_CONF`` names a
configuration whose token directory is there), holding the test PKI's signer key and certificate.

softhsm2-util (Debian's ``softhsm2``, installed by ``scripts/install-system-packages.sh``) makes the token and
imports the key; the certificate object is stored with python-pkcs11, in a process of its own, so that the
tests' process never loads the module with another configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .local_pki import LocalPki

MODULE = Path("/usr/lib/softhsm/libsofthsm2.so")
"""Debian's SoftHSM2 PKCS#11 module."""
LABEL = "dossiergen-test"
KEY_LABEL = "signer"
PIN = "246810"
SO_PIN = "13579135"

STORE_CERTIFICATE = """
import sys
import pkcs11
from asn1crypto import pem, x509
from pkcs11 import Attribute, CertificateType, ObjectClass

module, label, pin, key_label, path = sys.argv[1:]
_, _, der = pem.unarmor(open(path, "rb").read())
cert = x509.Certificate.load(der)
token = pkcs11.lib(module).get_token(token_label=label)
with token.open(rw=True, user_pin=pin) as session:
    session.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                           Attribute.TOKEN: True, Attribute.LABEL: key_label, Attribute.ID: b"\\x01",
                           Attribute.SUBJECT: cert.subject.dump(), Attribute.ISSUER: cert.issuer.dump(),
                           Attribute.SERIAL_NUMBER: cert["tbs_certificate"]["serial_number"].dump(),
                           Attribute.VALUE: der})
"""


@dataclass(frozen=True)
class SoftToken:
    """A token's module, label, key label and user PIN, and the environment that finds it."""

    module: Path
    label: str
    key_label: str
    pin: str
    env: dict[str, str]

    def options(self) -> list[str]:
        return ["--pkcs11-module", str(self.module), "--token", self.label, "--key-label", self.key_label]


def make_token(folder: Path, pki: LocalPki) -> SoftToken:
    """A token in ``folder`` with the signer's key and certificate under ``KEY_LABEL``."""
    assert MODULE.is_file(), "softhsm2: scripts/install-system-packages.sh installs it"
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n",
                      encoding="utf-8")
    env = {**os.environ, "SOFTHSM2_CONF": str(config)}

    def run(*command: str) -> None:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)

    run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN)
    run("softhsm2-util", "--import", str(pki.key), "--token", LABEL, "--label", KEY_LABEL, "--id", "01", "--pin", PIN)
    run(sys.executable, "-c", STORE_CERTIFICATE, str(MODULE), LABEL, PIN, KEY_LABEL, str(pki.cert))
    return SoftToken(module=MODULE, label=LABEL, key_label=KEY_LABEL, pin=PIN, env=env)
