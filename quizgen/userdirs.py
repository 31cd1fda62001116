"""The user's cache and data directories, as platformdirs names them, without its start-up cost.

Importing platformdirs takes several milliseconds (its Unix module pulls in tempfile, shutil,
random, bz2 and lzma), a large share of the quiz's start-up. On Linux its answer for a user
directory is simple: the XDG variable when it holds an absolute path, else a fixed place
under an absolute $HOME. That case is computed here; every other one (macOS, Windows,
Android, a missing or relative HOME) asks platformdirs itself, which stays the authority:
tests/test_userdirs.py checks that both give the same directory.
"""

from __future__ import annotations

import os
import sys

APP = "quizgen"
# kind -> (XDG variable, default under $HOME), as platformdirs.unix has them.
_XDG = {"cache": ("XDG_CACHE_HOME", "~/.cache"), "data": ("XDG_DATA_HOME", "~/.local/share")}


def user_cache_dir() -> str:
    return _linux("cache") or _platformdirs("cache")


def user_data_dir() -> str:
    return _linux("data") or _platformdirs("data")


def _linux(kind: str) -> str | None:
    """platformdirs' answer on plain Linux, or None where its rules are more involved."""
    android = hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ or "ANDROID_ROOT" in os.environ
    if sys.platform != "linux" or android:
        return None
    variable, default = _XDG[kind]
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        if not os.path.isabs(os.environ.get("HOME", "")):  # platformdirs then asks the password database
            return None
        base = os.path.expanduser(default)
    return os.path.join(base, APP)


def _platformdirs(kind: str) -> str:
    import platformdirs

    if kind == "cache":
        return platformdirs.user_cache_dir(APP, appauthor=False)
    return platformdirs.user_data_dir(APP, appauthor=False)
