/** The visible ends of an output too long to show whole, and what was left out between them. */
export interface CollapsedText {
  head: string;
  tail: string;
  /** e.g. `1,234 lines` or `45,000 characters`. */
  hidden: string;
}

export interface CollapseLimits {
  maxLines: number;
  headLines: number;
  tailLines: number;
  maxChars: number;
}

// Training loops print per epoch; the last lines are the ones people look for, so the tail is longer.
export const STREAM_LIMITS: CollapseLimits = {
  maxLines: 200,
  headLines: 20,
  tailLines: 60,
  maxChars: 20_000,
};

const count = new Intl.NumberFormat('en-US');

/** Null when the text is short enough to show whole. */
export function collapseText(
  text: string,
  limits: CollapseLimits = STREAM_LIMITS,
): CollapsedText | null {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text;
  const lines = body.split('\n');
  if (lines.length > limits.maxLines) {
    const hiddenLines = lines.length - limits.headLines - limits.tailLines;
    return {
      head: lines.slice(0, limits.headLines).join('\n'),
      tail: lines.slice(lines.length - limits.tailLines).join('\n'),
      hidden: `${count.format(hiddenLines)} lines`,
    };
  }
  // Few but enormous lines (a printed array) would still freeze layout.
  if (body.length > limits.maxChars) {
    const headChars = Math.floor(limits.maxChars / 4);
    const tailChars = Math.floor(limits.maxChars / 2);
    return {
      head: body.slice(0, headChars),
      tail: body.slice(body.length - tailChars),
      hidden: `${count.format(body.length - headChars - tailChars)} characters`,
    };
  }
  return null;
}
