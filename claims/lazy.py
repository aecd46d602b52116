"""Public names loaded on first use (PEP 562): a package's `__init__` maps each public name to the
module that defines it, and `lazy_names` gives the package the two hooks that load them. So
`import claims` and the command line start without the table libraries, and no stage's face can
form an import cycle."""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from importlib import import_module


def lazy_names(
    package: str, public: Mapping[str, str], namespace: MutableMapping[str, object]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The `__getattr__` and `__dir__` of `package`, whose `namespace` (its `globals()`) receives
    each name of `public` (name -> defining module) the first time it is asked for."""

    def __getattr__(name: str) -> object:
        if name in public:
            value = getattr(import_module(public[name]), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(public))

    return __getattr__, __dir__
