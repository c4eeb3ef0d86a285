"""Encrypt a package of any size to the receiver's X25519 key without holding it in memory.

ECDH with an ephemeral key, HKDF-SHA256 to an AES-256-GCM key, then the file in 1 MiB chunks, each sealed
with a nonce made of a random prefix and the chunk counter and a flag for the last chunk (the STREAM
construction), so chunks cannot be reordered, dropped or truncated without detection.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHUNK = 1 << 20
TAG = 16
INFO = b"inspector-app package v1"


class DecryptionError(Exception):
    pass


def _key(shared: bytes, salt: bytes) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(shared))


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class Encryptor:
    """A writable stream that seals what it is given in CHUNK-sized pieces and writes them to `dst`.

    Writing (rather than reading a finished file) lets the package be built in one pass over its bytes.
    """

    def __init__(self, dst: BinaryIO | Any, receiver: X25519PublicKey) -> None:
        ephemeral = X25519PrivateKey.generate()
        self._dst = dst
        self._salt, self._prefix = os.urandom(16), os.urandom(7)
        self._aead = _key(ephemeral.exchange(receiver), self._salt)
        self._ephemeral = ephemeral.public_key()
        self._buffer = bytearray()
        self._counter = 0
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._buffer += data
        # Keep at least one full chunk back: only at close do we know which chunk is the last.
        if len(self._buffer) > CHUNK:
            view = memoryview(self._buffer)
            done = 0
            while len(self._buffer) - done > CHUNK:
                self._seal(view[done : done + CHUNK], last=False)
                done += CHUNK
            view.release()
            del self._buffer[:done]
        return len(data)

    def flush(self) -> None:
        pass

    def _seal(self, chunk: bytes | memoryview, *, last: bool) -> None:
        self._dst.write(self._aead.encrypt(_nonce(self._prefix, self._counter, last), chunk, None))
        self._counter += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True

    def params(self) -> dict[str, str]:
        """The public parameters (ephemeral key, salt, nonce prefix) to put in the signed manifest."""
        raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
        return {
            "alg": "X25519-HKDF-SHA256-AES256GCM-STREAM",
            "chunk": str(CHUNK),
            "ephemeral": self._ephemeral.public_bytes(*raw).hex(),
            "salt": self._salt.hex(),
            "prefix": self._prefix.hex(),
        }


def encrypt(src: BinaryIO, dst: BinaryIO, receiver: X25519PublicKey) -> dict[str, str]:
    """Encrypt a whole file; returns the parameters for the manifest."""
    sealer = Encryptor(dst, receiver)
    for chunk in iter(lambda: src.read(CHUNK), b""):
        sealer.write(chunk)
    sealer.close()
    return sealer.params()


def decrypt(src: BinaryIO, dst: BinaryIO, receiver: X25519PrivateKey, params: dict[str, str], limit: int) -> int:
    """Decrypt to dst, refusing more than `limit` bytes of plaintext; returns the plaintext size."""
    try:
        if params.get("alg") != "X25519-HKDF-SHA256-AES256GCM-STREAM" or int(params["chunk"]) != CHUNK:
            raise DecryptionError("unknown encryption")
        ephemeral = X25519PublicKey.from_public_bytes(bytes.fromhex(params["ephemeral"]))
        aead = _key(receiver.exchange(ephemeral), bytes.fromhex(params["salt"]))
        prefix = bytes.fromhex(params["prefix"])
    except (KeyError, ValueError) as exc:
        raise DecryptionError(f"bad encryption parameters: {exc}") from None
    if len(prefix) != 7:
        raise DecryptionError("bad nonce prefix")
    total = 0
    for counter, sealed, last in _sealed_chunks(src):
        try:
            plain = aead.decrypt(_nonce(prefix, counter, last), sealed, None)
        except InvalidTag:
            raise DecryptionError("chunk failed authentication") from None
        total += len(plain)
        if total > limit:
            raise DecryptionError("plaintext larger than allowed")
        dst.write(plain)
    return total


def _sealed_chunks(src: BinaryIO) -> Iterator[tuple[int, bytes, bool]]:
    counter = 0
    current = src.read(CHUNK + TAG)
    if not current:
        raise DecryptionError("empty payload")
    while True:
        following = src.read(CHUNK + TAG)
        yield counter, current, not following
        if not following:
            return
        current, counter = following, counter + 1
