"""A student may have more time than their class on an assigned set: their own due time (an extension).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 21:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "assignment_extension",
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=200), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id", "exercise_id"],
            ["assignment.classroom_id", "assignment.exercise_id"],
            name=op.f("fk_assignment_extension_classroom_id_assignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learner.id"], name=op.f("fk_assignment_extension_learner_id_learner"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("classroom_id", "exercise_id", "learner_id", name=op.f("pk_assignment_extension")),
    )
    with op.batch_alter_table("assignment_extension", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_extension_learner_id"), ["learner_id"], unique=False)


def downgrade():
    with op.batch_alter_table("assignment_extension", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_extension_learner_id"))
    op.drop_table("assignment_extension")
