"""All tables. Import from here so that SQLModel.metadata always knows every one of them."""

from inspector_app.store.models.audit import AuditEvent
from inspector_app.store.models.base import Synced
from inspector_app.store.models.evidence import Document, Photo, Signature
from inspector_app.store.models.inspection import (
    Hazard,
    HazardEvent,
    Inspection,
    InspectionInspector,
    ItemResult,
    ResultCorrection,
)
from inspector_app.store.models.master import Device, Enterprise, FormTemplate, Inspector, NumberBlock, Setting
from inspector_app.store.models.sync import (
    ReceivedAuditEvent,
    Sampling,
    SyncConflict,
    SyncMark,
    SyncPackage,
    Task,
)

__all__ = [
    "AuditEvent",
    "Device",
    "Document",
    "Enterprise",
    "FormTemplate",
    "Hazard",
    "HazardEvent",
    "Inspection",
    "InspectionInspector",
    "Inspector",
    "ItemResult",
    "NumberBlock",
    "Photo",
    "ReceivedAuditEvent",
    "ResultCorrection",
    "Setting",
    "Sampling",
    "Signature",
    "SyncConflict",
    "SyncMark",
    "SyncPackage",
    "Synced",
    "Task",
]
