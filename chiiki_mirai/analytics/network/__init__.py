"""Core-company analytics over the inter-firm transaction network (seed 002 1(1)⑨, seed 001 B 2.(1)).

コネクター度 = 企業の域外販売額 / 企業が所在する都道府県の域外販売額
ハブ度       = 企業の域内仕入額 / 企業が所在する都道府県の域内仕入額
(域内・域外 relative to the firm's prefecture). The 参考リスト lists, per prefecture, firms with at most
2,000 employees whose connector or hub degree is relatively high.
"""
