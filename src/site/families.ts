/** Server families as the articles' `symptoms[].family` names them, with their display labels. */
export type SymptomFamily = 'openssh-7.5+' | 'openssh-pre-7.5' | 'dropbear' | 'any';

export const FAMILY_LABEL: Record<SymptomFamily, string> = {
  'openssh-7.5+': 'OpenSSH 7.5 and later',
  'openssh-pre-7.5': 'OpenSSH before 7.5',
  dropbear: 'Dropbear',
  any: 'Every version',
};

/** Display order of the families on a cause page. */
const FAMILY_ORDER: readonly SymptomFamily[] = ['openssh-7.5+', 'openssh-pre-7.5', 'dropbear', 'any'];

export function sortByFamily<T extends { family: SymptomFamily }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family));
}
