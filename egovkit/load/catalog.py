"""The catalog of standard measures shipped with egovkit (``egovkit/data/catalog.yaml``),
loaded like the legal catalog: parsed, validated, and checked against the legal catalog."""

from __future__ import annotations

import difflib
from functools import lru_cache
from importlib import resources

from egovkit.load.repo import builtin_legal
from egovkit.load.validate import validate
from egovkit.load.yaml import parse
from egovkit.model.catalog import Catalog, CatalogMeasure

CATALOG_FILE = "egovkit/data/catalog.yaml"


@lru_cache(maxsize=1)
def builtin_catalog() -> Catalog:
    """The built-in catalog; a broken one is a bug in egovkit (RuntimeError), never input."""
    text = resources.files("egovkit.data").joinpath("catalog.yaml").read_text("utf-8")
    data, smap = parse(text, CATALOG_FILE)
    catalog, problems = validate(Catalog, data, smap)
    if catalog is None:
        raise RuntimeError(f"built-in catalog is invalid: {problems}")
    legal = {item.model.id for item in builtin_legal()}
    for m in catalog.measures:
        unknown = [ident for ident in m.legal if ident not in legal]
        if unknown:
            raise RuntimeError(f"built-in catalog: '{m.id}' cites unknown legal bases {unknown}")
    return catalog


def suggest(ident: str, catalog: Catalog | None = None) -> str:
    """A hint for an unknown catalog id: the closest ids, else how to list them."""
    ids = [m.id for m in (catalog or builtin_catalog()).measures]
    folded = {i.casefold(): i for i in ids}
    close = [folded[c] for c in difflib.get_close_matches(ident.casefold(), folded, n=3)]
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return "egovkit catalog list shows every id"


def entry(ident: str) -> CatalogMeasure | None:
    return builtin_catalog().by_id().get(ident)
