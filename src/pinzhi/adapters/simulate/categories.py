"""Product categories: price ranges, return rates, listing words and the checks each needs."""

from __future__ import annotations

from dataclasses import dataclass

from pinzhi.domain.catalog.models import KeyCategory


@dataclass(frozen=True)
class Category:
    name: str
    key: KeyCategory
    share: float
    """Share of platform orders."""
    median_yuan: float
    spread: float
    """Log-normal sigma of list prices within the category."""
    return_rate: float
    """After-sales cases per delivered order at a good merchant."""
    repairable: bool
    nouns: tuple[str, ...]
    specs: tuple[str, ...]
    certifications: tuple[str, ...]
    praise: tuple[str, ...]
    """Category-specific words buyers use in good reviews."""


CATEGORIES: tuple[Category, ...] = (
    Category(
        "手机", KeyCategory.NONE, 0.08, 2400, 0.6, 0.030, True,
        ("智能手机", "5G手机", "折叠屏手机", "老人机"),
        ("黑色 128GB", "白色 256GB", "蓝色 256GB", "钛金色 512GB", "绿色 128GB"),
        ("CCC强制性产品认证", "入网许可"),
        ("运行流畅", "拍照清晰", "续航给力", "屏幕细腻"),
    ),
    Category(
        "家电", KeyCategory.NONE, 0.08, 1200, 0.9, 0.030, True,
        ("变频空调", "滚筒洗衣机", "对开门冰箱", "空气炸锅", "扫地机器人", "电热水器"),
        ("标准版", "尊享版", "白色", "银色", "1.5匹", "10公斤"),
        ("CCC强制性产品认证", "中国节能产品认证"),
        ("安装师傅专业", "噪音小", "省电", "做工扎实"),
    ),
    Category(
        "电脑办公", KeyCategory.NONE, 0.05, 3800, 0.7, 0.030, True,
        ("轻薄笔记本", "游戏本", "平板电脑", "激光打印机", "机械键盘", "显示器"),
        ("i5 16G 512G", "i7 32G 1T", "银色", "深空灰", "27英寸", "标准套装"),
        ("CCC强制性产品认证", "中国环境标志认证"),
        ("性能强", "散热好", "屏幕清晰", "手感好"),
    ),
    Category(
        "服装", KeyCategory.NONE, 0.18, 129, 0.6, 0.120, False,
        ("纯棉T恤", "连衣裙", "牛仔裤", "羽绒服", "卫衣", "衬衫", "运动套装"),
        ("S", "M", "L", "XL", "XXL", "黑色 M", "白色 L"),
        ("纺织品质量认证",),
        ("面料舒服", "尺码标准", "版型好看", "不起球"),
    ),
    Category(
        "鞋靴", KeyCategory.NONE, 0.07, 259, 0.6, 0.100, False,
        ("运动鞋", "跑步鞋", "马丁靴", "帆布鞋", "凉鞋"),
        ("36", "37", "38", "39", "40", "41", "42", "43"),
        (),
        ("穿着舒适", "鞋底软", "尺码正", "不磨脚"),
    ),
    Category(
        "美妆", KeyCategory.BEAUTY, 0.10, 159, 0.7, 0.035, False,
        ("保湿面霜", "精华液", "口红", "防晒霜", "洗面奶", "面膜"),
        ("30ml", "50ml", "100ml", "5片装", "10片装", "#01 正红"),
        ("化妆品注册备案", "特殊化妆品注册证"),
        ("质地清爽", "不过敏", "保湿效果好", "味道淡雅"),
    ),
    Category(
        "母婴", KeyCategory.MOTHER_BABY, 0.09, 198, 0.7, 0.030, False,
        ("婴儿配方奶粉", "纸尿裤", "婴儿推车", "儿童安全座椅", "奶瓶", "婴儿湿巾"),
        ("1段 800g", "2段 800g", "3段 800g", "S码 84片", "M码 64片", "L码 54片"),
        ("婴幼儿配方乳粉产品配方注册", "CCC强制性产品认证", "有机产品认证"),
        ("宝宝很喜欢", "不红屁屁", "材质安全", "冲泡方便"),
    ),
    Category(
        "食品", KeyCategory.FOOD, 0.14, 59, 0.6, 0.015, False,
        ("坚果礼盒", "东北大米", "有机牛奶", "挂面", "橄榄油", "茶叶", "零食大礼包"),
        ("500g", "1kg", "5kg", "12盒装", "礼盒装", "家庭装"),
        ("有机产品认证", "绿色食品认证", "地理标志产品"),
        ("新鲜", "口感好", "日期新鲜", "包装严实"),
    ),
    Category(
        "图书", KeyCategory.NONE, 0.06, 45, 0.5, 0.010, False,
        ("儿童绘本", "长篇小说", "考研教材", "编程入门", "历史读物"),
        ("平装", "精装", "套装全3册", "套装全5册"),
        (),
        ("印刷清晰", "纸张好", "正版", "孩子爱看"),
    ),
    Category(
        "家居", KeyCategory.NONE, 0.10, 99, 0.8, 0.045, False,
        ("四件套", "记忆棉枕头", "收纳箱", "不粘锅", "保温杯", "乳胶床垫"),
        ("1.5m床", "1.8m床", "单只装", "两只装", "大号", "小号"),
        ("中国环境标志认证",),
        ("做工精细", "很实用", "质量好", "颜值高"),
    ),
    Category(
        "运动户外", KeyCategory.NONE, 0.05, 189, 0.8, 0.050, False,
        ("瑜伽垫", "登山包", "帐篷", "跳绳", "哑铃", "骑行头盔"),
        ("标准款", "加厚款", "双人", "四人", "5kg", "10kg"),
        (),
        ("结实耐用", "轻便", "性价比高", "做工好"),
    ),
)  # fmt: skip

CERTIFIERS = (
    "中国质量认证中心", "中环联合认证中心", "方圆标志认证集团", "中国检验认证集团",
    "华夏认证中心", "北京中绿华夏有机产品认证中心",
)  # fmt: skip

INSPECTORS = (
    "国家市场监督管理总局抽检", "省市场监督管理局抽检", "市场监管局专项抽检",
    "平台委托第三方检测", "华测检测（平台委托）", "谱尼测试（平台委托）",
)  # fmt: skip
