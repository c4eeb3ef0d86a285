"""Realistic values for the benchmark dataset: credit codes, names, townships, people, small JPEG files.

Everything is drawn from one random.Random, so a seed gives the same values every time.
"""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime

from inspector_app.domain import credit_code

COUNTY = "湘中县"
AUTHORITY = "湘中县应急管理局"
SHORT = "湘中"
# 湘中县 is made up; its six-digit division code sits among Hunan's real county codes (4303xx: 湘潭).
DIVISION_CODES = ("430321", "430381", "430382", "430302", "430304")
TOWNSHIPS = (
    "城关镇",
    "青山乡",
    "河东街道",
    "河西街道",
    "新市渡镇",
    "龙光桥街道",
    "白马垭镇",
    "东风乡",
    "石门镇",
    "花岩溪镇",
    "牛车河乡",
    "沧港镇",
    "太平桥镇",
    "大龙站镇",
    "五里桥街道",
    "谭家湾镇",
)
# A county has many more small builders and lift owners than mines; weights follow that.
SECTORS = (
    ("construction", 35, ("建筑工程", "建设", "建筑劳务", "市政工程", "装饰工程"), ("工地", "项目部")),
    ("special_equipment", 30, ("机械", "物业管理", "电梯工程", "起重设备", "锅炉"), ("厂区", "设备间")),
    ("hazardous_chemicals", 20, ("化工", "精细化工", "燃气", "石化销售", "涂料"), ("罐区", "仓库")),
    ("non_coal_mine", 15, ("石材", "矿业", "采石", "砂石", "建材"), ("采场", "矿区")),
)
RISK_COLOURS = (("red", 5), ("orange", 15), ("yellow", 35), ("blue", 45))
TRADE_NAMES = tuple(
    "宏达兴旺恒通鑫源华胜永安金鼎瑞丰长隆盛世新华顺发大地天成广源志远富民凯旋汇丰中和"
    "昌盛鸿运泰和博远三湘湘运银河东升明珠锦程新星荣达福临海联安信建华众诚利民双赢红星"[i : i + 2]
    for i in range(0, 80, 2)
)
SURNAMES = tuple("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭罗谭彭曾唐邓蒋")
GIVEN = ("建国", "晓梅", "志强", "海燕", "伟", "芳", "军", "秀英", "磊", "静", "勇", "丽", "涛", "敏", "斌", "红")
GIVEN += ("超", "霞", "明", "婷", "建华", "德胜", "桂兰", "文斌")
ROADS = ("人民路", "建设路", "解放路", "工业园纬二路", "湘江大道", "迎宾路", "新华路", "河堤路", "经开区科技路")
STREET_PLACES = ("一号车间", "二号甲类仓库", "配电房", "施工现场", "塔吊作业区", "锅炉房", "储罐区", "采场平台")
STAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite
# 组织机构代码 (GB 11714): eight characters and a check character with these weights.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uid(rng: random.Random) -> str:
    """A version-4 UUID from the seeded generator (formatted by hand: uuid.UUID is slow at millions of rows)."""
    h = f"{rng.getrandbits(122):031x}"
    return f"{h[:8]}-{h[8:12]}-4{h[12:15]}-{'89ab'[int(h[15], 16) & 3]}{h[16:19]}-{h[19:31]}"


def stamp(moment: datetime) -> str:
    """A UTC datetime as SQLite holds it (the app's UTCDateTime stores naive UTC)."""
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def day_text(day: date) -> str:
    return day.isoformat()


def weighted(rng: random.Random, table: tuple[tuple, ...]) -> tuple:  # type: ignore[type-arg]
    return rng.choices(table, weights=[row[1] for row in table])[0]


def org_code(body: str) -> str:
    """A 9-character 组织机构代码: `body` (8 digits) and its GB 11714 check character."""
    check = 11 - sum(int(ch) * w for ch, w in zip(body, ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def make_credit_code(rng: random.Random, taken: set[str]) -> str:
    """A 统一社会信用代码 that passes GB 32100 and whose 组织机构代码 part passes GB 11714."""
    while True:
        first17 = "91" + rng.choice(DIVISION_CODES) + org_code(f"{rng.randrange(10**8):08d}")
        code = first17 + credit_code.check_character(first17)
        if code not in taken:
            taken.add(code)
            return code


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


def enterprise(rng: random.Random, n: int, taken: set[str]) -> dict[str, str]:
    sector, _w, trades, _places = weighted(rng, SECTORS)
    town = TOWNSHIPS[n % len(TOWNSHIPS)] if n < len(TOWNSHIPS) else rng.choice(TOWNSHIPS)
    trade = rng.choice(trades)
    name = f"{COUNTY}{rng.choice(TRADE_NAMES)}{trade}有限公司"
    if rng.random() < 0.5:  # many small firms carry their township in the name
        name = f"{COUNTY}{town}{rng.choice(TRADE_NAMES)}{trade}有限公司"
    return {
        "credit_code": make_credit_code(rng, taken),
        "name": name,
        "address": f"{COUNTY}{town}{rng.choice(ROADS)}{rng.randint(1, 388)}号",
        "legal_representative": person(rng),
        "contact_person": person(rng),
        "contact_phone": phone(rng),
        "sector": sector,
        "township": town,
        "risk_colour": weighted(rng, RISK_COLOURS)[0],
    }


def inspector(n: int, rng: random.Random) -> dict[str, str]:
    return {
        "name": person(rng) + ("" if n < 20 else str(n // 20)),
        "cert_no": f"430321{19 + n % 7:02d}{n:03d}",
        "unit": AUTHORITY,
        "township": TOWNSHIPS[n % len(TOWNSHIPS)],
        "phone": phone(rng),
    }


def place(rng: random.Random, sector: str) -> str:
    places = next(row[3] for row in SECTORS if row[0] == sector)
    return rng.choice(places + STREET_PLACES[:3])


class JpegMaker:
    """Small real JPEG files, each one unique: a few decoded scenes, told apart by a JPEG comment (COM) segment."""

    SIZES = {"original": (320, 240), "evidence": (320, 240), "thumb": (120, 90)}
    QUALITY = {"original": 75, "evidence": 60, "thumb": 60}

    def __init__(self, rng: random.Random, scenes: int = 6) -> None:
        from PIL import Image, ImageDraw

        self.bases: dict[str, list[bytes]] = {kind: [] for kind in self.SIZES}
        for n in range(scenes):
            img = Image.linear_gradient("L").resize((320, 240)).convert("RGB")
            draw = ImageDraw.Draw(img)
            for _ in range(8):
                x, y = rng.randrange(280), rng.randrange(200)
                colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
                draw.rectangle([x, y, x + rng.randint(10, 45), y + rng.randint(10, 45)], fill=colour)
            draw.line([(0, n * 30), (320, 240 - n * 20)], fill=(250, 250, 250), width=3)
            for kind, size in self.SIZES.items():
                buf = io.BytesIO()
                img.resize(size).save(buf, format="JPEG", quality=self.QUALITY[kind])
                self.bases[kind].append(buf.getvalue())

    def make(self, kind: str, scene: int, label: str) -> bytes:
        base = self.bases[kind][scene % len(self.bases[kind])]
        text = label.encode("ascii")
        segment = b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text
        # After SOI and the JFIF APP0 segment, where a comment belongs.
        app0_end = 4 + int.from_bytes(base[4:6], "big")
        return base[:app0_end] + segment + base[app0_end:]
