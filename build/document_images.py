"""The document pictures in the README: the demo's papers, page by page, as PNG.

    python3 build/document_images.py            # writes docs/documents/*.png (needs pdftoppm, poppler-utils)

The demo issues the featured visit's 现场检查记录, 现场处理措施决定书, 责令限期整改指令书 and, after the 复查,
整改复查意见书 with 整改前/整改后 photos; this script adds a 事故隐患移送书 for a 特种设备 enterprise, then
rasterises each document's first page (and the photo page of the 复查意见书).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "documents"
DPI = "70"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from inspector_app.domain.enums import DocumentKind, Sector
    from inspector_app.services import demo, documents, hazards, inspections, reports, setup
    from inspector_app.services.context import open_app

    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="inspector-docimg-") as tmp:
        data = Path(tmp) / "data"
        setup.init(data)
        with open_app(data, actor="demo") as app:
            demo.load(app)
            pages: dict[str, tuple[bytes, list[int]]] = {}
            for row in reports.list_inspections(app):
                for doc in documents.of_inspection(app, row["id"]):
                    extra = [3] if doc.kind == DocumentKind.REVIEW_OPINION.value else []
                    pages[doc.kind] = (documents.pdf_of(app, doc.id)[1], [1, *extra])
            special = [
                r
                for r in reports.list_inspections(app)
                if r["status"] == "completed"
                and inspections.template_for(app, r["id"]).sector == Sector.SPECIAL_EQUIPMENT.value
                and any(h.status != "closed" for h in hazards.of_inspection(app, r["id"]))
            ]
            if special:
                documents.issue(app, special[0]["id"], DocumentKind.INSPECTION_RECORD)
                pages["referral"] = (documents.issue(app, special[0]["id"], DocumentKind.REFERRAL).pdf, [1])
        for kind, (pdf, numbers) in pages.items():
            src = Path(tmp) / f"{kind}.pdf"
            src.write_bytes(pdf)
            for n in numbers:
                target = OUT / f"{kind}-{n}"
                subprocess.run(
                    ["pdftoppm", "-r", DPI, "-f", str(n), "-l", str(n), "-png", "-singlefile", str(src), str(target)],
                    check=True,
                )
                print(target.with_suffix(".png").relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
