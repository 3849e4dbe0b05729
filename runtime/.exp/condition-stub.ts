export function checkCondition(): never[] { return []; }
