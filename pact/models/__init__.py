"""Models of the pact app, one module per concern."""

from .four_ps import FourP, FourPItemBase, FourPsField
from .signatories import (
    KINDS_BY_PROFILE,
    InitiativePage,
    InitiativePageP,
    InitiativeStatus,
    Kind,
    Profile,
    SignatoryIndexPage,
    SignatoryPage,
    profile_of_kind,
)

__all__ = [
    "KINDS_BY_PROFILE",
    "FourP",
    "FourPItemBase",
    "FourPsField",
    "InitiativePage",
    "InitiativePageP",
    "InitiativeStatus",
    "Kind",
    "Profile",
    "SignatoryIndexPage",
    "SignatoryPage",
    "profile_of_kind",
]
