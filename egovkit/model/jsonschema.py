"""JSON Schemas of every file kind, generated from the models (for editors and CI)."""

from __future__ import annotations

import json

from pydantic import BaseModel

from egovkit.model import Measure, Organization, ProfileMeta, Strategy

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "strategy": (Strategy, "egovkit strategy.yaml"),
    "measure": (Measure, "egovkit measure (measures/<ID>.yaml)"),
    "organization": (Organization, "egovkit organization.yaml"),
    "profile": (ProfileMeta, "egovkit project profile front matter (profiles/<ID>.md)"),
}


def schema_files() -> dict[str, str]:
    out = {}
    for kind, (model, title) in KINDS.items():
        schema = model.model_json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://egovkit.invalid/schemas/{kind}.schema.json",
            **schema,
            "title": title,
        }
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out
