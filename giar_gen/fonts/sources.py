"""The font files a PDF is set in: for each role, the installed official font
(when there is one and installed fonts are wanted) and then the bundled face.

Kept apart from the PDF writer so that a build can resolve them (one ``fc-list``,
shared with the coverage check) without importing the writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from giar_gen.fonts import ROLE_FACE, ROLE_NAMES, bundled_face_files, system_font_for_role


@dataclass(frozen=True)
class FontSource:
    """A font file that serves one or more roles."""

    key: str  # "song-regular" for a bundled face, "system-<role>" for an installed font
    path: Path
    index: int = 0
    system_name: str = ""  # the official name that matched, for an installed font

    @property
    def family(self) -> str:
        # A fixed family name, distinct from every official or bundled name, so that
        # fontconfig cannot hand WeasyPrint the full installed font instead.
        return f"GiarGen PDF {self.key}"


def resolve_font_sources(*, system_fonts: bool = True) -> dict[str, list[FontSource]]:
    """For each role, the fonts a PDF uses, best first: the installed official font
    (when ``system_fonts`` and one is installed), then the bundled face."""
    faces = bundled_face_files()
    out: dict[str, list[FontSource]] = {}
    for role in ROLE_NAMES:
        chain = []
        found = system_font_for_role(role) if system_fonts else None
        if found is not None:
            chain.append(FontSource(f"system-{role}", Path(found.path), found.index, found.family))
        key = ROLE_FACE[role]
        chain.append(FontSource(key, faces[key]))
        out[role] = chain
    return out


__all__ = ["FontSource", "resolve_font_sources"]
