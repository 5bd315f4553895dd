"""reportkit's first-party extractors, registered through the ``reportkit.extractors`` entry points."""
