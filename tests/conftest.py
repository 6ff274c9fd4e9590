"""Shared fixtures. ``cli`` runs the mtfix command line, in this process by default (no
interpreter start-up per call) or as a real ``python -m mtfix`` process with ``subprocess=True``
where the real process is the point (entry point, import-time environment, worker processes)."""

from __future__ import annotations

import io
import os
import subprocess as _subprocess
import sys
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# EN001's table of common English words is cached in a folder of the tests' own, never in the
# user's cache unless MTFIX_CACHE_DIR says so (mtfix.language.english; kept between runs:
# the file is keyed and checked).
os.environ.setdefault("MTFIX_CACHE_DIR", os.path.join(tempfile.gettempdir(),
                                                      f"mtfix-test-cache-{os.getuid()}"))
FIXTURES = Path(__file__).parent / "fixtures"

# Read once, when mtfix.run.batch is imported: in this process they would have no effect, so a
# call that sets them must be a real process.
IMPORT_TIME_ENV = frozenset({"MTFIX_CHUNK_CHARS", "MTFIX_STREAM_BYTES", "MTFIX_STREAM_CHUNK"})


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@dataclass(frozen=True)
class Result:
    """What a run of the command line left: exit status, and stdout/stderr as bytes (the same
    fields as ``subprocess.CompletedProcess``), with ``out``/``err`` as UTF-8 text."""

    args: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")


class _Sink(io.BytesIO):
    """The bytes behind a captured stream; survives ``close()`` (mtfix closes stderr on a
    broken pipe) so that what was written can still be read."""

    def close(self) -> None:
        pass


def _text_stream(buffer: io.BytesIO, errors: str) -> io.TextIOWrapper:
    # As Python sets up stdout/stderr on a pipe under a UTF-8 locale; write_through keeps text
    # and ``.buffer`` writes in order.
    return io.TextIOWrapper(buffer, encoding="utf-8", errors=errors, newline="\n",
                            write_through=True)


def _jobs(args: tuple[str, ...]) -> int:
    for i, a in enumerate(args):
        if a in ("--jobs", "-j") and i + 1 < len(args):
            return int(args[i + 1]) if args[i + 1].isdigit() else 1
        if a.startswith("--jobs="):
            v = a.split("=", 1)[1]
            return int(v) if v.isdigit() else 1
    return 1


def _fresh_state() -> None:
    """Forget what an earlier in-process run cached that a new process would not have: the
    per-settings linters of the batch runner (wherever that module lives)."""
    for name, mod in list(sys.modules.items()):
        if name.startswith("mtfix") and isinstance(getattr(mod, "_LINTERS", None), dict):
            mod._LINTERS.clear()


def run_in_process(args: tuple[str, ...], input: bytes | None, cwd, env: Mapping[str, str]
                   ) -> Result:
    import mtfix.cli

    out, err = _Sink(), _Sink()
    stdout, stderr = _text_stream(out, "strict"), _text_stream(err, "backslashreplace")
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    saved_env = dict(os.environ)
    _fresh_state()
    with pytest.MonkeyPatch.context() as mp:
        # as `python -m mtfix` sets them (click names the program from these: usage lines)
        mp.setattr(sys, "argv", [str(Path(mtfix.cli.__file__).with_name("__main__.py")), *args])
        mp.setattr(sys.modules["__main__"], "__package__", "mtfix", raising=False)
        mp.setattr(sys, "stdin", stdin)
        mp.setattr(sys, "stdout", stdout)
        mp.setattr(sys, "stderr", stderr)
        for k, v in env.items():
            mp.setenv(k, v)
        if cwd is not None:
            mp.chdir(cwd)
        try:
            mtfix.cli.main()
            code = 0
        except SystemExit as e:
            if e.code is None or isinstance(e.code, int):
                code = e.code or 0
            else:  # sys.exit("message"), as the interpreter does
                print(e.code, file=sys.stderr)
                code = 1
        except Exception:  # an uncaught exception: the interpreter prints it and exits 1
            traceback.print_exc(file=sys.stderr)
            code = 1
        finally:
            for s in (stdout, stderr):
                try:
                    s.flush()
                except ValueError:
                    pass
    # what the command did to the environment would die with a real process
    if dict(os.environ) != saved_env:
        os.environ.clear()
        os.environ.update(saved_env)
    return Result(args, code, out.getvalue(), err.getvalue())


def run_subprocess(args: tuple[str, ...], input: bytes | None, cwd, env: Mapping[str, str]
                   ) -> Result:
    r = _subprocess.run([sys.executable, "-m", "mtfix", *args], input=input,
                        capture_output=True, cwd=cwd,
                        env={**os.environ, "HF_HUB_OFFLINE": "1", **env})
    return Result(args, r.returncode, r.stdout, r.stderr)


def run_cli(*args, input: bytes | str | None = None, cwd=None,
            env: Mapping[str, str] | None = None, subprocess: bool = False) -> Result:
    """``mtfix ARGS...`` with ``input`` on standard input (str is UTF-8 encoded), in ``cwd``,
    with ``env`` added to the environment.

    In this process by default. ``subprocess=True`` runs ``python -m mtfix`` instead; it is
    required for environment variables read at import time and for ``--jobs N`` > 1 (worker
    processes forked from the test runner would inherit its state, not a CLI's)."""
    argv = tuple(map(str, args))
    data = input.encode("utf-8") if isinstance(input, str) else input
    env = dict(env or {})
    if not subprocess:
        late = IMPORT_TIME_ENV & set(env)
        if late:
            raise ValueError(f"{sorted(late)} are read at import time: use subprocess=True")
        if _jobs(argv) > 1:
            raise ValueError("--jobs > 1 starts worker processes: use subprocess=True")
        return run_in_process(argv, data, cwd, env)
    return run_subprocess(argv, data, cwd, env)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """``cli(*args, input=None, cwd=None, env=None, subprocess=False) -> Result``."""
    return run_cli
