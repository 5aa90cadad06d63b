-- Who may write what (R-TEACHER-RIGHTS, R-ABSENCE-REASON, R-NO-SHARED-LOGIN), for every writer.
-- The writer is the logged-in staff member of the staff web server (write_context), else
-- the row's own created_by (CLI, import); a lesson with neither is a system import. A teacher writes for the classes and subgroups
-- they teach (teaching_assignments) or the lessons they held (lessons.teacher_id).

-- ---------------------------------------------------------------- lessons
CREATE TRIGGER lessons_rights_insert BEFORE INSERT ON lessons
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора записи ставит сервер по вошедшему пользователю; указать другого автора нельзя.')
    WHERE EXISTS (SELECT 1 FROM write_context WHERE id = 1)
      AND IFNULL(NEW.created_by, -1) <> (SELECT staff_id FROM write_context WHERE id = 1);
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: урок может записать только учитель этого класса (подгруппы) и предмета, заменяющий учитель или заместитель директора. Проверьте класс и предмет.')
    WHERE IFNULL((SELECT staff_id FROM write_context WHERE id = 1), NEW.created_by) IS NOT NULL
      AND NOT EXISTS (
        SELECT 1 FROM staff_roles r
        WHERE r.staff_id = IFNULL((SELECT staff_id FROM write_context WHERE id = 1), NEW.created_by)
          AND r.role IN ('deputy', 'admin'))
      AND NOT (NEW.teacher_id = IFNULL((SELECT staff_id FROM write_context WHERE id = 1), NEW.created_by)
               AND EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = NEW.teacher_id AND r.role = 'teacher'));
END;

CREATE TRIGGER lessons_rights_update BEFORE UPDATE ON lessons
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора изменения ставит сервер по вошедшему пользователю; указать другого автора нельзя.')
    WHERE IFNULL(NEW.updated_by, -1) <> (SELECT staff_id FROM write_context WHERE id = 1)
      AND IFNULL(NEW.updated_by, -1) <> IFNULL(OLD.updated_by, -1);
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: изменить урок может только учитель этого класса (подгруппы) и предмета, проводивший его учитель или заместитель директора.')
    WHERE NOT EXISTS (
        SELECT 1 FROM staff_roles r
        WHERE r.staff_id = (SELECT staff_id FROM write_context WHERE id = 1) AND r.role IN ('deputy', 'admin'))
      AND (SELECT staff_id FROM write_context WHERE id = 1) <> OLD.teacher_id
      AND NOT EXISTS (
        SELECT 1 FROM teaching_assignments a
        WHERE a.teacher_id = (SELECT staff_id FROM write_context WHERE id = 1)
          AND a.class_id = OLD.class_id AND a.subject_id = OLD.subject_id
          AND (a.subgroup_id IS NULL OR a.subgroup_id = IFNULL(OLD.subgroup_id, -1)))
      AND NOT (NEW.teacher_id = (SELECT staff_id FROM write_context WHERE id = 1)
               AND OLD.teacher_id = OLD.scheduled_teacher_id);
    SELECT RAISE(ABORT, 'R-LESSON-FIELDS: проводившим урок учитель может указать только себя (замена); назначить другого учителя может заместитель директора.')
    WHERE NEW.teacher_id <> OLD.teacher_id
      AND NEW.teacher_id <> (SELECT staff_id FROM write_context WHERE id = 1)
      AND NOT EXISTS (
        SELECT 1 FROM staff_roles r
        WHERE r.staff_id = (SELECT staff_id FROM write_context WHERE id = 1) AND r.role IN ('deputy', 'admin'));
END;

-- ---------------------------------------------------------------- marks
CREATE TRIGGER marks_rights_insert BEFORE INSERT ON marks
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора отметки ставит сервер по вошедшему пользователю; указать другого автора нельзя.')
    WHERE EXISTS (SELECT 1 FROM write_context WHERE id = 1)
      AND NEW.created_by <> (SELECT staff_id FROM write_context WHERE id = 1);
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: отметку за урок ставит только учитель этого класса (подгруппы) и предмета или проводивший урок учитель. Вы не ведёте этот урок.')
    WHERE NEW.kind = 'current' AND NEW.corrects_id IS NULL AND NOT EXISTS (
        SELECT 1 FROM lessons l
        WHERE l.id = NEW.lesson_id
          AND (l.teacher_id = NEW.created_by OR EXISTS (
              SELECT 1 FROM teaching_assignments a
              WHERE a.teacher_id = NEW.created_by AND a.class_id = l.class_id
                AND a.subject_id = l.subject_id
                AND (a.subgroup_id IS NULL OR a.subgroup_id = IFNULL(l.subgroup_id, -1)))));
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: итоговую отметку ставит учитель, который ведёт этот предмет в классе ученика, или заместитель директора.')
    WHERE NEW.kind <> 'current' AND NEW.corrects_id IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM staff_roles r WHERE r.staff_id = NEW.created_by AND r.role IN ('deputy', 'admin'))
      AND NOT EXISTS (
        SELECT 1 FROM teaching_assignments a
        JOIN enrollments e ON e.class_id = a.class_id AND e.student_id = NEW.student_id
        JOIN periods p ON p.id = NEW.period_id
        WHERE a.teacher_id = NEW.created_by AND a.subject_id = NEW.subject_id
          AND e.from_date <= p.ends_on AND (e.to_date IS NULL OR e.to_date >= p.starts_on));
END;

-- ---------------------------------------------------------------- attendance
CREATE TRIGGER attendance_rights_insert BEFORE INSERT ON attendance
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора отметки посещаемости ставит сервер по вошедшему пользователю; указать другого автора нельзя.')
    WHERE EXISTS (SELECT 1 FROM write_context WHERE id = 1)
      AND NEW.created_by <> (SELECT staff_id FROM write_context WHERE id = 1);
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: отсутствие на уроке отмечает только учитель этого класса (подгруппы) и предмета или проводивший урок учитель.')
    WHERE NOT EXISTS (
        SELECT 1 FROM lessons l
        WHERE l.id = NEW.lesson_id
          AND (l.teacher_id = NEW.created_by OR EXISTS (
              SELECT 1 FROM teaching_assignments a
              WHERE a.teacher_id = NEW.created_by AND a.class_id = l.class_id
                AND a.subject_id = l.subject_id
                AND (a.subgroup_id IS NULL OR a.subgroup_id = IFNULL(l.subgroup_id, -1)))))
      AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN classes c ON c.id = l.class_id
        WHERE l.id = NEW.lesson_id AND c.class_teacher_id = NEW.created_by);
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: учитель на уроке отмечает только «н» или «О» (опоздание); причину отсутствия (Б, У, Н) ставит классный руководитель.')
    WHERE NEW.code IN ('Б', 'У', 'Н') AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN classes c ON c.id = l.class_id
        WHERE l.id = NEW.lesson_id AND c.class_teacher_id = NEW.created_by);
END;

CREATE TRIGGER attendance_rights_update BEFORE UPDATE OF code ON attendance
WHEN NEW.code <> OLD.code
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто указал причину, ставит сервер по вошедшему пользователю; указать другого нельзя.')
    WHERE EXISTS (SELECT 1 FROM write_context WHERE id = 1)
      AND IFNULL(NEW.reason_set_by, -1) <> (SELECT staff_id FROM write_context WHERE id = 1);
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: причину отсутствия (Б, У, Н) ставит и меняет только классный руководитель класса этого урока.')
    WHERE (NEW.code IN ('Б', 'У', 'Н') OR OLD.code IN ('Б', 'У', 'Н')) AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN classes c ON c.id = l.class_id
        WHERE l.id = NEW.lesson_id
          AND c.class_teacher_id = IFNULL((SELECT staff_id FROM write_context WHERE id = 1), NEW.reason_set_by));
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: «н» и «О» на уроке меняет учитель этого урока или классный руководитель.')
    WHERE NEW.code IN ('н', 'О') AND OLD.code IN ('н', 'О') AND NOT EXISTS (
        SELECT 1 FROM lessons l JOIN classes c ON c.id = l.class_id
        WHERE l.id = NEW.lesson_id
          AND IFNULL((SELECT staff_id FROM write_context WHERE id = 1), NEW.reason_set_by)
              IN (l.teacher_id, c.class_teacher_id, (
                  SELECT a.teacher_id FROM teaching_assignments a
                  WHERE a.class_id = l.class_id AND a.subject_id = l.subject_id
                    AND a.teacher_id = IFNULL((SELECT staff_id FROM write_context WHERE id = 1), NEW.reason_set_by)
                    AND (a.subgroup_id IS NULL OR a.subgroup_id = IFNULL(l.subgroup_id, -1)))));
END;

CREATE TRIGGER attendance_rights_delete BEFORE DELETE ON attendance
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-ABSENCE-REASON: отметку с причиной отсутствия снять нельзя; её может изменить классный руководитель.')
    WHERE OLD.code NOT IN ('н', 'О');
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: снять отметку «н» может только учитель этого урока.')
    WHERE NOT EXISTS (
        SELECT 1 FROM lessons l
        WHERE l.id = OLD.lesson_id
          AND (l.teacher_id = (SELECT staff_id FROM write_context WHERE id = 1) OR EXISTS (
              SELECT 1 FROM teaching_assignments a
              WHERE a.teacher_id = (SELECT staff_id FROM write_context WHERE id = 1)
                AND a.class_id = l.class_id AND a.subject_id = l.subject_id
                AND (a.subgroup_id IS NULL OR a.subgroup_id = IFNULL(l.subgroup_id, -1)))));
END;

-- ---------------------------------------------------------------- comments
CREATE TRIGGER comments_rights_insert BEFORE INSERT ON comments
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора записи ставит сервер по вошедшему пользователю; указать другого автора нельзя.')
    WHERE EXISTS (SELECT 1 FROM write_context WHERE id = 1)
      AND NEW.created_by <> (SELECT staff_id FROM write_context WHERE id = 1);
    SELECT RAISE(ABORT, 'R-TEACHER-RIGHTS: запись об ученике делает учитель, который ведёт урок или предмет в его классе, классный руководитель или заместитель директора.')
    WHERE NOT EXISTS (
        SELECT 1 FROM staff_roles r WHERE r.staff_id = NEW.created_by AND r.role IN ('deputy', 'admin'))
      AND NOT EXISTS (
        SELECT 1 FROM lessons l WHERE l.id = NEW.lesson_id AND l.teacher_id = NEW.created_by)
      AND NOT EXISTS (
        SELECT 1 FROM enrollments e JOIN classes c ON c.id = e.class_id
        WHERE e.student_id = NEW.student_id AND e.to_date IS NULL
          AND (c.class_teacher_id = NEW.created_by OR EXISTS (
              SELECT 1 FROM teaching_assignments a
              WHERE a.class_id = c.id AND a.teacher_id = NEW.created_by
                AND (NEW.lesson_id IS NULL OR a.subject_id =
                     (SELECT subject_id FROM lessons WHERE id = NEW.lesson_id)))));
END;

-- ---------------------------------------------------------------- support register
CREATE TRIGGER support_requests_rights_insert BEFORE INSERT ON support_requests
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто записал обращение, ставит сервер по вошедшему пользователю.')
    WHERE IFNULL(NEW.recorded_by, -1) <> (SELECT staff_id FROM write_context WHERE id = 1);
END;
