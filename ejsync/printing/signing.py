"""The school's Ed25519 archive key and detached signatures over manifests (P-INTEGRITY)."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ejsync.config import SECRETS_DIR
from ejsync.errors import UserError
from ejsync.printing.manifest import SIGNATURE_NAME

KEY_ENV = "EJSYNC_ARCHIVE_KEY"
DEFAULT_KEY = SECRETS_DIR / "archive_ed25519.key"


def default_key_path() -> Path:
    """The private key file: $EJSYNC_ARCHIVE_KEY or var/secrets/archive_ed25519.key."""
    return Path(os.environ.get(KEY_ENV) or DEFAULT_KEY)


def public_path_for(private_path: Path) -> Path:
    """The exported public key beside the private one: archive_ed25519.pub."""
    return private_path.with_suffix(".pub")


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, grouped for reading aloud: 'ab12 cd34 …'."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def public_pem(public_key: Ed25519PublicKey) -> bytes:
    """The public key as PEM (SubjectPublicKeyInfo)."""
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def generate_key(private_path: Path, *, force: bool = False) -> Ed25519PublicKey:
    """Write a new private key (mode 0600) and its public key; never overwrite unless `force`."""
    if private_path.exists() and not force:
        raise UserError(
            f"P-INTEGRITY: ключ подписи архива уже есть ({private_path}). Новый ключ не создан:"
            " старые издания подписаны этим ключом. Если ключ скомпрометирован, повторите"
            " с --force и переподпишите издания."
        )
    private_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    private_path.unlink(missing_ok=True)
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    public_path_for(private_path).write_bytes(public_pem(key.public_key()))
    return key.public_key()


@dataclass(frozen=True)
class Signer:
    """Signs edition manifests with the school's private key."""

    key: Ed25519PrivateKey

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key.public_key())

    def __call__(self, directory: Path, manifest: bytes) -> None:
        """Write the detached signature of `manifest` beside it."""
        (directory / SIGNATURE_NAME).write_bytes(self.key.sign(manifest))


def load_signer(private_path: Path | None = None) -> Signer:
    """The signer from the private key file, refused when missing or readable by others."""
    path = private_path or default_key_path()
    if not path.is_file():
        raise UserError(
            f"P-INTEGRITY: нет ключа подписи архива ({path}). Издания подписываются ключом"
            " школы: создайте его командой `ejsync archive keygen` или укажите путь в"
            f" переменной {KEY_ENV}."
        )
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise UserError(
            f"P-INTEGRITY: ключ подписи {path} доступен другим пользователям."
            f" Выполните `chmod 600 {path}` и повторите."
        )
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise UserError(
            f"P-INTEGRITY: {path} не ключ Ed25519. Создайте ключ `ejsync archive keygen`."
        )
    return Signer(key)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key from its PEM file."""
    if not path.is_file():
        raise UserError(
            f"P-INTEGRITY: нет открытого ключа архива ({path}). Укажите его через --public-key."
        )
    key = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise UserError(f"P-INTEGRITY: {path} не открытый ключ Ed25519.")
    return key


def signature_valid(public_key: Ed25519PublicKey, manifest: bytes, signature: bytes) -> bool:
    """Whether `signature` is the school's signature over exactly these manifest bytes."""
    try:
        public_key.verify(signature, manifest)
    except InvalidSignature:
        return False
    return True
