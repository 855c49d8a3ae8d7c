"""Models of the pact app, one module per concern."""

from .content_version import ContentVersion
from .events import CalendarPage, EventPage, EventPageP
from .four_ps import FourP, FourPItemBase, FourPsField, ServesFourPs
from .good_practices import FeaturedGoodPractice, GoodPracticesPage, TargetGroup
from .map_features import MapFeature
from .pact_page import PactPage
from .signatories import (
    KINDS_BY_PROFILE,
    InitiativePage,
    InitiativePageP,
    InitiativeStatus,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
    attach_signatories,
    profile_of_kind,
)

__all__ = [
    "KINDS_BY_PROFILE",
    "attach_signatories",
    "CalendarPage",
    "ContentVersion",
    "EventPage",
    "EventPageP",
    "FeaturedGoodPractice",
    "GoodPracticesPage",
    "FourP",
    "FourPItemBase",
    "FourPsField",
    "InitiativePage",
    "InitiativePageP",
    "InitiativeStatus",
    "PactPage",
    "Kind",
    "MapFeature",
    "Profile",
    "SignatoryIndexPage",
    "ServesFourPs",
    "SignatoryPage",
    "TargetGroup",
    "profile_of_kind",
]
