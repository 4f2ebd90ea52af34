"""The example's figures straight from its YAML, with the totals added by the tests
themselves (not by giar-gen), row by row as the three tables print them."""

from __future__ import annotations


def yaml_rows(data: dict) -> dict[str, list[list]]:
    pro = data["主动公开情况"]
    proactive = [
        pro["规章"],
        pro["行政规范性文件"],
        [pro["行政许可"]],
        [pro["行政处罚"]],
        [pro["行政强制"]],
        [pro["行政事业性收费"]],
    ]
    apps = data["申请办理情况"]

    def leaves(node):
        if isinstance(node, list):
            yield node
        else:
            for v in node.values():
                yield from leaves(v)

    results = list(leaves(apps["本年度办理结果"]))
    total = [sum(col) for col in zip(*results)]
    applications = [
        row + [sum(row)] for row in [apps["本年新收"], apps["上年结转"], *results, total, apps["结转下年度继续办理"]]
    ]
    rev = data["复议诉讼情况"]
    reviews = [sum((g + [sum(g)] for g in (rev["行政复议"], rev["未经复议直接起诉"], rev["复议后起诉"])), [])]
    return {"proactive": proactive, "applications": applications, "reviews": reviews}
