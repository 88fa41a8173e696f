"""libyaml's parser and composer with ruamel.yaml's YAML 1.2 tags, for :mod:`egovkit.load.yaml`.

``YAML(typ="safe").compose`` builds a loader class and its resolver tables anew for every
document, and its resolver rebuilds a version table for every scalar; reading a node's
``.tag`` builds a new string each time. That was most of the time of loading a large
repository. :func:`compose` gives the same nodes with the same tags at a fraction of it.
"""

from __future__ import annotations

import functools
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

try:  # libyaml's parser and composer, from ruamel.yaml.clib
    from _ruamel_yaml import CParser
except ImportError:  # pragma: no cover - PyPy or a build without the C extension
    CParser = None


@functools.cache
def yaml_loader() -> YAML:
    # The safe composer uses libyaml (ruamel.yaml.clib) where installed: about six times
    # faster than the round-trip loader, and its nodes still carry line and column.
    yaml = YAML(typ="safe", pure=False)
    yaml.allow_duplicate_keys = True  # egovkit.load.yaml reports them, with both positions
    return yaml


#: One shared Tag per tag the resolver assigns, and its name by identity: reading a node's
#: ``.tag`` builds a string each time, which was a good part of the time of a whole load.
_TAGS: dict[str, Tag] = {}
TAG_NAMES: dict[int, str] = {}


def _shared_tag(name: str) -> Tag:
    tag = _TAGS.get(name)
    if tag is None:
        tag = _TAGS[name] = Tag(suffix=name)
        TAG_NAMES[id(tag)] = name
    return tag


def tag_name(tag: Tag | None) -> str | None:
    name = TAG_NAMES.get(id(tag))
    if name is None and tag is not None:
        name = str(tag)  # an explicit tag such as '!!set' (egovkit.load.yaml refuses it)
    return name


def _implicit_rules() -> tuple[dict[str, tuple], tuple]:
    """ruamel's YAML 1.2 rules for untagged plain scalars, by first character, with the
    rules for any character appended (as ruamel's resolver applies them)."""
    table = VersionedResolver(version=(1, 2)).versioned_resolver
    anywhere = tuple((_shared_tag(tag), regexp) for tag, regexp in table.get(None, []))
    by_first = {
        first: tuple((_shared_tag(tag), regexp) for tag, regexp in rules) + anywhere
        for first, rules in table.items()
        if first is not None
    }
    return by_first, anywhere


_IMPLICIT, _IMPLICIT_ANY = _implicit_rules()
_DEFAULT_TAGS = {
    ScalarNode: _shared_tag("tag:yaml.org,2002:str"),
    SequenceNode: _shared_tag("tag:yaml.org,2002:seq"),
    MappingNode: _shared_tag("tag:yaml.org,2002:map"),
}


#: Tags of recently resolved plain scalars: keys and enumeration values repeat in every file.
_RESOLVED: dict[str, Tag] = {}
_RESOLVED_MAX = 50_000


def _resolve_plain(value: str) -> Tag:
    tag = _DEFAULT_TAGS[ScalarNode]
    for rule, regexp in _IMPLICIT.get(value[:1], _IMPLICIT_ANY):
        if regexp.match(value):
            tag = rule
            break
    if len(value) <= 64:
        if len(_RESOLVED) >= _RESOLVED_MAX:
            _RESOLVED.clear()
        _RESOLVED[value] = tag
    return tag


if CParser is not None:

    class _Composer(CParser):
        """libyaml's parser and composer with ruamel's YAML 1.2 tag resolution.

        ``YAML.compose`` builds a loader class and its resolver tables anew for every
        document; this class is built once and resolves from fixed tables. The tags it
        gives are those of ``YAML(typ="safe")``: a ``%YAML 1.1`` directive does not change
        them there either.
        """

        def resolve(self, kind: type, value: str | None, implicit: Any) -> Tag:
            if kind is ScalarNode and implicit[0]:
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = _resolve_plain(value)
                return tag
            return _DEFAULT_TAGS[kind]

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass  # no path-based resolvers

        def ascend_resolver(self) -> None:
            pass


def compose(text: str) -> Node | None:
    if CParser is None:  # pragma: no cover
        return yaml_loader().compose(text)
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()
