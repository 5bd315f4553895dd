"""``python -m reportkit``: the ``reportkit`` command, for when its script is not on PATH."""

from .cli import main

if __name__ == "__main__":  # pragma: no cover - run as a program
    main(prog_name="reportkit")
