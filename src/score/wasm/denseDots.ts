import { denseDotsBase64 } from './denseDotsBinary.js';

/** Tiles (4 offers each) per WebAssembly call: bigger calls amortise the JS -> WebAssembly call, smaller ones keep pruning thresholds fresh. */
export const DENSE_DOTS_CHUNK = 32;

/** The part of the WebAssembly JS API used here (the project's TS lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Signature of the module's `tiles` export (byte offsets into its memory; see denseDots.wat). */
type TilesFunction = (f: number, x: number, need: number, out: number, first: number, count: number, d: number, slots: number, tileConstant: number, tileValue: number, crossSellWeight: number, slack: number) => void;

/**
 * The thread's WebAssembly SIMD dot-product engine, set up for one model by {@link prepareDenseDots}.
 * Views are valid until the next `prepareDenseDots` call (memory may grow there).
 */
export interface DenseDots {
  /**
   * `tiles(fOffset, xOffset, needOffset, dotsOffset, firstTile, count, d, slotsOffset, tileConstantOffset, tileValueOffset, crossSellWeight, slack)`:
   * dots of the needed tiles of `firstTile .. firstTile + count - 1`, then each needed slot's whole-tile rejection (its `need` bit cleared).
   */
  readonly tiles: TilesFunction;
  /** Per tile of the chunk: bit `slot` set when that customer needs it (`DENSE_DOTS_CHUNK` bytes at `needOffset`). */
  need: Uint8Array;
  /** Per slot: `[slot]` bound base, `[4 + slot]` value scale, `[8 + slot]` rejection threshold (at `slotsOffset`). */
  slots: Float64Array;
  /** Output `[z * 16 + slot * 4 + lane]` for tile z of the chunk (at `dotsOffset`). */
  dots: Float64Array;
  /** The group's customer factors `[j * 4 + slot]` (4 d values at `xOffset`). */
  factor: Float64Array;
  needOffset: number;
  slotsOffset: number;
  dotsOffset: number;
  xOffset: number;
  tileConstantOffset: number;
  tileValueOffset: number;
  fOffset: number;
}

interface State extends DenseDots {
  readonly memory: WasmMemory;
  /** The `tiledFactor`, `tileConstant` and `tileValue` arrays last copied in (weak: a dropped model does not stay alive), and the layout's d and padded offer count. */
  loaded: WeakRef<Float64Array> | undefined;
  loadedConstant: WeakRef<Float64Array> | undefined;
  loadedValue: WeakRef<Float64Array> | undefined;
  d: number;
  padded: number;
}

// undefined: not tried yet; null: this runtime has no WebAssembly SIMD.
let compiled: object | null | undefined;
let state: State | undefined;

function compile(): object | null {
  if (compiled !== undefined) return compiled;
  let module: object | null = null;
  if (wasmApi !== undefined) {
    const bytes = Uint8Array.from(atob(denseDotsBase64), (c) => c.charCodeAt(0));
    // Validation fails on runtimes without the SIMD proposal: the kernel then keeps its JS tile.
    if (wasmApi.validate(bytes)) module = new wasmApi.Module(bytes);
  }
  compiled = module;
  return module;
}

/**
 * Whether this runtime runs WebAssembly SIMD (f64x2), so `scoreInto` can use its WebAssembly dot-product tile.
 * @example if (!wasmSimdSupported()) console.warn('scoring with the JS tile');
 * Cost: the first call compiles a 0.6 kB module (once per thread); later calls O(1).
 */
export function wasmSimdSupported(): boolean {
  return compile() !== null;
}

const PAGE = 65536;

/**
 * The thread's {@link DenseDots} with `model`'s tiled offer factors in its memory, or `undefined`
 * without WebAssembly SIMD. One instance per thread (scoreInto is synchronous, so calls never
 * overlap); the factors are copied again only when a different model (another `tiledFactor` array) comes.
 * Layout in bytes: need (64) | slots (128) | dots (DENSE_DOTS_CHUNK x 128) | customer factors (32 d) |
 * tile constants and values (2 x 2 x padded offers) | offer factors (8 d x padded offers).
 *
 * @example const dd = prepareDenseDots(model); // then dd.tiles(dd.fOffset, dd.xOffset, ...)
 * Cost: O(1) for the same model; O(offers · d) copy for a new one; the first call per thread instantiates the module.
 */
export function prepareDenseDots(model: {
  readonly tiledFactor: Float64Array;
  readonly tileConstant: Float64Array;
  readonly tileValue: Float64Array;
  readonly dimensions: number;
  readonly paddedOfferCount: number;
}): DenseDots | undefined {
  const s = state;
  const F = model.tiledFactor;
  if (
    s !== undefined &&
    s.loaded?.deref() === F &&
    s.loadedConstant?.deref() === model.tileConstant &&
    s.loadedValue?.deref() === model.tileValue &&
    s.d === model.dimensions &&
    s.padded === model.paddedOfferCount
  ) {
    return s;
  }
  const module = compile();
  if (module === null || wasmApi === undefined) return undefined;
  const d = model.dimensions;
  const padded = model.paddedOfferCount;
  const needOffset = 0;
  const slotsOffset = 64;
  const dotsOffset = 192;
  const xOffset = dotsOffset + DENSE_DOTS_CHUNK * 128;
  const tileConstantOffset = xOffset + 32 * d;
  const tileValueOffset = tileConstantOffset + 2 * padded;
  // 16-byte aligned, as the v128 loads prefer (xOffset is, and 32 d and 2 padded bytes keep it so: padded is a multiple of 4).
  const fOffset = tileValueOffset + 2 * padded;
  const bytes = fOffset + 8 * d * padded;
  let next = s;
  if (next === undefined) {
    const memory = new wasmApi.Memory({ initial: Math.max(1, Math.ceil(bytes / PAGE)) });
    const instance = new wasmApi.Instance(module, { env: { memory } });
    const tiles = instance.exports.tiles as TilesFunction;
    next = {
      tiles,
      memory,
      need: new Uint8Array(0),
      slots: new Float64Array(0),
      dots: new Float64Array(0),
      factor: new Float64Array(0),
      needOffset,
      slotsOffset,
      dotsOffset,
      xOffset,
      tileConstantOffset,
      tileValueOffset,
      fOffset,
      loaded: undefined,
      loadedConstant: undefined,
      loadedValue: undefined,
      d: -1,
      padded: -1,
    };
    state = next;
  } else if (next.memory.buffer.byteLength < bytes) {
    next.memory.grow(Math.ceil((bytes - next.memory.buffer.byteLength) / PAGE));
  }
  const buffer = next.memory.buffer;
  next.need = new Uint8Array(buffer, needOffset, DENSE_DOTS_CHUNK);
  next.slots = new Float64Array(buffer, slotsOffset, 12);
  next.dots = new Float64Array(buffer, dotsOffset, DENSE_DOTS_CHUNK * 16);
  next.factor = new Float64Array(buffer, xOffset, 4 * d);
  next.xOffset = xOffset;
  next.tileConstantOffset = tileConstantOffset;
  next.tileValueOffset = tileValueOffset;
  next.fOffset = fOffset;
  new Float64Array(buffer, tileConstantOffset, padded >> 2).set(model.tileConstant);
  new Float64Array(buffer, tileValueOffset, padded >> 2).set(model.tileValue);
  new Float64Array(buffer, fOffset, d * padded).set(F);
  next.loaded = new WeakRef(F);
  next.loadedConstant = new WeakRef(model.tileConstant);
  next.loadedValue = new WeakRef(model.tileValue);
  next.d = d;
  next.padded = padded;
  return next;
}
