"""Reader for PDF files with a text layer (as Word, WPS, LibreOffice,
WeasyPrint or a browser print them).

The page content is extracted with pypdfium2 (characters with their boxes,
the paths drawn on the page; see ``scripts/bench_pdf_readers.py`` for why)
into a neutral :class:`~giar_gen.readers.pdf_tables.PageData`; the rest is
our own geometry:

* tables are read cell by cell from the ruling lines
  (:mod:`giar_gen.readers.pdf_tables`): merged cells as row and column
  spans, blank cells as ``""``; a table that continues on the next page (the
  same columns, at the bottom of one page and the top of the next) is one
  table, its repeated header rows dropped and a merged cell cut by the page
  break made whole again;
* the running text in reading order, page chrome dropped, wrapped lines
  joined into paragraphs (:mod:`giar_gen.readers.pdf_text`).

Each block carries its page and, on a page printed in two columns, its
column (:data:`giar_gen.readers.COLUMNS`), from which the importer tells
apart two reports printed side by side.

Positions are ``(line, None)``: lines of :attr:`RawDocument.source`, which
holds one line per paragraph and one per table row (cells joined by " | "),
in reading order, as extracted.

Limits: at most :data:`MAX_PAGES` pages and :data:`MAX_BYTES` bytes (an
annual report has 5 to 30 pages); a larger, damaged or password-protected
file gets a message naming it. A scanned PDF (pages that are images, with no
text layer) is refused with the advice to run text recognition (OCR) first.
"""

from __future__ import annotations

import re
import stat
from collections import Counter
from pathlib import Path

from . import RawCell, RawDocument, ReaderError, TableBlock, TextBlock
from .pdf_tables import Char, PageData, assigned, cell_text, find_tables, join_continued, line_segment, rect_segments
from .pdf_text import Item, Line, clean_text, drop_chrome, page_flow, paragraphs

#: The largest file read (bytes) and the most pages.
MAX_BYTES = 100 * 1024 * 1024
MAX_PAGES = 300


def read_pdf(path: Path) -> RawDocument:
    """Read a PDF file (raises :class:`ReaderError` with a Chinese message)."""
    pages, meta = extract(path)
    return build_document(path, pages, meta)


# ---------------------------------------------------------------------------
# extraction (pypdfium2)


def check_file(path: Path) -> None:
    """Size and signature, before any parser sees the file."""
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block for ever, a device never end
        raise ReaderError(f"「{path}」不是普通文件，未读取")
    size = st.st_size
    if size > MAX_BYTES:
        raise ReaderError(
            f"「{path}」太大（{size / 1024 / 1024:.0f} MB）：最多读取 {MAX_BYTES // 1024 // 1024} MB 的 PDF 文件"
        )
    with path.open("rb") as f:
        head = f.read(1024)
        f.seek(max(0, size - 4096))
        tail = f.read()
    if b"%PDF-" not in head:
        raise ReaderError(f"「{path}」不是 PDF 文件（文件开头没有 PDF 标记；可能是别的格式的文件改了扩展名）")
    if b"%%EOF" not in tail:
        raise ReaderError(
            f"「{path}」不完整：文件结尾缺少 PDF 结束标记（可能没有下载完或被截断）；请重新下载或重新导出 PDF"
        )


def extract(path: Path) -> tuple[list[PageData], dict[str, str]]:
    """Characters, rulings and image area of each page, and the document
    information (title, author, creator, creation date), read with pdfium."""
    check_file(path)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReaderError(f"「{path}」设有打开密码，无法读取：请先去除密码（另存为不加密的 PDF）再导入") from None
        raise ReaderError(_damaged(path, exc)) from None
    try:
        n = len(pdf)
        if n == 0:
            raise ReaderError(f"「{path}」不是可读取的 PDF 文件：文件中没有任何页面")
        if n > MAX_PAGES:
            raise ReaderError(
                f"「{path}」有 {n} 页：最多读取 {MAX_PAGES} 页（年度报告一般不超过 30 页，请只导入报告本身）"
            )
        pages = []
        for number in range(1, n + 1):
            try:
                pages.append(_page_data(pdf, number))
            except pdfium.PdfiumError as exc:
                raise ReaderError(_damaged(path, exc, number)) from None
        meta = _info(pdf.get_metadata_dict(skip_empty=True))
    finally:
        pdf.close()
    return pages, meta


#: pdfium's error descriptions, in Chinese.
_PDFIUM_ERRORS = {
    "data format": "数据格式错误",
    "file access": "无法访问文件",
    "security": "不支持的加密方式",
    "page not found": "页面不存在",
}


def _damaged(path: Path, exc: object, page: int | None = None) -> str:
    where = f"第 {page} 页" if page else "文件结构"
    text = str(exc).lower()
    detail = next((zh for en, zh in _PDFIUM_ERRORS.items() if en in text), "无法解析")
    return f"「{path}」不是可读取的 PDF 文件：{where}已损坏或不完整（{detail}）；请重新下载或重新导出 PDF"


def _page_data(pdf, number: int) -> PageData:
    import pypdfium2.raw as c

    page = pdf[number - 1]
    try:
        view = _View(page.get_rotation(), page.get_cropbox())
        data = PageData(number, view.width, view.height)
        textpage = page.get_textpage()
        try:
            data.chars = _chars(textpage.raw, view)
        finally:
            textpage.close()
        image_area = _objects(page.raw, c, view, data)
        data.images = int(image_area / (view.width * view.height or 1.0) >= 0.3)
    finally:
        page.close()
    return data


class _View:
    """From pdfium's coordinates (the PDF's user space, y up) to the page as
    a viewer shows it (y down from the top left of the crop box), through
    the page's ``/Rotate`` (a landscape table page is often a portrait page
    turned by 90 degrees)."""

    def __init__(self, rotation: int, box: tuple[float, float, float, float]) -> None:
        self.rot = rotation % 360
        self.l, self.b, self.r, self.t = box
        w, h = self.r - self.l, self.t - self.b
        self.width, self.height = (h, w) if self.rot in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rot == 90:
            return y - self.b, x - self.l
        if self.rot == 180:
            return self.r - x, y - self.b
        if self.rot == 270:
            return self.t - y, self.r - x
        return x - self.l, self.t - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(x0, y0), self.point(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def _direction(self, u: float, v: float) -> tuple[float, float]:
        return {90: (v, u), 180: (-u, v), 270: (-v, -u)}.get(self.rot, (u, -v))

    def upright(self, a: float, b: float, c: float, d: float) -> bool:
        """Whether text with this matrix reads left to right, upright, as shown."""
        (xx, xy), (yx, yy) = self._direction(a, b), self._direction(c, d)
        return xx > 0 and abs(xy) <= 0.01 * xx and yy < 0 and abs(yx) <= 0.01 * abs(yy)


def _chars(tp, view: _View) -> list[Char]:
    """Each character pdfium finds (its Unicode value honours ``ActualText``,
    which LibreOffice writes when a font lacks the glyph), with its box.

    The size is the font size times the text matrix's scale. pdfium places
    the glyphs of Type 3 fonts (which Chrome writes, one text object per
    glyph) wrongly: where the box of a one-character text object does not
    contain the object's origin, the box is made from the origin and the size."""
    import ctypes
    import math

    import pypdfium2.raw as c

    out = []
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    m = c.FS_MATRIX()
    rect = c.FS_RECTF()
    n = c.FPDFText_CountChars(tp)
    objects = [ctypes.cast(c.FPDFText_GetTextObject(tp, i), ctypes.c_void_p).value for i in range(n)]
    per_object = Counter(objects)
    for i in range(n):
        code = c.FPDFText_GetUnicode(tp, i)
        if code <= 32 or c.FPDFText_IsGenerated(tp, i) == 1 or 0xD800 <= code < 0xE000:
            continue
        if not c.FPDFText_GetCharBox(tp, i, left, right, bottom, top) or not c.FPDFText_GetMatrix(tp, i, m):
            continue
        if not view.upright(m.a, m.b, m.c, m.d):
            continue  # rotated or mirrored text as shown: watermarks, stamps, vertical captions
        scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
        size = (c.FPDFText_GetFontSize(tp, i) or 10.0) * scale
        x0, top_, x1, bottom_ = view.box(left.value, bottom.value, right.value, top.value)
        if c.FPDFText_GetLooseCharBox(tp, i, rect):  # the line's height, not the glyph's (a comma sits low)
            _, top_, _, bottom_ = view.box(rect.left, rect.bottom, rect.right, rect.top)
        ox, oy = view.point(m.e, m.f)
        if per_object[objects[i]] == 1 and not (x0 - size <= ox <= x1 + size and top_ - size <= oy <= bottom_ + size):
            x0, x1 = ox, ox + size * (1.0 if code >= 0x2E80 else 0.55)
            top_, bottom_ = oy - 0.88 * size, oy + 0.12 * size
        out.append(Char(chr(code), x0, top_, x1, bottom_, round(size, 1), c.FPDFText_GetFontWeight(tp, i) >= 600))
    return out


def _objects(parent, c, view: _View, data: PageData, matrix=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0), form=None) -> float:
    """Rulings drawn by the page's path objects (also inside form XObjects);
    returns the page area covered by images."""
    import ctypes

    count = c.FPDFFormObj_CountObjects(form) if form is not None else c.FPDFPage_CountObjects(parent)
    area = 0.0
    for k in range(count):
        obj = c.FPDFFormObj_GetObject(form, k) if form is not None else c.FPDFPage_GetObject(parent, k)
        kind = c.FPDFPageObj_GetType(obj)
        m = c.FS_MATRIX()
        c.FPDFPageObj_GetMatrix(obj, m)
        own = _mul((m.a, m.b, m.c, m.d, m.e, m.f), matrix)
        if kind == c.FPDF_PAGEOBJ_FORM:
            area += _objects(parent, c, view, data, own, obj)
        elif kind == c.FPDF_PAGEOBJ_IMAGE:
            xs = [own[4], own[4] + own[0], own[4] + own[2], own[4] + own[0] + own[2]]
            ys = [own[5], own[5] + own[1], own[5] + own[3], own[5] + own[1] + own[3]]
            area += (max(xs) - min(xs)) * (max(ys) - min(ys))
        elif kind == c.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            c.FPDFPath_GetDrawMode(obj, fill, stroke)
            _path_segments(obj, c, own, view, bool(stroke.value), bool(fill.value), data)
    return area


def _mul(a, b):
    """The matrix ``a`` then ``b`` (PDF order: row vector times a times b)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


def _path_segments(obj, c, m, view: _View, stroked: bool, filled: bool, data: PageData) -> None:
    """The subpaths of a path: an axis-aligned rectangle is a rectangle
    (:func:`rect_segments`), a stroked straight line a ruling."""
    import ctypes

    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    curved = False
    for i in range(c.FPDFPath_CountSegments(obj)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = view.point(m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
        t = c.FPDFPathSegment_GetType(seg)
        if t == c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([(px, py)])
        else:
            curved |= t == c.FPDF_SEGMENT_BEZIERTO
            subpaths[-1].append((px, py))
    if curved or not (stroked or filled):
        return
    for pts in subpaths:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        axis = all(abs(a[0] - b[0]) < 0.5 or abs(a[1] - b[1]) < 0.5 for a, b in zip(pts, pts[1:]))
        if len(pts) >= 4 and axis:
            data.segs += rect_segments(min(xs), min(ys), max(xs), max(ys), stroked)
        elif stroked:
            for a, b in zip(pts, pts[1:]):
                data.segs += line_segment(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]))
        elif filled and len(pts) >= 3:
            data.segs += rect_segments(min(xs), min(ys), max(xs), max(ys), False)


def _pdf_string(value) -> str:
    if isinstance(value, bytes):
        for enc in ("utf-16", "utf-8", "gb18030", "latin-1"):
            try:
                return value.decode(enc).strip("\x00 ").strip()
            except UnicodeDecodeError:
                continue
    return str(value or "").strip()


def _info(info: dict) -> dict[str, str]:
    meta: dict[str, str] = {}
    for key, name in (("Title", "title"), ("Author", "author")):
        if info.get(key):
            meta[name] = _pdf_string(info[key])
    creator = _pdf_string(info.get("Creator"))
    ours = creator == "giar-gen"
    if ours:
        meta["generator"] = "giar-gen"
    m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", _pdf_string(info.get("CreationDate")))
    if m:
        # giar-gen stamps the publication date; other files carry the day they were made
        meta["date" if ours else "created"] = "-".join(m.groups())
    return {k: v for k, v in meta.items() if v}


# ---------------------------------------------------------------------------
# assembly


def build_document(path: Path, pages: list[PageData], meta: dict[str, str], fmt: str = "pdf") -> RawDocument:
    """A :class:`RawDocument` from the extracted pages (any extractor)."""
    if pages and _scanned(pages):
        raise ReaderError(
            f"「{path}」是扫描件（页面是图片，没有文字层），无法直接读取文字和表格："
            "请先用文字识别（OCR）软件把它转成带文字的 PDF、Word 或文本，再导入"
        )
    flows = []
    for page in pages:
        tables = find_tables(page)
        taken = assigned(tables)
        free = [c for c in page.chars if id(c) not in taken]
        flows.append(page_flow(page, tables, free))
    flows = drop_chrome(flows, [p.height for p in pages])
    flow: list[Item] = []
    for items in flows:
        flow.extend(items)
    flow = join_continued(flow)
    doc = RawDocument(path=path, format=fmt, meta=dict(meta))  # type: ignore[arg-type]
    source: list[str] = []
    for item in paragraphs(flow):
        if isinstance(item, Line):
            source.append(item.text)
            doc.blocks.append(
                TextBlock(
                    item.text,
                    pos=(len(source), None),
                    hint=item.hint,  # type: ignore[arg-type]
                    column=item.column,
                    page=item.page,
                    end_page=item.last_page,
                )
            )
            continue
        first = len(source) + 1
        rows: list[list[RawCell]] = []
        for row in item.rows:
            source.append(" | ".join(_text(r) for r in row))
            rows.append(
                [
                    RawCell(_text(r), rowspan=r.r1 - r.r0 + 1, colspan=r.c1 - r.c0 + 1, pos=(len(source), None))
                    for r in row
                ]
            )
        doc.blocks.append(
            TableBlock(rows=rows, pos=(first, None), spans=True, head=item.head, column=item.column, page=item.page)
        )
    doc.source = "\n".join(source)
    return doc


def _text(region) -> str:
    return clean_text(cell_text(region.chars))


def _scanned(pages: list[PageData]) -> bool:
    """Most pages are images with (almost) no text."""
    image_only = sum(1 for p in pages if p.images and len(p.chars) < 20)
    return image_only * 2 > len(pages) or (image_only and sum(len(p.chars) for p in pages) < 20)
