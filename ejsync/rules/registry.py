"""The rule registry: one checker per rule ID, each citing its source."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ejsync.rules.context import CheckContext
from ejsync.rules.finding import Finding

Checker = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered checker: its ID, its source documents and what it does."""

    id: str
    source: str
    check: Checker

    @property
    def doc(self) -> str:
        """The checker's docstring (what it checks, with the citation)."""
        return (self.check.__doc__ or "").strip()


RULES: dict[str, Rule] = {}


def rule(rule_id: str, source: str) -> Callable[[Checker], Checker]:
    """Register the decorated checker under `rule_id`; `source` cites document and paragraph."""

    def register(check: Checker) -> Checker:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        if not (check.__doc__ or "").strip():
            raise ValueError(f"rule {rule_id} has no docstring")
        RULES[rule_id] = Rule(rule_id, source, check)
        return check

    return register
