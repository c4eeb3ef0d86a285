"""Each data folder's key pairs: Ed25519 to sign what it sends, X25519 to receive encrypted packages.

Private keys live in keys/ beside the database (never in it, so they never travel in a package).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from inspector_app.evidence.media_store import write_atomic

SIGN_FILE = "sign_ed25519.key"
BOX_FILE = "box_x25519.key"


@dataclass(frozen=True)
class PublicKeys:
    sign: str  # hex of the raw 32-byte Ed25519 public key
    box: str  # hex of the raw 32-byte X25519 public key

    def to_json(self) -> str:
        return json.dumps({"ed25519": self.sign, "x25519": self.box}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> PublicKeys:
        data = json.loads(text)
        return cls(sign=data["ed25519"], box=data["x25519"])


@dataclass(frozen=True)
class KeyPair:
    sign: Ed25519PrivateKey
    box: X25519PrivateKey

    @property
    def public(self) -> PublicKeys:
        raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
        return PublicKeys(
            self.sign.public_key().public_bytes(*raw).hex(), self.box.public_key().public_bytes(*raw).hex()
        )

    def private_bytes(self) -> tuple[bytes, bytes]:
        raw = serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        return self.sign.private_bytes(*raw), self.box.private_bytes(*raw)


def generate() -> KeyPair:
    return KeyPair(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())


def from_private_bytes(sign: bytes, box: bytes) -> KeyPair:
    return KeyPair(Ed25519PrivateKey.from_private_bytes(sign), X25519PrivateKey.from_private_bytes(box))


def save(folder: Path, pair: KeyPair) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    sign, box = pair.private_bytes()
    for name, data in ((SIGN_FILE, sign), (BOX_FILE, box)):
        write_atomic(folder / name, data.hex().encode())
        if os.name != "nt":
            os.chmod(folder / name, 0o600)


def load(folder: Path) -> KeyPair | None:
    sign_path, box_path = folder / SIGN_FILE, folder / BOX_FILE
    if not (sign_path.exists() and box_path.exists()):
        return None
    return from_private_bytes(bytes.fromhex(sign_path.read_text().strip()), bytes.fromhex(box_path.read_text().strip()))


def load_or_create(folder: Path) -> KeyPair:
    pair = load(folder)
    if pair is None:
        pair = generate()
        save(folder, pair)
    return pair


def verify(public_sign_hex: str, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_sign_hex)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def box_public(hex_key: str) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))
