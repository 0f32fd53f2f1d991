"""The national bodies that take part in the process (seed 002: 内閣官房 and 経済産業省 review and publish)."""

NATIONAL_BODIES: tuple[tuple[str, str], ...] = (
    ("N-CAS", "内閣官房 地域未来戦略本部事務局"),
    ("N-METI", "経済産業省"),
    ("N-MIC", "総務省"),
    ("N-MAFF", "農林水産省"),
    ("N-MLIT", "国土交通省"),
    ("N-MHLW", "厚生労働省"),
    ("N-MEXT", "文部科学省"),
    ("N-ENV", "環境省"),
    ("N-CAO", "内閣府"),
)
