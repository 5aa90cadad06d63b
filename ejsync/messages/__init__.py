"""Messages between families and the school: threads about one child, attachments, notices
from a lesson's comments, and what the weekly printout of an offline family lists."""

from ejsync.messages.threads import (
    MessageRefused,
    Viewer,
    family_threads,
    family_unread,
    staff_threads,
    thread,
    thread_messages,
    unread_count,
)

__all__ = [
    "MessageRefused", "Viewer", "family_threads", "family_unread", "staff_threads",
    "thread", "thread_messages", "unread_count",
]
