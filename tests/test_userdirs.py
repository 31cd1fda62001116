"""quizgen.userdirs gives the directories platformdirs gives, in every case it computes itself."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from quizgen import userdirs
from quizgen.bank.cache import cache_dir
from quizgen.study.progress import default_data_dir

CASES = {
    "xdg-absolute": {"XDG_CACHE_HOME": "/tmp/x cache", "XDG_DATA_HOME": "/tmp/x-data/", "HOME": "/home/u"},
    "xdg-relative": {"XDG_CACHE_HOME": "rel/cache", "XDG_DATA_HOME": "./data", "HOME": "/home/u"},
    "xdg-empty": {"XDG_CACHE_HOME": "", "XDG_DATA_HOME": "", "HOME": "/home/u/"},
    "xdg-unset": {"HOME": "/home/ü ser"},
    "home-root": {"HOME": "/"},
    "home-relative": {"HOME": "relative/home"},
    "home-unset": {},
}


@pytest.mark.parametrize("env", CASES.values(), ids=CASES.keys())
def test_the_same_directories_as_platformdirs(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "XDG_CACHE_HOME",
        "XDG_DATA_HOME",
        "HOME",
        "ANDROID_DATA",
        "ANDROID_ROOT",
        "QUIZGEN_CACHE_DIR",
        "QUIZGEN_NO_CACHE",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert userdirs.user_cache_dir() == platformdirs.user_cache_dir("quizgen", appauthor=False)
    assert userdirs.user_data_dir() == platformdirs.user_data_dir("quizgen", appauthor=False)
    assert str(cache_dir()) == str(platformdirs.user_cache_path("quizgen", appauthor=False))
    assert default_data_dir() == platformdirs.user_data_path("quizgen", appauthor=False)


def test_only_plain_linux_with_an_absolute_home_skips_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/u")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.delenv("ANDROID_ROOT", raising=False)
    if sys.platform == "linux" and not hasattr(sys, "getandroidapilevel"):
        assert userdirs._linux("cache") == "/home/u/.cache/quizgen"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert userdirs._linux("cache") is None
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("ANDROID_DATA", "/data")
    assert userdirs._linux("cache") is None
    monkeypatch.delenv("ANDROID_DATA")
    monkeypatch.setenv("HOME", "relative")
    assert userdirs._linux("cache") is None
