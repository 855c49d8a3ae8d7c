"""Models of the pact app, one module per concern."""

from .four_ps import FourP, FourPItemBase, FourPsField
from .pact_page import PactPage

__all__ = ["FourP", "FourPItemBase", "FourPsField", "PactPage"]
