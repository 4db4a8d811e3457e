"""The roles file format as a JSON Schema, for editors' YAML language servers.

The schema checks what a schema can: shapes, required fields, id syntax, importance from 1 to 5.
Rules that need the file as a whole (declared dimensions present in every role, unique ids and
aliases, no item listed twice) are the loader's; `roles validate` checks them all.
"""

from __future__ import annotations

from typing import Any

from roles_cli.model import ALIAS_PATTERN, DEFAULT_DIMENSIONS, DEFAULT_IMPORTANCE, ID_PATTERN
from roles_cli.reader import FORMAT_VERSION, MAX_IMPORTANCE, MAX_ITEMS, MIN_IMPORTANCE, ROLE_KEYS

SCHEMA_ID = "urn:roles-cli:schema:roles-file:1"


def json_schema() -> dict[str, Any]:
    text = {"type": "string", "pattern": r"\S"}
    item = {
        "description": "An item: a name, or a name with an importance.",
        "oneOf": [
            text,
            {
                "type": "object",
                "properties": {
                    "name": text,
                    "importance": {
                        "type": "number",
                        "minimum": MIN_IMPORTANCE,
                        "maximum": MAX_IMPORTANCE,
                        "default": DEFAULT_IMPORTANCE,
                        "description": "1 (marginal) to 5 (core).",
                    },
                    "aliases": {
                        "type": "array",
                        "items": text,
                        "description": "Other names of the item (RAG, LLMs); they match it everywhere in the file.",
                    },
                },
                "required": ["name"],
                "additionalProperties": False,
            },
        ],
    }
    role = {
        "type": "object",
        "properties": {
            "id": {
                "type": "string",
                "pattern": "^" + ID_PATTERN.pattern.removesuffix(r"\Z") + "$",
                "description": "Lowercase letters, digits and '-'; unique in the file.",
            },
            "name": text,
            "aliases": {
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": "^" + ALIAS_PATTERN.pattern.removesuffix(r"\Z") + "$",
                    "description": "Letters, digits, '-' and '.'; unique among the file's ids and aliases.",
                },
                "uniqueItems": True,
            },
            "summary": text,
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"title": text, "url": {"type": "string"}},
                    "required": ["title"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["id", "name", "summary"],
        # Every other key is one of the file's dimensions: a non-empty list of items.
        "additionalProperties": {"$ref": "#/$defs/items"},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "roles file",
        "description": "Job roles described along dimensions (focus, skills, tasks, goal, or the file's own).",
        "type": "object",
        "properties": {
            "version": {"const": FORMAT_VERSION},
            "dimensions": {
                "type": "array",
                "items": {"type": "string", "pattern": r"\S", "not": {"enum": list(ROLE_KEYS)}},
                "minItems": 1,
                "uniqueItems": True,
                "default": list(DEFAULT_DIMENSIONS),
            },
            "synonyms": {
                "type": "object",
                "description": "Other names of items, once for every role: an item's name -> its other names.",
                "additionalProperties": {"type": "array", "items": text},
            },
            "roles": {"type": "array", "items": {"$ref": "#/$defs/role"}, "minItems": 1},
        },
        "required": ["version", "roles"],
        "additionalProperties": False,
        # Without a `dimensions` list every role needs the default four.
        "if": {"not": {"required": ["dimensions"]}},
        "then": {"properties": {"roles": {"items": {"required": list(DEFAULT_DIMENSIONS)}}}},
        "$defs": {
            "role": role,
            "items": {
                "type": "array",
                "items": {"$ref": "#/$defs/item"},
                "minItems": 1,
                "maxItems": MAX_ITEMS,
            },
            "item": item,
        },
    }
