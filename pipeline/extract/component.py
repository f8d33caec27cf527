"""What every claimex rule component shares: its rules come in through `initialize` and are saved with
the pipeline, as spaCy's own SpanRuler keeps its patterns.

A component is created empty by its factory (`nlp.add_pipe("claimex_figures")`), takes its rules in
`initialize(rules=...)` (a `RuleSet`; from a config, `{"@misc": "claimex.rules.v1", "user_dir": ...}`;
by default the built-in rules), and writes the rule files it reads into the pipeline folder
(`nlp.to_disk`), from where `spacy.load` reads and validates them again. No component looks rules
up by a process-wide path.
"""

# No `from __future__ import annotations` here: spaCy validates the arguments of `initialize` against
# its signature (a pydantic model built at run time), which needs the annotations as real types.
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from spacy import util
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from ..rules import RuleSet, load_rule_data, load_rules, rule_data, write_rule_files
from .extensions import register_extensions


@registry.misc("claimex.rules.v1")
def configured_rules(user_dir: str | None = None) -> RuleSet:
    """The built-in rules with `user_dir` layered over them, for an `[initialize.components.*]` config."""
    return load_rules(user_dir=Path(user_dir) if user_dir else None)


class RuleComponent:
    """A spaCy component whose behaviour is the rule files `rule_files` (keys such as "figures/scales")."""

    rule_files: ClassVar[tuple[str, ...]]

    def __init__(self, nlp: Language, name: str) -> None:
        register_extensions()
        self.nlp = nlp
        self.name = name
        self._rules: RuleSet | None = None

    @property
    def rules(self) -> RuleSet:
        """The rules the component uses (only its own files)."""
        return self._require_rules()

    def _require_rules(self) -> RuleSet:
        if self._rules is None:
            raise ValueError(f"{self.name} has no rules yet: call nlp.get_pipe({self.name!r}).initialize() "
                             "(the built-in rules) or initialize(rules=...) first")
        return self._rules

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   rules: RuleSet | None = None) -> None:
        """Take `rules` (by default the built-in ones); spaCy calls this from `nlp.initialize()`."""
        self.use_rules(rules if rules is not None else load_rules())

    def use_rules(self, rules: RuleSet) -> None:
        self._rules = rules.subset(self.rule_files)
        self.compile(self._rules)

    def compile(self, rules: RuleSet) -> None:
        """Build the matchers the component runs from its rules."""
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self._require_rules()
        return self.process(doc)

    def process(self, doc: Doc) -> Doc:
        """Annotate `doc` (the rules are there)."""
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {"rules": lambda folder: write_rule_files(self.rules, folder)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        util.from_disk(path, {"rules": lambda folder: self.use_rules(load_rules(builtin_dir=folder))}, exclude)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"rules": lambda: json.dumps(rule_data(self.rules), ensure_ascii=False).encode()}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "RuleComponent":
        util.from_bytes(data, {"rules": lambda raw: self.use_rules(load_rule_data(json.loads(raw)))}, exclude)
        return self
