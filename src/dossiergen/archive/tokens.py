"""Signing keys on a PKCS#11 token (a smart card, a hardware security module, SoftHSM2), through pyHanko.

Ministries hold their signing keys on tokens (Korean officials sign with GPKI certificates on smart
cards); the private key never leaves the token, which signs the digest pyHanko gives it. The token is
found by its label in the PKCS#11 module (the vendor's shared library), the key by its label, the
certificate by the same label on the token unless a file is given.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyhanko.sign.signers import Signer


@dataclass(frozen=True)
class TokenKey:
    """Where a key on a token is: the PKCS#11 module, the token's label, the key's label; and the user PIN."""

    module: Path
    token: str
    key_label: str
    pin: str
    cert: Path | None = None
    """The signer's certificate as a file; ``None``: the certificate on the token with the key's label."""


@contextmanager
def token_signer(key: TokenKey) -> Iterator[Signer]:
    """A pyHanko signer whose key stays on the token; the session is closed afterwards. Failures of the
    module, the token, the PIN or the key are one located line each (``SignatureError``)."""
    from pkcs11 import exceptions as pkcs11_errors  # python-pkcs11 (pyhanko[pkcs11]): loaded only for tokens
    from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.pkcs11 import PKCS11SigningContext

    from dossiergen.errors import Problem, SignatureError

    def refuse(message: str) -> SignatureError:
        return SignatureError(Problem(key.module, None, f"token {key.token!r}", message))

    if not key.module.is_file():
        raise SignatureError(Problem(key.module, None, None, "no PKCS#11 module at this path"))
    certificate = None
    if key.cert is not None:
        try:
            certificate = load_cert_from_pemder(str(key.cert))
        except (OSError, ValueError) as error:
            raise SignatureError(Problem(key.cert, None, None, f"not a certificate: {error}")) from None
    config = PKCS11SignatureConfig(module_path=str(key.module), token_criteria=TokenCriteria(label=key.token),
                                   key_label=key.key_label, cert_label=key.key_label if certificate is None else None,
                                   signing_certificate=certificate)
    try:
        with PKCS11SigningContext(config, user_pin=key.pin) as signer:
            # tokens need not offer the hash-and-sign ECDSA mechanisms (SoftHSM2 does not, many cards do
            # not): for an EC key pyHanko hashes and the token signs the digest with plain CKM_ECDSA
            signer.use_raw_mechanism = signer.signing_cert.public_key.algorithm == "ec"
            yield signer
    except SigningError as error:
        cause = error.__cause__
        if isinstance(cause, pkcs11_errors.PinIncorrect):
            raise refuse("the PIN is not the token's user PIN (DOSSIERGEN_PKCS11_PIN)") from None
        if isinstance(cause, pkcs11_errors.PinLocked):
            raise refuse("the user PIN is locked: too many wrong PINs; the security officer must reset it") from None
        if isinstance(cause, pkcs11_errors.PKCS11Error) and "while loading" in str(cause):
            raise SignatureError(Problem(key.module, None, None, f"not a PKCS#11 module: {cause}")) from None
        if isinstance(cause, pkcs11_errors.PKCS11Error) and "No token" in str(cause):
            raise refuse("no token with this label in the module") from None
        raise refuse(f"cannot open a session: {cause or error}") from None
    except pkcs11_errors.PKCS11Error as error:  # the key or certificate, looked up as the signature is made
        raise refuse(str(error) or type(error).__name__) from None
