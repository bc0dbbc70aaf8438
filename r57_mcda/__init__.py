"""r57-mcda: multi-criteria decision support for selecting strategic technologies."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("r57-mcda")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
