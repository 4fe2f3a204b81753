"""`make serve`: pre-compressed files are sent only to clients that accept them, with the right headers."""

from __future__ import annotations

import gzip
import http.client
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from tic_course.book.serving import accepted_encodings, make_server, serving

PAGE = "<!doctype html><title>t</title><p>" + "trauma-informed care " * 200 + "</p>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(PAGE.encode(), mtime=0))
    (tmp_path / "index.html.br").write_bytes(brotli.compress(PAGE.encode()))
    (tmp_path / "only-gz.js").write_text("var a = 1;", encoding="utf-8")
    (tmp_path / "only-gz.js.gz").write_bytes(gzip.compress(b"var a = 1;", mtime=0))
    (tmp_path / "plain.css").write_text("p{}", encoding="utf-8")
    return tmp_path


def get(url: str, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    host = urlsplit(url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, body


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("br;q=0, gzip;q=0.5", {"gzip"}),
        ("*", {"br", "gzip", "*"}),
        ("*;q=1, br;q=0", {"gzip", "*"}),
        ("identity", {"identity"}),
        ("gzip;q=nonsense", set()),
        ("", set()),
        (None, set()),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, expected):
    assert accepted_encodings(header) == expected


def test_brotli_is_preferred_and_labelled(site):
    with serving(site) as url:
        status, headers, body = get(url, "/index.html", "gzip, deflate, br")
    assert status == 200
    assert headers["content-encoding"] == "br"
    assert headers["content-type"] == "text/html"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    assert brotli.decompress(body).decode() == PAGE


def test_gzip_when_brotli_is_not_accepted_or_missing(site):
    with serving(site) as url:
        _, headers, body = get(url, "/", "gzip")  # the folder's index.html, compressed too
        assert headers["content-encoding"] == "gzip" and gzip.decompress(body).decode() == PAGE
        _, headers, body = get(url, "/only-gz.js", "br, gzip")
        assert headers["content-encoding"] == "gzip"
        assert headers["content-type"] == "text/javascript"
        assert gzip.decompress(body) == b"var a = 1;"


@pytest.mark.parametrize("accept", [None, "identity", "br;q=0, gzip;q=0", "deflate"])
def test_never_compressed_for_a_client_that_does_not_accept_it(site, accept):
    with serving(site) as url:
        status, headers, body = get(url, "/index.html", accept)
    assert status == 200
    assert "content-encoding" not in headers
    assert headers["vary"] == "Accept-Encoding"
    assert body.decode() == PAGE


def test_files_without_a_compressed_copy_and_missing_files(site):
    with serving(site) as url:
        _, headers, body = get(url, "/plain.css", "br, gzip")
        assert "content-encoding" not in headers and body == b"p{}"
        status, _, _ = get(url, "/missing.html", "br")
        assert status == 404
        status, _, _ = get(url, "/index.html.br/../../etc/passwd", "br")
        assert status == 404


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="no index.html here"):
        make_server(tmp_path)
