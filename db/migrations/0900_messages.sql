-- Families and school in touch (R-CORRESPONDENCE, R-COMMENT, R-INFORM-FAMILIES, R-ACCESS-OWN):
-- message threads about one child, e-mail notifications through the school's relay with an
-- outbox, and events for some grades only. The rights of the new tables follow in 0901
-- (generated from ejsync/store/rights.toml).

-- ---------------------------------------------------------------- the rights table, widened
-- Threads of the «интернет-приёмная» are the administration's: a fourth row scope.
-- 0901 refills the table from rights.toml.
DROP TABLE rights;
CREATE TABLE rights (
    role TEXT NOT NULL,
    tbl TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'link', 'read')),
    scope TEXT NOT NULL CHECK (scope IN ('all', 'taught', 'class', 'reception')),
    PRIMARY KEY (role, tbl, op)
);

-- A family writes through the gate: the writer of such a transaction names the family.
ALTER TABLE write_context ADD COLUMN family_id INTEGER;

-- ---------------------------------------------------------------- threads and messages
-- A thread about one child between its family and the child's class teacher, one of its
-- subject teachers (staff_id), or the administration («интернет-приёмная», staff_id NULL).
CREATE TABLE message_threads (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('class_teacher', 'teacher', 'reception')),
    staff_id INTEGER REFERENCES staff(id),
    topic TEXT NOT NULL,
    started_by INTEGER REFERENCES staff(id),          -- NULL: the family started it
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((kind = 'reception') = (staff_id IS NULL))
);
CREATE INDEX message_threads_family ON message_threads(family_id, student_id);
CREATE INDEX message_threads_staff ON message_threads(staff_id, kind);
CREATE INDEX message_threads_student ON message_threads(student_id, kind);

-- One message: by the family (author_family_id) or a staff member (author_staff_id). Never
-- deleted; withdrawn within 10 minutes by its author, which leaves a visible trace.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    thread_id INTEGER NOT NULL REFERENCES message_threads(id),
    author_staff_id INTEGER REFERENCES staff(id),
    author_family_id INTEGER REFERENCES families(id),
    body TEXT NOT NULL,
    comment_id INTEGER REFERENCES comments(id),       -- a lesson's comment sent as a notice
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    withdrawn_at TEXT,
    CHECK ((author_staff_id IS NULL) <> (author_family_id IS NULL))
);
CREATE INDEX messages_thread ON messages(thread_id, id);
CREATE INDEX messages_family_author ON messages(author_family_id, created_at);
CREATE INDEX messages_staff_author ON messages(author_staff_id, created_at);
CREATE UNIQUE INDEX messages_comment ON messages(comment_id) WHERE comment_id IS NOT NULL;

-- Files attached to a message (PDF, JPEG, PNG by their content; at most 5 MB), stored by
-- their SHA-256 outside every web root (ejsync.messages.attachments).
CREATE TABLE message_attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 5242880),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
);
CREATE INDEX message_attachments_message ON message_attachments(message_id);

-- How far each party has read a thread: reader = a staff id, or 0 for the family.
CREATE TABLE message_reads (
    thread_id INTEGER NOT NULL REFERENCES message_threads(id),
    reader INTEGER NOT NULL,
    last_read_id INTEGER NOT NULL,
    PRIMARY KEY (thread_id, reader)
);

INSERT OR IGNORE INTO settings (key, value) VALUES
    ('messages_per_hour_family', '20'),
    ('messages_per_hour_staff', '100');

-- Hard rules of every writer: a message has text and a size; a thread is about the family's
-- own child and addressed to someone who has to do with the child.
CREATE TRIGGER messages_check_insert BEFORE INSERT ON messages
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: сообщение пустое. Напишите текст сообщения.')
    WHERE length(trim(NEW.body, ' ' || char(9, 10, 13))) = 0;
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: сообщение длиннее 5000 знаков. Сократите его или разделите на два.')
    WHERE length(NEW.body) > 5000;
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: новое сообщение не может быть сразу отозванным.')
    WHERE NEW.withdrawn_at IS NOT NULL;
END;

CREATE TRIGGER message_threads_check_insert BEFORE INSERT ON message_threads
BEGIN
    SELECT RAISE(ABORT, 'R-ACCESS-OWN: переписка ведётся о ребёнке своей семьи.')
    WHERE NEW.family_id IS NOT (SELECT family_id FROM students WHERE id = NEW.student_id);
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: тема сообщения пустая или длиннее 200 знаков.')
    WHERE length(trim(NEW.topic, ' ' || char(9, 10, 13))) = 0 OR length(NEW.topic) > 200;
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: классному руководителю пишут в переписке с классным руководителем класса ребёнка.')
    WHERE NEW.kind = 'class_teacher' AND NOT EXISTS (
        SELECT 1 FROM enrollments e JOIN classes c ON c.id = e.class_id
        WHERE e.student_id = NEW.student_id AND e.to_date IS NULL
          AND c.class_teacher_id = NEW.staff_id);
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: учителю пишут, если он ведёт предмет у ребёнка. Выберите учителя из списка.')
    WHERE NEW.kind = 'teacher' AND NOT EXISTS (
        SELECT 1 FROM enrollments e JOIN teaching_assignments ta ON ta.class_id = e.class_id
        WHERE e.student_id = NEW.student_id AND e.to_date IS NULL AND ta.teacher_id = NEW.staff_id
          AND (ta.subgroup_id IS NULL OR EXISTS (
              SELECT 1 FROM subgroup_members sm WHERE sm.subgroup_id = ta.subgroup_id
                AND sm.student_id = NEW.student_id AND sm.to_date IS NULL)))
      AND NOT EXISTS (SELECT 1 FROM comments cm
                      WHERE cm.student_id = NEW.student_id AND cm.created_by = NEW.staff_id);
END;

CREATE TRIGGER message_threads_no_update BEFORE UPDATE ON message_threads
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: переписку не переносят к другой семье, ученику или адресату; начните новую.');
END;
CREATE TRIGGER message_threads_no_delete BEFORE DELETE ON message_threads
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: переписка не удаляется.');
END;

-- Nobody deletes a message; only its author withdraws it, within 10 minutes (R-CORRESPONDENCE).
CREATE TRIGGER messages_check_update BEFORE UPDATE ON messages
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: отправленное сообщение не изменяется; его можно только отозвать в течение 10 минут.')
    WHERE NEW.thread_id IS NOT OLD.thread_id OR NEW.author_staff_id IS NOT OLD.author_staff_id
       OR NEW.author_family_id IS NOT OLD.author_family_id OR NEW.body IS NOT OLD.body
       OR NEW.comment_id IS NOT OLD.comment_id OR NEW.created_at IS NOT OLD.created_at
       OR OLD.withdrawn_at IS NOT NULL OR NEW.withdrawn_at IS NULL;
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: отозвать сообщение можно только в течение 10 минут после отправки.')
    WHERE (julianday(NEW.withdrawn_at) - julianday(OLD.created_at)) * 86400 > 600
       OR abs(julianday(NEW.withdrawn_at) - julianday('now')) * 86400 > 120;
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: отозвать сообщение может только его автор.')
    WHERE EXISTS (SELECT 1 FROM write_context w WHERE w.id = 1 AND (
        (w.source = 'gate' AND OLD.author_family_id IS NOT w.family_id)
        OR (w.source = 'web' AND OLD.author_staff_id IS NOT w.staff_id)));
END;
CREATE TRIGGER messages_no_delete BEFORE DELETE ON messages
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: сообщения не удаляются; своё сообщение автор может отозвать в течение 10 минут.');
END;
CREATE TRIGGER message_attachments_no_update BEFORE UPDATE ON message_attachments
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: вложение отправленного сообщения не изменяется.');
END;
CREATE TRIGGER message_attachments_no_delete BEFORE DELETE ON message_attachments
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: вложение отправленного сообщения не удаляется.');
END;

-- The store stamps the author and the time of a named writer's message and thread.
CREATE TRIGGER stamp_messages_insert BEFORE INSERT ON messages
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: автора сообщения ставит сервер по вошедшему; указать другого нельзя.')
    FROM write_context w WHERE w.id = 1 AND (
        (w.source = 'gate' AND (NEW.author_family_id IS NOT w.family_id OR NEW.author_staff_id IS NOT NULL))
        OR (w.source <> 'gate' AND (NEW.author_staff_id IS NOT NULLIF(w.staff_id, 0) OR NEW.author_family_id IS NOT NULL)));
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время сообщения ставит сервер; записать другое время нельзя.')
    WHERE IFNULL(abs(julianday(NEW.created_at) - julianday('now')) * 86400, 1e9) > 120;
END;

CREATE TRIGGER stamp_message_threads_insert BEFORE INSERT ON message_threads
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-NO-SHARED-LOGIN: кто начал переписку, ставит сервер по вошедшему; указать другого нельзя.')
    FROM write_context w WHERE w.id = 1 AND (
        (w.source = 'gate' AND (NEW.family_id IS NOT w.family_id OR NEW.started_by IS NOT NULL))
        OR (w.source <> 'gate' AND NEW.started_by IS NOT NULLIF(w.staff_id, 0)));
    SELECT RAISE(ABORT, 'R-NO-BACKDATE: время начала переписки ставит сервер.')
    WHERE IFNULL(abs(julianday(NEW.created_at) - julianday('now')) * 86400, 1e9) > 120;
END;

-- A family through the gate writes only in its own threads, and the administration gets no
-- thread the family cannot see (R-ACCESS-OWN).
CREATE TRIGGER gate_messages_insert BEFORE INSERT ON messages
WHEN (SELECT source FROM write_context WHERE id = 1) = 'gate'
BEGIN
    SELECT RAISE(ABORT, 'R-ACCESS-OWN: такой переписки у вашей семьи нет.')
    WHERE (SELECT family_id FROM message_threads WHERE id = NEW.thread_id)
          IS NOT (SELECT family_id FROM write_context WHERE id = 1);
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: за последний час ваша семья отправила предельное число сообщений. Подождите час и отправьте снова; срочный вопрос решите по телефону школы.')
    WHERE (SELECT COUNT(*) FROM messages m
           WHERE m.author_family_id = (SELECT family_id FROM write_context WHERE id = 1)
             AND m.created_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour'))
          >= CAST(IFNULL((SELECT value FROM settings WHERE key = 'messages_per_hour_family'), '20') AS INTEGER);
END;

CREATE TRIGGER web_messages_rate BEFORE INSERT ON messages
WHEN (SELECT source FROM write_context WHERE id = 1) = 'web' AND NEW.comment_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'R-CORRESPONDENCE: за последний час вы отправили предельное число сообщений. Подождите немного и отправьте снова.')
    WHERE (SELECT COUNT(*) FROM messages m
           WHERE m.author_staff_id = (SELECT staff_id FROM write_context WHERE id = 1)
             AND m.comment_id IS NULL
             AND m.created_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hour'))
          >= CAST(IFNULL((SELECT value FROM settings WHERE key = 'messages_per_hour_staff'), '100') AS INTEGER);
END;

CREATE TRIGGER gate_attachments_insert BEFORE INSERT ON message_attachments
WHEN (SELECT source FROM write_context WHERE id = 1) = 'gate'
BEGIN
    SELECT RAISE(ABORT, 'R-ACCESS-OWN: вложение прикрепляют только к своему сообщению.')
    WHERE (SELECT author_family_id FROM messages WHERE id = NEW.message_id)
          IS NOT (SELECT family_id FROM write_context WHERE id = 1);
END;

CREATE TRIGGER message_reads_writer BEFORE INSERT ON message_reads
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-ACCESS-OWN: отметку о прочтении ставит только сам читающий.')
    FROM write_context w WHERE w.id = 1 AND (
        (w.source = 'gate' AND (NEW.reader <> 0 OR w.family_id IS NOT
            (SELECT family_id FROM message_threads WHERE id = NEW.thread_id)))
        OR (w.source = 'web' AND NEW.reader IS NOT w.staff_id));
END;
CREATE TRIGGER message_reads_writer_update BEFORE UPDATE ON message_reads
WHEN EXISTS (SELECT 1 FROM write_context WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'R-ACCESS-OWN: отметку о прочтении ставит только сам читающий.')
    FROM write_context w WHERE w.id = 1 AND (
        NEW.reader IS NOT OLD.reader OR NEW.thread_id IS NOT OLD.thread_id
        OR (w.source = 'gate' AND (NEW.reader <> 0 OR w.family_id IS NOT
            (SELECT family_id FROM message_threads WHERE id = NEW.thread_id)))
        OR (w.source = 'web' AND NEW.reader IS NOT w.staff_id));
END;

-- ---------------------------------------------------------------- e-mail notifications
-- The school's SMTP relay (one row); the password is sealed with a key outside the database.
CREATE TABLE notify_relay (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security TEXT NOT NULL CHECK (security IN ('starttls', 'ssl', 'none')),
    login TEXT NOT NULL DEFAULT '',
    password_sealed BLOB,
    from_address TEXT NOT NULL,
    from_name TEXT NOT NULL DEFAULT '',
    timeout_seconds INTEGER NOT NULL DEFAULT 20 CHECK (timeout_seconds BETWEEN 1 AND 300),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- A family's opt-in: one address, confirmed by a link; a digest or a notice only.
CREATE TABLE notify_subscriptions (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES families(id),
    email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'),
    mode TEXT NOT NULL CHECK (mode IN ('digest', 'notice')),
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    confirmed_at TEXT,
    ended_at TEXT,
    ended_reason TEXT CHECK (ended_reason IN ('unsubscribed', 'bounced', 'replaced', 'declined')),
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX notify_subscriptions_live ON notify_subscriptions(family_id) WHERE ended_at IS NULL;

CREATE TRIGGER notify_subscriptions_check BEFORE INSERT ON notify_subscriptions
BEGIN
    SELECT RAISE(ABORT, 'R-OFFLINE-FAMILY: семья отказалась от электронного доступа; письма ей не отправляются.')
    WHERE (SELECT electronic_access FROM families WHERE id = NEW.family_id) = 0;
END;

-- A family that declines electronic access gets no more e-mail (R-OFFLINE-FAMILY).
CREATE TRIGGER families_decline_ends_notify AFTER UPDATE OF electronic_access ON families
WHEN NEW.electronic_access = 0 AND OLD.electronic_access = 1
BEGIN
    UPDATE notify_subscriptions SET ended_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
        ended_reason = 'declined'
    WHERE family_id = NEW.id AND ended_at IS NULL;
END;

-- Every e-mail to send, composed when queued: sent once, retried with backoff, never lost.
CREATE TABLE notify_outbox (
    id INTEGER PRIMARY KEY,
    dedup_key TEXT NOT NULL UNIQUE,          -- 'message:12:3', 'digest:3:2026-12-02', ...
    kind TEXT NOT NULL CHECK (kind IN ('confirm', 'message', 'digest', 'notice', 'test')),
    family_id INTEGER REFERENCES families(id),
    subscription_id INTEGER REFERENCES notify_subscriptions(id),
    source_message_id INTEGER REFERENCES messages(id),  -- the message an immediate notice tells of
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,         -- the Message-ID header, fixed when queued
    unsubscribe_url TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notify_outbox_due ON notify_outbox(status, next_attempt_at);
CREATE INDEX notify_outbox_family ON notify_outbox(family_id, kind, created_at);

CREATE TRIGGER notify_outbox_no_rewrite BEFORE UPDATE ON notify_outbox
BEGIN
    SELECT RAISE(ABORT, 'R-INFORM-FAMILIES: письмо в очереди не переписывается; меняется только его состояние.')
    WHERE NEW.dedup_key IS NOT OLD.dedup_key OR NEW.recipient IS NOT OLD.recipient
       OR NEW.subject IS NOT OLD.subject OR NEW.body_text IS NOT OLD.body_text
       OR NEW.body_html IS NOT OLD.body_html OR NEW.message_id IS NOT OLD.message_id
       OR NEW.family_id IS NOT OLD.family_id;
    SELECT RAISE(ABORT, 'R-INFORM-FAMILIES: отправленное письмо не отправляется второй раз.')
    WHERE OLD.status = 'sent' AND NEW.status IS NOT 'sent';
END;
CREATE TRIGGER notify_outbox_no_delete BEFORE DELETE ON notify_outbox
BEGIN
    SELECT RAISE(ABORT, 'R-INFORM-FAMILIES: письма из очереди не удаляются.');
END;

INSERT OR IGNORE INTO settings (key, value) VALUES
    ('notify_quiet_from', '21:00'),
    ('notify_quiet_to', '08:00'),
    ('notify_digest_at', '18:00');

-- ---------------------------------------------------------------- events for some grades
-- A school event for some grades only (NULL: every grade), so a 2nd-grader's week does not
-- show the 11th graders' essay.
ALTER TABLE events ADD COLUMN grade_from INTEGER CHECK (grade_from BETWEEN 1 AND 11);
ALTER TABLE events ADD COLUMN grade_to INTEGER CHECK (grade_to BETWEEN 1 AND 11);

-- ---------------------------------------------------------------- a lesson's comment as a notice
-- How a comment reaches its family as a message (R-COMMENT, 004 §2.4): into the author's thread
-- with the family about the child — as its class teacher, as a subject teacher, or (a deputy's
-- or the director's note) from the administration.
CREATE VIEW comment_notice_keys AS
SELECT c.id AS comment_id, c.student_id, s.family_id, c.created_by,
       k.kind,
       CASE WHEN k.kind = 'reception' THEN NULL ELSE c.created_by END AS staff_id,
       CASE k.kind WHEN 'class_teacher' THEN 'Записи классного руководителя'
            WHEN 'teacher' THEN 'Записи на уроках: ' || IFNULL(sj.name, 'учитель')
            ELSE 'Записи администрации' END AS topic,
       CASE c.kind WHEN 'remark' THEN 'Замечание' WHEN 'praise' THEN 'Благодарность'
            ELSE 'Заметка' END || ': ' || c.text
       || CASE WHEN l.date IS NOT NULL
               THEN char(10) || char(10) || 'Урок: ' || sj.name || ', '
                    || strftime('%d.%m.%Y', l.date) || '.'
               ELSE '' END AS body
FROM comments c
JOIN students s ON s.id = c.student_id
LEFT JOIN lessons l ON l.id = c.lesson_id
LEFT JOIN subjects sj ON sj.id = l.subject_id
JOIN (SELECT cc.id,
             CASE WHEN EXISTS (SELECT 1 FROM enrollments e JOIN classes k ON k.id = e.class_id
                               WHERE e.student_id = cc.student_id AND e.to_date IS NULL
                                 AND k.class_teacher_id = cc.created_by) THEN 'class_teacher'
                  WHEN cc.lesson_id IS NOT NULL OR NOT EXISTS (
                      SELECT 1 FROM staff_roles r WHERE r.staff_id = cc.created_by
                        AND r.role IN ('deputy', 'director')) THEN 'teacher'
                  ELSE 'reception' END AS kind
      FROM comments cc) k ON k.id = c.id;

-- Which comments were sent to the family (the lesson page marks them ✉); inserting a comment
-- id here sends it, inside the transaction that saves the lesson.
CREATE VIEW comment_notices AS
SELECT comment_id, id AS message_id FROM messages WHERE comment_id IS NOT NULL;

CREATE TRIGGER comment_notices_send INSTEAD OF INSERT ON comment_notices
BEGIN
    INSERT INTO message_threads (family_id, student_id, kind, staff_id, topic, started_by)
    SELECT x.family_id, x.student_id, x.kind, x.staff_id, x.topic, x.created_by
    FROM comment_notice_keys x
    WHERE x.comment_id = NEW.comment_id AND x.family_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM message_threads t
                      WHERE t.family_id = x.family_id AND t.student_id = x.student_id
                        AND t.kind = x.kind AND t.staff_id IS x.staff_id AND t.topic = x.topic);
    INSERT INTO messages (thread_id, author_staff_id, body, comment_id)
    SELECT (SELECT t.id FROM message_threads t
            WHERE t.family_id = x.family_id AND t.student_id = x.student_id AND t.kind = x.kind
              AND t.staff_id IS x.staff_id AND t.topic = x.topic ORDER BY t.id LIMIT 1),
           x.created_by, x.body, x.comment_id
    FROM comment_notice_keys x
    WHERE x.comment_id = NEW.comment_id AND x.family_id IS NOT NULL;
    INSERT OR REPLACE INTO message_reads (thread_id, reader, last_read_id)
    SELECT m.thread_id, m.author_staff_id, m.id FROM messages m WHERE m.comment_id = NEW.comment_id;
END;
