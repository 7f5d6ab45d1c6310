import { describe, expect, it } from 'vitest';
import { compileDenseDots } from '../../src/score/wasm/build.js';
import { denseDotsBase64 } from '../../src/score/wasm/denseDotsBinary.js';

describe('denseDotsBinary', () => {
  it('compileDenseDots() of denseDots.wat equals the committed denseDotsBase64 (run `npx tsx src/score/wasm/build.ts` after editing the .wat)', async () => {
    expect(denseDotsBase64).toBe(await compileDenseDots());
  });
});
