"""`egovkit catalog list` and `egovkit catalog show`: the built-in catalog of standard measures.

Titles and headings in English or German (``--lang``); the descriptions are German, as the
catalog writes them. An unknown id is a usage error (exit 2) with the closest ids as a hint.
"""

from __future__ import annotations

from enum import StrEnum

import typer

from egovkit.cli.group import HelpGroup

app = typer.Typer(
    help="The catalog of standard measures of municipal E-Government.",
    cls=HelpGroup,
    no_args_is_help=True,
)


class Lang(StrEnum):
    en = "en"
    de = "de"


class ObligationValue(StrEnum):
    required = "required"
    standard = "standard"
    voluntary = "voluntary"


WORDS = {
    "en": {
        "title": "Catalog of standard measures (version {version}, as of {as_of}): {count} measures",
        "id": "id",
        "measure": "measure",
        "obligation": "obligation",
        "duration": "duration",
        "needs": "needs first",
        "field": "field",
        "legal": "legal bases",
        "needed_by": "needed by",
        "cost": "cost",
        "description": "description (German)",
        "sources": "sources",
        "as_of": "as of",
        "estimate": "estimate",
        "new": "new measure from it",
        "none": "-",
        "required": "required",
        "standard": "standard",
        "voluntary": "voluntary",
        "short_required": "required",
        "short_standard": "standard",
        "short_voluntary": "voluntary",
        "hint": "egovkit catalog show ID: the whole entry; "
        "egovkit measure new ID --from-catalog CATALOG_ID: a measure from it",
    },
    "de": {
        "title": "Katalog der Standardmaßnahmen (Version {version}, Stand {as_of}): "
        "{count} Maßnahmen",
        "id": "Id",
        "measure": "Maßnahme",
        "obligation": "Bindung",
        "duration": "Dauer",
        "needs": "setzt voraus",
        "field": "Handlungsfeld",
        "legal": "Rechtsgrundlagen",
        "needed_by": "Voraussetzung für",
        "cost": "Kosten",
        "description": "Beschreibung",
        "sources": "Quellen",
        "as_of": "Stand",
        "estimate": "Schätzung",
        "new": "Maßnahme daraus anlegen",
        "none": "-",
        "required": "gesetzlich erforderlich",
        "standard": "Standard",
        "voluntary": "freiwillig",
        "short_required": "Pflicht",
        "short_standard": "Standard",
        "short_voluntary": "freiwillig",
        "hint": "egovkit catalog show ID: der ganze Eintrag; "
        "egovkit measure new ID --from-catalog KATALOG_ID: eine Maßnahme daraus",
    },
}
_UNITS_DE = {"days": "Tage", "weeks": "Wochen", "months": "Monate"}
_OBLIGATION_STYLE = {"required": "bold red", "standard": "blue", "voluntary": ""}


def _duration(value, lang: str) -> str:
    text = str(value)
    if lang == "de":
        number, unit = text.split(" ", 1)
        text = f"{number} {_UNITS_DE.get(unit, unit)}"
    return text


def _span(entry, lang: str) -> str:
    """``9 months (6–18)``, or each bound with its unit when the units differ."""
    d = entry.duration
    if d.min.unit == d.typical.unit == d.max.unit:
        low, high = (_duration(x, lang).split(" ", 1)[0] for x in (d.min, d.max))
        return f"{_duration(d.typical, lang)} ({low}–{high})"
    return f"{_duration(d.typical, lang)} ({_duration(d.min, lang)} – {_duration(d.max, lang)})"


@app.command("list")
def list_measures(
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of titles and headings."),
    obligation: ObligationValue = typer.Option(
        None, "--obligation", help="Only measures of this obligation.", case_sensitive=False
    ),
    field: str = typer.Option(None, "--field", help="Only measures of this field (its id)."),
) -> None:
    """List the catalog's measures by field: id, title, what they need first, obligation
    and duration (typical, then shortest–longest)."""
    from rich import box
    from rich.markup import escape
    from rich.table import Table

    from egovkit.cli.console import stdout_console
    from egovkit.cli.messages import Messages
    from egovkit.cli.schedule_table import fit_width
    from egovkit.errors import UserError
    from egovkit.load.catalog import builtin_catalog

    catalog = builtin_catalog()
    words = WORDS[lang.value]
    fields = catalog.field_by_id()
    if field is not None and field not in fields:
        raise UserError(f"--field: unknown field '{field}'; known: {', '.join(fields)}")
    chosen = [
        m
        for m in catalog.measures
        if (obligation is None or m.obligation.value == obligation.value)
        and (field is None or m.field == field)
    ]
    console = stdout_console()
    fit_width(console)
    title = words["title"].format(
        version=catalog.version,
        as_of=Messages(lang.value).date(catalog.as_of),
        count=len(chosen),
    )
    console.print(escape(title))
    widths = (
        max([len(words["id"]), *(len(m.id) for m in chosen)]),
        max(len(words[k]) for k in ("obligation", "short_required", "short_voluntary")),
        max([len(words["duration"]), *(len(_span(m, lang.value)) for m in chosen)]),
    )
    for f in catalog.fields:
        rows = [m for m in chosen if m.field == f.id]
        if not rows:
            continue
        heading = f"{f.title_en if lang is Lang.en else f.title} ({f.id})"
        table = Table(
            title=f"[bold]{escape(heading)}[/bold]",
            box=box.SIMPLE_HEAD,
            title_justify="left",
            expand=True,
        )
        table.add_column(words["id"], overflow="fold", width=widths[0])
        table.add_column(words["measure"], overflow="fold", min_width=20)
        table.add_column(words["obligation"], no_wrap=True, width=widths[1])
        table.add_column(words["duration"], no_wrap=True, width=widths[2])
        for m in rows:
            style = _OBLIGATION_STYLE[m.obligation.value]
            word = escape(words[f"short_{m.obligation.value}"])
            needs = ", ".join(m.prerequisites)
            title = escape(m.title_in(lang.value))
            if needs:
                title += f"\n[dim]{escape(words['needs'])}: {escape(needs)}[/dim]"
            table.add_row(
                escape(m.id),
                title,
                f"[{style}]{word}[/{style}]" if style else word,
                escape(_span(m, lang.value)),
            )
        console.print(table)
    console.print(escape(words["hint"]))


@app.command("show")
def show(
    ident: str = typer.Argument(..., metavar="ID", help="Id of a catalog measure."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of titles and headings."),
) -> None:
    """Show one catalog measure: description, obligation, legal bases, duration,
    prerequisites, cost where a source gives it, and the sources."""
    from rich.markup import escape

    from egovkit.cli.console import stdout_console
    from egovkit.errors import UserError
    from egovkit.load.catalog import builtin_catalog, suggest

    catalog = builtin_catalog()
    entries = catalog.by_id()
    entry = entries.get(ident)
    if entry is None:
        raise UserError(f"no catalog measure '{ident}'; {suggest(ident, catalog)}")
    console = stdout_console()
    for line in _entry_lines(entry, catalog, lang.value):
        console.print(escape(line))


def _entry_lines(entry, catalog, lang: str) -> list[str]:
    from egovkit.cli.messages import Messages
    from egovkit.load.repo import builtin_legal

    words = WORDS[lang]
    entries = catalog.by_id()
    field = catalog.field_by_id()[entry.field]
    legal = {item.model.id: item.model for item in builtin_legal()}
    date = Messages(lang).date

    def titled(ids: list[str]) -> list[str]:
        return [f"  {i}: {entries[i].title_in(lang)}" for i in ids] or [f"  {words['none']}"]

    needed_by = [m.id for m in catalog.measures if entry.id in m.prerequisites]
    lines = [
        f"{entry.title_in(lang)} ({entry.id})",
        f"{words['field']}: {field.title_en if lang == 'en' else field.title} ({field.id})",
        f"{words['obligation']}: {words[entry.obligation.value]}",
        f"{words['duration']}: {_span(entry, lang)}"
        + ("" if entry.duration.source else f" – {words['estimate']}"),
        *[f"  {url}" for url in entry.duration.source],
        f"{words['legal']}:",
    ]
    for ident in entry.legal:
        basis = legal[ident]
        states = f" [{', '.join(s.value for s in basis.states)}]" if basis.states else ""
        deadline = f", {date(basis.deadline)}" if basis.deadline else ""
        lines.append(f"  {ident}: {basis.title}{states}{deadline}")
    if not entry.legal:
        lines.append(f"  {words['none']}")
    lines += [f"{words['needs']}:", *titled(entry.prerequisites)]
    lines += [f"{words['needed_by']}:", *titled(needed_by)]
    if entry.cost is not None:
        lines.append(
            f"{words['cost']}: {entry.cost.min:,} – {entry.cost.max:,} €".replace(",", ".")
        )
        lines += [f"  {entry.cost.note}", *[f"  {url}" for url in entry.cost.source]]
    lines += [f"{words['description']}:", f"  {entry.description}"]
    lines += [f"{words['sources']} ({words['as_of']} {date(entry.as_of)}):"]
    lines += [f"  {url}" for url in entry.source]
    lines.append(f"{words['new']}: egovkit measure new ID --from-catalog {entry.id}")
    return lines
