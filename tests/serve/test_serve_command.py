"""`itms-tui serve`: flags that cannot work are one line and exit 2, before anything listens."""

from __future__ import annotations

import socket

import pytest

from itms_tui.cli import main


@pytest.mark.parametrize("flags, said", [
    (["--host", "0.0.0.0"], "--host 0.0.0.0 lets other machines in: add --public-url"),
    (["--port", "0"], "--port 0 is not a port"),
    (["--trainer-token", "short"], "--trainer-token: use at least 8 characters"),
    (["--warm", "-1"], "--warm -1: give 0 or more"),
])
def test_flags_that_cannot_work_are_refused(tmp_path, capsys, flags, said):
    assert main(["serve", "--root", str(tmp_path / "room"), *flags]) == 2
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "room").exists()


def test_a_bad_course_is_reported_before_serving(tmp_path, capsys):
    assert main(["serve", "--root", str(tmp_path), "--course", str(tmp_path / "none.yaml")]) == 2
    assert "none.yaml:1:1: cannot read the file" in capsys.readouterr().err


def test_another_host_warns_that_anyone_can_join(tmp_path, capsys):
    with socket.socket() as taken:  # a port in use: the warning is said, nothing listens
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--root", str(tmp_path), "--host", "0.0.0.0", "--port", str(port),
                     "--public-url", f"http://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 2
    assert "anyone who can reach" in err and "can train as any name" in err
    assert f"cannot listen on 0.0.0.0:{port}" in err
