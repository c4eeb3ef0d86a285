"""The streaming encryptor: any size, fed in any pieces, decrypts to the same bytes; tampering is detected."""

from __future__ import annotations

import io
import os

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from inspector_app.sync import stream_cipher as sc


@pytest.mark.parametrize("size", [0, 1, sc.CHUNK - 1, sc.CHUNK, sc.CHUNK + 1, 3 * sc.CHUNK, 3 * sc.CHUNK + 17])
@pytest.mark.parametrize("piece", [1 << 16, sc.CHUNK + 5])
def test_streamed_encryption_round_trips(size: int, piece: int) -> None:
    key = X25519PrivateKey.generate()
    data = os.urandom(size)
    sealed = io.BytesIO()
    sealer = sc.Encryptor(sealed, key.public_key())
    for start in range(0, size, piece):
        sealer.write(data[start : start + piece])
    sealer.close()
    # one sealed chunk per started CHUNK of plaintext (and one for nothing at all)
    assert len(sealed.getvalue()) == size + sc.TAG * max(1, -(-size // sc.CHUNK))
    plain = io.BytesIO()
    assert sc.decrypt(io.BytesIO(sealed.getvalue()), plain, key, sealer.params(), 1 << 30) == size
    assert plain.getvalue() == data


def test_a_dropped_last_chunk_is_detected() -> None:
    key = X25519PrivateKey.generate()
    sealed = io.BytesIO()
    sealer = sc.Encryptor(sealed, key.public_key())
    sealer.write(os.urandom(2 * sc.CHUNK + 10))
    sealer.close()
    cut = sealed.getvalue()[: 2 * (sc.CHUNK + sc.TAG)]  # the first two chunks only: looks whole, is not
    with pytest.raises(sc.DecryptionError):
        sc.decrypt(io.BytesIO(cut), io.BytesIO(), key, sealer.params(), 1 << 30)
