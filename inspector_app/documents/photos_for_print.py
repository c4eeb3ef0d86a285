"""Photos for the printed evidence appendix: small enough to keep a PDF with dozens of photos light.

A 12 MP camera JPEG is decoded at reduced size straight from the DCT data (Pillow's draft mode: 1/2, 1/4 or
1/8 scale, far cheaper than a full decode), then resized to `long_side` and saved as a baseline JPEG. The
EXIF orientation is applied to the pixels (a PDF viewer ignores EXIF) and all metadata is dropped: GPS and
capture time are printed beside the photo from the evidence record, not smuggled in the file.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps

LONG_SIDE = 1600
QUALITY = 80


def downscale_for_print(image_bytes: bytes, long_side: int = LONG_SIDE, quality: int = QUALITY) -> bytes:
    """JPEG (or PNG) bytes -> JPEG bytes whose longer side is at most `long_side` pixels."""
    if long_side < 1:
        raise ValueError("long_side must be positive")
    with Image.open(io.BytesIO(image_bytes)) as img:
        if img.format == "JPEG":
            # draft() picks the strongest DCT scale (1/2, 1/4, 1/8) that still gives at least this size.
            w, h = img.size
            scale = min(1.0, long_side / max(w, h))
            img.draft("RGB", (max(1, int(w * scale)), max(1, int(h * scale))))
        img.load()
        out = ImageOps.exif_transpose(img)
    if out.mode not in ("RGB", "L"):
        out = _flatten(out)
    w, h = out.size
    scale = long_side / max(w, h)
    if scale < 1:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        out = out.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _flatten(img: Image.Image) -> Image.Image:
    """Transparency onto white (a PNG screenshot or scan); palettes and CMYK to RGB."""
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")
