"""Excel both ways (issue 15, item 6): ``giar-gen tables`` writes the official
tables as a workbook; ``giar-gen import 表格.xlsx`` reads a filled one back.

LibreOffice (Calc) recalculates the written formulas once for the module
(``soffice --convert-to csv``, every sheet) and saves a copy as .xlsx of its
own making, which must read back too.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from giar_gen.cli import main
from giar_gen.diagnostics import InputError
from giar_gen.importer.xlsx import read_tables_xlsx
from giar_gen.model.report import format_number
from giar_gen.source.loader import load_report, load_report_text
from giar_gen.source.table_update import update_tables_text
from giar_gen.writers.xlsx import place, render_xlsx, total_formula

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_2021 = REPO / "examples" / "2023-示例区市场监督管理局.yaml"
EXAMPLE_2019 = next((REPO / "examples").glob("seed-001-*.yaml"))
EXAMPLES = {"2021": EXAMPLE_2021, "2019": EXAMPLE_2019}


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def example(request, tmp_path_factory):
    """(report, path of its workbook) for each edition."""
    report = load_report(EXAMPLES[request.param])
    path = tmp_path_factory.mktemp(f"x{request.param}") / "表格.xlsx"
    path.write_bytes(render_xlsx(report))
    return report, path


def _with_blank_cells() -> object:
    """The 2021 example with one blank cell (~) in each table and a 0 kept."""
    text = EXAMPLE_2021.read_text(encoding="utf-8")
    text = text.replace("行政规范性文件: [3, 1, 17]", "行政规范性文件: [3, ~, 17]")
    text = text.replace("本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86, ~, 1, 0, 3, 2]")
    text = text.replace("行政复议: [2, 1, 0, 1]", "行政复议: [2, ~, 0, 1]")
    return load_report_text(text, "blank.yaml")


# ---------------------------------------------------------------------------
# writing


def test_round_trip_equals_the_yaml_tables_cell_for_cell(example):
    report, path = example
    result = read_tables_xlsx(path)  # the edition is found from the labels
    assert result.ok, result.diagnostics
    assert result.edition.id == report.edition.id
    assert set(result.tables) == {t.id for t in report.edition.tables}
    for tid, values in result.tables.items():
        assert values.as_dict() == report.tables[tid].as_dict(), tid
        for row, col in values.table.cells():  # what was entered, blank and 0 alike
            if not (row.is_total or col.is_total):
                assert values.entered.get((row.id, col.id)) == report.tables[tid].entered.get((row.id, col.id))


def test_merged_headers_and_labels_come_from_the_definitions(example):
    report, path = example
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) == len(report.edition.tables)
    for ws, table in zip(wb.worksheets, report.edition.tables):
        lay, placed = place(table)
        merged = {str(m) for m in ws.merged_cells.ranges}
        for (r, c), (rows, cols) in lay.spans.items():
            end = ws.cell(r + rows - 1, c + cols - 1).coordinate
            assert f"{ws.cell(r, c).coordinate}:{end}" in merged
        texts = [cell.text for _r, _c, cell in placed if cell.text]
        assert texts == [ws.cell(r, c).value for r, c, cell in placed if cell.text]
        sheet_texts = {v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
        for row in table.rows:
            assert not row.label or row.label in sheet_texts
        for col in table.columns:
            assert col.label in sheet_texts
        caption = ws["A1"].value
        assert caption.endswith(report.layout.table_part(table.id).title) and caption[1] == "、"


def test_official_table_titles_and_sheet_names(example):
    report, path = example
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["表二 主动公开", "表三 申请情况", "表四 复议诉讼"]
    assert [ws["A1"].value for ws in wb.worksheets] == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


def test_totals_are_formulas_labels_locked_data_cells_open_and_validated(example):
    report, path = example
    wb = openpyxl.load_workbook(path)
    for ws, table in zip(wb.worksheets, report.edition.tables):
        assert ws.protection.sheet and not ws.protection.password
        lay, placed = place(table)
        validated = set()
        for dv in ws.data_validations.dataValidation:
            assert dv.showErrorMessage and "0" in dv.error and dv.errorTitle == "只能填写数字"
            for rng in dv.sqref.ranges:
                for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                    for cell in row:
                        validated.add((cell.coordinate, dv.type))
        totals = 0
        for r, c, cell in placed:
            xc = ws.cell(r, c)
            if cell.role == "value":
                row_id, col_id = cell.ref
                formula = total_formula(lay, row_id, col_id)
                if formula is not None:
                    totals += 1
                    assert xc.value == formula and formula.startswith("=IF(COUNT(")
                    assert xc.protection.locked
                else:
                    assert not xc.protection.locked
                    kind = {"count": "whole", "delta": "whole", "amount": "decimal"}[table.column(col_id).type]
                    assert (xc.coordinate, kind) in validated
            else:
                assert xc.protection.locked, (ws.title, xc.coordinate)
        assert totals == sum(1 for row, col in table.cells() if row.is_total or col.is_total)
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert wb["表三 申请情况"].page_setup.orientation == "landscape"
    assert wb["表二 主动公开"].page_setup.orientation == "portrait"


def test_blank_stays_empty_and_zero_stays_zero(tmp_path):
    report = _with_blank_cells()
    path = tmp_path / "t.xlsx"
    path.write_bytes(render_xlsx(report))
    wb = openpyxl.load_workbook(path)
    t = report.edition.table("applications")
    lay, _ = place(t)
    r, c = lay.cells[("new_received", "commercial")]
    assert wb["表三 申请情况"].cell(r, c).value is None
    r, c = lay.cells[("new_received", "public_interest")]
    assert wb["表三 申请情况"].cell(r, c).value == 0
    back = read_tables_xlsx(path)
    for tid, values in back.tables.items():
        assert values.as_dict() == report.tables[tid].as_dict()
    assert back.tables["applications"].value("new_received", "total") is None
    assert back.tables["applications"].entered[("new_received", "public_interest")] == 0


def test_same_bytes_twice_with_fixed_timestamps(example):
    report, path = example
    data = render_xlsx(report)
    assert data == path.read_bytes() == render_xlsx(load_report(report.path))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    day = report.data.publication_date.isoformat()
    assert core.count(f"{day}T00:00:00Z") == 2  # created and modified


# ---------------------------------------------------------------------------
# LibreOffice recalculates the formulas; its own .xlsx reads back


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office, "LibreOffice (soffice) is needed for these tests"
    work = tmp_path_factory.mktemp("calc")
    reports = {name: load_report(p) for name, p in EXAMPLES.items()}
    reports["blank"] = _with_blank_cells()
    for name, report in reports.items():
        (work / f"{name}.xlsx").write_bytes(render_xlsx(report))
    env = {"HOME": str(work), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # the sheet names go into file names
    base = [office, f"-env:UserInstallation=file://{work / 'profile'}", "--headless"]
    files = [str(work / f"{n}.xlsx") for n in reports]
    subprocess.run(
        base
        + [
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(work / "csv"),
            *files,
        ],
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    # a figure typed as a formula (=80+6): openpyxl saves no result, LibreOffice does
    report = reports["2021"]
    coord = _coord(report.edition.table("applications"), "new_received", "natural_person")
    _edit(work / "2021.xlsx", work / "formula.xlsx", {"表三 申请情况": {coord: "=80+6"}})
    files.append(str(work / "formula.xlsx"))
    subprocess.run(
        base + ["--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work / "lo"), *files],
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    assert list((work / "csv").glob("*.csv")), "LibreOffice Calc did not convert (is libreoffice-calc installed?)"
    return work, reports


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


def test_libreoffice_recalculates_the_totals_to_giar_gens_figures(libreoffice):
    work, reports = libreoffice
    checked = 0
    for name, report in reports.items():
        for table in report.edition.tables:
            sheet = (
                f"表{'二三四'[report.edition.tables.index(table)]} "
                + {"proactive": "主动公开", "applications": "申请情况", "reviews": "复议诉讼"}[table.id]
            )
            rows = _csv(work / "csv" / f"{name}-{sheet}.csv")
            lay, _ = place(table)
            values = report.tables[table.id]
            for (row_id, col_id), (r, c) in lay.cells.items():
                v = values.value(row_id, col_id)
                shown = rows[r - 1][c - 1]
                assert shown == ("" if v is None else format_number(v)), (name, table.id, row_id, col_id)
                checked += total_formula(lay, row_id, col_id) is not None
    assert checked == sum(
        1 for r in reports.values() for t in r.edition.tables for row, col in t.cells() if row.is_total or col.is_total
    )
    # a blank part leaves its total blank, as giar-gen prints it
    blank = reports["blank"]
    assert blank.tables["applications"].value("new_received", "total") is None
    assert blank.tables["reviews"].value("counts", "review.total") is None


def test_a_workbook_saved_by_libreoffice_reads_back(libreoffice):
    work, reports = libreoffice
    for name, report in reports.items():
        result = read_tables_xlsx(work / "lo" / f"{name}.xlsx")
        assert result.ok, result.diagnostics
        for tid, values in result.tables.items():
            assert values.as_dict() == report.tables[tid].as_dict(), (name, tid)


def test_a_figure_typed_as_a_formula_reads_as_its_saved_result(libreoffice):
    work, reports = libreoffice
    report = reports["2021"]
    result = read_tables_xlsx(work / "lo" / "formula.xlsx")  # saved by LibreOffice: =80+6 with its result
    assert result.ok, result.diagnostics
    assert result.tables["applications"].entered[("new_received", "natural_person")] == 86
    for tid, values in result.tables.items():
        assert values.as_dict() == report.tables[tid].as_dict()
    unsaved = read_tables_xlsx(work / "formula.xlsx")  # never calculated: said so, at its cell
    coord = _coord(report.edition.table("applications"), "new_received", "natural_person")
    assert [(d.field, "没有保存计算结果" in d.message) for d in unsaved.diagnostics] == [
        (f"表三 申请情况!{coord}", True)
    ]


# ---------------------------------------------------------------------------
# reading a filled workbook


def _edit(path: Path, out: Path, edits: dict[str, dict[str, object]], fn=None) -> Path:
    wb = openpyxl.load_workbook(path)
    for sheet, cells in edits.items():
        for coord, value in cells.items():
            wb[sheet][coord] = value
    if fn:
        fn(wb)
    wb.save(out)
    return out


def _coord(table, row_id: str, col_id: str) -> str:
    lay, _ = place(table)
    r, c = lay.cells[(row_id, col_id)]
    return openpyxl.utils.get_column_letter(c) + str(r)


def test_cells_that_are_not_figures_are_located(tmp_path):
    report = load_report(EXAMPLE_2021)
    src = tmp_path / "t.xlsx"
    src.write_bytes(render_xlsx(report))
    apps, pro = report.edition.table("applications"), report.edition.table("proactive")
    bad = {
        ("results.disclosed", "natural_person"): "无",
        ("results.disclosed", "commercial"): "/",
        ("new_received", "research"): 1.5,
        ("carried_over", "natural_person"): -2,
        ("carried_over", "commercial"): _dt.datetime(2024, 3, 1),
        ("carried_over", "research"): True,
    }
    edits = {_coord(apps, r, c): v for (r, c), v in bad.items()}
    edits2 = {_coord(pro, "admin_fees", "fees_amount"): "0.35万元"}
    out = _edit(src, tmp_path / "bad.xlsx", {"表三 申请情况": edits, "表二 主动公开": edits2})
    result = read_tables_xlsx(out)
    assert not result.ok
    errors = {d.field: d for d in result.diagnostics if d.severity == "error"}
    assert len(errors) == len(bad) + 1
    for row_id, col_id in bad:
        d = errors[f"表三 申请情况!{_coord(apps, row_id, col_id)}"]
        assert d.cells == [apps.describe(row_id, col_id)]
        assert d.location.file == str(out)
    coord = _coord(apps, "results.disclosed", "natural_person")
    d = errors[f"表三 申请情况!{coord}"]
    assert "不能填「无」" in d.message and "（一）予以公开" in d.cells[0] and "自然人" in d.cells[0]
    assert "整数" in errors[f"表三 申请情况!{_coord(apps, 'new_received', 'research')}"].message
    assert "负数" in errors[f"表三 申请情况!{_coord(apps, 'carried_over', 'natural_person')}"].message
    assert "日期" in errors[f"表三 申请情况!{_coord(apps, 'carried_over', 'commercial')}"].message
    assert "「0.35万元」" in errors[f"表二 主动公开!{_coord(pro, 'admin_fees', 'fees_amount')}"].message


def test_cli_import_names_the_cell_and_writes_nothing(tmp_path, capsys):
    report = load_report(EXAMPLE_2021)
    src = tmp_path / "t.xlsx"
    src.write_bytes(render_xlsx(report))
    coord = _coord(report.edition.table("applications"), "results.disclosed", "natural_person")
    bad = _edit(src, tmp_path / "表格.xlsx", {"表三 申请情况": {coord: "无"}})
    data = tmp_path / "d.yaml"
    shutil.copy(EXAMPLE_2021, data)
    before = data.read_bytes()
    assert main(["import", str(bad), "--into", str(data)]) == 2
    err = capsys.readouterr().err
    assert f"表三 申请情况!{coord}：应填写数字，不能填「无」" in err
    assert "单元格：「三、本年度办理结果 / （一）予以公开」行「申请人情况 / 自然人」列" in err
    assert "Traceback" not in err and data.read_bytes() == before
    assert main(["import", str(bad)]) == 2
    assert not (tmp_path / "表格.yaml").exists()


def test_tables_are_found_by_their_labels_after_rows_and_columns_are_inserted(tmp_path):
    report = load_report(EXAMPLE_2021)
    src = tmp_path / "t.xlsx"
    src.write_bytes(render_xlsx(report))

    def shift(wb):
        for ws in wb.worksheets:
            ws.protection.sheet = False
        wb["表三 申请情况"].insert_rows(7)  # a blank row inside the table
        wb["表三 申请情况"].insert_rows(1, 2)  # and two above it
        wb["表二 主动公开"].insert_cols(1)  # a blank column in front
        wb["表四 复议诉讼"].insert_rows(1, 3)

    out = _edit(src, tmp_path / "moved.xlsx", {}, shift)
    result = read_tables_xlsx(out)
    assert result.ok, result.diagnostics
    for tid, values in result.tables.items():
        assert values.as_dict() == report.tables[tid].as_dict(), tid


def test_a_total_typed_as_a_number_is_kept_and_checked(tmp_path):
    report = load_report(EXAMPLE_2021)
    src = tmp_path / "t.xlsx"
    src.write_bytes(render_xlsx(report))
    apps = report.edition.table("applications")
    out = _edit(src, tmp_path / "total.xlsx", {"表三 申请情况": {_coord(apps, "new_received", "total"): 999}})
    result = read_tables_xlsx(out)
    assert result.ok and result.tables["applications"].entered[("new_received", "total")] == 999
    update = update_tables_text(EXAMPLE_2021.read_text(encoding="utf-8"), result.tables, "d.yaml")
    assert "申请办理情况" in update.rewritten  # the file had no total: the table is written anew
    updated = load_report_text(update.text, "d.yaml")
    assert updated.tables["applications"].entered[("new_received", "total")] == 999
    assert updated.data == report.data


# ---------------------------------------------------------------------------
# into a data file


def test_import_into_edits_only_the_changed_figures(tmp_path, capsys):
    report = load_report(EXAMPLE_2021)
    apps, pro = report.edition.table("applications"), report.edition.table("proactive")
    wbp = tmp_path / "表格.xlsx"
    data = tmp_path / "d.yaml"
    shutil.copy(EXAMPLE_2021, data)
    assert main(["tables", str(data), "-o", str(wbp)]) == 0
    _edit(
        wbp,
        wbp,
        {
            "表三 申请情况": {
                _coord(apps, "new_received", "natural_person"): 90,
                _coord(apps, "results.disclosed", "commercial"): None,
            },
            "表二 主动公开": {_coord(pro, "admin_fees", "fees_amount"): 0.35},
        },
    )
    old = data.read_text(encoding="utf-8")
    assert main(["import", str(wbp), "--into", str(data), "--diff"]) == 0
    assert data.read_text(encoding="utf-8") == old
    assert main(["import", str(wbp), "--into", str(data)]) == 0
    out = capsys.readouterr().out
    assert "86 → 90" in out
    assert "共 3 个单元格有改动" in out  # the three entries; the totals that follow them are not counted
    new = data.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines()) if a != b]
    assert len(old.splitlines()) == len(new.splitlines())
    assert changed == [
        ("  行政事业性收费: 0", "  行政事业性收费: 0.35"),
        ("  本年新收: [86, 9, 1, 0, 3, 2]", "  本年新收: [90, 9, 1, 0, 3, 2]"),
        ("    予以公开: [38, 4, 1, 0, 1, 1]", "    予以公开: [38, ~, 1, 0, 1, 1]"),
    ]
    updated = load_report(data)
    assert updated.tables["proactive"].entered[("admin_fees", "fees_amount")] == Decimal("0.35")
    assert main(["import", str(wbp), "--into", str(data)]) == 0
    assert "没有改动" in capsys.readouterr().out


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_import_into_a_file_missing_rows_writes_the_table_anew_keeping_the_rest(tmp_path, newline):
    text = EXAMPLE_2021.read_text(encoding="utf-8")
    start = text.index("复议诉讼情况:")
    short = text[:start] + "# 复议诉讼稍后填写\n"  # table 四 not in the file at all
    short = short.replace("  上年结转: [4, 1, 0, 0, 0, 0]\n", "")  # and a row missing
    short = short.replace("\n", newline)
    report = load_report(EXAMPLE_2021)
    path = tmp_path / "t.xlsx"
    path.write_bytes(render_xlsx(report))
    result = read_tables_xlsx(path)
    update = update_tables_text(short, result.tables, "d.yaml")
    assert set(update.rewritten) == {"申请办理情况", "复议诉讼情况"}
    assert "# 复议诉讼稍后填写" in update.text and update.text.startswith(short[: short.index("申请办理情况:")])
    assert update.text.count("\n") == update.text.count(newline)  # the file's line ends throughout
    updated = load_report_text(update.text, "d.yaml")
    for tid, values in updated.tables.items():
        assert values.as_dict() == report.tables[tid].as_dict()


def test_import_refuses_a_workbook_of_another_edition(tmp_path, capsys):
    wbp = tmp_path / "2019.xlsx"
    wbp.write_bytes(render_xlsx(load_report(EXAMPLE_2019)))
    data = tmp_path / "d.yaml"
    shutil.copy(EXAMPLE_2021, data)
    before = data.read_bytes()
    assert main(["import", str(wbp), "--into", str(data)]) == 2
    assert data.read_bytes() == before
    err = capsys.readouterr().err
    assert "工作簿中是2019年版" in err and "需要2021年版" in err and "Traceback" not in err


def test_a_workbook_missing_a_table_updates_the_others(tmp_path, capsys):
    report = load_report(EXAMPLE_2021)
    src = tmp_path / "t.xlsx"
    src.write_bytes(render_xlsx(report))
    apps = report.edition.table("applications")

    def drop(wb):
        del wb["表四 复议诉讼"]

    out = _edit(
        src, tmp_path / "表格.xlsx", {"表三 申请情况": {_coord(apps, "carried_over", "natural_person"): 7}}, drop
    )
    result = read_tables_xlsx(out)
    assert result.ok and set(result.tables) == {"proactive", "applications"}
    assert [d.severity for d in result.diagnostics] == ["warning"]
    assert "政府信息公开行政复议、行政诉讼情况" in result.diagnostics[0].message
    data = tmp_path / "d.yaml"
    shutil.copy(EXAMPLE_2021, data)
    assert main(["import", str(out), "--into", str(data)]) == 0
    assert "没有找到" in capsys.readouterr().err
    updated = load_report(data)
    assert updated.tables["applications"].entered[("carried_over", "natural_person")] == 7
    assert updated.tables["reviews"].as_dict() == report.tables["reviews"].as_dict()


def test_import_writes_a_new_data_file_from_the_template(tmp_path, capsys):
    wbp = tmp_path / "表格.xlsx"
    assert main(["tables", str(EXAMPLE_2019), "-o", str(wbp)]) == 0
    assert main(["tables", str(EXAMPLE_2019), "-o", str(wbp)]) == 2  # never over a filled workbook
    assert main(["import", str(wbp), "--year", "2020"]) == 0
    new = load_report(tmp_path / "表格.yaml")
    assert new.year == 2020 and new.edition.id == "2019"
    old = load_report(EXAMPLE_2019)
    for tid, values in new.tables.items():
        assert values.as_dict() == old.tables[tid].as_dict()
    assert main(["import", str(wbp), "--year", "2023", "--force"]) == 2  # a 2019-edition form for 2023


def test_blank_form_for_a_year(tmp_path, capsys):
    out = tmp_path / "空.xlsx"
    assert main(["tables", "--year", "2024", "-o", str(out)]) == 0
    result = read_tables_xlsx(out)
    assert result.ok and result.edition.id == "2021"
    assert all(v is None for t in result.tables.values() for v in t.entered.values())
    assert main(["tables", "--year", "2015", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert (
        main(["tables", str(REPO / "examples" / "seed-000-环翠区人社局-2012.yaml"), "-o", str(tmp_path / "y.xlsx")])
        == 2
    )
    assert "没有全国统一的统计表" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# hostile and damaged workbooks


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _with_dtd(good: bytes, dtd: bytes, text: bytes) -> dict[str, bytes]:
    """The members of ``good`` with a DTD put in front of the first sheet and ``text`` in its first string."""
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        members = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = dtd + sheet.replace(b"<is><t>", b"<is><t>" + text, 1)
    return members


LAUGHS = b"".join(b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10))) for i in range(1, 10))


@pytest.mark.parametrize("kind", ["random", "truncated", "xls", "bomb", "docx", "empty", "laughs", "xxe"])
def test_damaged_or_hostile_workbooks_give_a_chinese_message(tmp_path, capsys, kind):
    good = render_xlsx(load_report(EXAMPLE_2021))
    path = tmp_path / "坏.xlsx"
    if kind == "random":
        path.write_bytes(bytes(range(256)) * 40)
    elif kind == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif kind == "xls":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    elif kind == "bomb":  # 50 MB of zeros in a ~50 KB file
        _zip(
            path,
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b"<workbook/>",
                "xl/worksheets/sheet1.xml": b"\0" * (50 * 1024 * 1024),
            },
        )
    elif kind == "docx":
        _zip(path, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "laughs":  # entities that expand to gigabytes
        _zip(path, _with_dtd(good, b'<!DOCTYPE worksheet [<!ENTITY l0 "lol">' + LAUGHS + b"]>", b"&l9;"))
    elif kind == "xxe":  # an entity that would read a local file into a cell
        _zip(path, _with_dtd(good, b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>', b"&x;"))
    with pytest.raises(InputError) as exc:
        read_tables_xlsx(path)
    message = exc.value.diagnostics[0].message
    assert "坏.xlsx" in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    if kind == "bomb":
        assert "膨胀" in message
    if kind == "xls":
        assert ".xls" in message
    if kind in ("laughs", "xxe"):
        assert "DTD" in message
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "内部错误" not in err
    assert not (tmp_path / "坏.yaml").exists()


def test_a_workbook_without_the_tables(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "别的表格"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(InputError) as exc:
        read_tables_xlsx(tmp_path / "other.xlsx")
    assert "没有找到任何一张官方统计表" in exc.value.diagnostics[0].message


def test_external_links_are_not_kept(tmp_path):
    """A cell linking to another workbook reads as its saved value; the link is dropped, nothing is opened."""
    report = load_report(EXAMPLE_2021)
    src = tmp_path / "t.xlsx"
    src.write_bytes(render_xlsx(report))
    apps = report.edition.table("applications")
    coord = _coord(apps, "new_received", "natural_person")
    out = _edit(src, tmp_path / "link.xlsx", {"表三 申请情况": {coord: "='[http://example.invalid/x.xlsx]Sheet1'!A1"}})
    result = read_tables_xlsx(out)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert [d.field for d in errors] == [f"表三 申请情况!{coord}"]
    assert "没有保存计算结果" in errors[0].message


def test_uploaded_bytes_read_like_a_file():
    data = render_xlsx(load_report(EXAMPLE_2021))
    result = read_tables_xlsx(data, name="上传.xlsx")
    assert result.ok and result.name == "上传.xlsx"
    assert result.addresses["applications"][("new_received", "natural_person")] == "表三 申请情况!D5"


def test_a_total_the_data_file_gives_differently_is_written_as_that_number(tmp_path):
    text = EXAMPLE_2021.read_text(encoding="utf-8").replace(
        "本年新收: [86, 9, 1, 0, 3, 2]", "本年新收: [86, 9, 1, 0, 3, 2, 100]"
    )  # the sum is 101
    report = load_report_text(text, "d.yaml")
    path = tmp_path / "t.xlsx"
    path.write_bytes(render_xlsx(report))
    apps = report.edition.table("applications")
    cell = openpyxl.load_workbook(path)["表三 申请情况"][_coord(apps, "new_received", "total")]
    assert cell.value == 100 and not cell.protection.locked  # kept for the checks to flag, not hidden by a formula
    back = read_tables_xlsx(path)
    assert back.tables["applications"].entered[("new_received", "total")] == 100
    update = update_tables_text(text, back.tables, "d.yaml")
    assert update.text == text and not update.changed


def test_blank_form_tells_how_to_read_it_back_for_its_year(tmp_path, capsys):
    # without --year the read-back would make a data file for last calendar year, not the form's
    out = tmp_path / "空.xlsx"
    assert main(["tables", "--year", "2022", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert f"giar-gen import {out} --year 2022" in said
    assert main(["import", str(out), "--year", "2022", "-o", str(tmp_path / "d.yaml")]) == 0
    assert "报告年度: 2022" in (tmp_path / "d.yaml").read_text(encoding="utf-8")
