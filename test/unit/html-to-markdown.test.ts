import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, htmlToPlainText } from '../../src/content/import/html-to-markdown.js';

describe('HTML from Anki fields to Discord markdown', () => {
  it('keeps bold, italics, underline and strike; blocks and <br> become lines', () => {
    expect(
      htmlToMarkdown('<div>도커는 <b>컨테이너</b>를</div><div><i>만든다</i>&nbsp;<s>아님</s></div>a<br>b')
        .text,
    ).toBe('도커는 **컨테이너**를\n*만든다* ~~아님~~\na\nb');
  });

  it('lists become markdown lists', () => {
    expect(htmlToMarkdown('<ul><li>하나</li><li>둘</li></ul><ol><li>가</li><li>나</li></ol>').text).toBe(
      '- 하나\n- 둘\n1. 가\n2. 나',
    );
  });

  it('drops scripts, styles and every attribute; notes media and reports the script', () => {
    const converted = htmlToMarkdown(
      '<script>alert(1)</script><style>b{}</style><a href="javascript:x" onclick="y">링크</a><img src="a.png"> [sound:b.mp3]',
    );
    expect(converted).toEqual({ text: '링크', media: ['b.mp3', 'a.png'], hadScript: true });
  });

  it('escapes text that Discord would read as markdown or a mention, and defuses @everyone', () => {
    expect(htmlToMarkdown('*별* _밑줄_ &lt;@123&gt; @everyone').text).toBe(
      '\\*별\\* \\_밑줄\\_ \\<@123\\> @\u200beveryone',
    );
  });

  it('plain text keeps what a member would type', () => {
    expect(htmlToPlainText('<b>docker</b> build*').text).toBe('docker build*');
  });
});
