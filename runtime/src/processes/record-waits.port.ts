/*
 * What other runtime areas may do to the engine's waiting jobs. Only this area imports the engine;
 * a merge (duplicates) re-points the waits of merged records onto the survivor through here, in
 * its own transaction, instead of writing the engine's run_jobs itself.
 */
export { moveRecordWaits } from '@crm/engine';
