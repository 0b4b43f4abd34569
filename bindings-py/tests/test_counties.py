"""Other counties' packs from Python (issue 15): the optional line fields as DataFrame
columns, lists of dicts and CSV, the same answer each way, and a pack built on a base."""

from __future__ import annotations

import pathlib

import pytest

import fundcheck

pd = pytest.importorskip("pandas")

ROOT = pathlib.Path(__file__).resolve().parents[2]
HENGXIAN = ROOT / "rules" / "hengxian-2016.toml"
TONGHE = ROOT / "rules" / "tonghe-2018.toml"


@pytest.fixture(scope="module")
def hengxian() -> fundcheck.Pack:
    return fundcheck.Pack.load(HENGXIAN)


def _rows() -> list[dict[str, object]]:
    # 80% × 12,345.67 = 9,876.536 → 9,876.54: 9,876.55 is 0.01 over; 52,000.00 without an
    # investment is above the 50,000.00 cap whatever it is.
    return [
        {"project": "S1", "category": "town_stations", "source": "central", "amount": "9876.55",
         "use": "设备购置", "upward": True, "unit": "石塘镇服务站", "investment": "12345.67"},
        {"project": "S2", "category": "乡镇服务站", "source": "中央", "amount": "52000.00",
         "use": "设备购置", "upward": True, "unit": "六景镇服务站", "investment": None},
    ]


def _errors(report: fundcheck.Report) -> list[tuple[str, str]]:
    return [(f.path, str(f.facts.get("excess"))) for f in report.findings if f.severity == "error"]


def test_optional_columns_from_a_frame_a_list_and_csv_give_one_answer(hengxian: fundcheck.Pack) -> None:
    from_list = fundcheck.check_allocations(_rows(), pack=hengxian)
    frame = pd.DataFrame(_rows())
    from_frame = fundcheck.check_allocations(frame, pack=hengxian)
    csv = "项目,类别,资金来源,金额,用途,是否上行,服务站点,投资额\n" + "\n".join(
        f'{r["project"]},{r["category"]},{r["source"]},{r["amount"]},{r["use"]},是,{r["unit"]},{r["investment"] or ""}'
        for r in _rows()
    )
    from_csv = fundcheck.check(csv.encode("utf-8"), pack=hengxian, format="csv")
    assert _errors(from_list) == [("/lines/0/amount", "0.01"), ("/lines/1/amount", "2000.00")]
    assert from_frame.to_json() == from_list.to_json() == from_csv.to_json()
    assert "unit" in fundcheck.OPTIONAL_COLUMNS and "investment" in fundcheck.OPTIONAL_COLUMNS
    assert "unit" not in fundcheck.ALLOCATION_COLUMNS


def test_a_float_investment_not_exact_to_the_fen_is_an_input_error(hengxian: fundcheck.Pack) -> None:
    frame = pd.DataFrame(_rows()[:1])
    frame["investment"] = [12345.67 * 3 / 3 + 0.001]
    with pytest.raises(fundcheck.InputError) as caught:
        fundcheck.check_allocations(frame, pack=hengxian)
    assert caught.value.errors[0]["path"] == "/lines/0/investment"


def test_a_year_column_of_integers_reads_as_programme_years() -> None:
    huoqiu = fundcheck.Pack.load(ROOT / "rules" / "huoqiu-2020.toml")
    frame = pd.DataFrame(
        {"project": ["A", "B"], "category": ["demonstration"] * 2, "source": ["central"] * 2,
         "amount": ["8000000.01", "1.00"], "use": ["设备购置"] * 2, "upward": [True, False], "year": [2016, 2019]}
    )
    report = fundcheck.check_allocations(frame, pack=huoqiu)
    over = [f for f in report.findings if f.rule == "budget.year_total" and f.severity == "error"]
    assert [f.facts["year"] for f in over] == [2016]
    assert str(over[0].facts["headroom"]) == "-0.01"


def test_a_pack_on_a_base_lists_its_base_and_inherited_rules() -> None:
    tonghe = fundcheck.Pack.load(TONGHE)
    info = tonghe.info
    assert info["bases"] == ["national-2018@2018"]
    assert info["effective"] == {"from": "2018-07-24"}
    assert info["sources"][0]["fund"] is None
    cap = next(r for r in tonghe.rules if r.id == "budget.public_center_cap")
    assert cap.clause == "财办建〔2018〕102号 资金使用"
    assert cap.base == "national-2018@2018"
    # The resolved pack: the inherited kind and share, 通河's base of the ratio.
    rule = next(r for r in tonghe.resolved["rules"] if r["id"] == "budget.public_center_cap")
    assert (rule["kind"], rule["params"]["share"], rule["params"]["ratio_base"]) == ("share_cap", "0.15", "allocated")
