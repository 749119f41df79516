"""Uploaded files record who uploaded them, teachers may be admins, a class may add other teachers' sets, a
learner's session can be ended on the server, and old throttle rows are found by age.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        # A plain '0', which both databases read as false: an expression default would make SQLite's batch mode
        # copy the table, and dropping the old teacher table would cascade to every class.
        batch_op.add_column(sa.Column("is_admin", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.add_column(sa.Column("added_set_ids", sa.JSON(), nullable=True))
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_key", sa.String(length=64), nullable=True))
    with op.batch_alter_table("failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failure_last_at"), ["last_at"], unique=False)
    # Files uploaded before this release have no row: they join the shared bank, as they were shared until now.
    op.create_table(
        "bank_file",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("stem", sa.String(length=80), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["teacher.id"], name=op.f("fk_bank_file_owner_id_teacher"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("kind", "stem", name=op.f("pk_bank_file")),
    )
    with op.batch_alter_table("bank_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_file_owner_id"), ["owner_id"], unique=False)


def downgrade():
    with op.batch_alter_table("bank_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_file_owner_id"))
    op.drop_table("bank_file")
    with op.batch_alter_table("failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failure_last_at"))
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.drop_column("session_key")
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_column("added_set_ids")
    with op.batch_alter_table("teacher", schema=None) as batch_op:
        batch_op.drop_column("is_admin")
