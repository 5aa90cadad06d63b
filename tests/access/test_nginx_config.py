"""`ejsync gate nginx-config`: what it writes is valid for Debian's nginx and keeps its promises."""

from __future__ import annotations

import stat
import subprocess

from ejsync.family_codes import codes
from tests.access.conftest import NGINX, run_ejsync


def test_generated_configuration_passes_nginx_t(tmp_path, tiny_school, key_file):
    codes.issue(tiny_school.connect(), key_file, 1)  # the access key exists
    root = tmp_path / "diary"
    root.mkdir()
    prefix = tmp_path / "nginx"
    result = run_ejsync(
        "gate", "nginx-config", "--root", str(root), "--gate", "127.0.0.1:8800",
        "--listen", "127.0.0.1:18080", "--output", str(prefix), "--standalone",
        key_file=key_file,
    )
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [str(NGINX), "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
         "-e", str(prefix / "error.log")], capture_output=True, text=True,
    )
    assert check.returncode == 0, check.stderr
    site_file = prefix / "ejsync-site.conf"
    assert stat.S_IMODE(site_file.stat().st_mode) == 0o600  # it holds the link secret
    site = site_file.read_text()
    assert "auth_request /_auth;" in site and "internal;" in site
    assert "secure_link_md5" in site and "autoindex off;" in site
    assert "frame-ancestors 'none'" in site and 'Cache-Control "no-store"' in site
    # no redirect copies the decoded address ($uri) into its Location header
    redirects = [line for line in site.splitlines() if line.strip().startswith("return 30")]
    assert redirects and not [line for line in redirects if "$uri" in line]


def test_site_configuration_with_https(tmp_path, tiny_school, key_file):
    codes.issue(tiny_school.connect(), key_file, 1)
    root = tmp_path / "diary"
    root.mkdir()
    output = tmp_path / "ejsync.conf"
    result = run_ejsync(
        "gate", "nginx-config", "--root", str(root), "--listen", "443",
        "--server-name", "dnevnik.school7.ru", "--tls-cert", "/etc/ssl/d.crt",
        "--tls-key", "/etc/ssl/d.key", "--output", str(output), key_file=key_file,
    )
    assert result.returncode == 0, result.stderr
    site = output.read_text()
    assert "listen 443 ssl;" in site and "return 301 https://$host$request_uri;" in site
    assert "Strict-Transport-Security" in site
    missing = run_ejsync("gate", "nginx-config", "--root", str(tmp_path / "nope"),
                         "--output", str(output), key_file=key_file)
    assert missing.returncode == 2 and "не найдена" in missing.stderr
