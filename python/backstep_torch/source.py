"""Where a module class's `forward` is defined, for the replay's Call Stack to open the Python source.

Read from the function's code object (`co_filename`, `co_firstlineno`: the `def` line, or its first
decorator's), once per class: no file is read. None when forward has no Python source file (a C
function, code made by exec or in the REPL).
"""
import inspect
import os

_FOUND = {}


def forward_source(module_type):
    if module_type not in _FOUND:
        _FOUND[module_type] = _find(module_type)
    return _FOUND[module_type]


def _find(module_type):
    try:
        code = inspect.unwrap(module_type.forward).__code__
    except (AttributeError, TypeError, ValueError):
        return None
    path = os.path.abspath(code.co_filename)
    return {'file': path, 'line': code.co_firstlineno} if os.path.isfile(path) else None
