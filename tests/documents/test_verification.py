"""The signed verification code: format, signature, and reading it back off a 150-dpi scan of the page."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from inspector_app.documents import scans
from inspector_app.documents import verification as code
from inspector_app.documents.render import render_pdf
from inspector_app.domain.errors import ValidationError
from tests.documents.conftest import make_document

needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))

_text = st.text(alphabet=st.sampled_from("湘中县应急管理局宏达化工（）〔〕号ABC0123456789-·"), min_size=1, max_size=30)
_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
_facts = st.builds(
    code.Facts,
    number=_text,
    authority=_text,
    device=_text,
    party=_text,
    credit_code=st.from_regex(r"[0-9A-Z]{18}", fullmatch=True),
    issued_on=_day,
    deadlines=st.lists(_day, max_size=4, unique=True).map(lambda d: tuple(sorted(d))),
    content_hash=st.binary(min_size=32, max_size=32).map(bytes.hex),
)


@given(_facts)
def test_code_round_trips_and_its_signature_holds(facts: code.Facts) -> None:
    text = code.sign(facts, KEY)
    parsed = code.parse(text)
    assert isinstance(parsed, code.Sealed)
    assert parsed.facts == facts
    assert parsed.signature_holds()


@given(_facts, st.integers(min_value=1, max_value=9), _text)
def test_any_changed_fact_breaks_the_signature(facts: code.Facts, field: int, new: str) -> None:
    parts = code.sign(facts, KEY).split("|")
    changed = {
        6: (facts.issued_on + timedelta(days=1)).strftime("%Y%m%d"),
        7: (facts.issued_on + timedelta(days=40)).strftime("%Y%m%d"),
        8: code.sign(replace(facts, content_hash="ab" * 32), KEY).split("|")[8],
        9: code.sign(facts, OTHER_KEY).split("|")[9],
    }.get(field, new)
    if changed == parts[field]:
        changed = parts[field] + "改"
    parts[field] = changed
    try:
        parsed = code.parse("|".join(parts))
    except ValidationError:
        return  # not even a well-formed code any more
    assert isinstance(parsed, code.Sealed)
    assert not parsed.signature_holds()


@given(_facts, st.data())
def test_every_truncation_is_refused_in_one_line(facts: code.Facts, data: st.DataObject) -> None:
    text = code.sign(facts, KEY)
    cut = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    with pytest.raises(ValidationError) as caught:
        code.parse(text[:cut])
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("https://example.com/pay?id=1", "不是安全生产执法文书的核验码"),
        ("INSPDOC9|x|y", "不是本程序能识别的版本"),
        ("INSPDOC2|（湘中）应急责改〔2026〕12号|湘中县应急管理局", "不完整"),
    ],
)
def test_foreign_and_broken_codes_are_refused(text: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        code.parse(text)


def test_unsigned_legacy_code_is_recognised_for_what_it_is() -> None:
    parsed = code.parse("INSPDOC|（湘中）应急责改〔2026〕12号|" + "0f" * 32)
    assert parsed == code.Legacy("（湘中）应急责改〔2026〕12号", "0f" * 32)


def test_facts_carry_issuer_party_dates_and_every_deadline() -> None:
    data = make_document("rectification_order")
    data = replace(data, findings=(replace(data.findings[0], deadline=date(2026, 12, 1)), *data.findings[1:]))
    facts = code.facts_of(data, "执法终端|03")
    assert facts.number == data.number and facts.authority == data.authority
    assert facts.device == "执法终端｜03"  # the separator never appears inside a field
    assert (facts.party, facts.credit_code) == (data.party.name, data.party.credit_code)
    assert facts.issued_on == data.issued_on
    assert data.deadline is not None
    assert facts.deadlines == (date(2026, 12, 1), data.deadline)
    assert facts.content_hash == data.content_hash()


def test_same_document_signed_by_two_devices_gives_different_files() -> None:
    data = make_document("rectification_order")
    facts = code.facts_of(data, "执法终端01")
    one = render_pdf(replace(data, qr_text=code.sign(facts, KEY)))
    two = render_pdf(replace(data, qr_text=code.sign(facts, OTHER_KEY)))
    assert one != two
    assert replace(data, qr_text="x").content_hash() == data.content_hash()  # the code is made from the hash


# ---- reading the code off a scan ---------------------------------------------------------------------------


def _signed(**changes: object) -> tuple[bytes, str]:
    data = make_document("rectification_order")
    qr = code.sign(code.facts_of(data, "执法终端01"), KEY)
    return render_pdf(replace(data, qr_text=qr, **changes)), qr  # type: ignore[arg-type]


def _scan(pdf: bytes, tmp_path: Path, name: str, dpi: int = 150) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    out = tmp_path / name
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(path), str(out)],
        check=True,
        timeout=120,
    )
    return Path(f"{out}.png")


def _differences(issued: bytes, scan: Image.Image) -> list[scans.Difference]:
    found = scans.read_code(scan)
    assert found is not None
    return scans.compare_scan(scan, found, scans.Pdf(issued))


@needs_pdftoppm
def test_a_150_dpi_scan_and_its_jpeg_read_back_and_match_the_issued_page(tmp_path: Path) -> None:
    pdf, qr = _signed()
    png = _scan(pdf, tmp_path, "page")
    scan = scans.open_image(png.read_bytes(), png.name)
    found = scans.read_code(scan)
    assert found is not None and found.text == qr
    parsed = code.parse(found.text)
    assert isinstance(parsed, code.Sealed) and parsed.signature_holds()
    assert _differences(pdf, scan) == []
    buf = io.BytesIO()
    Image.open(png).convert("RGB").save(buf, format="JPEG", quality=85)
    jpeg = scans.open_image(buf.getvalue(), "page.jpg")
    found = scans.read_code(jpeg)
    assert found is not None and found.text == qr
    assert _differences(pdf, jpeg) == []


@needs_pdftoppm
def test_a_copy_with_an_edited_deadline_differs_on_that_line(tmp_path: Path) -> None:
    pdf, qr = _signed()
    edited, _ = _signed(deadline=date(2026, 12, 31))
    scan = scans.open_image(_scan(edited, tmp_path, "edited").read_bytes(), "edited.png")
    found = scans.read_code(scan)
    assert found is not None and found.text == qr  # the QR still carries the original, signed deadline
    parsed = code.parse(found.text)
    assert isinstance(parsed, code.Sealed) and parsed.facts.deadlines == (date(2026, 12, 5),)
    differ = _differences(pdf, scan)
    assert len(differ) == 1
    assert "2026年12月5日前整改完毕" in differ[0].original


@needs_pdftoppm
def test_a_slightly_rotated_200_dpi_scan_still_aligns(tmp_path: Path) -> None:
    pdf, _ = _signed()
    page = Image.open(_scan(pdf, tmp_path, "page", dpi=200)).convert("L")
    tilted = page.rotate(0.8, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    assert _differences(pdf, tilted) == []


def test_an_image_without_a_code_and_a_file_that_is_no_image() -> None:
    blank = Image.new("L", (800, 1100), 255)
    assert scans.read_code(blank) is None
    with pytest.raises(ValidationError, match="无法读取图片"):
        scans.open_image(bytes(range(256)) * 4, "noise.png")
