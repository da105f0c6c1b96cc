# Runs one command and writes "wall user system maxrss_kb" to the file named first, timed from
# fork to exit with microsecond resolution (wait4's rusage). GNU time gives CPU time in hundredths
# of a second: too coarse for start-up ratios around 1.15 on a 100 ms command.
#   python3 bench/rusage.py OUT command args...
import os
import signal
import sys
import time

out, command = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - started
with open(out, "w") as f:
    f.write(f"{wall:.6f} {usage.ru_utime:.6f} {usage.ru_stime:.6f} {usage.ru_maxrss}\n")
if os.WIFSIGNALED(status):
    # Die of the same signal, so the caller sees it (SIGKILL's handler cannot be set, nor needs to).
    if os.WTERMSIG(status) != signal.SIGKILL:
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
