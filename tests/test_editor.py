"""``giar-gen edit`` on the server side, with Flask's test client (fast).

The journeys in a real browser are in test_editor_browser.py.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from checks_util import EXAMPLE, edit, example_text

from giar_gen.editor.app import COOKIE, HEADER, create_app
from giar_gen.editor.storage import new_file_name

TOKEN = "test-token-123"
CELL = "applications|new_received|natural_person"


@pytest.fixture
def data_file(tmp_path) -> Path:
    path = tmp_path / "报告.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def client_for(path, folder=None, *, login=True):
    app = create_app(path, folder=folder, token=TOKEN)
    c = app.test_client()
    if login:
        c.set_cookie(COOKIE, TOKEN, domain="localhost")
    return c


def page_state(c) -> dict:
    html = c.get("/").get_data(as_text=True)
    blob = html.split('id="editor-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(blob)


def post(c, url, body=None):
    return c.post(url, json=body or {}, headers={HEADER: TOKEN})


# -- the token ---------------------------------------------------------------


def test_requests_without_the_token_are_refused(data_file):
    c = client_for(data_file, login=False)
    assert c.get("/").status_code == 403
    assert c.get("/?token=wrong").status_code == 403
    assert c.get("/static/editor.js").status_code == 403
    assert c.get("/download/pdf").status_code == 403
    assert c.post("/api/check", json={}).status_code == 403
    assert "拒绝访问" in c.get("/").get_data(as_text=True)


def test_first_load_sets_a_strict_cookie_and_drops_the_token_from_the_address(data_file):
    c = client_for(data_file, login=False)
    r = c.get(f"/?token={TOKEN}")
    assert r.status_code == 303 and r.headers["Location"] == "/"
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    r = c.get("/")
    assert r.status_code == 200
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


def test_a_post_needs_the_token_header_not_only_the_cookie(data_file):
    c = client_for(data_file)
    assert c.post("/api/save", json={"state": {}, "base": ""}).status_code == 403
    assert data_file.read_bytes() == EXAMPLE.read_bytes()


def test_other_host_names_are_refused(data_file):
    c = client_for(data_file)
    assert c.get("/", headers={"Host": "evil.example:80"}).status_code == 403


def test_no_path_from_the_browser_reaches_the_file_system(data_file):
    c = client_for(data_file)
    for url in ("/download/yaml", "/download/..%2F..%2Fetc%2Fpasswd", "/fonts/..%2F__init__.py", "/download/pdf"):
        assert c.get(url).status_code == 404


# -- the form ------------------------------------------------------------------


def test_the_page_is_made_from_the_table_definitions(data_file):
    html = client_for(data_file).get("/").get_data(as_text=True)
    from giar_gen.model.tables import edition

    for t in edition("2021").tables:
        for r in t.rows:
            assert f"{t.id}|{r.id}|" in html
            assert r.label.replace("“", "&#34;")[:6] in html or r.label[:6] in html
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in html
    assert 'class="computed"' in html and 'placeholder="未填"' in html
    assert "一、总体情况" in html and "六、其他需要报告的事项" in html


def test_user_text_is_escaped(data_file):
    data_file.write_text(
        edit(example_text(), ("名称: 示例市示例区市场监督管理局", '名称: "<script>alert(1)</script>"')),
        encoding="utf-8",
    )
    html = client_for(data_file).get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


# -- live checks -----------------------------------------------------------------


def test_a_changed_cell_gives_findings_on_that_cell_and_they_go_when_it_is_put_back(data_file):
    c = client_for(data_file)
    state = page_state(c)["state"]
    assert post(c, "/api/check", state).json["findings"] == []
    wrong = copy.deepcopy(state)
    wrong["cells"][CELL] = "90"
    res = post(c, "/api/check", wrong).json
    rules = {f["code"] for f in res["findings"]}
    assert "T3-R1" in rules
    targets = {t for f in res["findings"] for t in f["targets"]}
    assert "cell:" + CELL in targets
    assert res["computed"]["applications|new_received|total"] == "105"
    assert res["preview"].startswith("<!DOCTYPE html>") and "政府信息公开工作年度报告" in res["preview"]
    assert post(c, "/api/check", state).json["findings"] == []


def test_the_most_likely_wrong_cell_is_named_and_a_written_total_stays_editable(data_file):
    # a file that writes its totals (seven figures a row): the equations then single out one cell
    data_file.write_text(
        edit(example_text(), ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86, 9, 1, 0, 3, 2, 101]")), encoding="utf-8"
    )
    c = client_for(data_file)
    state = page_state(c)["state"]
    assert state["cells"]["applications|new_received|total"] == "101"  # an input, not computed
    state["cells"][CELL] = "87"
    res = post(c, "/api/check", state).json
    assert {f["code"] for f in res["findings"]} == {"T3-R1", "T3-R3"}
    assert {f["suspect"] for f in res["findings"]} == {"cell:" + CELL}
    assert all("最可能出错" not in f["message"] and f["suspect_label"] for f in res["findings"])


def test_input_the_model_rejects_is_shown_at_its_field_and_not_saved(data_file):
    c = client_for(data_file)
    data = page_state(c)
    state = data["state"]
    state["cells"][CELL] = "八十六"
    res = post(c, "/api/check", state).json
    assert res["ok"] is False
    (f,) = [f for f in res["findings"] if f["code"] == "Y003"]
    assert f["targets"] == ["cell:" + CELL]
    r = post(c, "/api/save", {"state": state, "base": data["digest"]})
    assert r.status_code == 422 and "未保存" in r.json["message"]
    assert data_file.read_bytes() == EXAMPLE.read_bytes()
    state["cells"][CELL] = "86"
    state["fields"]["published"] = "2024-02-30"
    res = post(c, "/api/check", state).json
    assert any(t == "field:published" for f in res["findings"] for t in f["targets"])


# -- saving --------------------------------------------------------------------


def test_save_changes_only_the_values_and_keeps_comments(data_file):
    c = client_for(data_file)
    data = page_state(c)
    state = data["state"]
    state["cells"][CELL] = "87"
    state["cells"]["applications|new_received|commercial"] = "8"
    state["parts"]["其他需要报告的事项"] = "本年度未收取信息处理费。\n其他：无。"
    state["fields"]["signature"] = "示例区市场监管局"
    r = post(c, "/api/save", {"state": state, "base": data["digest"]})
    assert r.status_code == 200, r.json
    expected = edit(
        example_text(),
        ("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [87, 8, 1, 0, 3, 2]"),
        (
            "  其他需要报告的事项: |\n    依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。\n"
            "    2023年，我局办理人大代表建议8件、政协提案11件，办理结果均已按规定公开。\n",
            "  其他需要报告的事项: |\n    本年度未收取信息处理费。\n    其他：无。\n",
        ),
        ("  电话: 020-12345678\n", "  电话: 020-12345678\n署名: 示例区市场监管局\n"),
    )
    assert data_file.read_text(encoding="utf-8") == expected
    assert r.json["digest"] != data["digest"]


def test_saving_without_changes_keeps_the_same_bytes(data_file):
    c = client_for(data_file)
    data = page_state(c)
    r = post(c, "/api/save", {"state": data["state"], "base": data["digest"]})
    assert r.status_code == 200
    assert data_file.read_bytes() == EXAMPLE.read_bytes()


def test_a_file_changed_on_disk_is_not_overwritten_unless_the_user_says_so(data_file):
    c = client_for(data_file)
    data = page_state(c)
    theirs = example_text().replace("行政强制: 27", "行政强制: 28")
    data_file.write_text(theirs, encoding="utf-8")
    state = data["state"]
    state["cells"][CELL] = "87"
    r = post(c, "/api/save", {"state": state, "base": data["digest"]})
    assert r.status_code == 409 and r.json["conflict"]
    assert r.json["disk"] == theirs and "本年新收: [87," in r.json["mine"]
    assert data_file.read_text(encoding="utf-8") == theirs
    r = post(c, "/api/save", {"state": state, "base": data["digest"], "overwrite": True})
    assert r.status_code == 200
    assert "本年新收: [87," in data_file.read_text(encoding="utf-8")


def test_reload_takes_the_version_on_disk(data_file):
    c = client_for(data_file)
    theirs = example_text().replace("行政强制: 27", "行政强制: 28")
    data_file.write_text(theirs, encoding="utf-8")
    assert post(c, "/api/reload").status_code == 200
    assert page_state(c)["state"]["cells"]["proactive|enforcement|decisions"] == "28"


def test_a_file_that_does_not_load_opens_as_text_and_can_be_repaired(data_file):
    data_file.write_text("报告年度: 2023\n机关: [\n", encoding="utf-8")
    c = client_for(data_file)
    html = c.get("/").get_data(as_text=True)
    assert 'id="raw"' in html and "无法显示为表单" in html
    data = page_state(c)
    res = post(c, "/api/check", {"raw": data["state"]["raw"]}).json
    assert res["ok"] is False and res["findings"][0]["code"] == "Y001"
    r = post(c, "/api/save", {"state": {"raw": example_text()}, "base": data["digest"]})
    assert r.status_code == 200
    assert data_file.read_text(encoding="utf-8") == example_text()
    assert 'id="raw"' not in c.get("/").get_data(as_text=True)


# -- a new report ------------------------------------------------------------------


def test_new_report_writes_the_init_skeleton_and_never_overwrites(tmp_path):
    c = client_for(None, folder=tmp_path)
    html = c.get("/").get_data(as_text=True)
    assert "新建政府信息公开工作年度报告" in html
    r = post(c, "/api/new", {"year": "2024", "agency": "示例县/农业农村局", "kind": "部门", "level": "县级"})
    assert r.status_code == 200, r.json
    path = tmp_path / new_file_name(2024, "示例县/农业农村局")
    assert path.name == "2024-示例县农业农村局.yaml" and path.parent == tmp_path
    text = path.read_text(encoding="utf-8")
    assert "名称: 示例县/农业农村局" in text and "# 2024年度政府信息公开工作年度报告" in text
    assert "一、总体情况" in c.get("/").get_data(as_text=True)
    c2 = client_for(None, folder=tmp_path)
    r = post(c2, "/api/new", {"year": "2024", "agency": "示例县/农业农村局", "kind": "部门", "level": "县级"})
    assert r.status_code == 409 and "不会覆盖" in r.json["message"]
    assert path.read_text(encoding="utf-8") == text


def test_new_report_form_is_checked(tmp_path):
    c = client_for(None, folder=tmp_path)
    r = post(c, "/api/new", {"year": "1999", "agency": "", "kind": "x"})
    assert r.status_code == 422
    assert "报告年度" in r.json["message"] and "机关名称" in r.json["message"]
    assert list(tmp_path.iterdir()) == []


# -- the Excel hook (item 6 is built elsewhere: giar_gen.importer.xlsx) ---------------


def test_without_the_workbook_reader_there_is_no_upload_button(data_file, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "giar_gen.importer.xlsx", None)  # an import of it fails
    c = client_for(data_file)
    assert 'id="upload"' not in c.get("/").get_data(as_text=True)
    r = c.post("/api/upload-tables", data=b"PK", headers={HEADER: TOKEN})
    assert r.status_code == 501 and "Excel" in r.json["message"]


def test_an_uploaded_workbook_fills_the_grid_cells_only(data_file, monkeypatch):
    """The hook with a stand-in reader: the bytes go to it, its cells come back for the grid."""
    import sys
    import types

    from giar_gen.diagnostics import Diagnostic, Location
    from giar_gen.model.report import TableValues

    seen = {}

    def read_tables_xlsx(source, edition, *, name=None):
        seen.update(source=source, edition=edition.id, name=name)
        values = TableValues(table=edition.table("applications"))
        values.entered[("new_received", "natural_person")] = 90
        values.entered[("new_received", "commercial")] = None
        values.entered[("new_received", "total")] = 999  # a computed cell: not the user's to fill here
        note = Diagnostic("Y003", "error", "应填写数字，不能填「无」", Location(name, None), cells=["「二、…」行"])
        return types.SimpleNamespace(tables={"applications": values}, diagnostics=[note])

    monkeypatch.setitem(sys.modules, "giar_gen.importer.xlsx", types.SimpleNamespace(read_tables_xlsx=read_tables_xlsx))
    c = client_for(data_file)
    assert 'id="upload"' in c.get("/").get_data(as_text=True)
    r = c.post("/api/upload-tables", data=b"PK\x03\x04...", headers={HEADER: TOKEN, "X-Upload-Name": "%E8%A1%A8.xlsx"})
    assert r.status_code == 200
    assert seen == {"source": b"PK\x03\x04...", "edition": "2021", "name": "表.xlsx"}
    assert r.json["cells"] == {CELL: "90", "applications|new_received|commercial": ""}
    assert r.json["notes"][0]["message"] == "应填写数字，不能填「无」"
    assert data_file.read_bytes() == EXAMPLE.read_bytes()  # nothing saved until the user saves


# -- files as office machines write them -------------------------------------------------


def test_windows_line_ends_and_a_byte_order_mark_are_kept(data_file):
    data_file.write_bytes(b"\xef\xbb\xbf" + example_text().replace("\n", "\r\n").encode("utf-8"))
    c = client_for(data_file)
    data = page_state(c)
    data["state"]["cells"][CELL] = "87"
    data["state"]["parts"]["其他需要报告的事项"] = "第一段。\n第二段。"
    assert post(c, "/api/save", {"state": data["state"], "base": data["digest"]}).status_code == 200
    raw = data_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw[3:].decode("utf-8")
    assert "本年新收: [87, 9, 1, 0, 3, 2]\r\n" in text and "    第一段。\r\n    第二段。\r\n" in text


def test_a_file_with_full_width_syntax_opens_and_is_saved_half_width(data_file):
    data_file.write_text(edit(example_text(), ("  行政处罚: 312", "  行政处罚：312")), encoding="utf-8")
    c = client_for(data_file)
    data = page_state(c)
    assert data["state"]["cells"]["proactive|penalties|decisions"] == "312"
    res = post(c, "/api/check", data["state"]).json
    assert [f["code"] for f in res["findings"]] == ["S-FULLWIDTH"]
    assert res["findings"][0]["targets"] == ["cell:proactive|penalties|decisions"]
    data["state"]["cells"][CELL] = "87"
    assert post(c, "/api/save", {"state": data["state"], "base": data["digest"]}).status_code == 200
    assert data_file.read_text(encoding="utf-8") == edit(example_text(), ("本年新收: [86,", "本年新收: [87,"))


@pytest.mark.parametrize("year", [2020, 2018])
def test_other_editions_and_the_nine_part_layout_get_their_own_forms(tmp_path, year):
    from checks_util import example_2019_edition

    from giar_gen.source.skeleton import skeleton_yaml

    path = tmp_path / f"{year}.yaml"
    path.write_text(example_2019_edition(year) if year == 2020 else skeleton_yaml(year), encoding="utf-8")
    c = client_for(path)
    html = c.get("/").get_data(as_text=True)
    data = page_state(c)
    if year == 2020:
        assert "本年新制作数量" in html and "proactive|other_services|" in html  # 2019 edition labels
        data["state"]["cells"]["proactive|licensing|change"] = "-8"
    else:
        assert 'class="grid' not in html and "一、概述" in html and "九、附表" in html  # no national tables
        data["state"]["parts"]["概述"] = "2018年，我局依法公开政府信息。"
    res = post(c, "/api/check", data["state"]).json
    assert res["ok"], res["findings"]
    assert post(c, "/api/save", {"state": data["state"], "base": data["digest"]}).status_code == 200


def test_another_year_same_edition_saves_and_another_edition_is_named(data_file):
    c = client_for(data_file)
    data = page_state(c)
    data["state"]["fields"]["year"] = "2020"
    res = post(c, "/api/check", data["state"]).json
    assert not res["ok"]  # 2021-edition rows in a 2019-edition year: named as such
    assert any("2019年版" in f["message"] and "2021年版" in f["message"] for f in res["findings"])
    data["state"]["fields"]["year"] = "2022"
    data["state"]["fields"]["published"] = "2023-01-20"
    r = post(c, "/api/save", {"state": data["state"], "base": data["digest"]})
    assert r.status_code == 200 and r.json["reload"] is False


def test_a_real_workbook_from_giar_gen_tables_fills_the_grid(data_file, tmp_path):
    """The upload with the workbook reader of item 6: a workbook written by
    ``giar-gen tables``, one figure changed and one typed as text."""
    import openpyxl

    from giar_gen.api import tables_file

    book = tables_file(data_file, tmp_path / "表格.xlsx").written
    wb = openpyxl.load_workbook(book)
    sheet = wb["表三 申请情况"]
    sheet["D5"] = 91
    sheet["E6"] = "无"
    wb.save(book)
    c = client_for(data_file)
    assert 'id="upload"' in c.get("/").get_data(as_text=True)
    r = c.post(
        "/api/upload-tables",
        data=book.read_bytes(),
        headers={HEADER: TOKEN, "X-Upload-Name": "%E8%A1%A8%E6%A0%BC.xlsx"},
    )
    assert r.status_code == 200, r.json
    assert r.json["cells"][CELL] == "91"
    assert "applications|carried_over|commercial" not in r.json["cells"]  # not a figure: not filled in
    (note,) = r.json["notes"]
    assert note["file"] == "表格.xlsx" and "E6" in (note["message"] + str(note["cells"]) + str(note["field"]))
    assert data_file.read_bytes() == EXAMPLE.read_bytes()
    r = c.post("/api/upload-tables", data=b"not a workbook", headers={HEADER: TOKEN})
    assert r.status_code == 422 and r.json["message"]


def test_build_that_cannot_write_says_why_in_chinese(data_file, monkeypatch):
    import errno

    import giar_gen.api

    def refuse(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied", str(data_file.with_suffix(".pdf")))

    monkeypatch.setattr(giar_gen.api, "build_file", refuse)
    c = client_for(data_file)
    r = post(c, "/api/build")
    assert r.status_code == 500
    message = r.get_json()["message"]
    assert "没有读取或写入这个文件的权限" in message and "Permission" not in message


def test_unknown_page_and_oversized_upload_are_told_in_chinese(data_file):
    c = client_for(data_file)
    r = c.get("/no-such-page")
    assert r.status_code == 404 and "没有这个页面" in r.get_data(as_text=True)
    r = c.post("/api/upload-tables", data=b"x" * (9 * 1024 * 1024), headers={HEADER: TOKEN})
    assert r.status_code == 413 and "上传的文件太大（超过 8 MB）" in r.get_json()["message"]


def test_edit_refuses_a_published_page_or_a_workbook(tmp_path, capsys):
    # the editor saves into its file: a saved web page or a workbook is never opened as a data file
    from giar_gen.editor import run

    for name in ("报告.html", "表格.xlsx"):
        page = tmp_path / name
        page.write_bytes(b"<html><body>x</body></html>")
        assert run(page, open_browser=False) == 2
        err = capsys.readouterr().err
        assert "不是数据文件" in err and "giar-gen import" in err
        assert page.read_bytes() == b"<html><body>x</body></html>"
