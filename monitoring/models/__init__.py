"""Models of the monitoring app, one module per concern."""

from .actions import ActionState, PossibleAction, SignatoryAction
from .countries import LanzaroteStatus
from .progress import ProgressPage
from .reports import MonitoringReportPage, ReportKind, ReportSnapshot
from .schedule import (
    DeadlineKind,
    MonitoringSettings,
    ReminderSent,
    ReminderStage,
    SignatoryMonitoring,
    Stage,
)

__all__ = [
    "ActionState",
    "DeadlineKind",
    "LanzaroteStatus",
    "MonitoringReportPage",
    "MonitoringSettings",
    "PossibleAction",
    "ProgressPage",
    "ReminderSent",
    "ReminderStage",
    "ReportKind",
    "ReportSnapshot",
    "SignatoryAction",
    "SignatoryMonitoring",
    "Stage",
]
