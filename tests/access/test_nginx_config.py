"""`ejsync gate nginx-config`: what it writes is valid for Debian's nginx and keeps its promises."""

from __future__ import annotations

import subprocess

from tests.access.conftest import NGINX, run_ejsync


def test_generated_configuration_passes_nginx_t(tmp_path):
    root = tmp_path / "diary"
    root.mkdir()
    prefix = tmp_path / "nginx"
    result = run_ejsync(
        "gate", "nginx-config", "--root", str(root), "--gate", "127.0.0.1:8800",
        "--listen", "127.0.0.1:18080", "--output", str(prefix), "--standalone",
    )
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [str(NGINX), "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
         "-e", str(prefix / "error.log")], capture_output=True, text=True,
    )
    assert check.returncode == 0, check.stderr
    site = (prefix / "ejsync-site.conf").read_text()
    assert "auth_request /_auth;" in site and "internal;" in site
    assert "autoindex off;" in site and "frame-ancestors 'none'" in site
    assert 'proxy_cache_key "$cookie_ejsync_session|$request_uri";' in site


def test_site_configuration_with_https_and_no_auth_cache(tmp_path):
    root = tmp_path / "diary"
    root.mkdir()
    output = tmp_path / "ejsync.conf"
    result = run_ejsync(
        "gate", "nginx-config", "--root", str(root), "--listen", "443",
        "--server-name", "dnevnik.school7.ru", "--tls-cert", "/etc/ssl/d.crt",
        "--tls-key", "/etc/ssl/d.key", "--auth-cache-seconds", "0", "--output", str(output),
    )
    assert result.returncode == 0, result.stderr
    site = output.read_text()
    assert "listen 443 ssl;" in site and "return 301 https://$host$request_uri;" in site
    assert "Strict-Transport-Security" in site and "proxy_cache" not in site
    missing = run_ejsync("gate", "nginx-config", "--root", str(tmp_path / "nope"),
                         "--output", str(output))
    assert missing.returncode == 2 and "не найдена" in missing.stderr
