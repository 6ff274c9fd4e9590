"""The read-only HTML report (`mtfix diff --html`; `fix --report` now writes the review page,
tested in tests/test_review_browser.py) in a real browser: headless Chromium through Selenium
and Debian's chromedriver (tests/browser_util.py: skipped with the reason when missing, a
failure under MTFIX_REQUIRE_BROWSER=1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_util import chromium_driver

from mtfix.engine import Linter
from mtfix.settings import Settings
from mtfix.reporting.html import report_from_texts

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    drv = chromium_driver(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield drv
    finally:
        drv.quit()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> tuple[Path, list]:
    text = (FIXTURES / "seed_article.txt").read_text(encoding="utf-8")
    # a line of untrusted markup, to see that it stays text in the browser
    text = text.replace("Para pemimpin", "Para <script>window.PWNED=1</script> pemimpin", 1)
    res = Linter(Settings(mode="article")).fix(text)
    assert len({a.code for a in res.applied}) >= 3
    html = report_from_texts(text, res.text, res.applied, title="seed_article.txt",
                             meta={"input": "seed_article.txt", "mode": "article"})
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path, res.applied


def _visible_segments(drv):
    from selenium.webdriver.common.by import By

    return [s for s in drv.find_elements(By.CSS_SELECTOR, "#segs > .seg") if s.is_displayed()]


def test_report_in_chromium(driver, seed_report, tmp_path):
    from selenium.webdriver.common.by import By

    path, applied = seed_report
    driver.get(path.as_uri())
    assert driver.title == "seed_article.txt"
    # the untrusted <script> in the text did not run, and shows as text
    assert driver.execute_script("return window.PWNED === undefined")
    assert "<script>window.PWNED=1</script>" in driver.find_element(By.ID, "changes").text

    # summary first: counts match the run
    headline = driver.find_element(By.CSS_SELECTOR, "#summary .headline").text
    assert f"{len(applied)} edits" in headline
    codes = sorted({a.code for a in applied})
    table_codes = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#rules tbody label.code")]
    assert sorted(table_codes) == codes

    # every edit is in the list, and every change carries its codes and messages on hover
    rows = driver.find_elements(By.CSS_SELECTOR, "#edits tbody tr")
    assert len(rows) == len(applied)
    page = driver.find_element(By.ID, "edits").text
    for a in applied:
        assert a.code in page
    marks = driver.find_elements(By.CSS_SELECTOR, "#segs del[title], #segs ins[title]")
    assert marks
    titles = " ".join(m.get_attribute("title") for m in marks)
    for a in applied:
        assert f"{a.code}: {a.message}" in titles

    segs = _visible_segments(driver)
    assert len(segs) == int(driver.find_element(By.ID, "n-changed").text)
    driver.save_screenshot(str(tmp_path / "report-all.png"))

    # filter to one rule: click "No rules", then tick HY001
    driver.find_element(By.ID, "rf-clear").click()
    assert _visible_segments(driver) == []
    driver.find_element(By.ID, "rf-HY001").click()
    vis = _visible_segments(driver)
    assert vis
    assert all("HY001" in s.get_attribute("data-codes").split() for s in vis)
    hidden = [s for s in driver.find_elements(By.CSS_SELECTOR, "#segs > .seg")
              if "HY001" not in s.get_attribute("data-codes").split()]
    assert hidden and not any(s.is_displayed() for s in hidden)
    shown_rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "#edits tbody tr")
                  if r.is_displayed()]
    assert shown_rows and all(r.get_attribute("data-code") == "HY001" for r in shown_rows)
    assert driver.find_element(By.ID, "shown").text.startswith(f"{len(vis)} segment")

    # the "only" button of another rule switches to that rule alone
    driver.find_element(By.CSS_SELECTOR, "button.only[data-code='BP001']").click()
    vis = _visible_segments(driver)
    assert len(vis) == 1 and vis[0].get_attribute("data-codes") == "BP001"

    # back to all rules, and show the unchanged segments too
    driver.find_element(By.ID, "rf-all").click()
    driver.find_element(By.ID, "show-same").click()
    total = len(driver.find_elements(By.CSS_SELECTOR, "#segs > .seg"))
    assert total > len(segs)
    # rows are in line order after the unchanged ones were built
    idx = [int(s.get_attribute("data-i")) for s in driver.find_elements(By.CSS_SELECTOR, "#segs > .seg")]
    assert idx == sorted(idx) and len(set(idx)) == len(idx)
    driver.find_element(By.ID, "show-same").click()
    assert len(_visible_segments(driver)) == len(segs)

    driver.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")
