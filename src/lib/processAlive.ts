/**
 * Whether process `pid` is running on this machine: what tells a killed run's leftovers (named after
 * its pid) from a live run's. `EPERM` means it exists but belongs to another user.
 * @example processAlive(process.pid); // true
 * Cost: one signal-0 system call.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
