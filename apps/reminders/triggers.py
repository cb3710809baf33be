"""Database triggers that queue a user's moments for refreshing whenever an input of them changes,
whatever road the write came by: the services, a bulk update(), an import, the admin, the API.

We keep these few statements ourselves rather than use django-pgtrigger because the app also runs
on its embedded SQLite default, which pgtrigger does not support; one definition here serves both.
They are installed by migration 0006 and again after every migrate (SQLite drops a table's triggers
when a migration rebuilds it), each install replacing the last.
"""

from dataclasses import dataclass

from django.db import connection as default_connection

from .kinds import KINDS, SOURCES, Watch

# What every kind depends on: the preferences' own fields (each kind's switch is added from the
# registry), the rhythm (its hour is every reminder's hour), the user's zone and address.
PREFERENCES = "reminders_reminderpreference"
COMMON = (
    Watch(PREFERENCES, "user_id", ("quiet_from", "quiet_until", "paused", "snoozed_until")),
    Watch(
        "checkins_checkinrhythm", "user_id", ("checkin_cadence", "checkin_weekday", "checkin_hour")
    ),
    Watch("accounts_user", "id", ("time_zone", "is_active"), on_insert=False),
    Watch("account_emailaddress", "user_id", ("verified", "primary", "user_id")),
)


@dataclass(frozen=True)
class Watched:
    """One table's triggers: every watch of it joined. Each of `users` (a column, and the table
    and column it leads to, if any) is queued when a row is inserted or one of `columns`
    changes."""

    table: str
    users: tuple[tuple[str, tuple[str, str] | None], ...]
    columns: tuple[str, ...]
    on_insert: bool


def watches() -> list[Watched]:
    """Every table to watch, from the registry: the common ones, each source's own, and each
    kind's settings on the preferences; one per table, their users and columns joined."""
    found: dict[str, Watched] = {}
    kind_settings = tuple(
        name
        for kind in KINDS.values()
        if not kind.on_rhythm
        for name in dict.fromkeys((kind.setting, *kind.form_fields))
    )
    every = [*COMMON, Watch(PREFERENCES, "user_id", kind_settings)]
    every += [watch for source in SOURCES.values() for watch in source.watches]
    for watch in every:
        user = (watch.user_column, watch.via)
        before = found.get(watch.table) or Watched(watch.table, (), (), False)
        found[watch.table] = Watched(
            watch.table,
            tuple(dict.fromkeys((*before.users, user))),
            tuple(dict.fromkeys((*before.columns, *watch.columns))),
            before.on_insert or watch.on_insert,
        )
    return list(found.values())


CHANGES = "reminders_momentchange"


def _names(watch: Watched) -> tuple[str, str]:
    return f"{watch.table}_moments_insert", f"{watch.table}_moments_update"


def _users(watch: Watched, row: str) -> list[tuple[str, str]]:
    """For each user of `watch`: a SELECT of their id from the `row` (NEW or OLD), none when it
    is NULL (a mentor kept by name), and the column whose change means another user."""
    selects = []
    for column, via in watch.users:
        if via is None:
            select = f"SELECT {row}.{column} WHERE {row}.{column} IS NOT NULL"
        else:
            table, user_column = via
            select = (
                f"SELECT led.{user_column} FROM {table} led "
                f"WHERE led.id = {row}.{column} AND led.{user_column} IS NOT NULL"
            )
        selects.append((select, column))
    return selects


def _postgresql(watch: Watched) -> list[str]:
    insert, update = _names(watch)
    function = f"{watch.table}_moments"
    queue = "".join(
        f"""
            INSERT INTO {CHANGES} (user_id) {select}
            ON CONFLICT (user_id) DO NOTHING;"""
        for select, _column in _users(watch, "NEW")
    )
    queue_old = "".join(
        f"""
            IF TG_OP = 'UPDATE' AND OLD.{column} IS DISTINCT FROM NEW.{column} THEN
                INSERT INTO {CHANGES} (user_id) {select}
                ON CONFLICT (user_id) DO NOTHING;
            END IF;"""
        for select, column in _users(watch, "OLD")
    )
    statements = [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN{queue}{queue_old}
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {insert} ON {watch.table}",
        f"DROP TRIGGER IF EXISTS {update} ON {watch.table}",
    ]
    if watch.on_insert:
        statements.append(
            f"CREATE TRIGGER {insert} AFTER INSERT ON {watch.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )
    if watch.columns:
        changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in watch.columns)
        statements.append(
            f"CREATE TRIGGER {update} AFTER UPDATE ON {watch.table} "
            f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}()"
        )
    return statements


def _sqlite(watch: Watched) -> list[str]:
    insert, update = _names(watch)
    queue = " ".join(
        f"INSERT OR IGNORE INTO {CHANGES} (user_id) {select};"
        for select, _column in _users(watch, "NEW")
    )
    statements = [f"DROP TRIGGER IF EXISTS {insert}", f"DROP TRIGGER IF EXISTS {update}"]
    if watch.on_insert:
        statements.append(
            f"CREATE TRIGGER {insert} AFTER INSERT ON {watch.table} BEGIN {queue} END"
        )
    if watch.columns:
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in watch.columns)
        old = " ".join(
            f"INSERT OR IGNORE INTO {CHANGES} (user_id) {select};"
            for select, _column in _users(watch, "OLD")
        )
        statements.append(
            f"CREATE TRIGGER {update} AFTER UPDATE ON {watch.table} WHEN {changed} "
            f"BEGIN {queue} {old} END"
        )
    return statements


def _as_the_table_is(cursor, connection, watch: Watched, existing: set[str]) -> Watched | None:
    """The watch on the columns its table has now, and the users it can find: a migration that
    installs the triggers runs before later migrations add a column (or a table) a newer kind
    watches (post_migrate installs them again once every migration has run)."""
    columns = {
        column.name
        for column in connection.introspection.get_table_description(cursor, watch.table)
    }
    users = tuple(
        (column, via)
        for column, via in watch.users
        if column in columns and (via is None or via[0] in existing)
    )
    if not users:
        return None
    return Watched(
        watch.table,
        users,
        tuple(column for column in watch.columns if column in columns),
        watch.on_insert,
    )


def install(connection=default_connection) -> None:
    """Creates (or replaces) every trigger; tables not there yet are left for a later install."""
    existing = set(connection.introspection.table_names())
    if CHANGES not in existing:
        return
    build = _postgresql if connection.vendor == "postgresql" else _sqlite
    with connection.cursor() as cursor:
        for watch in watches():
            if watch.table in existing and (
                watch := _as_the_table_is(cursor, connection, watch, existing)
            ):
                for statement in build(watch):
                    cursor.execute(statement)


def uninstall(connection=default_connection) -> None:
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for watch in watches():
            if watch.table not in existing:
                continue
            for name in _names(watch):
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {watch.table}")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {watch.table}_moments()")
