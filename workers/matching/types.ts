/**
 * The matching engine's input and output ("matching input v1"). Ids are strings so that the same
 * shapes serve the database (numeric ids as strings), the CLI and other platforms. Nothing here
 * is personal data: no contact names, phones or addresses of beneficiaries.
 */
export interface MatchingCommunity {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

export interface MatchingUnit {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

export interface MatchingNeed {
  id: string;
  communityId: string;
  title: string;
  description?: string;
  /** A taxonomy label; inferred from the text when missing. */
  category?: string;
  startDate?: string;
  endDate?: string;
}

export interface MatchingResource {
  id: string;
  unitId: string;
  title: string;
  description?: string;
  category?: string;
  /** Remaining capacity: how many more needs it can serve. Defaults to 1. */
  capacity?: number;
  /** Missing or null: no distance limit. */
  serviceRadiusKm?: number | null;
  startDate?: string;
  endDate?: string;
}

export type Grade = "好" | "较好" | "一般" | "差";

/** Completed projects between a community and a unit, with the unit's evaluation grades. */
export interface PairHistory {
  communityId: string;
  unitId: string;
  completedProjects: number;
  grades?: Grade[];
}

/** Projects a unit already carries, so work spreads across units. */
export interface UnitLoad {
  unitId: string;
  activeProjects: number;
}

/**
 * A unit and a community that have confirmed a pairing (结对: the unit reported to the community,
 * or the street paired them, and the community confirmed; decision 041). A soft signal only: the
 * unit's resources are slightly favoured for the community's needs. Ids only.
 */
export interface Pairing {
  communityId: string;
  unitId: string;
}

/**
 * What the district's past decisions say about needs whose text holds `term` (two CJK characters):
 * how many such needs were served by a resource of `category` (accepted: confirmed proposals and
 * claims, corrections of a need's category) and how often a resource of that category was refused
 * for them for what it offers or whom it serves (rejected). Counts are decayed with age, so they
 * need not be whole numbers. The rows of term "*" count all decided needs of the district (the
 * base rates). Aggregates over terms: no need's text, no person (decision 045).
 */
export interface DecisionEvidence {
  term: string;
  category: string;
  accepted: number;
  rejected: number;
}

export interface MatchingInput {
  communities: MatchingCommunity[];
  units: MatchingUnit[];
  needs: MatchingNeed[];
  resources: MatchingResource[];
  history?: PairHistory[];
  unitLoad?: UnitLoad[];
  pairs?: Pairing[];
  evidence?: DecisionEvidence[];
}

export interface Proposal {
  needId: string;
  resourceId: string;
  /** In [0,1]; ≥ 0.5 means a street official would accept the pair. */
  score: number;
  /** Human-readable reasons in Chinese: category, shared terms, distance, window. */
  reasons: string[];
}

export interface Assignment {
  needId: string;
  resourceId: string;
}

export interface MatchingOutput {
  /** Proposals of one need are contiguous and best-first. */
  proposals: Proposal[];
  /** A capacity-respecting choice of at most one resource per need (the draft project list). */
  assignment: Assignment[];
}

export interface MatchOptions {
  /** Proposals kept per need (default 5). */
  topK?: number;
}

/** Score at and above which a pair is worth a street official's yes. */
export const ACCEPTABLE_SCORE = 0.5;
