"""The family diary: page models from store queries, pages from templates, atomic builds."""

from ejsync.diary.affected import Affected, affected_students, last_change_id, read_changes
from ejsync.diary.build import (
    BuildReport,
    PageSelection,
    build_diaries,
    incremental_build,
    page_selections,
)
from ejsync.diary.tokens import diary_tokens, ensure_tokens

__all__ = [
    "Affected", "BuildReport", "affected_students", "build_diaries", "diary_tokens",
    "ensure_tokens", "incremental_build", "last_change_id", "page_selections", "PageSelection",
    "read_changes",
]
