"""HTML to text: what a reader reads stays, page furniture goes."""

from __future__ import annotations

from geo.read.text import declared_charset, html_to_text, normalize_text


def test_blocks_become_paragraphs_and_br_a_line_break():
    page = html_to_text("<div><h2>Title</h2><p>One<br>two</p><ul><li>a</li><li>b</li></ul></div>")
    assert page.text == "Title\n\nOne\ntwo\n\na\n\nb"


def test_entities_are_unescaped_and_spaces_collapsed():
    page = html_to_text("<p>Erdo&#287;an &amp; Aliyev&nbsp;met\n   in   Baku &ndash; again</p>")
    assert page.text == "Erdoğan & Aliyev met in Baku – again"


def test_scripts_styles_nav_footer_aside_noscript_are_dropped():
    html = ("<body><nav>Menu</nav><script>var x = 'Ganja';</script><style>p {}</style><p>Kept.</p>"
            "<aside>Sidebar</aside><noscript>Enable JS</noscript><footer>About us</footer></body>")
    assert html_to_text(html).text == "Kept."


def test_furniture_by_class_is_dropped():
    html = '<p>Kept.</p><div class="related-stories"><p>Other story</p></div><ul id="share_bar"><li>Tweet</li></ul>'
    assert html_to_text(html).text == "Kept."


def test_a_content_wrapper_with_a_furniture_word_is_not_dropped():
    html = ('<body><div class="story share-enabled"><h1>Ganja hit</h1><p>A missile struck Ganja overnight, '
            'killing nine people in their homes, the prosecutor said.</p></div></body>')
    assert "A missile struck Ganja overnight" in html_to_text(html).text


def test_pre_keeps_its_line_breaks():
    assert html_to_text("<pre>a\n  b</pre>").text == "a\nb"  # lines kept, indentation not


def test_title_prefers_og_title_then_title_without_site_name():
    assert html_to_text('<meta property="og:title" content="OG"><title>T</title><h1>H</h1>').title == "OG"
    assert html_to_text("<title>Shusha falls | News</title><h1>Shusha falls</h1>").title == "Shusha falls"
    assert html_to_text("<h1>Only heading</h1>").title == "Only heading"


def test_time_elements_in_furniture_are_not_collected():
    page = html_to_text('<p><time datetime="2020-10-04">x</time></p><aside><time datetime="2020-12-01">y</time></aside>')
    assert page.times == ("2020-10-04",)


def test_normalize_text_keeps_characters():
    assert normalize_text("\ufeffa\r\nb\rc\u00a0d\u202fe “q” — Şuşa") == "a\nb\nc d e “q” — Şuşa"


def test_declared_charset():
    assert declared_charset(b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">') \
        == "windows-1251"
    assert declared_charset(b"<p>none</p>") is None
