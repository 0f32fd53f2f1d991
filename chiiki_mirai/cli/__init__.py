"""The command line, ``chiiki-mirai``."""

import os
import sys
import types

# The command uses no pydantic plugin. Looking for plugins reads every installed package's entry points, and
# pydantic's loader imports ``importlib.metadata`` even when ``PYDANTIC_DISABLE_PLUGINS`` says there are none: 15 ms
# of a 240 ms start (issue 23). Plugins stay off for the command, and the loader's one function gives that answer
# without the import. A user who sets the variable otherwise keeps pydantic's own loader.
if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") == "__all__":
    _no_plugins = types.ModuleType(
        "pydantic.plugin._loader", "No pydantic plugins in the CLI (chiiki_mirai.cli)."
    )
    _no_plugins.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules.setdefault("pydantic.plugin._loader", _no_plugins)
