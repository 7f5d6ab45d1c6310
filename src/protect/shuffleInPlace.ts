/** Shuffles `list` in place with Fisher-Yates driven by `rnd` (uniform in [0, 1)). O(n). */
export function shuffleInPlace<T>(list: T[], rnd: () => number): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
}
