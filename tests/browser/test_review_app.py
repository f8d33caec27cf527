"""The review app in a real browser: filter, confirm, correct, reload, restart, keyboard, and hostile text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .conftest import review_server

SEED = "xiaohongshu-growth"


def open_flag(page, url: str, article: str, flag: str) -> None:
    page.goto(f"{url}/article/{article}?flag={flag}")
    page.wait_for_selector(f"#flag-{flag}.focused")


def test_filter_confirm_correct_and_find_both_after_reload_and_restart(page, run_copy: Path) -> None:
    with review_server(run_copy) as (url, _):
        page.goto(url + "/")
        total = page.locator("tr.row").count()
        assert total >= 4
        assert page.inner_text("#progress").startswith(f"0 of {total} reviewed")
        page.select_option("select[name=article]", SEED)
        page.wait_for_url("**article=" + SEED + "*")
        seed_rows = page.locator("tr.row")
        assert 3 <= seed_rows.count() < total
        assert all(article == SEED for article in seed_rows.evaluate_all("rows => rows.map(r => r.dataset.article)"))

        seed_rows.nth(0).locator("a").click()
        page.wait_for_selector(".flag-card.focused")
        first = page.get_attribute(".flag-card.focused", "data-flag")
        page.fill("#reviewer", "Dana")
        page.fill("#note", "real glue from the CMS")
        page.click("#confirm")
        page.wait_for_load_state()
        second = page.get_attribute(".flag-card.focused", "data-flag")
        assert second != first
        page.fill("#correction", "2023. The")
        page.click("#correct")
        page.wait_for_load_state()

        for flag, state in ((first, "confirmed"), (second, "corrected")):
            open_flag(page, url, SEED, flag)
            page.reload()
            assert page.inner_text(f"#flag-{flag} .state") == state
        assert page.input_value("#reviewer") == "Dana"
        page.goto(url + "/?state=reviewed")
        reviewed = page.locator("tr.row").evaluate_all("rows => rows.map(r => [r.dataset.article, r.dataset.flag])")
        assert sorted(reviewed) == sorted([[SEED, first], [SEED, second]])
        assert page.inner_text("#progress").startswith(f"2 of {total} reviewed")

    with review_server(run_copy) as (url, _):
        open_flag(page, url, SEED, second)
        assert page.inner_text(f"#flag-{second} .state") == "corrected"
        assert page.inner_text("#current-decision .correction") == "2023. The"
        open_flag(page, url, SEED, first)
        assert "real glue from the CMS" in page.inner_text("#current-decision")
    rows = sqlite3.connect(run_copy / "review.sqlite").execute(
        "SELECT flag_id, action, correction, reviewer FROM decisions ORDER BY decided_at, flag_id").fetchall()
    assert sorted(rows) == sorted([(first, "confirmed", None, "Dana"), (second, "corrected", "2023. The", "Dana")])


def test_keyboard_shortcuts_dismiss_move_and_undo(page, run_copy: Path) -> None:
    with review_server(run_copy) as (url, _):
        page.goto(f"{url}/article/{SEED}")
        first = page.get_attribute(".flag-card.focused", "data-flag")
        page.keyboard.press("j")
        page.wait_for_url("**flag=*")
        assert page.get_attribute(".flag-card.focused", "data-flag") != first
        page.keyboard.press("k")
        page.wait_for_selector(f"#flag-{first}.focused")
        page.keyboard.press("d")
        page.wait_for_selector(f"#flag-{first} .state-dismissed")
        open_flag(page, url, SEED, first)
        page.keyboard.press("u")
        page.wait_for_selector(f"#flag-{first} .state-open")
        # 'u' submits a form and the page reloads: the keys work once review.js has run on the new page (on a
        # loaded machine the card can show before that, and an 'e' pressed then is lost).
        page.wait_for_load_state("domcontentloaded")
        page.keyboard.press("e")
        assert page.evaluate("document.activeElement.id") == "correction"
        page.keyboard.type("x")
        assert page.input_value("#correction").endswith("x")


def test_hostile_article_text_shows_as_text_and_runs_nothing(page, run_copy: Path) -> None:
    with review_server(run_copy) as (url, _):
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "/")
        hostile = page.locator("tr.row[data-article=hostile]")
        assert hostile.count() >= 1
        hostile.first.locator("a").click()
        page.wait_for_selector("#article-text")
        text = page.inner_text("#article-text")
        assert "<script>window.__pwned = 1</script>" in text
        assert '<img src=x onerror="window.__pwned = 2">' in text and "<b>bold</b>" in text
        assert "<script>window.__pwned" in page.inner_text("#article-title")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#article-text img, #article-text script, #article-text b").count() == 0
        assert page.title().startswith("Hostile <script>")
        assert dialogs == []


def test_post_without_the_token_is_refused_from_the_browser(page, run_copy: Path) -> None:
    with review_server(run_copy) as (url, _):
        page.goto(f"{url}/article/{SEED}")
        flag = page.get_attribute(".flag-card.focused", "data-flag")
        # The page's own cookies, but no form token: what a forged cross-site form would send.
        status = page.request.post(f"{url}/decide", form={"article": SEED, "flag": flag, "action": "confirmed"}).status
        assert status == 403
        assert page.request.get(f"{url}/run/..%2Fmanifest.json").status == 404
        assert page.request.get(f"{url}/run/review.sqlite").status == 404
    assert sqlite3.connect(run_copy / "review.sqlite").execute("SELECT count(*) FROM decisions").fetchone() == (0,)
