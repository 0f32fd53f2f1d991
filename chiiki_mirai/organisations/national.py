"""The national bodies as organisations (the list itself is reference data: ``reference.national``)."""

from chiiki_mirai.reference.national import NATIONAL_BODIES

__all__ = ["NATIONAL_BODIES"]
