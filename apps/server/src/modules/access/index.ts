// The visibility policy: every list, search, export, feed, push and notification filters
// through these, so a reader needs nothing else to decide who may see an item.
export {
  ALL_CI_KINDS,
  TLP_LEVELS,
  canRelay,
  canSee,
  checkRelayNarrowing,
  entryCounts,
  isAllCi,
  mayKnowOriginator,
  parseTlp,
  presentOriginator,
  protectedItemFromRow,
  tlpRank,
  type AudienceEntry,
  type PolicyViewer,
  type ProtectedItem,
  type ProtectedRow,
  type RelayCheck,
  type Tlp,
} from './visibility.js';
export { presentedOriginator, visibleTo } from './visible-to.js';
