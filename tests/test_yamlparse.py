"""YAML through libyaml reads as PyYAML's own parser reads it: same nodes, same errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from claimcheck import yamlparse

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [ROOT / "claims.yaml", *ROOT.glob("claimcheck/data/*.yaml"), *ROOT.glob("tests/**/*.yaml")]
)
BROKEN = [
    "version: 1\nentities:\n  - name: Acme\n   kind: company\n",
    "claims:\n  - subject: Acme\n    value: [1, 2\n",
    "a: 1\n\tb: 2\n",
    'a: "unterminated\n',
    "- a\nb: c\n",
    "key: value\nkey2: @reserved\n",
]


def shape(node: Node | None) -> object:
    """What the readers of a node tree look at: kinds, tags, values and line marks."""
    if node is None:
        return None
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line)
    if isinstance(node, ScalarNode):
        return (node.tag, marks, node.value)
    if isinstance(node, MappingNode):
        return (node.tag, marks, [(shape(k), shape(v)) for k, v in node.value])
    return (node.tag, marks, [shape(item) for item in node.value])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_file_parses_to_the_nodes_pyyaml_builds(path: Path) -> None:
    text = path.read_text("utf-8-sig")
    assert shape(yamlparse.compose(text)) == shape(yaml.compose(text, Loader=yaml.SafeLoader))
    assert yamlparse.load(text) == yaml.safe_load(text)


@pytest.mark.parametrize("text", BROKEN)
@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
def test_an_error_reads_as_pyyaml_words_it(
    text: str, libyaml: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not libyaml:
        monkeypatch.setattr(yamlparse, "_FAST", None)
    with pytest.raises(yaml.MarkedYAMLError) as expected:
        yaml.compose(text, Loader=yaml.SafeLoader)
    for parse in (yamlparse.compose, yamlparse.load):
        with pytest.raises(yaml.MarkedYAMLError) as got:
            parse(text)
        assert str(got.value) == str(expected.value)
