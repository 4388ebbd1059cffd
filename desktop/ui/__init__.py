"""The desktop window (PySide6). Importing this package loads Qt and takes out PySide's `__feature__` import layer.

PySide6 replaces `builtins.__import__` with a layer for its opt-in `from __feature__ import snake_case,
true_property`, which Poruch never uses (tests/gui/test_import_layer.py checks that no module of ours does).
That layer calls a Python function on every import statement the process runs afterwards: a function's own
`import` each time it is called, and imports made from C, such as `re.sub` with a template each time it
substitutes. Each then cost 4.4 µs instead of 2.3 (measured 05.12.2026), 6 % of the import wizard's dry run
of 100,000 rows (py-spy). It also reads the source of every module first imported after Qt, looking for
the word "PySide6": loading the main window's modules took 0.66-0.74 s with the layer, 0.55-0.57 s without.

Only that layer is removed, before any module of the window loads. The import it wraps (PySide's
`__orig_import__`, which loads Qt's types lazily) stays in place. A PySide6 that installs no such layer,
or names it differently, is left as it is.
"""

from __future__ import annotations

import builtins

import PySide6.QtCore  # noqa: F401  - installs the layer


def drop_feature_import_layer() -> bool:
    """Put back the import PySide's `__feature__` layer wraps; True if the layer was there and is gone."""
    layer = getattr(builtins, "__feature_import__", None)
    wrapped = getattr(builtins, "__orig_import__", None)
    if layer is None or wrapped is None or builtins.__import__ is not layer:
        return False
    builtins.__import__ = wrapped
    return True


drop_feature_import_layer()
