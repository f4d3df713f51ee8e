"""Schemathesis against the gateway's own OpenAPI spec: no generated request may cause a server error."""

import subprocess
import sys
from pathlib import Path

from tests.voice.conftest import API_KEY


def test_no_generated_request_causes_a_server_error(gateway, tmp_path):
    schemathesis = Path(sys.executable).with_name("schemathesis")
    run = subprocess.run(
        [str(schemathesis), "run", f"{gateway.url}/openapi.json", "--checks", "not_a_server_error",
         "--header", f"X-API-Key: {API_KEY}", "--max-examples", "25", "--seed", "13", "--request-timeout", "60"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)  # its example cache stays out of the tree
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "/v1/voice" in run.stdout and "/v1/transcribe" in run.stdout
