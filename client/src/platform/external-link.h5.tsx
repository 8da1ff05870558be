interface Props {
  url: string;
  copiedText: string;
}

/**
 * A web link in a message, on the web: opens in a new tab, which gets neither this page (`noopener`) nor where it
 * came from (`noreferrer`). Only http(s) addresses get here (see link-segments.ts).
 */
export function ExternalLink({ url }: Props) {
  return (
    <a className="message-link" href={url} target="_blank" rel="noopener noreferrer">
      {url}
    </a>
  );
}
