"""The real Rocket.Chat Livechat widget (npm @rocket.chat/livechat 1.13.3) in headless Chromium,
against Omnidesk's intake, while an agent answers through the backend."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiohttp import web
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from app.backends.embedded import EmbeddedEngine
from app.clock import SystemClock
from app.config.records import Kind, Op
from app.demo import SampleSize, build_sample_organisation
from app.domain import ChatStatus
from app.errors import NotFound
from app.intake import IntakeServer, IntakeSettings
from app.intake.widget import widget_dir
from app.store import Database, configuration, organisation
from tests.e2e.browser import chromium
from tests.fakes.files import png

T = TypeVar("T")
pytestmark = pytest.mark.timeout(180)


class Site:
    def __init__(self, engine: EmbeddedEngine, intake: IntakeServer, url: str) -> None:
        self.engine, self.intake, self.url = engine, intake, url


@pytest.fixture
async def site(tmp_path: Path) -> AsyncIterator[Site]:
    assert widget_dir() is not None, "the widget is installed by ./dev (npm @rocket.chat/livechat)"
    database = Database.open(tmp_path / "omnidesk.sqlite3")
    database.write_now(
        lambda c: build_sample_organisation(c, size=SampleSize(20, 200), seed=3, now=SystemClock().now())
    )
    engine = EmbeddedEngine(database, SystemClock())
    intake = IntakeServer(engine, IntakeSettings(port=0, widget_dir=widget_dir()))
    await intake.start()
    # The shop's own site, on another origin, with the snippet pasted in.
    shop = web.Application()
    page = f"<html><body><h1>Shop</h1>{intake.snippet()}</body></html>"
    # A signed-in customer's page: the site tells the chat who they are (the widget's host API).
    account = (f"<html><body><h1>Your account</h1>{intake.snippet()}<script>"
               "RocketChat(function () { this.setCustomField('customer_id', 'C-77'); });"
               "</script></body></html>")

    async def home(_request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    async def account_page(_request: web.Request) -> web.Response:
        return web.Response(text=account, content_type="text/html")

    shop.router.add_get("/", home)
    shop.router.add_get("/account", account_page)
    runner = web.AppRunner(shop)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = next(a[1] for a in runner.addresses if isinstance(a, tuple))
    yield Site(engine, intake, f"http://127.0.0.1:{port}/")
    await runner.cleanup()
    await intake.stop()
    await engine.aclose()
    database.close()


async def off_loop(work: Callable[[], T]) -> T:
    """Selenium blocks: run it beside the loop that serves the widget."""
    return await asyncio.to_thread(work)


def wait(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = 30) -> Any:
    # The widget re-renders while we look: an element found a moment ago may be gone.
    return WebDriverWait(
        driver,
        seconds,
        poll_frequency=0.2,
        ignored_exceptions=(StaleElementReferenceException, NoSuchElementException),
    ).until(condition)


def bubbles(driver: WebDriver) -> list[str]:
    for _ in range(20):
        try:
            return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "[class*=message-text]")]
        except StaleElementReferenceException:
            continue
    raise AssertionError("the messages kept changing")


def open_widget(driver: WebDriver, url: str) -> None:
    driver.get(url)
    frame = wait(driver, lambda d: d.find_elements(By.TAG_NAME, "iframe"))[0]
    driver.switch_to.frame(frame)
    wait(driver, lambda d: act(d.find_element(By.CSS_SELECTOR, "[class*=chat-button]").click))


def reopen_widget(driver: WebDriver, url: str) -> None:
    """The page again, as after a reload: the widget restores its chat from localStorage."""
    driver.get(url)
    frame = wait(driver, lambda d: d.find_elements(By.TAG_NAME, "iframe"))[0]
    driver.switch_to.frame(frame)

    wait(driver, lambda d: act(d.find_element(By.CSS_SELECTOR, "[class*=chat-button]").click))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[class*=composer__input]").is_displayed())


def scroll_to_the_top(driver: WebDriver) -> None:
    """Scroll the conversation to its top, where the widget asks for older messages."""
    driver.execute_script("document.querySelector('[class*=message-list]').scrollTop = 0;")


def act(action: Callable[[], object]) -> bool:
    """Do it; a stale element raises, and `wait` tries again."""
    action()
    return True


def register(driver: WebDriver, name: str, email: str) -> None:
    wait(driver, lambda d: d.find_element(By.NAME, "name").is_displayed())
    wait(driver, lambda d: act(lambda: d.find_element(By.NAME, "name").send_keys(name)))
    wait(driver, lambda d: act(lambda: d.find_element(By.NAME, "email").send_keys(email)))
    # Typing on the list chooses the way a person does (the widget listens to key events).
    wait(driver, lambda d: act(lambda: d.find_element(By.NAME, "department").send_keys("Support")))
    wait(driver, lambda d: act(d.find_element(By.CSS_SELECTOR, "button[type=submit]").click))
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[class*=composer__input]").is_displayed())


def type_into(driver: WebDriver, field: str, text: str) -> None:
    wait(driver, lambda d: act(lambda: d.find_element(By.NAME, field).send_keys(text)))


def say(driver: WebDriver, text: str) -> None:
    def typing(d: WebDriver) -> bool:
        box = d.find_element(By.CSS_SELECTOR, "[class*=composer__input]")
        box.click()
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        return True

    wait(driver, typing)


async def test_a_visitor_chats_with_an_agent_through_the_real_widget(site: Site) -> None:
    driver = await off_loop(chromium)
    try:
        await off_loop(lambda: open_widget(driver, site.url))
        await off_loop(lambda: register(driver, "Greta Widget", "greta@example.com"))
        await off_loop(lambda: say(driver, "Hello <b>desk</b>, my parcel?"))
        await off_loop(lambda: wait(driver, lambda d: "Hello <b>desk</b>, my parcel?" in bubbles(d)))

        ana = await site.engine.sign_in("ana")
        inquiry = next(i for i in await ana.queue() if i.visitor_name == "Greta Widget")
        assert inquiry.department_id == "dep-support"
        chat = await ana.take(inquiry.id)
        await ana.send_message(chat.id, "Hi Greta, Ana here.")
        await off_loop(lambda: wait(driver, lambda d: "Hi Greta, Ana here." in bubbles(d)))
        header = await off_loop(lambda: driver.find_element(By.CSS_SELECTOR, "header").text)
        assert "Ana Souza" in header

        # The connection drops; a message sent meanwhile arrives once, after the widget reconnects.
        for socket in list(site.intake._sockets):
            await socket.close()
        await ana.send_message(chat.id, "Sent while you were away")
        await off_loop(lambda: wait(driver, lambda d: "Sent while you were away" in bubbles(d), 90))
        await asyncio.sleep(1)
        seen = await off_loop(lambda: bubbles(driver))
        for text in ("Hello <b>desk</b>, my parcel?", "Hi Greta, Ana here.", "Sent while you were away"):
            assert seen.count(text) == 1, seen
        await off_loop(lambda: say(driver, "Thanks!"))
        await off_loop(lambda: wait(driver, lambda d: "Thanks!" in bubbles(d)))
        assert "Thanks!" in [m.text for m in (await ana.messages(chat.id)).messages]

        await ana.close_chat(chat.id, comment="Parcel found", tags=["shipping"])
        await off_loop(lambda: wait(driver, lambda d: "Chat Finished" in d.find_element(By.ID, "app").text))
        await ana.aclose()
    finally:
        await off_loop(driver.quit)


def shown_picture(driver: WebDriver) -> str | None:
    """The address of a picture the widget drew from the server, once it has loaded."""
    for image in driver.find_elements(By.CSS_SELECTOR, "img[class*=image-attachment]"):
        if "/file-upload/" in (image.get_attribute("src") or "") and driver.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth", image):
            return image.get_attribute("src")
    return None


def file_links(driver: WebDriver) -> list[tuple[str, str]]:
    return [(e.text, e.get_attribute("href") or "")
            for e in driver.find_elements(By.CSS_SELECTOR, "[class*=file-attachment__inner]")]


async def test_files_both_ways_through_the_real_widget(site: Site, tmp_path: Path) -> None:
    photo = tmp_path / "broken box.png"
    form = tmp_path / "Returns form.pdf"
    await asyncio.to_thread(photo.write_bytes, png(120, 80))
    await asyncio.to_thread(form.write_bytes, b"%PDF-1.4 returns form")
    driver = await off_loop(chromium)
    try:
        await off_loop(lambda: open_widget(driver, site.url))
        await off_loop(lambda: register(driver, "Pia Upload", "pia@example.com"))
        await off_loop(lambda: say(driver, "The box came broken, photo attached"))
        await off_loop(lambda: wait(driver, lambda d: "The box came broken, photo attached" in bubbles(d)))
        ana = await site.engine.sign_in("ana")
        inquiry = next(i for i in await ana.queue() if i.visitor_name == "Pia Upload")
        chat = await ana.take(inquiry.id)
        # The widget's own file input (its + button clicks it), as a visitor choosing a file.
        await off_loop(lambda: wait(driver, lambda d: act(
            lambda: d.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(photo)))))
        # Drawn in the widget from the server, which knew the visitor by the widget's cookie.
        src = await off_loop(lambda: wait(driver, shown_picture))
        assert "/file-upload/" in src and src.endswith("/broken%20box.png")
        [kept] = [m for m in (await ana.messages(chat.id)).messages if m.attachment is not None]
        assert kept.attachment is not None and kept.attachment.name == "broken box.png"
        assert (kept.attachment.width, kept.attachment.height) == (120, 80)
        # The agent's file reaches the widget as a download link with its name.
        await ana.send_file(chat.id, form)
        links = await off_loop(lambda: wait(driver, lambda d: file_links(d) or None))
        assert links[0][0] == "Returns form.pdf" and "/file-upload/" in links[0][1]
        await ana.aclose()
    finally:
        await off_loop(driver.quit)


async def test_the_offline_form_when_nobody_can_serve(site: Site) -> None:
    def nobody_online(connection: sqlite3.Connection) -> None:
        connection.execute("UPDATE users SET status = 'offline'")
        organisation.set_setting(connection, "waiting_queue", "false")

    await site.engine.database.write(nobody_online)
    site.engine._routing = None  # as after a restart: routing reads the store again
    driver = await off_loop(chromium)
    try:
        await off_loop(lambda: open_widget(driver, site.url))

        def leave_message(d: WebDriver) -> None:
            wait(d, lambda x: x.find_element(By.NAME, "message").is_displayed())
            for field, value in (
                ("name", "Olga Offline"),
                ("email", "olga@example.com"),
                ("message", "Please call me back tomorrow."),
            ):
                type_into(d, field, value)
            wait(d, lambda x: act(x.find_element(By.CSS_SELECTOR, "button[type=submit]").click))

        await off_loop(lambda: leave_message(driver))
        sam = await site.engine.sign_in("sam")
        for _ in range(50):
            if "Please call me back tomorrow." in {i.preview for i in await sam.queue()}:
                break
            await asyncio.sleep(0.2)
        assert "Please call me back tomorrow." in {i.preview for i in await sam.queue()}
        await sam.aclose()
    finally:
        await off_loop(driver.quit)


async def test_custom_fields_from_the_host_page_and_history_in_pages(site: Site) -> None:
    await site.engine.database.write(
        lambda c: organisation.set_setting(c, "livechat_custom_fields", '["customer_id"]'))
    account = site.url + "account"
    driver = await off_loop(chromium)
    try:
        await off_loop(lambda: open_widget(driver, account))
        await off_loop(lambda: register(driver, "Carla Custom", "carla@example.com"))
        await off_loop(lambda: say(driver, "Hello, about my account"))
        await off_loop(lambda: wait(driver, lambda d: "Hello, about my account" in bubbles(d)))
        ana = await site.engine.sign_in("ana")
        inquiry = next(i for i in await ana.queue() if i.visitor_name == "Carla Custom")
        chat = await ana.take(inquiry.id)
        # setCustomField on the host page reaches the agent's view of the visitor.
        for _ in range(50):
            if ("customer_id", "C-77") in (await ana.visitor_context(chat.id)).custom_fields:
                break
            await asyncio.sleep(0.2)
        assert ("customer_id", "C-77") in (await ana.visitor_context(chat.id)).custom_fields

        # More than a page of history: the widget shows Rocket.Chat's first page (20), then
        # asks for older messages when the visitor scrolls to the top.
        for number in range(30):
            await ana.send_message(chat.id, f"Reply {number}")
        await off_loop(lambda: wait(driver, lambda d: "Reply 29" in bubbles(d)))
        await off_loop(lambda: reopen_widget(driver, account))
        await off_loop(lambda: wait(driver, lambda d: "Reply 29" in bubbles(d)))
        first_page = await off_loop(lambda: bubbles(driver))
        assert "Reply 10" in first_page and "Reply 9" not in first_page, first_page
        await off_loop(lambda: scroll_to_the_top(driver))
        await off_loop(lambda: wait(driver, lambda d: "Reply 0" in bubbles(d)))
        await ana.aclose()
    finally:
        await off_loop(driver.quit)


def click_text(driver: WebDriver, selector: str, text: str) -> None:
    """Click the element of `selector` whose text is `text`, as a person clicks a labelled button."""
    def clicked(d: WebDriver) -> bool:
        for element in d.find_elements(By.CSS_SELECTOR, selector):
            if element.text.strip() == text and element.is_displayed():
                try:
                    element.click()
                except ElementClickInterceptedException:
                    return False  # a modal still sliding in covers it: try again
                return True
        return False

    wait(driver, clicked)


def choose_option(driver: WebDriver, item: str) -> None:
    """The chat footer's Options menu, then one of its items."""
    click_text(driver, "button[class*=footer__options]", "Options")
    click_text(driver, "button[class*=menu__item]", item)


def confirm(driver: WebDriver) -> None:
    """Yes, in the widget's confirmation. The dialog slides in over an overlay that takes a
    pointer's click until it settles, so the button is pressed as a keyboard user does."""
    def pressed(d: WebDriver) -> bool:
        for button in d.find_elements(By.CSS_SELECTOR, "[class*=modal] button"):
            if button.text.strip() == "Yes" and button.is_displayed():
                d.execute_script("arguments[0].focus();", button)
                button.send_keys(Keys.ENTER)
                return True
        return False

    wait(driver, pressed)
    wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, "[class*=modal__overlay]"))


def screen_text(driver: WebDriver) -> str:
    return str(driver.find_element(By.ID, "app").text)


async def test_remove_my_data_from_the_widget_menu_once_the_chat_is_over(site: Site) -> None:
    consent = "Northwind keeps your chats for a year to answer you."

    def ask_consent(connection: sqlite3.Connection) -> None:
        configuration.write(connection, Kind.WEBSITE, Kind.WEBSITE.value, Op.UPDATE,
                            {"data_processing_consent": True, "data_processing_consent_text": consent})

    await site.engine.database.write(ask_consent)
    driver = await off_loop(chromium)
    try:
        await off_loop(lambda: open_widget(driver, site.url))
        # Consent first (Rocket.Chat's Livechat_force_accept_data_processing_consent), with the
        # admin's words; the widget offers "Forget/Remove my data" only with it.
        await off_loop(lambda: wait(driver, lambda d: consent in screen_text(d)))
        await off_loop(lambda: click_text(driver, "button", "I Agree"))
        await off_loop(lambda: register(driver, "Rita Remove", "rita@example.com"))
        said = "Zanzibarquux: please forget me afterwards"
        await off_loop(lambda: say(driver, said))
        await off_loop(lambda: wait(driver, lambda d: said in bubbles(d)))
        ana = await site.engine.sign_in("ana")
        inquiry = next(i for i in await ana.queue() if i.visitor_name == "Rita Remove")
        chat = await ana.take(inquiry.id)
        await ana.send_message(chat.id, "Hi Rita, Ana here.")
        await off_loop(lambda: wait(driver, lambda d: "Hi Rita, Ana here." in bubbles(d)))

        # While the chat goes on, Rocket.Chat refuses (visitor-has-open-rooms): the widget says
        # so and shows its finished screen; the chat goes on for the agent.
        await off_loop(lambda: choose_option(driver, "Forget/Remove my data"))
        await off_loop(lambda: confirm(driver))
        await off_loop(lambda: wait(driver, lambda d: "Error removing user data." in screen_text(d)))
        assert (await ana.chat(chat.id)).status is ChatStatus.OPEN
        await off_loop(lambda: click_text(driver, "[role=alert] button", ""))
        await off_loop(lambda: wait(driver, lambda d: "Error removing user data." not in screen_text(d)))

        # Once the agent has closed the chat, the visitor starts a new one and removes from there.
        await off_loop(lambda: click_text(driver, "button", "New Chat"))
        await off_loop(lambda: wait(driver, lambda d: "Hi Rita, Ana here." in bubbles(d)))
        await ana.close_chat(chat.id, comment="Done", tags=[])
        await off_loop(lambda: wait(driver, lambda d: "Chat Finished" in screen_text(d)))
        await off_loop(lambda: click_text(driver, "button", "New Chat"))
        await off_loop(lambda: choose_option(driver, "Forget/Remove my data"))
        await off_loop(lambda: confirm(driver))
        # Removed: the widget forgets who the visitor was and asks again, without an error.
        await off_loop(lambda: wait(driver, lambda d: d.find_element(By.NAME, "name").is_displayed()))
        assert "Error removing user data." not in await off_loop(lambda: screen_text(driver))

        # The desk: the chat, its messages and the visitor are gone, from search too.
        assert await ana.search("Zanzibarquux") == []
        with pytest.raises(NotFound):
            await ana.chat(chat.id)
        assert chat.id not in {c.id for c in await ana.my_chats()}
        assert "Rita Remove" not in {i.visitor_name for i in await ana.queue()}
        await ana.aclose()
    finally:
        await off_loop(driver.quit)
