// The Qwen-Character capabilities, and who may use the paid ones, as adapters call them (slash
// commands, the playground): each takes the core's deps and a channel (the budget: its server's
// scope), and returns `{ ok, message, … }`, never throwing for an expected refusal.
export {
  offerAlternatives,
  pickAlternative,
  MAX_ALTERNATIVES,
  type OfferedAlternatives,
} from './alternatives.js';
export { budgetReport, clearDailyBudget, setDailyBudget } from './budget-admin.js';
export { recentFailures } from './failures.js';
export { addLore, listLore, removeLore, type LoreInput } from './lore-admin.js';
export { setMemory, type MemoryInput } from './memory-admin.js';
export { withMemory, withNoActions } from './persona-switches.js';
export type { Outcome, Refusal } from './outcome.js';
export { regenerate } from './regenerate.js';
export {
  admitRetake,
  isCooldownRefusal,
  MEMBER_RETAKE_COOLDOWN_MS,
  type CooldownRefusal,
  type RetakeAdmission,
  type RetakeRequester,
} from './retake-access.js';
export { clearOnceNotes, sceneOnce, setSceneNote } from './scene-notes.js';
export { buildUsageReport, usageReport, type UsageReport } from './usage-report.js';
