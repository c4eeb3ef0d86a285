"""The command line's grammar. Handlers are named, not imported, so that `inspector-app gui` starts
without loading the database layer (SQLModel alone costs several times a bare Qt window)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

ROLES = ("device", "bureau")
LIST_KINDS = ("enterprises", "inspections", "hazards", "documents")
OUTCOME_WORDS = ("pass", "fail", "na", "unchecked", "符合", "不符合", "不适用")
HAZARD_STATES = ("registered", "ordered", "rectifying", "review_failed", "closed")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{text}") from None


def register_core(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="初始化数据文件夹（数据库、终端标识、检查表模板）")
    p.add_argument(
        "--role",
        choices=ROLES,
        default="device",
        help="device：执法终端/乡镇安监办；bureau：县区应急管理局",
    )
    p.add_argument("--authority", metavar="NAME", help="执法机关全称，如“益阳市赫山区应急管理局”")
    p.add_argument("--short", metavar="ABBR", help="文号代字（地方简称，1至6个汉字），如“赫”")
    p.add_argument("--remedy-government", metavar="NAME", help="行政复议机关（本级人民政府），如“益阳市赫山区人民政府”")
    p.add_argument("--remedy-court", metavar="NAME", help="行政诉讼法院，如“益阳市赫山区人民法院”")
    p.add_argument("--device-name", metavar="NAME", help="本终端名称（默认为计算机名）")
    p.set_defaults(handler="commands_core:_init")

    settings = sub.add_parser("settings", help="文书设置：执法机关、文号代字、行政复议机关、行政诉讼法院、复查期限")
    actions = settings.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("show", help="列出每项设置及其是否仍未填写（未填写时不能签发文书）")
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(handler="commands_settings:_show")
    p = actions.add_parser("set", help="修改一项设置，例如 settings set remedy_government 益阳市赫山区人民政府")
    p.add_argument("key", metavar="KEY", help="authority / short / remedy_government / remedy_court / review_days")
    p.add_argument("value", metavar="VALUE")
    p.set_defaults(handler="commands_settings:_set")

    p = sub.add_parser("demo", help="载入演示数据（约30家企业、4名执法人员、各阶段隐患与照片）；重复运行不会重复添加")
    p.set_defaults(handler="commands_core:_demo")

    p = sub.add_parser("info", help="数据概况")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler="commands_core:_info")

    p = sub.add_parser("check", help="校验数据库、审计链、每条记录与每个证据文件；正常时退出码为0")
    p.set_defaults(handler="commands_core:_check")

    forms = sub.add_parser("forms", help="检查表模板").add_subparsers(
        dest="forms_command", metavar="ACTION", required=True
    )
    p = forms.add_parser("validate", help="校验模板文件；错误指明文件与行号")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="模板文件或文件夹（默认：内置 forms/）")
    p.set_defaults(handler="commands_core:_forms_validate")
    p = forms.add_parser("list", help="列出本数据库中的模板版本")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_core:_forms_list")
    register_backup(sub)


def register_backup(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser("backup", help="数据库备份：列出、立即备份、每日自动备份（--daily）、从备份恢复")
    backup.add_argument(
        "--daily", action="store_true", help="最近一次备份已满24小时才备份（供计划任务每日运行；否则只列出备份）"
    )
    backup.set_defaults(handler="commands_backup:_backup")
    actions = backup.add_subparsers(dest="backup_action", metavar="ACTION")
    p = actions.add_parser("list", help="列出备份（时间、类型、大小、文件）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_backup:_list")
    p = actions.add_parser("create", help="立即备份（手动备份不会被自动清理）")
    p.add_argument("--label", default="manual", help="备份文件名的前缀（字母、数字、-、_）；默认 manual")
    p.set_defaults(handler="commands_backup:_create")
    p = actions.add_parser("restore", help="从备份恢复：先校验备份与证据文件，并把当前数据另存为恢复前备份")
    p.add_argument("file", metavar="FILE", help="备份文件，或 backup list 中的文件名")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    p.set_defaults(handler="commands_backup:_restore")


def register_records(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="列出企业、检查、隐患或文书")
    p.add_argument("what", choices=LIST_KINDS)
    p.add_argument("--json", action="store_true", help="以 JSON 数组输出")
    p.set_defaults(handler="commands_records:_list")

    ent = sub.add_parser("enterprise", help="企业登记").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ent.add_parser("add", help="登记企业")
    p.add_argument("--credit-code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument(
        "--sector",
        required=True,
        help="non_coal_mine / hazardous_chemicals / construction / special_equipment 或中文名",
    )
    p.add_argument("--township", default="")
    p.add_argument("--address", default="")
    p.add_argument("--legal-representative", default="")
    p.add_argument("--representative-title", default="", help="法定代表人（负责人）的职务")
    p.add_argument("--contact-person", default="")
    p.add_argument("--contact-phone", default="")
    p.add_argument("--risk-colour", default="blue", help="red/orange/yellow/blue 或 红/橙/黄/蓝")
    p.set_defaults(handler="commands_records:_enterprise_add")

    ins = sub.add_parser("inspector", help="执法人员").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ins.add_parser("add", help="登记执法人员")
    p.add_argument("--name", required=True)
    p.add_argument("--cert-no", required=True, help="行政执法证号")
    p.add_argument("--unit", default="")
    p.add_argument("--township", default="")
    p.set_defaults(handler="commands_records:_inspector_add")

    insp = sub.add_parser("inspection", help="现场检查").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = insp.add_parser("start", help="开始检查（至少两名执法人员）")
    p.add_argument("--enterprise", required=True, metavar="ID")
    p.add_argument("--inspector", action="append", required=True, metavar="ID", help="可重复，至少两次")
    p.add_argument("--place", default="")
    p.add_argument("--at", help="开始时间，如 2026-11-23T09:30（北京时间）")
    p.set_defaults(handler="commands_records:_inspection_start")
    p = insp.add_parser("answer", help="记录检查项结果")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--item", required=True, metavar="ITEM_ID")
    p.add_argument("--outcome", required=True, choices=OUTCOME_WORDS)
    p.add_argument("--note")
    p.set_defaults(handler="commands_records:_inspection_answer")
    p = insp.add_parser("complete", help="完成检查并锁定结果")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--summary")
    p.add_argument("--at", help="检查结束时间，如 2026-11-23T11:45（北京时间）；省略为现在")
    p.set_defaults(handler="commands_records:_inspection_complete")
    p = insp.add_parser("refuse-sign", help="记录被检查单位负责人拒绝签名（安全生产法第六十八条）")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--name", required=True, help="拒绝签名的负责人姓名")
    p.add_argument("--title", default="", help="职务")
    p.add_argument("--at", help="拒签时间（北京时间）；省略为现在")
    p.add_argument("--witness", default="", help="见证人")
    p.add_argument("--recording", default="", help="执法记录仪录音录像编号")
    p.set_defaults(handler="commands_records:_inspection_refuse_sign")
    p = insp.add_parser("correct", help="更正已完成检查的结果（追加更正记录）")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--item", required=True, metavar="ITEM_ID")
    p.add_argument("--outcome", required=True, choices=OUTCOME_WORDS)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler="commands_records:_inspection_correct")

    haz = sub.add_parser("hazard", help="隐患闭环").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = haz.add_parser("raise", help="由不符合项登记隐患（依据、措施自动带出）")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--item", metavar="ITEM_ID", help="检查项；省略时为检查表外隐患，须写 --description")
    p.add_argument("--description")
    p.add_argument("--deadline", type=_date, help="整改期限 YYYY-MM-DD（填写即责令整改）")
    p.add_argument("--major", action="store_true", help="检查表外隐患按重大隐患登记")
    p.add_argument("--location", default="", help="部位或设备，如“2号车间配电箱”")
    p.add_argument("--statute", metavar="ID", help="检查表外隐患：从法条列表选择违反的规定和依据（statutes 列出）")
    p.add_argument("--measure", help="整改措施（检查表外隐患须填写）")
    p.set_defaults(handler="commands_records:_hazard_raise")
    p = haz.add_parser("onsite", help="为重大事故隐患选择现场处理措施（安全生产法第六十五条）")
    p.add_argument("--hazard", required=True, metavar="ID")
    p.add_argument(
        "--measure",
        action="append",
        default=[],
        choices=["evacuate", "suspend", "stop_use"],
        help="evacuate 撤出作业人员 / suspend 暂时停产停业 / stop_use 停止使用设施设备；可重复",
    )
    p.add_argument("--location", help="措施针对的部位或设备")
    p.set_defaults(handler="commands_records:_hazard_onsite")
    p = haz.add_parser("move", help="推进隐患状态")
    p.add_argument("--hazard", required=True, metavar="ID")
    p.add_argument("--to", required=True, choices=HAZARD_STATES)
    p.add_argument("--deadline", type=_date)
    p.add_argument("--note", default="")
    p.set_defaults(handler="commands_records:_hazard_move")
    p = haz.add_parser("review", help="复查：合格销号或不合格")
    p.add_argument("--hazard", required=True, metavar="ID")
    p.add_argument("--result", required=True, choices=["pass", "fail"])
    p.add_argument("--deadline", type=_date, help="复查不合格时的新整改期限")
    p.add_argument("--note", default="")
    p.add_argument(
        "--officer", action="append", default=[], metavar="ID", help="进行复查的执法人员（ID 或执法证号），至少两名"
    )
    p.add_argument("--at", help="复查时间（北京时间）；省略为现在")
    p.set_defaults(handler="commands_records:_hazard_review")

    p = sub.add_parser("due", help="到期或逾期待复查的隐患")
    p.add_argument("--days", type=int, default=7, help="包含未来N天内到期的（默认7）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_records:_due")

    ev = sub.add_parser("evidence", help="照片证据").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = ev.add_parser("add", help="添加照片（JPEG/PNG）；全部校验通过才写入")
    p.add_argument("--inspection", metavar="ID")
    p.add_argument("--item", metavar="ITEM_ID")
    p.add_argument("--hazard", metavar="ID")
    p.add_argument("--caption", default="")
    p.add_argument("--taken-by", help="拍摄人（执法人员姓名）；省略为当前执法人员或本次检查的第一名执法人员")
    p.add_argument("--after", action="store_true", help="复查时拍摄的整改后照片（须与 --hazard 同用）")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(handler="commands_records:_evidence_add")


PAGES = ("today", "enterprises", "inspection", "ledger", "documents", "sync", "settings")


def register_gui(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="打开窗口（不带命令运行 inspector-app 时的默认动作）")
    p.add_argument("--exit-after-paint", action="store_true", help="窗口首次绘制后立即退出（用于测量启动时间）")
    p.add_argument("--page", choices=PAGES, help="打开后显示的页面")
    p.set_defaults(handler="commands_gui:_gui")

    p = sub.add_parser("screenshot", help="离屏渲染某个页面并保存为 PNG")
    p.add_argument("out", type=Path, metavar="OUT.png")
    p.add_argument("--page", choices=PAGES, default="today")
    p.add_argument("--size", default="1366x768", metavar="WxH")
    p.set_defaults(handler="commands_gui:_screenshot")


DOCUMENT_KINDS = (
    "inspection_record",
    "onsite_decision",
    "rectification_order",
    "review_opinion",
    "referral",  # 事故隐患移送书: 特种设备 found by an 应急 authority
    "se_directive",  # 特种设备安全监察指令书: a 市场监管 authority
)


def register_documents(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    doc = sub.add_parser("document", help="执法文书").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = doc.add_parser("render", help="签发文书（已签发的则原样输出），并在标准输出打印文号")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--kind", required=True, choices=DOCUMENT_KINDS)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--new", action="store_true", help="再签发一份新的（例如新的复查意见书）")
    p.set_defaults(handler="commands_documents:_render")
    p = doc.add_parser("correct", help="更正已签发的文书：签发新文号的文书并注明所更正的文书")
    p.add_argument("--document", required=True, metavar="ID")
    p.add_argument("--reason", required=True)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.set_defaults(handler="commands_documents:_correct")
    p = doc.add_parser(
        "verify",
        help="核验文书 PDF 或纸面的照片/扫描件（PNG/JPEG）：二维码签名、签发者，及是否与签发时一致；是则退出码为0",
    )
    p.add_argument("file", type=Path, metavar="FILE.pdf|FILE.png|FILE.jpg")
    p.set_defaults(handler="commands_documents:_verify")

    p = sub.add_parser("numbers", help="本终端各类文书剩余文号")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_documents:_numbers")

    ledger = sub.add_parser("ledger", help="隐患排查治理台账").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    p = ledger.add_parser("export", help="导出台账为 .xlsx、.csv 或 .pdf")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--month", metavar="YYYY-MM", help="该月发现的隐患，状态截至月末（本月截至今日）")
    p.set_defaults(handler="commands_documents:_ledger_export")


def register_sampling(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sample", help="双随机抽取（仅限应急管理局）：随机抽取企业与执法人员并生成检查任务")
    p.add_argument("--sector", required=True, help="行业：non_coal_mine / hazardous_chemicals / … 或中文名")
    p.add_argument("--count", required=True, type=int, metavar="N", help="抽取企业数")
    p.add_argument("--seed", help="随机种子（默认随机生成）；相同种子与相同名单必得相同结果")
    p.add_argument(
        "--allow-own-township",
        action="store_true",
        help="允许执法人员检查本人所在乡镇的企业（默认回避）",
    )
    p.add_argument("--due", type=_date, metavar="YYYY-MM-DD", help="任务完成期限")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_sampling:_sample")

    smp = sub.add_parser("sampling", help="双随机抽取记录").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    p = smp.add_parser("show", help="显示一次抽取的种子、输入与结果（可公开）")
    p.add_argument("id", metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_sampling:_show")
    p = smp.add_parser("verify", help="按保存的种子与名单重算抽取；与保存的结果一致则退出码为0")
    p.add_argument("id", metavar="ID")
    p.set_defaults(handler="commands_sampling:_verify")

    tasks = sub.add_parser("tasks", help="检查任务").add_subparsers(dest="action", metavar="ACTION", required=True)
    p = tasks.add_parser("list", help="列出检查任务")
    p.add_argument("--device", metavar="ID", help="只列出该终端的任务（含尚未指定终端的）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_sampling:_tasks_list")


def register_sync(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    device_parser = sub.add_parser("device", help="执法终端登记（局端）")
    device = device_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = device.add_parser("enroll", help="登记新终端并生成登记数据包（内含终端密钥，请像钥匙一样保管）")
    p.add_argument("--name", required=True, help="终端名称，例如“城关镇安监办-1”")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.set_defaults(handler="commands_sync:_enroll")
    p = device.add_parser("list", help="已登记的终端")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_sync:_devices")

    p = sub.add_parser("export", help="导出数据包：终端 → 局端（默认加密）；局端用 --for 为某终端导出")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--for", dest="for_device", metavar="DEVICE_ID", help="局端：为该终端导出更新与回执")
    p.add_argument("--no-encrypt", action="store_true", help="终端：不加密（不建议）")
    p.set_defaults(handler="commands_sync:_export")

    p = sub.add_parser("import", help="导入数据包；先完整校验，再在一个事务中合并")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="只显示将新增、更新、未变和冲突的数量，不写入")
    p.set_defaults(handler="commands_sync:_import")

    sync_parser = sub.add_parser("sync", help="同步状态")
    sync = sync_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sync.add_parser("status", help="数据包记录与局端回执")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler="commands_sync:_status")

    p = sub.add_parser("conflicts", help="无法自动合并、等待人工核对的记录（两份数据均保留）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="包括已核对的")
    p.set_defaults(handler="commands_sync:_conflicts")
