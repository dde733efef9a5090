"""The load test's protocol-level client: how it reads Streamlit's messages (no server needed)."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.protocol_client import FINISHED, ProtocolError, RunState, rerun_message


def _new_session(session_id: str = "s1", page_hash: str = "home") -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.initialize.session_id = session_id
    msg.new_session.page_script_hash = page_hash
    return msg


def _navigation(pages: list[tuple[str, str, bool]], current: str) -> ForwardMsg:
    msg = ForwardMsg()
    for path, page_hash, hidden in pages:
        page = msg.navigation.app_pages.add()
        page.url_pathname, page.page_script_hash, page.is_hidden = path, page_hash, hidden
    msg.navigation.page_script_hash = current
    return msg


def _element(kind: str, **fields) -> ForwardMsg:
    msg = ForwardMsg()
    proto = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        if isinstance(value, list):
            getattr(proto, name).extend(value)
        else:
            setattr(proto, name, value)
    return msg


def _finished(status) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def test_a_run_is_read_until_it_finishes():
    state = RunState()
    for msg in (
        _new_session("abc", "h-home"),
        _navigation([("", "h-home", False), ("data", "h-data", False), ("audit", "h-audit", True)], "h-home"),
        _element("selectbox", id="w1", label="View the dashboard as", options=["A", "B"]),
        _element("button", id="w2", label="Import 12 rows", disabled=True),
        _element("alert", body="12 of 12 rows accepted"),
    ):
        state.handle(msg)
        assert not state.finished
    state.handle(_finished(FINISHED.FINISHED_SUCCESSFULLY))
    assert state.finished and not state.compile_error
    assert state.session_id == "abc" and state.current_page == "h-home"
    assert state.menu() == ["", "data"]  # the hidden page is not in the menu
    assert state.widget("selectbox", "View the").options == ("A", "B")
    assert state.widget("button", "Import ").disabled
    assert state.widget("checkbox", "Import") is None
    assert state.alerts == ["12 of 12 rows accepted"]


def test_a_run_stopped_for_a_rerun_is_not_the_end():
    state = RunState()
    state.handle(_element("exception", type="ValueError", message="boom"))
    state.handle(_finished(FINISHED.FINISHED_EARLY_FOR_RERUN))
    assert not state.finished and state.reruns == 1
    state.handle(_new_session())  # the rerun starts afresh: what the stopped run drew is gone
    assert state.exceptions == []
    state.handle(_finished(FINISHED.FINISHED_SUCCESSFULLY))
    assert state.finished


def test_exceptions_page_not_found_and_compile_errors_are_noted():
    state = RunState()
    state.handle(_element("exception", type="KeyError", message="'x'"))
    msg = ForwardMsg()
    msg.page_not_found.page_name = "nowhere"
    state.handle(msg)
    state.handle(_finished(FINISHED.FINISHED_WITH_COMPILE_ERROR))
    assert state.exceptions == ["KeyError: 'x'"] and state.page_not_found and state.compile_error
    state.new_run()
    assert not (state.exceptions or state.page_not_found or state.finished)


def test_upload_addresses_are_kept_by_request_and_a_refusal_raises():
    state = RunState()
    msg = ForwardMsg()
    msg.file_urls_response.response_id = "r1"
    urls = msg.file_urls_response.file_urls.add()
    urls.file_id, urls.upload_url = "f1", "/_stcore/upload_file/s/f1"
    state.handle(msg)
    assert state.file_urls["r1"][0].upload_url == "/_stcore/upload_file/s/f1"
    refused = ForwardMsg()
    refused.file_urls_response.response_id = "r2"
    refused.file_urls_response.error_msg = "too big"
    with pytest.raises(ProtocolError, match="too big"):
        state.handle(refused)


def test_the_rerun_message_carries_page_and_widgets():
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    msg = rerun_message("h-data", "", [WidgetState(id="w1", string_value="Engagement officer")], "a=1")
    assert msg.WhichOneof("type") == "rerun_script"
    state = msg.rerun_script
    assert state.page_script_hash == "h-data" and state.query_string == "a=1"
    assert [(w.id, w.string_value) for w in state.widget_states.widgets] == [("w1", "Engagement officer")]
