"""Absolute and misleading wording in listings and ads (S2 7.7), read via the normal form."""

from __future__ import annotations

import pytest

from pinzhi.adapters.language.listing_text import check_listing_text
from pinzhi.domain.listings.models import FindingKind

CAUGHT = [
    # (text, the original characters reported, kind)
    ("全网最低价电饭煲", "全网最低价", FindingKind.ABSOLUTE_CLAIM),
    ("本店最 佳选择", "最 佳", FindingKind.ABSOLUTE_CLAIM),
    ("最-优品质", "最-优", FindingKind.ABSOLUTE_CLAIM),
    ("最\u200b佳口感", "最\u200b佳", FindingKind.ABSOLUTE_CLAIM),  # zero-width space
    ("史上最、强", "史上最、强", FindingKind.ABSOLUTE_CLAIM),
    ("销量第一的电饭煲", "销量第一", FindingKind.ABSOLUTE_CLAIM),
    ("行业第 一品牌", "行业第 一", FindingKind.ABSOLUTE_CLAIM),
    ("品质NO.1", "NO.1", FindingKind.ABSOLUTE_CLAIM),
    ("品质ＮＯ．１", "ＮＯ．１", FindingKind.ABSOLUTE_CLAIM),
    ("顶级工艺", "顶级", FindingKind.ABSOLUTE_CLAIM),
    ("頂級工藝", "頂級", FindingKind.ABSOLUTE_CLAIM),
    ("顶·级面料", "顶·级", FindingKind.ABSOLUTE_CLAIM),
    ("唯一指定", "唯一", FindingKind.ABSOLUTE_CLAIM),
    ("送礼首选", "首选", FindingKind.ABSOLUTE_CLAIM),
    ("国家级认证", "国家级", FindingKind.OFFICIAL_ENDORSEMENT),
    ("国 家 级", "国 家 级", FindingKind.OFFICIAL_ENDORSEMENT),
    ("國家級品質", "國家級", FindingKind.OFFICIAL_ENDORSEMENT),
    ("100%有效", "100%", FindingKind.GUARANTEE_CLAIM),
    ("１００％有效", "１００％", FindingKind.GUARANTEE_CLAIM),
    ("100 % 安全", "100 %", FindingKind.GUARANTEE_CLAIM),
    ("百分百满意", "百分百", FindingKind.GUARANTEE_CLAIM),
    ("绝对正品", "绝对", FindingKind.GUARANTEE_CLAIM),
    ("绝 对好用", "绝 对", FindingKind.GUARANTEE_CLAIM),
    ("永久保修", "永久", FindingKind.GUARANTEE_CLAIM),
    ("永不褪色", "永不褪色", FindingKind.GUARANTEE_CLAIM),
    ("三天治愈失眠", "治愈", FindingKind.MEDICAL_CLAIM),
    ("根 治脚气", "根 治", FindingKind.MEDICAL_CLAIM),
    ("纯天然无副作用", "无副作用", FindingKind.MEDICAL_CLAIM),
]

ORDINARY = [
    "最近上新的电饭煲",
    "最后三天包邮",
    "第一次使用请先清洗内胆",
    "下单后第一时间发货",
    "第一步：加水至刻度线",
    "开盖后最好冷藏保存",
    "最低温度零下二十度",
    "100%纯棉T恤",
    "面料：１００％桑蚕丝",
    "永久牌自行车",
    "误差的绝对值小于0.1",
    "智能电饭煲 4L 家用",
    "适合三到五人使用",
]


class TestClaimsChecker:
    @pytest.mark.parametrize(("text", "term", "kind"), CAUGHT)
    def test_catches_absolute_and_misleading_wording(
        self, text: str, term: str, kind: FindingKind
    ) -> None:
        found = check_listing_text(text)

        assert [(f.term, f.kind) for f in found] == [(term, kind)]
        assert text[found[0].start : found[0].end] == term
        assert found[0].reason

    @pytest.mark.parametrize("text", ORDINARY)
    def test_leaves_ordinary_wording_alone(self, text: str) -> None:
        assert check_listing_text(text) == []

    def test_reports_every_finding_in_order_of_position(self) -> None:
        found = check_listing_text("国家级工艺，销量第一，100%有效")

        assert [f.term for f in found] == ["国家级", "销量第一", "100%"]
        assert [f.start for f in found] == [0, 6, 11]

    def test_reason_names_the_law_behind_it(self) -> None:
        (finding,) = check_listing_text("最佳")

        assert "广告法" in finding.reason
