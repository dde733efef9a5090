"""User text shown inside markdown-rendering elements stays inert."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from insights.output.textsafe import plain


def test_plain_escapes_markdown_and_html():
    assert plain("**bold**") == r"\*\*bold\*\*"
    assert plain("[x](javascript:alert(1))") == r"\[x\]\(javascript\:alert\(1\)\)"
    assert plain("<script>alert(1)</script>") == r"\<script\>alert\(1\)\</script\>"
    assert plain("a\nb") == "a b"


def test_escaped_text_renders_as_typed():
    nasty = "**x** [link](javascript:alert(1)) <img src=x onerror=alert(1)> $x$"
    at = AppTest.from_string(
        f"import streamlit as st\nfrom insights.output.textsafe import plain\nst.success(plain({nasty!r}))"
    ).run()
    shown = at.success[0].proto.body
    assert "<img" not in shown.replace("\\<img", "")
    assert "](javascript" not in shown.replace("\\]\\(javascript", "")


def test_visible_escapes_control_characters():
    from insights.output.textsafe import visible

    assert visible("a\x1b[31mred\x1b[0m") == "a\\x1b[31mred\\x1b[0m"
    assert visible("bell\x07 del\x7f c1\x9b") == "bell\\x07 del\\x7f c1\\x9b"
    assert visible("line\nnext\ttab\rcr") == "line\\nnext\\ttab\\rcr"
    assert visible("right-to-left \u202e override") == "right-to-left \\u202e override"
    assert visible("Zoë £5 — fine") == "Zoë £5 — fine"
    assert "\x1b" not in plain("\x1b[2J clear")


def test_plain_text_makes_no_link_of_a_web_or_email_address():
    """GitHub-flavoured markdown links web and e-mail addresses in plain text after reading escapes (seen in
    headless Chromium: st.table, st.markdown, st.caption and alerts all linked "https://...", "www...." and
    "x@y.z"); an invisible word joiner after the scheme, "www" or "@" breaks the pattern, nothing else shows."""
    from insights.output.textsafe import JOINER

    assert plain("see https://evil.example/x") == f"see https{JOINER}\\://evil\\.example/x"
    assert plain("www.evil.example") == f"www{JOINER}\\.evil\\.example"
    assert plain("bob@evil.example") == f"bob@{JOINER}evil\\.example"
    assert plain("MAILTO:bob") == f"MAILTO{JOINER}\\:bob"
    assert plain("the http request, a www page, an @ sign").replace(JOINER, "") == (
        "the http request, a www page, an @ sign"
    )
    assert plain("a https: address").count(JOINER) == 1
