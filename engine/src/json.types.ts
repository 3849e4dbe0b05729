/** A value that survives JSON.stringify / JSON.parse unchanged: what run state and step outputs are. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy through JSON: whatever is not JSON (functions, undefined, Dates as objects) is normalised away. */
export function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  const parsed: JsonValue = JSON.parse(text);
  return parsed;
}
