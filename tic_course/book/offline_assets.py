"""Fetch the browser libraries the book needs from the npm registry, so pages never use a CDN.

Hospital intranets often block public CDNs; by default the built pages load require.js and the
ipywidgets HTML manager from them, and widget outputs are blank offline. We fetch pinned,
integrity-checked packages at build time into ``book/_vendor/`` (not committed) and serve them
from the site. That folder is deliberately not ``_static/``: Jupyter Book injects every ``.js``
file found in a root ``_static/`` folder into every page.

Run ``tic-course assets --help``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Package:
    """One pinned npm package and the files we serve from it."""

    spec: str  # name@version
    integrity: str  # the registry's sha512, as `npm pack --json` reports it
    files: dict[str, str]  # path inside the package -> path under the vendor folder
    dist_dir: str = ""  # copy a whole folder (fonts that the script loads by relative URL)
    dest_dir: str = ""


PACKAGES = (
    Package(
        "requirejs@2.3.7",
        "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        {"package/require.js": "require.js"},
    ),
    Package(
        "@jupyter-widgets/html-manager@1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        {},
        dist_dir="package/dist/",
        dest_dir="html-manager",
    ),
)
# Test-only: the axe-core accessibility engine, injected into pages by the browser tests, and
# scorm-again, a SCORM 1.2 and 2004 run-time that plays the LMS in the SCORM packages' browser test.
TEST_PACKAGES = (
    Package(
        "axe-core@4.14.1",
        "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==",
        {"package/axe.min.js": "axe.min.js"},
    ),
    Package(
        "scorm-again@3.4.3",
        "sha512-Zbe+7ArMUbT1lVnqYxsbGRfI9JD9JVqEPzZLQdk0nfNmcDYJ404rMO9nbkQ0Hzwux5uACF9zKsvc29Q/ZzMOdg==",
        {"package/dist/scorm-again.min.js": "scorm-again.min.js"},
    ),
)


def _tarball(pkg: Package, cache: Path) -> bytes:
    """The package tarball, from the local cache or `npm pack`, checked against its integrity."""
    cache.mkdir(parents=True, exist_ok=True)
    name = pkg.spec.replace("@", "", 1).replace("/", "-").replace("@", "-") + ".tgz"
    cached = cache / name
    if not cached.exists():
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run(
                ["npm", "pack", pkg.spec, "--silent", "--pack-destination", tmp], capture_output=True, text=True
            )
            if proc.returncode:
                raise SystemExit(f"npm pack {pkg.spec} failed:\n{proc.stderr.strip()}")
            produced = next(Path(tmp).glob("*.tgz"))
            shutil.move(produced, cached)
    data = cached.read_bytes()
    if pkg.integrity:
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != pkg.integrity:
            cached.unlink()
            raise SystemExit(f"{pkg.spec}: integrity mismatch (got {digest}); the cached file was removed")
    return data


def install(packages: tuple[Package, ...], dest: Path, cache: Path) -> list[Path]:
    """Extract the served files of each package into ``dest``; return what was written."""
    written = []
    staging = Path(tempfile.mkdtemp(dir=dest.parent if dest.parent.exists() else None, prefix=".vendor-"))
    try:
        if dest.exists():
            shutil.copytree(dest, staging, dirs_exist_ok=True)
        for i, pkg in enumerate(packages, 1):
            # Progress goes to stderr: commands print the files they wrote on stdout.
            print(f"[{i}/{len(packages)}] {pkg.spec}", file=sys.stderr)
            with tarfile.open(fileobj=io.BytesIO(_tarball(pkg, cache)), mode="r:gz") as tar:
                for member in tar.getmembers():
                    if not member.isfile():
                        continue
                    if member.name in pkg.files:
                        target = staging / pkg.files[member.name]
                    elif pkg.dist_dir and member.name.startswith(pkg.dist_dir) and not member.name.endswith(".map"):
                        target = staging / pkg.dest_dir / member.name[len(pkg.dist_dir) :]
                    else:
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())
                    written.append(dest / target.relative_to(staging))
        if dest.exists():
            shutil.rmtree(dest)
        staging.rename(dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return written
