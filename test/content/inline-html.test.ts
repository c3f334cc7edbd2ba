import { describe, expect, it } from "vitest";
import {
  sanitizeInlineHtml as clean,
  inlineHtmlToAttrText,
  isBlankInlineHtml,
} from "../../src/generator/content/inline-html.js";

describe("sanitizeInlineHtml: what Editor.js produces passes through", () => {
  it.each([
    "plain text",
    "<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <sup>1</sup> <sub>2</sub>",
    '<mark class="cdx-marker">marked</mark>',
    '<code class="inline-code">x = 1</code>',
    '<u class="cdx-underline">under</u>',
    "a<br>b",
    '<a href="https://example.com/">link</a>',
    '<a href="/page" target="_blank" rel="noopener noreferrer">new tab</a>',
    "Tom&nbsp;&amp;&nbsp;Jerry &lt;3 &gt; &#123; &#x1F600; &copy; &hellip; &quot;",
  ])("%s", (html) => {
    expect(clean(html)).toBe(html);
  });
});

describe("sanitizeInlineHtml: normalization", () => {
  it.each([
    ["<B>x</B><BR/>", "<b>x</b><br>"],
    ["<br/>a<br />", "<br>a<br>"],
    ['<b class="x" id="y" onclick="z">x</b>', "<b>x</b>"],
    ["<mark class='cdx-marker cdx-marker a\"b'>m</mark>", '<mark class="cdx-marker">m</mark>'],
    ['<mark class="  ">m</mark>', "<mark>m</mark>"],
    ['<a href="https://x.test/?a=1&amp;b=2">q</a>', '<a href="https://x.test/?a=1&amp;b=2">q</a>'],
    ['<a href="https://x.test/?a=1&b=2">q</a>', '<a href="https://x.test/?a=1&amp;b=2">q</a>'],
    [
      "<a href=/x target=_blank>t</a>",
      '<a href="/x" target="_blank" rel="noopener noreferrer">t</a>',
    ],
    [
      '<a href=/x target=_BLANK rel="nofollow evil">t</a>',
      '<a href="/x" target="_blank" rel="nofollow noopener noreferrer">t</a>',
    ],
    ['<a href="/x" target="_top" rel="ugc">t</a>', '<a href="/x" rel="ugc">t</a>'],
    ['<a href="/a" href="javascript:x">first wins</a>', '<a href="/a">first wins</a>'],
    [
      '<a href="tel:+41 44-123">Call +41 44-123 <b>now - please</b></a> - ok',
      '<a href="tel:+41 44-123">Call&nbsp;+41&nbsp;44&#8209;123&nbsp;<b>now&nbsp;&#8209;&nbsp;please</b></a> - ok',
    ],
  ])("%s → %s", (input, output) => {
    expect(clean(input)).toBe(output);
  });
});

describe("sanitizeInlineHtml: stripping", () => {
  it.each([
    ["<span style='color:red'>kept text</span>", "kept text"],
    ["<p>one</p><div>two</div>", "onetwo"],
    ["<font face=x>f</font>", "f"],
    ['<a href="javascript:alert(1)">text stays</a>', "text stays"],
    ["<a name=anchor>no href</a>", "no href"],
    ["<a href=/x></a>after", "after"],
    ["<a href=/x> &nbsp;<b></b></a>", " &nbsp;<b></b>"],
    ["x<!-- comment -->y<!---->z<!-->w", "xyzw"],
    ["a<!-- unterminated", "a"],
    ["a<!doctype html>b<?php echo 1 ?>c", "abc"],
    ["a</>b</ 1>c", "abc"],
  ])("%s → %s", (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it.each([
    "script",
    "style",
    "iframe",
    "object",
    "template",
    "noscript",
    "textarea",
    "title",
    "xmp",
  ])("drops <%s> with its content", (tag) => {
    expect(clean(`a<${tag} x="1">secret <b>bold</b></${tag}>b`)).toBe("ab");
    expect(clean(`a<${tag.toUpperCase()}>secret</${tag.toUpperCase()} >b`)).toBe("ab");
    expect(clean(`a<${tag}>secret to the end`)).toBe("a");
  });

  it("ends raw text only at the real closing tag", () => {
    expect(clean("<script>if (a </scripts> b) {}</script>after")).toBe("after");
    expect(clean("<style>x</style\t\n>ok")).toBe("ok");
  });
});

describe("sanitizeInlineHtml: text and references", () => {
  it.each([
    ["a & b", "a &amp; b"],
    ["1 < 2 > 0", "1 &lt; 2 &gt; 0"],
    ["a <3", "a &lt;3"],
    ["trailing <", "trailing &lt;"],
    ["trailing </", "trailing &lt;/"],
    [
      "&amp &unknown; &#; &#x; &#0; &#xD800; &#1114112;",
      "&amp;amp &amp;unknown; &amp;#; &amp;#x; &amp;#0; &amp;#xD800; &amp;#1114112;",
    ],
    ["&#9; &#10; &#128; &#x7f;", "&#9; &#10; &amp;#128; &amp;#x7f;"],
    ["ctrl\u0000\u0001\u0008\u000b\u007f\u0085chars\ttab", "ctrlchars\ttab"],
    ["line  \nnext\t\nlast", "line\nnext\nlast"],
    ["crlf \r\nlone cr \rend", "crlf\nlone cr\nend"],
    ["blank before a dropped tag \t</i>\nnext", "blank before a dropped tag\nnext"],
    ["blanks kept mid-line <b>x</b> ", "blanks kept mid-line <b>x</b> "],
  ])("%j → %j", (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it("drops a tag cut off by the end of input, as browsers do", () => {
    expect(clean("text <img src=x onerror=alert(1)")).toBe("text ");
    expect(clean('text <a href="/x')).toBe("text ");
    expect(clean("text </b")).toBe("text ");
  });
});

describe("sanitizeInlineHtml: balance", () => {
  it.each([
    ["<b>open", "<b>open</b>"],
    ["<b><i>two", "<b><i>two</i></b>"],
    ["stray</b></i>closers", "strayclosers"],
    ["<b>bold<i>both</b>italic</i>", "<b>bold<i>both</i></b>italic"],
    ['<a href="/1">one<a href="/2">two</a>', '<a href="/1">one</a><a href="/2">two</a>'],
    ['<a href="/1"><b>x</a>y</b>', '<a href="/1"><b>x</b></a>y'],
    ["</br>x", "x"],
  ])("%s → %s", (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it("caps nesting depth", () => {
    const deep = `${"<b>".repeat(100)}x${"</b>".repeat(100)}`;
    expect(clean(deep)).toBe(`${"<b>".repeat(32)}x${"</b>".repeat(32)}`);
  });
});

describe("helpers", () => {
  it("inlineHtmlToAttrText strips tags and escapes double quotes", () => {
    expect(inlineHtmlToAttrText(clean('A <b>"bold"</b> &amp; more '))).toBe(
      "A &quot;bold&quot; &amp; more",
    );
    expect(inlineHtmlToAttrText("plain")).toBe("plain");
  });

  it("isBlankInlineHtml sees through tags, spaces and nbsp", () => {
    expect(isBlankInlineHtml("")).toBe(true);
    expect(isBlankInlineHtml(" <b> &nbsp;</b><br> &#160;")).toBe(true);
    expect(isBlankInlineHtml("<b>x</b>")).toBe(false);
  });
});
