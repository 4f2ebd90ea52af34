"""Open data files: ``--format json`` and ``--format csv``, and the JSON block the HTML page embeds.

The figures themselves come from :func:`giar_gen.document.figures.figures`
(``Document.data``); this module only writes them out.
"""

from __future__ import annotations

import csv
import io
import json

from giar_gen.document.figures import DATA_VERSION, figures  # noqa: F401  (re-exported)

CSV_HEADER = ("报告年度", "机关", "表格", "行", "列", "值", "单位", "自动计算", "表格标识", "行标识", "列标识")


def render_json(data: dict) -> bytes:
    """The figures as a JSON file (UTF-8, keys sorted: reproducible bytes)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def embedded_json(data: dict) -> str:
    """The same JSON, safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    # No "</script>", "<!--" or entity can be formed.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csv_rows(data: dict) -> list[tuple]:
    """One row per cell: year and agency repeated on each row, so the CSV files
    of many offices can simply be concatenated."""
    rows = []
    ids = data.get("表格标识", {})
    for table_key, cells in data.get("表格", {}).items():
        for c in cells:
            v = c["值"]
            rows.append(
                (
                    data.get("报告年度"),
                    data.get("机关"),
                    table_key,
                    c["行"],
                    c["列"],
                    "" if v is None else v,
                    c.get("单位", ""),
                    "是" if c.get("自动计算") else "否",
                    ids.get(table_key, ""),
                    c["row"],
                    c["column"],
                )
            )
    return rows


#: What makes a spreadsheet read a cell as a formula (OWASP "CSV injection"):
#: = + - @ at the start, or a tab or carriage return before one of them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text: a text starting with one of
    :data:`_FORMULA_START` gets a leading apostrophe (Excel and LibreOffice do
    not evaluate it and do not display the apostrophe). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_csv(data: dict) -> bytes:
    """The figures as CSV: UTF-8 with a byte-order mark (Excel opens it
    correctly), CRLF line ends, one header row (:data:`CSV_HEADER`)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for row in csv_rows(data):
        w.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
