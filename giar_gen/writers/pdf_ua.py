"""WeasyPrint's default stylesheet, without the rules a report never uses
(and one print-only rule that keeps WeasyPrint from leaking, :data:`LEAK_FREE_CSS`).

WeasyPrint's user-agent stylesheet (``html5_ua.css``) gives every element of
every document six pseudo-elements with declarations: ``::marker``,
``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker``
and ``::note-callback``. WeasyPrint computes a style for each of them on every
element, and cannot share them between elements as it shares the elements' own
styles: on the example report that is 3,000 of its 3,060 style computations,
about a fifth of the time WeasyPrint takes, for styles that are never used. A
report has no footnotes or notes (nothing in the print stylesheet floats an
element into one) and no list items.

:class:`PrintHTML` is WeasyPrint's ``HTML`` with that stylesheet changed in one
way: the footnote and note rules match no element, and ``::marker`` matches the
markers of the elements HTML makes list items (``li``, ``summary``) only. Every
other rule, its order and its specificity are WeasyPrint's own, taken from the
stylesheet WeasyPrint has already parsed (nothing is parsed again). The PDF is
byte for byte the one the stock stylesheet gives (tested). Should WeasyPrint's
stylesheet not be laid out as expected, the stock one is used: the change may
make a render faster, never different.
"""

from __future__ import annotations

import copy

#: Print-only rules that leave the page as it was and keep WeasyPrint from leaking.
#: For every text box with OpenType features (``font-variant-numeric:
#: tabular-nums`` on the tables' figures, from report.css) WeasyPrint 70 creates
#: a Pango attribute list that it never frees (its own comment says so), about
#: 250 bytes a cell: 0.08 MB for each report a batch worker renders, 80 MB over
#: 1,000 reports. The bundled fonts' figures are of one width already (the PDFs
#: of all examples are the same byte for byte with and without the feature), as
#: are those of the usual Chinese fonts; the figures of an installed font that
#: has proportional ones would be set proportionally (they are centred in their
#: cells). The screen HTML keeps the feature.
LEAK_FREE_CSS = "table.official td.num { font-variant-numeric: normal; }\n"

#: pseudo-elements that exist only for footnotes and notes (``float: footnote``)
NOTE_PSEUDO = frozenset({"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"})
#: the elements HTML displays as list items, the only ones with a ``::marker``
LIST_ITEMS = ("li", "summary")

_classes: dict[int, type] = {}  # id(weasyprint.HTML) -> the class to use


def trimmed_stylesheet(sheet):
    """A shallow copy of the WeasyPrint ``CSS`` object ``sheet`` whose selector
    matcher drops the universal note rules and keeps ``::marker`` for list items;
    ``sheet`` itself when its matcher does not hold the rules expected."""
    matcher = getattr(sheet, "matcher", None)
    try:
        universal = list(matcher.other_selectors)
        by_name = matcher.lower_local_name_selectors
    except AttributeError:
        return sheet
    kept, markers, dropped = [], [], 0
    for entry in universal:
        pseudo = entry[3] if isinstance(entry, tuple) and len(entry) == 5 else None
        if pseudo in NOTE_PSEUDO:
            dropped += 1
        elif pseudo == "marker":
            markers.append(entry)
        else:
            kept.append(entry)
    if dropped != len(NOTE_PSEUDO) or len(markers) != 1:
        return sheet  # not the stylesheet this was written for
    new = copy.copy(matcher)
    new.other_selectors = kept
    new.lower_local_name_selectors = {name: list(entries) for name, entries in by_name.items()}
    for name in LIST_ITEMS:
        new.lower_local_name_selectors.setdefault(name, []).extend(markers)
    out = copy.copy(sheet)
    out.matcher = new
    return out


def print_html_class(weasyprint):
    """``weasyprint.HTML`` with the trimmed user-agent stylesheet (made once)."""
    stock = weasyprint.HTML
    if id(stock) not in _classes:
        _classes[id(stock)] = _make_class(stock)
    return _classes[id(stock)]


def _make_class(stock):
    try:
        from weasyprint.html import UA_STYLESHEET
    except ImportError:
        return stock
    trimmed = trimmed_stylesheet(UA_STYLESHEET)
    if trimmed is UA_STYLESHEET:
        return stock

    class PrintHTML(stock):
        def _ua_stylesheets(self, *args, **kwargs):
            return [trimmed if s is UA_STYLESHEET else s for s in super()._ua_stylesheets(*args, **kwargs)]

    return PrintHTML


__all__ = ["LEAK_FREE_CSS", "LIST_ITEMS", "NOTE_PSEUDO", "print_html_class", "trimmed_stylesheet"]
