"""Building the example: read every output back and hold it against the YAML.

The HTML is parsed with html.parser, the DOCX opened with python-docx, the PDF
read with pdftotext: every official label and every number of the three
tables must be there, and the three outputs must agree with each other.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser

import docx
import pytest
import yaml

from giar_gen.cli import main
from giar_gen.document.compose import compose
from giar_gen.document.tree import Table
from giar_gen.model.report import format_number
from giar_gen.model.tables import edition
from giar_gen.source.loader import load_report
from giar_gen.source.schema import json_schema
from giar_gen.source.skeleton import skeleton_yaml


class _Tables(HTMLParser):
    """Collects each <table> as rows of (tag, text, rowspan, colspan)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = [tag, "", int(a.get("rowspan", 1)), int(a.get("colspan", 1))]

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell:
            self.tables[-1][-1].append(tuple(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[1] += data


@pytest.fixture(scope="module")
def doc(example_yaml):
    return compose(load_report(example_yaml))


def _official_labels() -> set[str]:
    labels = set()
    for t in edition("2021").tables:
        g = t.grid()
        for row in g.header + g.body:
            labels.update(c.text for c in row if c.text)
    return labels


def _tree_tables(doc) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_tree_values_equal_the_yaml(example_yaml, doc):
    raw = yaml.safe_load(example_yaml.read_text(encoding="utf-8"))
    t3 = next(t for t in _tree_tables(doc) if t.id == "applications")
    rows = {c.ref[0]: [] for row in t3.body for c in row if c.ref}
    for row in t3.body:
        for c in row:
            if c.ref:
                rows[c.ref[0]].append(c.text)
    assert rows["new_received"] == [str(v) for v in raw["申请办理情况"]["本年新收"]] + ["101"]
    assert rows["results.withheld.third_party"] == ["3", "1", "0", "0", "0", "0", "4"]
    assert rows["carried_forward"] == ["5", "2", "0", "0", "0", "1", "8"]
    t4 = next(t for t in _tree_tables(doc) if t.id == "reviews")
    assert [c.text for c in t4.body[0]] == ["2", "1", "0", "1", "4", "1", "0", "0", "1", "2", "1", "0", "0", "0", "1"]


def test_html_has_official_structure_and_values(built_example, doc):
    html = built_example["html"].read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    p = _Tables()
    p.feed(html)
    tree = _tree_tables(doc)
    assert len(p.tables) == len(tree) == 3
    for parsed, t in zip(p.tables, tree):
        expect = [[(c.text, c.rowspan, c.colspan) for c in row] for row in t.header + t.body]
        got = [[(text, rs, cs) for _, text, rs, cs in row] for row in parsed]
        assert got == expect
    t3 = p.tables[1]
    assert t3[0][0][0] == "th" and (t3[0][0][2], t3[0][0][3]) == (3, 3)
    found = {text for table in p.tables for row in table for _, text, _, _ in row}
    assert _official_labels() <= found
    data = json.loads(
        re.search(r'<script type="application/json" id="giar-gen-data">(.*?)</script>', html, re.S).group(1)
    )
    assert data["表格版本"] == "2021"


def _docx_tables(path):
    """Each Word table as rows of unique cells (merged cells counted once)."""
    out = []
    for table in docx.Document(str(path)).tables:
        seen, rows = [], []  # the <w:tc> elements themselves: a merged cell repeats the same one
        for row in table.rows:
            cells = []
            for cell in row.cells:
                if any(cell._tc is tc for tc in seen):
                    continue
                seen.append(cell._tc)
                cells.append(cell.text)
            rows.append(cells)
        out.append(rows)
    return out


def test_docx_has_every_label_and_value(built_example, doc):
    tables = _docx_tables(built_example["docx"])
    tree = _tree_tables(doc)
    assert len(tables) == 3
    for got, t in zip(tables, tree):
        expect = [[c.text for c in row] for row in t.header + t.body]
        # python-docx yields a vertically merged cell in its first row only
        assert [c for row in got for c in row] == [c for row in expect for c in row]
    d = docx.Document(str(built_example["docx"]))
    text = "\n".join(p.text for p in d.paragraphs)
    assert d.core_properties.author == "示例市示例区市场监督管理局"
    for h in ("一、总体情况", "（一）主动公开", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert h in text
    assert "2024年1月26日" in text


def test_pdf_text_carries_labels_and_every_row(built_example, doc):
    layout = subprocess.run(
        ["pdftotext", "-layout", str(built_example["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    reading = subprocess.run(
        ["pdftotext", str(built_example["pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", reading)  # wrapped cell text stays together in reading order
    for label in _official_labels():
        assert re.sub(r"\s+", "", label) in flat, label
    for t in _tree_tables(doc):
        seqs = {}
        for row in t.body:
            vals = [c.text for c in row if c.role == "value"]
            if vals and all(vals):
                seqs[tuple(vals)] = seqs.get(tuple(vals), 0) + 1
        for vals, n in seqs.items():
            pattern = r"(?<!\d)" + r"\s+".join(map(re.escape, vals)) + r"(?!\d)"
            assert len(re.findall(pattern, layout)) >= n, vals


def test_three_outputs_agree_on_every_number(built_example, doc):
    html = built_example["html"].read_text(encoding="utf-8")
    p = _Tables()
    p.feed(html)
    html_values = [text for table in p.tables for row in table for tag, text, _, _ in row if tag == "td"]
    tree_values = [
        c.text for t in _tree_tables(doc) for row in t.header + t.body for c in row if c.role in ("value", "empty")
    ]
    assert html_values == tree_values
    docx_cells = [c for t in _docx_tables(built_example["docx"]) for row in t for c in row]
    tree_cells = [c.text for t in _tree_tables(doc) for row in t.header + t.body for c in row]
    assert docx_cells == tree_cells
    pdf = subprocess.run(["pdftotext", str(built_example["pdf"]), "-"], capture_output=True, text=True).stdout
    html_text = re.sub(r"<[^>]+>", "", html)
    for number in ("1268", "2846", "312", "101", "98"):
        assert number in pdf and number in html_text


def test_same_input_same_bytes(example_yaml, built_example, tmp_path):
    from giar_gen.api import build_file

    again = build_file(example_yaml, tmp_path, ("html", "docx"))
    for path in again.written:
        assert path.read_bytes() == built_example[path.suffix[1:]].read_bytes(), path.suffix


def test_never_overwrites_input(example_yaml, tmp_path):
    src = tmp_path / "r.yaml"
    src.write_text(example_yaml.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "r.html").mkdir()  # an output path that cannot be replaced
    before = src.read_bytes()
    with pytest.raises(OSError):
        from giar_gen.api import build_file

        build_file(src, tmp_path, ("html",))
    assert src.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("year", [2023, 2020, 2015])
def test_init_skeleton_is_complete_but_refused_until_filled(tmp_path, year):
    path = tmp_path / "new.yaml"
    assert main(["init", str(path), "--year", str(year)]) == 0
    text = path.read_text(encoding="utf-8")
    r = load_report(path)
    assert r.year == year
    if year >= 2019:
        ed = edition("2021" if year >= 2021 else "2019")
        for t in ed.tables:  # every data cell is present in the skeleton
            values = r.tables[t.id]
            for row, col in t.cells():
                if not (row.is_total or col.is_total):
                    assert values.entered.get((row.id, col.id)) == 0, (t.id, row.id, col.id)
        assert "（本列数据的勾稽关系" not in text  # comments quote row/column labels, not the corner
        assert "2.申请人逾期未按收费通知要求缴纳费用" in text or year < 2021
    # complete: it builds with --force; its placeholders block a plain build (P-PLACEHOLDER)
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]) == 1
    assert not (tmp_path / "out" / "new.html").exists()
    main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "html", "--force"])
    assert (tmp_path / "out" / "new.html").exists()
    assert main(["init", str(path)]) == 2  # never overwrites without --force


def test_schema_validates_the_example(example_yaml):
    import jsonschema

    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(example_yaml.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, schema)
    bad = dict(data, 机关={"名称": "x", "类形": "部门"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    assert schema["properties"]["报告年度"]["title"] == "报告年度"
    assert "三、本年度办理结果" == schema["properties"]["申请办理情况"]["properties"]["本年度办理结果"]["title"]


def test_amounts_print_without_exponent():
    from decimal import Decimal

    assert format_number(Decimal("12.350")) == "12.35"
    assert format_number(Decimal("0E-2")) == "0"
    assert format_number(None) == ""
    assert skeleton_yaml(2023).count("[0, 0, 0, 0, 0, 0]") == 24  # table 三 rows less （七）总计


def test_bold_subheadings_is_an_option_never_the_default(example_yaml, tmp_path):
    import zipfile

    plain, bold = tmp_path / "plain", tmp_path / "bold"
    assert main(["build", str(example_yaml), "-o", str(plain), "-f", "docx,html"]) == 0
    assert main(["build", str(example_yaml), "-o", str(bold), "-f", "docx,html", "--bold-subheadings"]) == 0

    def heading2_style(folder):
        styles = zipfile.ZipFile(next(folder.glob("*.docx"))).read("word/styles.xml").decode()
        start = styles.index('w:styleId="Heading2"')
        return styles[start : styles.index("</w:style>", start)]

    assert "<w:b/>" not in heading2_style(plain)
    assert "<w:b/>" in heading2_style(bold)
    assert "bold-subheadings" not in next(plain.glob("*.html")).read_text(encoding="utf-8").split("<style>")[0]
    assert 'class="bold-subheadings"' in next(bold.glob("*.html")).read_text(encoding="utf-8")
