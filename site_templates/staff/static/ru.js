/* Russian for the parts of Datasette's own pages that its scripts write in English (dialogs,
   column menus, the jump menu). Data cells, SQL and typed text are never touched. */
(function () {
  "use strict";
  var WORDS = {
    "Insert row": "Добавить строку", "Insert single row": "Одну строку",
    "Insert multiple rows": "Несколько строк", "Edit row": "Изменить строку",
    "Delete row": "Удалить строку", "Row actions": "Действия со строкой", "Save": "Сохранить",
    "Saving...": "Сохраняю…", "Cancel": "Отмена", "Required": "обязательно",
    "Set value": "Задать значение", "Set NULL": "Пусто (NULL)",
    "Set a default value": "Значение по умолчанию",
    "This row will use the table defaults.": "Строка получит значения по умолчанию.",
    "Discard this new row?": "Отказаться от новой строки?",
    "Discard unsaved changes to this row?": "Отменить несохранённые изменения строки?",
    "Deleting...": "Удаляю…", "Delete failed": "Удалить не удалось", "Deleted row.": "Строка удалена.",
    "Inserting...": "Добавляю…", "Inserting": "Добавляю", "Inserted": "Добавлено",
    "Inserted row. Refresh the page to see it.": "Строка добавлена. Обновите страницу, чтобы её увидеть.",
    "Inserted row. It does not match the current filters.": "Строка добавлена, но под текущий отбор не подходит.",
    "Could not save row": "Не удалось сохранить строку", "Could not insert rows.": "Не удалось добавить строки.",
    "Could not load row": "Не удалось загрузить строку", "Loading row...": "Загружаю строку…",
    "Loading foreign keys...": "Загружаю связи…", "Could not load foreign keys": "Не удалось загрузить связи",
    "Preview rows": "Предпросмотр", "Insert these rows": "Добавить эти строки",
    "Paste rows before previewing.": "Вставьте строки перед предпросмотром.",
    "No rows found to preview.": "Нет строк для предпросмотра.", "Pasted text": "Вставленный текст",
    "If the row exists already": "Если такая строка уже есть", "Skip existing rows": "Пропустить существующие",
    "Stop with an error": "Остановиться с ошибкой", "Update existing and insert new": "Обновить и добавить",
    "Update or insert rows": "Обновить или добавить строки",
    "Copy spreadsheet template": "Скопировать шаблон таблицы", "Copy template": "Скопировать шаблон",
    "Paste into Google Sheets or Excel": "Вставьте в табличный редактор", "Copied": "Скопировано",
    "Invalid JSON": "Неверный JSON", "Attach file": "Приложить файл", "No binary data": "Нет двоичных данных",
    "Drop or paste file contents": "Перетащите или вставьте содержимое файла",
    "Current value": "Текущее значение", "Processing": "Обрабатываю", "Preparing...": "Готовлю…",
    "Back": "Назад", "Done": "Готово", "Apply": "Применить", "Select all": "Выбрать все",
    "Deselect all": "Снять все", "Choose columns": "Выбрать столбцы", "Show all columns": "Показать все столбцы",
    "Drag to reorder": "Перетащите, чтобы изменить порядок", "Column actions": "Действия со столбцом",
    "Sort ascending": "По возрастанию", "Sort descending": "По убыванию",
    "Facet by this": "Сгруппировать по столбцу", "Hide this column": "Скрыть столбец",
    "Show not-blank rows": "Только непустые", "No actions available": "Действий нет",
    "Tap a column to reveal actions.": "Нажмите на столбец, чтобы увидеть действия.",
    "Column": "Столбец", "Type": "Тип", "Move": "Переместить",
    "Jump to": "Перейти", "Jump to...": "Перейти…", "Start typing to search...": "Начните вводить название…",
    "Searching...": "Ищу…", "No results found": "Ничего не найдено", "No results found.": "Ничего не найдено.",
    "Recent": "Недавние", "Clear recent": "Очистить недавние", "Recent items cleared.": "Недавние очищены.",
    "Close jump menu": "Закрыть", "Jump results": "Результаты", "Search failed.": "Поиск не удался.",
    "Add another filter": "Добавить фильтр", "Remove this filter": "Убрать фильтр",
    "Counting…": "Считаю…", "Count failed": "Не удалось посчитать", "Request failed": "Запрос не удался",
    "Close": "Закрыть", "default": "по умолчанию", "Not null": "Не пусто", "Primary key": "Первичный ключ", "Foreign key": "Связь"
  };
  var PATTERNS = [
    [/^Insert row into (.+)$/, function (m) { return "Добавить строку в «" + table(m[1]) + "»"; }],
    [/^Edit row (.+)$/, function (m) { return "Изменить строку " + m[1]; }],
    [/^Delete row (.+)$/, function (m) { return "Удалить строку " + m[1]; }],
    [/^Deleted row (.+)$/, function (m) { return "Строка удалена: " + m[1]; }],
    [/^Inserted row (.+)$/, function (m) { return "Строка добавлена: " + m[1]; }],
    [/^Updated row (.+)$/, function (m) { return "Строка изменена: " + m[1]; }],
    [/^Set value for (.+)$/, function (m) { return "Задать значение: " + column(m[1]); }],
    [/^Open referenced row (.+)$/, function (m) { return "Открыть связанную строку " + m[1]; }],
    [/^Request failed with HTTP (\d+)(.*)$/, function (m) { return "Запрос не удался (HTTP " + m[1] + ")" + m[2]; }],
    [/^Previewing (.+)$/, function (m) { return "Предпросмотр: " + m[1]; }],
    [/^Row (\S+)$/, function (m) { return "Строка " + m[1]; }]
  ];
  var COLUMNS = window.ejsyncColumns || {};
  var TABLES = window.ejsyncTables || {};
  function table(name) { return TABLES[name] || name; }
  function column(name) { return COLUMNS[name] || name; }
  var SKIP = "script, style, textarea, pre, code, td, input[type=text]";
  var COLUMN_PLACES = "dialog, th, label, option, .column-chooser, .facet-info-name, .dropdown-menu, legend";

  function translate(text, columnPlace) {
    var trimmed = text.trim();
    if (!trimmed) { return null; }
    if (Object.prototype.hasOwnProperty.call(WORDS, trimmed)) { return text.replace(trimmed, WORDS[trimmed]); }
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = trimmed.match(PATTERNS[i][0]);
      if (m) { return text.replace(trimmed, PATTERNS[i][1](m)); }
    }
    if (columnPlace && Object.prototype.hasOwnProperty.call(COLUMNS, trimmed)) {
      return text.replace(trimmed, COLUMNS[trimmed]);
    }
    return null;
  }
  function inColumnPlace(element) { return !!(element && element.closest && element.closest(COLUMN_PLACES)); }
  function fixElement(element) {
    ["title", "aria-label", "placeholder"].forEach(function (name) {
      var value = element.getAttribute && element.getAttribute(name);
      var done = value && translate(value, true);
      if (done) { element.setAttribute(name, done); }
    });
    if (element.tagName === "INPUT" && (element.type === "submit" || element.type === "button")) {
      var label = translate(element.value, false);
      if (label) { element.value = label; }
    }
  }
  function walk(root) {
    if (!root) { return; }
    if (root.nodeType === 3) {
      var parent = root.parentElement;
      if (!parent || parent.closest(SKIP)) { return; }
      var done = translate(root.nodeValue, inColumnPlace(parent));
      if (done !== null && done !== root.nodeValue) { root.nodeValue = done; }
      return;
    }
    if (root.nodeType !== 1 && root.nodeType !== 11) { return; }
    if (root.nodeType === 1) {
      if (root.matches("script, style, textarea, pre, code")) { return; }
      fixElement(root);
      if (root.shadowRoot) { watch(root.shadowRoot); }
    }
    for (var child = root.firstChild; child; child = child.nextSibling) { walk(child); }
  }
  var watched = [];
  function watch(root) {
    if (watched.indexOf(root) >= 0) { return; }
    watched.push(root);
    walk(root);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") { fixElement(change.target); return; }
        if (change.type === "characterData") { walk(change.target); return; }
        change.addedNodes.forEach(walk);
      });
    }).observe(root, {childList: true, subtree: true, characterData: true, attributes: true,
                      attributeFilter: ["title", "aria-label", "placeholder", "value"]});
  }
  function start() {
    watch(document.body);
    document.querySelectorAll("*").forEach(function (element) {
      if (element.shadowRoot) { watch(element.shadowRoot); }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
  window.ejsyncTranslate = translate;
}());
