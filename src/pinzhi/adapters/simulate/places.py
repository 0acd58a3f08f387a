"""Chinese provinces, cities, districts and streets for addresses, regions and parcel hubs."""

from __future__ import annotations

import numpy as np

PROVINCES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("广东省", 12.0, ("广州市", "深圳市", "东莞市", "佛山市", "珠海市")),
    ("浙江省", 8.0, ("杭州市", "宁波市", "温州市", "金华市", "绍兴市")),
    ("江苏省", 8.5, ("南京市", "苏州市", "无锡市", "常州市", "南通市")),
    ("上海市", 5.0, ("上海市",)),
    ("北京市", 4.5, ("北京市",)),
    ("山东省", 7.0, ("济南市", "青岛市", "烟台市", "潍坊市")),
    ("四川省", 5.5, ("成都市", "绵阳市", "南充市")),
    ("河南省", 6.0, ("郑州市", "洛阳市", "新乡市")),
    ("湖北省", 4.5, ("武汉市", "宜昌市", "襄阳市")),
    ("湖南省", 4.0, ("长沙市", "株洲市", "衡阳市")),
    ("福建省", 4.0, ("福州市", "厦门市", "泉州市")),
    ("河北省", 4.0, ("石家庄市", "保定市", "唐山市")),
    ("安徽省", 3.5, ("合肥市", "芜湖市", "蚌埠市")),
    ("陕西省", 2.5, ("西安市", "咸阳市", "宝鸡市")),
    ("重庆市", 2.5, ("重庆市",)),
    ("天津市", 2.0, ("天津市",)),
    ("辽宁省", 2.5, ("沈阳市", "大连市")),
    ("云南省", 2.0, ("昆明市", "大理市")),
    ("广西壮族自治区", 2.0, ("南宁市", "桂林市")),
    ("江西省", 2.0, ("南昌市", "赣州市")),
    ("黑龙江省", 1.5, ("哈尔滨市", "大庆市")),
    ("吉林省", 1.2, ("长春市", "吉林市")),
    ("山西省", 1.5, ("太原市", "大同市")),
    ("贵州省", 1.3, ("贵阳市", "遵义市")),
    ("内蒙古自治区", 1.0, ("呼和浩特市", "包头市")),
    ("新疆维吾尔自治区", 0.8, ("乌鲁木齐市",)),
    ("甘肃省", 0.8, ("兰州市",)),
    ("海南省", 0.8, ("海口市", "三亚市")),
)
"""Province, share of online buyers (rough), main cities."""

DISTRICTS = (
    "城关区", "高新区", "经开区", "新城区", "老城区", "城东区", "城西区", "城南区", "城北区",
    "开发区", "中心区", "新区", "港区", "湖滨区", "河西区", "江北区",
)  # fmt: skip

STREETS = (
    "人民路", "解放路", "建设路", "中山路", "和平路", "文化路", "新华路", "胜利路", "长江路",
    "黄河路", "科技路", "学府路", "春晓路", "幸福路", "光明街", "振兴大道", "创业大道", "滨河路",
)  # fmt: skip

COMMUNITIES = (
    "阳光花园", "翠苑小区", "金色家园", "幸福里", "锦绣华庭", "万科城", "碧桂园", "绿地世纪城",
    "丽景湾", "书香门第", "御景苑", "和谐家园", "东方明珠苑", "春江花月", "香樟园", "滨江府",
)  # fmt: skip

CITIES: tuple[str, ...] = tuple(dict.fromkeys(c for _, _, cs in PROVINCES for c in cs))
CITY_PROVINCE: tuple[int, ...] = tuple(
    next(i for i, (_, _, cs) in enumerate(PROVINCES) if city in cs) for city in CITIES
)
PROVINCE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in PROVINCES)
PROVINCE_WEIGHTS: tuple[float, ...] = tuple(weight for _, weight, _ in PROVINCES)
PROVINCE_CITIES: tuple[tuple[int, ...], ...] = tuple(
    tuple(CITIES.index(c) for c in cs) for _, _, cs in PROVINCES
)


def draw_provinces(rng: np.random.Generator, size: int) -> np.ndarray:
    weights = np.array(PROVINCE_WEIGHTS)
    return rng.choice(len(PROVINCES), size=size, p=weights / weights.sum())


def draw_cities(rng: np.random.Generator, province: np.ndarray) -> np.ndarray:
    """A main city of each province (a province's cities are contiguous in CITIES)."""
    counts = np.array([len(c) for c in PROVINCE_CITIES])
    first = np.array([c[0] for c in PROVINCE_CITIES])
    city: np.ndarray = first[province] + (rng.random(province.size) * counts[province]).astype(
        np.int64
    )
    return city
