/**
 * @jest-environment jsdom
 */
import { render } from '@testing-library/react';
import { MessageText } from '../../src/components/MessageText';
import { linkSegments } from '../../src/components/link-segments';
import { ExternalLink } from '../../src/platform/external-link.h5';

describe('links in message text', () => {
  it('cuts text into plain runs and http(s) links that join back into the text exactly', () => {
    const text = 'see https://example.com/a?b=1, and http://例子.cn/路径。then javascript:alert(1) or https:// alone';
    const segments = linkSegments(text);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(segments.filter((segment) => segment.kind === 'link').map((segment) => segment.text)).toEqual([
      'https://example.com/a?b=1',
      'http://例子.cn/路径',
    ]);
  });

  it('leaves sentence punctuation out of a link and keeps text without links whole', () => {
    expect(linkSegments('go to https://tandem.chat/docs).')).toEqual([
      { kind: 'text', text: 'go to ' },
      { kind: 'link', text: 'https://tandem.chat/docs' },
      { kind: 'text', text: ').' },
    ]);
    expect(linkSegments('no links\nhere')).toEqual([{ kind: 'text', text: 'no links\nhere' }]);
  });

  it('renders line breaks as text and links as links, never markup', () => {
    const text = 'line one\n<b>line two</b> https://example.com';
    const { container } = render(<MessageText text={text} />);
    expect(container.querySelector('.message-text')?.textContent).toBe(text);
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('.message-link')?.textContent).toBe('https://example.com');
  });

  it('opens a web link in a new tab that gets neither the page nor where it came from', () => {
    const { container } = render(<ExternalLink url="https://example.com/x" copiedText="copied" />);
    const anchor = container.querySelector('a');
    expect(anchor?.getAttribute('href')).toBe('https://example.com/x');
    expect(anchor?.getAttribute('target')).toBe('_blank');
    expect(anchor?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});
