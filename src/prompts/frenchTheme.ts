// @inquirer speaks English ("↑↓ navigate • ⏎ select", "(y/N)", "No"); its theme options let
// every prompt speak French. Plain data and functions: only inquirer.ts imports inquirer.
import { styleText } from 'node:util';

/** The words of a yes/no question: hint "(o/N)", answers "Oui"/"Non", "o" and "n" accepted. */
export const confirmTheme = {
  keywords: {
    yes: 'Oui',
    no: 'Non',
    error: ({ yes, no }: { yes: string; no: string }) => `Répondez « ${yes} » ou « ${no} » (o ou n).`,
  },
};

const KEY_ACTIONS: Record<string, string> = { navigate: 'choisir', select: 'valider' };

/** The key help of a list: "↑↓ choisir • ⏎ valider". */
export const selectTheme = {
  style: {
    keysHelpTip: (keys: [string, string][]) =>
      keys.map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', KEY_ACTIONS[action] ?? action)}`).join(styleText('dim', ' • ')),
  },
  i18n: { disabledError: 'Ce choix n’est pas disponible.' },
};
