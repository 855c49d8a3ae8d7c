"""Models of the pact app, one module per concern."""

from .four_ps import FourP, FourPItemBase, FourPsField

__all__ = ["FourP", "FourPItemBase", "FourPsField"]
