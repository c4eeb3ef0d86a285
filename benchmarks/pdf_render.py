"""Benchmark: a 责令限期整改指令书 with 20 findings and 40 evidence photos, each from a 12 MP camera JPEG.

    python benchmarks/pdf_render.py [--photos 40] [--findings 20] [--noise 40] [--runs 3]

Each photo starts as a 4000×3000 JPEG of a synthetic scene (gradients and shapes) with Gaussian sensor noise
(--noise is the sigma of the noise layer before it is blended in at 50 %; 40 gives JPEGs of about 6 MB, like
a phone camera in poor light), is downscaled with downscale_for_print (long side 1600 px, quality 80) — as
the caller does when it gathers the document's data — and the document is then rendered.

Prints one JSON object. pdf_ms is the median time of render_pdf over --runs runs in a warm process (font
registered, styles built); pdf_ms_first is the first run, which includes loading the font. pdf_mb is the PDF
size in MB (10^6 bytes). The targets are pdf_ms <= 1500 and pdf_mb <= 12.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import statistics
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from PIL import Image, ImageChops, ImageDraw

from inspector_app.documents.data import DocumentData, Finding, Officer, Party, PhotoEntry
from inspector_app.documents.photos_for_print import downscale_for_print
from inspector_app.documents.render import render_pdf

SIZE = (4000, 3000)


def camera_jpegs(count: int, sigma: float) -> list[bytes]:
    """`count` different 12 MP JPEGs (quality 92, like a phone camera)."""
    noise = Image.merge("RGB", [Image.effect_noise(SIZE, sigma) for _ in range(3)]) if sigma > 0 else None
    ramp = Image.linear_gradient("L").resize(SIZE)
    out = []
    for n in range(count):
        scene = Image.merge(
            "RGB", (ramp, ramp.rotate(90 + n).resize(SIZE), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
        )
        draw = ImageDraw.Draw(scene)
        for i in range(14):
            x = (i * 280 + n * 37) % 3600
            y = (i * 211 + n * 53) % 2500
            draw.rectangle([x, y, x + 380, y + 460], fill=((i * 40 + n) % 256, (i * 90) % 256, (i * 20 + 3 * n) % 256))
            draw.line([(0, y), (SIZE[0], (y * 3 + n) % SIZE[1])], fill=(240, 240, 240), width=6)
        if noise is not None:
            shifted = ImageChops.offset(noise, n * 97, n * 61)  # a different noise field per photo
            scene = Image.blend(scene, shifted, 0.5)
        buf = io.BytesIO()
        scene.save(buf, format="JPEG", quality=92)
        out.append(buf.getvalue())
    return out


def document(findings: int, photos: list[bytes]) -> DocumentData:
    start = datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    items = tuple(
        Finding(
            text=f"第{n}处：二号甲类仓库内可燃气体检测报警仪未定期检定，现场检查时报警仪处于故障状态，未采取临时监测措施",
            basis="《中华人民共和国安全生产法》第三十六条第一款",
            measure="立即维修或更换可燃气体检测报警仪，并委托有资质的机构检定，检定合格前安排专人使用便携式检测仪巡检",
            major=n % 5 == 0,
            deadline=date(2026, 12, 5) if n % 3 else date(2026, 12, 20),
        )
        for n in range(1, findings + 1)
    )
    entries = tuple(
        PhotoEntry(
            jpeg=jpeg,
            caption=f"问题{n % findings + 1}现场照片",
            finding_no=n % findings + 1,
            taken_at=start + timedelta(minutes=n),
            gps=(27.857412 + n / 1e5, 112.912345 - n / 1e5),
            added_by="王建国",
            sha256=hashlib.sha256(jpeg).hexdigest(),
        )
        for n, jpeg in enumerate(photos)
    )
    return DocumentData(
        kind="rectification_order",
        number="（湘中）应急责改〔2026〕12号",
        authority="湘中县应急管理局",
        header="湘中县应急管理局安全生产行政执法文书",
        party=Party("湘中县宏达精细化工有限公司", "91430321MA4L2B3C4D", "湘中县经济开发区化工园区纬二路8号", "赵志强"),
        officers=(Officer("王建国", "43030219001"), Officer("李晓梅", "43030219017")),
        inspection_started=start,
        inspection_ended=start + timedelta(hours=2),
        place="二号甲类仓库",
        issued_on=date(2026, 11, 20),
        findings=items,
        remedy_government="湘中县人民政府",
        remedy_court="湘潭铁路运输法院",
        enterprise_signer="赵志强",
        photos=entries,
    )


def measure(sources: list[bytes], findings: int = 20, runs: int = 3) -> dict[str, float | int]:
    """Downscale the camera JPEGs as the caller does, then render the document `runs` times."""
    t0 = time.perf_counter()
    printable = [downscale_for_print(src) for src in sources]
    downscale_ms = (time.perf_counter() - t0) * 1000

    data = document(findings, printable)
    times = []
    pdf = b""
    for run in range(max(1, runs)):
        # A fresh (equal) object each run, so nothing is cached on the data itself.
        each = replace(data, wording={}) if run else data
        t0 = time.perf_counter()
        pdf = render_pdf(each)
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "pdf_ms": round(statistics.median(times[1:] or times), 1),
        "pdf_mb": round(len(pdf) / 1e6, 2),
        "pdf_ms_first": round(times[0], 1),
        "photos": len(printable),
        "findings": findings,
        "source_mb_avg": round(sum(map(len, sources)) / len(sources) / 1e6, 2),
        "photo_kb_avg": round(sum(map(len, printable)) / len(printable) / 1e3, 1),
        "downscale_ms_avg": round(downscale_ms / len(sources), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--findings", type=int, default=20)
    parser.add_argument("--noise", type=float, default=40.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    result = measure(camera_jpegs(args.photos, args.noise), args.findings, args.runs)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
