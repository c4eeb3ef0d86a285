"""Draw the program's icon (检 on a safety-orange tile) with the bundled font, at build time.

Drawn rather than committed so that no binary lives in git and the glyph always comes from the font the
program ships. Usage: python build/icon.py OUT.ico  (PNG if OUT ends in .png).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = size // 16
    pen.rounded_rectangle((margin, margin, size - margin, size - margin), radius=size // 6, fill=(226, 97, 26, 255))
    font = ImageFont.truetype(str(FONT), int(size * 0.62))
    pen.text((size / 2, size / 2), "检", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return image


def write(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    image = draw()
    if out.suffix.lower() == ".ico":
        image.save(out, sizes=ICO_SIZES)
    else:
        image.save(out)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        sys.exit(0 if len(sys.argv) == 2 else 2)
    print(write(Path(sys.argv[1])))
