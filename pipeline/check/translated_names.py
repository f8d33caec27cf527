"""translated_name: a known company or outlet called by its Chinese name translated word for word or left
in pinyin ("Millet" for Xiaomi, "American Group" for Meituan, "Ningde Times" for CATL): the reader does not
recognise the company, and beside its English name takes the two for different firms.

The renderings are the `literal` forms of rules/entities/organizations; the entity stage merges them
into the company's entity, and this check reads its mentions."""

from __future__ import annotations

from collections import defaultdict

from ..rules import RuleSet
from ..rules.entities import KnownEntity
from ..schema import Entity, Flag, Span
from . import CheckContext, article_check
from .common import ArticleView, flag


@article_check("translated_name")
def translated_name(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each known entity mentioned under a literal rendering of its name."""
    literal = _literal_forms(context.rules)
    text = article.text
    found = []
    for entity in article.record.entities:
        renderings: dict[str, list[Span]] = defaultdict(list)
        proper = []
        for start, end in entity.mentions:
            rule = literal.get(text[start:end])
            if rule is not None and rule.name == entity.name:
                renderings[text[start:end]].append((start, end))
            else:
                proper.append((start, end))
        if renderings:
            found.append(_translated(entity, renderings, proper))
    return found


_LITERAL_FORMS: dict[str, dict[str, KnownEntity]] = {}


def _literal_forms(rules: RuleSet) -> dict[str, KnownEntity]:
    """Each literal rendering of a known entity's name and its rule, built once per rule set (by its hash):
    the organisations file is long, and building this for every article was a tenth of the check stage."""
    found = _LITERAL_FORMS.get(rules.sha256)
    if found is None:
        found = _LITERAL_FORMS[rules.sha256] = {form: rule for rule in rules.get("entities/organizations", KnownEntity)
                                                for form in rule.literal}
    return found


def _translated(entity: Entity, renderings: dict[str, list[Span]], proper: list[Span]) -> Flag:
    forms = "”, “".join(renderings)
    beside = (f" The article also calls it {entity.name}, so a reader may take the two for different organisations."
              if proper else "")
    return flag(
        "translated_name", "warning",
        f"“{forms}” is {entity.name}'s Chinese name translated word for word or left in pinyin, not the name "
        f"it goes by in English.{beside}",
        [span for spans in renderings.values() for span in spans] + proper, [entity.id],
        suggestion=entity.name,
    )
