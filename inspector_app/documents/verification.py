"""The signed verification code printed as a QR on page 1 of every document.

Anyone who scans it reads, in plain text, the facts a reader of the paper should check (文号, issuing authority and
device, 被检查单位 and its 统一社会信用代码, issue date, deadlines) together with the document's content hash, the
issuing device's Ed25519 public key and its signature over all of that. The fields are readable on any phone; the
signature makes them trustworthy once the key is known to belong to a device the bureau enrolled.

Format (UTF-8, one line, fields separated by "|"):

    INSPDOC2|文号|执法机关|签发终端|被检查单位|统一社会信用代码|签发日期|期限,期限…|内容哈希|公钥|签名

Dates are YYYYMMDD; the hash, key and signature are unpadded base64url (32, 32 and 64 bytes). The signature covers
the UTF-8 bytes of everything before the last "|". Printed text never contains "|" (a "|" in a name becomes the
full-width "｜"), so the split is unambiguous.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from inspector_app.documents.data import DocumentData
from inspector_app.domain.errors import ValidationError

PREFIX = "INSPDOC2"
LEGACY_PREFIX = "INSPDOC"  # the unsigned "INSPDOC|文号|hash" of documents issued before signing
SEP = "|"
FIELDS = 11
_B64 = re.compile(r"^[A-Za-z0-9_-]*$")
_DATE = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class Facts:
    """What the code asserts about the paper it is printed on."""

    number: str
    authority: str
    device: str  # the issuing device's name, as the bureau enrolled it
    party: str
    credit_code: str
    issued_on: date
    deadlines: tuple[date, ...]
    content_hash: str  # hex SHA-256 of DocumentData.content_hash()

    def lines(self) -> list[str]:
        """The facts as a reader compares them with the paper."""
        deadlines = "、".join(_cn_date(d) for d in self.deadlines) or "（无）"
        return [
            f"文号：{self.number}",
            f"执法机关：{self.authority}（签发终端：{self.device}）",
            f"被检查单位：{self.party}（统一社会信用代码 {self.credit_code}）",
            f"签发日期：{_cn_date(self.issued_on)}",
            f"整改期限：{deadlines}",
            f"内容哈希：{self.content_hash}",
        ]


@dataclass(frozen=True)
class Sealed:
    """A parsed code: the facts, the key that claims them and its signature over them."""

    facts: Facts
    public_key: bytes  # raw 32-byte Ed25519
    signature: bytes

    @property
    def public_key_hex(self) -> str:
        return self.public_key.hex()

    def signature_holds(self) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(
                self.signature, signing_bytes(self.facts, self.public_key)
            )
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Legacy:
    """The unsigned code of a document issued before codes were signed: it proves nothing by itself."""

    number: str
    content_hash: str


def facts_of(data: DocumentData, device: str) -> Facts:
    deadlines = {f.deadline for f in data.findings if f.deadline is not None}
    if data.deadline is not None:
        deadlines.add(data.deadline)
    return Facts(
        number=_clean(data.number),
        authority=_clean(data.authority),
        device=_clean(device),
        party=_clean(data.party.name),
        credit_code=_clean(data.party.credit_code),
        issued_on=data.issued_on,
        deadlines=tuple(sorted(deadlines)),
        content_hash=data.content_hash(),
    )


def signing_bytes(facts: Facts, public_key: bytes) -> bytes:
    return _body(facts, public_key).encode("utf-8")


def sign(facts: Facts, key: Ed25519PrivateKey) -> str:
    """The QR text for `facts`, signed by `key`."""
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signature = key.sign(signing_bytes(facts, public))
    return f"{_body(facts, public)}{SEP}{_b64(signature)}"


def parse(text: str) -> Sealed | Legacy:
    """The code read off a page. Raises ValidationError (one line in Chinese) for anything that is not one."""
    text = text.strip()
    fields = text.split(SEP)
    if fields[0] == LEGACY_PREFIX and len(fields) == 3 and re.fullmatch(r"[0-9a-f]{64}", fields[2]):
        return Legacy(fields[1], fields[2])
    if fields[0] != PREFIX:
        if fields[0].startswith(LEGACY_PREFIX):
            raise ValidationError(f"核验码版本“{fields[0]}”不是本程序能识别的版本，请升级程序后再核验")
        raise ValidationError("二维码不是安全生产执法文书的核验码（不是本系统签发的文书）")
    if len(fields) != FIELDS:
        raise ValidationError(f"核验码不完整或已损坏（应有 {FIELDS} 段，读到 {len(fields)} 段），请重新扫描")
    _, number, authority, device, party, credit, issued, deadlines, digest, key, sig = fields
    content_hash = _unb64(digest, 32, "内容哈希").hex()
    public_key = _unb64(key, 32, "公钥")
    signature = _unb64(sig, 64, "签名")
    facts = Facts(
        number=number,
        authority=authority,
        device=device,
        party=party,
        credit_code=credit,
        issued_on=_date(issued),
        deadlines=tuple(_date(d) for d in deadlines.split(",") if d),
        content_hash=content_hash,
    )
    return Sealed(facts, public_key, signature)


def _body(facts: Facts, public_key: bytes) -> str:
    fields = [
        PREFIX,
        facts.number,
        facts.authority,
        facts.device,
        facts.party,
        facts.credit_code,
        facts.issued_on.strftime("%Y%m%d"),
        ",".join(d.strftime("%Y%m%d") for d in facts.deadlines),
        _b64(bytes.fromhex(facts.content_hash)),
        _b64(public_key),
    ]
    return SEP.join(fields)


def _clean(text: str) -> str:
    return " ".join(text.replace(SEP, "｜").split())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str, size: int, what: str) -> bytes:
    if not _B64.match(text):
        raise ValidationError(f"核验码已损坏：{what}含有无效字符，请重新扫描")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValidationError(f"核验码已损坏：{what}无法解码，请重新扫描") from None
    if len(raw) != size:
        raise ValidationError(f"核验码不完整：{what}应为 {size} 字节，读到 {len(raw)} 字节，请重新扫描")
    return raw


def _date(text: str) -> date:
    if not _DATE.match(text):
        raise ValidationError(f"核验码已损坏：日期“{text}”格式不对，请重新扫描")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise ValidationError(f"核验码已损坏：日期“{text}”不存在，请重新扫描") from None


def _cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
