"""Errors a user sees: one class, a Russian message, a non-zero exit; and the Russian account of
the operating system's errors a person can meet (no space, no rights, a port in use)."""

from __future__ import annotations

import errno
import re
import shutil

ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")


class UserError(Exception):
    """A problem the user can fix; the message is Russian and says what to do."""

    exit_code = 2


NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
NO_RIGHTS = {errno.EROFS, errno.EACCES, errno.EPERM}


def os_error_message(exc: OSError) -> str:
    """What an operating-system error means for the person running ejsync, in Russian."""
    if isinstance(exc, shutil.Error) and exc.args and exc.args[0]:
        exc = _first_of_copy(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in NO_SPACE:
        return (f"Нет места для записи{where}: диск или раздел заполнен (или превышен предел "
                "размера файла). Освободите место и повторите; недописанные файлы удалены, "
                "прежние остались как были.")
    if exc.errno == errno.EROFS:
        return (f"Запись невозможна{where}: файловая система только для чтения. Укажите другой "
                "каталог или смонтируйте этот для записи.")
    if exc.errno in NO_RIGHTS:
        return (f"Нет прав на запись или чтение{where}. Проверьте права на файл и каталог: они "
                "должны принадлежать пользователю, от имени которого работает ejsync.")
    if exc.errno == errno.EADDRINUSE:
        return ("Адрес и порт уже заняты другой программой (возможно, ejsync уже запущен). "
                "Остановите её или укажите другой порт (--port).")
    if exc.errno == errno.ENOENT:
        return f"Файл или каталог не найден{where}. Проверьте путь."
    if exc.errno == errno.ENOTDIR:
        return f"Путь{where} ведёт не в каталог. Проверьте путь."
    if exc.errno == errno.EISDIR:
        return f"{exc.filename or 'Путь'} — каталог, а нужен файл. Проверьте путь."
    return (f"Ошибка ввода-вывода{where}: {exc.strerror or exc}. Проверьте диск, права и путь, "
            "затем повторите.")


def _first_of_copy(exc: shutil.Error) -> OSError:
    """The first failure of a folder copy (shutil.copytree gathers them as text)."""
    source, target, why = exc.args[0][0]
    number = ERRNO_IN_TEXT.search(str(why))
    return OSError(int(number.group(1)) if number else None, str(why), target)
