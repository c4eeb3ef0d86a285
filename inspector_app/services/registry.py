"""Enterprises and inspectors: the registry the inspections refer to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from sqlalchemy import func, or_
from sqlmodel import col, select

from inspector_app.domain import credit_code
from inspector_app.domain.enums import RiskColour, Sector
from inspector_app.domain.errors import NotFoundError, ValidationError
from inspector_app.services.context import App
from inspector_app.store.models import Enterprise, Inspector


@dataclass(frozen=True)
class EnterpriseInput:
    credit_code: str
    name: str
    sector: str
    township: str = ""
    address: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    risk_colour: str = "blue"
    representative_title: str = ""  # 职务 of the 法定代表人（负责人）


class _EnterpriseFields(TypedDict):
    """EnterpriseInput checked and normalised: the columns of an Enterprise row it sets."""

    credit_code: str
    name: str
    sector: str
    township: str
    address: str
    legal_representative: str
    contact_person: str
    contact_phone: str
    risk_colour: str
    representative_title: str


def _checked(data: EnterpriseInput) -> _EnterpriseFields:
    code = credit_code.validate(data.credit_code)
    name = data.name.strip()
    if len(name) < 2:
        raise ValidationError("请填写企业名称（与营业执照一致）")
    sector = Sector.parse(data.sector.strip()).value
    try:
        colour = RiskColour(data.risk_colour).value
    except ValueError:
        colour = next((c.value for c in RiskColour if c.label == data.risk_colour), "")
        if not colour:
            raise ValidationError(f"风险等级颜色应为 红/橙/黄/蓝，现在是“{data.risk_colour}”") from None
    return {
        "credit_code": code,
        "name": name,
        "sector": sector,
        "township": data.township.strip(),
        "address": data.address.strip(),
        "legal_representative": data.legal_representative.strip(),
        "contact_person": data.contact_person.strip(),
        "contact_phone": data.contact_phone.strip(),
        "risk_colour": colour,
        "representative_title": " ".join(data.representative_title.split())[:60],
    }


def create_enterprise(app: App, data: EnterpriseInput, *, id: str | None = None) -> Enterprise:
    values = _checked(data)
    with app.write() as s:
        existing = s.exec(select(Enterprise).where(Enterprise.credit_code == values["credit_code"])).first()
        if existing is not None:
            raise ValidationError(f"统一社会信用代码 {values['credit_code']} 已登记为“{existing.name}”")
        row = Enterprise(**values, origin_device_id=app.device_id)
        if id:
            row.id = id
        s.add(row)
    return row


def update_enterprise(app: App, enterprise_id: str, data: EnterpriseInput) -> Enterprise:
    values = _checked(data)
    with app.write() as s:
        row = s.get(Enterprise, enterprise_id)
        if row is None:
            raise NotFoundError(f"找不到企业：{enterprise_id}")
        clash = s.exec(
            select(Enterprise).where(Enterprise.credit_code == values["credit_code"], Enterprise.id != row.id)
        ).first()
        if clash is not None:
            raise ValidationError(f"统一社会信用代码 {values['credit_code']} 已登记为“{clash.name}”")
        for key, value in values.items():
            setattr(row, key, value)
        s.add(row)
    return row


def get_enterprise(app: App, enterprise_id: str) -> Enterprise:
    with app.read() as s:
        row = s.get(Enterprise, enterprise_id)
    if row is None:
        raise NotFoundError(f"找不到企业：{enterprise_id}")
    return row


def find_enterprises(
    app: App,
    text: str = "",
    *,
    township: str | None = None,
    sector: str | None = None,
    limit: int = 500,
) -> list[Enterprise]:
    stmt = select(Enterprise)
    needle = text.strip()
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(
            or_(
                col(Enterprise.name).like(like),
                col(Enterprise.credit_code).like(f"%{needle.upper()}%"),
                col(Enterprise.address).like(like),
                col(Enterprise.township).like(like),
            )
        )
    if township:
        stmt = stmt.where(Enterprise.township == township)
    if sector:
        stmt = stmt.where(Enterprise.sector == Sector.parse(sector).value)
    with app.read() as s:
        return list(s.exec(stmt.order_by(Enterprise.township, Enterprise.name).limit(limit)))


def townships(app: App) -> list[str]:
    with app.read() as s:
        rows = s.exec(select(Enterprise.township, func.count()).group_by(Enterprise.township))
        return sorted(t for t, _ in rows if t)


def add_inspector(
    app: App, name: str, cert_no: str, unit: str = "", township: str = "", *, id: str | None = None
) -> Inspector:
    name, cert_no = name.strip(), cert_no.strip()
    if len(name) < 2:
        raise ValidationError("请填写执法人员姓名")
    if len(cert_no) < 4:
        raise ValidationError(f"请填写{name}的行政执法证号（证件上的编号）")
    with app.write() as s:
        existing = s.exec(select(Inspector).where(Inspector.cert_no == cert_no)).first()
        if existing is not None:
            raise ValidationError(f"执法证号 {cert_no} 已登记为“{existing.name}”")
        row = Inspector(name=name, cert_no=cert_no, unit=unit.strip(), township=township.strip())
        row.origin_device_id = app.device_id
        if id:
            row.id = id
        s.add(row)
    return row


def list_inspectors(app: App, *, active_only: bool = True) -> list[Inspector]:
    stmt = select(Inspector)
    if active_only:
        stmt = stmt.where(col(Inspector.active).is_(True))
    with app.read() as s:
        return list(s.exec(stmt.order_by(Inspector.name)))
