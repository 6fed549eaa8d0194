import type { EditionData } from '../edition.js';
import { CURRENT } from './current.js';
import { POLICY_2022 } from './policy-2022.js';

export { COUNCIL_MEMBERSHIPS, REFERENCE_ORGANIZATIONS } from './organizations.js';

/** Every shipped edition, oldest first. */
export const EDITIONS: readonly EditionData[] = [POLICY_2022, CURRENT];
