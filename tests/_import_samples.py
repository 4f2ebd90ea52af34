"""Sample reports "from other people" for the import tests.

``FOREIGN_HTML`` is a page as a county website might publish it: GB 2312
encoded, the report inside a layout table, navigation and footer around it,
a breadcrumb, a metadata line, unclosed ``<p>`` tags, a hidden element, the
2021 tables with rowspan/colspan, and the defects real reports have: "/" and
"—" in cells, a blank total, a total that does not add up, the 2019 label
"规范性文件" in a 2021 table, the typo "其他法律行政止公开" and a label cut
short ("8.属于行…").

:func:`write_docx_like` writes any report as a Word file the way another
program would: python-docx's default template (no "Title" style), tables
merged with ``cell.merge`` (``w:gridSpan`` and ``w:vMerge``).
"""

from __future__ import annotations

from pathlib import Path

FOREIGN_HTML = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="SiteName" content="某某县人民政府">
<meta name="ArticleTitle" content="某某县交通运输局2022年政府信息公开工作年度报告">
<meta name="PubDate" content="2023-01-18 09:30">
<title>某某县交通运输局2022年政府信息公开工作年度报告_某某县人民政府</title>
<style>.x{color:red}</style><script>var a = "<p>not text</p>";</script>
</head><body>
<table width="100%"><tr><td><a href="/">首页</a> | <a href="/zwgk">政务公开</a></td></tr>
<tr><td>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="title">某某县交通运输局2022年政府信息公开工作年度报告</div>
<div class="info">发布时间：2023-01-18 09:30　来源：县交通运输局　浏览次数：<span>123</span></div>
<div class="content" id="zoom">
<p>&nbsp;&nbsp;本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。如对本报告有任何疑问，请与某某县交通运输局办公室联系（地址：某某县人民路1号；邮编：123456；电话：0123-1234567）。
<p><strong>一、总体情况</strong>
<p>2022年，我局认真贯彻落实《条例》。
<p>（一）主动公开
<p>全年主动公开政府信息356条。
<div style="display:none">隐藏的文字</div>
<p><b>二、主动公开政府信息情况</b></p>
<table border="1">
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>/</td><td>/</td><td>/</td></tr>
<tr><td>规范性文件</td><td>2</td><td>0</td><td>9</td></tr>
<tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">1,205</td></tr>
<tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan="3">88</td></tr>
<tr><td>行政强制</td><td colspan="3">—</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额<br>(单位:万元)</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">12.5</td></tr>
</table>
<p><b>三、收到和处理政府信息公开申请情况</b>
<table border="1"><tbody>
<tr><td colspan="3" rowspan="3">(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>10</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>12</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="22">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="8">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政止公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>3.危及"三安全一稳定"</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>4.保护第三方合法权益</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>5.属于三类内部事务信息</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>6.属于四类过程性信息</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>7.属于行政执法案卷</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>8.属于行…</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="3">（四）无法提供</td><td>1.本机关不掌握相关政府信息</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td>2.没有现成信息需要另行制作</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.补正后申请内容仍不明确</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="5">（五）不予处理</td><td>1.信访举报投诉类申请</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>2.重复申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.要求提供公开出版物</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>4.无正当理由大量反复申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>5.要求行政机关确认或重新出具已获取信息</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="3">（六）其他处理</td><td>1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.其他</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td colspan="2">（七）总计</td><td>11</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td></td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</tbody></table>
<p><b>四、政府信息公开行政复议、行政诉讼情况</b>
<table border="1">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p><b>五、存在的主要问题及改进情况</b>
<p>一是公开内容不够全面。二是解读形式单一。
<p><b>六、其他需要报告的事项</b>
<p>本年度未收取信息处理费。
<p style="text-align:right">某某县交通运输局
<p style="text-align:right">2023年1月18日
</div>
<div class="share">分享到：</div>
</td></tr></table>
<div class="footer">主办：某某县人民政府办公室　<a href="#">网站地图</a></div>
</body></html>
"""


def write_docx_like(raw, path: Path) -> None:
    """A DOCX with the text and tables of ``raw`` (a ``RawDocument``)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from giar_gen.readers import TableBlock

    d = Document()
    for b in raw.blocks:
        if isinstance(b, TableBlock):
            width = max(sum(c.colspan for c in row) for row in b.rows)
            height = len(b.rows)
            # grid placement, as a browser does it
            occupied: set[tuple[int, int]] = set()
            placed = []
            for ri, row in enumerate(b.rows):
                ci = 0
                for c in row:
                    while (ri, ci) in occupied:
                        ci += 1
                    placed.append((ri, ci, c))
                    for dr in range(c.rowspan):
                        for dc in range(c.colspan):
                            occupied.add((ri + dr, ci + dc))
                    ci += c.colspan
            width = max(width, max(ci for _, ci in occupied) + 1)
            t = d.add_table(rows=height, cols=width)
            grid = t._cells  # one snapshot: python-docx recomputes it on every t.cell()
            at = lambda r, c: grid[r * width + c]  # noqa: B023  (used within this iteration)
            for ri, ci, c in reversed(placed):  # bottom-right first keeps the snapshot valid
                cell = at(ri, ci)
                if c.rowspan > 1 or c.colspan > 1:
                    cell = cell.merge(at(min(height - 1, ri + c.rowspan - 1), min(width - 1, ci + c.colspan - 1)))
                cell.text = c.text
            continue
        para = d.add_paragraph(b.text)
        if b.hint == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in para.runs:
                run.bold = True
    d.save(str(path))
