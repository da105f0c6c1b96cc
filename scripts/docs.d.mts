export const REFERENCE_PATH: string;
export function generateReference(help?: (path: string[]) => string | Promise<string>): Promise<string>;
