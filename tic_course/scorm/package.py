"""Build the SCORM packages: for each module and for the whole course, a 1.2 zip and a 2004 zip.

Everything comes from the built book (``_build/html``), so a package shows exactly what the site
shows, with the same presentation order and no graded notebook content (practice pages embed only
the practice view of a scenario). The launch page and its scripts come from this package, and
pipwerks' SCORM API wrapper from the npm registry at a pinned, integrity-checked version.

A rebuild from the same sources is byte-identical: members are sorted, every member has the same
timestamp (1980-01-01, the zip format's earliest), the same permissions and the same compression,
and nothing depends on the clock, the machine or the order files were found in.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tic_course.atomic import write_bytes
from tic_course.book.offline_assets import Package, install
from tic_course.html_templates import html_environment
from tic_course.layout import CourseLayout
from tic_course.scorm.manifest import LAUNCH, manifest, schema_files
from tic_course.scorm.modules import Module, course_modules
from tic_course.scorm.pages import module_files

COURSE_CODE = "trauma-informed-care"
COURSE_TITLE = "Trauma-informed care for clinicians"
VERSIONS = ("1.2", "2004")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# pipwerks' SCORM API wrapper (MIT): finds API / API_1484_11 in parent and opener frames the way
# ADL's own sample code does. Its npm build is a CommonJS bundle, wrapped below for the browser.
SCORM_PACKAGES = (
    Package(
        "pipwerks-scorm-api-wrapper@0.1.2",
        "sha512-25T7MzC4oPMh1324TkogILXw+W7qkyLeeKfBF0lguQEDd1q8gVd6+YAqlboEDDoLArt57F540QLEcW9SpM8xyw==",
        {"package/index.js": "pipwerks-scorm-api-wrapper.js"},
    ),
)
OWN_FILES = ("tic-scorm-shell.js", "tic-scorm-page.js", "tic-scorm.css")


@dataclass(frozen=True)
class Built:
    """One package written: where, how big, and what it holds."""

    path: Path
    version: str
    modules: tuple[str, ...]
    size: int
    members: int


def fetch_wrapper(layout: CourseLayout) -> Path:
    """pipwerks' wrapper, fetched once into ``.cache/scorm-vendor`` (checked against its sha512)."""
    dest = layout.cache / "scorm-vendor"
    install(SCORM_PACKAGES, dest, layout.cache / "npm")
    return dest / "pipwerks-scorm-api-wrapper.js"


def wrapped_wrapper(source: bytes) -> bytes:
    """The CommonJS bundle as a browser script that defines ``window.pipwerks`` and nothing else."""
    return (
        b"/* pipwerks SCORM API wrapper (" + SCORM_PACKAGES[0].spec.encode() + b", MIT), unchanged inside a "
        b"CommonJS shim. */\n(function () {\nvar exports = {};\n" + source + b"\nwindow.pipwerks = exports;\n})();\n"
    )


def _own_files(wrapper: bytes) -> dict[str, bytes]:
    static = resources.files("tic_course.scorm").joinpath("static")
    files = {f"tic-scorm/{name}": static.joinpath(name).read_bytes() for name in OWN_FILES}
    files["tic-scorm/pipwerks-scorm-api-wrapper.js"] = wrapped_wrapper(wrapper)
    return files


def launch_page(title: str, modules: list[Module]) -> bytes:
    """The launch page: the module list and each module's tracked items, as JSON for the shell."""
    config = {"defaultModule": modules[0].code, "modules": {m.code: m.config() for m in modules}}
    page = html_environment("tic_course.scorm").get_template("launch.html.j2").render(title=title, config=config)
    return page.encode("utf-8")


def package_files(site: Path, version: str, title: str, modules: list[Module], wrapper: bytes) -> dict[str, bytes]:
    """Every file of one package (path in the zip -> bytes), manifest included."""
    pages = [p for m in modules for p in m.pages]
    rewritten, assets = module_files(site, pages)
    files: dict[str, bytes] = {a: (site / a).read_bytes() for a in assets}
    files.update(rewritten)
    files.update(_own_files(wrapper))
    files.update(schema_files(version))
    files[LAUNCH] = launch_page(title, modules)
    identifier = f"{COURSE_CODE}-{modules[0].code if len(modules) == 1 else 'course'}"
    files["imsmanifest.xml"] = manifest(version, identifier, title, modules, sorted(files))
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on ``files``: sorted members, fixed time and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so external_attr means the same everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def build(
    layout: CourseLayout, out: Path, pass_marks: dict[str, int] | None = None, site: Path | None = None
) -> list[Built]:
    """Write every package into ``out``: ``<module>-scorm12.zip``, ``<module>-scorm2004.zip``, and
    the same for the whole course (``trauma-informed-care-...``). Nothing is written until every
    package has been assembled, so a missing page or file leaves the folder as it was."""
    site = site or layout.build / "html"
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the book first (make book)")
    modules = course_modules(layout, pass_marks)
    wrapper = fetch_wrapper(layout).read_bytes()
    plans: list[tuple[str, str, str, list[Module]]] = [(m.code, m.title, v, [m]) for m in modules for v in VERSIONS]
    plans += [(COURSE_CODE, COURSE_TITLE, v, modules) for v in VERSIONS]
    assembled = []
    for name, title, version, members in plans:
        data = zip_bytes(package_files(site, version, title, members, wrapper))
        suffix = "scorm12" if version == "1.2" else "scorm2004"
        assembled.append((out / f"{name}-{suffix}.zip", version, members, data))
    built = []
    for path, version, members, data in assembled:
        write_bytes(path, data)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            count = len(z.namelist())
        built.append(Built(path, version, tuple(m.code for m in members), len(data), count))
    return built


def summary(built: list[Built]) -> str:
    """One line per package (name, version, size), for the command's output and the README."""
    lines = [f"{b.path.name:60} SCORM {b.version:4}  {b.size / 1_048_576:6.2f} MiB  {b.members} files" for b in built]
    return "\n".join(lines)

