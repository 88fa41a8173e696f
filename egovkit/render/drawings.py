"""The two pictures of the Arbeitsplan, drawn from the data: the E-Government architecture
(:mod:`egovkit.render.architecture`) and the organigram (:mod:`egovkit.render.organigram`),
in the language of the page."""

from __future__ import annotations

from egovkit.render.architecture import ArchLabels, arch_measures, architecture_svg
from egovkit.render.context_arbeitsplan import OutlineItem
from egovkit.render.locale import Locale
from egovkit.render.organigram import KIND_ORDER, OrgLabels, organigram_outline, organigram_svg
from egovkit.render.rows import Builder


def arch_labels(loc: Locale) -> ArchLabels:
    """The architecture picture's words in ``loc``'s language; obligations are marked with
    the same letters as in the Gantt and the measure tables."""
    t = loc.labels
    return ArchLabels(
        language=loc.language,
        title=t["arch_title"],
        leitbild=t["leitbild"],
        goals=t["arch_goals"],
        legend=t["arch_legend"],
        required=loc.obligation("required"),
        standard=loc.obligation("standard"),
        voluntary=loc.obligation("voluntary"),
        done=t["arch_done"],
        critical=t["arch_critical"],
        desc=t["arch_desc"],
        mark_required=loc.obligation_letter("required"),
        mark_standard=loc.obligation_letter("standard"),
    )


def org_labels(loc: Locale) -> OrgLabels:
    """The organigram's words in ``loc``'s language."""
    t = loc.labels
    return OrgLabels(
        language=loc.language,
        title=t["org_title"],
        kinds={kind: loc.body_kind(kind) for kind in KIND_ORDER},
        members=t["org_members"],
        reports_to=t["org_reports_to"],
        units=t["org_units"],
        external=t["org_external"],
        more=t["org_more"],
        desc=t["org_desc"],
    )


def _content_lang(b: Builder) -> str:
    """The language of the user text (marked where it differs from the page's)."""
    return b.strategy.planning.language.value


def architecture(b: Builder, href_prefix: str | None = "#m-") -> str:
    labels = arch_labels(b.locale)
    order = sorted(b.plan.measures, key=lambda m: m.order)
    models = [lm.model for m in order if (lm := b.ws.measure_by_id.get(m.id)) is not None]
    boxes = arch_measures(b.strategy, models, b.plan.critical_path)
    return architecture_svg(
        b.strategy, boxes, labels, content_lang=_content_lang(b), href_prefix=href_prefix
    )


def _org_labels(b: Builder) -> OrgLabels:
    return org_labels(b.locale)


def organigram(b: Builder) -> str:
    if b.ws.organization is None:
        return ""
    return organigram_svg(b.ws.organization.model, _org_labels(b), content_lang=_content_lang(b))


def outline(b: Builder) -> tuple[OutlineItem, ...]:
    if b.ws.organization is None:
        return ()
    items = organigram_outline(b.ws.organization.model, _org_labels(b))
    return tuple(OutlineItem(depth, text) for depth, text in items)
