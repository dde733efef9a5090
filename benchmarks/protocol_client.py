"""A Streamlit session without a browser: speaks the app's own websocket protocol (for the load test).

One `Session` is one browser tab's worth of server work at the cost of a websocket: it sends
`BackMsg.rerun_script` (open a page, set a widget, press a button) over ws://HOST/_stcore/stream and reads
`ForwardMsg`s until the run's `script_finished`, noting what a person would see (pages in the menu,
widgets by label, exception boxes, alerts). Ten of these cost a few per cent of one core, where ten headless
Chromium pages took most of the machine the server needed.

The message handling is in `RunState.handle` (pure, unit-tested without a server); the socket and the
upload (`file_urls_request`, an HTTP PUT, then the uploader's widget state, as the frontend does) in
`Session`. Uses `websockets` (a dependency of Streamlit itself) and `httpx`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = ForwardMsg.ScriptFinishedStatus
#: Element types that are widgets (have an `id` and a `label` the client can address).
WIDGETS = frozenset(
    {"button", "checkbox", "selectbox", "multiselect", "file_uploader", "text_input", "radio", "toggle"}
)


class ProtocolError(RuntimeError):
    """The server did something a browser would show as broken (or did not answer in time)."""


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    disabled: bool = False
    options: tuple[str, ...] = ()


@dataclass
class RunState:
    """What one script run sent: filled by `handle`, one ForwardMsg at a time."""

    session_id: str = ""
    pages: dict[str, tuple[str, bool]] = field(default_factory=dict)  # url path -> (script hash, hidden)
    current_page: str = ""  # the script hash of the page that ran
    widgets: list[Widget] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    query_string: str | None = None
    page_not_found: bool = False
    finished: bool = False
    compile_error: bool = False
    reruns: int = 0  # runs that ended early because the script asked for a rerun (st.rerun)
    file_urls: dict[str, list] = field(default_factory=dict)  # request id -> FileURLs
    messages: int = 0

    def new_run(self) -> None:
        """Forget what the previous run drew (pages, session id and query string are kept)."""
        self.widgets, self.exceptions, self.alerts = [], [], []
        self.page_not_found = self.finished = self.compile_error = False
        self.reruns = 0

    def handle(self, msg: ForwardMsg) -> None:
        """Take one ForwardMsg into account."""
        self.messages += 1
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            new = msg.new_session
            if new.initialize.session_id:
                self.session_id = new.initialize.session_id
            self.current_page = new.page_script_hash or self.current_page
            if new.app_pages:
                self._pages(new.app_pages)
            # A rerun that restarts (st.rerun) starts a new session message: what the old run drew goes.
            self.widgets, self.exceptions, self.alerts = [], [], []
        elif kind == "navigation":
            self._pages(msg.navigation.app_pages)
            self.current_page = msg.navigation.page_script_hash or self.current_page
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.page_not_found = True
        elif kind == "file_urls_response":
            response = msg.file_urls_response
            if response.error_msg:
                raise ProtocolError(f"upload refused: {response.error_msg}")
            self.file_urls[response.response_id] = list(response.file_urls)
        elif kind == "script_finished":
            status = msg.script_finished
            if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                self.reruns += 1  # the script called st.rerun (or was asked to): another run follows
            else:
                self.finished = True
                self.compile_error = status == FINISHED.FINISHED_WITH_COMPILE_ERROR

    def _pages(self, app_pages) -> None:
        self.pages = {p.url_pathname: (p.page_script_hash, p.is_hidden) for p in app_pages}

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            exc = element.exception
            self.exceptions.append(f"{exc.type}: {exc.message}"[:300])
        elif kind == "alert":
            self.alerts.append(element.alert.body)
        elif kind in WIDGETS:
            proto = getattr(element, kind)
            self.widgets.append(
                Widget(
                    kind,
                    proto.id,
                    proto.label,
                    bool(getattr(proto, "disabled", False)),
                    tuple(getattr(proto, "options", ())),
                )
            )

    def widget(self, kind: str, label_starts: str) -> Widget | None:
        """The first widget of this kind whose label starts with `label_starts`."""
        return next((w for w in self.widgets if w.kind == kind and w.label.startswith(label_starts)), None)

    def menu(self) -> list[str]:
        """URL paths of the pages shown in the menu (hidden pages left out)."""
        return [path for path, (_, hidden) in self.pages.items() if not hidden]


def rerun_message(
    page_hash: str = "", page_name: str = "", widgets: list[WidgetState] = (), query_string: str = ""
) -> BackMsg:
    """The BackMsg a browser sends to run a page (with every widget value it holds)."""
    state = ClientState(query_string=query_string, page_script_hash=page_hash, page_name=page_name)
    state.widget_states.widgets.extend(widgets)
    state.context_info.timezone = "Europe/London"
    state.context_info.locale = "en-GB"
    return BackMsg(rerun_script=state)


class Session:
    """One protocol-level session of the dashboard at `base` (http://127.0.0.1:PORT)."""

    def __init__(self, base: str, timeout: float = 120.0) -> None:
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.state = RunState()
        # what this session has set, by (widget kind, label): sent again on every run with the id the
        # widget has now, as the browser holds a widget's value while it is drawn
        self._held: dict[tuple[str, str], WidgetState] = {}
        self._socket = None
        self._cookies: dict[str, str] = {}

    async def connect(self) -> None:
        import httpx
        import websockets

        # The XSRF cookie the browser gets from the health check (needed for uploads when XSRF protection is on).
        async with httpx.AsyncClient() as http:
            response = await http.get(f"{self.base}/_stcore/health", timeout=self.timeout)
            self._cookies = dict(response.cookies)
        url = "ws" + self.base.removeprefix("http") + "/_stcore/stream"
        self._socket = await websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=self.timeout
        )

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def _send(self, msg: BackMsg) -> None:
        await self._socket.send(msg.SerializeToString())

    async def _receive(self, until) -> None:
        deadline = time.monotonic() + self.timeout
        while not until():
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no answer within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self._socket.recv(), timeout=left)
            except TimeoutError:
                raise ProtocolError(f"no answer within {self.timeout:.0f} s") from None
            msg = ForwardMsg()
            msg.ParseFromString(data)
            self.state.handle(msg)

    async def run(
        self, page_hash: str = "", page_name: str = "", changed: list[tuple[Widget, WidgetState]] = ()
    ) -> RunState:
        """Run a page (this one when no hash or name is given) with the widget values held, plus `changed`.

        A button press (trigger) is sent once; other values are held while their widget is drawn.
        """
        drawn = {(w.kind, w.label): w.id for w in self.state.widgets}
        states = []
        for (kind, label), value in list(self._held.items()):
            if (kind, label) in drawn:
                held = WidgetState()
                held.CopyFrom(value)
                held.id = drawn[(kind, label)]
                states.append(held)
        for widget, value in changed:
            value.id = widget.id
            states = [s for s in states if s.id != widget.id] + [value]
            if value.WhichOneof("value") != "trigger_value":
                self._held[(widget.kind, widget.label)] = value
        self.state.new_run()
        await self._send(rerun_message(page_hash, page_name, states, self.state.query_string or ""))
        await self._receive(lambda: self.state.finished)
        if self.state.compile_error:
            raise ProtocolError("the script did not compile")
        return self.state

    async def open(self, path: str = "") -> RunState:
        """Open a page by its URL path, as a new tab does ('' is the default page)."""
        return await self.run(page_name=path)

    async def goto(self, path: str) -> RunState:
        """Follow a menu link to the page at this URL path (same session, no reload)."""
        page_hash, _ = self.state.pages[path]
        self.state.query_string = ""  # a menu link does not carry the old page's query string
        return await self.run(page_hash=page_hash)

    def _here(self) -> str:
        return self.state.current_page

    async def choose(self, label: str, option: str) -> RunState:
        """Choose `option` in the selectbox labelled `label`."""
        box = self.state.widget("selectbox", label)
        if box is None:
            raise ProtocolError(f"no selectbox '{label}' on the page")
        return await self.run(page_hash=self._here(), changed=[(box, WidgetState(string_value=option))])

    async def tick(self, label_starts: str) -> RunState:
        """Tick the checkbox whose label starts with `label_starts`."""
        box = self.state.widget("checkbox", label_starts)
        if box is None:
            raise ProtocolError(f"no checkbox '{label_starts}' on the page")
        return await self.run(page_hash=self._here(), changed=[(box, WidgetState(bool_value=True))])

    async def press(self, label_starts: str) -> RunState:
        """Press the (enabled) button whose label starts with `label_starts`."""
        button = self.state.widget("button", label_starts)
        if button is None or button.disabled:
            raise ProtocolError(f"no enabled button '{label_starts}' on the page")
        return await self.run(page_hash=self._here(), changed=[(button, WidgetState(trigger_value=True))])

    async def upload(self, label: str, path: Path) -> RunState:
        """Put a file in the file uploader labelled `label`, as the browser does, and let the page run."""
        import httpx

        uploader = self.state.widget("file_uploader", label)
        if uploader is None:
            raise ProtocolError(f"no file uploader '{label}' on the page")
        request_id = uuid.uuid4().hex
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.session_id = self.state.session_id
        msg.file_urls_request.file_names.append(path.name)
        await self._send(msg)
        await self._receive(lambda: request_id in self.state.file_urls)
        urls = self.state.file_urls.pop(request_id)[0]
        data = path.read_bytes()
        upload_url = urls.upload_url if "://" in urls.upload_url else self.base + urls.upload_url
        headers = {}
        if "_streamlit_xsrf" in self._cookies:
            headers["X-Xsrftoken"] = self._cookies["_streamlit_xsrf"]
        async with httpx.AsyncClient(cookies=self._cookies) as http:
            response = await http.put(
                upload_url,
                files={"file": (path.name, data, "text/csv")},
                headers=headers,
                timeout=self.timeout,
            )
        if response.status_code >= 300:
            raise ProtocolError(f"upload of {path.name}: HTTP {response.status_code} {response.text[:120]}")
        value = WidgetState()
        info = value.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = path.name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        return await self.run(page_hash=self._here(), changed=[(uploader, value)])

    async def clear_upload(self, label: str) -> RunState:
        """Take the file out of the uploader (the cross in the browser)."""
        uploader = self.state.widget("file_uploader", label)
        if uploader is None:
            raise ProtocolError(f"no file uploader '{label}' on the page")
        value = WidgetState()
        value.file_uploader_state_value.SetInParent()
        state = await self.run(page_hash=self._here(), changed=[(uploader, value)])
        self._held.pop((uploader.kind, uploader.label), None)
        return state
