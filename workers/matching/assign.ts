/**
 * The draft project list: at most one resource per need, each resource used at most its
 * capacity, maximising the total score (a maximum-weight b-matching over the acceptable pairs).
 *
 * Solved exactly by successive shortest augmenting paths, one need at a time (the Jonker–
 * Volgenant way): each need may also take a private "unassigned" column of weight 0, resources
 * carry prices (duals), and a Dijkstra search from the new need over reduced costs finds the
 * cheapest way to seat it — a resource with room, or moving others along, or leaving someone
 * (perhaps itself) out. The search stops at the first free column, so a need nobody competes
 * for costs one heap pop; only contested needs explore further. A search that would explore more
 * than SEARCH_LIMIT steps is abandoned (the duals stay valid for the others) and that need is
 * seated greedily at the end, so a pathological city-wide contest cannot blow up the run time.
 */

export interface AssignmentProblem {
  needCount: number;
  /** Remaining capacity per resource. */
  capacity: ArrayLike<number>;
  /** Edge e joins need edgeNeed[e] and resource edgeRes[e] with weight edgeWeight[e] > 0. */
  edgeNeed: Int32Array;
  edgeRes: Int32Array;
  edgeWeight: Float64Array;
}

export interface AssignOptions {
  /** Heap pops + relaxations allowed per need before it is left to the greedy pass. */
  searchLimit?: number;
}

const SEARCH_LIMIT = 20_000;
const EPS = 1e-12;

/** Chosen edge per need, or -1. Deterministic for a given edge order. */
export function assignPairs(p: AssignmentProblem, options: AssignOptions = {}): Int32Array {
  const limit = options.searchLimit ?? SEARCH_LIMIT;
  const { needCount, edgeNeed, edgeRes, edgeWeight } = p;
  const resCount = p.capacity.length;
  const capacity = Float64Array.from(p.capacity);
  // Edges per need (CSR, in edge order).
  const start = new Int32Array(needCount + 1);
  for (let e = 0; e < edgeNeed.length; e++) start[edgeNeed[e] + 1]++;
  for (let i = 0; i < needCount; i++) start[i + 1] += start[i];
  const fill = start.slice(0, needCount);
  const edges = new Int32Array(edgeNeed.length);
  for (let e = 0; e < edgeNeed.length; e++) edges[fill[edgeNeed[e]]++] = e;
  // The same in CSR order, read sequentially by the searches' inner loop.
  const csrRes = Int32Array.from(edges, (e) => edgeRes[e]);
  const csrWeight = Float64Array.from(edges, (e) => edgeWeight[e]);
  // Needs seated at resource j, in seating order: seat[seatStart[j] .. seatStart[j] + seated[j]).
  // A resource never seats more than its capacity nor more needs than have an edge to it.
  const seatStart = new Int32Array(resCount + 1);
  for (let e = 0; e < edgeRes.length; e++) seatStart[edgeRes[e] + 1]++;
  for (let j = 0; j < resCount; j++) seatStart[j + 1] = seatStart[j] + Math.max(0, Math.min(seatStart[j + 1], Math.ceil(capacity[j])));
  const seat = new Int32Array(seatStart[resCount]);
  const seated = new Int32Array(resCount);

  const price = new Float64Array(resCount); // v: resource duals (≤ 0), cost = −weight
  const chosen = new Int32Array(needCount).fill(-1);
  const chosenWeight = new Float64Array(needCount); // edgeWeight[chosen[k]], read in the hot loop
  const dist = new Float64Array(resCount);
  const seen = new Int32Array(resCount); // stamp: dist valid for this search
  const done = new Int32Array(resCount); // stamp: popped
  const predNeed = new Int32Array(resCount);
  const predEdge = new Int32Array(resCount);
  const heap = new MinHeap();
  const scanned: number[] = [];
  const skipped: number[] = [];
  let stamp = 0;

  for (let i0 = 0; i0 < needCount; i0++) {
    if (start[i0] === start[i0 + 1]) continue;
    stamp++;
    heap.clear();
    scanned.length = 0;
    let u0 = 0; // the private column costs 0
    for (let j = start[i0]; j < start[i0 + 1]; j++) u0 = Math.min(u0, -csrWeight[j] - price[csrRes[j]]);
    for (let j = start[i0]; j < start[i0 + 1]; j++) {
      const e = edges[j];
      const r = csrRes[j];
      const d = -csrWeight[j] - price[r] - u0;
      if (seen[r] !== stamp || d < dist[r]) {
        seen[r] = stamp;
        dist[r] = d;
        predNeed[r] = i0;
        predEdge[r] = e;
        heap.push(d, r);
      }
    }
    // The best sink so far: i0's own "unassigned" column, or a free resource, or another need's.
    let sinkDist = -u0;
    let sinkRes = -1;
    let sinkNeed = i0; // when sinkRes < 0: this need ends unassigned
    let sinkVia = -1; // ...reached through this resource (-1: i0 itself)
    let work = 0;
    while (heap.size > 0 && work <= limit) {
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
      for (let h = seatStart[j]; h < seatStart[j] + seated[j]; h++) {
        const k = seat[h];
        // u of a seated need: its tight edge's reduced cost is 0.
        const uk = -chosenWeight[k] - price[j];
        if (dj - uk < sinkDist - EPS) {
          sinkDist = dj - uk;
          sinkRes = -1;
          sinkNeed = k;
          sinkVia = j;
        }
        for (let t = start[k]; t < start[k + 1]; t++) {
          const l = csrRes[t];
          work++;
          if (l === j || done[l] === stamp) continue;
          const nd = dj - csrWeight[t] - uk - price[l];
          if (seen[l] !== stamp || nd < dist[l] - EPS) {
            seen[l] = stamp;
            dist[l] = nd;
            predNeed[l] = k;
            predEdge[l] = edges[t];
            heap.push(nd, l);
          }
        }
      }
    }
    if (work > limit) {
      skipped.push(i0);
      continue;
    }
    for (const j of scanned) if (dist[j] < sinkDist) price[j] += dist[j] - sinkDist;
    // Augment: walk back from the sink, each need moving into the column it was reached from.
    let col: number;
    if (sinkRes >= 0) col = sinkRes;
    else if (sinkVia < 0) continue; // i0 stays unassigned: nothing gains
    else {
      leave(sinkNeed);
      col = sinkVia;
    }
    for (;;) {
      const k = predNeed[col];
      const e = predEdge[col];
      const from = chosen[k] >= 0 ? edgeRes[chosen[k]] : -1;
      if (from >= 0) leave(k);
      chosen[k] = e;
      chosenWeight[k] = edgeWeight[e];
      seat[seatStart[col] + seated[col]++] = k;
      if (k === i0) break;
      col = from;
    }
  }
  // Needs whose search was abandoned: best edge with room left.
  for (const i of skipped) {
    for (let j = start[i]; j < start[i + 1]; j++) {
      const e = edges[j];
      if (seated[edgeRes[e]] < capacity[edgeRes[e]] && (chosen[i] < 0 || edgeWeight[e] > edgeWeight[chosen[i]])) chosen[i] = e;
    }
    if (chosen[i] >= 0) seat[seatStart[edgeRes[chosen[i]]] + seated[edgeRes[chosen[i]]]++] = i;
  }
  return chosen;

  /** Unseats need k, keeping the others in seating order. */
  function leave(k: number): void {
    const j = edgeRes[chosen[k]];
    const end = seatStart[j] + seated[j];
    let h = seatStart[j];
    while (seat[h] !== k) h++;
    seat.copyWithin(h, h + 1, end);
    seated[j]--;
    chosen[k] = -1;
  }
}

/** A binary min-heap of (key, value), ties by value, in growable typed arrays. */
class MinHeap {
  private keys = new Float64Array(64);
  private vals = new Int32Array(64);
  size = 0;
  clear(): void {
    this.size = 0;
  }
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(2 * this.size);
      const vals = new Int32Array(2 * this.size);
      keys.set(this.keys);
      vals.set(this.vals);
      this.keys = keys;
      this.vals = vals;
    }
    const { keys, vals } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] < key || (keys[parent] === key && vals[parent] <= val)) break;
      keys[i] = keys[parent];
      vals[i] = vals[parent];
      i = parent;
    }
    keys[i] = key;
    vals[i] = val;
  }
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0];
    const n = --this.size;
    const lastKey = keys[n];
    const lastVal = vals[n];
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && vals[c + 1] < vals[c]))) c++;
        if (keys[c] > lastKey || (keys[c] === lastKey && vals[c] >= lastVal)) break;
        keys[i] = keys[c];
        vals[i] = vals[c];
        i = c;
      }
      keys[i] = lastKey;
      vals[i] = lastVal;
    }
    return top;
  }
}
