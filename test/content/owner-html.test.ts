import { describe, expect, it } from "vitest";
import { createOwnerHtmlSanitizer } from "../../src/generator/content/owner-html.js";
import { tidyOwnerHtml } from "../../src/generator/content/owner-html-tidy.js";
import { findXssProblems, URL_PAYLOADS, XSS_PAYLOADS } from "./xss-corpus.js";

const clean = createOwnerHtmlSanitizer();

describe("owner HTML sanitizer keeps layout and content markup", () => {
  it.each([
    '<section class="hero" id="top"><div class="grid"><h2>Title</h2><p>Text <strong>b</strong></p></div></section>',
    '<figure><img src="/a.jpg" srcset="/a-1x.jpg 1x, /a-2x.jpg 2x" sizes="100vw" width="800" height="600" loading="lazy" alt="A"><figcaption>Cap</figcaption></figure>',
    '<picture><source srcset="/a.webp" type="image/webp"><img src="/a.jpg" alt="A"></picture>',
    '<video controls poster="/p.jpg" width="640" height="360"><source src="/v.mp4" type="video/mp4"></video>',
    '<audio controls><source src="/a.mp3" type="audio/mpeg"></audio>',
    '<table><thead><tr><th scope="col">H</th></tr></thead><tbody><tr><td colspan="2">C</td></tr></tbody></table>',
    '<ol start="3" reversed><li>x</li></ol><dl><dt>t</dt><dd>d</dd></dl>',
    '<a href="mailto:a@example.com">mail</a> <a href="tel:+123">call</a> <a href="#top">top</a>',
    "<details open><summary>More</summary><p>Hidden</p></details>",
    '<blockquote cite="https://example.com/">Q</blockquote><time datetime="2024-01-01">Jan 1</time>',
  ])("%s", (html) => {
    expect(clean(html)).toBe(html);
  });
});

describe("owner HTML sanitizer removes what can run or break the page", () => {
  it.each([
    ['<p onclick="x()" style="color:red" data-x="1">t</p>', "<p>t</p>"],
    ['<a href="javascript:alert(1)">x</a>', "<a>x</a>"],
    [
      '<a href="/x" target="_blank" rel="author">x</a>',
      '<a href="/x" target="_blank" rel="author noopener noreferrer">x</a>',
    ],
    ['<a href="/x" target="_top">x</a>', '<a href="/x">x</a>'],
    [
      '<img src="data:image/png;base64,AA" alt="d"><img src="/ok.png">',
      '<img src="/ok.png" alt="">',
    ],
    ['<iframe src="https://evil.test/x"></iframe>', ""],
    ['<iframe src="https://www.google.com/search?q=x"></iframe>', ""],
    [
      '<iframe src="https://www.google.com/maps/embed?pb=1" title="Map"></iframe>',
      '<iframe src="https://www.google.com/maps/embed?pb=1" title="Map" loading="lazy"></iframe>',
    ],
    [
      '<iframe src="https://player.vimeo.com/video/1" allowfullscreen></iframe>',
      '<iframe src="https://player.vimeo.com/video/1" allowfullscreen title="Embedded content" loading="lazy"></iframe>',
    ],
    ["<script>alert(1)</script><style>p{}</style><template><p>t</p></template>ok", "ok"],
    ["<svg><text>svg text</text></svg><math><mi>x</mi></math>ok", "ok"],
    ["<form action=/x><input name=q><button>Go</button></form>", "Go"],
    ['<video autoplay controls src="/v.mp4"></video>', '<video controls src="/v.mp4"></video>'],
    ['<p id="1a" class="x x  y">t</p>', '<p class="x y">t</p>'],
    ['<main class="m" id="x"><p>t</p></main>', '<div class="m" id="x"><p>t</p></div>'],
    ['<source type="video/mp4">', ""],
    [
      '<p>Call <a class="tel" href="tel:+1-555-0100">+1 555-0100</a> - now</p>',
      '<p>Call <a class="tel" href="tel:+1-555-0100">+1&nbsp;555&#8209;0100</a> - now</p>',
    ],
  ])("%s → %s", (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it("returns the empty string for empty input", () => {
    expect(clean("")).toBe("");
  });
});

describe("tidyOwnerHtml", () => {
  it("removes self-closing slashes and trailing blanks", () => {
    expect(tidyOwnerHtml('<p>a  \nb</p>\t\n<br /><img src="x" alt="" />')).toBe(
      '<p>a\nb</p>\n<br><img src="x" alt="">',
    );
  });

  it("gives a details element the summary it needs", () => {
    expect(
      tidyOwnerHtml("<details open><p>x</p></details><details><summary>S</summary></details>"),
    ).toBe(
      "<details open><summary>Details</summary><p>x</p></details><details><summary>S</summary></details>",
    );
  });

  it("adds the tbody browsers imply around bare rows, nested tables included", () => {
    expect(tidyOwnerHtml("<table><tr><td>1</td></tr><tr><td>2</td></tr></table>")).toBe(
      "<table><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>",
    );
    expect(
      tidyOwnerHtml(
        "<table><caption>c</caption><tr><td><table><tr><td>in</td></tr></table></td></tr><tfoot><tr><td>f</td></tr></tfoot></table>",
      ),
    ).toBe(
      "<table><caption>c</caption><tbody><tr><td><table><tbody><tr><td>in</td></tr></tbody></table></td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
    );
    const explicit =
      "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>";
    expect(tidyOwnerHtml(explicit)).toBe(explicit);
  });
});

describe("owner HTML sanitizer on 2,000 random combinations of the XSS corpus", () => {
  it("never emits anything that can run script", () => {
    const pieces = [
      ...XSS_PAYLOADS,
      ...URL_PAYLOADS,
      "<div>",
      "</div>",
      "<p>",
      "<table>",
      "<tr>",
      "<td>",
      '<a href="',
      '">',
      "<img src=",
      " onerror=",
      "<!--",
      "-->",
      "<svg>",
      "<math>",
      "<iframe src=",
      "https://www.youtube.com/embed/x",
      "javascript:",
      "'",
      '"',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const failures: Array<{ input: string; output: string; problems: string[] }> = [];
    for (let n = 0; n < 2000; n++) {
      let input = "";
      const parts = 1 + Math.floor(random() * 8);
      for (let p = 0; p < parts; p++) input += pieces[Math.floor(random() * pieces.length)];
      const output = clean(input);
      const problems = findXssProblems(output);
      if (problems.length > 0) failures.push({ input, output, problems });
    }
    expect(failures).toEqual([]);
  });
});
