"""Signed verification codes: made when a document is issued, checked when someone presents a PDF or a scan.

The code on page 1 carries the facts and the issuing device's signature, so a reader can check it offline. Whose
key it is comes from this database: its own device, its bureau, and the devices the bureau enrolled (a bureau
knows them from enrolment; a device learns them from bureau updates). With the issuing database at hand the paper
is also compared, line by line, with the PDF that was issued.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image
from sqlmodel import Session, col, select

from inspector_app.documents import scans
from inspector_app.documents import verification as code
from inspector_app.documents.data import DocumentData
from inspector_app.domain.enums import DocumentKind, Role
from inspector_app.domain.errors import ValidationError
from inspector_app.evidence.media_store import sha256_file
from inspector_app.services.context import App
from inspector_app.store.models import Device, Document, Setting
from inspector_app.sync import keys as keyring

PDF_DPI = 150  # pages of a presented PDF are compared at this resolution
QR_DPI = 200  # a PDF's page 1 is rendered at this resolution to read its code


@dataclass(frozen=True)
class Verdict:
    genuine: bool
    number: str
    message: str
    issuer: str = ""
    facts: tuple[str, ...] = ()
    differences: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """Everything to show, the verdict first."""
        out = [self.message]
        if self.issuer:
            out.append(f"签发者：{self.issuer}")
        out += [f"  {line}" for line in self.facts]
        out += [f"  不一致：{line}" for line in self.differences]
        return out


# ---- issuing ---------------------------------------------------------------------------------------------------


def seal(s: Session, app: App, data: DocumentData) -> DocumentData:
    """`data` with its signed verification code, by this device's key (inside the issuing transaction)."""
    pair = keyring.load_or_create(app.data.root / "keys")
    device = s.get(Device, app.device_id)
    public = pair.public.to_json()
    if device is not None and device.public_key != public:
        device.public_key = public  # the first document of a folder that never synced records its key here
        s.add(device)
    name = device.name if device is not None else ""
    return replace(data, qr_text=code.sign(code.facts_of(data, name or data.authority), pair.sign))


# ---- verifying -------------------------------------------------------------------------------------------------


def verify_file(app: App, path: Path) -> Verdict:
    """Is this PDF, photo or scan a genuine, unaltered document, and who signed it?"""
    try:
        digest = sha256_file(path)
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取文件：{path}（{exc.strerror or exc}）") from None
    if raw.startswith(b"%PDF"):
        return _verify_pdf(app, raw, digest)
    return _verify_image(app, raw, path.name)


def _verify_pdf(app: App, raw: bytes, digest: str) -> Verdict:
    with app.read() as s:
        doc = s.exec(select(Document).where(Document.pdf_sha256 == digest)).first()
        if doc is not None:
            replaced = s.exec(select(Document).where(Document.supersedes_id == doc.id)).first()
            note = f"；注意：已被 {replaced.number} 更正" if replaced else ""
            kind = DocumentKind(doc.kind).label
            message = f"真实有效：{kind} {doc.number}，与签发时的文件完全一致{note}"
            sealed = _stored_code(app, doc)
            if isinstance(sealed, code.Sealed):
                return Verdict(True, doc.number, message, _issuer(s, app, sealed)[0], tuple(sealed.facts.lines()))
            return Verdict(True, doc.number, message)
    try:
        presented = scans.Pdf(raw)
    except ValidationError:
        return _by_claimed_number(app, raw)
    try:
        found = scans.read_code(presented.render(1, QR_DPI)) if len(presented) else None
        text = found.text if found else _subject(presented)
        if not text:
            return _by_claimed_number(app, raw)
        parsed = code.parse(text)
        with app.read() as s:
            return _judge(s, app, parsed, _PdfPages(presented), altered_file=True)
    finally:
        presented.close()


def _verify_image(app: App, raw: bytes, name: str) -> Verdict:
    scan = scans.open_image(raw, name)
    found = scans.read_code(scan)
    if found is None:
        raise ValidationError(f"“{name}”中没有找到二维码：请拍摄或扫描文书第 1 页，二维码须完整、清晰、不反光")
    parsed = code.parse(found.text)
    with app.read() as s:
        return _judge(s, app, parsed, _ScanPage(scan, found), altered_file=False)


class _Pages:
    """What is compared with the issued PDF: a scanned page 1, or every page of a presented PDF."""

    def differences(self, issued: scans.Pdf) -> list[str]:
        raise NotImplementedError


class _ScanPage(_Pages):
    def __init__(self, scan: Image.Image, found: scans.Code) -> None:
        self.scan = scan
        self.found = found

    def differences(self, issued: scans.Pdf) -> list[str]:
        return [_describe(d) for d in scans.compare_scan(self.scan, self.found, issued)]


class _PdfPages(_Pages):
    def __init__(self, presented: scans.Pdf) -> None:
        self.presented = presented

    def differences(self, issued: scans.Pdf) -> list[str]:
        out: list[str] = []
        if len(self.presented) != len(issued):
            out.append(f"页数不同：签发时 {len(issued)} 页，现为 {len(self.presented)} 页")
        for page in range(1, min(len(issued), len(self.presented)) + 1):
            reference = issued.render(page, PDF_DPI)
            shown = self.presented.render(page, PDF_DPI)
            skip = None
            if page == 1:
                ref_code = scans.read_code(reference)
                skip = scans.qr_box(ref_code) if ref_code else None
            found = scans.differences(page, reference, shown, PDF_DPI, issued, skip=skip)
            out += [_describe(d) for d in found]
        return out


def _judge(s: Session, app: App, parsed: code.Sealed | code.Legacy, pages: _Pages, *, altered_file: bool) -> Verdict:
    if isinstance(parsed, code.Legacy):
        return _judge_legacy(s, app, parsed, pages, altered_file=altered_file)
    facts = parsed.facts
    if not parsed.signature_holds():
        return Verdict(
            False, facts.number, f"核验未通过：二维码签名无效（{facts.number}），二维码内容被改动过或不是签发终端所签"
        )
    issuer, trusted = _issuer(s, app, parsed)
    lines = tuple(facts.lines())
    doc = s.exec(select(Document).where(Document.number == facts.number)).first()
    if doc is None:
        if altered_file:
            return Verdict(False, facts.number, f"本数据库没有签发过文号为 {facts.number} 的文书", issuer, lines)
        if not trusted:
            return Verdict(
                False,
                facts.number,
                "二维码签名完整，但签名密钥不是本数据库认可的终端，无法确认签发者；下列内容仅供与纸面核对",
                issuer,
                lines,
            )
        return Verdict(
            True,
            facts.number,
            f"二维码签名有效（{facts.number}）；本数据库没有该文书的存档，无法比对纸面，请将下列签名内容与纸面逐项核对",
            issuer,
            lines,
        )
    stored = _stored_code(app, doc)
    if not isinstance(stored, code.Sealed) or stored.public_key != parsed.public_key:
        return Verdict(
            False,
            facts.number,
            f"不是本数据库签发的 {facts.number}：二维码由另一终端签名（{issuer}），与本数据库存档的签发者不同",
            issuer,
            lines,
        )
    fields = _fields_differ(stored.facts, facts)
    if fields or stored.signature != parsed.signature:
        what = "、".join(fields) or "签名"
        return Verdict(False, facts.number, f"二维码与本数据库签发的 {facts.number} 不符（{what}不同）", issuer, lines)
    return _compare_pages(app, doc, pages, issuer, lines, altered_file=altered_file)


def _judge_legacy(s: Session, app: App, parsed: code.Legacy, pages: _Pages, *, altered_file: bool) -> Verdict:
    doc = s.exec(select(Document).where(Document.number == parsed.number)).first()
    if doc is None or doc.content_hash != parsed.content_hash:
        return Verdict(
            False,
            parsed.number,
            f"旧式二维码没有签名，只能在签发它的数据库中核验；本数据库没有签发过内容相符的 {parsed.number}",
        )
    facts = (f"文号：{parsed.number}", f"内容哈希：{parsed.content_hash}", "（旧式二维码，无签名）")
    return _compare_pages(app, doc, pages, "本数据库存档", facts, altered_file=altered_file)


def _compare_pages(
    app: App, doc: Document, pages: _Pages, issuer: str, lines: tuple[str, ...], *, altered_file: bool
) -> Verdict:
    issued = scans.Pdf(app.media.read(doc.pdf_sha256))
    try:
        differ = tuple(pages.differences(issued))
    finally:
        issued.close()
    if altered_file:
        detail = f"，有 {len(differ)} 处页面内容不同" if differ else "（页面比对未见差异，但文件本身不是签发的那份）"
        message = f"文件已被改动：与 {doc.number} 签发时的文件不一致{detail}，不能作为该文书使用"
        return Verdict(False, doc.number, message, issuer, lines, differ)
    if differ:
        message = f"已被改动：纸面与 {doc.number} 签发时的文书有 {len(differ)} 处不一致（以二维码签名内容和存档为准）"
        return Verdict(False, doc.number, message, issuer, lines, differ)
    kind = DocumentKind(doc.kind).label
    message = f"真实有效：{kind} {doc.number}，二维码签名有效，纸面与签发时的文书逐行比对一致"
    return Verdict(True, doc.number, message, issuer, lines)


def _issuer(s: Session, app: App, sealed: code.Sealed) -> tuple[str, bool]:
    """Who holds the signing key, as far as this database knows, and whether the bureau vouches for it."""
    signed = f"{sealed.facts.authority}，终端“{sealed.facts.device}”"
    key = sealed.public_key_hex
    former = json.loads(_setting(s, "former_device_ids") or "[]")
    for device in s.exec(select(Device).where(col(Device.public_key).is_not(None))):
        keys = keyring.PublicKeys.from_json(device.public_key or "{}")
        if keys.sign != key:
            continue
        if device.id == app.device_id:
            return f"{signed}（本机的签名密钥）", True
        if device.role == Role.BUREAU.value:
            return f"{signed}（本局局端的签名密钥）", True
        if device.enrolled_at is not None:
            return f"{signed}（经局端登记的终端“{device.name}”的签名密钥）", True
        if device.id in former:
            return f"{signed}（本机登记前的签名密钥）", True
        return f"{signed}（终端“{device.name}”的密钥，未经局端登记）", False
    return f"{signed}（签名密钥 {key[:16]}… 本数据库不认识）", False


def _setting(s: Session, key: str) -> str:
    row = s.get(Setting, key)
    return row.value if row else ""


def _stored_code(app: App, doc: Document) -> code.Sealed | code.Legacy | None:
    """The code the issued PDF carries (its Subject holds the QR text; older ones only the content hash)."""
    if app.media.verify(doc.pdf_sha256) is not None:
        return None
    issued = scans.Pdf(app.media.read(doc.pdf_sha256))
    try:
        text = _subject(issued)
    finally:
        issued.close()
    try:
        return code.parse(text) if text.startswith(code.LEGACY_PREFIX) else code.Legacy(doc.number, doc.content_hash)
    except ValidationError:
        return None


def _subject(pdf: scans.Pdf) -> str:
    return pdf.metadata().get("Subject", "")


def _fields_differ(a: code.Facts, b: code.Facts) -> list[str]:
    names = {
        "number": "文号",
        "authority": "执法机关",
        "device": "签发终端",
        "party": "被检查单位",
        "credit_code": "统一社会信用代码",
        "issued_on": "签发日期",
        "deadlines": "整改期限",
        "content_hash": "内容哈希",
    }
    return [label for field, label in names.items() if getattr(a, field) != getattr(b, field)]


def _describe(d: scans.Difference) -> str:
    where = f"第 {d.page} 页距页顶约 {d.top_mm:.0f} 毫米处"
    return f"{where}：签发时为“{d.original}”" if d.original else f"{where}：多出了签发时没有的内容"


# ---- PDFs without a readable code: the number in the file's metadata -------------------------------------------

_KEYWORDS = re.compile(rb"/Keywords\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)")


def _by_claimed_number(app: App, raw: bytes) -> Verdict:
    claimed = _claimed_number(raw)
    with app.read() as s:
        if claimed:
            known = s.exec(select(Document).where(Document.number == claimed)).first()
            if known is not None:
                return Verdict(False, claimed, f"文件已被改动：与 {claimed} 签发时的文件不一致，不能作为该文书使用")
            return Verdict(False, claimed, f"本数据库没有签发过文号为 {claimed} 的文书")
    return Verdict(False, "", "不是本数据库签发的文书（文件哈希与所有已签发文书均不符）")


def _claimed_number(raw: bytes) -> str:
    match = _KEYWORDS.search(raw)
    if not match:
        return ""
    token = match.group(1)
    if token.startswith(b"<"):
        data = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())
        return data.decode("utf-16") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    body = re.sub(rb"\\([0-7]{1,3}|.)", _unescape, token[1:-1], flags=re.S)
    if body.startswith(b"\xfe\xff"):
        return body.decode("utf-16")
    return body.decode("utf-8", "replace")


_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\n": b""}


def _unescape(match: re.Match[bytes]) -> bytes:
    """PDF literal-string escapes: octal (ReportLab writes UTF-16 text this way) and the single-letter ones."""
    octal = match.group(1)
    if octal[:1] in b"01234567":
        return bytes([int(octal, 8) & 0xFF])
    return _ESCAPES.get(octal, octal)
