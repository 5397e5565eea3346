"""axe-core (from frontend/node_modules) run inside the page: serious and critical violations."""

from __future__ import annotations

from functools import cache

from playwright.sync_api import Page

from support import ROOT

AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@cache
def _axe_source() -> str:
    return AXE.read_text()


def wait_until_settled(page: Page) -> None:
    """No animation or transition running, and a frame painted since: what axe reads is final."""
    page.wait_for_function("""() => document.getAnimations().every((a) => a.playState !== 'running')""", timeout=5000)
    page.evaluate("() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))")


def serious_violations(page: Page) -> list[dict]:
    wait_until_settled(page)
    if not page.evaluate("() => Boolean(window.axe)"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
        # not govern; a <script> tag (add_script_tag) would be an inline script it blocks.
        page.evaluate(_axe_source() + "\n;0")
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, { resultTypes: ['violations'] })
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
            }))
        }"""
    )
    return [v for v in violations if v["impact"] in SERIOUS]


def assert_accessible(page: Page, where: str) -> None:
    found = serious_violations(page)
    assert not found, f"axe found serious or critical problems on {where}: {found}"
