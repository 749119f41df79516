"""A class's list of names and IDs (its roster): importing one, the names students pick when they join, and each
student's ID in the school's systems, which the gradebook exports carry."""

from __future__ import annotations

from dataclasses import dataclass, field

from quiz.classroom.names import clean_name, looks_like_any, name_key
from quiz.classroom.roster_csv import ID_LENGTH, RosterRow
from quiz.models import Classroom, Learner, Membership, RosterEntry, db
from quiz.store import classes
from quiz.store.rows import dialect_insert


@dataclass
class Preview:
    """What importing a list would do: the names it adds to the list, the students already in the class who get
    their ID, the lines that change nothing, and the problems that keep it from being imported."""

    added: list[RosterRow] = field(default_factory=list)
    students: list[tuple[Membership, RosterRow]] = field(default_factory=list)
    unchanged: list[RosterRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """A name on the list, and the student in the class who has it, if one has."""

    entry: RosterEntry
    student: Membership | None


def members(classroom: Classroom) -> list[Membership]:
    query = db.select(Membership).filter_by(classroom_id=classroom.id).order_by(Membership.name_key)
    return list(db.session.execute(query).scalars())


def entries(classroom: Classroom) -> list[Entry]:
    """The class's list in name order, each name with the student who has it: same name, or same ID."""
    query = db.select(RosterEntry).filter_by(classroom_id=classroom.id).order_by(RosterEntry.name_key)
    found = list(db.session.execute(query).scalars())
    by_name, by_id = {}, {}
    for member in members(classroom):
        by_name[member.name_key] = member
        if member.external_id:
            by_id[member.external_id.casefold()] = member
    return [
        Entry(entry, by_name.get(entry.name_key) or by_id.get((entry.external_id or "").casefold())) for entry in found
    ]


def open_entries(classroom: Classroom) -> list[RosterEntry]:
    """The names on the list nobody in the class has yet: those a joining student picks from."""
    return [found.entry for found in entries(classroom) if found.student is None]


def preview(classroom: Classroom, rows: list[RosterRow]) -> Preview:
    """What importing these rows would do, checked against the students and the list the class has now."""
    result = Preview()
    in_class = members(classroom)
    by_name = {member.name_key: member for member in in_class}
    id_holders = {m.external_id.casefold(): m.display_name for m in in_class if m.external_id}
    listed = {found.entry.name_key: found.entry for found in entries(classroom) if found.student is None}
    for found in listed.values():
        if found.external_id:
            id_holders.setdefault(found.external_id.casefold(), found.display_name)
    for row in rows:
        key = name_key(row.name)
        holder = id_holders.get(row.external_id.casefold()) if row.external_id else None
        if holder is not None and name_key(holder) != key:
            result.problems.append(
                f"line {row.line}: ID {row.external_id} is {holder}'s already. Each student needs their own ID."
            )
        elif key in by_name:
            student = by_name[key]
            if row.external_id is None or row.external_id == student.external_id:
                result.unchanged.append(row)
            else:
                result.students.append((student, row))
        elif looks_like_any(row.name, [m.display_name for m in in_class]):
            result.problems.append(
                f"line {row.line}: “{row.name}” looks the same as the name of a student already in the class, "
                "but is written differently (a letter from another alphabet?). Retype it as it is on the dashboard."
            )
        elif key in listed and listed[key].external_id == row.external_id and listed[key].display_name == row.name:
            result.unchanged.append(row)
        else:
            result.added.append(row)
    return result


def apply(classroom: Classroom, planned: Preview) -> None:
    """Import what the preview says: IDs for students in the class, new or updated names on the list. Nothing
    and nobody is deleted."""
    for student, row in planned.students:
        student.external_id = row.external_id
    for row in planned.added:
        values = dict(display_name=row.name, name_key=name_key(row.name), external_id=row.external_id)
        statement = dialect_insert(RosterEntry).values(classroom_id=classroom.id, **values)
        unique = [RosterEntry.classroom_id, RosterEntry.name_key]
        db.session.execute(statement.on_conflict_do_update(index_elements=unique, set_=values))


def listed(classroom: Classroom, entry_id: int) -> Entry | None:
    """One name on the class's list, with the student who has it; None when the list has no such name."""
    return next((found for found in entries(classroom) if found.entry.id == entry_id), None)


def remove_entry(entry: RosterEntry) -> None:
    """Take one name off the list. Nothing else goes: no membership points at the list, so a student who joined
    with the name stays in the class with their name, ID, personal code and answers."""
    db.session.delete(entry)


def clear(classroom: Classroom) -> int:
    """Take every name off the list; students who joined stay, with their IDs and answers. How many names went."""
    result = db.session.execute(db.delete(RosterEntry).filter_by(classroom_id=classroom.id))
    return result.rowcount


def join(classroom: Classroom, learner: Learner, entry: RosterEntry) -> Membership:
    """Put the learner in the class under a name picked from the list, with its ID. Two students picking the same
    name at once: the database's one name per class lets the first in, and the second is told."""
    if entry.external_id and _id_holder(classroom, entry.external_id, apart_from=learner.id):
        raise classes.ClassError(f"{entry.display_name} has already joined. If that is not you, ask your teacher.")
    try:
        return classes.join(classroom, learner, entry.display_name, entry.external_id)
    except classes.NameTaken:
        raise classes.ClassError(
            f"{entry.display_name} has already joined this class. If that is you, come back with your personal code; "
            "if not, pick your own name, or ask your teacher."
        ) from None


def clean_id(typed: str) -> str | None:
    """An ID as kept: printable, single-spaced, trimmed; None when nothing is left."""
    return clean_name(typed) or None


def set_external_id(membership: Membership, typed: str) -> None:
    """Give the student an ID (or clear it, when typed is blank); no other student of the class may have it."""
    external_id = clean_id(typed)
    if external_id and len(external_id) > ID_LENGTH:
        raise classes.ClassError(f"Keep the ID to {ID_LENGTH} characters.")
    if external_id:
        holder = _id_holder(membership.classroom, external_id, apart_from=membership.learner_id)
        if holder is not None:
            raise classes.ClassError(
                f"{holder.display_name} in this class already has the ID {external_id}. Each student needs their own."
            )
        listed = _listed_under_another_name(membership, external_id)
        if listed is not None:
            # Taking it would take that name off the list the next student picks from, and their ID with it.
            raise classes.ClassError(
                f"{listed.external_id} is {listed.display_name}'s ID on the class list. If "
                f"{membership.display_name} is {listed.display_name}, remove that name from the class list first; "
                "otherwise check the ID."
            )
    membership.external_id = external_id


def _listed_under_another_name(membership: Membership, external_id: str) -> RosterEntry | None:
    """The class list's entry with this ID under a name not the student's, that no one in the class has yet."""
    wanted = external_id.casefold()
    return next(
        (
            entry
            for entry in open_entries(membership.classroom)
            if (entry.external_id or "").casefold() == wanted and entry.name_key != membership.name_key
        ),
        None,
    )


def _id_holder(classroom: Classroom, external_id: str, apart_from: int) -> Membership | None:
    """The other student of the class with this ID (compared without case: S1002 and s1002 are one ID)."""
    wanted = external_id.casefold()
    return next(
        (
            member
            for member in members(classroom)
            if member.learner_id != apart_from and member.external_id and member.external_id.casefold() == wanted
        ),
        None,
    )
