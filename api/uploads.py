"""Files uploaded from the browser as they wait for their confirm, and the refused rows they hand
out as CSV.

An upload's bytes wait under the system temp folder, in a folder named by a random token, for an
hour at most (``KEEP_S``): its dry run reads them, and its confirm loads exactly those bytes. Each
run of the loader (``loaders.load.load_files``, with the options ``POST /load`` gives it) writes
the loaders' own refused-rows files (``loaders.quarantine.write_report``) into the same folder,
every cell that a spreadsheet would run as a formula defused first.

Whose an upload is stays beside it (``claim``, ``owns``): its confirm and its refused rows,
which hold the rows' cells, contacts too, are for the account or browser that uploaded it and
for administrators only. What the uploader may load at all is the policy's (``screen_of``).

Shared by the upload pages (``api/routers/web/upload.py``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from starlette.requests import Request

from phakhee.api import sessions
from phakhee.api.deps import require
from phakhee.graph.access import EVERYWHERE, Action, Principal, Target, decide
from phakhee.graph.accounts import Account
from phakhee.graph.cells import defused
from phakhee.graph.errors import InvalidInput
from phakhee.graph.store import GraphStore
from phakhee.loaders.load import LoadReport, Screen, load_files
from phakhee.loaders.quarantine import write_report
from phakhee.loaders.sync import Scope, parse_scope
from phakhee.queries.cache import GraphVersion
from phakhee.queries.targets import graph_places, upload_screen, where

UPLOADS = Path(tempfile.gettempdir()) / "phakhee-uploads"
"""Where uploads wait for their confirm: one folder per token."""
KEEP_S = 3600
"""How long an upload waits for its confirm (and its refused rows for their download)."""
TOKEN = r"^[A-Za-z0-9_-]{32,64}$"
"""What a token looks like (``secrets.token_urlsafe(32)``)."""
SUFFIXES = frozenset({".xlsx", ".csv", ".zip", ".json"})
"""The kinds of file the loader reads, by suffix; the form offers the first two."""
FIX_FILE = r"^refused(\.[a-z_]{1,40})?\.csv$"
"""The refused-rows files an upload's folder may hand out."""
CHUNK = 2**20
"""How many bytes of an upload are read and written at a time."""


@dataclass(frozen=True, slots=True)
class Upload:
    """An upload waiting for its confirm: its token, the file's own name, the scope typed (if
    any) and the store's version when its dry run ran (0 before it ran)."""

    token: str
    name: str
    scope: str
    version: int

    @property
    def folder(self) -> Path:
        """The token's folder: the bytes, what the upload is, its refused-rows files."""
        return UPLOADS / self.token

    @property
    def path(self) -> Path:
        """The bytes, under the file's own name (a CSV file's name is the sheet it is), in a
        folder of their own (no name they have can be taken for the report's files)."""
        return self.folder / "file" / self.name

    @property
    def _meta(self) -> Path:
        return self.folder / "upload.json"

    def save(self) -> None:
        """Record what the upload is, so that its confirm finds it by its token."""
        meta = {"name": self.name, "scope": self.scope, "version": self.version}
        self._meta.write_text(json.dumps(meta), "utf-8")

    @classmethod
    def open(cls, token: str) -> Upload | None:
        """The upload ``token`` names, or None when there is none (or it waited too long)."""
        meta = UPLOADS / token / "upload.json"
        if not re.match(TOKEN, token) or not meta.is_file() or age(meta) > KEEP_S:
            return None
        data = json.loads(meta.read_text("utf-8"))
        return cls(token, data["name"], data["scope"], data["version"])

    def discard(self) -> None:
        """Delete the upload and everything of it."""
        shutil.rmtree(self.folder, ignore_errors=True)

    def loaded(self) -> None:
        """Forget the bytes once loaded (no second confirm can load them again); the refused
        rows stay for their download until the sweep."""
        self.path.unlink(missing_ok=True)
        self._meta.unlink(missing_ok=True)

    def refused_sheets(self) -> list[tuple[str, str]]:
        """Each sheet with refused rows to fix, as (sheet, file name of its refused rows)."""
        names = sorted(
            p.name for p in self.folder.glob("refused.*.csv") if re.match(FIX_FILE, p.name)
        )
        return [(n.removeprefix("refused.").removesuffix(".csv"), n) for n in names]


def keep(name: str, scope: str, stream: IO[bytes], limit: int) -> Upload | None:
    """A new upload of ``stream``'s bytes under a new token (the older ones swept first); None,
    keeping nothing, when they are more than ``limit`` bytes."""
    sweep()
    waiting = Upload(secrets.token_urlsafe(32), name, scope, 0)
    UPLOADS.mkdir(mode=0o700, exist_ok=True)
    waiting.path.parent.mkdir(mode=0o700, parents=True)
    size = 0
    with waiting.path.open("wb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                waiting.discard()
                return None
            out.write(chunk)
    return waiting


def age(path: Path) -> float:
    """Seconds since ``path`` was last written."""
    return time.time() - path.stat().st_mtime


def sweep() -> None:
    """Delete every upload older than ``KEEP_S``."""
    if not UPLOADS.is_dir():
        return
    for folder in UPLOADS.iterdir():
        try:
            if age(folder) > KEEP_S:
                shutil.rmtree(folder, ignore_errors=True)
        except FileNotFoundError:
            continue


OWNER = "owner.json"
"""Who uploaded, in the upload's folder: whose its refused rows (with their contacts) are."""


def _browser(request: Request) -> str:
    """The browser a request came from, as its session's CSRF token's digest (a signed-in
    session's, or the pre-session every form is sent under): the same until it signs in or
    out."""
    return hashlib.sha256(sessions.csrf_token(request).encode()).hexdigest()


def claim(upload: Upload, asker: Principal, request: Request) -> None:
    """Record that ``asker``, from this browser, made ``upload``."""
    account = asker.name if isinstance(asker, Account) else None
    owner = {"account": account, "browser": _browser(request)}
    (upload.folder / OWNER).write_text(json.dumps(owner), "utf-8")


def owns(token: str, asker: Principal, request: Request) -> bool:
    """Whether ``asker`` may have what upload ``token`` keeps (its bytes' confirm, its refused
    rows): an administrator, the account that uploaded it, or the browser it came from."""
    if decide(asker, Action.UPLOAD, EVERYWHERE):
        return True
    path = UPLOADS / token / OWNER
    if not re.match(TOKEN, token) or not path.is_file():
        return False
    owner = json.loads(path.read_text("utf-8"))
    if isinstance(asker, Account) and owner.get("account") == asker.name:
        return True
    return hmac.compare_digest(owner.get("browser", ""), _browser(request))


def refused_file(token: str, name: str) -> Path | None:
    """The refused-rows file ``name`` of the upload ``token``, or None when there is none (or
    it has been kept longer than ``KEEP_S``)."""
    if not re.match(TOKEN, token) or not re.match(FIX_FILE, name):
        return None
    path = UPLOADS / token / name
    return path if path.is_file() and age(path) <= KEEP_S else None


def write_refused(upload: Upload, report: LoadReport) -> None:
    """The loaders' refused-rows files for ``report`` in the upload's folder (the file named by
    its own name, every cell defused by ``graph.cells.defused``, as the exports' CSV cells
    are), replacing those of an earlier run."""
    for old in upload.folder.glob("refused*.csv"):
        old.unlink()
    rows = [
        dataclasses.replace(
            q,
            file=defused(named(upload, q.file)),
            sheet=defused(q.sheet),
            column=defused(q.column),
            error=defused(named(upload, q.error)),
            values={k: defused(v) for k, v in q.values.items()},
        )
        for q in report.quarantined
    ]
    if rows:
        write_report(rows, upload.folder / "refused.csv")


def named(upload: Upload, text: str) -> str:
    """``text`` naming the file by its own name, not the folder it waits in."""
    return text.replace(str(upload.path), upload.name)


def run_load(
    store: GraphStore, upload: Upload, *, dry_run: bool, screen: Screen | None = None
) -> tuple[LoadReport, int]:
    """The load of the upload's bytes, as ``POST /load`` runs it (a scope removes on a real
    load; ``screen`` refuses the rows the uploader may not write), its refused rows written
    beside it; the report and the store's version it started from. Raises InvalidInput when
    nothing in the file could be read (the file itself is refused)."""
    scope = parse_place(upload.scope) if upload.scope else None
    version = store.version()
    report = load_files(
        store,
        [upload.path],
        dry_run=dry_run,
        sync=scope,
        yes=scope is not None and not dry_run,
        screen=screen,
    )
    if (why := report.unreadable()) is not None:
        raise InvalidInput(named(upload, why), field="file")
    write_refused(upload, report)
    return report, version


def parse_place(text: str) -> Scope:
    """The scope a typed province or region names (``น่าน``, ``ภาคเหนือ``, ``province=nan``);
    InvalidInput, as for a province, when it names neither."""
    if "=" in text:
        return parse_scope(text)
    try:
        return parse_scope(f"province={text}")
    except InvalidInput as first:
        try:
            return parse_scope(f"region={text}")
        except InvalidInput:
            raise first from None


def screen_of(asker: Principal, gv: GraphVersion, scope: Scope | None) -> Screen | None:
    """What an upload by ``asker`` may write, as the loader's ``screen``: None (every row) for
    an administrator; for anyone else the rows where the policy allows them to upload. Raises
    ``Forbidden`` (or ``SignInNeeded``) before anything is read when ``asker`` may upload
    nowhere, or a ``scope`` to sync is not theirs (its removals would reach beyond them)."""
    if decide(asker, Action.UPLOAD, EVERYWHERE):
        return None
    own = asker if isinstance(asker, Account) else None
    mine = Target.node(
        provinces=own.provinces if own else (),
        regions=own.regions if own else (),
        zones=own.zones if own else (),
    )
    require(asker, Action.UPLOAD, mine)
    if scope is not None:
        require(asker, Action.UPLOAD, Target.at(where(scope.id, [])))
    return upload_screen(asker, graph_places(gv))
