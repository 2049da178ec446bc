/**
 * The draft project list: at most one resource per need, each resource used at most its
 * capacity, placing as many needs as possible and, among the ways to place that many, maximising
 * the total score (a lexicographic maximum-weight b-matching over the acceptable pairs; decision
 * 043). Every edge weighs a placement bonus plus its score, the bonus larger than any score an
 * exchange of seats could win back, so one more need placed always beats any gain in score.
 *
 * Solved exactly by successive shortest augmenting paths, one need at a time (the Jonker–
 * Volgenant way): each need may also take a private "unassigned" column of weight 0, resources
 * carry prices (duals), and a Dijkstra search from the new need over reduced costs finds the
 * cheapest way to seat it — a resource with room, or moving others along, or leaving someone
 * (perhaps itself) out. The search stops at the first free column, so a need nobody competes
 * for costs one heap pop; only contested needs explore further, and once a group of resources is
 * found to be full for good, its prices say so and later searches stop at its edge. Searches draw
 * on a shared allowance of SEARCH_LIMIT steps per need: one that would exceed what is left is
 * abandoned (the duals stay valid for the others) and that need is seated greedily at the end, so
 * a pathological city-wide contest cannot blow up the run time.
 */

import { grow } from "./grow";
import { MinHeap } from "./min-heap";

export interface AssignmentProblem {
  needCount: number;
  /** Remaining capacity per resource. */
  capacity: ArrayLike<number>;
  /** Edge e joins need edgeNeed[e] and resource edgeRes[e] with weight (score) edgeWeight[e] in (0, 1]. */
  edgeNeed: Int32Array;
  edgeRes: Int32Array;
  edgeWeight: Float64Array;
}

export interface AssignOptions {
  /** Search steps each need adds to the allowance searches draw on (see SEARCH_LIMIT). */
  searchLimit?: number;
}

/**
 * Search steps (relaxations) each need brings. A search may spend what earlier ones left unspent,
 * so all searches together never take more than needs × SEARCH_LIMIT steps, while the rare search
 * that must cross a whole contested district once (to find it full, after which its prices stop
 * the next searches at its edge) can finish instead of being abandoned need after need.
 */
const SEARCH_LIMIT = 20_000;
const EPS = 1e-12;

/**
 * What placing a need is worth beside its score, for a problem over `resources` resources. A
 * change that seats one more need moves the needs along its path to other resources, at most one
 * per resource (a path through a resource twice has a shorter one inside it that is at least as
 * good), each losing less than 1 (scores lie in (0, 1]): a bonus above the number of resources
 * outweighs any such loss, so the most needs are placed first, whatever the scores. A power of
 * two, so that bonus + score only drops the score's last bits (scores closer than about 1e-11
 * at city size tie).
 */
export function placementBonus(resources: number): number {
  return 2 ** Math.ceil(Math.log2(resources + 2));
}

/** Chosen edge per need, or -1: the most needs placed, then the largest total weight. Deterministic for a given edge order. */
export function assignPairs(p: AssignmentProblem, options: AssignOptions = {}): Int32Array {
  const { needCount, edgeNeed, edgeRes, edgeWeight } = p;
  // Edges per need (CSR, in edge order).
  const start = new Int32Array(needCount + 1);
  for (let e = 0; e < edgeNeed.length; e++) start[edgeNeed[e] + 1]++;
  for (let i = 0; i < needCount; i++) start[i + 1] += start[i];
  const fill = start.slice(0, needCount);
  const edges = new Int32Array(edgeNeed.length);
  for (let e = 0; e < edgeNeed.length; e++) edges[fill[edgeNeed[e]]++] = e;
  const res = Int32Array.from(edges, (e) => edgeRes[e]);
  const weight = Float64Array.from(edges, (e) => edgeWeight[e]);
  const assigner = new Assigner(p.capacity, options);
  for (let i = 0; i < needCount; i++) assigner.add(res, weight, start[i], start[i + 1]);
  // The assigner numbers edges in the order they were added: the CSR order here.
  return assigner.finish().map((j) => (j >= 0 ? edges[j] : -1));
}

/**
 * The assignment built need by need, in the order needs are added (each with its edges), so a
 * caller can start with the needs it has while others are still being ranked elsewhere. finish()
 * seats the abandoned ones and gives each need's chosen edge: its number among all edges added.
 */
export class Assigner {
  private readonly limit: number;
  /** Steps earlier searches left unspent, which the next may use (see SEARCH_LIMIT). */
  private bank = 0;
  /** Added to every edge's weight: see placementBonus. */
  private readonly bonus: number;
  private readonly capacity: Float64Array;
  private readonly price: Float64Array; // v: resource duals (≤ 0), cost = −weight
  private readonly dist: Float64Array;
  private readonly seen: Int32Array; // stamp: dist valid for this search
  private readonly done: Int32Array; // stamp: popped
  private readonly predNeed: Int32Array;
  private readonly predEdge: Int32Array;
  // Needs seated at each resource, in seating order: a list through next/prev from first to last.
  private readonly seated: Int32Array;
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  private next = new Int32Array(1024);
  private prev = new Int32Array(1024);
  /** Edges of need k: res/weight[start[k] .. start[k + 1]). */
  private start = new Int32Array(1025);
  private res = new Int32Array(4096);
  private weight = new Float64Array(4096); // bonus + score
  private chosen = new Int32Array(1024);
  private chosenWeight = new Float64Array(1024); // weight[chosen[k]], read in the hot loop
  private needs = 0;
  private edges = 0;
  private readonly heap = new MinHeap();
  private readonly scanned: number[] = [];
  private readonly skipped: number[] = [];
  private stamp = 0;

  constructor(capacity: ArrayLike<number>, options: AssignOptions = {}) {
    this.limit = options.searchLimit ?? SEARCH_LIMIT;
    const n = capacity.length;
    this.bonus = placementBonus(n);
    this.capacity = Float64Array.from(capacity);
    this.price = new Float64Array(n);
    this.dist = new Float64Array(n);
    this.seen = new Int32Array(n);
    this.done = new Int32Array(n);
    this.predNeed = new Int32Array(n);
    this.predEdge = new Int32Array(n);
    this.seated = new Int32Array(n);
    this.first = new Int32Array(n).fill(-1);
    this.last = new Int32Array(n).fill(-1);
  }

  /** Adds the next need with the edges (res[j], weight[j]) for j in from..to (weights in (0, 1]), and seats it. */
  add(res: ArrayLike<number>, weight: ArrayLike<number>, from: number, to: number): void {
    const k = this.needs;
    if (k + 1 >= this.chosen.length) {
      const size = 2 * this.chosen.length;
      this.next = grow(this.next, size);
      this.prev = grow(this.prev, size);
      this.chosen = grow(this.chosen, size);
      this.chosenWeight = grow(this.chosenWeight, size);
      this.start = grow(this.start, size + 1);
    }
    if (this.edges + (to - from) > this.res.length) {
      const size = Math.max(2 * this.res.length, this.edges + (to - from));
      this.res = grow(this.res, size);
      this.weight = grow(this.weight, size);
    }
    for (let j = from; j < to; j++, this.edges++) {
      this.res[this.edges] = res[j];
      this.weight[this.edges] = this.bonus + weight[j];
    }
    this.chosen[k] = -1;
    this.needs++;
    this.start[this.needs] = this.edges;
    if (to > from) this.seat(k);
  }

  /** Seats the needs whose search was abandoned (best edge with room left); each need's chosen edge or -1. */
  finish(): Int32Array {
    const { start, res, weight, chosen, seated, capacity } = this;
    for (const i of this.skipped) {
      for (let j = start[i]; j < start[i + 1]; j++) {
        if (seated[res[j]] < capacity[res[j]] && (chosen[i] < 0 || weight[j] > weight[chosen[i]])) chosen[i] = j;
      }
      if (chosen[i] >= 0) this.enter(i, res[chosen[i]]);
    }
    this.skipped.length = 0;
    return chosen.slice(0, this.needs);
  }

  /** The resource of each chosen edge (from finish()), or -1. */
  resourceOf(edge: number): number {
    return edge >= 0 ? this.res[edge] : -1;
  }

  /**
   * Shortest augmenting path from need i0 (the Jonker–Volgenant way, see the top of this file),
   * stopping at the first free column; abandoned beyond the search limit.
   */
  private seat(i0: number): void {
    const {
      limit,
      capacity,
      price,
      dist,
      seen,
      done,
      predNeed,
      predEdge,
      seated,
      first,
      next,
      start,
      res,
      weight,
      chosenWeight,
      heap,
      scanned,
    } = this;
    const stamp = ++this.stamp;
    heap.clear();
    scanned.length = 0;
    let u0 = 0; // the private column costs 0
    for (let j = start[i0]; j < start[i0 + 1]; j++) u0 = Math.min(u0, -weight[j] - price[res[j]]);
    for (let j = start[i0]; j < start[i0 + 1]; j++) {
      const r = res[j];
      const d = -weight[j] - price[r] - u0;
      if (seen[r] !== stamp || d < dist[r]) {
        seen[r] = stamp;
        dist[r] = d;
        predNeed[r] = i0;
        predEdge[r] = j;
        heap.push(d, r);
      }
    }
    // The best sink so far: i0's own "unassigned" column, or a free resource, or another need's.
    let sinkDist = -u0;
    let sinkRes = -1;
    let sinkNeed = i0; // when sinkRes < 0: this need ends unassigned
    let sinkVia = -1; // ...reached through this resource (-1: i0 itself)
    this.bank += limit;
    const allowed = this.bank;
    let work = 0;
    while (heap.size > 0 && work <= allowed) {
      const j = heap.pop();
      if (done[j] === stamp) continue;
      const dj = dist[j];
      if (dj > sinkDist + EPS) break;
      done[j] = stamp;
      if (seated[j] < capacity[j]) {
        if (dj <= sinkDist + EPS) {
          sinkDist = dj;
          sinkRes = j;
        }
        break;
      }
      scanned.push(j);
      for (let k = first[j]; k >= 0; k = next[k]) {
        // u of a seated need: its tight edge's reduced cost is 0.
        const uk = -chosenWeight[k] - price[j];
        if (dj - uk < sinkDist - EPS) {
          sinkDist = dj - uk;
          sinkRes = -1;
          sinkNeed = k;
          sinkVia = j;
        }
        for (let t = start[k]; t < start[k + 1]; t++) {
          const l = res[t];
          work++;
          if (l === j || done[l] === stamp) continue;
          const nd = dj - weight[t] - uk - price[l];
          if (seen[l] !== stamp || nd < dist[l] - EPS) {
            seen[l] = stamp;
            dist[l] = nd;
            predNeed[l] = k;
            predEdge[l] = t;
            heap.push(nd, l);
          }
        }
      }
    }
    this.bank -= Math.min(work, this.bank);
    if (work > allowed) {
      this.skipped.push(i0);
      return;
    }
    for (const j of scanned) if (dist[j] < sinkDist) price[j] += dist[j] - sinkDist;
    // Augment: walk back from the sink, each need moving into the column it was reached from.
    let col: number;
    if (sinkRes >= 0) col = sinkRes;
    else if (sinkVia < 0)
      return; // i0 stays unassigned: nothing gains
    else {
      this.leave(sinkNeed);
      col = sinkVia;
    }
    const { chosen } = this;
    for (;;) {
      const k = predNeed[col];
      const e = predEdge[col];
      const from = chosen[k] >= 0 ? res[chosen[k]] : -1;
      if (from >= 0) this.leave(k);
      chosen[k] = e;
      chosenWeight[k] = weight[e];
      this.enter(k, col);
      if (k === i0) break;
      col = from;
    }
  }

  /** Seats need k at resource j, last in its seating order. */
  private enter(k: number, j: number): void {
    const { first, last, next, prev } = this;
    prev[k] = last[j];
    next[k] = -1;
    if (last[j] >= 0) next[last[j]] = k;
    else first[j] = k;
    last[j] = k;
    this.seated[j]++;
  }

  /** Unseats need k, keeping the others in seating order. */
  private leave(k: number): void {
    const j = this.res[this.chosen[k]];
    const { first, last, next, prev } = this;
    if (prev[k] >= 0) next[prev[k]] = next[k];
    else first[j] = next[k];
    if (next[k] >= 0) prev[next[k]] = prev[k];
    else last[j] = prev[k];
    this.seated[j]--;
    this.chosen[k] = -1;
  }
}
