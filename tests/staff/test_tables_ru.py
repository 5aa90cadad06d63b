"""The generic table pages speak Russian: filter operators and the filtered view's summary."""

from __future__ import annotations

import re

from tests import tiny_school as t


def summary(html: str) -> str:
    found = re.search(r'<span class="table-summary-description">([^<]*)</span>', html)
    return found.group(1) if found else ""


def test_a_filtered_sorted_table_is_described_in_russian(staff_server):
    client = staff_server.client(t.ADMIN)
    page = client.get("/school/marks", params={"kind": "current", "value__gte": "4",
                                               "comment__isblank": "1", "_sort_desc": "id"})
    assert page.status_code == 200
    text = summary(page.text).replace("&#34;", '"')
    assert text == ("отбор: «комментарий к отметке» пусто или пробелы, «вид отметки» = «current»"
                    " и «отметка» ≥ 4; сортировка по «№», по убыванию")
    options = re.findall(r'<option value="[a-z]+(?:__1)?"[^>]*>([^<]+)</option>', page.text)
    assert "содержит" in options and "пусто" in options
    assert not {"contains", "is null", "starts with"} & set(options)
    assert "where" not in text and "sorted by" not in page.text
