"""Each role's desk: the first staff page after login (see registry.py for the hook)."""

from ejsync.staff.desks import (  # noqa: F401  (each module registers its sections)
    admin,
    class_teacher,
    deputy,
    director,
    secretary,
    teacher,
)
from ejsync.staff.desks.registry import (
    DESK_ROLES,
    DeskContext,
    LoadedSection,
    Section,
    desk_roles,
    load_desk,
    register_section,
    sections_for,
)

__all__ = ["DESK_ROLES", "DeskContext", "LoadedSection", "Section", "desk_roles", "load_desk",
           "register_section", "sections_for"]
