"""The installed version of jobrisk (one home: the package metadata)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jobrisk")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"
