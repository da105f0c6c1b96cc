/* eslint-disable no-control-regex -- matching control characters is the point of this module */
// Control characters in user text: C0 (except tab, and newline where a field may hold several
// lines), DEL and C1. Printed raw they move the cursor, retitle the terminal or, through OSC 52,
// write the clipboard; a NUL cuts C strings. They are refused at input and escaped on display.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
const CONTROL_SINGLE_LINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/u;
const CONTROL_ALL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/** The first forbidden control character of `text` (tab always allowed, newline only if `multiline`). */
export function findControlCharacter(text: string, options: { multiline?: boolean } = {}): string | undefined {
  return (options.multiline ? CONTROL : CONTROL_SINGLE_LINE).exec(text)?.[0];
}

/** `\u001b` shown as `\x1b`, the way a programmer would write it. */
export function describeControlCharacter(char: string): string {
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** Text safe to print: every control character but tab and newline shown as `\xNN`. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_ALL, describeControlCharacter);
}

/** Our own colour codes (SGR: ESC [ ... m), the one escape sequence the tool itself prints. */
const OWN_COLOUR_OR_CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Text for a terminal: control characters of the data shown as `\xNN`, our colour codes kept.
 * A stored name holding OSC 52 (clipboard write) or a cursor move is printed harmless.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(OWN_COLOUR_OR_CONTROL, (match) => (match.length > 1 ? match : describeControlCharacter(match)));
}
