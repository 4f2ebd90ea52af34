"""The official table definitions: labels, structure and printed grids."""

from pathlib import Path

from giar_gen.model.tables import edition, edition_for_year


def test_edition_follows_report_year():
    assert edition_for_year(2018) is None
    assert edition_for_year(2019).id == "2019"
    assert edition_for_year(2020).id == "2019"
    assert edition_for_year(2021).id == "2021"
    assert edition_for_year(2030).id == "2021"


def test_table_three_has_25_rows_and_7_columns_2021():
    t = edition("2021").table("applications")
    assert len(t.rows) == 25
    assert [c.label for c in t.columns] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    labels = [r.label for r in t.rows]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[1] == "二、上年结转政府信息公开申请数量"
    assert labels[-2] == "（七）总计"
    assert labels[-1] == "四、结转下年度继续办理"
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels
    assert "3.危及“三安全一稳定”" in labels


def test_table_three_2019_has_single_other_row():
    t = edition("2019").table("applications")
    assert len(t.rows) == 23
    assert "（六）其他处理" in [r.label for r in t.rows]


def test_grid_merged_header_structure_table_three():
    g = edition("2021").table("applications").grid()
    corner = g.header[0][0]
    assert corner.text == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert (corner.rowspan, corner.colspan) == (3, 3)
    assert [(c.text, c.rowspan, c.colspan) for c in g.header[1]] == [
        ("自然人", 2, 1),
        ("法人或其他组织", 1, 5),
        ("总计", 2, 1),
    ]
    results = g.body[2][0]
    assert (results.text, results.rowspan) == ("三、本年度办理结果", 22)
    assert g.body[0][0].colspan == 3  # 一、本年新收… spans the three label columns
    assert g.width == 10
    # every body row covers the full grid width, counting the label cells spanning from above
    covered = [0] * len(g.body)
    for ri, row in enumerate(g.body):
        for c in row:
            for r in range(ri, ri + c.rowspan):
                covered[r] += c.colspan
    assert covered == [g.width] * len(g.body)


def test_grid_table_four_fifteen_columns():
    t = edition("2021").table("reviews")
    g = t.grid()
    assert len(t.columns) == 15 and g.width == 15
    assert [(c.text, c.colspan) for c in g.header[0]] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [c.text for c in g.header[2]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert t.column("review.total").sum_of == ("review.upheld", "review.corrected", "review.other", "review.pending")


def test_table_two_blocks_2021_and_2019():
    t21 = edition("2021").table("proactive")
    assert [b.title for b in t21.blocks] == [
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert [c.label for c in t21.blocks[3].columns] == ["本年收费金额（单位：万元）"]
    g = t21.grid()
    assert g.body[0][0].colspan == 4
    single = [row for row in g.body if row[0].text == "行政许可"][0]
    assert single[1].colspan == 3
    t19 = edition("2019").table("proactive")
    assert [b.title for b in t19.blocks][-1] == "第二十条第（九）项"
    assert "规范性文件" in [r.label for r in t19.rows]
    assert "行政规范性文件" not in [r.label for r in t19.rows]


def test_giar_gens_own_yaml_reads_the_same_with_libyaml():
    """resources.load_data uses libyaml where PyYAML has it: the same data as the
    Python parser gives, for every YAML file giar-gen ships."""
    import yaml

    from giar_gen.resources import load_data, templates

    files = [p for p in Path(str(templates())).rglob("*.yaml")]
    assert len(files) >= 4
    for path in files:
        assert load_data(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
