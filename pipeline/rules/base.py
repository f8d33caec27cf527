"""The fields every rule shares, whatever its file."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

RULE_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_\-]+)+$")


class Rule(BaseModel):
    """One line of a rule file: a dotted unique `id` and an optional `note` instead of comments."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _dotted_id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"id {value!r} must be dotted lower-case, like 'figures.scale.million'")
        return value


class Threshold(Rule):
    """A number a stage compares against, named by what reads it (`name`)."""

    name: str
    value: float


def compile_regex(value: str, *, flags: int = 0) -> str:
    """Validate that `value` compiles; raise ValueError with the regex error otherwise."""
    try:
        re.compile(value, flags)
    except re.error as error:
        raise ValueError(f"regex does not compile: {error}") from None
    return value


#: A rule field holding a regular expression, checked to compile when the rule file loads.
Regex = Annotated[str, AfterValidator(compile_regex)]
