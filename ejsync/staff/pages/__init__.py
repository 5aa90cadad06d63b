"""The staff pages and their URLs (registered by plugins/staff_pages.py)."""

from __future__ import annotations

from ejsync.staff.pages.access_pages import family_access
from ejsync.staff.pages.auth_pages import login, logout
from ejsync.staff.pages.class_pages import absences, correction
from ejsync.staff.pages.desk_pages import desk
from ejsync.staff.pages.doctor_pages import doctor
from ejsync.staff.pages.family_pages import families
from ejsync.staff.pages.grid_pages import grid
from ejsync.staff.pages.lesson_pages import lesson, substitute, today
from ejsync.staff.pages.message_pages import (
    message_file,
    message_new,
    message_thread,
    messages_list,
)
from ejsync.staff.pages.movement_pages import movements_page
from ejsync.staff.pages.office_pages import accounts_page, support, token_page
from ejsync.staff.pages.plan_pages import plan
from ejsync.staff.pages.register_pages import register
from ejsync.staff.pages.report_pages import report_csv, reports
from ejsync.staff.pages.request_pages import correction_request
from ejsync.staff.pages.schedule_pages import consultations, events
from ejsync.staff.pages.substitution_pages import substitutions
from ejsync.staff.pages.violation_pages import violations

ROUTES = [
    (r"^/staff/login$", login),
    (r"^/staff/logout$", logout),
    (r"^/staff/?$", desk),
    (r"^/staff/today$", today),
    (r"^/staff/lesson$", lesson),
    (r"^/staff/lesson/(?P<lesson_id>\d+)$", lesson),
    (r"^/staff/substitute$", substitute),
    (r"^/staff/substitutions$", substitutions),
    (r"^/staff/families$", families),
    (r"^/staff/register$", register),
    (r"^/staff/plan$", plan),
    (r"^/staff/violations$", violations),
    (r"^/staff/absences$", absences),
    (r"^/staff/correction$", correction),
    (r"^/staff/support$", support),
    (r"^/staff/accounts$", accounts_page),
    (r"^/staff/token$", token_page),
    (r"^/staff/family-access$", family_access),
    (r"^/staff/messages$", messages_list),
    (r"^/staff/messages/new$", message_new),
    (r"^/staff/messages/(?P<thread_id>\d+)$", message_thread),
    (r"^/staff/messages/file/(?P<attachment_id>\d+)$", message_file),
    (r"^/staff/reports$", reports),
    (r"^/staff/reports\.csv$", report_csv),
    (r"^/staff/grid$", grid),
    (r"^/staff/movements$", movements_page),
    (r"^/staff/consultations$", consultations),
    (r"^/staff/events$", events),
    (r"^/staff/doctor$", doctor),
    (r"^/staff/correction-request$", correction_request),
]
