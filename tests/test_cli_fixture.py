"""The shared ``cli`` fixture: run in this process, the command line gives what the real
``python -m mtfix`` process gives (exit status, stdout and stderr byte for byte). These are also
the tests of the real entry point's exit statuses (0, 1, 2) that the CLI tests rely on."""

import os

import pytest


@pytest.mark.parametrize("args,data", [
    (("fix", "-"), b"\xef\xbb\xbfSaya tinggal disini  ya.\r\nliberal liberal\r\n"),  # bytes out
    (("check", "--output-format", "json", "-"), "sela -sela kegiatan\n"),             # text out, exit 1
    (("fix", "--bogus"), None),                                                       # usage error
    (("fix", "/nonexistent/x.txt"), None),                                            # input error
])
def test_in_process_equals_real_process(cli, args, data):
    here = cli(*args, input=data)
    real = cli(*args, input=data, subprocess=True)
    assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout, real.stderr)
    assert here.stdout or here.stderr


def test_state_does_not_leak_between_runs(cli, tmp_path):
    (tmp_path / "mtfix.toml").write_text('select = ["WS"]\n')
    assert cli("fix", input="disini  karir\n", cwd=tmp_path).out == "disini karir\n"
    assert cli("fix", input="disini  karir\n").out == "di sini karier\n"
    before = dict(os.environ)
    cli("fix", input="x\n", env={"MTFIX_SOME_SETTING": "1"})
    assert dict(os.environ) == before


def test_import_time_knobs_need_a_real_process(cli):
    with pytest.raises(ValueError, match="subprocess=True"):
        cli("fix", "-", input="x\n", env={"MTFIX_STREAM_CHUNK": "4096"})
    with pytest.raises(ValueError, match="subprocess=True"):
        cli("fix", "-", "--jobs", "2", input="x\n")
