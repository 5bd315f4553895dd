"""Finding and loading extractor plugins.

Every extractor — the four built-in ones included — is found through one entry-point group,
``reportkit.extractors``; an entry point names a class (``package.module:ClassName``). Finding plugins
(reading the entry points) is separate from loading them (importing and instantiating), and both are
deferred until a pipeline needs them, never done on ``import reportkit``. The list is sorted by name so
runs are deterministic.

Extra extractors can come from ``.py`` files in folders the user names (``--plugins-dir``), without
packaging: every :class:`~reportkit.extract.base.Extractor` subclass defined in such a file with a
``name`` is loaded. Folders are never searched implicitly.

For tests, :func:`register` and :func:`unregister` add or remove extractors in this process only, and
:func:`discover` can be given ``entry_points=...`` to ignore what is installed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import regex

from ..errors import PluginError, PluginLoadError
from .base import Extractor, Finding

__all__ = [
    "ENTRY_POINT_GROUP",
    "PluginSpec",
    "discover",
    "load_extractors",
    "load_plugins_dir",
    "register",
    "run_order",
    "shadowed",
    "unregister",
    "validate_extractor",
]

ENTRY_POINT_GROUP = "reportkit.extractors"
_BASE_FIELDS = ("id", "text", "span", "score", "explanation")  # every finding's, listed last
_NAME = regex.compile(r"^[a-z][a-z0-9_]*$")
_registered: dict[str, type[Extractor]] = {}


@dataclass(frozen=True)
class PluginSpec:
    """A plugin found but not yet loaded.

    :ivar name: the entry point's name (the extractor's ``name``)
    :ivar target: ``module:Class`` for entry points, a file path for plugin folders, ``registered``
    :ivar distribution: the installed distribution that declares it (None for folders/registered)
    :ivar dist_version: that distribution's version
    """

    name: str
    target: str
    distribution: str | None = None
    dist_version: str | None = None
    entry_point: EntryPoint | None = None
    cls: type[Extractor] | None = None


def register(cls: type[Extractor]) -> type[Extractor]:
    """Add an extractor class for this process (tests, notebooks). Usable as a decorator."""
    validate_extractor(cls, None)
    _registered[cls.name] = cls
    return cls


def unregister(name: str) -> None:
    """Remove an extractor added with :func:`register`."""
    _registered.pop(name, None)


def _specs_by_name(entry_points_: Iterable[EntryPoint] | None) -> dict[str, list[PluginSpec]]:
    """Every extractor entry point by name, those of one name in the order that decides which one is used:
    reportkit's own first (a built-in's name is reserved), then by distribution and target."""
    eps = entry_points(group=ENTRY_POINT_GROUP) if entry_points_ is None else entry_points_
    by_name: dict[str, list[PluginSpec]] = {}
    for ep in eps:
        dist = getattr(ep, "dist", None)
        by_name.setdefault(ep.name, []).append(
            PluginSpec(
                name=ep.name,
                target=ep.value,
                distribution=dist.metadata["Name"] if dist is not None else None,
                dist_version=dist.version if dist is not None else None,
                entry_point=ep,
            )
        )
    for found in by_name.values():
        found.sort(key=lambda s: (s.distribution != "reportkit", s.distribution or "", s.target))
    return by_name


def discover(entry_points_: Iterable[EntryPoint] | None = None) -> list[PluginSpec]:
    """All extractor plugins: installed entry points plus registered classes, sorted by name. Of two
    entry points of one name, the one :func:`shadowed` says is used."""
    specs = {name: found[0] for name, found in _specs_by_name(entry_points_).items()}
    for name, cls in _registered.items():
        specs[name] = PluginSpec(name=name, target="registered", cls=cls)
    return [specs[name] for name in sorted(specs)]


def _source(spec: PluginSpec) -> str:
    dist = f"{spec.distribution} {spec.dist_version}".strip() if spec.distribution else "an unknown distribution"
    return f"{dist} ({spec.target})"


def shadowed(entry_points_: Iterable[EntryPoint] | None = None) -> list[str]:
    """One line for each extractor name that two installed entry points declare, saying which one is used:
    reportkit's own (a built-in's name is reserved), else the first by distribution name. Sorted by name."""
    notes = []
    for name, found in sorted(_specs_by_name(entry_points_).items()):
        for other in found[1:]:
            notes.append(
                f"extractor name {name!r} is declared twice: {_source(found[0])} is used, "
                f"{_source(other)} is ignored; rename or uninstall one"
            )
    return notes


def validate_extractor(cls: object, distribution: str | None, name: str | None = None) -> type[Extractor]:
    """Check that ``cls`` is a usable extractor class; raise :class:`PluginLoadError` otherwise."""
    label = name or getattr(cls, "name", None) or getattr(cls, "__name__", repr(cls))

    def fail(cause: str) -> PluginLoadError:
        return PluginLoadError(str(label), distribution, cause)

    if not (isinstance(cls, type) and issubclass(cls, Extractor)):
        raise fail(f"{cls!r} is not a subclass of reportkit.extract.Extractor")
    if not isinstance(cls.name, str) or not _NAME.match(cls.name):
        raise fail(f"name must be a lowercase identifier, got {cls.name!r}")
    if name is not None and cls.name != name:
        raise fail(f"entry point name {name!r} differs from the class's name {cls.name!r}")
    if not isinstance(cls.version, str) or not cls.version:
        raise fail("version must be a non-empty string")
    if not (isinstance(cls.output_model, type) and issubclass(cls.output_model, Finding)):
        raise fail("output_model must be a subclass of reportkit.Finding")
    if cls.extract is Extractor.extract:
        raise fail("extract(document) is not implemented")
    requires = cls.requires
    if not isinstance(requires, (tuple, list)) or not all(isinstance(r, str) and _NAME.match(r) for r in requires):
        raise fail(f"requires must be a tuple of extractor names, got {requires!r}")
    if cls.name in requires:
        raise fail("an extractor cannot require itself")
    return cls


def _load_spec(spec: PluginSpec) -> Extractor:
    try:
        if spec.cls is not None:
            cls = spec.cls
        else:
            assert spec.entry_point is not None
            cls = spec.entry_point.load()
    except PluginLoadError:
        raise
    except Exception as exc:  # an import error of any kind in someone else's code
        raise PluginLoadError(spec.name, spec.distribution, f"{type(exc).__name__}: {exc}") from exc
    cls = validate_extractor(cls, spec.distribution, spec.name)
    try:
        return cls()
    except Exception as exc:
        raise PluginLoadError(spec.name, spec.distribution, f"cannot instantiate {cls.__name__}: {exc}") from exc


def load_plugins_dir(
    folder: str | Path, disable: Iterable[str] = (), errors: list[PluginLoadError] | None = None
) -> list[Extractor]:
    """Extractors defined in the ``.py`` files of ``folder`` (not its subfolders), sorted by name.

    :param disable: names to skip: a file whose name (without ``.py``) is among them is not imported —
        that is the name a file that fails to import is reported under — and a class with one of them
        as its ``name`` is not loaded
    :param errors: when given, a file or class that fails to load is added to it and skipped instead of
        raised
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise PluginLoadError(str(folder), None, "plugins directory not found")
    skip = set(disable)
    found: dict[str, Extractor] = {}
    for path in sorted(folder.glob("*.py")):
        if path.stem in skip:
            continue
        module_name = f"reportkit_plugins_dir.{path.stem}"
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(module_name, None)
            failure = PluginLoadError(path.stem, None, f"{path}: {type(exc).__name__}: {exc}".splitlines()[0])
            if errors is None:
                raise failure from exc
            errors.append(failure)
            continue
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Extractor)
                and obj.__module__ == module_name
                and getattr(obj, "name", None)
                and obj.name not in skip
            ):
                try:
                    cls = validate_extractor(obj, None)
                    found[cls.name] = cls()
                except PluginLoadError as exc:
                    if errors is None:
                        raise
                    errors.append(exc)
                except Exception as exc:
                    failure = PluginLoadError(str(obj.name), None, f"cannot instantiate {obj.__name__}: {exc}")
                    if errors is None:
                        raise failure from exc
                    errors.append(failure)
    return [found[name] for name in sorted(found)]


def load_extractors(
    only: Sequence[str] | None = None,
    disable: Sequence[str] = (),
    plugins_dirs: Sequence[str | Path] = (),
    entry_points_: Iterable[EntryPoint] | None = None,
    errors: list[PluginLoadError] | None = None,
    notes: list[str] | None = None,
) -> list[Extractor]:
    """Load the selected extractors, sorted by name.

    :param only: load just these names (and fail on unknown ones)
    :param disable: skip these names (a plugin that fails to import can be skipped this way, a
        ``--plugins-dir`` file by its name without ``.py``)
    :param plugins_dirs: folders of ``.py`` plugin files, loaded after the installed plugins (a name
        defined there replaces an installed one)
    :param errors: when given, a plugin that fails to load — unless ``only`` names it — is added to this
        list and left out instead of raised: the others still load; so are extractors whose requirements
        form a cycle
    :param notes: when given, gets a line for each name two plugins declare (:func:`shadowed`), and for each
        ``--plugins-dir`` extractor that replaces an installed one
    :raises PluginError: when a name in ``only`` or ``disable`` is not an extractor
    :raises PluginLoadError: when a selected plugin cannot be loaded
    """
    specs = {s.name: s for s in discover(entry_points_)}
    disabled = set(disable)
    loaded: dict[str, Extractor] = {}
    from_dirs: dict[str, Extractor] = {}
    files: set[str] = set()  # plugin files by name: --disable skips one that does not import
    for folder in plugins_dirs:
        files.update(p.stem for p in Path(folder).glob("*.py"))
        for ext in load_plugins_dir(folder, disabled, errors):
            from_dirs[ext.name] = ext
    available = sorted(set(specs) | set(from_dirs))
    if notes is not None:
        notes.extend(shadowed(entry_points_))
        for name in sorted(set(from_dirs) & set(specs)):
            ext = from_dirs[name]
            notes.append(
                f"extractor {name!r} of {sys.modules[type(ext).__module__].__file__} (--plugins-dir) replaces "
                f"{_source(specs[name])}"
            )
    for option, names in (("--only", list(only or [])), ("--disable", sorted(disabled))):
        for name in names:
            if name not in available and not (option == "--disable" and name in files):
                raise PluginError(
                    f"unknown extractor {name!r} in {option}: no such extractor; "
                    f"available: {', '.join(available) or '(none)'}"
                )
    for name in available:
        if name in disabled or (only is not None and name not in only):
            continue
        if name in from_dirs:
            loaded[name] = from_dirs[name]
            continue
        try:
            loaded[name] = _load_spec(specs[name])
        except PluginLoadError as exc:
            if errors is None or (only is not None and name in only):
                raise
            errors.append(exc)
    # what the selected extractors require comes too (`--only ledger` runs problems and measures first)
    # --disable NAME leaves out what requires NAME, and what requires that in turn (dropped), unless --only asked
    # for it
    dropped: set[str] = set()
    wanted = sorted(loaded)
    while wanted:
        name = wanted.pop(0)
        if name not in loaded:
            continue
        for req in loaded[name].requires:
            if req in loaded:
                continue
            if (req in disabled or req in dropped) and (only is None or name not in only):
                del loaded[name]
                dropped.add(name)
                break
            try:
                if req in disabled:
                    raise PluginLoadError(name, None, f"requires {req!r}, which is disabled")
                if req in dropped:
                    raise _left_out(name, req)
                if req not in available:
                    raise PluginLoadError(
                        name, None, f"requires {req!r}, which is not installed; available: {', '.join(available)}"
                    )
                loaded[req] = from_dirs[req] if req in from_dirs else _load_spec(specs[req])
                wanted.append(req)
            except PluginLoadError as exc:
                if errors is None:
                    raise
                errors.append(exc)
                del loaded[name]  # what it builds on cannot load: it cannot run either
                break
    # one looked at before what it requires was dropped goes too
    while left := sorted(n for n in loaded if any(r in dropped and r not in loaded for r in loaded[n].requires)):
        for name in left:
            req = next(r for r in loaded[name].requires if r in dropped and r not in loaded)
            if only is not None and name in only:
                raise _left_out(name, req)
            del loaded[name]
            dropped.add(name)
    while errors is not None:
        try:
            return run_order(list(loaded.values()))
        except PluginLoadError as exc:  # a cycle: its extractors are left out, and what requires them
            errors.append(exc)
            for name in sorted(set(getattr(exc, "cycle", ())) & set(loaded)):
                del loaded[name]
            while left := sorted(n for n in loaded if any(r not in loaded for r in loaded[n].requires)):
                for name in left:
                    req = next(r for r in loaded[name].requires if r not in loaded)
                    errors.append(PluginLoadError(name, None, f"requires {req!r}, which is left out"))
                    del loaded[name]
    return run_order(list(loaded.values()))


def _left_out(name: str, req: str) -> PluginLoadError:
    """The error of ``name`` asked for by --only when what it requires was dropped for requiring a disabled one."""
    return PluginLoadError(name, None, f"requires {req!r}, which is left out: it requires what is disabled")


def run_order(extractors: Sequence[Extractor]) -> list[Extractor]:
    """The extractors in an order that runs each one after those it ``requires`` (ties by name).

    :raises PluginLoadError: when a requirement is missing from ``extractors`` or requirements form a cycle
    """
    by_name = {ext.name: ext for ext in extractors}
    for ext in sorted(by_name.values(), key=lambda e: e.name):
        for req in ext.requires:
            if req not in by_name:
                raise PluginLoadError(ext.name, None, f"requires {req!r}, which is not loaded")
    done: list[Extractor] = []
    placed: set[str] = set()
    pending = sorted(by_name)
    while pending:
        ready = [n for n in pending if all(r in placed for r in by_name[n].requires)]
        if not ready:
            cycle = _cycle(by_name, pending)
            error = PluginLoadError(cycle[0], None, f"requirements form a cycle: {' -> '.join(cycle)}")
            error.cycle = tuple(cycle[:-1])  # type: ignore[attr-defined]  # the names in it, for load_extractors
            raise error
        for name in ready:
            done.append(by_name[name])
            placed.add(name)
        pending = [n for n in pending if n not in placed]
    return done


def _cycle(by_name: dict[str, Extractor], pending: list[str]) -> list[str]:
    """One cycle among ``pending`` extractors, as names with the first repeated at the end."""
    path = [pending[0]]
    while True:
        nxt = sorted(r for r in by_name[path[-1]].requires if r in pending)[0]
        if nxt in path:
            return [*path[path.index(nxt) :], nxt]
        path.append(nxt)


def describe(extractors: Sequence[Extractor]) -> list[dict[str, Any]]:
    """What ``reportkit plugins`` shows for each loaded extractor."""
    dists = {spec.name: spec for spec in discover()}
    rows = []
    for ext in extractors:
        spec = dists.get(ext.name)
        from_entry_point = (
            spec is not None and spec.entry_point is not None and type(ext).__module__ == spec.target.split(":")[0]
        )
        rows.append(
            {
                "name": ext.name,
                "version": ext.version,
                "distribution": spec.distribution if spec is not None and from_entry_point else None,
                "distribution_version": spec.dist_version if spec is not None and from_entry_point else None,
                "source": spec.target if spec is not None and from_entry_point else f"module {type(ext).__module__}",
                "applies_to": sorted(ext.applies_to) if ext.applies_to is not None else None,
                "requires": list(ext.requires),
                "fields": [f for f in ext.output_model.model_fields if f not in _BASE_FIELDS] + list(_BASE_FIELDS),
                "description": ext.description,
            }
        )
    return rows
