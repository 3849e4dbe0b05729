import { MAX_PATTERN_INPUT } from '../validation/linear-regexp.factory.js';

/*
 * The values a field can hold whatever its definition says: what the database column stores and what
 * JavaScript reads back unchanged. A value beyond them is the caller's error (400 naming the field and
 * the bound), never a database error (500) or a silently rounded number.
 */

/** integer is a bigint column, but JSON numbers beyond 2^53 - 1 are not exact in JavaScript. */
export const INTEGER_RANGE = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

/** number and percent are numeric columns; beyond 2^53 a JavaScript number no longer holds every integer. */
export const NUMBER_RANGE = { min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

/**
 * money is numeric(18,2): up to 16 digits before the point, but an amount keeps its cents in a
 * JavaScript number only while amount * 100 stays below 2^53, so 13 digits.
 */
export const MONEY_RANGE = { min: -9_999_999_999_999.99, max: 9_999_999_999_999.99 } as const;

/** A text field is one line; longer than this it is a longtext. Its pattern is tested up to this length. */
export const TEXT_MAX_LENGTH = MAX_PATTERN_INPUT;

/** Years both PostgreSQL (no year 0) and an ISO string (four digits) carry unchanged. */
export const YEAR_RANGE = { min: 1, max: 9999 } as const;

/** The tighter of a field's own bound and the storage bound. */
export function lowerBound(own: number | undefined, limit: number): number {
  return own === undefined ? limit : Math.max(own, limit);
}

export function upperBound(own: number | undefined, limit: number): number {
  return own === undefined ? limit : Math.min(own, limit);
}
