"""The demo's cast: three townships, thirty enterprises across the four sectors, four inspectors."""

from __future__ import annotations

# The demo's issuing authority (REGION 430903 is 益阳市赫山区); set only where a setting is still unfilled.
SETTINGS = {
    "authority": "益阳市赫山区应急管理局",
    "short": "赫",
    "remedy_government": "益阳市赫山区人民政府",
    "remedy_court": "益阳市赫山区人民法院",
    "referral_authority": "益阳市赫山区市场监督管理局",
}
TOWNSHIPS = ("城关镇", "青山乡", "河东街道")
REGION = "430903"

INSPECTORS = (
    ("张建国", "43090320150012", "城关镇"),
    ("李明华", "43090320160027", "青山乡"),
    ("王晓燕", "43090320180035", "河东街道"),
    ("刘志强", "43090320190041", "城关镇"),
)

# (name, sector, township, legal representative, risk colour)
ENTERPRISES = (
    ("益阳市城关精细化工有限公司", "hazardous_chemicals", "城关镇", "周德明", "orange"),
    ("城关镇恒泰加油站", "hazardous_chemicals", "城关镇", "陈海波", "yellow"),
    ("湘中氯碱化工股份有限公司", "hazardous_chemicals", "河东街道", "罗振华", "red"),
    ("青山乡民爆器材仓储有限公司", "hazardous_chemicals", "青山乡", "谢国强", "red"),
    ("河东液化气充装站", "hazardous_chemicals", "河东街道", "黄丽萍", "orange"),
    ("益阳华昌涂料有限公司", "hazardous_chemicals", "城关镇", "何志勇", "yellow"),
    ("青山乡农资化肥经营部", "hazardous_chemicals", "青山乡", "邓春生", "blue"),
    ("河东工业气体有限公司", "hazardous_chemicals", "河东街道", "曾宪平", "orange"),
    ("青山乡石灰石矿", "non_coal_mine", "青山乡", "蒋永红", "orange"),
    ("青山乡花岗岩采石场", "non_coal_mine", "青山乡", "彭建军", "yellow"),
    ("湘北铅锌矿业有限公司", "non_coal_mine", "青山乡", "戴文涛", "red"),
    ("城关镇建筑用砂石开采场", "non_coal_mine", "城关镇", "苏国庆", "yellow"),
    ("益阳金源尾矿库管理有限公司", "non_coal_mine", "河东街道", "毛俊杰", "red"),
    ("青山乡高岭土矿", "non_coal_mine", "青山乡", "韩立新", "blue"),
    ("河东页岩砖厂取土场", "non_coal_mine", "河东街道", "孔祥瑞", "blue"),
    ("城关镇滨江花园二期项目", "construction", "城关镇", "袁志刚", "orange"),
    ("河东街道安置房建设项目", "construction", "河东街道", "许文斌", "orange"),
    ("益阳市第三人民医院门诊楼工程", "construction", "城关镇", "沈国华", "yellow"),
    ("青山乡中心小学教学楼工程", "construction", "青山乡", "魏红梅", "yellow"),
    ("河东污水处理厂提标改造工程", "construction", "河东街道", "钱永福", "red"),
    ("城关镇桃花路市政道路工程", "construction", "城关镇", "潘立军", "blue"),
    ("湘中建工集团龙岭商业综合体项目", "construction", "河东街道", "龚建平", "red"),
    ("青山乡农村公路桥梁工程", "construction", "青山乡", "程晓东", "yellow"),
    ("益阳万达广场（电梯使用单位）", "special_equipment", "城关镇", "江海燕", "yellow"),
    ("城关镇热电联产有限公司（锅炉）", "special_equipment", "城关镇", "孙卫东", "orange"),
    ("河东港口装卸有限公司（起重机械）", "special_equipment", "河东街道", "柳成荫", "orange"),
    ("青山乡游乐园（大型游乐设施）", "special_equipment", "青山乡", "范小勇", "yellow"),
    ("湘中物流园（场内机动车辆）", "special_equipment", "河东街道", "方晓辉", "blue"),
    ("河东化工园区压力管道公司", "special_equipment", "河东街道", "石建华", "orange"),
    ("城关镇人民医院（压力容器）", "special_equipment", "城关镇", "丁玉兰", "blue"),
)

ADDRESS_STREETS = ("建设路", "工业大道", "青山路", "河东大道", "桃花路", "银城南路")


def organisation_code(n: int) -> str:
    """A syntactically valid 9-character 组织机构代码 (GB 11714) for demo enterprise n."""
    body = f"{73000000 + n * 7919 % 9999999:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))
