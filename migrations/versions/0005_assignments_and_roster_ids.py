"""Classes assign sets with open and due times, and students carry an ID from the school's systems, which a class
list (roster) can bring.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 16:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assignment",
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=200), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("after_due", sa.String(length=8), nullable=False),
        sa.Column("results", sa.String(length=16), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_assignment_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("classroom_id", "exercise_id", name=op.f("pk_assignment")),
    )
    op.create_table(
        "roster_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=30), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["classroom_id"], ["classroom.id"], name=op.f("fk_roster_entry_classroom_id_classroom"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roster_entry")),
        sa.UniqueConstraint("classroom_id", "name_key", name=op.f("uq_roster_entry_classroom_id_name_key")),
    )
    with op.batch_alter_table("roster_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_roster_entry_classroom_id"), ["classroom_id"], unique=False)
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("external_id")
    with op.batch_alter_table("roster_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_roster_entry_classroom_id"))
    op.drop_table("roster_entry")
    op.drop_table("assignment")
