"""`aeportal serve` previews a portal over HTTP on 127.0.0.1 and rebuilds on edits."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from portal_fixtures import account_files, write_repo


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_serve_previews_and_reloads_on_edits(tmp_path: Path) -> None:
    root = write_repo(tmp_path, account_files("alpha-co", "ALPHA", "vi"))
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aeportal",
            "serve",
            "alpha-co",
            "--repo",
            str(root),
            "--addr",
            f"127.0.0.1:{port}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        page = _get(f"http://127.0.0.1:{port}/", deadline)
        assert '<html lang="vi"' in page
        assert "ALPHA-CLIENT-MEETING kickoff" in page or "Cập nhật tình hình" in page
        assert "ALPHA-INT-" not in page
        brief = root / "accounts/alpha-co/briefs/alpha-launch-post.md"
        brief.write_text(brief.read_text("utf-8").replace("launch post", "launch post EDITED", 1))
        url = f"http://127.0.0.1:{port}/briefs/alpha-launch-post/"
        while "launch post EDITED" not in _get(url, deadline):
            assert time.monotonic() < deadline, "the edit never showed up"
            time.sleep(0.5)
        # The preview has the portal's search index, rebuilt with the edit.
        entry = json.loads(_get(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", deadline))
        assert entry["languages"]["vi"]["page_count"] > 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
