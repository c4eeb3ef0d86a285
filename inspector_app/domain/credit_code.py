"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character over the first 17."""

from __future__ import annotations

from inspector_app.domain.errors import ValidationError

# GB 32100 uses the digits and 21 capital letters; I, O, Z, S and V are left out to avoid misreading.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The 18th character for the given 17; raises ValueError on characters outside the alphabet."""
    if len(first17) != 17:
        raise ValueError("need exactly 17 characters")
    try:
        total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not in the GB 32100 alphabet") from None
    return ALPHABET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Trim spaces (including full-width ones) and fold to upper case, as a clerk would when copying."""
    return "".join(code.split()).replace("\u3000", "").upper()


def validate(code: str) -> str:
    """Return the normalised code, or raise ValidationError with a message that says what to fix."""
    text = normalise(code)
    if not text:
        raise ValidationError("请填写统一社会信用代码（18位）")
    if len(text) != 18:
        raise ValidationError(f"统一社会信用代码应为18位，现在是{len(text)}位：{text}")
    bad = [ch for ch in text if ch not in _VALUE]
    if bad:
        shown = "、".join(dict.fromkeys(bad))
        raise ValidationError(
            f"统一社会信用代码含有不允许的字符“{shown}”（不使用字母I、O、Z、S、V，请核对是否把数字看成了字母）"
        )
    if check_character(text[:17]) != text[17]:
        raise ValidationError(f"统一社会信用代码校验位不符：{text}，请逐位核对营业执照上的代码")
    return text


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except ValidationError:
        return False
    return True
