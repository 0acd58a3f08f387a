"""Names of the product categories the platform configures (the 三包 catalogue, the demo's
shop floor), shared by every page that shows one: `category_<name as configured>`. A page
prints a category through `_words.html`'s `said("category_", name)`, so a category the words
do not know yet is shown as configured instead of as a raw key."""

from __future__ import annotations

ZH: dict[str, str] = {
    "category_手机": "手机",
    "category_家电": "家电",
    "category_电脑办公": "电脑办公",
    "category_服装": "服装",
    "category_鞋靴": "鞋靴",
    "category_美妆": "美妆",
    "category_母婴": "母婴",
    "category_食品": "食品",
    "category_图书": "图书",
    "category_家居": "家居",
    "category_运动户外": "运动户外",
}

EN: dict[str, str] = {
    "category_手机": "Mobile phones",
    "category_家电": "Home appliances",
    "category_电脑办公": "Computers and office",
    "category_服装": "Clothing",
    "category_鞋靴": "Shoes and boots",
    "category_美妆": "Beauty",
    "category_母婴": "Mother and baby",
    "category_食品": "Food",
    "category_图书": "Books",
    "category_家居": "Home and living",
    "category_运动户外": "Sports and outdoors",
}
