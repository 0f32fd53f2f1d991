"""The command line, ``chiiki-mirai``."""
