"""A local test PKI for the PAdES levels: a root CA, a signer, a time-stamping authority (RFC 3161), an OCSP
responder and a CRL, made with certomancer and served over HTTP on 127.0.0.1 by its Animator, in a thread.

The certificates name the services by the URLs they are served at (the signer's OCSP responder, the CRL
distribution point), so the port is taken before the certificates are made. Nothing leaves the machine.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

ARCH = "dossiergen-test"
KEYS = ("root", "signer", "tsa", "ocsp")


@dataclass(frozen=True)
class LocalPki:
    """What the tests sign and check with: files for the CLI and the services' URLs."""

    root: Path
    """The root CA's certificate (PEM): the trust root for the signer and the TSA (``--trust``)."""
    key: Path
    cert: Path
    """The signer's key and certificate (PEM), issued by the root; the certificate names the OCSP responder."""
    key_der: Path
    """The signer's key as unencrypted PKCS#8 DER, for importing into a PKCS#11 token."""
    tsa_url: str
    ocsp_url: str
    crl_url: str


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the signature of the base class
        return  # each request would be logged to standard error


def _write_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    return key


def _config(prefix: str, now: datetime) -> dict[str, Any]:
    """certomancer's configuration: a root that issues the signer, the TSA and the OCSP responder's certificates."""
    validity = {"valid-from": (now - timedelta(days=1)).isoformat(),
                "valid-to": (now + timedelta(days=365)).isoformat()}
    root_services = {"crl-repo": "root", "ocsp-service": "root"}
    return {
        "external-url-prefix": prefix,
        "keysets": {"test": {"keys": {name: {"path": f"{name}.key.pem"} for name in KEYS}}},
        "pki-architectures": {ARCH: {
            "keyset": "test",
            "entity-defaults": {"country-name": "KR", "organization-name": "dossiergen test PKI (not real)"},
            "entities": {"root": {"common-name": "Test Root CA"}, "signer": {"common-name": "Test Signatory"},
                         "tsa": {"common-name": "Test Time-Stamping Authority"},
                         "ocsp": {"common-name": "Test OCSP Responder"}},
            "certs": {
                "root": {"subject": "root", "issuer": "root", "validity": validity,
                         "profiles": [{"id": "simple-ca", "params": root_services}]},
                "signer": {"issuer": "root", "validity": validity,
                           "profiles": ["digsig-commitment"]},
                "tsa": {"issuer": "root", "validity": validity,
                        "extensions": [{"id": "key_usage", "critical": True,
                                        "smart-value": {"schema": "key-usage", "params": ["digital_signature"]}},
                                       {"id": "extended_key_usage", "critical": True, "value": ["time_stamping"]}]},
                "ocsp": {"issuer": "root", "validity": validity, "profiles": ["ocsp-responder"]},
            },
            "services": {
                "ocsp": {"root": {"for-issuer": "root", "responder-cert": "ocsp", "signing-key": "ocsp"}},
                "crl-repo": {"root": {"for-issuer": "root", "signing-key": "root",
                                      "simulated-update-schedule": "P30D"}},
                "time-stamping": {"tsa": {"signing-key": "tsa", "signing-cert": "tsa"}},
            },
        }},
    }


@contextmanager
def serve_local_pki(folder: Path) -> Iterator[LocalPki]:
    """Make the test PKI in ``folder`` and serve its TSA, OCSP responder and CRLs on 127.0.0.1 until the end."""
    from asn1crypto import pem
    from certomancer.integrations.animator import Animator, AnimatorArchStore
    from certomancer.registry import CertomancerConfig

    keys = {name: _write_key(folder / f"{name}.key.pem") for name in KEYS}
    application: list[Animator] = []

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        return application[0](environ, start_response)

    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    prefix = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig(_config(prefix, datetime.now(UTC)), key_search_dir=str(folder))
    arch = config.get_pki_arch(ARCH)
    application.append(Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False))
    for name in ("root", "signer"):
        (folder / f"{name}.cert.pem").write_bytes(pem.armor("CERTIFICATE", arch.get_cert(name).dump()))
    der = keys["signer"].private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    (folder / "signer.key.der").write_bytes(der)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalPki(root=folder / "root.cert.pem", key=folder / "signer.key.pem", cert=folder / "signer.cert.pem",
                       key_der=folder / "signer.key.der", tsa_url=f"{prefix}/{ARCH}/tsa/tsa",
                       ocsp_url=f"{prefix}/{ARCH}/ocsp/root", crl_url=f"{prefix}/{ARCH}/crls/root/latest.crl")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
