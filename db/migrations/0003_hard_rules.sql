-- Hard rules enforced at write time, for every writer (Datasette, API, CLI, import).
-- Each message starts with the rule ID and says what to do. SQLite allows only literal
-- messages, so the writer (form, importer) adds which row it was.

-- ---------------------------------------------------------------- lessons
CREATE TRIGGER lessons_check_insert BEFORE INSERT ON lessons
BEGIN
    SELECT RAISE(ABORT, 'R-PERIODS: дата урока должна быть в виде ГГГГ-ММ-ДД (например, 2026-11-23). Исправьте дату.')
    WHERE date(NEW.date) IS NULL OR date(NEW.date) <> NEW.date;
    SELECT RAISE(ABORT, 'R-PERIODS: дата урока не входит ни в одну четверть (полугодие) этого класса. Проверьте дату и класс.')
    WHERE NOT EXISTS (
        SELECT 1 FROM periods p JOIN classes c ON c.id = NEW.class_id AND p.year_id = c.year_id
        WHERE p.code <> 'Y' AND c.grade BETWEEN p.grade_from AND p.grade_to
          AND NEW.date BETWEEN p.starts_on AND p.ends_on);
    SELECT RAISE(ABORT, 'R-PERIODS: на эту дату приходятся каникулы или праздничный день, уроков нет. Проверьте дату.')
    WHERE EXISTS (
        SELECT 1 FROM holidays h JOIN classes c ON c.id = NEW.class_id AND h.year_id = c.year_id
        WHERE c.grade BETWEEN h.grade_from AND h.grade_to
          AND NEW.date BETWEEN h.starts_on AND h.ends_on);
    SELECT RAISE(ABORT, 'R-PERIODS: воскресенье не учебный день. Проверьте дату урока.')
    WHERE strftime('%w', NEW.date) = '0';
    SELECT RAISE(ABORT, 'R-PERIODS: класс учится пять дней в неделю, суббота для него не учебный день. Проверьте дату урока.')
    WHERE strftime('%w', NEW.date) = '6'
      AND (SELECT week_days FROM classes WHERE id = NEW.class_id) = 5;
    SELECT RAISE(ABORT, 'R-SUBGROUPS: подгруппа не относится к этому классу и предмету. Выберите подгруппу этого класса.')
    WHERE NEW.subgroup_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM subgroups g
        WHERE g.id = NEW.subgroup_id AND g.class_id = NEW.class_id AND g.subject_id = NEW.subject_id);
    SELECT RAISE(ABORT, 'R-KTP-HOURS: этого предмета нет в учебном плане параллели класса. Проверьте класс и предмет урока.')
    WHERE NOT EXISTS (
        SELECT 1 FROM curriculum u JOIN classes c ON c.id = NEW.class_id
        WHERE u.year_id = c.year_id AND u.grade = c.grade AND u.subject_id = NEW.subject_id);
    SELECT RAISE(ABORT, 'R-LESSON-FIELDS: неизвестный вид контроля. Выберите вид контроля из списка.')
    WHERE NEW.control_type <> '' AND NOT EXISTS (SELECT 1 FROM work_types WHERE code = NEW.control_type);
END;

CREATE TRIGGER lessons_check_update BEFORE UPDATE ON lessons
BEGIN
    SELECT RAISE(ABORT, 'R-MARK-DATE: по уроку уже есть оценки или отметки посещаемости, его дату, класс, подгруппу и предмет менять нельзя. Обратитесь к заместителю директора.')
    WHERE (NEW.date <> OLD.date OR NEW.class_id <> OLD.class_id OR NEW.subject_id <> OLD.subject_id
           OR IFNULL(NEW.subgroup_id, 0) <> IFNULL(OLD.subgroup_id, 0))
      AND (EXISTS (SELECT 1 FROM marks WHERE lesson_id = OLD.id)
           OR EXISTS (SELECT 1 FROM attendance WHERE lesson_id = OLD.id));
    SELECT RAISE(ABORT, 'R-PERIODS: дата урока должна быть в виде ГГГГ-ММ-ДД (например, 2026-11-23). Исправьте дату.')
    WHERE date(NEW.date) IS NULL OR date(NEW.date) <> NEW.date;
    SELECT RAISE(ABORT, 'R-PERIODS: дата урока не входит ни в одну четверть (полугодие) этого класса. Проверьте дату и класс.')
    WHERE NOT EXISTS (
        SELECT 1 FROM periods p JOIN classes c ON c.id = NEW.class_id AND p.year_id = c.year_id
        WHERE p.code <> 'Y' AND c.grade BETWEEN p.grade_from AND p.grade_to
          AND NEW.date BETWEEN p.starts_on AND p.ends_on);
    SELECT RAISE(ABORT, 'R-PERIODS: на эту дату приходятся каникулы или праздничный день, уроков нет. Проверьте дату.')
    WHERE EXISTS (
        SELECT 1 FROM holidays h JOIN classes c ON c.id = NEW.class_id AND h.year_id = c.year_id
        WHERE c.grade BETWEEN h.grade_from AND h.grade_to
          AND NEW.date BETWEEN h.starts_on AND h.ends_on);
    SELECT RAISE(ABORT, 'R-PERIODS: воскресенье не учебный день. Проверьте дату урока.')
    WHERE strftime('%w', NEW.date) = '0';
    SELECT RAISE(ABORT, 'R-PERIODS: класс учится пять дней в неделю, суббота для него не учебный день. Проверьте дату урока.')
    WHERE strftime('%w', NEW.date) = '6'
      AND (SELECT week_days FROM classes WHERE id = NEW.class_id) = 5;
    SELECT RAISE(ABORT, 'R-SUBGROUPS: подгруппа не относится к этому классу и предмету. Выберите подгруппу этого класса.')
    WHERE NEW.subgroup_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM subgroups g
        WHERE g.id = NEW.subgroup_id AND g.class_id = NEW.class_id AND g.subject_id = NEW.subject_id);
    SELECT RAISE(ABORT, 'R-KTP-HOURS: этого предмета нет в учебном плане параллели класса. Проверьте класс и предмет урока.')
    WHERE NOT EXISTS (
        SELECT 1 FROM curriculum u JOIN classes c ON c.id = NEW.class_id
        WHERE u.year_id = c.year_id AND u.grade = c.grade AND u.subject_id = NEW.subject_id);
    SELECT RAISE(ABORT, 'R-LESSON-FIELDS: неизвестный вид контроля. Выберите вид контроля из списка.')
    WHERE NEW.control_type <> '' AND NOT EXISTS (SELECT 1 FROM work_types WHERE code = NEW.control_type);
END;

CREATE TRIGGER lessons_check_delete BEFORE DELETE ON lessons
BEGIN
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: по уроку уже есть оценки, отметки посещаемости или замечания, удалить его нельзя. Обратитесь к заместителю директора.')
    WHERE EXISTS (SELECT 1 FROM marks WHERE lesson_id = OLD.id)
       OR EXISTS (SELECT 1 FROM attendance WHERE lesson_id = OLD.id)
       OR EXISTS (SELECT 1 FROM comments WHERE lesson_id = OLD.id);
END;

-- ---------------------------------------------------------------- marks
CREATE TRIGGER marks_check_insert BEFORE INSERT ON marks
BEGIN
    SELECT RAISE(ABORT, 'R-MARK-SCALE: вид отметки должен быть current, period, year, exam или final.')
    WHERE NEW.kind NOT IN ('current', 'period', 'year', 'exam', 'final');
    SELECT RAISE(ABORT, 'R-MARK-SCALE: такой отметки нет в шкале школы. Допустимы 2, 3, 4, 5 и отметки из списка (например, «зач», «н/а»).')
    WHERE NOT EXISTS (SELECT 1 FROM mark_scale WHERE value = NEW.value);
    -- current marks: a lesson, a work type, the lesson's subject
    SELECT RAISE(ABORT, 'R-MARK-DATE: текущая отметка ставится за урок: укажите урок.')
    WHERE NEW.kind = 'current' AND NEW.lesson_id IS NULL;
    SELECT RAISE(ABORT, 'R-MARK-DATE: у текущей отметки должен быть вид работы из списка (ответ на уроке, контрольная работа и т. д.).')
    WHERE NEW.kind = 'current'
      AND (NEW.work_type IS NULL OR NOT EXISTS (SELECT 1 FROM work_types WHERE code = NEW.work_type));
    SELECT RAISE(ABORT, 'R-MARK-DATE: предмет отметки не совпадает с предметом урока. Выберите правильный урок.')
    WHERE NEW.kind = 'current'
      AND NEW.subject_id <> (SELECT subject_id FROM lessons WHERE id = NEW.lesson_id);
    SELECT RAISE(ABORT, 'R-MARK-SCALE: в этом классе отметки не ставятся (безотметочное обучение).')
    WHERE NEW.kind = 'current'
      AND (SELECT c.grade FROM lessons l JOIN classes c ON c.id = l.class_id WHERE l.id = NEW.lesson_id)
          < CAST((SELECT value FROM settings WHERE key = 'marks_from_grade') AS INTEGER);
    SELECT RAISE(ABORT, 'R-CLASS-LIST: ученик не числится в классе (подгруппе) этого урока на дату урока. Проверьте ученика и урок.')
    WHERE NEW.kind = 'current' AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN enrollments e
          ON e.student_id = NEW.student_id AND e.class_id = l.class_id
         AND e.from_date <= l.date AND (e.to_date IS NULL OR e.to_date >= l.date)
        WHERE l.id = NEW.lesson_id
          AND (l.subgroup_id IS NULL OR EXISTS (
              SELECT 1 FROM subgroup_members m
              WHERE m.subgroup_id = l.subgroup_id AND m.student_id = NEW.student_id
                AND m.from_date <= l.date AND (m.to_date IS NULL OR m.to_date >= l.date))));
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: эта отметка за этот урок и вид работы уже выставлена. Повторно сохранять не нужно; исправить отметку может только заместитель директора.')
    WHERE NEW.kind = 'current' AND NEW.corrects_id IS NULL AND EXISTS (
        SELECT 1 FROM marks m
        WHERE m.student_id = NEW.student_id AND m.lesson_id = NEW.lesson_id
          AND m.work_type = NEW.work_type AND m.kind = 'current' AND m.corrects_id IS NULL);
    -- period, year, exam and final marks: a period of the right kind
    SELECT RAISE(ABORT, 'R-PERIODS: итоговая отметка ставится за период, а не за урок: укажите период и не указывайте урок.')
    WHERE NEW.kind <> 'current' AND (NEW.period_id IS NULL OR NEW.lesson_id IS NOT NULL);
    SELECT RAISE(ABORT, 'R-PERIODS: отметка за четверть (полугодие) ставится за период Q1–Q4 или H1–H2; годовая, экзаменационная и итоговая — за год (Y).')
    WHERE NEW.kind <> 'current' AND (
        (NEW.kind = 'period' AND (SELECT code FROM periods WHERE id = NEW.period_id) = 'Y')
        OR (NEW.kind <> 'period' AND (SELECT code FROM periods WHERE id = NEW.period_id) <> 'Y'));
    SELECT RAISE(ABORT, 'R-PERIODS: ученик не учится в этот период в классе, для которого он предусмотрен. Проверьте ученика и период.')
    WHERE NEW.kind <> 'current' AND NOT EXISTS (
        SELECT 1 FROM periods p JOIN enrollments e ON e.student_id = NEW.student_id
        JOIN classes c ON c.id = e.class_id AND c.year_id = p.year_id
        WHERE p.id = NEW.period_id AND c.grade BETWEEN p.grade_from AND p.grade_to
          AND e.from_date <= p.ends_on AND (e.to_date IS NULL OR e.to_date >= p.starts_on));
    SELECT RAISE(ABORT, 'R-MARK-SCALE: в этом классе отметки не ставятся (безотметочное обучение).')
    WHERE NEW.kind <> 'current' AND NOT EXISTS (
        SELECT 1 FROM periods p JOIN enrollments e ON e.student_id = NEW.student_id
        JOIN classes c ON c.id = e.class_id AND c.year_id = p.year_id
        WHERE p.id = NEW.period_id
          AND e.from_date <= p.ends_on AND (e.to_date IS NULL OR e.to_date >= p.starts_on)
          AND c.grade >= CAST((SELECT value FROM settings WHERE key = 'marks_from_grade') AS INTEGER));
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: такая отметка за этот период по этому предмету уже выставлена. Исправить её может только заместитель директора.')
    WHERE NEW.kind <> 'current' AND NEW.corrects_id IS NULL AND EXISTS (
        SELECT 1 FROM marks m
        WHERE m.student_id = NEW.student_id AND m.subject_id = NEW.subject_id
          AND m.period_id = NEW.period_id AND m.kind = NEW.kind AND m.corrects_id IS NULL);
    -- corrections: a new row pointing at the corrected one (R-NO-CORRECTION)
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: укажите причину исправления отметки.')
    WHERE NEW.corrects_id IS NOT NULL AND trim(NEW.correction_reason) = '';
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: исправлять отметки может только заместитель директора или администратор.')
    WHERE NEW.corrects_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM staff_roles WHERE staff_id = NEW.created_by AND role IN ('deputy', 'admin'));
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: исправление должно относиться к той же отметке: тот же ученик, предмет, урок (период) и вид отметки.')
    WHERE NEW.corrects_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM marks m
        WHERE m.id = NEW.corrects_id AND m.student_id = NEW.student_id
          AND m.subject_id = NEW.subject_id AND m.kind = NEW.kind
          AND IFNULL(m.lesson_id, 0) = IFNULL(NEW.lesson_id, 0)
          AND IFNULL(m.period_id, 0) = IFNULL(NEW.period_id, 0));
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: эта отметка уже исправлена. Исправляйте последнюю запись.')
    WHERE NEW.corrects_id IS NOT NULL
      AND EXISTS (SELECT 1 FROM marks WHERE corrects_id = NEW.corrects_id);
END;

CREATE TRIGGER marks_no_update BEFORE UPDATE ON marks
BEGIN
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: выставленную отметку изменять нельзя. Исправление оформляет заместитель директора новой записью с причиной.');
END;

CREATE TRIGGER marks_no_delete BEFORE DELETE ON marks
BEGIN
    SELECT RAISE(ABORT, 'R-NO-CORRECTION: выставленную отметку удалять нельзя. Исправление оформляет заместитель директора новой записью с причиной.');
END;

-- ---------------------------------------------------------------- attendance
CREATE TRIGGER attendance_check_insert BEFORE INSERT ON attendance
BEGIN
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: отметка посещаемости может быть только н, Б (болезнь), У (уважительная причина), Н (неуважительная причина) или О (опоздание).')
    WHERE NEW.code NOT IN ('н', 'Б', 'У', 'Н', 'О');
    SELECT RAISE(ABORT, 'R-CLASS-LIST: ученик не числится в классе (подгруппе) этого урока на дату урока. Проверьте ученика и урок.')
    WHERE NOT EXISTS (
        SELECT 1 FROM lessons l JOIN enrollments e
          ON e.student_id = NEW.student_id AND e.class_id = l.class_id
         AND e.from_date <= l.date AND (e.to_date IS NULL OR e.to_date >= l.date)
        WHERE l.id = NEW.lesson_id
          AND (l.subgroup_id IS NULL OR EXISTS (
              SELECT 1 FROM subgroup_members m
              WHERE m.subgroup_id = l.subgroup_id AND m.student_id = NEW.student_id
                AND m.from_date <= l.date AND (m.to_date IS NULL OR m.to_date >= l.date))));
    SELECT RAISE(ABORT, 'R-ABSENCE-MARK: отсутствие этого ученика на этом уроке уже отмечено. Повторно отмечать не нужно.')
    WHERE EXISTS (SELECT 1 FROM attendance WHERE lesson_id = NEW.lesson_id AND student_id = NEW.student_id);
END;

CREATE TRIGGER attendance_check_update BEFORE UPDATE ON attendance
BEGIN
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: отметка посещаемости может быть только н, Б (болезнь), У (уважительная причина), Н (неуважительная причина) или О (опоздание).')
    WHERE NEW.code NOT IN ('н', 'Б', 'У', 'Н', 'О');
    SELECT RAISE(ABORT, 'R-ABSENCE-MARK: урок и ученика в отметке посещаемости менять нельзя. Снимите отметку и поставьте новую.')
    WHERE NEW.lesson_id <> OLD.lesson_id OR NEW.student_id <> OLD.student_id;
END;

-- ---------------------------------------------------------------- comments
CREATE TRIGGER comments_check_insert BEFORE INSERT ON comments
BEGIN
    SELECT RAISE(ABORT, 'R-COMMENT: текст записи для родителей не может быть пустым.')
    WHERE trim(NEW.text) = '';
    SELECT RAISE(ABORT, 'R-CLASS-LIST: ученик не числится в классе (подгруппе) этого урока на дату урока. Проверьте ученика и урок.')
    WHERE NEW.lesson_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN enrollments e
          ON e.student_id = NEW.student_id AND e.class_id = l.class_id
         AND e.from_date <= l.date AND (e.to_date IS NULL OR e.to_date >= l.date)
        WHERE l.id = NEW.lesson_id);
END;

-- ---------------------------------------------------------------- membership
CREATE TRIGGER enrollments_check_insert BEFORE INSERT ON enrollments
BEGIN
    SELECT RAISE(ABORT, 'R-CLASS-LIST: даты зачисления должны быть в виде ГГГГ-ММ-ДД.')
    WHERE date(NEW.from_date) IS NULL OR date(NEW.from_date) <> NEW.from_date
       OR (NEW.to_date IS NOT NULL AND (date(NEW.to_date) IS NULL OR date(NEW.to_date) <> NEW.to_date));
    SELECT RAISE(ABORT, 'R-CLASS-LIST: ученик уже числится в классе в эти даты. Сначала укажите дату выбытия из прежнего класса.')
    WHERE EXISTS (
        SELECT 1 FROM enrollments e
        WHERE e.student_id = NEW.student_id
          AND e.from_date <= IFNULL(NEW.to_date, '9999-12-31')
          AND IFNULL(e.to_date, '9999-12-31') >= NEW.from_date);
END;

CREATE TRIGGER subgroup_members_check_insert BEFORE INSERT ON subgroup_members
BEGIN
    SELECT RAISE(ABORT, 'R-SUBGROUPS: в подгруппу можно включить только ученика этого класса.')
    WHERE NOT EXISTS (
        SELECT 1 FROM subgroups g JOIN enrollments e
          ON e.class_id = g.class_id AND e.student_id = NEW.student_id
         AND e.from_date <= IFNULL(NEW.to_date, '9999-12-31')
         AND IFNULL(e.to_date, '9999-12-31') >= NEW.from_date
        WHERE g.id = NEW.subgroup_id);
    SELECT RAISE(ABORT, 'R-SUBGROUPS: ученик уже состоит в другой подгруппе по этому предмету в эти даты. Переводит между подгруппами администратор в конце периода.')
    WHERE EXISTS (
        SELECT 1 FROM subgroup_members m
        JOIN subgroups g ON g.id = m.subgroup_id
        JOIN subgroups n ON n.id = NEW.subgroup_id
        WHERE m.student_id = NEW.student_id AND g.class_id = n.class_id AND g.subject_id = n.subject_id
          AND m.from_date <= IFNULL(NEW.to_date, '9999-12-31')
          AND IFNULL(m.to_date, '9999-12-31') >= NEW.from_date);
END;
