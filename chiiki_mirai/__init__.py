"""chiiki-mirai: 地域未来戦略の計画を扱う基盤."""
