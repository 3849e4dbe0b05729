import { isJsonObject, toJson, type JsonObject, type JsonValue } from '../json.types.js';
import type { JoinState, LoopState, RunContextState } from '../run/run-state.types.js';

/** A run's context as stored, read leniently: a missing part is empty, never an error. */
export function decodeRunContext(value: unknown): RunContextState {
  const raw = isJsonObject(value) ? value : {};
  const steps: Record<string, JsonValue> = isJsonObject(raw['steps']) ? Object.fromEntries(Object.entries(raw['steps']).map(([k, v]) => [k, toJson(v)])) : {};
  const joins: Record<string, JoinState> = {};
  if (isJsonObject(raw['joins'])) {
    for (const [key, j] of Object.entries(raw['joins'])) {
      if (!isJsonObject(j)) continue;
      const arrived = Array.isArray(j['arrived']) ? j['arrived'].filter((t): t is string => typeof t === 'string') : [];
      joins[key] = { arrived, fired: j['fired'] === true };
    }
  }
  const loops: Record<string, LoopState> = {};
  if (isJsonObject(raw['loops'])) {
    for (const [key, l] of Object.entries(raw['loops'])) {
      if (!isJsonObject(l)) continue;
      loops[key] = {
        entity: typeof l['entity'] === 'string' ? l['entity'] : '',
        items: Array.isArray(l['items']) ? l['items'].filter((t): t is string => typeof t === 'string') : [],
        index: typeof l['index'] === 'number' ? l['index'] : 0,
        parent: typeof l['parent'] === 'string' ? l['parent'] : 'r',
      };
    }
  }
  const visits: Record<string, number> = {};
  if (isJsonObject(raw['visits'])) for (const [k, v] of Object.entries(raw['visits'])) if (typeof v === 'number') visits[k] = v;
  return {
    steps,
    joins,
    loops,
    visits,
    stepCount: typeof raw['stepCount'] === 'number' ? raw['stepCount'] : 0,
    result: toJson(raw['result'] ?? null),
  };
}

export function encodeRunContext(context: RunContextState): JsonObject {
  const json = toJson(context);
  return isJsonObject(json) ? Object.fromEntries(Object.entries(json).map(([k, v]) => [k, toJson(v)])) : {};
}

export function emptyRunContext(): RunContextState {
  return { steps: {}, joins: {}, loops: {}, visits: {}, stepCount: 0, result: null };
}
