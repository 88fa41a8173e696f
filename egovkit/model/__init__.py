"""Pydantic models of every file kind; no I/O here."""

from egovkit.model.legal import LegalBasis, LegalCatalog
from egovkit.model.measure import Measure
from egovkit.model.organization import Body, Organization, Role, Unit
from egovkit.model.profile import Profile, ProfileMeta
from egovkit.model.strategy import Strategy
from egovkit.model.types import Duration, Obligation, Priority, Status

__all__ = [
    "Body", "Duration", "LegalBasis", "LegalCatalog", "Measure", "Obligation", "Organization",
    "Priority", "Profile", "ProfileMeta", "Role", "Status", "Strategy", "Unit",
]  # fmt: skip
