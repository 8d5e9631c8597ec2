"""Fetch a country's GeoNames export (``jointmap gazetteer download SY``).

The URL is a setting: ``--url``, else ``$JOINTMAP_GEONAMES_URL``, else :data:`GEONAMES_URL`; ``{country}`` in
it is replaced by the country code. ``file://`` URLs work (tests and offline mirrors use them). The archive's
``<country>.txt`` is extracted; ``admin1CodesASCII.txt`` is fetched from the same directory when it is there.
This is the only place jointmap touches the network, and only when the user asks.
"""

from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from jointmap.errors import JointmapError

__all__ = ["GEONAMES_URL", "Downloaded", "download_geonames", "geonames_url"]

GEONAMES_URL = "https://download.geonames.org/export/dump/{country}.zip"
_TIMEOUT = 60.0


@dataclass(frozen=True)
class Downloaded:
    url: str
    places_file: Path
    admin1_file: Path | None


def geonames_url(country: str, url: str | None = None) -> str:
    """The export URL for ``country``: ``url``, else ``$JOINTMAP_GEONAMES_URL``, else the GeoNames dump."""
    template = url or os.environ.get("JOINTMAP_GEONAMES_URL") or GEONAMES_URL
    return template.replace("{country}", country.upper())


def _fetch(url: str, dest: Path) -> None:
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT) as response, dest.open("wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise JointmapError(f"cannot download {url}: {exc}") from exc


def download_geonames(country: str, directory: Path, url: str | None = None) -> Downloaded:
    """Download and unzip ``<country>.zip`` into ``directory``; return the extracted files."""
    country = country.upper()
    source = geonames_url(country, url)
    directory.mkdir(parents=True, exist_ok=True)
    archive = directory / f"{country}.download"
    _fetch(source, archive)
    target = directory / f"{country}.txt"
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            member = next((n for n in zf.namelist() if Path(n).name.upper() == f"{country}.TXT"), None)
            if member is None:
                raise JointmapError(
                    f"{source}: the archive has no {country}.txt (has: {', '.join(zf.namelist())})"
                )
            with zf.open(member) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
    else:
        archive.replace(target)  # a plain .txt export
    archive.unlink(missing_ok=True)
    admin1: Path | None = directory / "admin1CodesASCII.txt"
    assert admin1 is not None
    try:
        _fetch(source.rsplit("/", 1)[0] + "/admin1CodesASCII.txt", admin1)
    except JointmapError:
        admin1.unlink(missing_ok=True)
        admin1 = None  # governorate names then come from jointmap's own data
    return Downloaded(source, target, admin1)
