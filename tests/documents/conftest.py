"""Realistic DocumentData for the renderer tests, and helpers that read a PDF back with poppler's tools."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from inspector_app.documents.data import DocumentData, Finding, Officer, Party, PhotoEntry, PriorDecision
from inspector_app.domain.enums import DocumentKind

AUTHORITY = "湘中县应急管理局"
ENTERPRISE = "湘中县宏达精细化工有限公司"
GOVERNMENT = "湘中县人民政府"
COURT = "湘潭铁路运输法院"
OFFICERS = (("王建国", "43030219001"), ("李晓梅", "43030219017"))

FINDINGS = (
    Finding(
        text="二号甲类仓库内可燃气体检测报警仪未定期检定，现场检查时报警仪处于故障状态",
        basis="《中华人民共和国安全生产法》第三十六条第一款",
        measure="立即维修或更换可燃气体检测报警仪，并委托有资质的机构检定",
        major=True,
        item_id="hc-4.2.1",
    ),
    Finding(
        text="企业未按规定对新入职的3名操作人员进行安全生产教育和培训即安排上岗",
        basis="《中华人民共和国安全生产法》第二十八条第一款",
        measure="对上述人员进行不少于72学时的安全培训，经考核合格后方可上岗，并建立培训档案",
        item_id="hc-2.1.3",
    ),
    Finding(
        text="危险化学品装卸作业区东侧疏散通道被空桶堆放占用",
        basis="《中华人民共和国安全生产法》第四十二条第二款",
        measure="清理疏散通道，保持畅通，并设置禁止占用警示标志",
        item_id="hc-3.4.2",
    ),
)

KINDS = tuple(DocumentKind)
NUMBERS = {
    DocumentKind.INSPECTION_RECORD: "（湘中）应急检记〔2026〕12号",
    DocumentKind.ONSITE_DECISION: "（湘中）应急现决〔2026〕5号",
    DocumentKind.RECTIFICATION_ORDER: "（湘中）应急责改〔2026〕12号",
    DocumentKind.REVIEW_OPINION: "（湘中）应急复查〔2026〕3号",
    DocumentKind.REFERRAL: "（湘中）应急移〔2026〕2号",
    DocumentKind.SE_DIRECTIVE: "（湘中）市监特指〔2026〕7号",
}
REFERRAL_AUTHORITY = "湘中县市场监督管理局"


def signature_png(text_width: int = 320, seed: int = 0) -> bytes:
    """A small transparent PNG with a few strokes, like the signature pad produces."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (text_width, 100), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    for i in range(5):
        x = 20 + i * 55 + seed
        draw.line([(x, 70), (x + 30, 20), (x + 45, 80)], fill=(10, 10, 60, 255), width=5)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def photo_jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (640, 480)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle([size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4], outline=(255, 255, 255), width=8)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def make_photo(n: int, finding_no: int | None = 1) -> PhotoEntry:
    import hashlib

    jpeg = photo_jpeg(((n * 53) % 256, (n * 97) % 256, (n * 31 + 80) % 256))
    return PhotoEntry(
        jpeg=jpeg,
        caption=f"现场照片{n}：二号甲类仓库报警仪",
        finding_no=finding_no,
        taken_at=datetime(2026, 11, 20, 1, 30 + n, tzinfo=UTC),  # 09:3n Beijing time
        gps=(27.857412 + n / 1_000_000, 112.912345),
        added_by="root",  # the OS login: never printed
        sha256=hashlib.sha256(jpeg).hexdigest(),
        taken_by="王建国",
        place="二号甲类仓库",
    )


def make_document(kind: DocumentKind | str = DocumentKind.RECTIFICATION_ORDER, **changes: Any) -> DocumentData:
    kind = DocumentKind(kind)
    data = DocumentData(
        kind=kind.value,
        number=NUMBERS[kind],
        authority=AUTHORITY,
        header=f"{AUTHORITY}安全生产行政执法文书",
        party=Party(
            name=ENTERPRISE,
            credit_code="91430321MA4L2B3C4D",
            address="湘中县经济开发区化工园区纬二路8号",
            legal_representative="赵志强",
            contact_person="孙丽",
            contact_phone="0731-57812345",
        ),
        officers=tuple(Officer(name, cert) for name, cert in OFFICERS),
        inspection_started=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),  # 9:30 Beijing time
        inspection_ended=datetime(2026, 11, 20, 3, 45, tzinfo=UTC),
        place="二号甲类仓库、危险化学品装卸作业区、中控室",
        issued_on=date(2026, 11, 20),
        findings=FINDINGS,
        summary="检查了企业安全生产责任制落实、从业人员培训、重大危险源监控及现场作业情况。\n企业能提供安全生产管理制度和操作规程。",
        deadline=date(2026, 12, 5),
        decisions=(
            "责令立即停止使用二号甲类仓库，撤出仓库内作业人员",
            "责令在可燃气体检测报警仪检定合格前暂停危险化学品装卸作业",
        ),
        decision_basis="《中华人民共和国安全生产法》第六十五条第一款第（三）项",
        remedy_government=GOVERNMENT,
        remedy_court=COURT,
        enterprise_signer="赵志强",
    )
    if kind is DocumentKind.REVIEW_OPINION:
        data = replace(
            data,
            prior=PriorDecision("责令限期整改指令书", NUMBERS[DocumentKind.RECTIFICATION_ORDER], date(2026, 11, 20)),
            issued_on=date(2026, 12, 8),
            findings=(
                replace(FINDINGS[0], review="passed", review_note="已更换报警仪并取得检定证书"),
                replace(
                    FINDINGS[1],
                    review="failed",
                    review_note="仍有1名操作人员未完成培训",
                    new_deadline=date(2026, 12, 20),
                ),
                replace(FINDINGS[2], review="passed"),
            ),
        )
    if kind is DocumentKind.REFERRAL:
        record = DocumentKind.INSPECTION_RECORD
        data = replace(
            data,
            recipient=REFERRAL_AUTHORITY,
            prior=PriorDecision(record.label, NUMBERS[record], date(2026, 11, 20)),
            deadline=None,
            enterprise_signer="",
        )
    return replace(data, **changes)


@pytest.fixture
def document() -> Callable[..., DocumentData]:
    return make_document


# ---- poppler ------------------------------------------------------------------------------------------------


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not on PATH: install it with `apt-get install -y poppler-utils`")
    return path


def run_tool(tool: str, *args: str) -> str:
    exe = _need(tool)
    result = subprocess.run([exe, *args], capture_output=True, timeout=120, check=True)
    return result.stdout.decode("utf-8", "replace")


class Pdf:
    """A rendered PDF on disk, read back with pdftotext / pdfinfo / pdffonts / pdfimages."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def text(self, first: int | None = None, last: int | None = None, *, raw: bool = False) -> str:
        """pdftotext's reading order; raw=True keeps content-stream order (each table cell's lines together)."""
        args = ["-enc", "UTF-8", *(["-raw"] if raw else [])]
        if first is not None:
            args += ["-f", str(first)]
        if last is not None:
            args += ["-l", str(last)]
        return run_tool("pdftotext", *args, str(self.path), "-")

    def flat_text(self, first: int | None = None, last: int | None = None, *, raw: bool = False) -> str:
        """The text with all whitespace removed: wrapped lines of Chinese text join up again."""
        return re.sub(r"\s+", "", self.text(first, last, raw=raw))

    def page_text(self, page: int) -> str:
        return self.text(page, page)

    def info(self) -> dict[str, str]:
        out = run_tool("pdfinfo", "-enc", "UTF-8", str(self.path))
        return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}

    @property
    def pages(self) -> int:
        return int(self.info()["Pages"])

    def fonts(self) -> list[dict[str, str]]:
        lines = run_tool("pdffonts", str(self.path)).splitlines()
        # name type encoding emb sub uni object ID: the name has no spaces; the type may ("CID TrueType").
        rows = []
        for line in lines[2:]:
            parts = line.split()
            rows.append(
                {
                    "name": parts[0],
                    "type": " ".join(parts[1:-6]),
                    "encoding": parts[-6],
                    "emb": parts[-5],
                    "sub": parts[-4],
                    "uni": parts[-3],
                }
            )
        return rows

    def images(self) -> list[dict[str, str]]:
        lines = run_tool("pdfimages", "-list", str(self.path)).splitlines()
        header = lines[0].split()
        return [dict(zip(header, line.split(), strict=False)) for line in lines[2:]]


@pytest.fixture
def pdf_of(tmp_path: Path) -> Callable[[bytes], Pdf]:
    counter = iter(range(1000))

    def save(blob: bytes) -> Pdf:
        path = tmp_path / f"doc-{next(counter)}.pdf"
        path.write_bytes(blob)
        return Pdf(path)

    return save
