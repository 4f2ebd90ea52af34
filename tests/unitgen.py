"""Generate valid unit data files (departments and townships of a fictitious
county) for the batch, aggregate and benchmark code.

Every figure is random but satisfies the relations of the 2021 tables: per
applicant column, 本年新收 + 上年结转 = the result rows + 结转下年度继续办理.
The rows are taken from the table definitions, so nothing here spells a label
that the definitions do not already hold.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import yaml

from giar_gen.model.tables import edition

DEPARTMENTS = (
    "发展和改革局",
    "教育局",
    "科学技术局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化广电旅游局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业局",
    "城市管理局",
    "行政审批局",
    "信访局",
    "档案馆",
    "乡村振兴局",
    "粮食和物资储备局",
)
TOWNS = (
    "城关镇",
    "东岭镇",
    "西河镇",
    "南山镇",
    "北坪镇",
    "青石镇",
    "白沙镇",
    "柳溪镇",
    "桃源乡",
    "石门乡",
    "高桥镇",
    "新华街道",
    "和平街道",
    "长安街道",
    "金山镇",
    "龙泉镇",
    "双河镇",
    "平安乡",
    "清水镇",
    "红旗街道",
)


def unit_names(n: int, county: str = "示例县") -> list[tuple[str, str, str]]:
    """``(file stem, agency name, kind)`` for ``n`` distinct units."""
    out = []
    pool = [(d, "部门") for d in DEPARTMENTS] + [(t, "人民政府") for t in TOWNS]
    for i in range(n):
        base, kind = pool[i % len(pool)]
        round_ = i // len(pool)
        label = base if round_ == 0 else f"第{round_ + 1}{base}"
        name = f"{county}{label}" + ("人民政府" if kind == "人民政府" and not label.endswith("街道") else "")
        if label.endswith("街道"):
            name = f"{county}{label}办事处"
        out.append((f"{i + 1:04d}-{label}", name, kind))
    return out


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0] + cuts, cuts + [total])]


def unit_data(name: str, kind: str, rng: random.Random, year: int = 2023) -> dict:
    ed = edition("2021")
    apps = ed.table("applications")
    cols = [c for c in apps.columns if not c.is_total]
    result_rows = [r for r in apps.rows if r.id.startswith("results.") and not r.is_total]
    new = [rng.randint(0, 40) if i == 0 else rng.randint(0, 6) for i in range(len(cols))]
    carried = [rng.randint(0, 3) for _ in cols]
    forward = [rng.randint(0, min(2, n + c)) for n, c in zip(new, carried)]
    per_row = {r.id: [0] * len(cols) for r in result_rows}
    for ci in range(len(cols)):
        done = new[ci] + carried[ci] - forward[ci]
        shares = _split(done, len(result_rows), rng)
        for r, v in zip(result_rows, shares):
            per_row[r.id][ci] = v

    def tree(nodes: list, prefix: str) -> dict:
        out = {}
        for n in nodes:
            rid = f"{prefix}{n['id']}"
            if "children" in n:
                out[n["key"]] = tree(n["children"], rid + ".")
            elif n.get("sum_of_siblings"):
                continue
            elif rid == "new_received":
                out[n["key"]] = new
            elif rid == "carried_over":
                out[n["key"]] = carried
            elif rid == "carried_forward":
                out[n["key"]] = forward
            else:
                out[n["key"]] = per_row[rid]
        return out

    proactive = ed.table("proactive")
    pro: dict = {}
    for b in proactive.blocks:
        for r in b.rows:
            vals = []
            for c in b.columns:
                if c.type == "amount":
                    vals.append(float(Decimal(rng.randint(0, 500)) / 100))
                elif r.id == "rules":
                    vals.append(0)  # no rule-making power in a county
                elif c.id == "issued":
                    vals.append(rng.randint(0, 5))
                elif c.id == "repealed":
                    vals.append(rng.randint(0, 2))
                elif c.id == "in_force":
                    vals.append(rng.randint(vals[0], vals[0] + 30))
                else:
                    vals.append(rng.randint(0, 300))
            pro[r.key] = vals[0] if len(vals) == 1 else vals
    reviews = ed.table("reviews")
    groups: dict[str, list] = {}
    for c in reviews.columns:
        if not c.is_total:
            groups.setdefault(c.path[-2], []).append(rng.choice((0, 0, 0, 1, 2)))
    text = f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，扎实推进政府信息公开工作。"
    return {
        "报告年度": year,
        "机关": {"名称": name, "类型": kind, "层级": "乡镇" if kind == "人民政府" else "县级"},
        "发布日期": f"{year + 1}-01-{rng.randint(10, 28):02d}",
        "引言": "自动",
        "正文": {
            "总体情况": text
            + "\n（一）主动公开\n按照规定及时主动公开政府信息。\n（二）依申请公开\n依法依规办理政府信息公开申请。"
            "\n（三）监督保障\n将政府信息公开工作纳入年度绩效考核，开展社会评议，全年未发生责任追究情形。",
            "存在的主要问题及改进情况": "政策解读形式较为单一。下一步将丰富解读形式，提升公开质量。",
            "其他需要报告的事项": "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
        },
        proactive.key: pro,
        apps.key: tree(apps._row_tree, ""),
        reviews.key: groups,
    }


def write_units(folder: Path, n: int, seed: int = 7, year: int = 2023) -> list[Path]:
    """Write ``n`` valid unit files into ``folder``; return their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for stem, name, kind in unit_names(n):
        data = unit_data(name, kind, rng, year)
        p = folder / f"{stem}.yaml"
        p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
        paths.append(p)
    return paths


def write_previous_year(path: Path, target: Path) -> Path:
    """Last year's data file of the unit in ``path``, consistent with this year's:
    its 结转下年度 is this year's 上年结转, its 现行有效件数 leads to this year's
    (上年 + 本年制发 − 本年废止), and its texts differ."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    ed = edition("2021")
    apps, pro = ed.table("applications"), ed.table("proactive")
    a = data[apps.key]
    row_key = {r.id: r.keys for r in apps.rows}

    def get(keys):
        node = a
        for k in keys:
            node = node[k]
        return node

    carried = get(row_key["carried_over"])
    results = [0] * len(carried)
    for r in apps.rows:
        if r.id.startswith("results.") and not r.is_total:
            results = [x + y for x, y in zip(results, get(r.keys))]
    a[row_key["carried_forward"][0]] = list(carried)
    a[row_key["new_received"][0]] = results  # last year: new = results + forward - carried, carried kept
    docs = data[pro.key][pro.row("normative_documents").key]
    issued, repealed, in_force = docs
    data[pro.key][pro.row("normative_documents").key] = [issued, repealed, in_force - issued + repealed]
    data["报告年度"] = data["报告年度"] - 1
    data["发布日期"] = f"{data['报告年度'] + 1}-01-15"
    data["正文"]["存在的主要问题及改进情况"] = "信息更新不够及时。下一步将建立栏目更新责任制。"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return target
