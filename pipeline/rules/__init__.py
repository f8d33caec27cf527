"""Rule files: find them, validate every line, and hand each stage its typed rules.

Rules are data in `rules/<area>/<name>.jsonl`, one rule per line, read with jsonlines (`jsonl.py`).
Each line is validated by the pydantic model registered for its file (`rule_models`); every
problem in every file is collected and reported at once as `file:line: message` before any article
is read. A user's rule folder (`--rules DIR`) layers over the built-in one: a rule with a built-in
id replaces it, a new id is added.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import RuleError
from ..jsonl import read_lines
from .base import Rule

R = TypeVar("R", bound=Rule)

#: Checks across files, run after every line validated: each returns problems as messages.
CrossCheck = Callable[["RuleSet"], list[str]]


@functools.cache
def rule_models() -> dict[str, type[Rule]]:
    """Which model validates which file, by path relative to a rules folder (without `.jsonl`); each area's
    module lists its own files in `FILES`. Imported on first use: building the models of every area is a
    good part of an unchanged re-run's time, and such a run reads no rule (`DeferredRuleSet`)."""
    from . import checks, claims, entities, figures, ingest, normalize, source, sources, times

    return {**ingest.FILES, **normalize.FILES, **figures.FILES, **times.FILES, **sources.FILES, **entities.FILES,
            **claims.FILES, **checks.FILES, **source.FILES}


@functools.cache
def cross_checks() -> tuple[CrossCheck, ...]:
    """The checks across files, in the order they run."""
    from . import checks, claims, sources

    return sources.check_token_patterns, checks.check_thresholds, claims.check_agency_countries


def builtin_rules_dir() -> Path:
    """The rules shipped with claimex: `rules/` beside the package in a checkout, else in the wheel."""
    checkout = Path(__file__).resolve().parents[2] / "rules"
    if checkout.is_dir():
        return checkout
    spec = importlib.util.find_spec("claimex_rules")
    if spec is None or not spec.submodule_search_locations:
        raise RuleError(["claimex_rules: the built-in rules are not installed (reinstall claimex)"])
    return Path(next(iter(spec.submodule_search_locations)))


class RuleSet:
    """Validated rules of all files, by file key; `sha256` identifies their exact content."""

    def __init__(self, files: dict[str, list[Rule]], origins: dict[str, str], sha256: str) -> None:
        self._files = files
        self._origins = origins
        self.sha256 = sha256

    def get(self, key: str, model: type[R]) -> list[R]:
        """The rules of file `key` (e.g. "figures/scales"), typed as `model`."""
        rules = self._files.get(key, [])
        return [rule for rule in rules if isinstance(rule, model)]

    def origin(self, rule_id: str) -> str:
        """`file:line` where a rule was defined (for messages that cite a rule)."""
        return self._origins.get(rule_id, "?")

    def keys(self) -> list[str]:
        return sorted(self._files)

    def origins(self) -> dict[str, str]:
        """`file:line` of every rule, by id."""
        return dict(self._origins)

    def subset(self, keys: Iterable[str]) -> RuleSet:
        """The rules of files `keys` only (what one component reads), with the same origins."""
        files = {key: self._files[key] for key in keys if key in self._files}
        origins = {rule.id: self._origins[rule.id] for rules in files.values() for rule in rules if rule.id in self._origins}
        return RuleSet(files, origins, self.sha256)

    def __len__(self) -> int:
        return sum(len(rules) for rules in self._files.values())


class DeferredRuleSet(RuleSet):
    """Rules known by their sha256 and loaded on first use of a rule: a run whose articles are all cached
    needs only the sha256 (part of the cache key)."""

    def __init__(self, sha256: str, load: Callable[[], RuleSet]) -> None:  # nothing loaded yet: no RuleSet.__init__
        self.sha256 = sha256
        self._load = load

    @functools.cached_property
    def _loaded(self) -> RuleSet:
        return self._load()

    @functools.cached_property
    def _files(self) -> dict[str, list[Rule]]:  # type: ignore[override]
        return self._loaded._files

    @functools.cached_property
    def _origins(self) -> dict[str, str]:  # type: ignore[override]
        return self._loaded._origins


def load_rules(*, user_dir: Path | None = None, builtin_dir: Path | None = None, trusted: str | None = None) -> RuleSet:
    """Load and validate the built-in rules, then `user_dir` over them. Raises RuleError listing all problems.

    Rules whose sha256 is `trusted` passed every check before (an earlier run's, see `cache.py`): the
    checks across files (spaCy validating token patterns, which imports spaCy) are not run again."""
    problems: list[str] = []
    files: dict[str, dict[str, Rule]] = {}
    origins: dict[str, str] = {}
    digest = hashlib.sha256()
    for path, key, raw in _rule_files(_folders(user_dir, builtin_dir)):
        digest.update(key.encode() + b"\0" + raw + b"\0")
        model = rule_models().get(key)
        if model is None:
            known = ", ".join(sorted(rule_models()))
            problems.append(f"{path}:1: unknown rule file '{key}.jsonl' (known: {known})")
            continue
        layer = files.setdefault(key, {})
        for line_no, rule in _parse_lines(path, raw, model, problems):
            where = f"{path}:{line_no}"
            if rule.id in origins and origins[rule.id].startswith(str(path) + ":"):
                problems.append(f"{where}: duplicate id {rule.id!r} (first at {origins[rule.id]})")
                continue
            layer[rule.id] = rule
            origins[rule.id] = where
    ruleset = RuleSet({key: list(rules.values()) for key, rules in files.items()}, origins, digest.hexdigest())
    _check_unique_ids_across_files(files, origins, problems)
    for check in cross_checks() if ruleset.sha256 != trusted or problems else ():
        problems.extend(check(ruleset))
    if problems:
        raise RuleError(problems)
    return ruleset


def rules_sha256(*, user_dir: Path | None = None, builtin_dir: Path | None = None) -> str:
    """The sha256 `load_rules` gives the same folders, from the files' bytes alone (nothing parsed)."""
    digest = hashlib.sha256()
    for _, key, raw in _rule_files(_folders(user_dir, builtin_dir)):
        digest.update(key.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def _folders(user_dir: Path | None, builtin_dir: Path | None) -> list[Path]:
    folders = [builtin_dir or builtin_rules_dir()]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise RuleError([f"{user_dir}: rules folder does not exist"])
        folders.append(user_dir)
    return folders


def _rule_files(folders: list[Path]) -> Iterator[tuple[Path, str, bytes]]:
    """Every rule file of `folders` in layering order: its path, key (`area/name`) and bytes."""
    for folder in folders:
        for path in sorted(folder.rglob("*.jsonl")):
            yield path, path.relative_to(folder).with_suffix("").as_posix(), path.read_bytes()


# Validated rules saved as plain data --------------------------------------------------------------

def saved_rules(rules: RuleSet) -> dict[str, Any]:
    """Validated rules as JSON-ready data (every field, after validation), for `restored_rules`."""
    keys = rules.keys()
    files = {key: [rule.model_dump(mode="json") for rule in rules.get(key, rule_models()[key])] for key in keys}
    return {"sha256": rules.sha256, "files": files, "origins": rules.origins()}


def restored_rules(saved: Mapping[str, Any], sha256: str) -> RuleSet | None:
    """The rules `saved_rules` saved, built without validating (they passed it when saved), when they are
    the rules of `sha256`; None when they are other rules or not readable as saved rules."""
    try:
        if saved["sha256"] != sha256:
            return None
        files = {key: [_construct(rule_models()[key], item) for item in items] for key, items in saved["files"].items()}
        return RuleSet(files, dict(saved["origins"]), sha256)
    except (KeyError, TypeError, AttributeError):
        return None


def _construct(model: type[Rule] | type[BaseModel], data: Mapping[str, Any]) -> Any:
    """`model` from its dumped fields without validation; nested models and tuples rebuilt from JSON."""
    return model.model_construct(**{name: _field_value(model.model_fields[name].annotation, value)
                                    for name, value in data.items()})


def _field_value(annotation: Any, value: Any) -> Any:
    if isinstance(value, dict):
        nested = next((kind for kind in (annotation, *typing.get_args(annotation))
                       if isinstance(kind, type) and issubclass(kind, BaseModel)), None)
        return _construct(nested, value) if nested is not None else value
    if isinstance(value, list) and any(typing.get_origin(kind) is tuple for kind in (annotation, *typing.get_args(annotation))):
        return tuple(value)
    return value


@functools.lru_cache(maxsize=8)
def shared_rules(user_dir: str | None = None) -> RuleSet:
    """The rules for `user_dir`, loaded once per process (spaCy components get them by folder name)."""
    return load_rules(user_dir=Path(user_dir) if user_dir else None)


def rule_data(rules: RuleSet) -> dict[str, list[dict[str, Any]]]:
    """The rules as plain data by file key, each rule as it would be written in its file."""
    keys = rules.keys()
    return {key: [rule.model_dump(mode="json", exclude_defaults=True) for rule in rules.get(key, rule_models()[key])]
            for key in keys}


def write_rule_files(rules: RuleSet, folder: Path) -> None:
    """Write the rules as a rules folder (`<area>/<name>.jsonl`) that `load_rules(builtin_dir=folder)` reads."""
    for key, items in rule_data(rules).items():
        path = folder / f"{key}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")


def load_rule_data(data: Mapping[str, list[dict[str, Any]]], *, where: str = "<saved rules>") -> RuleSet:
    """Rules given as data by file key (see `rule_data`), validated as files are. Raises RuleError."""
    problems: list[str] = []
    files: dict[str, list[Rule]] = {}
    origins: dict[str, str] = {}
    for key, items in data.items():
        model = rule_models().get(key)
        if model is None:
            problems.append(f"{where}/{key}.jsonl:1: unknown rule file '{key}.jsonl'")
            continue
        for number, item in enumerate(items, start=1):
            try:
                rule = model.model_validate(item)
            except ValidationError as error:
                problems.extend(f"{where}/{key}.jsonl:{number}: {'.'.join(str(part) for part in problem['loc']) or 'rule'}: "
                                f"{problem['msg']}" for problem in error.errors())
                continue
            files.setdefault(key, []).append(rule)
            origins[rule.id] = f"{where}/{key}.jsonl:{number}"
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    ruleset = RuleSet(files, origins, digest)
    for check in cross_checks():
        problems.extend(check(ruleset))
    if problems:
        raise RuleError(problems)
    return ruleset


def _parse_lines(path: Path, raw: bytes, model: type[Rule], problems: list[str]) -> Iterable[tuple[int, Rule]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(f"{path}:1: not UTF-8 ({error.reason} at byte {error.start})")
        return
    for line in read_lines(text):
        if line.problem:
            problems.append(f"{path}:{line.number}: {line.problem}")
            continue
        if not isinstance(line.value, dict):
            problems.append(f"{path}:{line.number}: a rule must be a JSON object, got {type(line.value).__name__}")
            continue
        try:
            yield line.number, model.model_validate(line.value)
        except ValidationError as error:
            for item in error.errors():
                field = ".".join(str(part) for part in item["loc"]) or "rule"
                problems.append(f"{path}:{line.number}: {field}: {item['msg']}")


def _check_unique_ids_across_files(
    files: dict[str, dict[str, Rule]], origins: dict[str, str], problems: list[str]
) -> None:
    seen: dict[str, str] = {}
    for key, rules in sorted(files.items()):
        for rule_id in rules:
            if rule_id in seen and seen[rule_id] != key:
                problems.append(f"{origins[rule_id]}: id {rule_id!r} is also used in {seen[rule_id]}.jsonl")
            seen[rule_id] = key
