"""Debian's headless Chromium through Selenium, for the browser tests (the read-only report,
the review page). Nothing is downloaded: the driver is given by path, so Selenium Manager never
runs. Skips with the reason when selenium, chromium or chromedriver is missing; with
MTFIX_REQUIRE_BROWSER=1 (set by .ci/run) that is a failure, so CI cannot silently stop running
them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver",)


def _first(paths, env: str, name: str) -> str | None:
    p = os.environ.get(env)
    if p and os.path.exists(p):
        return p
    for c in paths:
        if os.path.exists(c):
            return c
    return shutil.which(name)


def _missing(reason: str):
    if os.environ.get("MTFIX_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MTFIX_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def chromium_driver(profile: Path, downloads: Path | None = None, page_load_timeout: int = 30):
    """A started headless Chromium WebDriver (the caller quits it); with ``downloads``, files
    the page saves land there without a prompt."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium not installed: pip install 'selenium>=4.11'")
    chromium = _first(CHROMIUM_CANDIDATES, "MTFIX_CHROMIUM", "chromium")
    chromedriver = _first(DRIVER_CANDIDATES, "MTFIX_CHROMEDRIVER", "chromedriver")
    if not chromium:
        _missing("Chromium not found: apt-get install chromium chromium-driver")
    if not chromedriver:
        _missing("chromedriver not found: apt-get install chromium-driver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                 f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    if downloads is not None:
        opts.add_experimental_option("prefs", {
            "download.default_directory": str(downloads), "download.prompt_for_download": False,
            "safebrowsing.enabled": False})
    drv = webdriver.Chrome(service=Service(executable_path=chromedriver), options=opts)
    drv.set_page_load_timeout(page_load_timeout)
    if downloads is not None:
        drv.execute_cdp_cmd("Browser.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(downloads)})
    return drv
