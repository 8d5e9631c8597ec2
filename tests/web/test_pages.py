"""The pages in a real browser against the demo: map, time slider, incident explanation, dashboard, review."""

from __future__ import annotations

from typing import Any

from jointmap.api.testing import TEST_PASSWORD

from .conftest import shot


def _ready(page: Any, path: str) -> None:
    page.goto(path)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def test_map_shows_demo_incidents_and_the_slider_changes_them(page: Any) -> None:
    _ready(page, "/map")
    page.click("[data-window='all']")
    page.wait_for_function("document.getElementById('count').dataset.shown > 20", timeout=10_000)
    all_shown = int(page.get_attribute("#count", "data-shown"))
    assert all_shown >= 25  # the demo has 32 reviewed incidents, nearly all in Syria's view
    assert page.locator("path.incident-marker").count() == all_shown
    shot(page, "map-all")
    page.click("[data-window='week']")
    page.wait_for_function(f"document.getElementById('count').dataset.shown != '{all_shown}'", timeout=10_000)
    markers = (
        "Array.from(document.querySelectorAll('path.incident-marker'), p => p.getAttribute('class')).join()"
    )
    first = page.evaluate(markers)
    label = page.inner_text("#time-label")
    # Move the slider to mid-April 2016: other incidents, another label.
    page.eval_on_selector("#time-slider", "s => { s.value = 66; s.dispatchEvent(new Event('input')); }")
    page.wait_for_function(f"document.getElementById('time-label').textContent != {label!r}")
    page.wait_for_function(f"{markers} != {first!r}", timeout=10_000)
    assert page.inner_text("#time-label") != label
    assert page.evaluate(markers) != first
    shot(page, "map-week")


# Markers whose centre is covered by another marker (so a click there would open the wrong incident).
_AMBIGUOUS = """() => {
  const legend = document.querySelector('.legend').getBoundingClientRect();
  const inside = (x, y, r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  return Array.from(document.querySelectorAll('path.incident-marker')).filter((p) => {
    const b = p.getBoundingClientRect();
    const x = b.x + b.width / 2, y = b.y + b.height / 2;
    return !inside(x, y, legend) && document.elementFromPoint(x, y) !== p;
  }).map((p) => p.getAttribute('class'));
}"""


def test_overlapping_markers_are_spread_so_each_click_is_unambiguous(page: Any) -> None:
    _ready(page, "/map")
    page.click("[data-window='all']")
    page.wait_for_function("document.getElementById('count').dataset.shown > 20", timeout=10_000)
    assert page.locator("path.spread-leg").count() >= 2  # Aleppo's incidents overlap at country zoom
    assert page.evaluate(_AMBIGUOUS) == []
    page.locator("path.incident-marker.incident-inc-20160427-aleppo-hospital").click()
    page.wait_for_selector("#detail:not([hidden])")
    assert "Aleppo" in page.inner_text("#detail-body h1")
    # The legend moves clear of the open panel.
    legend = page.locator(".legend").bounding_box()
    panel = page.locator("#detail").bounding_box()
    assert legend is not None and panel is not None
    assert legend["x"] + legend["width"] <= panel["x"]
    shot(page, "map-spread")


def test_clicking_an_incident_opens_its_explanation(page: Any) -> None:
    _ready(page, "/map")
    page.click("[data-window='all']")
    page.wait_for_selector("path.incident-marker")
    marker = page.locator("path.incident-marker.incident-inc-20160427-aleppo-hospital")
    marker.click(force=True)
    page.wait_for_selector("#detail:not([hidden])")
    text = page.inner_text("#detail-explanation")
    assert "coh-2016" in text or "Cessation" in text
    assert page.locator("#detail .report").count() >= 1
    assert page.inner_text("#detail-verdict") in {"Violation", "Indeterminate", "No violation", "Not covered"}
    shot(page, "map-incident")


def test_layers_and_disagreement_are_drawn(page: Any) -> None:
    _ready(page, "/map")
    # Mid-April 2016, when the parties' claimed maps exist and differ.
    page.eval_on_selector("#time-slider", "s => { s.value = 66; s.dispatchEvent(new Event('input')); }")
    page.check("#show-diff")
    page.wait_for_function(
        "document.getElementById('diff-note').textContent.includes('disagree')", timeout=20_000
    )
    assert "km²" in page.inner_text("#diff-note")
    shot(page, "map-disagreement")


def test_dashboard_charts_render(page: Any) -> None:
    _ready(page, "/dashboard")
    canvases = page.locator("canvas[data-rendered='1']")
    assert canvases.count() == 6
    assert "violations" in page.inner_text("#cards").lower()
    with page.expect_download() as download:
        page.click("[data-csv='party']")
    assert download.value.suggested_filename == "party.csv"
    shot(page, "dashboard")


def test_reviewer_accepts_a_candidate(page: Any) -> None:
    _ready(page, "/login")
    page.fill("#username", "reviewer")
    page.fill("#password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/map")
    _ready(page, "/review")
    first = page.locator("li.candidate").first
    candidate = first.get_attribute("data-id")
    first.locator("[data-action='accept']").click()
    assert "reason" in first.locator(".outcome-msg").inner_text().lower()
    first.locator("textarea").fill("Matches the field report and the date of the strike.")
    first.locator("[data-action='accept']").click()
    page.wait_for_selector(f"li.candidate[data-id='{candidate}'][data-decided='accept']")
    assert "log entry" in first.locator(".outcome-msg").inner_text()
    shot(page, "review")
    incident = page.evaluate(f"fetch('/api/incidents/{candidate}').then(r => r.json())")
    assert incident["incident"]["status"] == "reviewed"
    assert "accepted by reviewer" in incident["incident"]["notes"]
