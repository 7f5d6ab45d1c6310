import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { Deserializer, Serializer } from 'node:v8';
import { reviveShardTask, type ShardTask } from './shardTask.js';

/**
 * A shard task on disk, so the thread that sliced it can drop the whole population's profiles and
 * model before the shards run. Layout: a 16-byte header (magic, format, skeleton bytes, column
 * count), a column table (type, length, file offset per column), the task's skeleton as V8
 * serialisation with every typed array replaced by its column number, then each column's bytes at
 * an 8-byte aligned offset. The reader loads the file into one buffer and returns views into it:
 * nothing is copied or held twice on either side, unlike `v8.serialize`, which builds the whole
 * serialised slice in memory first.
 */
const MAGIC = 0x6f6b7374; // 'okst'
const FORMAT = 1;
const HEADER_BYTES = 16;
const ENTRY_BYTES = 16;
const TYPES = [Int32Array, Uint32Array, Float32Array, Float64Array, Uint8Array, Int8Array, Uint16Array, Int16Array] as const;
type View = InstanceType<(typeof TYPES)[number]>;

function typeCode(view: ArrayBufferView): number {
  const code = TYPES.findIndex((ctor) => view instanceof ctor);
  if (code < 0) throw new TypeError(`shard task file: cannot store a ${view.constructor.name}`);
  return code;
}

/** Documented in node:v8 (`serializer._setTreatArrayBufferViewsAsHostObjects`) but missing from its type declarations. */
interface HostObjectSerializer {
  _setTreatArrayBufferViewsAsHostObjects(flag: boolean): void;
}

class ColumnSerializer extends Serializer {
  readonly columns: ArrayBufferView[] = [];
  constructor() {
    super();
    (this as unknown as HostObjectSerializer)._setTreatArrayBufferViewsAsHostObjects(true);
  }
  _writeHostObject(object: object): void {
    // V8 writes a repeated object as a back-reference, so a column shared within the task is stored once and read back as one view.
    this.writeUint32(this.columns.push(object as ArrayBufferView) - 1);
  }
}

class ColumnDeserializer extends Deserializer {
  constructor(
    skeleton: Uint8Array,
    private readonly views: readonly View[],
  ) {
    super(skeleton);
  }
  _readHostObject(): View {
    return this.views[this.readUint32()]!;
  }
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/**
 * Writes `task` to `path` (see the layout above). The task is not changed.
 * @example writeShardTaskFile(join(dir, 'shard-2.task'), shardTask(config, day, slice, shard, data.offers, {}));
 * Cost: O(size of the task): one write per column, straight from its memory.
 */
export function writeShardTaskFile(path: string, task: ShardTask): void {
  const serializer = new ColumnSerializer();
  serializer.writeHeader();
  serializer.writeValue(task);
  const skeleton = serializer.releaseBuffer();
  const { columns } = serializer;
  const header = new Int32Array([MAGIC, FORMAT, skeleton.length, columns.length]);
  // Per column: its type (int32) and element count (float64, above 2^31 for big shards).
  const entries = new Uint8Array(ENTRY_BYTES * columns.length);
  const entryView = new DataView(entries.buffer);
  const offsets: number[] = [];
  let offset = align8(HEADER_BYTES + ENTRY_BYTES * columns.length + skeleton.length);
  columns.forEach((column, i) => {
    entryView.setInt32(ENTRY_BYTES * i, typeCode(column), true);
    entryView.setFloat64(ENTRY_BYTES * i + 4, column.byteLength / (column as View).BYTES_PER_ELEMENT, true);
    offsets.push(offset);
    offset = align8(offset + column.byteLength);
  });
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, new Uint8Array(header.buffer), 0);
    writeAll(fd, entries, HEADER_BYTES);
    writeAll(fd, skeleton, HEADER_BYTES + entries.length);
    columns.forEach((column, i) => writeAll(fd, new Uint8Array(column.buffer, column.byteOffset, column.byteLength), offsets[i]!));
    // Empty columns at the end still lie inside the file.
    ftruncateSync(fd, offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a task written by {@link writeShardTaskFile}, its classes restored (`reviveShardTask`); every
 * typed array is a view into one buffer holding the file.
 * @throws Error when the file is not a shard task file of this format, or is cut short.
 * @example const task = readShardTaskFile(join(dir, 'shard-2.task'));
 * Cost: O(file size): one read into one buffer, then the skeleton's objects.
 */
export function readShardTaskFile(path: string): ShardTask {
  const fd = openSync(path, 'r');
  let file: ArrayBuffer;
  try {
    file = new ArrayBuffer(fstatSync(fd).size);
    const bytes = new Uint8Array(file);
    for (let done = 0; done < bytes.length; ) {
      const n = readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) throw new Error(`shard task file ${path}: ends after ${done} of ${bytes.length} bytes`);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  const [magic, format, skeletonBytes, count] = new Int32Array(file, 0, 4);
  if (magic !== MAGIC || format !== FORMAT) throw new Error(`shard task file ${path}: not a shard task file of format ${FORMAT}`);
  const entries = new DataView(file, HEADER_BYTES, ENTRY_BYTES * count!);
  let offset = align8(HEADER_BYTES + ENTRY_BYTES * count! + skeletonBytes!);
  const columns: { readonly Type: (typeof TYPES)[number]; readonly offset: number; readonly length: number }[] = [];
  for (let i = 0; i < count!; i++) {
    const Type = TYPES[entries.getInt32(ENTRY_BYTES * i, true)]!;
    const length = entries.getFloat64(ENTRY_BYTES * i + 4, true);
    columns.push({ Type, offset, length });
    offset = align8(offset + length * Type.BYTES_PER_ELEMENT);
  }
  if (offset > file.byteLength) throw new Error(`shard task file ${path}: cut short, ${file.byteLength} of ${offset} bytes`);
  const views = columns.map(({ Type, offset, length }) => new Type(file, offset, length));
  const deserializer = new ColumnDeserializer(new Uint8Array(file, HEADER_BYTES + ENTRY_BYTES * count!, skeletonBytes!), views);
  deserializer.readHeader();
  return reviveShardTask(deserializer.readValue() as ShardTask);
}
