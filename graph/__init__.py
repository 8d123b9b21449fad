"""The domain model, the GraphStore protocol and its backends, and the NetworkX projection."""

if not __name__.startswith("phakhee."):  # pragma: no cover - a wrong sys.path, not a code path
    raise ImportError(
        f"{__name__!r} is part of phakhee: import it as 'phakhee.{__name__}' "
        "(pip install -e . installs the phakhee namespace)"
    )
