/** The conformance harness's public API, for other tests and scripts. */
export { loadRecordings, loadScenarioFiles, recordingPath, scenarioPath, RECORDING_DIR, SCENARIO_DIR } from './files.ts';
export { LIVE_CONCURRENCY, runLive, runDriver, runMany } from './run.ts';
export { checkPrerequisites, type Prerequisites } from './prereq.ts';
export { EPHEMERAL_PORT } from './normalise.ts';
export type { Recording, RealOutput, ScenarioFile, SourceOnly, DriverResult, Probe } from './types.ts';
