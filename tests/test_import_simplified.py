"""Traditional → simplified on import (issue 13.12): OpenCC t2s leaves 著 where a
traditional text writes it for 着 (著力 → 着力); words where 著 means “write” or
“notable” keep it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from giar_gen.cli import main
from giar_gen.importer.normalise import ZHU_KEPT, to_simplified

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("著力提升政策解讀質量", "着力提升政策解读质量"),
        ("隨著改革深入，存在著不足，發揮著作用", "随着改革深入，存在着不足，发挥着作用"),
        ("著眼長遠，著重抓好，著手整改，沉著應對，穿著整齊", "着眼长远，着重抓好，着手整改，沉着应对，穿着整齐"),
        ("成效顯著，著名專家的論著、專著與譯著", "成效显著，著名专家的论著、专著与译著"),
        ("保護土著文化，著作權", "保护土著文化，著作权"),
        ("反復討論著方案，原著與編著", "反复讨论着方案，原著与编著"),
        ("乾淨的後台，發展與製造", "干净的后台，发展与制造"),
    ],
)
def test_known_traps(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_every_kept_word_survives():
    for word in ZHU_KEPT:
        assert word in to_simplified(f"其{word}之處"), word
    for word in ("顯著", "著名", "著作", "著稱", "名著", "巨著", "合著", "昭著"):  # tw2s's own phrases
        assert "著" in to_simplified(f"其{word}之處"), word


def test_seed_001_gets_zhuoli(tmp_path):
    out = tmp_path / "001.yaml"
    main(["import", str(next(SEEDS.glob("001_*.txt"))), "-o", str(out)])
    text = "\n".join(v for v in yaml.safe_load(out.read_text(encoding="utf-8"))["正文"].values() if v)
    assert "着力提升" in text and "著力" not in text
    assert "著" not in text.replace("显著", "")  # no other 著 left in this seed


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_simplified_seeds_are_left_alone(seed, tmp_path):
    """The simplified seeds are not converted: 显著 in seed 003 stays 显著."""
    src = next(SEEDS.glob(f"{seed}_*.txt"))
    out = tmp_path / f"{seed}.yaml"
    main(["import", str(src), "-o", str(out)])
    written = out.read_text(encoding="utf-8")
    assert "繁体字已转换" not in written
    original = src.read_text(encoding="utf-8")
    if "显著" in original:
        assert "显著" in written and "显着" not in written
