"""Type A as 001 第3章第1節 A(4) writes it: the regional bureaus' block draft plans (計画の素案), the prefectures'
candidate project proposals, and the national formulation of the 戦略産業クラスター計画 from them."""
