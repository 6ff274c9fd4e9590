"""The Dask engine against a real cluster: a ``dask scheduler`` and two ``dask worker`` OS
processes on 127.0.0.1, started once for the module and shut down (and checked gone) after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from mtfix.run.dask_cluster import EXTRA_HINT, DaskExecutor
from mtfix.textio import InputError

try:
    import psutil  # comes with the dask extra (distributed needs it)
except ImportError:  # `make test-fast` (no extras) must still collect this module
    psutil = None

pytestmark = pytest.mark.dask

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)}


# -- functions shipped to workers -----------------------------------------------------------
# The scheduler and workers cannot import this test module. Functions local to _shipped() are
# not picklable by name, so Dask sends them by value (cloudpickle).

def _shipped():
    def square_pid(x: int) -> tuple[int, int]:
        time.sleep(0.02)  # long enough that both single-thread workers get a share
        return x * x, os.getpid()

    def token(_: str) -> str:
        return uuid.uuid4().hex

    def fail_on_3(x: int) -> int:
        if x == 3:
            raise KeyError(f"unit {x}")
        return x

    return square_pid, token, fail_on_3


_square_pid, _token, _fail_on_3 = _shipped()


# -- the cluster -----------------------------------------------------------------------------

def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)


@dataclass
class Cluster:
    addr: str
    procs: list[psutil.Process]


def _listening(procs) -> set[str]:
    return {c.laddr.ip for p in procs for c in p.net_connections("inet")
            if c.status == psutil.CONN_LISTEN}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler with two single-thread worker processes (``dask`` CLI) on 127.0.0.1."""
    from distributed import Client

    tmp = tmp_path_factory.mktemp("dask")
    sched_file = tmp / "scheduler.json"
    logs = []
    procs: list[subprocess.Popen] = []

    def spawn(name: str, *args: str) -> subprocess.Popen:
        log = open(tmp / f"{name}.log", "wb")
        logs.append(log)
        p = subprocess.Popen([str(BIN / "dask"), *args], stdout=log, stderr=subprocess.STDOUT,
                             env=ENV, cwd=tmp)
        procs.append(p)
        return p

    def log_tail() -> str:
        return "\n".join(f"--- {f.name}\n" + Path(f.name).read_text(errors="replace")[-3000:]
                         for f in logs)

    client = None
    descendants: list[psutil.Process] = []
    try:
        sched = spawn("scheduler", "scheduler", "--host", "127.0.0.1", "--port", "0",
                      "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                      "--scheduler-file", str(sched_file),
                      "--idle-timeout", "900")
        deadline = time.monotonic() + 60
        while not sched_file.exists() or not sched_file.read_text().strip():
            assert sched.poll() is None, f"dask scheduler exited\n{log_tail()}"
            assert time.monotonic() < deadline, f"no scheduler file after 60 s\n{log_tail()}"
            time.sleep(0.1)
        time.sleep(0.1)  # the file is written in one go, but be safe about a partial read
        addr = json.loads(sched_file.read_text())["address"]
        for i in range(2):
            spawn(f"worker{i}", "worker", addr, "--nworkers", "1", "--nthreads", "1",
                  "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
                  "--host", "127.0.0.1", "--death-timeout", "60",
                  "--local-directory", str(tmp / f"w{i}"))
        client = Client(addr, timeout=30, set_as_default=False)
        try:
            client.wait_for_workers(2, timeout=60)
        except TimeoutError:
            pytest.fail(f"the Dask workers did not join within 60 s\n{log_tail()}")
        for p in procs:
            descendants += psutil.Process(p.pid).children(recursive=True)
        yield Cluster(addr, [psutil.Process(p.pid) for p in procs] + descendants)
    finally:
        if client is not None:
            client.close()
        # workers first (each nanny stops its worker process), then the scheduler
        _stop(procs[1:])
        _stop(procs[:1])
        for f in logs:
            f.close()
        gone, alive = psutil.wait_procs(descendants, timeout=30)
        for p in alive:
            p.kill()
        assert all(p.returncode is not None for p in procs), "a dask process is still running"
        assert not alive, f"worker processes left behind: {[p.pid for p in alive]}"


# -- (a) an external cluster -----------------------------------------------------------------

def test_map_in_order_over_both_workers(cluster):
    ex = DaskExecutor(cluster.addr)
    try:
        assert ex.workers == 2
        out = list(ex.map(_square_pid, range(50)))
    finally:
        ex.close()
    assert [sq for sq, _ in out] == [x * x for x in range(50)]
    pids = {pid for _, pid in out}
    assert len(pids) == 2 and os.getpid() not in pids
    assert pids <= {p.pid for p in cluster.procs}


def test_cluster_listens_on_loopback_only(cluster):
    assert _listening(cluster.procs) == {"127.0.0.1"}


def test_map_is_lazy_and_bounded(cluster):
    """Items are pulled only as results are taken: at most 4 per worker thread ahead."""
    pulled = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    with DaskExecutor(cluster.addr) as ex:
        it = ex.map(_square_pid, items())
        first = [next(it) for _ in range(3)]
        assert [sq for sq, _ in first] == [0, 1, 4]
        assert len(pulled) <= 4 * ex.workers + 3
        it.close()  # the rest is cancelled
    assert len(pulled) < 100


def test_identical_units_are_each_computed(cluster):
    with DaskExecutor(cluster.addr) as ex:
        tokens = list(ex.map(_token, ["same chunk"] * 10))
    assert len(set(tokens)) == 10


def test_worker_exception_keeps_its_type(cluster):
    with DaskExecutor(cluster.addr) as ex:
        with pytest.raises(KeyError, match="unit 3"):
            list(ex.map(_fail_on_3, range(10)))
        assert list(ex.map(_fail_on_3, [5, 4])) == [5, 4]  # still usable afterwards


def test_version_mismatch_is_an_input_error(cluster, monkeypatch):
    import mtfix

    monkeypatch.setattr(mtfix, "__version__", "0.0.0-other")
    with pytest.raises(InputError, match=r"has mtfix .*need mtfix 0\.0\.0-other"):
        DaskExecutor(cluster.addr)


# -- (b) the CLI: local and dask give the same bytes -----------------------------------------

DAMAGED = [
    "Mereka duduk di sela -sela pohon sambil menunggu hujan reda .",
    "Partai liberal liberal itu menang di pemilihan umum tahun ini.",
    "Saya sudah tinggal disini sejak tahun lalu.",
    "Pemerintah akan  membangun jalan baru di daerah itu.",
    "Dia pergi ke pasar , lalu pulang ke rumah.",
    "Harga beras naik naik terus sejak bulan lalu.",
    "Kami bertemu disana kemarin sore.",
    "Anak -anak bermain di halaman sekolah.",
]
CLEAN = [
    "Presiden meresmikan jembatan baru di Jakarta.",
    "Hujan turun sepanjang hari di kota itu.",
]


def _make_batch(root: Path) -> None:
    root.mkdir()
    lines = DAMAGED + CLEAN
    for i in range(20):
        body = [lines[(i + k) % len(lines)] for k in range(3 + i % 7)]
        if i % 4 == 0:
            body.insert(1, "")  # blank lines
            body.append("")
        text = "\n".join(body) + "\n"
        if i == 3:
            text = text.replace("\n", "\r\n")  # CRLF
        if i == 7:
            text = text.rstrip("\n")  # no final newline
        sub = root / ("sub" if i % 5 == 0 else "")
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:02d}.txt").write_bytes(text.encode("utf-8"))
    big_line = "\n".join(DAMAGED + CLEAN) + "\n"
    reps = (2 * 1024 * 1024) // len(big_line.encode()) + 50
    (root / "big.txt").write_bytes((big_line * reps).encode("utf-8"))  # > 2 MB
    (root / "clean.txt").write_bytes(("\n".join(CLEAN) + "\n").encode("utf-8"))
    # structured files go out as unit batches rather than byte chunks
    formats = Path(__file__).parent / "fixtures" / "formats"
    for name in ("l10n_sample.po", "l10n_sample.xlf", "seed_article.md", "tab_segments.jsonl"):
        (root / name).write_bytes((formats / name).read_bytes())


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_cli_dask_matches_local(cluster, tmp_path):
    """A batch of plain text (big.txt streams as several line chunks: MTFIX_STREAM_CHUNK),
    PO, XLIFF, Markdown and JSONL files: the Dask run writes what the local run writes."""
    src = tmp_path / "in"
    _make_batch(src)
    assert (src / "big.txt").stat().st_size > 2 * 1024 * 1024
    mtfix = str(BIN / "mtfix")
    env = {**ENV, "MTFIX_CHUNK_CHARS": str(256 * 1024), "MTFIX_STREAM_CHUNK": str(256 * 1024)}
    help_text = subprocess.run([mtfix, "fix", "--help"], capture_output=True, text=True,
                               env=env).stdout
    assert "--engine" in help_text, "mtfix fix has no --engine option yet (lead's wiring)"

    def run(*args: str) -> None:
        p = subprocess.run([mtfix, "fix", "-q", str(src), *args], capture_output=True,
                           text=True, env=env, timeout=300)
        assert p.returncode == 0, p.stderr

    run("-o", str(tmp_path / "local"))
    run("--engine", "dask", "--scheduler", cluster.addr, "-o", str(tmp_path / "dask"))
    local, dask, orig = (_files(tmp_path / d) for d in ("local", "dask", "in"))
    assert sorted(local) == sorted(orig) == sorted(dask)
    for name in local:
        assert dask[name] == local[name], f"{name}: dask output differs from local"
    changed = [n for n in orig if local[n] != orig[n]]
    assert "big.txt" in changed and "doc03.txt" in changed and len(changed) >= 15
    assert local["clean.txt"] == orig["clean.txt"]
    assert b"\r\n" in local["doc03.txt"] and not local["doc07.txt"].endswith(b"\n")
    assert b"sela-sela" in local["big.txt"] and b"sela -sela" not in local["big.txt"]
    for name in ("l10n_sample.po", "l10n_sample.xlf", "seed_article.md", "tab_segments.jsonl"):
        assert name in changed


# -- (c) a local cluster ---------------------------------------------------------------------

def test_local_cluster_starts_and_stops():
    assert psutil is not None, "needs the dask extra (psutil)"
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    ex = DaskExecutor(None, workers=2)
    try:
        assert ex.workers == 2
        started = [p for p in me.children(recursive=True) if p.pid not in before
                   and "resource_tracker" not in " ".join(p.cmdline())]  # lives on; harmless
        assert len(started) >= 2  # worker processes, not threads
        assert _listening([me, *started]) <= {"127.0.0.1"}
        out = list(ex.map(_square_pid, range(20)))
        assert [sq for sq, _ in out] == [x * x for x in range(20)]
        assert os.getpid() not in {pid for _, pid in out}
    finally:
        ex.close()
    gone, alive = psutil.wait_procs(started, timeout=30)
    assert not alive, f"local cluster processes left behind: {[p.pid for p in alive]}"
    ex.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        list(ex.map(_token, ["x"]))


# -- (d) errors ------------------------------------------------------------------------------

def test_unreachable_scheduler_is_an_input_error():
    t0 = time.monotonic()
    with pytest.raises(InputError) as e:
        DaskExecutor("tcp://127.0.0.1:1", timeout=1)
    assert time.monotonic() - t0 < 10
    msg = str(e.value)
    assert "tcp://127.0.0.1:1" in msg and "\n" not in msg


def test_missing_distributed_is_an_input_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(InputError, match=r"pip install 'mtfix\[dask\]'") as e:
        DaskExecutor(None, workers=1)
    assert str(e.value) == EXTRA_HINT


def test_malformed_scheduler_address_is_an_input_error():
    t0 = time.monotonic()
    with pytest.raises(InputError, match="expected tcp://HOST:PORT"):
        DaskExecutor("127.0.0.1", timeout=1)
    assert time.monotonic() - t0 < 5


def test_scheduler_without_workers_is_an_input_error():
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, protocol="tcp://", host="127.0.0.1",
                      dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as empty:
        with pytest.raises(InputError, match="has no workers"):
            DaskExecutor(empty.scheduler_address, timeout=1)
