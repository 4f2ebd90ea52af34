"""How part texts become headings, run-in headings and paragraphs."""

from giar_gen.document.narrative import parse_text
from giar_gen.document.tree import Heading, Paragraph


def test_lines_headings_and_run_in_headings():
    blocks = parse_text(
        "2023年，我局认真贯彻落实《条例》。\n"
        "\n"
        "（一）主动公开\n"
        "（二）加强组织机构建设。局领导高度重视政府信息公开工作。\n"
        "1.互联网门户网站。发挥网站主渠道作用。\n"
        "（1）栏目建设\n"
        "（三）通过政府网站、政府公报、新闻发布会、微博微信及新闻媒体等途径主动公开政府信息的情况\n"
        "（一）抓好信息公开培训，增强局属各单位及其工作人员的政府信息公开意识，使各单位普遍熟悉并基本掌握要求。\n"
        "一是加强培训；二是完善制度。\n"
    )
    assert isinstance(blocks[0], Paragraph) and blocks[0].runs[0].role == "body"
    assert blocks[1] == Heading(level=2, text="主动公开", number="（一）")
    assert [(r.role, r.text) for r in blocks[2].runs] == [
        ("heading2", "（二）加强组织机构建设。"),
        ("body", "局领导高度重视政府信息公开工作。"),
    ]
    assert blocks[3].runs[0] == blocks[3].runs[0].__class__("1.互联网门户网站。", "heading3")
    assert blocks[4] == Heading(level=4, text="栏目建设", number="（1）")
    assert isinstance(blocks[5], Heading) and blocks[5].level == 2  # 44 characters, no sentence end
    assert isinstance(blocks[6], Paragraph) and blocks[6].runs[0].role == "body"  # a long numbered sentence
    assert isinstance(blocks[7], Paragraph)
    assert len(blocks) == 8


def test_years_and_decimals_are_not_headings():
    blocks = parse_text("2013年通过局门户网站共计发布各类信息1276条。\n3.5万元用于平台建设。")
    assert all(isinstance(b, Paragraph) and b.runs[0].role == "body" for b in blocks)
