"""Rule data shipped with the engine (scales), read with importlib.resources; a package so it is packaged."""
