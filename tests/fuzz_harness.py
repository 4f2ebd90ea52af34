"""The fuzzing harness of issue 11: hostile inputs for giar-gen and what every answer must be.

Used by ``tests/test_fuzz.py`` (a few hundred derandomised cases in CI) and by
``scripts/fuzz.py`` (thousands of cases, with figures). A *case* is a command line
run in-process through :func:`giar_gen.cli.main` on files written into a fresh
folder: a mutated data file (one of ``examples/*.yaml`` with a few lines changed
by the mutations below), or a published report (.txt, .html, .docx) made of
random text, tables and damaged markup, or the example's PDF with damaged bytes. :func:`verdict` says what is wrong with
the answer, if anything:

* exit status not in {0, 1, 2};
* a traceback, an internal error, an English sentence or a Python value
  (``None``, ``True``, ``datetime.``, ``Decimal(``, ``'[``, ``{'``) in what is
  printed (what the user wrote, quoted in 「」 or on a quoted source line, is not
  counted);
* an input error (``[Y…]``) without a line (``file:line:``), except Y000, which
  is about the file as a whole;
* a file written although the exit status is 2.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

#: Values a hostile or careless user puts where a value goes.
TOKENS = [
    "017",
    "0o17",
    "0x1F",
    "0b11",
    "1:30",
    "1_000",
    "1e3",
    "-5",
    "+3",
    ".inf",
    ".nan",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "True",
    "2023-01-01",
    "2024-02-30",
    "12:30:00",
    "[1, 2",
    "{",
    "}",
    "[]",
    "{}",
    "&a 1",
    "*a",
    "*nope",
    "!!binary aGVsbG8=",
    "!!python/object:os.system",
    '"\\x4"',
    '"\\ud800"',
    "'it''s'",
    "|",
    ">",
    "-",
    "? x",
    '=HYPERLINK("x")',
    "@x",
    "随便",
    "是",
    "/",
    "无",
    "—",
    "99999999999999999999",
    "0x" + "f" * 200,
    "1" * 5000,
    "a" * 3000,
    "\t1",
    "%YAML 1.1",
    "---",
    "...",
    "<<: *a",
    '"\\0"',
    "①②",
    "１２",
    "3.14159265358979",
    "2024年2月30日",
    "２０２４－０１－０１",
    "\u202e",
    "\ufeff",
    "\x85",
]

#: Structural changes of one line.
EDITS = (
    "replace_value",
    "delete",
    "duplicate",
    "indent",
    "dedent",
    "insert",
    "truncate",
    "swap",
    "key",
    "char",
    "flow",
    "flow",
)


@st.composite
def data_file(draw) -> tuple[str, str]:
    """(file name, text): an example data file with one to four lines mutated."""
    base = draw(st.sampled_from(EXAMPLES))
    lines = base.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 6))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(EDITS))
        token = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)))
        line = lines[i]
        if edit == "replace_value" and ":" in line:
            lines[i] = line[: line.index(":") + 1] + " " + token
        elif edit == "delete":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, line)
        elif edit == "indent":
            lines[i] = "  " + line
        elif edit == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line
        elif edit == "insert":
            lines.insert(i, token)
        elif edit == "truncate":
            lines[i] = line[: draw(st.integers(0, max(len(line), 0)))]
        elif edit == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif edit == "char":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + token + line[at:]
        elif edit == "flow":
            rows = [j for j, ln in enumerate(lines) if "[" in ln and "]" in ln]
            if rows:
                j = draw(st.sampled_from(rows))
                head, _, rest = lines[j].partition("[")
                items, _, tail = rest.partition("]")
                parts = items.split(",")
                parts[draw(st.integers(0, len(parts) - 1))] = " " + token
                lines[j] = head + "[" + ",".join(parts) + "]" + tail
        elif edit == "key" and ":" in line:
            lines[i] = line[: len(line) - len(line.lstrip())] + token + line[line.index(":") :]
    return base.name, "\n".join(lines)


_WORDS = st.sampled_from(
    [
        "２０２３年",
        "本年新收",
        "政府信息公开申请",
        "行政复议",
        "|",
        "｜",
        "（一）",
        "一、总体情况",
        "主动公开",
        "予以公开",
        "12",
        "0",
        "-",
        "合计",
        "\t",
        " ",
        "abc",
        "<",
        "&amp;",
        "办理结果",
    ]
)


def _report_text(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 30))):
        lines.append("".join(draw(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=8))))
    return "\n".join(lines)


_PDF: list[bytes] = []


def _base_pdf() -> bytes:
    """The example report as PDF, made once (the PDF cases mutate its bytes)."""
    if not _PDF:
        from giar_gen.document.compose import compose
        from giar_gen.source.loader import load_report
        from giar_gen.writers import render

        _PDF.append(render(compose(load_report(ROOT / "examples" / "2023-示例区市场监督管理局.yaml")), "pdf"))
    return _PDF[0]


def _pdf_bytes(draw) -> bytes:
    data = bytearray(_base_pdf())
    for _ in range(draw(st.integers(0, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        how = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if how == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif how == "insert":
            data[at:at] = draw(st.binary(max_size=16))
        else:
            del data[at:]
    return bytes(data)


@st.composite
def report_file(draw) -> tuple[str, bytes]:
    """(file name, bytes) of a published report to import or check: .txt, .html, .docx or .pdf."""
    kind = draw(st.sampled_from(["txt", "html", "docx", "pdf"]))
    if kind == "pdf":
        return "r.pdf", _pdf_bytes(draw)
    text = _report_text(draw)
    if kind == "txt":
        encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16"]))
        return "r.txt", text.encode(encoding, errors="replace")
    if kind == "html":
        cells = "".join(
            f'<td colspan="{draw(st.sampled_from(["2", "abc", "-1", "99999", ""]))}">{c}</td>'
            for c in text.split("\n")[:6]
        )
        tags = draw(
            st.lists(
                st.sampled_from(
                    [
                        "<p>",
                        "</p>",
                        "<table>",
                        "<tr>",
                        "</td>",
                        "<br>",
                        "<script>",
                        "<!--",
                        '<meta charset="big5">',
                        "&#0;",
                        "&#x110000;",
                    ]
                ),
                max_size=6,
            )
        )
        return "r.html", (
            "<html><body>"
            + "".join(tags)
            + "<table><tr>"
            + cells
            + "</tr></table><p>"
            + text.replace("\n", "</p><p>")
            + "</p></body></html>"
        ).encode("utf-8")
    return "r.docx", _docx_bytes(text, draw(st.sampled_from(["2", "abc", "-5x", "0", "1000000", ""])))


def _docx_bytes(text: str, span: str) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    for para in text.split("\n")[:20]:
        doc.add_paragraph(_xml_safe(para))
    table = doc.add_table(rows=2, cols=3)
    for row in table.rows:
        for cell in row.cells:
            cell.text = "1"
    tc_pr = table.rows[0].cells[0]._tc.get_or_add_tcPr()
    grid = tc_pr.makeelement(qn("w:gridSpan"), {qn("w:val"): span})
    tc_pr.append(grid)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _xml_safe(s: str) -> str:
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", s)


@dataclass
class Case:
    """One command line on files written into ``folder``."""

    argv: list[str]
    files: dict[str, bytes]


@st.composite
def case(draw) -> Case:
    """A command on a mutated data file or a made-up report."""
    if draw(st.integers(0, 3)) == 0:
        name, data = draw(report_file())
        command = draw(st.sampled_from(["check", "import", "init"]))
        argv = {
            "check": ["check", "{d}/" + name],
            "import": ["import", "{d}/" + name, "-o", "{d}/out/r.yaml"],
            "init": ["init", "{d}/out/new.yaml", "--from", "{d}/" + name],
        }[command]
        return Case(argv, {name: data})
    name, text = draw(data_file())
    command = draw(
        st.sampled_from(["check", "check", "build", "build-more", "fix", "init", "fonts", "check-json", "aggregate"])
    )
    if command == "build-more":  # last year's file (another mutation), 繁體, 图解, strict
        other, last = draw(data_file())
        extra = draw(
            st.sampled_from([["--compare"], ["--script", "hant"], ["--infographic"], ["--strict"], ["--force"]])
        )
        last_name = "last-" + other
        return Case(
            [
                "build",
                "{d}/" + name,
                "-o",
                "{d}/out",
                "-f",
                "html,json",
                "--no-cache",
                "--previous",
                "{d}/" + last_name,
                *extra,
            ],
            {name: text.encode("utf-8"), last_name: last.encode("utf-8")},
        )
    if command == "aggregate":
        other, second = draw(data_file())
        return Case(
            ["aggregate", "{d}/units", "-o", "{d}/out/sum.yaml", "--name", "汇总"],
            {"units/a.yaml": text.encode("utf-8"), "units/b.yaml": second.encode("utf-8")},
        )
    argv = {
        "check": ["check", "{d}/" + name],
        "check-json": ["check", "--format", "json", "{d}/" + name],
        "build": ["build", "{d}/" + name, "-o", "{d}/out", "-f", "html,docx,json,csv", "--no-cache"],
        "fix": ["fix", "{d}/" + name],
        "init": ["init", "{d}/out/new.yaml", "--from", "{d}/" + name],
        "fonts": ["fonts", "{d}/" + name],
    }[command]
    return Case(argv, {name: text.encode("utf-8")})


def inputs_text(c: Case) -> str:
    """The text of the case's files, where a repeated piece of the user's writing is looked for."""
    import zipfile

    out = []
    for name, data in c.files.items():
        if name.endswith(".docx"):
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    xml = z.read("word/document.xml").decode("utf-8", "replace")
                out.append("\n".join(re.sub(r"<[^>]+>", "", p) for p in xml.split("</w:p>")))
            except (zipfile.BadZipFile, KeyError):
                pass
        elif name.endswith((".txt", ".html")):  # in the encoding giar-gen reads it in (GB 18030, UTF-16, …)
            from giar_gen.readers import ReaderError, decode_bytes

            try:
                out.append(decode_bytes(data))
            except ReaderError:
                out.append(data.decode("utf-8", "replace"))
        elif not name.endswith(".pdf"):
            out.append(data.decode("utf-8", "replace"))
    return "\n".join(out)


def run_case(c: Case, folder: Path, capsys=None) -> tuple[int, str, list[str]]:
    """Write the case's files into ``folder``, run it; (exit status, printed text, files written)."""
    import contextlib
    import shutil

    from giar_gen.cli import main

    shutil.copytree(ROOT / "examples" / "layouts", folder / "layouts", dirs_exist_ok=True)  # the seeds' layouts
    for name, data in c.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "out").mkdir(exist_ok=True)
    argv = [a.replace("{d}", str(folder)) for a in c.argv]
    if capsys is not None:
        try:
            rc = main(argv)
        except SystemExit as exc:
            rc = int(exc.code or 0)
        cap = capsys.readouterr()
        text = cap.out + cap.err
    else:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = main(argv)
            except SystemExit as exc:
                rc = int(exc.code or 0)
        text = out.getvalue() + err.getvalue()
    written = sorted(str(p.relative_to(folder)) for p in (folder / "out").rglob("*"))
    return rc, text, written


_QUOTED = re.compile(r"「[^」\n]*」?|“[^”\n]*”")
_SOURCE_LINE = re.compile(r"^\s*\d*\s*\|.*$|^\s+(实际|应为|单元格|已确认的理由|最可能出错)：.*$", re.M)
_PATH = re.compile(r"(?:/[^\s：:，。（）()「」]+)+")
#: Three English words in a row (identifiers, codes and format names are single words).
_ENGLISH = re.compile(r"\b[A-Za-z][a-z]+[,.]?\s+[a-z]{2,}[,.]?\s+[a-z]{2,}\b")  # not Unicode names (capitals)
_REPR = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|datetime\.|Decimal\(|'\[|\{'")
_LOCATED = re.compile(r"^(?:\S.*?):\d+(?::\d+)?: 错误 \[Y\d{3}\]", re.M)
_INPUT_ERROR = re.compile(r"^.*错误 \[Y(\d{3})\].*$", re.M)


#: Proper names that are English words: giar-gen's bundled fonts, fonts it looks for.
_NAMES = re.compile(r"GiarGen \w+(?: Bold)?|^\s+未找到：.*$|Heiti SC|Kaiti SC|Songti SC", re.M)


def _unquoted(text: str) -> str:
    text = _NAMES.sub("", _SOURCE_LINE.sub("", text))
    text = _QUOTED.sub("「」", text)
    return _PATH.sub("/", text)


def _users(plain: str, m: re.Match, inputs: str) -> bool:
    """The match is the user's own text, shown as written (e.g. a key ``True#…`` in a field path)."""
    after = re.match(r"[^：「」\n]*", plain[m.start() :]).group().rstrip().rstrip("…")  # up to the next boundary
    start = max(plain.rfind(c, 0, m.start()) for c in "：「」\n]") + 1
    before = plain[start : m.end()].lstrip()
    line = plain[plain.rfind("\n", 0, m.start()) + 1 :].split("\n", 1)[0].strip()  # a quoted line of the original
    return bool(inputs) and (
        any(len(s) > len(m.group()) and s in inputs for s in (after, before))
        or line in {x.strip() for x in inputs.splitlines()}
    )


def verdict(rc: int, text: str, written: list[str], inputs: str = "") -> list[str]:
    """What is wrong with one answer (empty when nothing is); ``inputs``: the text of the
    case's files, where a match that merely repeats the user's own writing is not counted."""
    problems = []
    if rc not in (0, 1, 2):
        problems.append(f"exit {rc}")
    if "Traceback" in text or "内部错误" in text:
        problems.append("traceback or internal error")
    if '"code"' in text[:200] and text.lstrip().startswith("["):  # check --format json: the messages inside
        import json

        try:
            entries = json.loads(text[: text.rindex("]") + 1])
            text = "\n".join(
                f.get("message", "") + "\n" + (f.get("hint") or "") for e in entries for f in e.get("findings", [])
            )
        except ValueError:
            pass
    plain = _unquoted(text)
    m = next((m for m in _ENGLISH.finditer(plain) if not _users(plain, m, inputs)), None)
    if m:
        problems.append(f"English: {m.group()!r}")
    m = next((m for m in _REPR.finditer(plain) if not _users(plain, m, inputs)), None)
    if m:
        problems.append(f"Python value: {m.group()!r}")
    for line in _INPUT_ERROR.finditer(text):
        if line.group(1) != "000" and not _LOCATED.match(line.group()):
            problems.append(f"input error without a line: {line.group()[:120]!r}")
            break
    if rc == 2 and written:
        problems.append(f"written on exit 2: {written}")
    return problems
