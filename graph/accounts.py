"""Accounts: who may sign in, with which role and over which places, kept in the store itself.

An account lives beside the graph, never in it: on SQLite in tables of its own (``users``,
``user_tokens``) in the store's file, on Neo4j as nodes labelled ``PhakheeUser`` and
``PhakheeToken`` (outside the model's labels, like the snapshots' ``PhakheeSnapshot``, and
without an ``id``). Neither moves the graph version, and no projection, count, export or
snapshot meets them; a backup of the SQLite file carries them, as it carries the snapshots.

Passwords are kept as Argon2id hashes (argon2-cffi's defaults: memory-hard, salted, slow on
purpose, since people choose guessable passwords). A personal API token is 32 random bytes
(``secrets.token_urlsafe(32)``), shown once and kept as its SHA-256: a token cannot be guessed
from a list of likely ones, so a slow hash would add nothing but latency to every request that
carries one. An account has at most one token: a new one replaces the old.

The backends reach into their store's private seams on purpose (``SQLiteStore._write`` and
``_read``, ``Neo4jStore._write``, ``_read``, ``_errors``, ``_driver``), so accounts share the
store's connections, pragmas and error mapping without another interface on ``GraphStore``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

import orjson
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from phakhee.graph.errors import InvalidInput, NotFound
from phakhee.graph.geography import zone_id
from phakhee.graph.store import GraphStore
from phakhee.graph.thailand import PROVINCES, REGIONS, ZONES

if TYPE_CHECKING:
    from neo4j import ManagedTransaction

    from phakhee.graph.neo4j_store import Neo4jStore
    from phakhee.graph.sqlite_store import SQLiteStore


class Role(StrEnum):
    """What an account may do, decided by ``graph.access.decide``."""

    VIEWER = "viewer"
    COORDINATOR = "coordinator"
    ACADEMIC = "academic"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Account:
    """A person who may sign in: name, role, and the places the role applies to.

    ``provinces`` and ``regions`` are node ids (``province:nan``, ``region:north``); ``zones``
    the network's zones' ids (``zone:north-upper``: zones are areas, not nodes), whatever name
    they were given by.
    """

    name: str
    role: Role
    provinces: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    zones: tuple[str, ...] = ()


NAME_RULE = "a user name is 2 to 40 characters of a-z, 0-9, '.', '_' and '-'"
PASSWORD_MIN = 10
_NAME = re.compile(r"[a-z0-9._-]{2,40}")
_PROVINCE_IDS = {f"province:{p.slug}" for p in PROVINCES}
_REGION_IDS = {f"region:{r.slug}" for r in REGIONS}
_ZONE_NAMES = {
    " ".join(name.lower().replace("-", " ").split()): zone_id(z.slug)
    for z in ZONES
    for name in (zone_id(z.slug), z.slug, z.short_th, z.name_th, f"โซน{z.short_th}", z.name_en)
}
"""A zone's id by each way an account's zone may be written: id, slug, Thai or English name."""
_hasher = PasswordHasher()  # argon2id, RFC 9106's second recommended parameters


@cache
def _dummy_hash() -> str:
    """A hash no password matches, verified against when a name is unknown (same cost)."""
    return _hasher.hash(secrets.token_urlsafe(16))


def check_name(name: str) -> str:
    """``name`` when it is a valid user name; InvalidInput naming the rule otherwise."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InvalidInput(f"{name!r}: {NAME_RULE}", field="name")
    return name


def check_password(password: str) -> str:
    """``password`` when it is long enough; InvalidInput naming the rule otherwise."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(f"a password needs at least {PASSWORD_MIN} characters", field="password")
    return password


def _places(values: Iterable[str], prefix: str, known: set[str], field: str) -> tuple[str, ...]:
    """Place ids from ids or slugs (``nan`` or ``province:nan``), sorted, each checked."""
    out = set()
    for value in values:
        place = value.strip().lower()
        place = place if place.startswith(prefix) else prefix + place
        if place not in known:
            raise InvalidInput(f"{value!r} is not a known {field}", field=field)
        out.add(place)
    return tuple(sorted(out))


def _zones(values: Iterable[str]) -> tuple[str, ...]:
    """Zone ids (``zone:northeast-upper``) from ids, slugs or names (อีสานบน, ภาคอีสานบน, Upper
    Northeast), sorted, each checked: the policy compares them with a node's zone."""
    out = set()
    for value in values:
        if not value.strip():
            continue
        key = " ".join(value.lower().replace("-", " ").split())
        if key not in _ZONE_NAMES:
            names = ", ".join(f"{z.slug} ({z.short_th})" for z in ZONES)
            raise InvalidInput(
                f"{value!r} is not one of the network's zones: {names}", field="zone"
            )
        out.add(_ZONE_NAMES[key])
    return tuple(sorted(out))


def make_account(
    name: str,
    role: Role | str,
    *,
    provinces: Iterable[str] = (),
    regions: Iterable[str] = (),
    zones: Iterable[str] = (),
) -> Account:
    """An ``Account`` checked: a valid name and role, known places, places only where the role
    uses them (a coordinator needs a province, an academic a region or zone)."""
    try:
        role = Role(role)
    except ValueError:
        raise InvalidInput(
            f"{role!r} is not a role: use one of {', '.join(Role)}", field="role"
        ) from None
    account = Account(
        check_name(name),
        role,
        _places(provinces, "province:", _PROVINCE_IDS, "province"),
        _places(regions, "region:", _REGION_IDS, "region"),
        _zones(zones),
    )
    if role is Role.COORDINATOR and not account.provinces:
        raise InvalidInput("a coordinator needs at least one province", field="provinces")
    if role is Role.COORDINATOR and (account.regions or account.zones):
        raise InvalidInput("a coordinator's places are provinces only", field="regions")
    if role is Role.ACADEMIC and not (account.regions or account.zones):
        raise InvalidInput("an academic needs at least one region or zone", field="regions")
    if role is Role.ACADEMIC and account.provinces:
        raise InvalidInput("an academic's places are regions and zones only", field="provinces")
    if role in (Role.VIEWER, Role.ADMIN) and (
        account.provinces or account.regions or account.zones
    ):
        raise InvalidInput(f"a {role} has no places: they apply to every one", field="provinces")
    return account


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Accounts(Protocol):
    """The accounts of one store; every backend answers the same."""

    def add(
        self,
        name: str,
        role: Role | str,
        password: str,
        *,
        provinces: Iterable[str] = (),
        regions: Iterable[str] = (),
        zones: Iterable[str] = (),
    ) -> Account:
        """Create an account; InvalidInput when the name is taken or anything breaks a rule."""
        ...

    def get(self, name: str) -> Account:
        """The account ``name``; NotFound when there is none."""
        ...

    def list(self) -> list[Account]:
        """Every account, by name."""
        ...

    def verify(self, name: str, password: str) -> Account | None:
        """The account when ``password`` is its password, else None (an unknown name costs the
        same time as a wrong password, so timing does not tell which names exist)."""
        ...

    def set_password(self, name: str, password: str) -> None:
        """Replace the password of ``name``; NotFound when there is no such account."""
        ...

    def remove(self, name: str) -> None:
        """Delete the account and its token; NotFound when there is none."""
        ...

    def new_token(self, name: str) -> str:
        """A new personal API token for ``name`` (replacing any earlier one), to be shown once."""
        ...

    def by_token(self, token: str) -> Account | None:
        """The account a token belongs to, or None."""
        ...


class _Base:
    """What both backends share: the checks and the hashing around the backend's own rows."""

    def add(
        self,
        name: str,
        role: Role | str,
        password: str,
        *,
        provinces: Iterable[str] = (),
        regions: Iterable[str] = (),
        zones: Iterable[str] = (),
    ) -> Account:
        account = make_account(name, role, provinces=provinces, regions=regions, zones=zones)
        self._insert(account, _hasher.hash(check_password(password)))
        return account

    def get(self, name: str) -> Account:
        found = self._row(name)
        if found is None:
            raise NotFound("user", name)
        return found[0]

    def verify(self, name: str, password: str) -> Account | None:
        found = self._row(name) if isinstance(name, str) and _NAME.fullmatch(name) else None
        try:
            _hasher.verify(found[1] if found else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        if found is None:
            return None
        if _hasher.check_needs_rehash(found[1]):  # the defaults grew since it was set
            self._set_hash(name, _hasher.hash(password))
        return found[0]

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        if not self._set_hash(name, _hasher.hash(password)):
            raise NotFound("user", name)

    def new_token(self, name: str) -> str:
        token = secrets.token_urlsafe(32)
        if not self._put_token(name, _digest(token)):
            raise NotFound("user", name)
        return token

    def by_token(self, token: str) -> Account | None:
        if not isinstance(token, str) or not token:
            return None
        return self._by_digest(_digest(token))

    # what each backend provides
    def _insert(self, account: Account, password_hash: str) -> None:
        raise NotImplementedError

    def _row(self, name: str) -> tuple[Account, str] | None:
        raise NotImplementedError

    def _set_hash(self, name: str, password_hash: str) -> bool:
        raise NotImplementedError

    def _put_token(self, name: str, digest: str) -> bool:
        raise NotImplementedError

    def _by_digest(self, digest: str) -> Account | None:
        raise NotImplementedError


def _account(name: str, role: str, provinces: Any, regions: Any, zones: Any) -> Account:
    return Account(name, Role(role), tuple(provinces), tuple(regions), tuple(zones))


_SQLITE_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        places TEXT NOT NULL,  -- JSON: {"provinces": [...], "regions": [...], "zones": [...]}
        password_hash TEXT NOT NULL,  -- Argon2id, PHC string
        created_at TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS user_tokens (
        digest TEXT PRIMARY KEY,  -- SHA-256 of the token, hex
        name TEXT NOT NULL UNIQUE,  -- one token per account
        created_at TEXT NOT NULL
    ) WITHOUT ROWID""",
)


class SQLiteAccounts(_Base):
    """Accounts in tables of their own in the SQLite store's file, through its connections."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store
        with store._read() as con:
            have = {
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE name IN ('users', 'user_tokens')"
                )
            }
        if len(have) < 2:
            with store._write() as con:
                for statement in _SQLITE_SCHEMA:
                    con.execute(statement)

    @staticmethod
    def _from(row: tuple[Any, ...]) -> Account:
        name, role, places = row[:3]
        p = orjson.loads(places)
        return _account(name, role, p["provinces"], p["regions"], p["zones"])

    def _insert(self, account: Account, password_hash: str) -> None:
        places = orjson.dumps(
            {"provinces": account.provinces, "regions": account.regions, "zones": account.zones}
        ).decode()
        with self._store._write() as con:
            done = con.execute(
                "INSERT OR IGNORE INTO users VALUES (?, ?, ?, ?, ?)",
                (account.name, account.role.value, places, password_hash, _now()),
            )
            if not done.rowcount:
                raise InvalidInput(f"a user named {account.name!r} exists already", field="name")

    def _row(self, name: str) -> tuple[Account, str] | None:
        with self._store._read() as con:
            row = con.execute(
                "SELECT name, role, places, password_hash FROM users WHERE name = ?", (name,)
            ).fetchone()
        return (self._from(row), row[3]) if row else None

    def list(self) -> list[Account]:
        with self._store._read() as con:
            rows = con.execute("SELECT name, role, places FROM users ORDER BY name").fetchall()
        return [self._from(r) for r in rows]

    def _set_hash(self, name: str, password_hash: str) -> bool:
        with self._store._write() as con:
            return bool(
                con.execute(
                    "UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name)
                ).rowcount
            )

    def remove(self, name: str) -> None:
        with self._store._write() as con:
            con.execute("DELETE FROM user_tokens WHERE name = ?", (name,))
            if not con.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount:
                raise NotFound("user", name)

    def _put_token(self, name: str, digest: str) -> bool:
        with self._store._write() as con:
            if con.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is None:
                return False
            con.execute("DELETE FROM user_tokens WHERE name = ?", (name,))
            con.execute("INSERT INTO user_tokens VALUES (?, ?, ?)", (digest, name, _now()))
        return True

    def _by_digest(self, digest: str) -> Account | None:
        with self._store._read() as con:
            row = con.execute(
                "SELECT u.name, u.role, u.places FROM user_tokens t "
                "JOIN users u ON u.name = t.name WHERE t.digest = ?",
                (digest,),
            ).fetchone()
        return self._from(row) if row else None


_USER_FIELDS = "u.name AS name, u.role AS role, u.provinces AS provinces, u.regions AS regions, u.zones AS zones"


class Neo4jAccounts(_Base):
    """Accounts as ``PhakheeUser`` and ``PhakheeToken`` nodes, which no graph query matches."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        with store._errors():
            for statement in (
                "CREATE CONSTRAINT phakhee_user_name IF NOT EXISTS "
                "FOR (u:PhakheeUser) REQUIRE u.name IS UNIQUE",
                "CREATE CONSTRAINT phakhee_token_digest IF NOT EXISTS "
                "FOR (t:PhakheeToken) REQUIRE t.digest IS UNIQUE",
                "CREATE INDEX phakhee_token_name IF NOT EXISTS FOR (t:PhakheeToken) ON (t.name)",
            ):
                store._driver.execute_query(statement, database_=store.database)

    @staticmethod
    def _from(r: Any) -> Account:
        return _account(r["name"], r["role"], r["provinces"], r["regions"], r["zones"])

    def _insert(self, account: Account, password_hash: str) -> None:
        def work(tx: ManagedTransaction) -> bool:
            return (
                tx.run(
                    "OPTIONAL MATCH (old:PhakheeUser {name: $name}) WITH old WHERE old IS NULL "
                    "CREATE (u:PhakheeUser {name: $name, role: $role, provinces: $provinces, "
                    "regions: $regions, zones: $zones, password_hash: $hash, created_at: $at}) "
                    "RETURN 1 AS done",
                    name=account.name,
                    role=account.role.value,
                    provinces=list(account.provinces),
                    regions=list(account.regions),
                    zones=list(account.zones),
                    hash=password_hash,
                    at=_now(),
                ).single()
                is not None
            )

        if not self._store._write(work):
            raise InvalidInput(f"a user named {account.name!r} exists already", field="name")

    def _row(self, name: str) -> tuple[Account, str] | None:
        r = self._store._read(
            lambda tx: tx.run(
                f"MATCH (u:PhakheeUser {{name: $name}}) RETURN {_USER_FIELDS}, "
                "u.password_hash AS hash",
                name=name,
            ).single()
        )
        return (self._from(r), r["hash"]) if r else None

    def list(self) -> list[Account]:
        rows = self._store._read(
            lambda tx: list(tx.run(f"MATCH (u:PhakheeUser) RETURN {_USER_FIELDS} ORDER BY u.name"))
        )
        return [self._from(r) for r in rows]

    def _set_hash(self, name: str, password_hash: str) -> bool:
        return self._store._write(
            lambda tx: (
                tx.run(
                    "MATCH (u:PhakheeUser {name: $name}) SET u.password_hash = $hash RETURN 1 AS done",
                    name=name,
                    hash=password_hash,
                ).single()
                is not None
            )
        )

    def remove(self, name: str) -> None:
        def work(tx: ManagedTransaction) -> bool:
            tx.run("MATCH (t:PhakheeToken {name: $name}) DELETE t", name=name).consume()
            return (
                tx.run(
                    "MATCH (u:PhakheeUser {name: $name}) DELETE u RETURN 1 AS done", name=name
                ).single()
                is not None
            )

        if not self._store._write(work):
            raise NotFound("user", name)

    def _put_token(self, name: str, digest: str) -> bool:
        def work(tx: ManagedTransaction) -> bool:
            if tx.run("MATCH (u:PhakheeUser {name: $name}) RETURN 1", name=name).single() is None:
                return False
            tx.run("MATCH (t:PhakheeToken {name: $name}) DELETE t", name=name).consume()
            tx.run(
                "CREATE (:PhakheeToken {digest: $digest, name: $name, created_at: $at})",
                digest=digest,
                name=name,
                at=_now(),
            ).consume()
            return True

        return self._store._write(work)

    def _by_digest(self, digest: str) -> Account | None:
        r = self._store._read(
            lambda tx: tx.run(
                "MATCH (t:PhakheeToken {digest: $digest}) "
                f"MATCH (u:PhakheeUser {{name: t.name}}) RETURN {_USER_FIELDS}",
                digest=digest,
            ).single()
        )
        return self._from(r) if r else None


def accounts(store: GraphStore) -> Accounts:
    """The accounts kept in ``store``, by the store's backend."""
    from phakhee.graph.sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        return SQLiteAccounts(store)
    from phakhee.graph.neo4j_store import Neo4jStore

    if isinstance(store, Neo4jStore):
        return Neo4jAccounts(store)
    raise InvalidInput(f"accounts are not kept in a {type(store).__name__}")
