"""Reading the package's YAML knowledge files.

YAML 1.1 (PyYAML's default) reads ``on``, ``off``, ``yes`` and ``no`` as booleans, which would
turn the preposition in ``prep: [on]`` into ``True``. Data files here follow YAML 1.2: only
``true`` and ``false`` are booleans. Duplicate keys in a mapping are an error, so a knowledge
file cannot silently define the same entry twice.
"""
from __future__ import annotations

import re
from importlib import resources

import yaml


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml's parser when the wheel has it (10x faster)


class DataLoader(_Base):
    """SafeLoader with YAML 1.2 booleans and duplicate-key detection."""


DataLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
DataLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                 list("tTfF"))


def _construct_mapping(loader: DataLoader, node: yaml.MappingNode, deep: bool = False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark)
        seen[key] = True
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)


DataLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_text(text: str):
    return yaml.load(text, Loader=DataLoader)


def load_package_yaml(package: str, *parts: str):
    """Load ``parts`` (e.g. "data", "frames.yaml") from a dragoman package."""
    path = resources.files(package).joinpath(*parts)
    return load_yaml_text(path.read_text(encoding="utf-8"))
