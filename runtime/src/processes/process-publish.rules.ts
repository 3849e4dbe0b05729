/*
 * What a publish checks in the processes of a definition beyond its shape: scripts type-check
 * against the app's record types, schedule triggers can be scheduled, and nodes' own limits stay
 * within the administrator's ceilings. The checks live in the engine; only this area imports
 * @crm/engine (lint enforces it), so the runtime takes them from here.
 */
export { checkProcessSchedules, checkProcessScripts, processLimitsCheck } from '@crm/engine';
