"""Signatures: only real, inked PNGs by people who belong to the inspection; re-signing appends."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from sqlmodel import select

from inspector_app.domain.enums import SignerRole
from inspector_app.domain.errors import NotFoundError, StorageError, ValidationError
from inspector_app.services import health, inspections, registry, signatures
from inspector_app.services.context import App
from inspector_app.store.models import Signature
from tests.conftest import jpeg_bytes
from tests.services.helpers import started


def signature_png(seed: int = 0, size: tuple[int, int] = (600, 180), mode: str = "RGBA") -> bytes:
    img = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else "white")
    draw = ImageDraw.Draw(img)
    points = [(20 + i * 40, 90 + ((i + seed) % 3 - 1) * 40) for i in range(14)]
    draw.line(points, fill=(17, 24, 39, 255) if mode == "RGBA" else "black", width=6)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def blank_png(mode: str = "RGBA") -> bytes:
    img = Image.new(mode, (400, 120), (0, 0, 0, 0) if mode == "RGBA" else "white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def inspection(app: App) -> str:
    return started(app)


def rows(app: App) -> list[Signature]:
    with app.read() as s:
        return list(s.exec(select(Signature)))


def test_saves_an_enterprise_signature(app: App, inspection: str) -> None:
    png = signature_png()
    sig = signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, png, signer_name="  王 建国 ")
    assert sig.role == "enterprise"
    assert sig.signer_name == "王 建国"
    assert sig.inspector_id is None
    assert sig.origin_device_id == app.device_id
    assert app.media.has(sig.sha256)
    assert signatures.signature_png(app, sig) == png
    assert [r.id for r in rows(app)] == [sig.id]


def test_an_inspector_signs_under_the_registered_name(app: App, inspection: str) -> None:
    first = inspections.inspectors_of(app, inspection)[0]
    sig = signatures.save_signature(
        app, inspection, "inspector", signature_png(), signer_name="someone else", inspector_id=first.id
    )
    assert sig.inspector_id == first.id
    assert sig.signer_name == first.name


def test_health_check_stays_clean_after_signing(app: App, inspection: str) -> None:
    people = inspections.inspectors_of(app, inspection)
    signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, signature_png(1), signer_name="王建国")
    for n, person in enumerate(people):
        signatures.save_signature(app, inspection, SignerRole.INSPECTOR, signature_png(n + 2), inspector_id=person.id)
    assert health.check(app) == []
    assert health.unreferenced_media(app) == set()


@pytest.mark.parametrize(
    ("png", "message"),
    [
        (b"", "签名为空"),
        (b"GIF89a not a png at all", "不是 PNG"),
        (jpeg_bytes((200, 80)), "不是 PNG"),
        (signature_png()[:300], "损坏"),
        (blank_png("RGBA"), "空白"),
        (blank_png("RGB"), "空白"),
    ],
    ids=["empty", "garbage", "jpeg", "truncated", "transparent", "white"],
)
def test_refuses_what_is_not_an_inked_png_and_writes_nothing(
    app: App, inspection: str, png: bytes, message: str
) -> None:
    before = app.media.all_hashes()
    with pytest.raises(ValidationError, match=message):
        signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, png, signer_name="王建国")
    assert rows(app) == []
    assert app.media.all_hashes() == before


def test_corrupt_png_body_is_refused(app: App, inspection: str) -> None:
    png = bytearray(signature_png())
    png[len(png) // 2] ^= 0xFF  # break the compressed data; the CRC no longer matches
    with pytest.raises(ValidationError, match="损坏"):
        signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, bytes(png), signer_name="王建国")
    assert rows(app) == []


def test_enterprise_signature_needs_a_name(app: App, inspection: str) -> None:
    before = app.media.all_hashes()
    with pytest.raises(ValidationError, match="被检查单位负责人的姓名"):
        signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, signature_png(), signer_name=" ")
    assert rows(app) == [] and app.media.all_hashes() == before


def test_inspector_outside_the_inspection_is_refused(app: App, inspection: str) -> None:
    stranger = registry.add_inspector(app, "赵六一", "43090300000099")
    before = app.media.all_hashes()
    with pytest.raises(ValidationError, match="不是本次检查的执法人员"):
        signatures.save_signature(app, inspection, SignerRole.INSPECTOR, signature_png(), inspector_id=stranger.id)
    with pytest.raises(ValidationError, match="请选择签名的执法人员"):
        signatures.save_signature(app, inspection, SignerRole.INSPECTOR, signature_png())
    with pytest.raises(ValidationError, match="不是本次检查"):
        signatures.save_signature(app, inspection, SignerRole.INSPECTOR, signature_png(), inspector_id="no-such-id")
    assert rows(app) == [] and app.media.all_hashes() == before


def test_enterprise_signature_cannot_name_an_inspector(app: App, inspection: str) -> None:
    person = inspections.inspectors_of(app, inspection)[0]
    with pytest.raises(ValidationError, match="不应关联执法人员"):
        signatures.save_signature(
            app, inspection, SignerRole.ENTERPRISE, signature_png(), signer_name="王建国", inspector_id=person.id
        )


def test_unknown_inspection_and_role(app: App, inspection: str) -> None:
    with pytest.raises(NotFoundError):
        signatures.save_signature(app, "missing", SignerRole.ENTERPRISE, signature_png(), signer_name="王建国")
    with pytest.raises(ValidationError, match="未知的签名人身份"):
        signatures.save_signature(app, inspection, "boss", signature_png(), signer_name="王建国")
    assert rows(app) == []


def test_resigning_appends_and_the_latest_counts(app: App, inspection: str) -> None:
    first, second = inspections.inspectors_of(app, inspection)
    old = signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, signature_png(1), signer_name="王建国")
    signatures.save_signature(app, inspection, SignerRole.INSPECTOR, signature_png(2), inspector_id=second.id)
    signatures.save_signature(app, inspection, SignerRole.INSPECTOR, signature_png(3), inspector_id=first.id)
    new = signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, signature_png(4), signer_name="李副总")
    assert len(rows(app)) == 4
    assert app.media.has(old.sha256) and app.media.has(new.sha256)  # nothing is replaced
    latest = signatures.signatures_of(app, inspection)
    assert [(s.role, s.inspector_id) for s in latest] == [
        ("enterprise", None),
        ("inspector", first.id),
        ("inspector", second.id),
    ]
    assert latest[0].id == new.id and latest[0].signer_name == "李副总"
    assert [s.id for s in signatures.signature_history(app, inspection)][0] == old.id
    assert health.check(app) == []


def test_the_same_png_twice_is_stored_once(app: App, inspection: str) -> None:
    png = signature_png()
    a = signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, png, signer_name="王建国")
    b = signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, png, signer_name="王建国")
    assert a.sha256 == b.sha256 and a.id != b.id
    assert app.media.has(a.sha256)
    assert health.check(app) == []


def test_a_failed_database_write_removes_the_new_file(
    app: App, inspection: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    png = signature_png(7)
    from inspector_app.evidence.media_store import sha256_bytes

    def broken(**_kwargs: object) -> Signature:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(signatures, "Signature", broken)
    with pytest.raises(RuntimeError):
        signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, png, signer_name="王建国")
    assert not app.media.has(sha256_bytes(png))
    assert rows(app) == []


def test_a_replaced_signature_file_is_reported(app: App, inspection: str) -> None:
    sig = signatures.save_signature(app, inspection, SignerRole.ENTERPRISE, signature_png(), signer_name="王建国")
    app.media.path(sig.sha256).write_bytes(signature_png(5))
    with pytest.raises(StorageError, match="哈希不符"):
        signatures.signature_png(app, sig)
    app.media.path(sig.sha256).unlink()
    with pytest.raises(StorageError, match="缺失"):
        signatures.signature_png(app, sig)
