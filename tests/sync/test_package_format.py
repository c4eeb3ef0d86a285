"""What a package is on disk, and what export and import promise about it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from inspector_app.cli.main import main
from inspector_app.domain.enums import HazardStatus
from inspector_app.services import hazards, sync_export
from inspector_app.sync import keys as keyring
from inspector_app.sync.package import FORMAT, FORMAT_VERSION, MEMBER_NAME, OUTER
from tests.sync.conftest import World, assert_same, imported, read_package, sha, snapshot


def _outer(path: Path) -> tuple[list[str], bytes, bytes, bytes]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        return names, zf.read("manifest.json"), zf.read("manifest.sig"), zf.read("payload.bin")


def _records(members: dict[str, bytes]) -> set[tuple[str, str, int]]:
    """(entity, id, version) of every record in a package."""
    out = set()
    for name, data in members.items():
        if not name.startswith("records/"):
            continue
        entity = name.removeprefix("records/").removesuffix(".jsonl")
        for line in data.splitlines():
            row = json.loads(line)
            key = row.get("id") or "/".join(str(row[k]) for k in ("inspection_id", "inspector_id"))
            out.add((entity, key, int(row.get("version", 1))))
    return out


def _check_listing(manifest: dict[str, Any], payload: bytes, members: dict[str, bytes]) -> None:
    assert manifest["payload"]["size"] == len(payload) and manifest["payload"]["sha256"] == sha(payload)
    assert set(manifest["members"]) == set(members), "manifest and payload list different members"
    for name, data in members.items():
        assert MEMBER_NAME.match(name), name
        assert manifest["members"][name] == {"sha256": sha(data), "size": len(data)}, name
        if name.startswith("media/"):
            assert name == f"media/{sha(data)}"
    for entity, count in manifest["counts"].items():
        if entity == "receipt":
            continue
        assert len(members[f"records/{entity}.jsonl"].splitlines()) == count, entity


def test_the_device_package_lists_every_member_with_size_and_hash(world: World) -> None:
    names, body, signature, payload = _outer(world.package)
    assert sorted(names) == sorted(OUTER)
    manifest, members = read_package(world.package, world.bureau_keys())
    assert json.loads(body) == manifest
    assert manifest["format"] == FORMAT and manifest["format_version"] == FORMAT_VERSION
    assert manifest["kind"] == "device_export" and manifest["receiver"] == world.bureau_id
    device = world.device_keys().public
    assert manifest["sender"] == {
        "device_id": world.device_id,
        "name": "城关镇安监办-1",
        "ed25519": device.sign,
        "x25519": device.box,
    }
    assert keyring.verify(device.sign, signature, body)
    assert manifest["sequence"] >= 1 and datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    _check_listing(manifest, payload, members)
    # the field work is all there, with every file its records name
    assert {"records/inspection.jsonl", "records/hazard.jsonl", "records/photo.jsonl", "records/document.jsonl"} <= set(
        members
    )
    photo = json.loads(members["records/photo.jsonl"].splitlines()[0])
    document = json.loads(members["records/document.jsonl"].splitlines()[0])
    assert photo["id"] == world.ids["photo_id"] and document["number"] == world.ids["document_number"]
    for needed in (photo["sha256"], photo["derived_sha256"], photo["thumb_sha256"], document["pdf_sha256"]):
        assert f"media/{needed}" in members
    # the device's private keys never travel
    for secret in world.device_keys().private_bytes():
        assert secret.hex().encode() not in body and secret.hex().encode() not in b"".join(members.values())


def test_a_bureau_update_lists_every_member_with_size_and_hash(world: World) -> None:
    with world.open(world.bureau) as app:
        update = sync_export.export_for_device(app, world.device_id, world.out("update.pkg"))
    names, body, signature, payload = _outer(update.path)
    manifest, members = read_package(update.path)
    assert sorted(names) == sorted(OUTER) and manifest["kind"] == "bureau_update"
    assert manifest["receiver"] == world.device_id and manifest["sender"]["device_id"] == world.bureau_id
    assert keyring.verify(world.bureau_keys().public.sign, signature, body)
    _check_listing(manifest, payload, members)


def test_the_device_package_is_encrypted_by_default(world: World) -> None:
    _names, body, _sig, payload = _outer(world.package)
    manifest = json.loads(body)
    assert not zipfile.is_zipfile(io.BytesIO(payload))
    assert manifest["payload"]["encryption"]["alg"] == "X25519-HKDF-SHA256-AES256GCM-STREAM"
    _manifest, members = read_package(world.package, world.bureau_keys())
    for plain in (b"records/", world.ids["document_number"].encode(), members[f"media/{world.ids['photo_sha']}"][:64]):
        assert plain not in payload
    # Only the bureau it is for can open it.
    with pytest.raises(Exception, match="authentication"):
        read_package(world.package, keyring.generate())


def test_the_cli_exports_encrypted_unless_told_not_to(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    encrypted, plain = world.out("cli-encrypted.pkg"), world.out("cli-plain.pkg")
    assert main(["--data-dir", str(world.device), "export", "--out", str(encrypted)]) == 0
    assert main(["--data-dir", str(world.device), "export", "--out", str(plain), "--no-encrypt"]) == 0
    out = capsys.readouterr().out
    assert out.count("已导出数据包") == 2
    assert json.loads(_outer(encrypted)[1])["payload"]["encryption"] is not None
    assert not zipfile.is_zipfile(io.BytesIO(_outer(encrypted)[3]))
    _names, body, _sig, payload = _outer(plain)
    manifest = json.loads(body)
    assert manifest["payload"]["encryption"] is None and zipfile.is_zipfile(io.BytesIO(payload))
    with zipfile.ZipFile(io.BytesIO(payload)) as inner:
        assert set(inner.namelist()) == set(manifest["members"])
    # Both arrive: the plain one is accepted (the signature still protects it) and the encrypted one then adds
    # nothing new.
    first = imported(world.bureau, plain)
    assert first.status == "applied" and first.counts["inspection"] == {"added": 1}
    second = imported(world.bureau, encrypted)
    assert second.status == "applied" and "added" not in second.counts.get("inspection", {})


def test_cli_import_dry_run_prints_counts_and_changes_nothing(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(world.bureau)
    assert main(["--data-dir", str(world.bureau), "import", str(world.package), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("预演（未写入）：device_export 数据包")
    for line in ("inspection: 新增 1", "hazard: 新增 1", "hazardevent: 新增 2", "photo: 新增 1", "document: 新增 1"):
        assert line in out, out
    assert "证据文件" not in out  # nothing is written in a dry run, evidence files included
    assert_same(before, snapshot(world.bureau))
    # The real import then reports the same counts, and writes.
    assert main(["--data-dir", str(world.bureau), "import", str(world.package)]) == 0
    real = capsys.readouterr().out
    assert real.startswith("已导入：") and "证据文件：新增 4" in real
    assert real.splitlines()[1:-1] == out.splitlines()[1:]
    assert snapshot(world.bureau) != before
    assert main(["--data-dir", str(world.bureau), "conflicts", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--data-dir", str(world.bureau), "sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert [(p["direction"], p["kind"], p["sender_id"]) for p in status["packages"]][0] == (
        "in",
        "device_export",
        world.device_id,
    )


def test_a_second_export_holds_the_same_records_until_the_receipt(world: World) -> None:
    _m, first = read_package(world.package, world.bureau_keys())
    with world.open(world.device) as app:
        again = sync_export.export_for_bureau(app, world.out("again.pkg"))
    _m, second = read_package(again.path, world.bureau_keys())
    first_records, second_records = _records(first), _records(second)
    assert first_records <= second_records, "the second export lost records the bureau has not confirmed"
    assert {e for e, _i, _v in second_records - first_records} <= {"auditevent"}  # the first export's own audit
    assert {n for n in first if n.startswith("media/")} == {n for n in second if n.startswith("media/")}

    # The bureau imports the first and answers with its receipt; the device takes it in.
    assert imported(world.bureau, world.package).status == "applied"
    with world.open(world.bureau) as app:
        receipt = sync_export.export_for_device(app, world.device_id, world.out("receipt.pkg"))
    report = imported(world.device, receipt.path)
    assert report.status == "applied" and report.acknowledged >= len(first_records)

    # A new change on the device: the next export holds it and nothing the bureau already confirmed.
    with world.open(world.device, actor="张建国") as app:
        hazards.move(app, world.ids["hazard_id"], HazardStatus.RECTIFYING, note="企业已开始整改")
        later = sync_export.export_for_bureau(app, world.out("later.pkg"))
    _m, third = read_package(later.path, world.bureau_keys())
    third_records = _records(third)
    assert not third_records & first_records, sorted(third_records & first_records)[:5]
    entities = {e for e, _i, _v in third_records}
    assert {"hazard", "hazardevent"} <= entities
    assert not entities & {"inspection", "itemresult", "photo", "document", "inspectioninspector"}
    assert not [n for n in third if n.startswith("media/")], "evidence the bureau already holds was sent again"
    (sent_before,) = [v for e, i, v in first_records if (e, i) == ("hazard", world.ids["hazard_id"])]
    (sent_now,) = [v for e, i, v in third_records if (e, i) == ("hazard", world.ids["hazard_id"])]
    assert sent_now > sent_before
    # and the bureau takes it: the hazard moves on there too
    assert imported(world.bureau, later.path).counts["hazardevent"] == {"added": 1}
    with world.open(world.bureau) as app:
        assert hazards.get_hazard(app, world.ids["hazard_id"]).status == HazardStatus.RECTIFYING.value


def test_device_status_shows_the_receipt(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(world.device), "sync", "status"]) == 0
    assert "等待局端回执" in capsys.readouterr().out
    imported(world.bureau, world.package)
    with world.open(world.bureau) as app:
        receipt = sync_export.export_for_device(app, world.device_id, world.out("receipt.pkg"))
    imported(world.device, receipt.path)
    assert main(["--data-dir", str(world.device), "sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    sent = [p for p in status["packages"] if p["direction"] == "out"]
    assert sent and all(p["acknowledged"] for p in sent)
