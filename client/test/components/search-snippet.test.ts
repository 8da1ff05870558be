import { snippetSegments } from '../../src/components/search/snippet';

describe('snippetSegments', () => {
  it('splits a text into plain and matched pieces by the server’s ranges', () => {
    expect(
      snippetSegments('Hello 你好, hello!', [
        [0, 5],
        [6, 8],
        [10, 15],
      ]),
    ).toEqual([
      { text: 'Hello', hit: true },
      { text: ' ', hit: false },
      { text: '你好', hit: true },
      { text: ', ', hit: false },
      { text: 'hello', hit: true },
      { text: '!', hit: false },
    ]);
  });

  it('shortens a long text around its first match, marking what was left out', () => {
    const text = `${'a'.repeat(100)}needle${'b'.repeat(300)}`;
    const segments = snippetSegments(text, [[100, 106]]);
    expect(segments[0]).toEqual({ text: '…', hit: false });
    expect(segments[1]?.text).toBe('a'.repeat(24));
    expect(segments[2]).toEqual({ text: 'needle', hit: true });
    expect(segments[segments.length - 1]).toEqual({ text: '…', hit: false });
    expect(segments.map((segment) => segment.text).join('').length).toBe(160 + 2);
  });

  it('shows a text without matches as it is', () => {
    expect(snippetSegments('plain', [])).toEqual([{ text: 'plain', hit: false }]);
  });
});
