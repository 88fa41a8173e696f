"""Who is Responsible, Accountable, Consulted and Informed for each measure.

What a measure's ``raci`` says wins, letter by letter. Where it is silent, the letter is
derived (docs/format.md, "RACI"):

- **R**: the measure's lead units (``owner``, lead ``owners``), else the lead of the
  sub-project or profile that covers it;
- **A**: the client of its profile, else ``organization.yaml``'s ``raci.accountable``;
- **C**: partner and external owners and the profile's participants, plus the
  organisation's default ``consulted``;
- **I**: the organisation's default ``informed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from egovkit.load.workspace import Workspace
from egovkit.model.arbeitsplan import Raci
from egovkit.model.measure import Measure, OwnerRole
from egovkit.model.profile import ProfileMeta, SubProject
from egovkit.plan.budget import lead_units

LETTERS = ("R", "A", "C", "I")


@dataclass(frozen=True)
class Assignment:
    measure: str
    responsible: tuple[str, ...]
    accountable: str | None
    consulted: tuple[str, ...]
    informed: tuple[str, ...]
    given: frozenset[str]  # the letters the measure's raci states (the rest is derived)

    def letters(self, party: str) -> str:
        """``"R"``, ``"A"``, ``"R, A"`` … for one party, in the order R, A, C, I."""
        held = (
            party in self.responsible,
            party == self.accountable,
            party in self.consulted,
            party in self.informed,
        )
        return ", ".join(letter for letter, has in zip(LETTERS, held, strict=True) if has)

    @property
    def parties(self) -> tuple[str, ...]:
        named = (*self.responsible, self.accountable, *self.consulted, *self.informed)
        return tuple(dict.fromkeys(p for p in named if p))


def covering(ws: Workspace) -> dict[str, tuple[ProfileMeta, SubProject | None]]:
    """Measure id → the first profile (by id) that covers it, and its sub-project if any."""
    out: dict[str, tuple[ProfileMeta, SubProject | None]] = {}
    for item in sorted(ws.profiles, key=lambda p: p.model.meta.id):
        meta = item.model.meta
        for sub in meta.subprojects:
            for mid in sub.measures:
                out.setdefault(mid, (meta, sub))
        for mid in meta.measures:
            out.setdefault(mid, (meta, None))
    return out


def assignment(
    m: Measure, cover: tuple[ProfileMeta, SubProject | None] | None, default: Raci
) -> Assignment:
    own = m.raci or Raci()
    given = own.model_fields_set
    meta, sub = cover if cover is not None else (None, None)
    lead = (sub.lead if sub is not None else None) or (meta.lead if meta is not None else None)
    responsible = own.responsible or list(lead_units(m)) or ([lead] if lead else [])
    accountable = own.accountable or (meta.client if meta is not None else None)
    consulted = own.consulted or [
        *(o.unit for o in m.all_owners if o.role is not OwnerRole.lead),
        *(meta.participants if meta is not None else ()),
        *default.consulted,
    ]
    return Assignment(
        measure=m.id,
        responsible=tuple(dict.fromkeys(responsible)),
        accountable=accountable or default.accountable,
        consulted=tuple(p for p in dict.fromkeys(consulted) if p not in responsible),
        informed=tuple(dict.fromkeys(own.informed or default.informed)),
        given=frozenset(
            letter for letter, key in zip(LETTERS, Raci.model_fields, strict=True) if key in given
        ),
    )


def raci(ws: Workspace) -> dict[str, Assignment]:
    """The RACI assignment of every measure that loaded, by id."""
    default = Raci()
    if ws.organization is not None and ws.organization.model.raci is not None:
        default = ws.organization.model.raci
    cover = covering(ws)
    return {
        mid: assignment(item.model, cover.get(mid), default)
        for mid, item in ws.measure_by_id.items()
    }


def uses_raci(ws: Workspace) -> bool:
    """Whether the plan assigns responsibilities: organization.yaml's ``raci`` or any
    measure's. Only then is a measure without an accountable role a finding (A001) and the
    RACI matrix part of the plan."""
    org = ws.organization.model if ws.organization is not None else None
    return (org is not None and org.raci is not None) or any(
        item.model.raci is not None for item in ws.measures
    )
