"""prepare()/prepare_bytes(): original untouched, bounded evidence copy and thumbnail, EXIF time and GPS."""

from __future__ import annotations

import hashlib
import io
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from inspector_app.domain.errors import ValidationError
from inspector_app.evidence.photos import (
    EVIDENCE_LONG_SIDE,
    THUMB_LONG_SIDE,
    PreparedPhoto,
    prepare,
    prepare_bytes,
)
from tests.conftest import jpeg_bytes

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 0x9003
DATETIME = 0x0132


def encode(img: Image.Image, fmt: str = "JPEG", **kwargs: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def opened(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def with_exif(
    size: tuple[int, int] = (64, 48),
    *,
    gps: dict[int, object] | None = None,
    original: str | None = None,
    modified: str | None = None,
) -> bytes:
    img = Image.new("RGB", size, (90, 120, 30))
    exif = img.getexif()
    if original is not None:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = original
    if modified is not None:
        exif[DATETIME] = modified
    if gps is not None:
        exif.get_ifd(GPS_IFD).update(gps)
    return encode(img, exif=exif)


def noisy_jpeg(size: tuple[int, int] = (480, 360), seed: int = 1234) -> bytes:
    rnd = random.Random(seed)
    img = Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3))
    return encode(img, quality=92)


# --- the original ------------------------------------------------------------------------------------


def test_original_bytes_are_kept_byte_identical(make_jpeg) -> None:  # type: ignore[no-untyped-def]
    path: Path = make_jpeg(size=(320, 240))
    raw = path.read_bytes()
    p = prepare(path)
    assert isinstance(p, PreparedPhoto)
    assert p.original == raw
    assert p.sha256 == hashlib.sha256(raw).hexdigest()
    assert p.mime == "image/jpeg"
    assert p.name == path.name
    assert (p.width, p.height) == (320, 240)
    assert path.read_bytes() == raw  # the source file itself is not modified


def test_prepare_bytes_uses_given_name() -> None:
    p = prepare_bytes(jpeg_bytes(size=(40, 30)), "现场照片.jpg")
    assert p.name == "现场照片.jpg"


def test_evidence_and_thumbnail_are_jpeg_and_differ_from_original() -> None:
    data = jpeg_bytes(size=(400, 300))
    p = prepare_bytes(data, "a.jpg")
    assert opened(p.evidence).format == "JPEG"
    assert opened(p.thumbnail).format == "JPEG"
    assert p.evidence != p.original


def test_prepare_is_deterministic() -> None:
    """Same input, same derived bytes: re-attaching a photo must not create new derived files."""
    data = jpeg_bytes(size=(500, 400))
    a = prepare_bytes(data, "a.jpg")
    b = prepare_bytes(data, "b.jpg")
    assert (a.evidence, a.thumbnail) == (b.evidence, b.thumbnail)


# --- sizes -------------------------------------------------------------------------------------------


def test_big_photo_evidence_copy_is_bounded() -> None:
    data = encode(Image.new("RGB", (4000, 3000), (40, 80, 120)), quality=70)
    p = prepare_bytes(data, "big.jpg")
    ev = opened(p.evidence)
    th = opened(p.thumbnail)
    assert (p.width, p.height) == (4000, 3000)  # the original's own size
    assert max(ev.size) <= EVIDENCE_LONG_SIDE == 2048
    assert ev.size == (2048, 1536)  # aspect kept, not shrunk more than needed
    assert max(th.size) <= THUMB_LONG_SIDE == 320
    assert th.size == (320, 240)
    assert p.original == data


def test_small_photo_is_not_upscaled() -> None:
    p = prepare_bytes(jpeg_bytes(size=(300, 200)), "small.jpg")
    assert opened(p.evidence).size == (300, 200)
    assert opened(p.thumbnail).size == (300, 200)


def test_medium_photo_thumbnail_bounded_evidence_untouched_size() -> None:
    p = prepare_bytes(jpeg_bytes(size=(1000, 500)), "m.jpg")
    assert opened(p.evidence).size == (1000, 500)
    assert opened(p.thumbnail).size == (320, 160)


# --- orientation -------------------------------------------------------------------------------------


def test_exif_orientation_6_is_applied_to_evidence_copy(make_jpeg) -> None:  # type: ignore[no-untyped-def]
    p = prepare(make_jpeg(size=(400, 200), orientation=6))
    ev = opened(p.evidence)
    assert ev.size == (200, 400)
    assert (p.width, p.height) == (200, 400)  # recorded as seen, like the evidence copy
    assert max(opened(p.thumbnail).size) <= THUMB_LONG_SIDE
    assert opened(p.thumbnail).size == (160, 320)
    # the evidence copy is upright, so it must not carry the rotation flag again
    assert ev.getexif().get(0x0112, 1) == 1


def test_exif_orientation_6_rotates_the_right_way() -> None:
    """Orientation 6 means "rotate 90° clockwise to view": the stored top-left corner ends up top-right."""
    img = Image.new("RGB", (400, 200), (255, 255, 255))
    img.paste((0, 0, 0), (0, 0, 40, 40))  # black block at stored top-left
    exif = Image.Exif()
    exif[0x0112] = 6
    p = prepare_bytes(encode(img, quality=95, exif=exif), "r.jpg")
    ev = opened(p.evidence).convert("L")
    assert ev.size == (200, 400)
    assert ev.getpixel((200 - 10, 10)) < 60  # top-right is black
    assert ev.getpixel((10, 10)) > 200  # top-left is white


def test_big_rotated_photo_is_bounded_after_rotation() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    data = encode(Image.new("RGB", (4000, 3000), (1, 2, 3)), quality=60, exif=exif)
    p = prepare_bytes(data, "rot.jpg")
    assert opened(p.evidence).size == (1536, 2048)


# --- EXIF time ---------------------------------------------------------------------------------------


def test_datetime_original_is_beijing_time_converted_to_utc() -> None:
    p = prepare_bytes(with_exif(original="2026:11:20 14:30:00"), "t.jpg")
    assert p.taken_at == datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
    assert p.taken_at is not None and p.taken_at.utcoffset() is not None


def test_taken_at_crosses_midnight_into_previous_day() -> None:
    p = prepare_bytes(with_exif(original="2026:01:01 03:15:00"), "t.jpg")
    assert p.taken_at == datetime(2025, 12, 31, 19, 15, tzinfo=UTC)


def test_datetime_original_wins_over_modification_time() -> None:
    p = prepare_bytes(with_exif(original="2026:11:20 14:30:00", modified="2026:12:01 09:00:00"), "t.jpg")
    assert p.taken_at == datetime(2026, 11, 20, 6, 30, tzinfo=UTC)


def test_datetime_is_used_when_original_missing() -> None:
    p = prepare_bytes(jpeg_bytes(size=(40, 30), exif={DATETIME: "2026:03:05 08:00:00"}), "t.jpg")
    assert p.taken_at == datetime(2026, 3, 5, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize("raw", ["0000:00:00 00:00:00", "garbage", "2026-11-20 14:30:00", "    :  :     :  :  "])
def test_unparseable_exif_time_gives_none(raw: str) -> None:
    p = prepare_bytes(with_exif(original=raw), "t.jpg")
    assert p.taken_at is None


# --- GPS ---------------------------------------------------------------------------------------------


def test_gps_north_east_dms_to_decimal() -> None:
    data = with_exif(gps={1: "N", 2: (28.0, 33.0, 0.0), 3: "E", 4: (112.0, 21.0, 36.0)})
    p = prepare_bytes(data, "g.jpg")
    assert p.gps_lat == pytest.approx(28.55, abs=1e-6)
    assert p.gps_lon == pytest.approx(112.36, abs=1e-6)


def test_gps_south_west_are_negative() -> None:
    data = with_exif(gps={1: "S", 2: (33.0, 51.0, 54.0), 3: "W", 4: (70.0, 30.0, 0.0)})
    p = prepare_bytes(data, "g.jpg")
    assert p.gps_lat == pytest.approx(-(33 + 51 / 60 + 54 / 3600), abs=1e-6)
    assert p.gps_lon == pytest.approx(-70.5, abs=1e-6)


def test_gps_fractional_seconds() -> None:
    data = with_exif(gps={1: "N", 2: (28.0, 12.0, 7.5), 3: "E", 4: (112.0, 0.0, 0.25)})
    p = prepare_bytes(data, "g.jpg")
    assert p.gps_lat == pytest.approx(28 + 12 / 60 + 7.5 / 3600, abs=1e-6)
    assert p.gps_lon == pytest.approx(112 + 0.25 / 3600, abs=1e-6)


def test_no_exif_gives_no_time_and_no_position() -> None:
    data = encode(Image.new("RGB", (64, 48), (1, 2, 3)))
    assert opened(data).getexif() == {}
    p = prepare_bytes(data, "plain.jpg")
    assert p.taken_at is None
    assert (p.gps_lat, p.gps_lon) == (None, None)


def test_gps_without_longitude_gives_none_for_both() -> None:
    p = prepare_bytes(with_exif(gps={1: "N", 2: (28.0, 33.0, 0.0)}), "g.jpg")
    assert (p.gps_lat, p.gps_lon) == (None, None)


def test_gps_out_of_range_is_dropped() -> None:
    p = prepare_bytes(with_exif(gps={1: "N", 2: (95.0, 0.0, 0.0), 3: "E", 4: (112.0, 0.0, 0.0)}), "g.jpg")
    assert (p.gps_lat, p.gps_lon) == (None, None)


# --- PNG ---------------------------------------------------------------------------------------------


def test_png_with_alpha_is_accepted_and_evidence_is_jpeg(tmp_path: Path) -> None:
    img = Image.new("RGBA", (120, 80), (255, 0, 0, 255))
    img.paste((0, 0, 0, 0), (0, 0, 60, 80))  # left half fully transparent
    path = tmp_path / "screen.png"
    path.write_bytes(encode(img, "PNG"))

    p = prepare(path)

    assert p.mime == "image/png"
    assert p.original == path.read_bytes()
    ev = opened(p.evidence)
    assert ev.format == "JPEG"
    assert ev.mode == "RGB"
    assert ev.size == (120, 80)
    assert opened(p.thumbnail).format == "JPEG"
    # transparency becomes white paper, not black
    r, g, b = ev.getpixel((10, 40))
    assert min(r, g, b) > 230
    r, g, b = ev.getpixel((100, 40))
    assert r > 200 and g < 60 and b < 60


def test_palette_png_with_transparency_is_accepted() -> None:
    img = Image.new("P", (30, 20), 0)
    p = prepare_bytes(encode(img, "PNG", transparency=0), "p.png")
    assert p.mime == "image/png"
    assert opened(p.evidence).format == "JPEG"


# --- rejections --------------------------------------------------------------------------------------


def test_text_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("这不是照片\n", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        prepare(path)
    assert "notes.txt" in str(info.value)
    assert "JPEG" in str(info.value) and "PNG" in str(info.value)


def test_text_file_renamed_to_jpg_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "fake.jpg"
    path.write_bytes(b"hello, not a jpeg at all")
    with pytest.raises(ValidationError, match="不是可识别的照片"):
        prepare(path)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    with pytest.raises(ValidationError) as info:
        prepare(path)
    assert "空文件" in str(info.value)
    assert "empty.jpg" in str(info.value)


def test_gif_is_rejected_with_format_named(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    path.write_bytes(encode(Image.new("RGB", (20, 20), (1, 2, 3)), "GIF"))
    with pytest.raises(ValidationError) as info:
        prepare(path)
    msg = str(info.value)
    assert "GIF" in msg
    assert "只接受 JPEG 或 PNG" in msg


def test_gif_renamed_to_jpg_is_still_rejected() -> None:
    with pytest.raises(ValidationError, match="GIF"):
        prepare_bytes(encode(Image.new("RGB", (20, 20)), "GIF"), "sneaky.jpg")


def test_directory_is_rejected(tmp_path: Path) -> None:
    folder = tmp_path / "照片文件夹"
    folder.mkdir()
    with pytest.raises(ValidationError) as info:
        prepare(folder)
    assert "文件夹" in str(info.value)


def test_missing_path_is_rejected(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jpg"
    with pytest.raises(ValidationError) as info:
        prepare(missing)
    assert "找不到" in str(info.value)
    assert "nope.jpg" in str(info.value)


def test_truncated_jpeg_is_rejected(tmp_path: Path) -> None:
    data = noisy_jpeg()
    assert len(data) > 100_000  # noisy enough that 60% lands deep in the scan data
    prepare_bytes(data, "whole.jpg")  # the uncut file is fine
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: int(len(data) * 0.6)])
    with pytest.raises(ValidationError) as info:
        prepare(path)
    msg = str(info.value)
    assert "不完整" in msg or "截断" in msg
    assert "cut.jpg" in msg


def test_truncated_jpeg_missing_only_end_marker_region_is_rejected() -> None:
    data = noisy_jpeg(seed=7)
    with pytest.raises(ValidationError, match="不完整|截断"):
        prepare_bytes(data[: int(len(data) * 0.97)], "almost.jpg")


def test_truncated_big_jpeg_is_rejected_despite_draft_decoding() -> None:
    """Draft mode decodes big photos at reduced scale; a cut file must still fail."""
    img = Image.effect_noise((2400, 1800), 90).convert("RGB")
    data = encode(img.resize((4400, 3300), Image.Resampling.NEAREST), quality=80)
    with pytest.raises(ValidationError, match="不完整|截断"):
        prepare_bytes(data[: int(len(data) * 0.6)], "big-cut.jpg")


def test_truncated_progressive_jpeg_is_rejected() -> None:
    rnd = random.Random(99)
    img = Image.frombytes("RGB", (320, 240), rnd.randbytes(320 * 240 * 3))
    data = encode(img, quality=90, progressive=True)
    with pytest.raises(ValidationError, match="不完整|截断"):
        prepare_bytes(data[: int(len(data) * 0.6)], "prog.jpg")


def test_truncated_png_is_rejected() -> None:
    rnd = random.Random(5)
    img = Image.frombytes("RGB", (200, 150), rnd.randbytes(200 * 150 * 3))
    data = encode(img, "PNG")
    with pytest.raises(ValidationError, match="不完整|截断"):
        prepare_bytes(data[: int(len(data) * 0.6)], "cut.png")


def test_header_only_jpeg_is_rejected() -> None:
    data = jpeg_bytes(size=(40, 30))
    with pytest.raises(ValidationError):
        prepare_bytes(data[:20], "stub.jpg")
