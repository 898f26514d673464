// Jest runs tests in a vm context where every global lookup (Math.floor) is slow; module-level
// bindings keep the city profile as fast under Jest as under plain Node.
const { floor, sqrt, log, cos, exp, PI } = Math;

/**
 * A small seeded PRNG (sfc32) so that a seed and a profile always give the same world.
 * Math.random and faker are avoided on purpose: neither can be replayed byte for byte.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = "") {
    // Mixing a stream label into the seed gives each part of the world its own sequence,
    // so adding a field to, say, permits does not reshuffle every company generated before it.
    const [a, b, c, d] = seedState(`${seed}:${stream}`);
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A new independent generator for a named part of the world. */
  fork(stream: string): Random {
    return new Random(this.nextUint32(), stream);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[floor(this.next() * items.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [item, weight] of entries) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return entries[entries.length - 1][0];
  }

  /** Distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = items.slice();
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(floor(this.next() * pool.length), 1)[0]);
    return out;
  }

  /** Log-normal factor with median 1: processing times and sizes are skewed, not bell-shaped. */
  logNormal(sigma: number): number {
    return exp(sigma * this.gaussian());
  }

  gaussian(): number {
    // Box-Muller; 1 - next() keeps log() away from 0.
    return sqrt(-2 * log(1 - this.next())) * cos(2 * PI * this.next());
  }

  /** Rounds up with probability equal to the fraction, so scaled-down volumes stay right on average. */
  roundStochastic(value: number): number {
    const whole = floor(value);
    return whole + (this.chance(value - whole) ? 1 : 0);
  }

  digits(count: number): string {
    let out = "";
    for (let i = 0; i < count; i++) out += String(floor(this.next() * 10));
    return out;
  }
}

/** cyrb128: spreads a string over four 32-bit words of sfc32 state. */
function seedState(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
