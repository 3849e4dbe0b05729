/** Text for people, in both product languages. */
export interface LocalizedMessage {
  ru: string;
  en: string;
}

/**
 * One problem in an app definition (or template bundle). `pointer` is a JSON pointer into the
 * document that was validated; process issues also name the process and, for nodes, the node id.
 */
export interface DefinitionIssue {
  /** Stable machine code, e.g. DUPLICATE_NAME, UNKNOWN_FIELD, ORPHAN_NODE, UNCONNECTED_HANDLE. */
  code: string;
  pointer: string;
  nodeId?: string;
  process?: string;
  message: LocalizedMessage;
}
