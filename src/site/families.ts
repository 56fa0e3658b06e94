/** Server families as the articles' `symptoms[].family` names them, in the order a cause page shows them. */
export const SYMPTOM_FAMILIES = ['openssh-7.5+', 'openssh-pre-7.5', 'dropbear', 'any'] as const;

export type SymptomFamily = (typeof SYMPTOM_FAMILIES)[number];

export const FAMILY_LABEL: Record<SymptomFamily, string> = {
  'openssh-7.5+': 'OpenSSH 7.5 and later',
  'openssh-pre-7.5': 'OpenSSH before 7.5',
  dropbear: 'Dropbear',
  any: 'Every version',
};

export function sortByFamily<T extends { family: SymptomFamily }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => SYMPTOM_FAMILIES.indexOf(a.family) - SYMPTOM_FAMILIES.indexOf(b.family));
}
