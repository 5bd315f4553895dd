"""Model files: arrays plus a JSON header in one ``.npz``, read without pickle and checked before loading.

Both of reportkit's models (the document-type classifier and the item model) are stored this way. A model
file is untrusted input (users pass ``--model FILE``): it is opened as a zip archive, the JSON header is
read first, and every array's shape and dtype are read from its ``.npy`` header and checked against what
the JSON header promises *before* any array data is read, so a damaged or hostile file is refused with a
one-line :class:`~reportkit.errors.IncompatibleModelError` instead of filling memory.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .errors import IncompatibleModelError

__all__ = ["load_model_file", "save_model_file"]

MAX_HEADER_BYTES = 64 * 1024 * 1024  # the JSON header (feature names) of a large model stays far below


def save_model_file(path: str | os.PathLike[str], header: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> None:
    """Write ``header`` (JSON) and ``arrays`` to ``path`` as one compressed ``.npz``."""
    payload: dict[str, Any] = {"header": np.array(json.dumps(header, ensure_ascii=False, sort_keys=True))}
    payload.update((name, np.ascontiguousarray(a)) for name, a in arrays.items())
    with open(path, "wb") as fh:  # np.savez would append .npz to a name without it
        np.savez_compressed(fh, **payload)


def _array_header(archive: zipfile.ZipFile, name: str) -> tuple[tuple[int, ...], np.dtype[Any]]:
    with archive.open(f"{name}.npy") as fh:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(fh)
        elif version == (2, 0):
            shape, _, dtype = np.lib.format.read_array_header_2_0(fh)
        else:
            raise ValueError(f"unsupported .npy version {version}")
    return tuple(shape), dtype


def _read_array(archive: zipfile.ZipFile, name: str) -> np.ndarray:
    with archive.open(f"{name}.npy") as fh:
        return np.lib.format.read_array(fh, allow_pickle=False)


def load_model_file(
    path: str | os.PathLike[str],
    shapes: Callable[[dict[str, Any]], Mapping[str, tuple[int, ...]]],
    kind: str = "reportkit model",
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Read a model file: its JSON header, then the arrays ``shapes(header)`` names, each checked first.

    :param shapes: from the JSON header, the exact shape every array must have (float64 arrays)
    :raises IncompatibleModelError: the file is missing, not a model, damaged, or its arrays do not fit
    """
    where = os.fspath(path)
    try:
        archive = zipfile.ZipFile(where)
    except FileNotFoundError as exc:
        raise IncompatibleModelError(f"{where}: no such model file") from exc
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IncompatibleModelError(f"{where}: not a {kind} (not an .npz archive: {exc})") from exc
    with archive:
        try:
            info = archive.getinfo("header.npy")
            if info.file_size > MAX_HEADER_BYTES:
                raise ValueError(f"header of {info.file_size:,} bytes")
            header = json.loads(str(_read_array(archive, "header")))
            if not isinstance(header, dict):
                raise ValueError("the header is not a JSON object")
            expected = dict(shapes(header))
        except IncompatibleModelError:
            raise
        except Exception as exc:  # KeyError, ValueError, zlib.error, JSONDecodeError … from a damaged file
            raise IncompatibleModelError(f"{where}: not a {kind} ({type(exc).__name__}: {exc})") from exc
        arrays: dict[str, np.ndarray] = {}
        for name, shape in expected.items():
            try:
                found_shape, dtype = _array_header(archive, name)
            except Exception as exc:
                raise IncompatibleModelError(f"{where}: damaged {kind} (array {name!r}: {exc})") from exc
            if found_shape != tuple(shape) or dtype != np.dtype(np.float64):
                raise IncompatibleModelError(
                    f"{where}: damaged {kind} (array {name!r} is {dtype}{list(found_shape)}, "
                    f"the header promises float64{list(shape)})"
                )
            try:
                arrays[name] = _read_array(archive, name)
            except Exception as exc:
                raise IncompatibleModelError(f"{where}: damaged {kind} (array {name!r}: {exc})") from exc
    return header, arrays
