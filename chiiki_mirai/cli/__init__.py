"""The command line, ``chiiki-mirai``."""

import os

# The command uses no pydantic plugin; looking for them reads every installed package's entry points (15 ms of a
# 250 ms start). Set before any model is built; a user who sets the variable keeps their own choice.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
