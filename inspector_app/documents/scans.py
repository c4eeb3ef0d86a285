"""Read the verification code off a page image, and tell where a scanned page differs from the issued PDF.

A scan is aligned on the QR code: its three finder corners give scale, rotation and offset against the issued page
rendered at the scan's resolution. Corner positions are only good to a pixel or so, which is several pixels at the
far end of the page, so each line of text is then matched on its own within a few pixels before it is compared.
Ink is compared with a one-pixel tolerance, so different rasterisers, printers and JPEG noise do not count as
changes; a changed date, number or name does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter, UnidentifiedImageError

from inspector_app.domain.errors import ValidationError

Box = tuple[int, int, int, int]
INK = 140  # grey level below which a pixel is surely ink
FAINT = 215  # below this it may be ink: a thin stroke one rasteriser draws grey and another black
Image.MAX_IMAGE_PIXELS = 120_000_000  # a 600-dpi A3 scan is ~70 Mpx; a decompression bomb is refused


@dataclass(frozen=True)
class Code:
    """A QR code found on a page: its text, and the symbol's corners (top left, top right, bottom left) in pixels."""

    text: str
    corners: tuple[tuple[float, float], tuple[float, float], tuple[float, float]]

    @property
    def side(self) -> float:
        (x0, y0), (x1, y1), _ = self.corners
        return float(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5)


@dataclass(frozen=True)
class Difference:
    """One line of the page where the scan and the issued page differ."""

    page: int
    top_mm: float  # from the top edge of the issued page
    pixels: int
    original: str  # the issued page's text where they differ ("" where it had none: something was added)
    box: Box | None = None  # where, in pixels of the reference page


def open_image(raw: bytes, name: str) -> Image.Image:
    try:
        img = Image.open(io.BytesIO(raw))
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(f"无法读取图片“{name}”：文件已损坏或不是 PNG/JPEG 图片（{type(exc).__name__}）") from None
    return img.convert("L")


def read_code(img: Image.Image) -> Code | None:
    """The first QR code on the image, or None."""
    import zxingcpp

    found = zxingcpp.read_barcodes(img, formats=zxingcpp.barcode_formats_from_str("QRCode"))
    for barcode in found:
        try:
            text = barcode.bytes.decode("utf-8")
        except UnicodeDecodeError:
            text = barcode.text
        pos = barcode.position
        corners = ((pos.top_left.x, pos.top_left.y), (pos.top_right.x, pos.top_right.y))
        return Code(text, (*corners, (pos.bottom_left.x, pos.bottom_left.y)))
    return None


class Pdf:
    """An issued or presented PDF, opened with PDFium for pixels and text."""

    def __init__(self, raw: bytes) -> None:
        import pypdfium2  # type: ignore[import-untyped]

        try:
            self._doc = pypdfium2.PdfDocument(raw)
        except pypdfium2.PdfiumError:
            raise ValidationError("PDF 文件已损坏，无法打开") from None

    def __len__(self) -> int:
        return len(self._doc)

    def render(self, page: int, dpi: float) -> Image.Image:
        bitmap = self._doc[page - 1].render(scale=dpi / 72, grayscale=True)
        img: Image.Image = bitmap.to_pil().convert("L")
        return img

    def text_in(self, page: int, dpi: float, box: tuple[int, int, int, int]) -> str:
        """The text inside `box` (pixels of the page rendered at `dpi`)."""
        pdf_page = self._doc[page - 1]
        height = pdf_page.get_height()
        k = 72 / dpi
        left, top, right, bottom = box
        text = pdf_page.get_textpage().get_text_bounded(left * k, height - bottom * k, right * k, height - top * k)
        return "".join(str(text).split())

    def metadata(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self._doc.get_metadata_dict().items()}

    def close(self) -> None:
        self._doc.close()


# The issued page's code is located on a sharp rendering: PDFium's anti-aliasing blurs a module of about two
# pixels (a signed code at 150 dpi) beyond what the decoder takes, though a scanner's or pdftoppm's pixels do.
LOCATE_DPI = 300


def reference_for(pdf: Pdf, page: int, scan_code: Code) -> tuple[Image.Image, float, Code]:
    """The issued page rendered so that its QR code is the size of the scan's, and that code's position."""
    sharp = read_code(pdf.render(page, LOCATE_DPI))
    if sharp is None:
        raise ValidationError("签发时的文书上读不到二维码，无法与扫描件比对")
    dpi = LOCATE_DPI * scan_code.side / sharp.side
    img = pdf.render(page, dpi)
    k = dpi / LOCATE_DPI
    tl, tr, bl = sharp.corners
    code = Code(sharp.text, ((tl[0] * k, tl[1] * k), (tr[0] * k, tr[1] * k), (bl[0] * k, bl[1] * k)))
    return img, dpi, code


def align(scan: Image.Image, scan_code: Code, reference: Image.Image, ref_code: Code) -> Image.Image:
    """The scan warped onto the reference page's pixel grid (affine: scale, rotation, skew, offset)."""
    return _warp(scan, reference.size, _affine(ref_code, scan_code))


def compare_scan(scan: Image.Image, scan_code: Code, pdf: Pdf, page: int = 1) -> list[Difference]:
    """Where a scanned page differs from page `page` of the issued PDF.

    The QR corners are read to about a pixel: a rotation off by up to half a degree, which skews a 5 cm tile by
    3 px. So a first comparison measures how far each line had to be moved, an affine correction is fitted to
    those moves, and the page is warped again before the comparison that counts."""
    reference, dpi, ref_code = reference_for(pdf, page, scan_code)
    coeffs = _affine(ref_code, scan_code)
    skip = qr_box(ref_code)
    found, moves = _compare(reference, _warp(scan, reference.size, coeffs), dpi, skip)
    if found and len(moves) >= 6:
        coeffs = _compose(coeffs, _fit(moves))
        found, _ = _compare(reference, _warp(scan, reference.size, coeffs), dpi, skip)
    return [_with_text(d, pdf, page, dpi) for d in found]


def qr_box(found: Code) -> Box:
    """The symbol and its quiet zone."""
    (x0, y0), (x1, _), (_, y2) = found.corners
    quiet = round(found.side * 0.1)
    return (max(0, round(x0) - quiet), max(0, round(y0) - quiet), round(x1) + quiet, round(y2) + quiet)


Affine = tuple[float, float, float, float, float, float]


def _affine(ref_code: Code, scan_code: Code) -> Affine:
    """scan = A @ ref + t, solved from the three corner pairs."""
    (rx0, ry0), (rx1, ry1), (rx2, ry2) = ref_code.corners
    s0, s1, s2 = scan_code.corners
    det = (rx1 - rx0) * (ry2 - ry0) - (rx2 - rx0) * (ry1 - ry0)
    if abs(det) < 1e-6:
        raise ValidationError("扫描件上的二维码变形过大，无法对齐比对")
    coeffs: list[float] = []
    for axis in (0, 1):
        d1, d2 = s1[axis] - s0[axis], s2[axis] - s0[axis]
        a = (d1 * (ry2 - ry0) - d2 * (ry1 - ry0)) / det
        b = (d2 * (rx1 - rx0) - d1 * (rx2 - rx0)) / det
        c = s0[axis] - a * rx0 - b * ry0
        coeffs += [a, b, c]
    return (coeffs[0], coeffs[1], coeffs[2], coeffs[3], coeffs[4], coeffs[5])


def _warp(scan: Image.Image, size: tuple[int, int], coeffs: Affine) -> Image.Image:
    return scan.transform(size, Image.Transform.AFFINE, coeffs, Image.Resampling.BILINEAR, fillcolor=255)


def _fit(moves: list[tuple[float, float, int, int]]) -> Affine:
    """Least squares: the affine map (x, y) -> (x + dx, y + dy) that the measured line moves fit best."""
    sxx = sxy = syy = sx = sy = 0.0
    n = float(len(moves))
    bx = [0.0, 0.0, 0.0]
    by = [0.0, 0.0, 0.0]
    for x, y, dx, dy in moves:
        sxx, sxy, syy, sx, sy = sxx + x * x, sxy + x * y, syy + y * y, sx + x, sy + y
        for i, v in enumerate((x, y, 1.0)):
            bx[i] += v * dx
            by[i] += v * dy
    m = [[sxx, sxy, sx], [sxy, syy, sy], [sx, sy, n]]
    ax, ay = _solve3(m, bx), _solve3(m, by)
    return (1 + ax[0], ax[1], ax[2], ay[0], 1 + ay[1], ay[2])


def _solve3(m: list[list[float]], b: list[float]) -> list[float]:
    def det(a: list[list[float]]) -> float:
        return (
            a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
            - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
            + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0])
        )

    d = det(m)
    if abs(d) < 1e-9:
        return [0.0, 0.0, 0.0]
    out = []
    for col in range(3):
        replaced = [[b[r] if c == col else m[r][c] for c in range(3)] for r in range(3)]
        out.append(det(replaced) / d)
    return out


def _compose(outer: Affine, inner: Affine) -> Affine:
    """outer(inner(p)): both map output pixels to input pixels."""
    a, b, c, d, e, f = outer
    p, q, r, s, t, u = inner
    return (a * p + b * s, a * q + b * t, a * r + b * u + c, d * p + e * s, d * q + e * t, d * r + e * u + f)


def differences(
    page: int, reference: Image.Image, aligned: Image.Image, dpi: float, pdf: Pdf | None = None, skip: Box | None = None
) -> list[Difference]:
    """Lines where an already aligned page (e.g. another PDF's) and the reference differ; text from `pdf`."""
    found, _ = _compare(reference, aligned, dpi, skip, page)
    return [_with_text(d, pdf, page, dpi) for d in found] if pdf else found


def _with_text(d: Difference, pdf: Pdf | None, page: int, dpi: float) -> Difference:
    if pdf is None or d.box is None:
        return d
    return Difference(d.page, d.top_mm, d.pixels, pdf.text_in(page, dpi, d.box))


def _compare(
    reference: Image.Image, aligned: Image.Image, dpi: float, skip: Box | None, page: int = 1
) -> tuple[list[Difference], list[tuple[float, float, int, int]]]:
    """Lines where the aligned scan's ink and the reference's ink differ beyond the tolerance, and how far each
    tile that could be matched had to be moved (centre x, centre y, dx, dy).

    `skip` is left out: the QR code, whose content the signature already vouches for, and whose 2-pixel modules
    no two rasterisers draw alike."""
    if skip is not None:
        reference, aligned = reference.copy(), aligned.copy()
        reference.paste(255, skip)
        aligned.paste(255, skip)
    ref, ref_faint = _ink(reference, INK), _ink(reference, FAINT)
    got, got_faint = _ink(aligned, INK), _ink(aligned, FAINT)
    reach = max(3, round(dpi / 25))  # how far a line may be off its neighbour's offset: ~1 mm
    bands = _bands(ImageChops.lighter(ref, got), gap=max(2, round(dpi / 75)))
    found: list[Difference] = []
    width, height = ref.size
    # Corners read to a pixel give a scale off by up to ~1 %: 8 px across a 150-dpi page, 15 px down it. So the page
    # is compared in tiles (a line, ~5 cm wide), matched from the QR code down, each column around the offset that
    # fitted the tile above it.
    tile_w, tile_h = round(dpi * 2), round(dpi / 3)
    offsets: dict[int, tuple[int, int]] = {}
    moves: list[tuple[float, float, int, int]] = []
    limit = max(6, round((dpi / 150) ** 2 * 8))
    for top, bottom in bands:
        for y0 in range(max(0, top - 1), min(height, bottom + 1), tile_h):
            y1 = min(height, bottom + 1, y0 + tile_h)
            row: list[tuple[Box, int]] = []
            # Right to left: the QR code is top right, so a column's first tile starts from its right neighbour's
            # offset, with twice the reach.
            for column, x0 in reversed(list(enumerate(range(0, width, tile_w)))):
                box = (x0, y0, min(width, x0 + tile_w), y1)
                want = (ref.crop(box), ref_faint.crop(box))
                if want[1].getbbox() is None and got.crop(box).getbbox() is None:
                    continue
                known = offsets.get(column)
                start = known or offsets.get(column + 1) or next(iter(offsets.values()), (0, 0))
                diff, pixels, shift = _best_match(want, (got, got_faint), box, start, reach if known else 2 * reach)
                # Stray specks (dust, JPEG ringing, a rasteriser's thinner stroke) are a few pixels; a changed
                # character is dozens at 150 dpi.
                if pixels <= limit * 10:
                    moves.append(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2, shift[0], shift[1]))
                if pixels <= limit:
                    offsets[column] = shift
                    continue
                bbox = diff.getbbox()
                assert bbox is not None
                row.append(((x0 + bbox[0], y0, x0 + bbox[2], y1), pixels))
            if row:
                pad = round(dpi / 12)
                left = max(0, min(b[0] for b, _ in row) - pad)
                right = min(width, max(b[2] for b, _ in row) + pad)
                middle = round((y0 + y1) / 2 / dpi * 25.4, 1)
                found.append(Difference(page, middle, sum(p for _, p in row), "", (left, y0, right, y1)))
    return _merged(found), moves


def _merged(found: list[Difference]) -> list[Difference]:
    """Tiles of one line cut by the tile height are reported once."""
    out: list[Difference] = []
    for d in found:
        last = out[-1] if out else None
        if last and last.box and d.box and d.page == last.page and d.box[1] <= last.box[3]:
            out.pop()
            box = (min(last.box[0], d.box[0]), last.box[1], max(last.box[2], d.box[2]), d.box[3])
            d = Difference(d.page, last.top_mm, last.pixels + d.pixels, "", box)
        out.append(d)
    return out


def _ink(img: Image.Image, level: int) -> Image.Image:
    """Ink white (255) on black, so that MaxFilter grows it and lighter() is a union."""
    return img.point(lambda v: 255 if v < level else 0)


def _bands(ink: Image.Image, gap: int) -> list[tuple[int, int]]:
    """Runs of rows that hold ink, split where `gap` or more empty rows lie between."""
    width, height = ink.size
    rows = [ink.crop((0, y, width, y + 1)).getbbox() is not None for y in range(height)]
    bands: list[tuple[int, int]] = []
    start = None
    empty = 0
    for y, has in enumerate(rows):
        if has:
            if start is None:
                start = y
            empty = 0
        elif start is not None:
            empty += 1
            if empty >= gap:
                bands.append((start, y - empty + 1))
                start, empty = None, 0
    if start is not None:
        bands.append((start, height - empty))
    return bands


def _best_match(
    want: tuple[Image.Image, Image.Image],
    got: tuple[Image.Image, Image.Image],
    box: Box,
    around: tuple[int, int],
    reach: int,
) -> tuple[Image.Image, int, tuple[int, int]]:
    """The smallest difference between `want` (sure and faint ink) and `got` in `box` shifted within `reach` pixels
    of `around`: its image, its size and the shift. Sure ink on one side needs faint ink within a pixel on the
    other."""
    want_ink, want_faint = want
    got_ink, got_faint = got
    grown_want = want_faint.filter(ImageFilter.MaxFilter(3))
    left, top, right, bottom = box
    tried: dict[tuple[int, int], tuple[Image.Image, int]] = {}

    def attempt(shift: tuple[int, int]) -> tuple[int, int]:
        dx, dy = shift
        if shift not in tried:
            shifted = (left + dx, top + dy, right + dx, bottom + dy)
            # Ink the scan has that the issued page lacks, and ink the issued page has that the scan lacks.
            added = ImageChops.subtract(got_ink.crop(shifted), grown_want)
            removed = ImageChops.subtract(want_ink, got_faint.crop(shifted).filter(ImageFilter.MaxFilter(3)))
            diff = ImageChops.lighter(added, removed)
            tried[shift] = (diff, diff.histogram()[255])
        return tried[shift][1], abs(dx - around[0]) + abs(dy - around[1])

    # Coarse to fine: steps of 2 pixels first, then the neighbours of the best.
    ax, ay = around
    coarse = [(ax + i, ay + j) for j in range(-reach, reach + 1, 2) for i in range(-reach, reach + 1, 2)]
    bx, by = min(coarse, key=attempt)
    best = min(((bx + i, by + j) for j in (-1, 0, 1) for i in (-1, 0, 1)), key=attempt)
    diff, pixels = tried[best]
    return diff, pixels, best
