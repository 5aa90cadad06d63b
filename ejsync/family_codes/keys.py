"""The access key file (outside the database) and the encryption of TOTP secrets with it."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ejsync.errors import UserError
from ejsync.keyfile import KEY_BYTES, load_key

NONCE_BYTES = 12
FORMAT_PREFIX = b"v1"


def load_or_create_key(path: Path) -> bytes:
    """The key at `path`; on first use a new random key is written there with mode 0600."""
    if path.exists():
        return load_key(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = AESGCM.generate_key(bit_length=KEY_BYTES * 8)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(base64.b64encode(key) + b"\n")
    return key


def _associated_data(family_id: int, version: int) -> bytes:
    """Binds a ciphertext to its row: a secret copied to another family does not decrypt."""
    return f"ejsync access family={family_id} version={version}".encode()


def encrypt_secret(key: bytes, family_id: int, version: int, secret: str) -> bytes:
    """AES-256-GCM of the base32 secret: b'v1' + nonce + ciphertext."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), _associated_data(family_id, version))
    return FORMAT_PREFIX + nonce + sealed


def decrypt_secret(key: bytes, family_id: int, version: int, blob: bytes) -> str:
    """The base32 secret of a stored code; a Russian error if the key does not fit."""
    from cryptography.exceptions import InvalidTag

    blob = bytes(blob)
    nonce = blob[len(FORMAT_PREFIX) : len(FORMAT_PREFIX) + NONCE_BYTES]
    sealed = blob[len(FORMAT_PREFIX) + NONCE_BYTES :]
    try:
        plain = AESGCM(key).decrypt(nonce, sealed, _associated_data(family_id, version))
    except InvalidTag:
        raise UserError(
            f"Код семьи {family_id} (версия {version}) не расшифровывается этим ключом доступа. "
            "Проверьте, что указан тот же файл ключа, которым коды выдавались (--key-file)."
        ) from None
    return plain.decode()


def derive_key(key: bytes, purpose: str) -> bytes:
    """A separate 256-bit key for `purpose` (e.g. signing session cookies), by HKDF-SHA256."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()
    ).derive(key)
