"""A class may withhold results until the teacher releases them per set, and limit the attempts at each set.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 08:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        # Existing classes keep today's behaviour: results after each answer, unlimited attempts.
        batch_op.add_column(sa.Column("results", sa.String(length=16), server_default="each_answer", nullable=False))
        batch_op.add_column(sa.Column("attempts_allowed", sa.Integer(), nullable=True))
    op.create_table(
        "result_release",
        sa.Column("classroom_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=200), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["classroom_id"],
            ["classroom.id"],
            name=op.f("fk_result_release_classroom_id_classroom"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("classroom_id", "exercise_id", name=op.f("pk_result_release")),
    )


def downgrade():
    op.drop_table("result_release")
    with op.batch_alter_table("classroom", schema=None) as batch_op:
        batch_op.drop_column("attempts_allowed")
        batch_op.drop_column("results")
