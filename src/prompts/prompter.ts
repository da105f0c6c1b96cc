// The Prompter interface: commands ask through it, never through inquirer directly, so
// tests can script the answers (and fail on any question they did not expect).

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  input(question: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T>(question: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  confirm(question: { message: string; default?: boolean }): Promise<boolean>;
  /** A secret typed without echo (a password): never shown, never stored by the tool. */
  password(question: { message: string }): Promise<string>;
}

/** Used when there is no terminal: any question is a programming error (we must never prompt). */
export const noPrompter: Prompter = {
  input: (q) => Promise.reject(new Error(`question posée sans terminal : ${q.message}`)),
  select: (q) => Promise.reject(new Error(`question posée sans terminal : ${q.message}`)),
  confirm: (q) => Promise.reject(new Error(`question posée sans terminal : ${q.message}`)),
  password: (q) => Promise.reject(new Error(`question posée sans terminal : ${q.message}`)),
};
