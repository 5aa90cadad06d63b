"""The family diary: page models from store queries, pages from templates, atomic builds."""

from ejsync.diary.affected import (
    Affected,
    affected_students,
    last_change_id,
    log_mark,
    read_changes,
)
from ejsync.diary.build import BuildReport, build_diaries
from ejsync.diary.plan import RebuildPlan, plan_rebuild
from ejsync.diary.rebuild import RebuildReport, incremental_build, rebuild
from ejsync.diary.selection import EVERY_PAGE, PageSelection
from ejsync.diary.tokens import diary_tokens, ensure_tokens

__all__ = [
    "Affected", "BuildReport", "EVERY_PAGE", "PageSelection", "RebuildPlan", "RebuildReport",
    "affected_students", "build_diaries", "diary_tokens", "ensure_tokens",
    "incremental_build", "last_change_id", "log_mark", "plan_rebuild", "read_changes",
    "rebuild",
]
