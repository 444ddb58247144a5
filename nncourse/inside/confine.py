"""Operating-system layers a grading worker applies to itself before it runs student code.

Each function applies one layer, never raises, and returns a short description of what it did
(``""`` when the layer is not available here), so the grader can report exactly which layers
protect a run. In the order the worker applies them:

``limits``
    rlimits: address space (memory), CPU seconds, size of any file written, open files, number of
    processes, no core dumps. Hard limits equal soft ones, so the code cannot raise them again.
``namespaces``
    A new user namespace (no privileges outside it) with new network (no interfaces but a down
    loopback: no network at all), IPC, mount and PID namespaces. The working directory becomes a
    private size-capped tmpfs. The worker then forks: the child is PID 1 of the new PID namespace,
    so it cannot see or signal any process outside, and every process it starts dies with it.
``landlock``
    Linux Landlock: the filesystem is reduced to read-only access to the Python standard library,
    numpy and the ``_nngrade`` package, read/write access to the working directory and to
    ``/dev/null``; everything else (instructor files, other students, the gradebook, ``/proc``) is
    refused. From ABI 4 TCP connect/bind is refused, from ABI 6 signals to and abstract UNIX sockets
    of processes outside the sandbox are refused.
``capabilities``
    Every capability is dropped (matters when the grader runs as root without user namespaces).
``seccomp``
    A seccomp filter refuses ``fork``/``vfork``/``execve``/``execveat``/``clone`` of processes
    (threads stay allowed) and every syscall of a foreign ABI (x32, i386).
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import signal
import struct

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

_CLONE_NEWNS = 0x00020000
_CLONE_NEWIPC = 0x08000000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_CLONE_NEWNET = 0x40000000
_MS_NOSUID, _MS_NODEV, _MS_NOEXEC, _MS_REC, _MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_PDEATHSIG = 1
_PR_SET_SECCOMP = 22


def die_with_parent() -> str:
    """Ask the kernel to SIGKILL this process when its parent (the grader) goes away."""
    parent = os.getppid()
    if _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return ""
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)
    return "killed with the grader"


def limits(memory_mb: int, cpu_seconds: int, file_mb: int, nproc: int) -> str:
    """Set hard rlimits on memory, CPU time, file size, open files and processes."""
    done = []
    for name, res, value in (
        (f"memory {memory_mb} MB", resource.RLIMIT_AS, memory_mb * 2**20),
        (f"cpu {cpu_seconds} s", resource.RLIMIT_CPU, cpu_seconds),
        (f"file size {file_mb} MB", resource.RLIMIT_FSIZE, file_mb * 2**20),
        ("open files 64", resource.RLIMIT_NOFILE, 64),
        (f"processes {nproc}", resource.RLIMIT_NPROC, nproc),
        ("no core dumps", resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(res, (value, value))
            done.append(name)
        except (ValueError, OSError):
            pass
    # A write past the file-size limit then fails with an OSError instead of killing the worker.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    return ", ".join(done)


def _write(path: str, text: str) -> None:
    with open(path, "w") as fh:
        fh.write(text)


def _mount_tmpfs(workdir: str, tmpfs_mb: int) -> bool:
    _libc.mount(b"none", b"/", None, _MS_REC | _MS_PRIVATE, None)
    flags = _MS_NOSUID | _MS_NODEV | _MS_NOEXEC
    opts = f"size={tmpfs_mb}m,mode=0700".encode()
    if _libc.mount(b"tmpfs", workdir.encode(), b"tmpfs", flags, opts) != 0:
        return False
    os.chdir(workdir)  # step onto the new mount
    return True


def namespaces(workdir: str, tmpfs_mb: int) -> str:
    """Enter new user/network/IPC/mount/PID namespaces, then fork into the PID namespace.

    Only the child returns; the parent waits for it and exits with its status (so the grader
    sees one process that ends when the sandboxed code ends).
    """
    uid, gid = os.geteuid(), os.getegid()
    flags = _CLONE_NEWNET | _CLONE_NEWIPC | _CLONE_NEWNS | _CLONE_NEWPID
    kinds = "network, IPC, mount, PID"
    if _libc.unshare(_CLONE_NEWUSER | flags) == 0:
        try:
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"0 {uid} 1")
            _write("/proc/self/gid_map", f"0 {gid} 1")
        except OSError:
            pass
        kinds = "user, " + kinds
    elif uid != 0 or _libc.unshare(flags) != 0:
        return ""
    tmpfs = _mount_tmpfs(workdir, tmpfs_mb)
    try:
        child = os.fork()
    except OSError:
        return f"{kinds.replace(', PID', '')} namespaces (no PID namespace: fork failed)"
    if not child:
        die_with_parent()
    else:
        os.closerange(0, 1024)
        try:
            _, status = os.waitpid(child, 0)
        except BaseException:  # noqa: BLE001 - the waiter must never run anything else
            os._exit(70)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF if os.WIFEXITED(status) else 71)
    note = f" (private {tmpfs_mb} MB tmpfs as working directory)" if tmpfs else ""
    return f"{kinds} namespaces{note}"


# Landlock (include/uapi/linux/landlock.h)
_LL_CREATE, _LL_ADD_RULE, _LL_RESTRICT = 444, 445, 446
_FS_EXECUTE, _FS_WRITE_FILE, _FS_READ_FILE, _FS_READ_DIR = 1, 2, 4, 8
_FS_ABI1 = (1 << 13) - 1
_FS_REFER, _FS_TRUNCATE, _FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1, 2


def _handled_fs(abi: int) -> int:
    access = _FS_ABI1
    if abi >= 2:
        access |= _FS_REFER
    if abi >= 3:
        access |= _FS_TRUNCATE
    if abi >= 5:
        access |= _FS_IOCTL_DEV
    return access


def landlock(read_dirs: list[str], write_dirs: list[str], rw_files: list[str]) -> str:
    """Restrict this process's filesystem (and, where supported, network and signals).

    Parameters
    ----------
    read_dirs : list of str
        Folders readable (files and listings) beneath.
    write_dirs : list of str
        Folders with every access beneath (the working directory).
    rw_files : list of str
        Single files readable and writable (``/dev/null``).
    """
    abi = _libc.syscall(_LL_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return ""
    handled = _handled_fs(abi)
    attr = struct.pack(
        "=QQQ",
        handled,
        _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0,
        _SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL if abi >= 6 else 0,
    )
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = _libc.syscall(_LL_CREATE, buf, ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return ""
    file_rw = _FS_READ_FILE | _FS_WRITE_FILE | (_FS_TRUNCATE if abi >= 3 else 0)
    try:
        for paths, access in (
            (read_dirs, _FS_READ_FILE | _FS_READ_DIR),
            (write_dirs, handled & ~_FS_EXECUTE),
            (rw_files, file_rw),
        ):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                rule = ctypes.create_string_buffer(struct.pack("=Qi", access, fd), 12)
                _libc.syscall(
                    _LL_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), rule, ctypes.c_uint32(0)
                )
                os.close(fd)
        _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if _libc.syscall(_LL_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return ""
    finally:
        os.close(ruleset)
    extra = []
    if abi >= 4:
        extra.append("no TCP")
    if abi >= 6:
        extra.append("no signals or abstract sockets outside")
    text = f"Landlock ABI {abi}: read-only stdlib and numpy, files only in the working directory"
    return text + (f"; {', '.join(extra)}" if extra else "")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def drop_capabilities() -> str:
    """Drop every capability from the bounding, effective, permitted and inheritable sets."""
    for cap in range(64):
        _libc.prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP; fails quietly without CAP_SETPCAP
    header = _CapHeader(0x20080522, 0)
    data = (_CapData * 2)()
    if _libc.capset(ctypes.byref(header), data) != 0:
        return ""
    return "no capabilities"


# seccomp: (audit arch, x32 bit or 0, fork, vfork, execve, execveat, clone, clone3)
_SYSCALLS = {
    "x86_64": (0xC000003E, 0x40000000, 57, 58, 59, 322, 56, 435),
    "aarch64": (0xC00000B7, 0, None, None, 221, 281, 220, 435),
}
_RET_ALLOW = 0x7FFF0000
_RET_EPERM = 0x00050000 | 1
_RET_ENOSYS = 0x00050000 | 38
_CLONE_THREAD = 0x00010000


def _bpf(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def seccomp() -> str:
    """Install a filter that refuses new processes and program execution (threads allowed)."""
    table = _SYSCALLS.get(platform.machine())
    if table is None:
        return ""
    arch, x32, *numbers = table
    fork, vfork, execve, execveat, clone, clone3 = numbers
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    denied = [n for n in (fork, vfork, execve, execveat) if n is not None]
    # Layout: [arch check][nr load][x32][denied...][clone3][clone] allow, eperm, enosys, clone-check
    prog: list[tuple[int, int, int, int]] = [
        (ld, 0, 0, 4),
        (jeq, 1, 0, arch),
        (ret, 0, 0, _RET_EPERM),
        (ld, 0, 0, 0),
    ]
    body = ([(jge, "EPERM", 0, x32)] if x32 else []) + [(jeq, "EPERM", 0, n) for n in denied]
    body += [(jeq, "ENOSYS", 0, clone3), (jeq, "CLONE", 0, clone), (ret, 0, 0, _RET_ALLOW)]
    start = len(prog)
    labels = {
        "EPERM": start + len(body),
        "ENOSYS": start + len(body) + 1,
        "CLONE": start + len(body) + 2,
    }
    tail = [
        (ret, 0, 0, _RET_EPERM),
        (ret, 0, 0, _RET_ENOSYS),
        (ld, 0, 0, 16),
        (jset, 0, 1, _CLONE_THREAD),
        (ret, 0, 0, _RET_ALLOW),
        (ret, 0, 0, _RET_EPERM),
    ]
    for i, (code, jt, jf, k) in enumerate(body):
        here = start + i + 1
        jt = labels[jt] - here if isinstance(jt, str) else jt
        prog.append((code, jt, jf, k))
    prog += tail
    raw = b"".join(_bpf(*ins) for ins in prog)
    filt = ctypes.create_string_buffer(raw, len(raw))
    fprog = struct.pack("=HxxxxxxQ", len(prog), ctypes.addressof(filt))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if _libc.prctl(_PR_SET_SECCOMP, 2, fbuf, 0, 0) != 0:
        return ""
    return "seccomp: no new processes, no exec"
