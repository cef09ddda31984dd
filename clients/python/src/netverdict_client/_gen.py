"""Loads the generated protobuf and gRPC stubs.

``buf generate`` writes the stubs into the ``gen`` directory next to this
file, laid out as the ``.proto`` files are (``netverdict/v1/flow_pb2.py``),
and the stubs import each other by that absolute name
(``from netverdict.v1 import flow_pb2``). Rather than putting ``gen`` on
``sys.path`` (which would make everything in it importable and let an
unrelated ``netverdict`` directory on the path shadow it), a small
meta-path finder answers for the one top-level name ``netverdict`` only,
always with the ``gen/netverdict`` directory; its submodules are then found
through that package's ``__path__`` by Python's ordinary machinery.

Each stub module is loaded once, under its ``netverdict.v1.*`` name, so its
messages are registered once in protobuf's default descriptor pool.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
from types import ModuleType
from typing import Sequence

_TOP = "netverdict"
GEN_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen")


class _GenFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and loads the ``netverdict`` package of the generated stubs.

    The package is an empty module whose ``__path__`` is fixed to
    ``gen/netverdict`` (a namespace package's path would be recomputed from
    ``sys.path`` whenever that changes).
    """

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None = None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _TOP:
            return None
        spec = importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        spec.submodule_search_locations = [os.path.join(GEN_DIR, _TOP)]
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        module.__doc__ = "Generated netverdict stubs (loaded by netverdict_client)."


def _install() -> None:
    existing = sys.modules.get(_TOP)
    if existing is not None:
        paths = [os.path.abspath(p) for p in getattr(existing, "__path__", [])]
        if os.path.join(GEN_DIR, _TOP) not in paths:
            raise ImportError(
                f"netverdict_client: a module named {_TOP!r} is already imported "
                f"from {paths or getattr(existing, '__file__', '?')}; the generated "
                f"stubs need that name for {os.path.join(GEN_DIR, _TOP)}"
            )
        return
    if not any(isinstance(f, _GenFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _GenFinder())


_install()

# pylint: disable=wrong-import-position
from netverdict.v1 import config_pb2  # noqa: E402
from netverdict.v1 import decision_pb2  # noqa: E402
from netverdict.v1 import decision_service_pb2  # noqa: E402
from netverdict.v1 import decision_service_pb2_grpc  # noqa: E402
from netverdict.v1 import flow_pb2  # noqa: E402
from netverdict.v1 import snapshot_service_pb2  # noqa: E402
from netverdict.v1 import snapshot_service_pb2_grpc  # noqa: E402

__all__ = [
    "GEN_DIR",
    "config_pb2",
    "decision_pb2",
    "decision_service_pb2",
    "decision_service_pb2_grpc",
    "flow_pb2",
    "snapshot_service_pb2",
    "snapshot_service_pb2_grpc",
]
