"""The 同步 page's tables: packages written and applied here, the conflict list, and (at the bureau) its devices.

Rows are plain dicts built from what services.sync_state returns, by the *_rows functions below, so that the
models hold no database objects and the functions can be tested without a window.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from inspector_app.gui.models.rows_model import Column
from inspector_app.services.timeutil import LOCAL_TZ

Index = QModelIndex | QPersistentModelIndex
CONTEXT = "SyncModels"
ID_ROLE = Qt.ItemDataRole.UserRole + 1
TICK = "✓"
NEVER = datetime.min.replace(tzinfo=UTC)
BOOKKEEPING = frozenset({"id", "created_at", "updated_at", "origin_device_id", "version"})

# Record kinds as they travel (services.sync_export / sync.records). Translated where shown.
ENTITY_LABELS = {
    "device": QT_TRANSLATE_NOOP("SyncModels", "终端"),
    "enterprise": QT_TRANSLATE_NOOP("SyncModels", "企业"),
    "inspector": QT_TRANSLATE_NOOP("SyncModels", "执法人员"),
    "formtemplate": QT_TRANSLATE_NOOP("SyncModels", "检查表版本"),
    "numberblock": QT_TRANSLATE_NOOP("SyncModels", "文书编号段"),
    "inspection": QT_TRANSLATE_NOOP("SyncModels", "检查"),
    "inspectioninspector": QT_TRANSLATE_NOOP("SyncModels", "检查人员"),
    "itemresult": QT_TRANSLATE_NOOP("SyncModels", "检查项结果"),
    "resultcorrection": QT_TRANSLATE_NOOP("SyncModels", "结果更正"),
    "hazard": QT_TRANSLATE_NOOP("SyncModels", "隐患"),
    "hazardevent": QT_TRANSLATE_NOOP("SyncModels", "隐患流转"),
    "photo": QT_TRANSLATE_NOOP("SyncModels", "照片"),
    "signature": QT_TRANSLATE_NOOP("SyncModels", "签名"),
    "document": QT_TRANSLATE_NOOP("SyncModels", "文书"),
    "sampling": QT_TRANSLATE_NOOP("SyncModels", "双随机抽取"),
    "task": QT_TRANSLATE_NOOP("SyncModels", "检查任务"),
    "auditevent": QT_TRANSLATE_NOOP("SyncModels", "审计记录"),
    "receipt": QT_TRANSLATE_NOOP("SyncModels", "回执"),
}
KIND_LABELS = {
    "enrolment": QT_TRANSLATE_NOOP("SyncModels", "终端登记"),
    "bureau_update": QT_TRANSLATE_NOOP("SyncModels", "局端更新"),
    "device_export": QT_TRANSLATE_NOOP("SyncModels", "终端数据"),
}
OUTCOME_LABELS = {
    "added": QT_TRANSLATE_NOOP("SyncModels", "新增"),
    "updated": QT_TRANSLATE_NOOP("SyncModels", "更新"),
    "unchanged": QT_TRANSLATE_NOOP("SyncModels", "未变"),
    "conflict": QT_TRANSLATE_NOOP("SyncModels", "冲突"),
}
WAITING = QT_TRANSLATE_NOOP("SyncModels", "待回执")
GOOD_BRUSH = QBrush(QColor("#1e7b34"))
WAIT_BRUSH = QBrush(QColor("#b35c00"))


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def entity_label(code: str) -> str:
    return tr(ENTITY_LABELS[code]) if code in ENTITY_LABELS else code


def kind_label(code: str) -> str:
    return tr(KIND_LABELS[code]) if code in KIND_LABELS else code


def local_time(iso: str | None) -> str:
    """A stored UTC time as Beijing time, to the minute: '2026-11-23 10:21'."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(LOCAL_TZ)
    return moment.strftime("%Y-%m-%d %H:%M")


def _order(code: str) -> int:
    return list(ENTITY_LABELS).index(code) if code in ENTITY_LABELS else len(ENTITY_LABELS)


def counts_text(counts: dict[str, int]) -> str:
    """{'photo': 3, 'inspection': 1} → '检查 1 · 照片 3': kinds in a fixed order, those with nothing left out."""
    return " · ".join(f"{entity_label(k)} {counts[k]}" for k in sorted(counts, key=_order) if counts[k])


def outcome_text(counts: dict[str, dict[str, int]]) -> str:
    """Per-kind merge outcomes of an applied package, summed: '新增 12 · 更新 2 · 冲突 1 · 未变 40'."""
    totals = dict.fromkeys(OUTCOME_LABELS, 0)
    for per_kind in counts.values():
        for outcome, n in per_kind.items():
            totals[outcome] = totals.get(outcome, 0) + int(n)
    return " · ".join(f"{tr(OUTCOME_LABELS.get(k, k))} {n}" for k, n in totals.items() if n)


def report_lines(report: Any) -> list[str]:
    """ImportReport.lines(), with record kinds and the package kind in words instead of their codes."""
    lines = list(report.lines())
    if lines:
        lines[0] = lines[0].replace(f"：{report.kind} ", f"：{kind_label(report.kind)} ", 1)
    for n, entity in enumerate(report.counts, start=1):
        prefix = f"  {entity}:"
        if n < len(lines) and lines[n].startswith(prefix):
            lines[n] = f"  {entity_label(entity)}：{lines[n][len(prefix) :].strip()}"
    return [line.replace("（inspector-app conflicts）", "") for line in lines]


def _when(iso: str | None) -> datetime:
    if not iso:
        return NEVER
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _short(identifier: str) -> str:
    return identifier[:8]


# -- rows ---------------------------------------------------------------------------------------------------
def package_rows(packages: Iterable[Any], names: dict[str, str], *, bureau: bool) -> list[dict[str, Any]]:
    """sync_state.packages() as table rows. 局端回执: on a device, whether the bureau's receipt for an exported
    package has come back; at the bureau, whether a received package's receipt has gone out in a later update."""
    packages = list(packages)
    last_out: dict[str, datetime] = {}
    for p in packages:
        if p.direction == "out":
            last_out[p.receiver_id] = max(last_out.get(p.receiver_id, NEVER), _when(p.processed_at))
    rows = []
    for p in packages:
        outgoing = p.direction == "out"
        peer = p.receiver_id if outgoing else p.sender_id
        receipt: bool | None = None
        if outgoing and not bureau:
            receipt = p.acknowledged
        elif not outgoing and bureau and p.kind == "device_export":
            receipt = last_out.get(p.sender_id, NEVER) > _when(p.processed_at)
        counts = p.summary.get("counts", {})
        per_kind_outcomes = bool(counts) and all(isinstance(v, dict) for v in counts.values())
        rows.append(
            {
                "id": p.id,
                "direction": p.direction,
                "kind": p.kind,
                "peer": names.get(peer) or _short(peer),
                "sequence": p.sequence,
                "processed_at": p.processed_at,
                "receipt": receipt,
                "contents": outcome_text(counts) if per_kind_outcomes else counts_text(counts),
                "detail": _detail(counts, per_kind_outcomes),
            }
        )
    return rows


def _detail(counts: dict[str, Any], outcomes: bool) -> str:
    if not outcomes:
        return "\n".join(f"{entity_label(k)}：{n}" for k, n in counts.items() if n)
    lines = []
    for entity, per_kind in counts.items():
        parts = "，".join(f"{tr(OUTCOME_LABELS.get(k, k))} {n}" for k, n in per_kind.items() if n)
        lines.append(f"{entity_label(entity)}：{parts}")
    return "\n".join(lines)


def package_names(packages: Iterable[Any], names: dict[str, str]) -> dict[str, str]:
    """package id → '乡镇终端2 · 序号 3', for the 来自数据包 column of the conflict list."""
    out = {}
    for p in packages:
        peer = p.sender_id if p.direction == "in" else p.receiver_id
        out[p.id] = QCoreApplication.translate("SyncModels", "{0} · 序号 {1}").format(
            names.get(peer) or _short(peer), p.sequence
        )
    return out


def _loads(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def conflict_rows(conflicts: Iterable[Any], packages: dict[str, str]) -> list[dict[str, Any]]:
    """sync_state.conflicts() as table rows; the record is named by what a person recognises."""
    rows = []
    for c in conflicts:
        local, incoming = _loads(c.local_json), _loads(c.incoming_json)
        title = next((str(d[k]) for d in (incoming, local) for k in ("name", "number", "credit_code") if d.get(k)), "")
        rows.append(
            {
                "id": c.id,
                "entity": c.entity,
                "record_id": c.record_id,
                "record": f"{title}（{_short(c.record_id)}）" if title else c.record_id,
                "reason": c.reason,
                "package_id": c.package_id,
                "package": packages.get(c.package_id) or _short(c.package_id),
                "created_at": c.created_at.isoformat() if c.created_at else None,
                "resolved": c.resolved_at is not None,
                "resolved_at": c.resolved_at.isoformat() if c.resolved_at else None,
                "resolution": c.resolution or "",
                "local": local,
                "incoming": incoming,
            }
        )
    return rows


def device_rows(devices: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """sync_state.devices() at the bureau: the enrolled devices, each with whether a receipt is owed to it."""
    rows = []
    for d in devices:
        if d["role"] != "device" or not d.get("enrolled_at"):
            continue
        received, sent = d.get("last_received_at"), d.get("last_sent_at")
        rows.append(dict(d, receipt_owed=bool(received) and _when(received) > _when(sent)))
    return rows


def differing_keys(local: dict[str, Any], incoming: dict[str, Any]) -> list[str]:
    """The fields whose values differ, leaving out the bookkeeping that always differs between two records
    (unless nothing else does)."""
    keys = sorted(k for k in local.keys() | incoming.keys() if local.get(k) != incoming.get(k))
    return [k for k in keys if k not in BOOKKEEPING] or keys


def pretty(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) if record else ""


# -- models -------------------------------------------------------------------------------------------------
class _DictTableModel(QAbstractTableModel):
    """Read-only rows of dicts; subclasses name their columns and say how a cell reads."""

    COLUMNS: Sequence[Column] = ()

    @property
    def columns(self) -> Sequence[Column]:
        return self.COLUMNS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row(self, index: int) -> dict[str, Any]:
        return self.rows[index]

    def find(self, row_id: str) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.get("id") == row_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        if not (0 <= index.column() < len(self.COLUMNS)):
            return None
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row, key)
        if role == ID_ROLE:
            return row.get("id")
        return None

    def display(self, row: dict[str, Any], key: str) -> str:
        value = row.get(key)
        return "" if value is None else str(value)

    def tooltip(self, row: dict[str, Any], key: str) -> str | None:
        return None

    def foreground(self, row: dict[str, Any], key: str) -> QBrush | None:
        return None

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.COLUMNS)
        ):
            return tr(self.COLUMNS[section].title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class PackagesModel(_DictTableModel):
    COLUMNS = (
        Column("direction", QT_TRANSLATE_NOOP("SyncModels", "方向"), 70),
        Column("kind", QT_TRANSLATE_NOOP("SyncModels", "类型"), 130),
        Column("peer", QT_TRANSLATE_NOOP("SyncModels", "对方"), 150),
        Column("sequence", QT_TRANSLATE_NOOP("SyncModels", "序号"), 60),
        Column("processed_at", QT_TRANSLATE_NOOP("SyncModels", "时间"), 140),
        Column("receipt", QT_TRANSLATE_NOOP("SyncModels", "局端回执"), 130),
        Column("contents", QT_TRANSLATE_NOOP("SyncModels", "内容"), 200),
    )

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "direction":
            return (
                QCoreApplication.translate("SyncModels", "导出")
                if row["direction"] == "out"
                else QCoreApplication.translate("SyncModels", "导入")
            )
        if key == "kind":
            return kind_label(row["kind"])
        if key == "processed_at":
            return local_time(row["processed_at"])
        if key == "receipt":
            receipt = row.get("receipt")
            return "" if receipt is None else (TICK if receipt else tr(WAITING))
        return super().display(row, key)

    def tooltip(self, row: dict[str, Any], key: str) -> str | None:
        if key == "receipt" and row.get("receipt") is not None:
            if row["direction"] == "out":
                return (
                    QCoreApplication.translate("SyncModels", "局端已确认收到该数据包中的记录")
                    if row["receipt"]
                    else QCoreApplication.translate("SyncModels", "局端导入后，下次发回的数据包会带回回执")
                )
            return (
                QCoreApplication.translate("SyncModels", "回执已随此后的局端更新包发给该终端")
                if row["receipt"]
                else QCoreApplication.translate("SyncModels", "为该终端导出数据包时会附上回执")
            )
        if key == "contents":
            return row.get("detail") or None
        if key == "kind":
            return QCoreApplication.translate("SyncModels", "数据包 {0}").format(row["id"])
        return None

    def foreground(self, row: dict[str, Any], key: str) -> QBrush | None:
        if key == "receipt" and row.get("receipt") is not None:
            return GOOD_BRUSH if row["receipt"] else WAIT_BRUSH
        return None


class ConflictsModel(_DictTableModel):
    COLUMNS = (
        Column("entity", QT_TRANSLATE_NOOP("SyncModels", "类型"), 90),
        Column("record", QT_TRANSLATE_NOOP("SyncModels", "记录"), 280),
        Column("reason", QT_TRANSLATE_NOOP("SyncModels", "原因"), 380),
        Column("package", QT_TRANSLATE_NOOP("SyncModels", "来自数据包"), 170),
        Column("resolved", QT_TRANSLATE_NOOP("SyncModels", "状态"), 80),
    )

    def display(self, row: dict[str, Any], key: str) -> str:
        if key == "entity":
            return entity_label(row["entity"])
        if key == "resolved":
            return (
                QCoreApplication.translate("SyncModels", "已核对")
                if row["resolved"]
                else QCoreApplication.translate("SyncModels", "待核对")
            )
        return super().display(row, key)

    def tooltip(self, row: dict[str, Any], key: str) -> str | None:
        if key == "record":
            return row["record_id"]
        if key == "reason":
            return row["reason"]
        if key == "package":
            return row["package_id"]
        if key == "resolved" and row["resolved"]:
            return f"{row['resolution']}（{local_time(row['resolved_at'])}）"
        return None

    def foreground(self, row: dict[str, Any], key: str) -> QBrush | None:
        if key == "resolved":
            return GOOD_BRUSH if row["resolved"] else WAIT_BRUSH
        return None


class DevicesModel(_DictTableModel):
    COLUMNS = (
        Column("name", QT_TRANSLATE_NOOP("SyncModels", "终端名称"), 180),
        Column("enrolled_at", QT_TRANSLATE_NOOP("SyncModels", "登记时间"), 140),
        Column("last_received_at", QT_TRANSLATE_NOOP("SyncModels", "最近收到数据"), 140),
        Column("last_sent_at", QT_TRANSLATE_NOOP("SyncModels", "最近发出更新"), 140),
        Column("receipt_owed", QT_TRANSLATE_NOOP("SyncModels", "回执"), 80),
        Column("id", QT_TRANSLATE_NOOP("SyncModels", "终端标识"), 200),
    )

    def display(self, row: dict[str, Any], key: str) -> str:
        if key in ("enrolled_at", "last_received_at", "last_sent_at"):
            return local_time(row.get(key))
        if key == "receipt_owed":
            if not row.get("last_received_at"):
                return ""
            return QCoreApplication.translate("SyncModels", "待发出") if row["receipt_owed"] else TICK
        return super().display(row, key)

    def tooltip(self, row: dict[str, Any], key: str) -> str | None:
        if key == "receipt_owed" and row.get("receipt_owed"):
            return QCoreApplication.translate(
                "SyncModels", "收到该终端的数据后还没有为它导出过数据包；导出时会附上回执"
            )
        if key == "name":
            return row["id"]
        return None

    def foreground(self, row: dict[str, Any], key: str) -> QBrush | None:
        if key == "receipt_owed" and row.get("last_received_at"):
            return WAIT_BRUSH if row["receipt_owed"] else GOOD_BRUSH
        return None
