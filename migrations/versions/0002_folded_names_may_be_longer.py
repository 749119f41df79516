"""A class member's folded name may be longer than the name: NFKC writes some characters as up to 18.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 22:25:57.643506

"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=sa.VARCHAR(length=60), type_=sa.Text(), existing_nullable=False)


def downgrade():
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.alter_column("name_key", existing_type=sa.Text(), type_=sa.VARCHAR(length=60), existing_nullable=False)
