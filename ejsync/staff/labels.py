"""Russian names of every table, view and column, for the admin's Datasette pages."""

from __future__ import annotations

from ejsync.store.rights import load_rights

# Tables and views the rights table does not title.
EXTRA_TABLES = {
    "archive_register": "Реестр изданий и копий",
    "changes": "Журнал изменений",
    "family_access_codes": "Коды доступа семей (без секретов)",
    "family_acknowledgements": "Ознакомление семей с итогами по классам",
    "family_diary_visits_weekly": "Просмотры дневников по неделям",
    "family_parent_check": "Контроль просмотров дневника семьями",
    "gate_sessions": "Сеансы семей",
    "gate_throttle": "Ограничение попыток входа семей",
    "login_attempts": "Попытки входа сотрудников",
    "open_violations": "Открытые нарушения",
    "rights": "Права ролей",
    "schema_migrations": "Применённые миграции",
    "staff_account_states": "Состояние учётных записей",
    "staff_accounts": "Учётные записи сотрудников",
    "staff_sessions": "Сеансы сотрудников",
    "staff_write_log": "Журнал записей сотрудников (старый)",
    "write_context": "Текущий автор записи",
    "write_log": "Журнал записей",
}

COLUMNS = {
    "absent_teacher_id": "отсутствующий учитель", "acknowledged_at": "ознакомились",
    "action": "действие", "active": "работает", "address": "адрес", "answer": "ответ",
    "answered_by": "ответил", "answered_on": "дата ответа", "applied_at": "применена",
    "asked_by": "кто обратился", "asked_on": "дата обращения", "at": "когда",
    "birth_date": "дата рождения", "by_name": "кто", "cancelled_at": "отменена",
    "cancelled_by": "кто отменил", "change_id": "номер изменения", "checked_at": "проверено",
    "class_id": "класс", "class_name": "класс", "class_teacher_id": "классный руководитель",
    "closed_at": "закрыто", "code": "код", "code_version": "версия кода",
    "comment": "комментарий", "control_type": "вид контроля", "copied_at": "скопировано",
    "correction_reason": "причина исправления", "corrects_id": "исправляет отметку",
    "created_at": "создано", "created_by": "кто создал", "date": "дата", "day": "день",
    "days_visited": "дней с просмотрами", "declined_on": "дата отказа",
    "description": "описание", "diary_url": "адрес дневника", "disabled_at": "отключена",
    "due_at": "срок", "edition_id": "издание", "electronic_access": "электронный доступ",
    "email": "эл. почта", "ended_at": "завершён", "ends_at": "окончание",
    "ends_on": "последний день", "expires_at": "действует до",
    "failed_logins": "неудачных входов", "failures": "неудачных попыток", "family": "семья",
    "family_id": "семья", "first_name": "имя", "foreign_language": "иностранный язык",
    "found_at": "найдено", "from_date": "с даты", "gender": "пол",
    "generated_at": "напечатано", "grade": "параллель", "grade_from": "с класса",
    "grade_to": "по класс", "homework": "домашнее задание",
    "homework_entered_at": "задание записано", "hours": "часов",
    "hours_per_week": "часов в неделю", "id": "№", "issued_at": "выдан",
    "issued_by": "кто выдал", "job": "задание", "key": "параметр", "kind": "вид",
    "last_name": "фамилия", "last_seen_at": "последняя активность",
    "last_used_step": "последний использованный шаг кода",
    "last_verified_at": "последняя проверка", "last_viewed_at": "последний просмотр",
    "lesson_id": "урок", "lesson_no": "№ урока по плану", "letter": "буква",
    "locked_until": "заблокирована до", "login": "логин",
    "manifest_sha256": "контрольная сумма манифеста", "mark_id": "отметка",
    "media": "носителей", "medium": "носитель", "message": "сообщение",
    "middle_name": "отчество", "name": "название", "note": "примечание",
    "notes": "примечания", "numeric_value": "числовое значение", "ok": "в порядке",
    "op": "операция", "page": "страница", "page_views": "просмотров страниц",
    "pages": "страниц", "password_changed_at": "пароль изменён",
    "password_hash": "хеш пароля", "path": "путь к файлу", "period": "период",
    "period_id": "период", "period_title": "период", "phone": "телефон", "place": "место",
    "plan_id": "строка КТП", "position": "должность", "printed_at": "напечатано",
    "public": "на сайте", "question": "вопрос", "reason": "причина",
    "reason_set_at": "причина указана", "reason_set_by": "кто указал причину",
    "record_id": "запись", "record_table": "таблица записи", "recorded_at": "записано",
    "recorded_by": "кто записал", "register_no": "регистрационный номер",
    "registered_at": "зарегистрировано", "registered_by": "кто зарегистрировал",
    "relation": "кем приходится", "relpath": "файл в архиве", "remote_addr": "адрес компьютера",
    "responsible_id": "ответственный", "responsible_name": "ответственный",
    "revoked_at": "отозван", "revoked_by": "кто отозвал", "role": "роль", "room": "кабинет",
    "row_id": "номер строки", "rule": "правило", "run_key": "задание печати",
    "run_on": "дата печати", "scheduled_teacher_id": "учитель по расписанию",
    "scope": "какие строки", "secret_encrypted": "секрет (зашифрован)",
    "severity": "важность", "sha256": "контрольная сумма", "short_name": "краткое название",
    "slot": "урок по счёту", "source": "источник", "source_sha256": "контрольная сумма данных",
    "split_into_groups": "деление на подгруппы", "staff_id": "сотрудник",
    "starts_at": "начало", "starts_on": "первый день", "state": "состояние",
    "status": "состояние", "student": "ученик", "student_id": "ученик",
    "student_name": "ученик", "subgroup_id": "подгруппа", "subject": "предмет",
    "subject_id": "предмет", "subject_name": "предмет", "substitute_id": "заменяющий учитель",
    "target": "что", "tbl": "таблица", "teacher_id": "учитель", "text": "текст",
    "title": "название", "to_date": "по дату", "to_family": "для родителей",
    "token": "токен", "token_hash": "хеш токена", "topic": "тема",
    "topic_entered_at": "тема записана", "topics": "вопросы", "updated_at": "изменено",
    "valid_from": "действует с", "valid_to": "действует по", "value": "значение",
    "verified_at": "проверено", "verified_ok": "проверка пройдена", "version": "версия",
    "viewed_at": "просмотрено", "waived_at": "принято", "waived_by": "кто принял",
    "website": "сайт", "week": "неделя", "week_days": "дней в неделе",
    "week_of": "неделя", "weekday": "день недели", "weeks_so_far": "недель прошло",
    "weeks_with_two_visits": "недель с двумя просмотрами", "weight": "вес",
    "window_started_at": "начало окна", "work_topic": "тема работы", "work_type": "вид работы",
    "year_id": "учебный год",
}
# A column whose meaning differs in one table.
TABLE_COLUMNS = {
    ("marks", "value"): "отметка", ("marks", "comment"): "комментарий к отметке",
    ("students", "family_id"): "семья", ("settings", "value"): "значение",
    ("attendance", "code"): "отметка посещаемости", ("comments", "kind"): "вид записи",
    ("classes", "name"): "класс", ("subjects", "name"): "предмет",
    ("marks", "kind"): "вид отметки", ("print_editions", "kind"): "вид издания",
}


def table_titles() -> dict[str, str]:
    """Every table's and view's Russian name."""
    return {**{r.table: r.title for r in load_rights()}, **EXTRA_TABLES}


def table_label(table: str | None) -> str:
    """A table's Russian name (its own name when none is known)."""
    return table_titles().get(table or "", table or "")


def column_label(table: str | None, column: str) -> str:
    """A column's Russian name in `table`."""
    return TABLE_COLUMNS.get((table or "", column)) or COLUMNS.get(column, column)


def column_labels(table: str | None) -> dict[str, str]:
    """Every known column's Russian name as seen in `table` (for the pages' scripts)."""
    return {**COLUMNS, **{c: t for (tbl, c), t in TABLE_COLUMNS.items() if tbl == table}}
